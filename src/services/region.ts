import { and, asc, count, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { regions, type RegionRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import { versionedCache } from "./versioned-cache.js";

export interface RegionFilter {
  level?: RegionRow["level"] | null | undefined;
  parentCode?: string | null | undefined;
}

const byCode: KeysetOrder<RegionRow> = {
  tag: "region:code",
  keys: [{ expr: regions.code, type: "text", value: (r) => r.code }],
  direction: "ASC",
};

export function regionsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(regions).where(inArray(regions.code, [...codes]));
}

const everyRegion = versionedCache<"all", ReadonlyMap<string, RegionRow>>(1);

/**
 * Every region by code (116 rows of reference data), read once per data version (issue 11): a
 * list that shows each row's county and league looks them up here instead of joining the
 * regions table three times into its statement and decoding 27 more columns per row.
 */
export function regionIndex(db: Db): Promise<ReadonlyMap<string, RegionRow>> {
  return everyRegion(db, "all", async () => new Map((await db.select().from(regions)).map((r) => [r.code, r])));
}

export function regionsByParentCodes(db: Db, parentCodes: readonly string[]) {
  return db.select().from(regions).where(inArray(regions.parentCode, [...parentCodes])).orderBy(asc(regions.code));
}

export function regionsConnection<N>(db: Db, filter: RegionFilter, args: ConnectionArgs, toNode: (r: RegionRow) => N) {
  const conditions: SQL[] = [];
  if (filter.level) conditions.push(eq(regions.level, filter.level));
  if (filter.parentCode) conditions.push(eq(regions.parentCode, filter.parentCode));
  const where = and(...conditions);
  return keysetConnection({
    args,
    order: byCode,
    fetch: (q) => db.select().from(regions).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(regions).where(where).then((r) => r[0]!.n),
    toNode,
  });
}

/**
 * The level a GB/T 2260 code denotes: `150000` province, `150100` league, `150102` county.
 * The code encodes it, so filters need no look-up.
 */
export function levelOfCode(code: string): RegionRow["level"] {
  return code.endsWith("0000") ? "PROVINCE" : code.endsWith("00") ? "LEAGUE" : "COUNTY";
}

/**
 * A region filter over rows that carry both their county and their league: a league
 * includes its counties, the autonomous region (150000) includes everything.
 */
export function withinRegion(code: string, county: AnyPgColumn, league: AnyPgColumn): SQL | undefined {
  // Resolvers refuse codes that name no region of ours (validate.ts, checkRegionCode); should
  // another one arrive anyway, it matches nothing rather than everything.
  if (code === "150000") return undefined;
  return eq(levelOfCode(code) === "LEAGUE" ? league : county, code);
}

/** `column ILIKE %text%` with the user's `%`, `_` and `\` taken literally. */
export function containsText(columns: AnyPgColumn[], text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(...columns.map((c) => ilike(c, pattern)))!;
}
