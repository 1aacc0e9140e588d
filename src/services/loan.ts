import { and, count, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { guaranteeLoans, loanFiguresPending, loanRollups, partnerBanks, type GuaranteeLoanRow, type PartnerBankRow } from "../db/schema/index.js";
import { withinRegion } from "./region.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

const byCode: KeysetOrder<PartnerBankRow> = {
  tag: "bank:code",
  keys: [{ expr: partnerBanks.code, type: "text", value: (r) => r.code }],
  direction: "ASC",
};

export function banksByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(partnerBanks).where(inArray(partnerBanks.code, [...codes]));
}

export function banksConnection<N>(db: Db, args: ConnectionArgs, toNode: (r: PartnerBankRow) => N) {
  return keysetConnection({
    args,
    order: byCode,
    fetch: (q) => db.select().from(partnerBanks).where(and(q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(partnerBanks).then((r) => r[0]!.n),
    toNode,
  });
}

export interface GuaranteeLoanFilter {
  bankCode?: string | null;
  regionCode?: string | null;
  status?: GuaranteeLoanRow["status"] | null;
  borrowerType?: GuaranteeLoanRow["borrowerType"] | null;
  /** A group code, or NONE for borrowers outside the named groups. */
  beneficiaryGroup?: string | null;
  issuedOnFrom?: string | null;
  issuedOnTo?: string | null;
}

export type GuaranteeLoanOrderField = "ISSUED_ON" | "AMOUNT" | "LOAN_REF" | "UPDATED_AT";

const loanTiebreak = [
  { expr: sql`${guaranteeLoans.bankCode} collate "C"`, type: "text" as const, value: (r: GuaranteeLoanRow) => r.bankCode },
  { expr: sql`${guaranteeLoans.loanRef} collate "C"`, type: "text" as const, value: (r: GuaranteeLoanRow) => r.loanRef },
];

/**
 * Each ordering is a sort key, then bank and reference (unique together). `scope` goes into the
 * cursor's tag: a cursor made for one client is refused for another, not merely empty. Bulk
 * exports (src/exports/bulk.ts) sort by the same keys, so a file is in the order the list is.
 */
export function loanOrdering(field: GuaranteeLoanOrderField, direction: "ASC" | "DESC", scope: string): KeysetOrder<GuaranteeLoanRow> {
  const first = {
    ISSUED_ON: { expr: guaranteeLoans.issuedOn, type: "date" as const, value: (r: GuaranteeLoanRow) => r.issuedOn },
    AMOUNT: { expr: guaranteeLoans.amount, type: "numeric" as const, value: (r: GuaranteeLoanRow) => r.amount },
    // Microseconds, as text, so that a cursor loses nothing of the timestamp.
    UPDATED_AT: { expr: sql`${guaranteeLoans.updatedAt}`, type: "timestamp" as const, value: (r: GuaranteeLoanRow) => r.updatedAt },
    LOAN_REF: null,
  }[field];
  return { tag: `loans:${scope}:${field}:${direction}`, keys: first ? [first, ...loanTiebreak] : loanTiebreak, direction };
}

export function loanConditions(filter: GuaranteeLoanFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (filter.bankCode) c.push(eq(guaranteeLoans.bankCode, filter.bankCode));
  if (filter.regionCode) c.push(withinRegion(filter.regionCode, guaranteeLoans.countyCode, guaranteeLoans.leagueCode));
  if (filter.status) c.push(eq(guaranteeLoans.status, filter.status));
  if (filter.borrowerType) c.push(eq(guaranteeLoans.borrowerType, filter.borrowerType));
  if (filter.beneficiaryGroup) c.push(filter.beneficiaryGroup === "NONE" ? isNull(guaranteeLoans.beneficiaryGroupCode) : eq(guaranteeLoans.beneficiaryGroupCode, filter.beneficiaryGroup));
  if (filter.issuedOnFrom) c.push(gte(guaranteeLoans.issuedOn, filter.issuedOnFrom));
  if (filter.issuedOnTo) c.push(lte(guaranteeLoans.issuedOn, filter.issuedOnTo));
  return and(...c);
}

/**
 * The rollups' condition for a filter, or null when the filter asks for what they do not hold
 * (a status, issue dates to the day): they aggregate every loan at county × quarter × borrower
 * type × beneficiary group × bank.
 */
function rollupConditions(filter: GuaranteeLoanFilter): SQL | undefined | null {
  if (filter.status || filter.issuedOnFrom || filter.issuedOnTo) return null;
  const c: (SQL | undefined)[] = [];
  if (filter.bankCode) c.push(eq(loanRollups.bankCode, filter.bankCode));
  if (filter.regionCode) c.push(withinRegion(filter.regionCode, loanRollups.countyCode, loanRollups.leagueCode));
  if (filter.borrowerType) c.push(eq(loanRollups.borrowerType, filter.borrowerType));
  if (filter.beneficiaryGroup) c.push(eq(loanRollups.beneficiaryGroupCode, filter.beneficiaryGroup === "NONE" ? "" : filter.beneficiaryGroup));
  return and(...c);
}

/**
 * How many loans match, for a viewer who sees every bank's (a programme manager): from the
 * rollups when they hold every committed loan — no bank's write waits for the figures refresher
 * (loan_figures_pending empty, as for a manager's exact statistics: src/services/statistics.ts)
 * — in one statement, so one snapshot answers both; null when they cannot answer, and the loans
 * are counted. At 1,000,000 loans the count read every loan under row-level security (0.3 s);
 * the rollups are ≈ 110,000 rows. A bank's count never comes from them (a table of every bank's):
 * its own loans, under row-level security, are counted from an index.
 */
async function countFromRollups(db: Db, filter: GuaranteeLoanFilter): Promise<number | null> {
  const where = rollupConditions(filter);
  if (where === null) return null;
  const [row] = await queryRows<{ n: string | number | null }>(
    db,
    sql`select case when exists (select 1 from ${loanFiguresPending}) then null else coalesce(sum(${loanRollups.loanCount}), 0) end as n
        from ${loanRollups} ${where ? sql`where ${where}` : sql``}`,
  );
  return row?.n == null ? null : Number(row.n);
}

/**
 * A page of loans. `db` must be a viewer-scoped handle (src/auth/scoped.ts): the filter narrows,
 * row-level security decides what exists. `count` gets its own scoped handle, since it runs
 * only if `totalCount` is selected, after the page's transaction has ended.
 */
export function loansConnection<N>(
  db: Db,
  countIn: <T>(work: (db: Db) => Promise<T>) => Promise<T>,
  filter: GuaranteeLoanFilter,
  order: { field: GuaranteeLoanOrderField; direction: "ASC" | "DESC" },
  scope: string,
  args: ConnectionArgs,
  toNode: (r: GuaranteeLoanRow) => N,
  /** The viewer sees every bank's loans (a programme manager): `totalCount` may come from the rollups. */
  everyBank = false,
) {
  const where = loanConditions(filter);
  // A page names its bank in "C", the collation of the lists' order, so that
  // guarantee_loans_bank_ref_c_idx serves the default order as a range (0.4 ms a page at
  // 1,000,000 loans, where a bank's page read every loan and sorted its ≈ 80,000 in 160–250 ms).
  // The count keeps the column's own collation: the unique key answers it from the index alone.
  // Not both in one statement: PostgreSQL takes them for two independent conditions, expects a
  // few hundred rows, and sorts the bank's loans again.
  const pageWhere = filter.bankCode ? and(loanConditions({ ...filter, bankCode: null }), sql`${guaranteeLoans.bankCode} collate "C" = ${filter.bankCode}`) : where;
  return keysetConnection({
    args,
    order: loanOrdering(order.field, order.direction, scope),
    fetch: (q) => db.select().from(guaranteeLoans).where(and(pageWhere, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () =>
      countIn(async (scoped) => (everyBank ? await countFromRollups(scoped, filter) : null) ?? scoped.select({ n: count() }).from(guaranteeLoans).where(where).then((r) => r[0]!.n)),
    toNode,
  });
}

/** One loan by bank and reference (through a viewer-scoped handle: null if it is not the viewer's to see). */
export async function loanByRef(db: Db, bankCode: string, loanRef: string): Promise<GuaranteeLoanRow | null> {
  const [row] = await db.select().from(guaranteeLoans).where(and(eq(guaranteeLoans.bankCode, bankCode), eq(guaranteeLoans.loanRef, loanRef)));
  return row ?? null;
}
