/**
 * Banks report their loans through the API: `guaranteeLoansUpsert` (create or correct, by the
 * bank's own reference) and `guaranteeLoansDelete`. Each batch (up to 1,000) is one transaction
 * under the bank's row-level security scope, all or nothing: any bad row and nothing is applied,
 * and every bad row is reported with its index and field. Rows are checked by exactly the code an
 * official file import runs (src/imports/check.ts: types, ranges, county and group codes, an
 * enterprise without a group, no personal data), so the API accepts nothing an import would
 * refuse.
 *
 * **Idempotency.** Every batch carries a client-chosen key. The first request with a key claims
 * it (a row in `idempotency_keys`, in the batch's transaction) and stores its result; a retry with
 * the same key and the same request is answered from that row without applying anything; the
 * same key with a different request is refused (IDEMPOTENCY_KEY_REUSED). Two identical requests
 * at once: the second waits for the first's transaction and is then answered from it. A refused
 * batch (userErrors) claims nothing, so the corrected batch may reuse its key. Keys expire after
 * {@link IDEMPOTENCY_KEY_TTL_HOURS} hours (removed when the client next writes); a batch retried
 * later is applied again — harmless for an upsert (an unchanged loan stays unchanged, its
 * `updated_at` does not move), and a delete of loans already gone says NOT_FOUND.
 *
 * **Sample loans.** A bank's first accepted report removes that bank's SAMPLE loans (they leave
 * tombstones, so a mirror built by sync drops them too); other banks' samples stay until they
 * report or an official import replaces them. The public figures say `provenance: SAMPLE` while
 * any sample loan remains.
 */
import { createHash } from "node:crypto";
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { PartnerViewer } from "../auth/viewer.js";
import { withViewerScope } from "../auth/scoped.js";
import { queryRows, type Database, type Db } from "../db/client.js";
import { bulkUpsert } from "../db/bulk.js";
import { guaranteeLoans, idempotencyKeys, type GuaranteeLoanRow } from "../db/schema/index.js";
import { checkRecord, loadLookups, recordKey } from "../imports/check.js";
import { DATASETS } from "../imports/datasets.js";
import { figuresRefresher, markFiguresStale } from "./loan-figures.js";

export const MAX_BATCH = 1_000;
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

const LOANS = DATASETS["guarantee-loans"]!;

/** A loan as a bank reports it (GraphQL `GuaranteeLoanInput`). */
export interface LoanInput {
  loanRef: string;
  countyCode: string;
  borrowerType: string;
  beneficiaryGroup?: string | null;
  amount: string;
  termMonths: number;
  annualRate: string;
  interestSubsidyShare?: string | null;
  counterGuaranteeWaived: boolean;
  issuedOn: string;
  status: string;
  jobsCreated: number;
}

/** The input fields, in a fixed order (the request hash), with the import column each one is. */
const FIELDS: [keyof LoanInput, string][] = [
  ["loanRef", "loan_ref"],
  ["countyCode", "county_code"],
  ["borrowerType", "borrower_type"],
  ["beneficiaryGroup", "beneficiary_group"],
  ["amount", "amount"],
  ["termMonths", "term_months"],
  ["annualRate", "annual_rate"],
  ["interestSubsidyShare", "interest_subsidy_share"],
  ["counterGuaranteeWaived", "counter_guarantee_waived"],
  ["issuedOn", "issued_on"],
  ["status", "status"],
  ["jobsCreated", "jobs_created"],
];
const FIELD_OF_COLUMN = new Map<string, string>([...FIELDS.map(([f, c]): [string, string] => [c, f]), ["bank_code", "bank"]]);

export type UserErrorCode = "INVALID_VALUE" | "PERSONAL_DATA" | "DUPLICATE" | "NOT_FOUND" | "BATCH_SIZE" | "INVALID_IDEMPOTENCY_KEY" | "IDEMPOTENCY_KEY_REUSED";

export interface UserError {
  /** The item of `loans` / `loanRefs` it is about; null for the batch as a whole. */
  index: number | null;
  /** The input field, e.g. `countyCode`; null for a whole item or the batch. */
  field: string | null;
  message: string;
  code: UserErrorCode;
}

interface Applied {
  replayed: boolean;
  figuresRefreshScheduledAt: Date | null;
}

export interface UpsertResult extends Applied {
  userErrors: UserError[];
  /** The loans of the batch as stored after it, in input order; null when the batch was refused. */
  loans: GuaranteeLoanRow[] | null;
  inserted: number;
  updated: number;
  unchanged: number;
  sampleLoansRemoved: number;
}

export interface DeleteResult extends Applied {
  userErrors: UserError[];
  deletedLoanRefs: string[] | null;
}

/** What a claimed key stores, to answer a retry. */
interface StoredUpsert {
  inserted: number;
  updated: number;
  unchanged: number;
  sampleLoansRemoved: number;
  loanRefs: string[];
}
interface StoredDelete {
  deletedLoanRefs: string[];
}

/** Thrown inside the batch's transaction to roll it back (claim included) and answer with userErrors. */
class Refused extends Error {
  constructor(readonly userErrors: UserError[]) {
    super("refused");
  }
}

function requestHash(operation: string, payload: unknown): string {
  return createHash("sha256").update(JSON.stringify([operation, payload])).digest("hex");
}

/** Checks that hold before any SQL: the key's form and the batch's size. */
function batchErrors(idempotencyKey: string, size: number, what: string): UserError[] {
  const errors: UserError[] = [];
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    errors.push({ index: null, field: "idempotencyKey", code: "INVALID_IDEMPOTENCY_KEY", message: "`idempotencyKey` must be 1–100 characters of letters, digits, `_`, `.`, `:` and `-`, starting with a letter or digit (a UUID will do); use a new one for every batch." });
  }
  if (size < 1 || size > MAX_BATCH) {
    errors.push({ index: null, field: what, code: "BATCH_SIZE", message: `Send 1 to ${MAX_BATCH.toLocaleString("en")} items in \`${what}\` per batch; got ${size.toLocaleString("en")}.` });
  }
  return errors;
}

type Claim<T> = { kind: "claimed" } | { kind: "replay"; stored: T } | { kind: "reused" };

/**
 * Claims `key` for this request (see the top of this file), in the batch's transaction. A
 * concurrent claim of the same key makes the insert wait for that transaction: its stored result
 * (committed) or a free key (rolled back) follows.
 */
async function claimKey<T>(db: Db, clientId: string, key: string, hash: string): Promise<Claim<T>> {
  await db.execute(sql`delete from idempotency_keys where client_id = ${clientId} and created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`);
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await queryRows(db, sql`insert into idempotency_keys (client_id, key, request_hash, response) values (${clientId}, ${key}, ${hash}, '{}'::jsonb) on conflict do nothing returning 1`);
    if (inserted.length > 0) return { kind: "claimed" };
    const [found] = await db.select({ requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response }).from(idempotencyKeys).where(and(eq(idempotencyKeys.clientId, clientId), eq(idempotencyKeys.key, key)));
    if (found) return found.requestHash === hash ? { kind: "replay", stored: found.response as T } : { kind: "reused" };
    // The row went away between the two statements (it expired): claim it again.
  }
  throw new Error("could not claim an idempotency key");
}

async function storeResult(db: Db, clientId: string, key: string, stored: StoredUpsert | StoredDelete): Promise<void> {
  await db.update(idempotencyKeys).set({ response: stored }).where(and(eq(idempotencyKeys.clientId, clientId), eq(idempotencyKeys.key, key)));
}

const reusedKey = (operation: string): UserError => ({
  index: null,
  field: "idempotencyKey",
  code: "IDEMPOTENCY_KEY_REUSED",
  message: `This idempotency key was used within the last ${IDEMPOTENCY_KEY_TTL_HOURS} hours for a different request (${operation} with other items); nothing was applied. Use a new key for every new batch, and the same key only to retry the same batch.`,
});

/** The bank's loans with these references, in the order given (those that exist). */
async function loansByRef(db: Db, bankCode: string, refs: string[]): Promise<(GuaranteeLoanRow & { touched: boolean })[]> {
  if (refs.length === 0) return [];
  const rows = await db
    .select({ ...getTableColumns(guaranteeLoans), touched: sql<boolean>`${guaranteeLoans.updatedAt} = now()` })
    .from(guaranteeLoans)
    .where(and(eq(guaranteeLoans.bankCode, bankCode), inArray(guaranteeLoans.loanRef, refs)));
  const byRef = new Map(rows.map((r) => [r.loanRef, r]));
  return refs.flatMap((ref) => {
    const row = byRef.get(ref);
    return row ? [{ ...row, touched: row.touched === true || String(row.touched) === "true" }] : [];
  });
}

/** Whether the bank still has sample loans: the rollups (public, small) say so without scanning its loans. */
async function bankHasSamples(db: Db, bankCode: string): Promise<boolean> {
  const [row] = await queryRows<{ n: string | number | null }>(db, sql`select sum(sample_count) as n from loan_rollups where bank_code = ${bankCode}`);
  return Number(row?.n ?? 0) > 0;
}

function scheduleRefresh(database: object): Date | null {
  return figuresRefresher(database)?.request() ?? null;
}

export async function upsertLoans(database: Pick<Database, "api" | "apiRole">, viewer: PartnerViewer, input: { idempotencyKey: string; loans: LoanInput[] }): Promise<UpsertResult> {
  const refused = (userErrors: UserError[]): UpsertResult => ({ userErrors, loans: null, inserted: 0, updated: 0, unchanged: 0, sampleLoansRemoved: 0, replayed: false, figuresRefreshScheduledAt: null });
  const early = batchErrors(input.idempotencyKey, input.loans.length, "loans");
  if (early.length) return refused(early);
  const bankCode = viewer.bankCode!;
  const hash = requestHash("guaranteeLoansUpsert", input.loans.map((loan) => FIELDS.map(([f]) => loan[f] ?? null)));
  let changed = false;
  try {
    const result = await withViewerScope(database, viewer, async (db): Promise<UpsertResult> => {
      const claim = await claimKey<StoredUpsert>(db, viewer.clientId, input.idempotencyKey, hash);
      if (claim.kind === "reused") throw new Refused([reusedKey("guaranteeLoansUpsert")]);
      if (claim.kind === "replay") {
        const { loanRefs, ...counts } = claim.stored;
        const loans = (await loansByRef(db, bankCode, loanRefs)).map(({ touched: _touched, ...loan }) => loan);
        return { ...counts, userErrors: [], loans, replayed: true, figuresRefreshScheduledAt: null };
      }
      const lookups = await loadLookups(db);
      const errors: UserError[] = [];
      const records: Record<string, unknown>[] = [];
      const seen = new Map<string, number>();
      const label = (column: string) => `\`${FIELD_OF_COLUMN.get(column) ?? column}\``;
      input.loans.forEach((loan, index) => {
        const values: Record<string, unknown> = { bank_code: bankCode };
        for (const [field, column] of FIELDS) values[column] = loan[field] ?? null;
        const checked = checkRecord(LOANS, values, lookups, label);
        for (const issue of checked.issues) errors.push({ index, field: FIELD_OF_COLUMN.get(issue.column) ?? null, message: `loans[${index}]: ${issue.message}`, code: issue.code === "PERSONAL_DATA" ? "PERSONAL_DATA" : "INVALID_VALUE" });
        if (!checked.parsed) return;
        const key = recordKey(LOANS, checked.row);
        const first = seen.get(key);
        if (first !== undefined) {
          errors.push({ index, field: "loanRef", code: "DUPLICATE", message: `loans[${index}]: \`loanRef\` ${JSON.stringify(checked.row.loan_ref)} is also loans[${first}]; each loan may appear once per batch.` });
          return;
        }
        seen.set(key, index);
        if (checked.issues.length === 0) records.push({ ...LOANS.toRecord(checked.row), provenance: "SOURCE" });
      });
      if (errors.length) throw new Refused(errors);

      // The bank's first report replaces its sample loans (see the top of this file).
      const sampleLoansRemoved = (await bankHasSamples(db, bankCode))
        ? (await queryRows(db, sql`delete from guarantee_loans where bank_code = ${bankCode} and provenance = 'SAMPLE' returning 1`)).length
        : 0;
      const { inserted } = await bulkUpsert(db, guaranteeLoans, records, LOANS.conflictTarget);
      const refs = records.map((r) => r.loanRef as string);
      const loans = await loansByRef(db, bankCode, refs);
      // A loan whose updated_at is this transaction's start changed (or is new); the trigger leaves it alone otherwise.
      const touched = loans.filter((l) => l.touched).length;
      const counts = { inserted, updated: touched - inserted, unchanged: loans.length - touched, sampleLoansRemoved };
      changed = touched > 0 || sampleLoansRemoved > 0;
      if (changed) await markFiguresStale(db);
      await storeResult(db, viewer.clientId, input.idempotencyKey, { ...counts, loanRefs: refs });
      return { ...counts, userErrors: [], loans: loans.map(({ touched: _touched, ...loan }) => loan), replayed: false, figuresRefreshScheduledAt: null };
    });
    // After the commit: only then may the background refresh look for it.
    if (changed) result.figuresRefreshScheduledAt = scheduleRefresh(database);
    return result;
  } catch (err) {
    if (err instanceof Refused) return refused(err.userErrors);
    throw err;
  }
}

export async function deleteLoans(database: Pick<Database, "api" | "apiRole">, viewer: PartnerViewer, input: { idempotencyKey: string; loanRefs: string[] }): Promise<DeleteResult> {
  const refused = (userErrors: UserError[]): DeleteResult => ({ userErrors, deletedLoanRefs: null, replayed: false, figuresRefreshScheduledAt: null });
  const early = batchErrors(input.idempotencyKey, input.loanRefs.length, "loanRefs");
  if (early.length) return refused(early);
  const bankCode = viewer.bankCode!;
  const errors: UserError[] = [];
  const seen = new Map<string, number>();
  input.loanRefs.forEach((ref, index) => {
    const first = seen.get(ref);
    if (first !== undefined) errors.push({ index, field: null, code: "DUPLICATE", message: `loanRefs[${index}]: ${JSON.stringify(ref.slice(0, 100))} is also loanRefs[${first}]; name each loan once per batch.` });
    else if (ref.length === 0 || ref.length > 100) errors.push({ index, field: null, code: "INVALID_VALUE", message: `loanRefs[${index}]: a loan reference has 1 to 100 characters.` });
    seen.set(ref, index);
  });
  if (errors.length) return refused(errors);
  const hash = requestHash("guaranteeLoansDelete", input.loanRefs);
  try {
    const result = await withViewerScope(database, viewer, async (db): Promise<DeleteResult> => {
      const claim = await claimKey<StoredDelete>(db, viewer.clientId, input.idempotencyKey, hash);
      if (claim.kind === "reused") throw new Refused([reusedKey("guaranteeLoansDelete")]);
      if (claim.kind === "replay") return { userErrors: [], deletedLoanRefs: claim.stored.deletedLoanRefs, replayed: true, figuresRefreshScheduledAt: null };
      // Row-level security: only the bank's own loans can be deleted, whatever the filter says.
      const deleted = await db
        .delete(guaranteeLoans)
        .where(and(eq(guaranteeLoans.bankCode, bankCode), inArray(guaranteeLoans.loanRef, input.loanRefs)))
        .returning({ loanRef: guaranteeLoans.loanRef });
      const gone = new Set(deleted.map((d) => d.loanRef));
      const missing = input.loanRefs.flatMap((ref, index): UserError[] =>
        gone.has(ref) ? [] : [{ index, field: null, code: "NOT_FOUND", message: `loanRefs[${index}]: your bank has no loan with the reference ${JSON.stringify(ref.slice(0, 100))}; nothing was deleted.` }],
      );
      if (missing.length) throw new Refused(missing);
      await markFiguresStale(db);
      await storeResult(db, viewer.clientId, input.idempotencyKey, { deletedLoanRefs: input.loanRefs });
      return { userErrors: [], deletedLoanRefs: input.loanRefs, replayed: false, figuresRefreshScheduledAt: null };
    });
    if (!result.replayed) result.figuresRefreshScheduledAt = scheduleRefresh(database);
    return result;
  } catch (err) {
    if (err instanceof Refused) return refused(err.userErrors);
    throw err;
  }
}
