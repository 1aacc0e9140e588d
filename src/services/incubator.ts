import { and, count, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { incubatorBases, type IncubatorBaseRow, type RegionRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import { containsText, regionIndex, withinRegion } from "./region.js";

export interface IncubatorBaseFilter {
  regionCode?: string | null;
  kind?: IncubatorBaseRow["kind"] | null;
  level?: IncubatorBaseRow["level"] | null;
  recognizedYearMin?: number | null;
  recognizedYearMax?: number | null;
  text?: string | null;
  provenance?: IncubatorBaseRow["provenance"] | null;
}

export type IncubatorOrderField = "NAME" | "RECOGNIZED_YEAR" | "JOBS" | "CODE";

const byCode = { expr: incubatorBases.code, type: "text" as const, value: (r: IncubatorBaseRow) => r.code };

/** Each ordering is a sort key plus the code, so that the order is total and keyset-pageable. */
function ordering(field: IncubatorOrderField, direction: "ASC" | "DESC"): KeysetOrder<IncubatorBaseRow> {
  const first = {
    // Code-point order: the same on PGlite and on any server locale.
    NAME: { expr: sql`${incubatorBases.name} collate "C"`, type: "text" as const, value: (r: IncubatorBaseRow) => r.name },
    RECOGNIZED_YEAR: { expr: incubatorBases.recognizedYear, type: "int" as const, value: (r: IncubatorBaseRow) => r.recognizedYear },
    JOBS: { expr: incubatorBases.jobs, type: "int" as const, value: (r: IncubatorBaseRow) => r.jobs },
    CODE: null,
  }[field];
  return { tag: `incubator:${field}:${direction}`, keys: first ? [first, byCode] : [byCode], direction };
}

export function incubatorsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(incubatorBases).where(inArray(incubatorBases.code, [...codes]));
}

export function incubatorConditions(filter: IncubatorBaseFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (filter.regionCode) c.push(withinRegion(filter.regionCode, incubatorBases.countyCode, incubatorBases.leagueCode));
  if (filter.kind) c.push(eq(incubatorBases.kind, filter.kind));
  if (filter.level) c.push(eq(incubatorBases.level, filter.level));
  if (filter.recognizedYearMin != null) c.push(gte(incubatorBases.recognizedYear, filter.recognizedYearMin));
  if (filter.recognizedYearMax != null) c.push(lte(incubatorBases.recognizedYear, filter.recognizedYearMax));
  if (filter.text) c.push(containsText([incubatorBases.name, incubatorBases.nameEn, incubatorBases.operator], filter.text));
  if (filter.provenance) c.push(eq(incubatorBases.provenance, filter.provenance));
  return and(...c);
}

/**
 * The regions a page of bases will be asked for (issue 11): `county` (the base's `region`),
 * `countyParent` (that region's `parent`), `league`. They are taken from the per-version region
 * index (regionIndex) and handed to `prime` (the request's region loader), so the field resolvers
 * find them there synchronously and the page costs one narrow statement.
 */
export interface IncubatorRelations {
  county: boolean;
  countyParent: boolean;
  league: boolean;
  prime: (regions: RegionRow[]) => void;
}

/** The bases' columns by property name (what `nodeColumns` picks from). */
export const incubatorBaseColumns = getTableColumns(incubatorBases);
/** What a page of bases always reads: the key, every sort key, and the regions' codes. */
export const INCUBATOR_LIST_COLUMNS = ["code", "name", "recognizedYear", "jobs", "countyCode", "leagueCode"] as const;

export function incubatorsConnection<N>(
  db: Db,
  filter: IncubatorBaseFilter,
  order: { field: IncubatorOrderField; direction: "ASC" | "DESC" },
  args: ConnectionArgs,
  toNode: (r: IncubatorBaseRow) => N,
  relations?: IncubatorRelations,
  /** Only these columns of the bases (what the request reads; see nodeColumns), or the whole row. */
  columns?: Partial<typeof incubatorBaseColumns> | null,
) {
  const base = (columns ?? incubatorBaseColumns) as typeof incubatorBaseColumns;
  const where = incubatorConditions(filter);
  const joined = relations && (relations.county || relations.countyParent || relations.league) ? relations : null;
  return keysetConnection({
    args,
    order: ordering(order.field, order.direction),
    fetch: async (q) => {
      const page = db.select(base).from(incubatorBases).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit) as unknown as Promise<IncubatorBaseRow[]>;
      if (!joined) return page;
      // Every base has its county and league (foreign keys, not null); a county's parent may be
      // absent. They come from the per-version region index, not from the page's statement.
      const [rows, index] = await Promise.all([page, regionIndex(db)]);
      const seen = new Map<string, RegionRow>();
      const add = (code: string | null | undefined) => {
        const region = code ? index.get(code) : undefined;
        if (region) seen.set(region.code, region);
        return region;
      };
      for (const r of rows) {
        if (joined.county || joined.countyParent) {
          const county = add(r.countyCode);
          if (joined.countyParent) add(county?.parentCode);
        }
        if (joined.league) add(r.leagueCode);
      }
      joined.prime([...seen.values()]);
      return rows;
    },
    count: () => db.select({ n: count() }).from(incubatorBases).where(where).then((r) => r[0]!.n),
    toNode,
  });
}
