import { and, count, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { demonstrationBrands, type DemonstrationBrandRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import { containsText, withinRegion } from "./region.js";

export interface DemonstrationBrandFilter {
  regionCode?: string | null;
  kind?: DemonstrationBrandRow["kind"] | null;
  yearMin?: number | null;
  yearMax?: number | null;
  text?: string | null;
  provenance?: DemonstrationBrandRow["provenance"] | null;
}

export type BrandOrderField = "NAME" | "YEAR" | "CODE";

const byCode = { expr: demonstrationBrands.code, type: "text" as const, value: (r: DemonstrationBrandRow) => r.code };

function ordering(field: BrandOrderField, direction: "ASC" | "DESC"): KeysetOrder<DemonstrationBrandRow> {
  const first = {
    NAME: { expr: sql`${demonstrationBrands.name} collate "C"`, type: "text" as const, value: (r: DemonstrationBrandRow) => r.name },
    YEAR: { expr: demonstrationBrands.year, type: "int" as const, value: (r: DemonstrationBrandRow) => r.year },
    CODE: null,
  }[field];
  return { tag: `brand:${field}:${direction}`, keys: first ? [first, byCode] : [byCode], direction };
}

export function brandsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(demonstrationBrands).where(inArray(demonstrationBrands.code, [...codes]));
}

export function brandsConnection<N>(db: Db, filter: DemonstrationBrandFilter, order: { field: BrandOrderField; direction: "ASC" | "DESC" }, args: ConnectionArgs, toNode: (r: DemonstrationBrandRow) => N) {
  const c: (SQL | undefined)[] = [];
  if (filter.regionCode) c.push(withinRegion(filter.regionCode, demonstrationBrands.regionCode, demonstrationBrands.leagueCode));
  if (filter.kind) c.push(eq(demonstrationBrands.kind, filter.kind));
  if (filter.yearMin != null) c.push(gte(demonstrationBrands.year, filter.yearMin));
  if (filter.yearMax != null) c.push(lte(demonstrationBrands.year, filter.yearMax));
  if (filter.text) c.push(containsText([demonstrationBrands.name, demonstrationBrands.nameEn], filter.text));
  if (filter.provenance) c.push(eq(demonstrationBrands.provenance, filter.provenance));
  const where = and(...c);
  return keysetConnection({
    args,
    order: ordering(order.field, order.direction),
    fetch: (q) => db.select().from(demonstrationBrands).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(demonstrationBrands).where(where).then((r) => r[0]!.n),
    toNode,
  });
}
