import { and, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { beneficiaryGroups, instrumentBeneficiaryGroups, instrumentExclusions, policySections, supportInstruments, type SupportInstrumentRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import { groupMatch, loadRuleBook } from "./eligibility.js";

export type GroupMatchKind = "NAMED" | "CONDITIONAL" | "OPEN";

/** Instruments open to a person of `group` in one of the `matches` ways (default: all three). */
export async function instrumentCodesForGroup(db: Db, group: string, matches: readonly GroupMatchKind[] = ["NAMED", "CONDITIONAL", "OPEN"]): Promise<string[]> {
  return (await loadRuleBook(db))
    .filter((r) => {
      const m = groupMatch(r.instrument, r.criteria, group);
      return m !== null && matches.includes(m.match);
    })
    .map((r) => r.instrument.code);
}

export interface SupportInstrumentFilter {
  beneficiaryGroup?: string | null | undefined;
  /** With beneficiaryGroup: which matches count (default all). */
  groupMatch?: readonly GroupMatchKind[] | null | undefined;
  kind?: SupportInstrumentRow["kind"] | null | undefined;
  amountType?: SupportInstrumentRow["amountType"] | null | undefined;
  audience?: SupportInstrumentRow["audiences"][number] | null | undefined;
  planCode?: string | null | undefined;
  measureCode?: string | null | undefined;
}

const byOrdinal: KeysetOrder<SupportInstrumentRow> = {
  tag: "instrument:ordinal",
  keys: [{ expr: supportInstruments.ordinal, type: "int", value: (r) => r.ordinal }],
  direction: "ASC",
};

export function instrumentsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(supportInstruments).where(inArray(supportInstruments.code, [...codes]));
}

export function instrumentsBySectionCodes(db: Db, sectionCodes: readonly string[]) {
  return db.select().from(supportInstruments).where(inArray(supportInstruments.sectionCode, [...sectionCodes])).orderBy(asc(supportInstruments.ordinal));
}

export async function instrumentsConnection<N>(db: Db, filter: SupportInstrumentFilter, args: ConnectionArgs, toNode: (r: SupportInstrumentRow) => N) {
  const conditions: SQL[] = [];
  if (filter.beneficiaryGroup) {
    // The engine's own rule (named, named with a qualifier, or open to every person), so the
    // filter neither drops what is open to all nor promises what the engine would refuse.
    const codes = await instrumentCodesForGroup(db, filter.beneficiaryGroup, filter.groupMatch ?? undefined);
    conditions.push(codes.length ? inArray(supportInstruments.code, codes) : sql`false`);
  }
  if (filter.kind) conditions.push(eq(supportInstruments.kind, filter.kind));
  if (filter.amountType) conditions.push(eq(supportInstruments.amountType, filter.amountType));
  if (filter.audience) conditions.push(sql`${filter.audience} = any(${supportInstruments.audiences})`);
  if (filter.measureCode) conditions.push(eq(supportInstruments.sectionCode, filter.measureCode));
  if (filter.planCode) {
    conditions.push(
      sql`${supportInstruments.sectionCode} in (select ${policySections.code} from ${policySections} where ${or(eq(policySections.code, filter.planCode), eq(policySections.parentCode, filter.planCode))})`,
    );
  }
  const where = and(...conditions);
  return keysetConnection({
    args,
    order: byOrdinal,
    fetch: (q) => db.select().from(supportInstruments).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(supportInstruments).where(where).then((r) => r[0]!.n),
    toNode,
  });
}

export function listBeneficiaryGroups(db: Db) {
  return db.select().from(beneficiaryGroups).orderBy(asc(beneficiaryGroups.ordinal));
}

export function beneficiaryGroupsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(beneficiaryGroups).where(inArray(beneficiaryGroups.code, [...codes]));
}

/** Eligible groups of many instruments in one query, in the order the document names them. */
export function groupLinksByInstrumentCodes(db: Db, instrumentCodes: readonly string[]) {
  return db
    .select({ instrumentCode: instrumentBeneficiaryGroups.instrumentCode, group: beneficiaryGroups })
    .from(instrumentBeneficiaryGroups)
    .innerJoin(beneficiaryGroups, eq(beneficiaryGroups.code, instrumentBeneficiaryGroups.groupCode))
    .where(inArray(instrumentBeneficiaryGroups.instrumentCode, [...instrumentCodes]))
    .orderBy(asc(instrumentBeneficiaryGroups.ordinal));
}

/** Instruments open to many groups (named, conditional or open to all, as the engine decides), in document order. */
export async function instrumentLinksByGroupCodes(db: Db, groupCodes: readonly string[]) {
  const book = await loadRuleBook(db);
  return groupCodes.flatMap((groupCode) => book.filter((r) => groupMatch(r.instrument, r.criteria, groupCode)).map((r) => ({ groupCode, instrument: r.instrument })));
}

export function exclusionLinksByInstrumentCodes(db: Db, instrumentCodes: readonly string[]) {
  return db
    .select({ instrumentCode: instrumentExclusions.instrumentCode, excluded: supportInstruments })
    .from(instrumentExclusions)
    .innerJoin(supportInstruments, eq(supportInstruments.code, instrumentExclusions.excludedCode))
    .where(inArray(instrumentExclusions.instrumentCode, [...instrumentCodes]))
    .orderBy(asc(supportInstruments.ordinal));
}
