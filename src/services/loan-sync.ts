/**
 * Incremental sync: the loans created, changed or deleted since a point in time, as one keyset
 * connection over live rows (`updated_at >= since`) and tombstones (`deleted_at >= since`), with
 * a time to resume from next time. The guarantee: **a change may be delivered twice, never
 * missed** — for a client that starts its next sync at the `resumeFrom` of the last one.
 *
 * Why the resume point is not simply "now": `updated_at` (and `deleted_at`) is the writing
 * transaction's *start* time (`now()`). A transaction that started before this read and commits
 * after it writes rows stamped earlier than the read: a client resuming from the read's time would
 * never see them. So the resume point is the start of the oldest transaction still in progress
 * when the read begins (`loan_sync_horizon()`, migration 0006, called in a statement *before* the
 * statement that reads the changes), less a second's margin for clocks, rounded down to the
 * millisecond a `DateTime` carries. Every change that the read cannot see — in progress, or begun
 * later — is stamped at or after it, so the next sync (`>= since`) delivers it.
 *
 * Pages: the first page computes the resume point and every cursor carries it, so each page of
 * one pass reports the same `resumeFrom`. That is the right one: a change made while the client
 * pages (which may land behind its cursor) is stamped after it too. Changes are ordered by bank,
 * time and reference — the sync index serves that order for one bank and for all — so successive
 * states of one loan always come in the order they happened, and the last one delivered wins.
 * On PGlite (one connection, one transaction at a time) no write is ever in progress during a
 * read; the same function then gives the read's own time.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import type { GuaranteeLoanRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type Connection, type KeysetOrder } from "../graphql/pagination.js";

/** Subtracted from the horizon: clock steps on the database server, and the microseconds between a transaction's start and its appearance in pg_stat_activity. */
export const SYNC_MARGIN_MS = 1_000;

export type ChangeKind = "UPSERTED" | "DELETED";

/** One row of the union: a live loan (kind UPSERTED, with its columns) or a tombstone (DELETED). */
export interface ChangeRow {
  kind: ChangeKind;
  bank_code: string;
  loan_ref: string;
  /** When: updated_at or deleted_at, as PostgreSQL prints it (microseconds kept, for the cursor). */
  at_text: string;
  /** The same instant in microseconds since 1970, as text (to order rows of the two tables). */
  at_us: string;
  county_code: string | null;
  league_code: string | null;
  borrower_type: GuaranteeLoanRow["borrowerType"] | null;
  beneficiary_group_code: string | null;
  amount: string | null;
  term_months: number | null;
  annual_rate: string | null;
  interest_subsidy_share: string | null;
  counter_guarantee_waived: boolean | null;
  issued_on: string | null;
  status: GuaranteeLoanRow["status"] | null;
  jobs_created: number | null;
  provenance: GuaranteeLoanRow["provenance"] | null;
  created_at: string | null;
}

export interface LoanChange {
  kind: ChangeKind;
  bankCode: string;
  loanRef: string;
  /** `at_text`, unchanged. */
  atText: string;
  /** The loan as it is now; null for a deletion. */
  loan: GuaranteeLoanRow | null;
}

/** The loan of an UPSERTED row, in the shape drizzle gives (the serial id and record key are never exposed). */
function loanOf(r: ChangeRow): GuaranteeLoanRow {
  return {
    id: 0,
    recordKey: 0,
    bankCode: r.bank_code,
    loanRef: r.loan_ref,
    countyCode: r.county_code!,
    leagueCode: r.league_code!,
    borrowerType: r.borrower_type!,
    beneficiaryGroupCode: r.beneficiary_group_code,
    amount: r.amount!,
    termMonths: Number(r.term_months),
    annualRate: r.annual_rate!,
    interestSubsidyShare: r.interest_subsidy_share!,
    counterGuaranteeWaived: r.counter_guarantee_waived === true || String(r.counter_guarantee_waived) === "true",
    issuedOn: r.issued_on!,
    status: r.status!,
    jobsCreated: Number(r.jobs_created),
    provenance: r.provenance!,
    createdAt: r.created_at!,
    updatedAt: r.at_text,
  };
}

/** The columns of a change: text or plain numbers only, so that both drivers return the same values. */
const LOAN_COLUMNS = sql`'UPSERTED' as kind, l.bank_code, l.loan_ref, l.updated_at as at, cast(l.updated_at as text) as at_text,
  cast(extract(epoch from l.updated_at) * 1000000 as text) as at_us,
  l.county_code, l.league_code, cast(l.borrower_type as text) as borrower_type, l.beneficiary_group_code,
  cast(l.amount as text) as amount, l.term_months, cast(l.annual_rate as text) as annual_rate,
  cast(l.interest_subsidy_share as text) as interest_subsidy_share, l.counter_guarantee_waived,
  cast(l.issued_on as text) as issued_on, cast(l.status as text) as status, l.jobs_created,
  cast(l.provenance as text) as provenance, cast(l.created_at as text) as created_at`;
const TOMBSTONE_COLUMNS = sql`'DELETED' as kind, t.bank_code, t.loan_ref, t.deleted_at as at, cast(t.deleted_at as text) as at_text,
  cast(extract(epoch from t.deleted_at) * 1000000 as text) as at_us,
  null as county_code, null as league_code, null as borrower_type, null as beneficiary_group_code, null as amount, null as term_months,
  null as annual_rate, null as interest_subsidy_share, null as counter_guarantee_waived, null as issued_on, null as status,
  null as jobs_created, null as provenance, null as created_at`;

/** One bank's live rows (or tombstones) since `since`, as the subquery `c` the keyset condition names. */
function changesOf(table: "loans" | "tombstones", since: string, bankCode: string): SQL {
  return table === "loans"
    ? sql`(select ${LOAN_COLUMNS} from guarantee_loans l where l.bank_code = ${bankCode} and l.updated_at >= cast(${since} as timestamptz)) c`
    : sql`(select ${TOMBSTONE_COLUMNS} from loan_tombstones t where t.bank_code = ${bankCode} and t.deleted_at >= cast(${since} as timestamptz)) c`;
}

/** Both kinds, every bank the scope shows: for `totalCount`. */
function allChanges(since: string, bankCode: string | null): SQL {
  const bank = (alias: string) => (bankCode ? sql`and ${sql.raw(alias)}.bank_code = ${bankCode}` : sql``);
  return sql`(select l.loan_ref from guarantee_loans l where l.updated_at >= cast(${since} as timestamptz) ${bank("l")}
    union all select t.loan_ref from loan_tombstones t where t.deleted_at >= cast(${since} as timestamptz) ${bank("t")}) c`;
}

/** Orders two changes of one bank as the sync index does: time, then reference byte by byte (collation "C"). */
function compareWithinBank(a: ChangeRow, b: ChangeRow): number {
  const at = BigInt(a.at_us.split(".")[0]!) - BigInt(b.at_us.split(".")[0]!);
  if (at !== 0n) return at < 0n ? -1 : 1;
  return Buffer.compare(Buffer.from(a.loan_ref, "utf8"), Buffer.from(b.loan_ref, "utf8"));
}

/** The order of the sync index: bank, time, reference. Within a page of one bank the two tables merge in that order. */
const ORDER_KEYS = [
  { expr: sql`c.bank_code`, type: "text" as const, value: (r: ChangeRow) => r.bank_code },
  { expr: sql`c.at`, type: "timestamp" as const, value: (r: ChangeRow) => r.at_text },
  { expr: sql`c.loan_ref collate "C"`, type: "text" as const, value: (r: ChangeRow) => r.loan_ref },
];

const TAG_PREFIX = "loanChanges";
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The tag every cursor of one pass carries: the client, `since`, and the pass's resume point.
 * A cursor of another client or another `since` is refused, not merely empty.
 */
function tagOf(clientId: string, since: string, resumeFrom: string): string {
  return `${TAG_PREFIX}|${clientId}|${since}|${resumeFrom}`;
}

/** The resume point a cursor of this client and `since` carries, or null (then the cursor is refused by its tag). */
function resumeInCursor(cursor: string, clientId: string, since: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(parsed) || typeof parsed[0] !== "string") return null;
    const prefix = `${TAG_PREFIX}|${clientId}|${since}|`;
    const tag = parsed[0];
    const resume = tag.startsWith(prefix) ? tag.slice(prefix.length) : "";
    return ISO_MS.test(resume) && Number.isFinite(Date.parse(resume)) ? resume : null;
  } catch {
    return null;
  }
}

/** The safe resume point of a read that starts after this call (see the top of this file), as an ISO time to the millisecond. */
export async function syncHorizon(db: Db): Promise<string> {
  const [row] = await queryRows<{ epoch_ms: string | number }>(
    db,
    sql`select floor(extract(epoch from loan_sync_horizon()) * 1000) - ${SYNC_MARGIN_MS} as epoch_ms`,
  );
  return new Date(Number(row!.epoch_ms)).toISOString();
}

export type ChangeConnection<N> = Connection<N> & { resumeFrom: string };

/**
 * A page of changes since `since` (an ISO time). `db` must be viewer-scoped; `countIn` gives
 * `totalCount` its own scoped handle (it runs after the page's transaction, if selected).
 */
export async function changesConnection<N>(
  db: Db,
  countIn: <T>(work: (db: Db) => Promise<T>) => Promise<T>,
  options: { since: string; bankCode: string | null; clientId: string; args: ConnectionArgs },
  toNode: (change: LoanChange) => N,
): Promise<ChangeConnection<N>> {
  const { since, bankCode, clientId, args } = options;
  const cursor = args.after ?? args.before ?? null;
  // The first page of a pass fixes its resume point, before the statement that reads the changes.
  const resumeFrom = (cursor ? resumeInCursor(cursor, clientId, since) : null) ?? (await syncHorizon(db));
  const order: KeysetOrder<ChangeRow> = { tag: tagOf(clientId, since, resumeFrom), keys: ORDER_KEYS, direction: "ASC" };
  const backward = args.last != null;
  // A bank's own loans, or every bank's (a programme manager), bank by bank in the order of the sync index.
  const banks = bankCode ? [bankCode] : (await queryRows<{ code: string }>(db, sql`select code from partner_banks order by code`)).map((b) => b.code);
  if (backward) banks.reverse();
  // Row-level security's condition (a setting, not a constant) hides from the planner how many rows
  // a client sees, so it would sort a bank's whole table to return a page; the sync index already
  // holds each bank's rows in order. Only for this read-only transaction.
  await db.execute(sql`select set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`);
  const connection = await keysetConnection({
    args,
    order,
    fetch: async (q) => {
      const page: ChangeRow[] = [];
      for (const bank of banks) {
        const one = (table: "loans" | "tombstones") =>
          queryRows<ChangeRow>(db, sql`select * from ${changesOf(table, since, bank)} ${q.after ? sql`where ${q.after}` : sql``} order by ${sql.join(q.orderBy, sql`, `)} limit ${q.limit - page.length}`);
        const loans = await one("loans");
        const tombstones = await one("tombstones");
        const merged = [...loans, ...tombstones].sort((a, b) => (backward ? -1 : 1) * compareWithinBank(a, b));
        page.push(...merged.slice(0, q.limit - page.length));
        if (page.length >= q.limit) break;
      }
      return page;
    },
    count: () => countIn(async (scoped) => Number((await queryRows<{ n: number | string }>(scoped, sql`select count(*) as n from ${allChanges(since, bankCode)}`))[0]!.n)),
    toNode: (r) => toNode({ kind: r.kind, bankCode: r.bank_code, loanRef: r.loan_ref, atText: r.at_text, loan: r.kind === "UPSERTED" ? loanOf(r) : null }),
  });
  return Object.assign(connection, { resumeFrom });
}

