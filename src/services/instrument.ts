import { and, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { beneficiaryGroups, instrumentBeneficiaryGroups, instrumentExclusions, policySections, supportInstruments, type SupportInstrumentRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export interface SupportInstrumentFilter {
  beneficiaryGroup?: string | null | undefined;
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

export function instrumentsConnection<N>(db: Db, filter: SupportInstrumentFilter, args: ConnectionArgs, toNode: (r: SupportInstrumentRow) => N) {
  const conditions: SQL[] = [];
  if (filter.beneficiaryGroup) {
    conditions.push(
      sql`exists (select 1 from ${instrumentBeneficiaryGroups} where ${instrumentBeneficiaryGroups.instrumentCode} = ${supportInstruments.code} and ${instrumentBeneficiaryGroups.groupCode} = ${filter.beneficiaryGroup})`,
    );
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

/** Instruments open to many groups in one query. */
export function instrumentLinksByGroupCodes(db: Db, groupCodes: readonly string[]) {
  return db
    .select({ groupCode: instrumentBeneficiaryGroups.groupCode, instrument: supportInstruments })
    .from(instrumentBeneficiaryGroups)
    .innerJoin(supportInstruments, eq(supportInstruments.code, instrumentBeneficiaryGroups.instrumentCode))
    .where(inArray(instrumentBeneficiaryGroups.groupCode, [...groupCodes]))
    .orderBy(asc(supportInstruments.ordinal));
}

export function exclusionLinksByInstrumentCodes(db: Db, instrumentCodes: readonly string[]) {
  return db
    .select({ instrumentCode: instrumentExclusions.instrumentCode, excluded: supportInstruments })
    .from(instrumentExclusions)
    .innerJoin(supportInstruments, eq(supportInstruments.code, instrumentExclusions.excludedCode))
    .where(inArray(instrumentExclusions.instrumentCode, [...instrumentCodes]))
    .orderBy(asc(supportInstruments.ordinal));
}
