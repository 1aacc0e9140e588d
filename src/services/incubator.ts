import { and, count, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { incubatorBases, type IncubatorBaseRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import { containsText, withinRegion } from "./region.js";

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

export function incubatorsConnection<N>(db: Db, filter: IncubatorBaseFilter, order: { field: IncubatorOrderField; direction: "ASC" | "DESC" }, args: ConnectionArgs, toNode: (r: IncubatorBaseRow) => N) {
  const where = incubatorConditions(filter);
  return keysetConnection({
    args,
    order: ordering(order.field, order.direction),
    fetch: (q) => db.select().from(incubatorBases).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(incubatorBases).where(where).then((r) => r[0]!.n),
    toNode,
  });
}
