import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { fundMentions, funds, instrumentFunds, supportInstruments, type FundRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export interface FundFilter {
  level?: FundRow["level"] | null | undefined;
}

const byOrdinal: KeysetOrder<FundRow> = {
  tag: "fund:ordinal",
  keys: [{ expr: funds.ordinal, type: "int", value: (r) => r.ordinal }],
  direction: "ASC",
};

export function fundsConnection<N>(db: Db, filter: FundFilter, args: ConnectionArgs, toNode: (r: FundRow) => N) {
  const where = filter.level ? eq(funds.level, filter.level) : undefined;
  return keysetConnection({
    args,
    order: byOrdinal,
    fetch: (q) => db.select().from(funds).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(funds).where(where).then((r) => r[0]!.n),
    toNode,
  });
}

export function fundsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(funds).where(inArray(funds.code, [...codes]));
}

/** Mentions of many funds in one query, in document order. */
export function mentionsByFundCodes(db: Db, codes: readonly string[]) {
  return db.select().from(fundMentions).where(inArray(fundMentions.fundCode, [...codes])).orderBy(asc(fundMentions.ordinal));
}

/** The funds of many instruments in one query, in the order the instrument names them. */
export function fundLinksByInstrumentCodes(db: Db, instrumentCodes: readonly string[]) {
  return db
    .select({ instrumentCode: instrumentFunds.instrumentCode, fund: funds })
    .from(instrumentFunds)
    .innerJoin(funds, eq(funds.code, instrumentFunds.fundCode))
    .where(inArray(instrumentFunds.instrumentCode, [...instrumentCodes]))
    .orderBy(asc(instrumentFunds.ordinal));
}

/** The instruments drawing on many funds in one query, in document order. */
export function instrumentLinksByFundCodes(db: Db, fundCodes: readonly string[]) {
  return db
    .select({ fundCode: instrumentFunds.fundCode, instrument: supportInstruments })
    .from(instrumentFunds)
    .innerJoin(supportInstruments, eq(supportInstruments.code, instrumentFunds.instrumentCode))
    .where(inArray(instrumentFunds.fundCode, [...fundCodes]))
    .orderBy(asc(supportInstruments.ordinal));
}
