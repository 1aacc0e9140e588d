import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { regions, type RegionRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

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
