/**
 * The bulk export worker: runs partners' export jobs (src/services/bulk-export.ts) in the
 * service's own process, `concurrency` at a time (1 by default), and keeps their files.
 *
 * A job's loans are read exactly as the API reads them: in a transaction under the API role with
 * the job's client as the viewer (`withViewerScope`), so row-level security decides which rows
 * exist; the client is rebuilt from the database when the job starts, and a client or key revoked
 * meanwhile fails the job. Rows stream from a cursor into the open-data exports' writers
 * (formats.ts, files.ts: CSV by csv-stringify, the Excel variant, JSON, NDJSON, each hashed while
 * written, with gzip twins), into a temporary folder that is renamed into place once complete,
 * with a manifest.json of every file's bytes and SHA-256. A job larger than `maxRows` rows or
 * `maxBytes` bytes fails with a message that says how to narrow it.
 *
 * The worker polls for queued jobs (and is woken at once when this process queues one), frees
 * jobs whose runner died (retried once), marks jobs past their time EXPIRED and deletes their
 * files, and removes what a crash left behind. Files live in their own folder, outside the public
 * exports folder: only the authenticated route of bulk-http.ts serves them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { readdir, rm, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { withViewerScope } from "../auth/scoped.js";
import type { Database, Db } from "../db/client.js";
import { guaranteeLoans } from "../db/schema/index.js";
import { isoTimestamp } from "../graphql/nodes.js";
import {
  claimNext,
  expireJobs,
  failJob,
  JOB_ID,
  jobRequest,
  jobStatuses,
  recoverAbandoned,
  requeueJob,
  succeedJob,
  viewerForJob,
  type BulkExportFileRecord,
  type BulkExportRequest,
  type ClaimedJob,
} from "../services/bulk-export.js";
import { loanConditions, loanOrdering } from "../services/loan.js";
import type { DatasetColumn, DatasetDefinition } from "./catalogue.js";
import type { WrittenFile } from "./files.js";
import { FORMAT_FILES, type Format } from "./formats.js";
import { streamCursor, writeRenderings } from "./run.js";
import { createTempDir, placeFolder } from "./store.js";

export interface BulkExportSettings {
  /** Where job folders are written: never inside the public exports folder. */
  dir: string;
  /** How long a finished job's files stay downloadable. */
  ttlSeconds: number;
  /** Jobs this process runs at once; 0: none (a replica that only serves downloads). */
  concurrency: number;
  /** Largest export, in rows; a larger one fails (narrow the filter). */
  maxRows: number;
  /** Largest export, in bytes of all its files together (uncompressed); a larger one fails. */
  maxBytes: number;
  /** How often the worker looks for queued, abandoned and expired jobs. */
  pollMs: number;
  /** Statement timeout inside an export's transaction (its first fetch may sort every row). */
  statementTimeoutMs: number;
  /** Rows fetched per batch. */
  batchSize: number;
  /** Test hook: pause after every batch (to kill a job mid-way). */
  pauseAfterBatchMs: number;
  /** Write gzip twins (served to clients that accept gzip). */
  gzip: boolean;
}

export const DEFAULT_BULK_EXPORT: Readonly<Omit<BulkExportSettings, "dir">> = {
  ttlSeconds: 24 * 3600,
  concurrency: 1,
  maxRows: 2_000_000,
  maxBytes: 4 * 1024 ** 3,
  pollMs: 2_000,
  statementTimeoutMs: 120_000,
  batchSize: 2_000,
  pauseAfterBatchMs: 0,
  gzip: true,
};

/**
 * The settings, with the folder defaulting to `bulk-exports` beside the public exports folder.
 * A folder inside the public one is refused: the public route must never be able to reach it.
 */
export function bulkExportSettings(exportDir: string, options: Partial<BulkExportSettings> = {}): BulkExportSettings {
  const dir = resolve(options.dir ?? join(exportDir, "..", "bulk-exports"));
  const rel = relative(resolve(exportDir), dir);
  if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) {
    throw new Error(`BULK_EXPORT_DIR (${dir}) must not be EXPORT_DIR or lie inside it: bulk exports are private, and everything under EXPORT_DIR is public.`);
  }
  return { ...DEFAULT_BULK_EXPORT, ...options, dir };
}

function col(name: string, type: DatasetColumn["type"], titleZh: string, titleEn: string, descriptionEn: string, extra: Partial<DatasetColumn> = {}): DatasetColumn {
  return { name, type, titleZh, titleEn, descriptionZh: titleZh, descriptionEn, required: true, ...extra };
}

/** The columns of a bulk export: the fields of `GuaranteeLoan`, with the same values. */
export const BULK_LOANS: DatasetDefinition = {
  name: "guarantee-loans",
  version: 1,
  titleZh: "创业担保贷款明细",
  titleEn: "Guarantee loans, loan by loan",
  descriptionZh: "合作银行自己的创业担保贷款，逐笔；仅供该客户下载。",
  descriptionEn: "A partner's own guarantee loans, loan by loan; for that API client only.",
  keywords: [],
  primaryKey: ["bank_code", "loan_ref"],
  mayHoldSamples: true,
  public: false,
  columns: [
    col("bank_code", "string", "银行", "Bank", "The lending bank's code."),
    // Written as ="…" in the Excel variant: references such as 000123 must not lose their zeros.
    col("loan_ref", "string", "贷款编号", "Loan reference", "The bank's own reference for the loan.", { excelText: true }),
    col("county_code", "string", "旗县", "County", "The borrower's county-level unit (GB/T 2260).", { excelText: true }),
    col("league_code", "string", "盟市", "League", "The county's league-level unit (GB/T 2260).", { excelText: true }),
    col("borrower_type", "string", "借款人类型", "Borrower type", "INDIVIDUAL or SMALL_MICRO_ENTERPRISE.", { enum: ["INDIVIDUAL", "SMALL_MICRO_ENTERPRISE"] }),
    col("beneficiary_group", "string", "群体", "Beneficiary group", "The borrower's beneficiary group code; empty when none.", { required: false }),
    col("amount", "number", "金额（元）", "Amount (CNY)", "Amount lent, CNY, exact."),
    col("term_months", "integer", "期限（月）", "Term (months)", "Term in months."),
    col("annual_rate", "number", "年利率", "Annual rate", "Annual interest rate as a fraction."),
    col("interest_subsidy_share", "number", "贴息比例", "Interest subsidy share", "Share of the interest the guarantee fund pays, 0 to 1."),
    col("counter_guarantee_waived", "boolean", "免除反担保", "Counter-guarantee waived", "Whether the counter-guarantee was waived."),
    col("issued_on", "date", "发放日期", "Issued on", "Date the loan was issued."),
    col("maturity_on", "date", "到期日期", "Matures on", "The issue date plus the term."),
    col("status", "string", "状态", "Status", "ACTIVE, REPAID, OVERDUE or DEFAULTED.", { enum: ["ACTIVE", "REPAID", "OVERDUE", "DEFAULTED"] }),
    col("jobs_created", "integer", "带动就业", "Jobs created", "Jobs the borrower reports creating."),
    col("provenance", "string", "数据来源", "Provenance", "SOURCE for a reported loan, SAMPLE for sample data.", { enum: ["SOURCE", "SAMPLE"] }),
    col("created_at", "string", "记录时间", "Created at", "When the service first recorded the loan (RFC 3339, UTC, milliseconds: as the API's createdAt)."),
    col("updated_at", "string", "更新时间", "Updated at", "When the loan last changed (RFC 3339, UTC, milliseconds: as the API's updatedAt)."),
  ],
};

const isoMs = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The job's rows: the columns above, its filter, and the order of the `guaranteeLoans` list
 * (the same sort keys, bank and reference breaking ties). Values are cast to text in SQL, so
 * both engines write the same bytes.
 */
export function loanExportQuery(request: BulkExportRequest, scope: string): SQL {
  const where = loanConditions(request.filterBy);
  const { direction } = request.orderBy;
  const order = loanOrdering(request.orderBy.field, direction, scope).keys.map((k) => (direction === "ASC" ? sql`${k.expr} asc` : sql`${k.expr} desc`));
  const g = guaranteeLoans;
  return sql`select ${g.bankCode} as bank_code, ${g.loanRef} as loan_ref, ${g.countyCode} as county_code, ${g.leagueCode} as league_code,
      cast(${g.borrowerType} as text) as borrower_type, ${g.beneficiaryGroupCode} as beneficiary_group, cast(${g.amount} as text) as amount,
      ${g.termMonths} as term_months, cast(${g.annualRate} as text) as annual_rate, cast(${g.interestSubsidyShare} as text) as interest_subsidy_share,
      ${g.counterGuaranteeWaived} as counter_guarantee_waived, cast(${g.issuedOn} as text) as issued_on,
      cast(cast(${g.issuedOn} + make_interval(months => ${g.termMonths}) as date) as text) as maturity_on,
      cast(${g.status} as text) as status, ${g.jobsCreated} as jobs_created, cast(${g.provenance} as text) as provenance,
      ${isoMs(sql`${g.createdAt}`)} as created_at, ${isoMs(sql`${g.updatedAt}`)} as updated_at
    from ${g}${where ? sql` where ${where}` : sql``}
    order by ${sql.join(order, sql`, `)}`;
}

export const MANIFEST = "manifest.json";

/** What the worker logs to (Fastify's logger in the service). */
export type WorkerLog = Pick<FastifyBaseLogger, "info" | "warn" | "error">;

/** Refusals meant for the client: their message becomes the job's `errorMessage` as it is. */
export class BulkExportLimitError extends Error {}
class Stopping extends Error {}

const FAILED_UNEXPECTEDLY = "The export failed unexpectedly; the error has been logged. Create the job again later.";

function fileRecord(format: Format | "manifest", file: WrittenFile): BulkExportFileRecord {
  return {
    name: basename(file.path),
    format,
    mediatype: format === "manifest" ? "application/json" : FORMAT_FILES[format].mediatype,
    bytes: file.bytes,
    sha256: file.sha256,
    gzip: file.gzip ? { name: basename(file.gzip.path), bytes: file.gzip.bytes, sha256: file.gzip.sha256 } : null,
  };
}

/** Removes what earlier attempts at a job left in the folder (its temporary folders). */
async function removeTempsOf(dir: string, jobId: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) if (name.startsWith(`.tmp-${jobId}-`)) await rm(join(dir, name), { recursive: true, force: true });
}

interface RunContext {
  database: Database;
  settings: BulkExportSettings;
  log: WorkerLog;
  signal: AbortSignal;
}

/** Runs one claimed job to its end: SUCCEEDED with its files in place, FAILED, or back in the queue when the worker stops. */
export async function runJob(claimed: ClaimedJob, { database, settings, log, signal }: RunContext): Promise<void> {
  const { job } = claimed;
  const db = database.db;
  const started = performance.now();
  let temp: string | null = null;
  try {
    const viewer = await viewerForJob(db, job);
    if ("refused" in viewer) {
      await failJob(db, job.id, viewer.refused);
      log.info({ job: job.id, client: job.clientId }, `bulk export refused: ${viewer.refused}`);
      return;
    }
    const request = jobRequest(job);
    await removeTempsOf(settings.dir, job.id);
    temp = await createTempDir(settings.dir, job.id);
    const folder = temp;
    const meta = {
      name: BULK_LOANS.name,
      job: job.id,
      client: job.clientId,
      bank: job.bankCode,
      query: { filterBy: request.filterBy, orderBy: request.orderBy },
      generatedAt: new Date().toISOString(),
      columns: BULK_LOANS.columns.map((c) => ({ name: c.name, type: c.type, title: c.titleZh, titleEn: c.titleEn })),
    };
    const written = await withViewerScope(database, viewer, async (tx: Db) => {
      // The request's statement timeout is for interactive queries; an export's first fetch may sort every row.
      await tx.execute(sql`select set_config('statement_timeout', ${String(settings.statementTimeoutMs)}, true)`);
      return writeRenderings(folder, BULK_LOANS, meta, request.formats, (onBatch) => streamCursor(tx, loanExportQuery(request, viewer.clientId), onBatch, settings.batchSize), {
        gzip: settings.gzip,
        pauseAfterBatchMs: settings.pauseAfterBatchMs,
        onBatch: (rows, bytes) => {
          if (signal.aborted) throw new Stopping();
          if (rows > settings.maxRows) {
            throw new BulkExportLimitError(`The export holds more than ${settings.maxRows.toLocaleString("en")} loans, the most one job may hold. Narrow \`filterBy\` (for example by \`issuedOnFrom\`/\`issuedOnTo\`, or \`regionCode\`) and export in parts.`);
          }
          if (bytes > settings.maxBytes) {
            throw new BulkExportLimitError(`The export's files would exceed ${settings.maxBytes.toLocaleString("en")} bytes, the most one job may write. Ask for fewer formats, or narrow \`filterBy\` and export in parts.`);
          }
        },
      });
    });
    const files = request.formats.map((format) => fileRecord(format, written.files[format]!));
    const finished = new Date();
    const finishedAt = finished.toISOString();
    const expiresAt = new Date(finished.getTime() + settings.ttlSeconds * 1000).toISOString();
    const manifest = {
      job: job.id,
      client: job.clientId,
      bank: job.bankCode,
      dataset: BULK_LOANS.name,
      query: { filterBy: request.filterBy, orderBy: request.orderBy },
      formats: request.formats,
      rows: written.rows,
      createdAt: isoTimestamp(job.createdAt),
      startedAt: job.startedAt ? isoTimestamp(job.startedAt) : null,
      finishedAt,
      expiresAt,
      columns: meta.columns,
      files: files.map(({ name, format, mediatype, bytes, sha256, gzip }) => ({ name, format, mediatype, bytes, sha256, gzip })),
    };
    const manifestText = Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8");
    await writeFile(join(folder, MANIFEST), manifestText, { flush: true });
    files.push({ name: MANIFEST, format: "manifest", mediatype: "application/json", bytes: manifestText.length, sha256: createHash("sha256").update(manifestText).digest("hex"), gzip: null });

    // An earlier attempt may have placed the folder before its process died.
    await rm(join(settings.dir, job.id), { recursive: true, force: true });
    await placeFolder(settings.dir, folder, job.id);
    temp = null;
    if (!(await succeedJob(db, job.id, { finishedAt, expiresAt, rows: written.rows, files }))) {
      // Someone else decided about the job meanwhile (it is no longer ours): its files go.
      await rm(join(settings.dir, job.id), { recursive: true, force: true });
      return;
    }
    log.info({ job: job.id, client: job.clientId, rows: written.rows, bytes: files.reduce((s, f) => s + f.bytes, 0), ms: Math.round(performance.now() - started) }, "bulk export finished");
  } catch (err) {
    if (temp) await rm(temp, { recursive: true, force: true }).catch(() => {});
    if (err instanceof Stopping) {
      await requeueJob(db, job.id);
      log.info({ job: job.id }, "bulk export put back in the queue: the worker is stopping");
    } else if (err instanceof BulkExportLimitError) {
      await failJob(db, job.id, err.message);
      log.info({ job: job.id, client: job.clientId }, `bulk export refused: ${err.message}`);
    } else {
      log.error({ err, job: job.id }, "bulk export failed");
      await failJob(db, job.id, FAILED_UNEXPECTEDLY).catch((e) => log.error({ err: e, job: job.id }, "could not mark the bulk export FAILED"));
    }
  } finally {
    await claimed.release().catch((err) => log.warn({ err, job: job.id }, "could not release a bulk export's lock"));
  }
}

/** Workers of this process, woken when a job is queued here (other replicas find it when they poll). */
const workers = new Set<BulkExportWorker>();

export function notifyJobQueued(): void {
  for (const worker of workers) worker.wake();
}

/** How often leftovers (files of failed or vanished jobs, temporary folders) are looked for. */
const SWEEP_EVERY_MS = 10 * 60_000;
let workerCount = 0;

export class BulkExportWorker {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  private cycling: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastSweep = 0;
  private readonly runner = `${hostname()}:${process.pid}:${++workerCount}`;
  /**
   * Runs a function in the async context the worker was made in. A request that queues a job
   * wakes the worker; without this, the polling and the jobs started from there would carry that
   * request's context (its SQL statement counter, src/db/stats.ts) for the rest of their lives.
   */
  private readonly outside = AsyncLocalStorage.snapshot();

  constructor(
    private readonly database: Database,
    private readonly settings: BulkExportSettings,
    private readonly log: WorkerLog,
  ) {}

  start(): this {
    workers.add(this);
    this.wake();
    return this;
  }

  /** Looks for work now (or right after the current look). */
  wake(): void {
    this.outside(() => this.look());
  }

  private look(): void {
    if (this.stopped) return;
    if (this.cycling) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cycling = this.cycle()
      .catch((err) => this.log.error({ err }, "bulk export worker: a polling cycle failed"))
      .finally(() => {
        this.cycling = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.look();
        } else {
          this.timer = setTimeout(() => this.look(), this.settings.pollMs);
          this.timer.unref();
        }
      });
  }

  /** Stops polling; running jobs stop at their next batch and go back in the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    workers.delete(this);
    if (this.timer) clearTimeout(this.timer);
    await this.cycling;
    for (const job of this.running.values()) job.abort.abort();
    await Promise.all([...this.running.values()].map((j) => j.done));
  }

  /** Jobs this worker is running now. */
  get active(): number {
    return this.running.size;
  }

  private async cycle(): Promise<void> {
    const { database, settings } = this;
    const { requeued, failed } = await recoverAbandoned(database);
    for (const id of [...requeued, ...failed]) {
      await removeTempsOf(settings.dir, id);
      this.log.warn({ job: id, requeued: requeued.includes(id) }, "bulk export: its runner died; it was put back in the queue (once) or failed");
    }
    for (const id of await expireJobs(database.db)) await rm(join(settings.dir, id), { recursive: true, force: true });
    if (Date.now() - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = Date.now();
      await this.sweep();
    }
    while (!this.stopped && this.running.size < settings.concurrency) {
      const claimed = await claimNext(database, this.runner);
      if (!claimed) break;
      const abort = new AbortController();
      const id = claimed.job.id;
      const done = runJob(claimed, { database, settings, log: this.log, signal: abort.signal }).finally(() => {
        this.running.delete(id);
        this.wake();
      });
      this.running.set(id, { abort, done });
    }
  }

  /**
   * Removes what a crash left: the folders of jobs that failed, expired or no longer exist, and
   * temporary folders of jobs that no longer run. Only final states are acted on, so that no
   * replica removes what another is writing.
   */
  private async sweep(): Promise<void> {
    const entries = await readdir(this.settings.dir).catch(() => [] as string[]);
    const named = entries
      .map((name) => ({ name, id: JOB_ID.test(name) ? name : /^\.tmp-(bx_[a-z0-9]{24})-/.exec(name)?.[1] ?? null }))
      .filter((e): e is { name: string; id: string } => e.id !== null);
    const statuses = await jobStatuses(this.database.db, [...new Set(named.map((e) => e.id))]);
    for (const { name, id } of named) {
      const status = statuses.get(id);
      const over = status === undefined || status === "FAILED" || status === "EXPIRED";
      const leftoverTemp = name.startsWith(".tmp-") && status === "SUCCEEDED";
      if (over || leftoverTemp) await rm(join(this.settings.dir, name), { recursive: true, force: true });
    }
  }
}
