/**
 * Bulk export jobs: a partner asks for all of its loans that match a filter, a worker writes them
 * to files (src/exports/bulk.ts), and the partner downloads them for a while
 * (src/exports/bulk-http.ts). This module holds the jobs' SQL: creating and listing them for a
 * client (through the API's handle), and the worker's bookkeeping — claiming a job, noticing a
 * job whose runner died, finishing, failing and expiring jobs (through the owner's handle).
 *
 * Running jobs are guarded twice. A job is claimed with `FOR UPDATE SKIP LOCKED`, so two
 * replicas never take the same one; and on PostgreSQL the runner holds a session-level advisory
 * lock named after the job, on a connection of its own, for as long as it runs. When the
 * process dies, PostgreSQL ends the session and frees the lock: a RUNNING job whose lock anyone
 * can take has no runner, and the next worker retries it once (a second interruption fails it).
 * PGlite serves one process: there a RUNNING job that this process is not running has no runner.
 */
import { randomBytes } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { isScope, type Scope } from "../auth/scopes.js";
import type { PartnerViewer } from "../auth/viewer.js";
import { queryRows, type Database, type Db } from "../db/client.js";
import { bulkExportJobs, type BulkExportJobRow } from "../db/schema/index.js";
import type { Format } from "../exports/formats.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import type { GuaranteeLoanFilter, GuaranteeLoanOrderField } from "./loan.js";

/** Jobs a client may have waiting or running at once; more are refused (`TOO_MANY_JOBS`). */
export const MAX_ACTIVE_JOBS_PER_CLIENT = 3;

/** What a job was asked to do, as stored in `bulk_export_jobs.request`. */
export interface BulkExportRequest {
  /** The filter, checked and normalized as the `guaranteeLoans` list checks it (nulls dropped). */
  filterBy: GuaranteeLoanFilter;
  orderBy: { field: GuaranteeLoanOrderField; direction: "ASC" | "DESC" };
  formats: Format[];
  /**
   * The key that created the job: the job runs only while that key is still valid. (Kept in the
   * request rather than a column of its own: it is part of who asked.)
   */
  keyId: string;
}

/** One file of a finished job, as stored in `bulk_export_jobs.files`. */
export interface BulkExportFileRecord {
  name: string;
  /** A data format, or `manifest` for manifest.json. */
  format: Format | "manifest";
  mediatype: string;
  bytes: number;
  sha256: string;
  /** Its gzip twin (`<name>.gz`), served to clients that accept gzip. */
  gzip: { name: string; bytes: number; sha256: string } | null;
}

export type BulkExportStatus = BulkExportJobRow["status"];

/** `bx_` and 24 characters of [a-z0-9]: about 124 random bits, so an id cannot be guessed. */
export const JOB_ID = /^bx_[a-z0-9]{24}$/;

export function newJobId(): string {
  return `bx_${Array.from(randomBytes(24), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("")}`;
}

export function jobRequest(row: BulkExportJobRow): BulkExportRequest {
  return row.request as BulkExportRequest;
}

export function jobFiles(row: BulkExportJobRow): BulkExportFileRecord[] {
  return (row.files as BulkExportFileRecord[] | null) ?? [];
}

/** Whether a job's files have passed their time (the worker may not have marked it EXPIRED yet). */
export function isExpired(row: Pick<BulkExportJobRow, "status" | "expiresAt">, now = Date.now()): boolean {
  if (row.status === "EXPIRED") return true;
  return row.status === "SUCCEEDED" && row.expiresAt !== null && Date.parse(pgTime(row.expiresAt)) <= now;
}

/** PostgreSQL's `2026-11-26 10:00:00.123456+00` in a form Date.parse reads. */
export function pgTime(value: string): string {
  return value.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00");
}

// ---------------------------------------------------------------------------------------------
// The API's side (ctx.db: the API role, which may insert and update jobs but owns nothing).
// ---------------------------------------------------------------------------------------------

/**
 * Queues a job for the viewer, unless it already has {@link MAX_ACTIVE_JOBS_PER_CLIENT} queued or
 * running. The count and the insert run under a transaction-level advisory lock on the client,
 * so two requests at once cannot both slip under the limit.
 */
export async function createJob(db: Db, viewer: PartnerViewer, request: BulkExportRequest): Promise<{ job: BulkExportJobRow } | { active: number }> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`select pg_advisory_xact_lock(hashtext(${`bulk-export:${viewer.clientId}`}))`);
    const [active] = await t
      .select({ n: count() })
      .from(bulkExportJobs)
      .where(and(eq(bulkExportJobs.clientId, viewer.clientId), sql`${bulkExportJobs.status} in ('QUEUED', 'RUNNING')`));
    if (active!.n >= MAX_ACTIVE_JOBS_PER_CLIENT) return { active: active!.n };
    const [job] = await t
      .insert(bulkExportJobs)
      .values({ id: newJobId(), clientId: viewer.clientId, bankCode: viewer.bankCode, request, status: "QUEUED" })
      .returning();
    return { job: job! };
  });
}

/** The client's job with this id; null for anyone else's, and for ids that do not exist. */
export async function jobOfClient(db: Db, clientId: string, id: string): Promise<BulkExportJobRow | null> {
  if (!JOB_ID.test(id)) return null;
  const [row] = await db.select().from(bulkExportJobs).where(and(eq(bulkExportJobs.id, id), eq(bulkExportJobs.clientId, clientId)));
  return row ?? null;
}

/** Newest first; the client's id is in the cursor's tag, so one client's cursor is refused for another. */
function jobOrder(clientId: string): KeysetOrder<BulkExportJobRow> {
  return {
    tag: `bulk-export-jobs:${clientId}`,
    keys: [
      // Microseconds, as text, so that a cursor loses nothing of the timestamp.
      { expr: sql`${bulkExportJobs.createdAt}`, type: "timestamp", value: (r) => r.createdAt },
      { expr: sql`${bulkExportJobs.id} collate "C"`, type: "text", value: (r) => r.id },
    ],
    direction: "DESC",
  };
}

export function jobsConnection<N>(db: Db, clientId: string, args: ConnectionArgs, toNode: (r: BulkExportJobRow) => N) {
  const mine = eq(bulkExportJobs.clientId, clientId);
  return keysetConnection({
    args,
    order: jobOrder(clientId),
    fetch: (q) => db.select().from(bulkExportJobs).where(and(mine, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(bulkExportJobs).where(mine).then((r) => r[0]!.n),
    toNode,
  });
}

// ---------------------------------------------------------------------------------------------
// The worker's side (database.db: the owner).
// ---------------------------------------------------------------------------------------------

/** A job this process has claimed, and how to let go of it. */
export interface ClaimedJob {
  job: BulkExportJobRow;
  /** Ends the claim (frees the advisory lock and its connection). Call once, after the job's last update. */
  release(): Promise<void>;
}

/** Jobs running in this process, per PGlite database (one process is the only runner there). */
const runningOnPglite = new Map<string, Set<string>>();

function pgliteRunning(database: Database): Set<string> {
  let set = runningOnPglite.get(database.location);
  if (!set) runningOnPglite.set(database.location, (set = new Set()));
  return set;
}

const usesPglite = (database: Database) => database.engine === "pglite" || !database.url;

/** The advisory lock of a job: a class of locks of their own (two-int keys), and the job id's hash. */
const LOCK_CLASS = 72_010_310;

/**
 * Claims the oldest queued job, marking it RUNNING; null when none is waiting. On PostgreSQL the
 * claim runs on a connection of its own that takes the job's advisory lock inside the claiming
 * transaction, so the lock is held before anyone can see the job RUNNING, and keeps it until
 * `release` (or until the process dies).
 */
export async function claimNext(database: Database, runner: string): Promise<ClaimedJob | null> {
  // (`runner` names the lock's connection, so that pg_stat_activity says who runs what.)
  if (usesPglite(database)) {
    const running = pgliteRunning(database);
    const [job] = await queryJobs(
      database.db,
      sql`update bulk_export_jobs set status = 'RUNNING', started_at = now()
          where id = (select id from bulk_export_jobs where status = 'QUEUED' order by created_at, id limit 1 for update skip locked)
          returning id`,
    );
    if (!job) return null;
    running.add(job.id);
    return { job: (await jobById(database.db, job.id))!, release: async () => void running.delete(job.id) };
  }
  const lock = postgres(database.url!, { max: 1, onnotice: () => {}, connection: { application_name: `chuangye-bulk-export ${runner}`.slice(0, 63) } });
  try {
    const id = await lock.begin(async (tx) => {
      const [next] = await tx<{ id: string }[]>`select id from bulk_export_jobs where status = 'QUEUED' order by created_at, id limit 1 for update skip locked`;
      if (!next) return null;
      const [locked] = await tx<{ ok: boolean }[]>`select pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${next.id})) as ok`;
      // Only a hash collision with another running job can refuse it: leave this one for later.
      if (!locked?.ok) return null;
      await tx`update bulk_export_jobs set status = 'RUNNING', started_at = now() where id = ${next.id}`;
      return next.id;
    });
    if (!id) {
      await lock.end({ timeout: 5 });
      return null;
    }
    return { job: (await jobById(database.db, id))!, release: () => lock.end({ timeout: 5 }) };
  } catch (err) {
    await lock.end({ timeout: 5 }).catch(() => {});
    throw err;
  }
}

async function queryJobs(db: Db, query: ReturnType<typeof sql>): Promise<{ id: string; error: string | null }[]> {
  return queryRows<{ id: string; error: string | null }>(db, query);
}

export async function jobById(db: Db, id: string): Promise<BulkExportJobRow | null> {
  const [row] = await db.select().from(bulkExportJobs).where(eq(bulkExportJobs.id, id));
  return row ?? null;
}

export const INTERRUPTED = "interrupted: the process running it stopped before it finished; retried once";
const INTERRUPTED_TWICE = "The export was interrupted twice (the processes running it stopped before it finished). Create the job again; if it keeps failing, export a narrower filter.";

/**
 * RUNNING jobs that nobody runs any more (their process died): each is queued again once, and
 * failed the second time. Returns the ids found, for the worker to remove their leftovers.
 */
export async function recoverAbandoned(database: Database): Promise<{ requeued: string[]; failed: string[] }> {
  const requeued: string[] = [];
  const failed: string[] = [];
  await database.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const running = await queryJobs(t, sql`select id, error from bulk_export_jobs where status = 'RUNNING' order by id for update skip locked`);
    const here = usesPglite(database) ? pgliteRunning(database) : null;
    for (const job of running) {
      let abandoned: boolean;
      if (here) abandoned = !here.has(job.id);
      else {
        // Free only if its runner's session is gone; held until this transaction ends, so no
        // other worker decides about the same job meanwhile.
        const [r] = await queryRows<{ free: boolean }>(t, sql`select pg_try_advisory_xact_lock(${LOCK_CLASS}, hashtext(${job.id})) as free`);
        abandoned = r!.free;
      }
      if (!abandoned) continue;
      if (job.error === null) {
        await t.execute(sql`update bulk_export_jobs set status = 'QUEUED', started_at = null, error = ${INTERRUPTED} where id = ${job.id}`);
        requeued.push(job.id);
      } else {
        await t.execute(sql`update bulk_export_jobs set status = 'FAILED', finished_at = now(), error = ${INTERRUPTED_TWICE} where id = ${job.id}`);
        failed.push(job.id);
      }
    }
  });
  return { requeued, failed };
}

/** Marks a finished job SUCCEEDED (only if it is still this runner's RUNNING job). */
export async function succeedJob(db: Db, id: string, result: { finishedAt: string; expiresAt: string; rows: number; files: BulkExportFileRecord[] }): Promise<boolean> {
  const updated = await db
    .update(bulkExportJobs)
    .set({ status: "SUCCEEDED", finishedAt: result.finishedAt, expiresAt: result.expiresAt, rows: result.rows, files: result.files, error: null })
    .where(and(eq(bulkExportJobs.id, id), eq(bulkExportJobs.status, "RUNNING")))
    .returning({ id: bulkExportJobs.id });
  return updated.length === 1;
}

/** Marks a job FAILED with a message meant for the client (never SQL text or a file path). */
export async function failJob(db: Db, id: string, message: string): Promise<void> {
  await db
    .update(bulkExportJobs)
    .set({ status: "FAILED", finishedAt: sql`now()`, error: message.slice(0, 2000) })
    .where(and(eq(bulkExportJobs.id, id), eq(bulkExportJobs.status, "RUNNING")));
}

/** Puts a job this process was running back in the queue (a graceful shutdown), without counting it as an interruption. */
export async function requeueJob(db: Db, id: string): Promise<void> {
  await db
    .update(bulkExportJobs)
    .set({ status: "QUEUED", startedAt: null })
    .where(and(eq(bulkExportJobs.id, id), eq(bulkExportJobs.status, "RUNNING")));
}

/** Marks SUCCEEDED jobs past their time EXPIRED; returns their ids, whose files the worker deletes. */
export async function expireJobs(db: Db): Promise<string[]> {
  const rows = await queryJobs(db, sql`update bulk_export_jobs set status = 'EXPIRED' where status = 'SUCCEEDED' and expires_at <= now() returning id, error`);
  return rows.map((r) => r.id);
}

/** Statuses of the given jobs (missing ids are absent from the map). */
export async function jobStatuses(db: Db, ids: string[]): Promise<Map<string, BulkExportStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; status: BulkExportStatus }>(db, sql`select id, cast(status as text) as status from bulk_export_jobs where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((r) => [r.id, r.status]));
}

/**
 * Who the job runs as: its client, rebuilt from the database when the job starts — not from the
 * request that created it — so a client or key revoked meanwhile, or a scope withdrawn, stops
 * the job. Returns the viewer, or why the job may not run.
 */
export async function viewerForJob(db: Db, job: BulkExportJobRow): Promise<PartnerViewer | { refused: string }> {
  const { keyId } = jobRequest(job);
  const [row] = await queryRows<{
    client_id: string;
    client_name: string;
    role: PartnerViewer["role"];
    bank_code: string | null;
    scopes: string;
    client_revoked: boolean;
    key_id: string | null;
    key_revoked: boolean | null;
    key_expired: boolean | null;
    key_expires_at: string | null;
  }>(
    db,
    sql`select c.id as client_id, c.name as client_name, cast(c.role as text) as role, c.bank_code, array_to_string(c.scopes, ',') as scopes,
               c.revoked_at is not null as client_revoked, k.id as key_id, k.revoked_at is not null as key_revoked,
               coalesce(k.expires_at <= now(), false) as key_expired, cast(k.expires_at as text) as key_expires_at
        from api_clients c left join api_keys k on k.id = ${keyId} and k.client_id = c.id
        where c.id = ${job.clientId}`,
  );
  if (!row || row.client_revoked) return { refused: "The API client was revoked before the export ran; nothing was exported." };
  if (!row.key_id || row.key_revoked || row.key_expired) {
    return { refused: "The API key that created the job was revoked (or its grace period ended) before the export ran; nothing was exported. Create the job again with a valid key." };
  }
  const scopes = new Set(row.scopes.split(",").filter(isScope) as Scope[]);
  const needed: Scope[] = ["exports:bulk", "loans:read", ...(row.role === "PROGRAMME_MANAGER" ? (["programme:read"] as Scope[]) : [])];
  const missing = needed.filter((s) => !scopes.has(s));
  if (missing.length) return { refused: `The API client no longer holds the scope ${missing.map((s) => `\`${s}\``).join(", ")} that the export needs; nothing was exported.` };
  // The bank is the client's, now: a job never reads as a bank other than its client's own.
  if (row.bank_code !== job.bankCode) return { refused: "The API client now acts for another bank than when the job was created; nothing was exported." };
  return {
    kind: "partner",
    clientId: row.client_id,
    clientName: row.client_name,
    keyId,
    role: row.role,
    bankCode: row.bank_code,
    scopes,
    keyExpiresAt: row.key_expires_at,
  };
}
