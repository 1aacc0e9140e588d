import { and, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { policySections, targets, type TargetRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export interface TargetFilter {
  planCode?: string | null | undefined;
  scope?: TargetRow["scope"] | null | undefined;
  unit?: TargetRow["unit"] | null | undefined;
  dueYear?: number | null | undefined;
  beneficiaryGroup?: string | null | undefined;
}

const byOrdinal: KeysetOrder<TargetRow> = {
  tag: "target:ordinal",
  keys: [{ expr: targets.ordinal, type: "int", value: (r) => r.ordinal }],
  direction: "ASC",
};

/** Targets set in a plan's own goal or in one of its measures. */
export function inPlan(planCode: string): SQL {
  return sql`${targets.sectionCode} in (select ${policySections.code} from ${policySections} where ${or(eq(policySections.code, planCode), eq(policySections.parentCode, planCode))})`;
}

export function targetsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(targets).where(inArray(targets.code, [...codes]));
}

export function targetsBySectionCodes(db: Db, sectionCodes: readonly string[]) {
  return db.select().from(targets).where(inArray(targets.sectionCode, [...sectionCodes])).orderBy(asc(targets.ordinal));
}

export function targetsConnection<N>(db: Db, filter: TargetFilter, args: ConnectionArgs, toNode: (r: TargetRow) => N) {
  const conditions: SQL[] = [];
  if (filter.planCode) conditions.push(inPlan(filter.planCode));
  if (filter.scope) conditions.push(eq(targets.scope, filter.scope));
  if (filter.unit) conditions.push(eq(targets.unit, filter.unit));
  if (filter.dueYear != null) conditions.push(eq(targets.dueYear, filter.dueYear));
  if (filter.beneficiaryGroup) conditions.push(eq(targets.beneficiaryGroupCode, filter.beneficiaryGroup));
  const where = and(...conditions);
  return keysetConnection({
    args,
    order: byOrdinal,
    fetch: (q) => db.select().from(targets).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(targets).where(where).then((r) => r[0]!.n),
    toNode,
  });
}
