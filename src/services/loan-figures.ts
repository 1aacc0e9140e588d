/**
 * The public loan figures (statistics, the loan tables of the exports, target progress) are
 * computed from `loan_rollups`, which a full rebuild keeps right (src/services/refresh.ts). A
 * rebuild costs seconds at 1,000,000 loans, so banks' reports through the API do not pay it:
 *
 * - every write transaction adds a row to `loan_figures_pending` (it exists iff the write commits);
 * - after a commit, the process arms a timer: FIGURES_REFRESH_DELAY_MS later (30 s by default)
 *   one background refresh folds in every write made until then — a burst of batches costs one
 *   rebuild, and one process starts at most one rebuild per delay;
 * - the refresh runs in one transaction: it takes the seed lock without waiting
 *   (`pg_try_advisory_xact_lock`: an import or seed rebuilds the rollups itself; a refresh by
 *   another replica is under way), deletes the pending rows it can see, rebuilds the rollups and
 *   publishes a new data version (caches everywhere follow it). Nothing pending: nothing to do,
 *   so replicas that wrote at the same time rebuild once between them. Busy or failed: it tries
 *   again one delay later, and the rows stay — a change is never left out;
 * - at start-up, rows left by a process that stopped before its refresh are picked up.
 *
 * A reported change is therefore in the public figures within the delay plus the rebuild time;
 * `figuresRefreshedAt` (the data version's time) says how current they are: every change
 * committed before it is in them.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database, type Db } from "../db/client.js";
import { LOCK_KEYS } from "../db/lock.js";
import { shared } from "../db/stats.js";
import { DATA_VERSION_KEY, publishDataVersion, refreshLoanRollups } from "./refresh.js";

export const DEFAULT_FIGURES_REFRESH_DELAY_MS = 30_000;

/** A rebuild at 1,000,000 loans takes seconds: more than a request's statement timeout allows. */
const REFRESH_STATEMENT_TIMEOUT_MS = 300_000;

/** FIGURES_REFRESH_DELAY_MS: how long after a reported change the background refresh starts. */
export function figuresRefreshDelayFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FIGURES_REFRESH_DELAY_MS;
  if (raw === undefined || raw === "") return DEFAULT_FIGURES_REFRESH_DELAY_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 86_400_000) throw new Error(`FIGURES_REFRESH_DELAY_MS must be an integer from 10 to 86400000; got ${JSON.stringify(raw)}`);
  return n;
}

/** In a write transaction: the public figures need what it wrote (see the top of this file). */
export async function markFiguresStale(db: Db): Promise<void> {
  await db.execute(sql`insert into loan_figures_pending default values`);
}

/** When the public figures were last rebuilt (every loan change committed before it is in them), as PostgreSQL prints it. */
export async function figuresRefreshedAt(db: Db): Promise<string | null> {
  const [row] = await queryRows<{ at: string }>(db, sql`select cast(updated_at as text) as at from app_meta where key = ${DATA_VERSION_KEY}`);
  return row?.at ?? null;
}

export type RefreshOutcome = "refreshed" | "nothing-pending" | "busy";

/** One attempt at a refresh, as described at the top of this file. */
export async function refreshFiguresOnce(db: Db): Promise<RefreshOutcome> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(cast(${LOCK_KEYS.seed.toString()} as bigint)) as locked`);
    if (!lock?.locked) return "busy";
    // The rows this statement sees were committed before it, and so were their loans: the
    // rebuild below (a later statement, a later snapshot) holds them. A write committing in
    // between leaves its row for the next refresh: at worst one rebuild too many.
    const taken = await queryRows(tx, sql`delete from loan_figures_pending returning id`);
    if (taken.length === 0) return "nothing-pending";
    await tx.execute(sql.raw(`set local statement_timeout = ${REFRESH_STATEMENT_TIMEOUT_MS}`));
    await refreshLoanRollups(tx);
    await publishDataVersion(tx);
    return "refreshed";
  });
}

export async function hasPendingFigures(db: Db): Promise<boolean> {
  const rows = await queryRows(db, sql`select 1 from loan_figures_pending limit 1`);
  return rows.length > 0;
}

/** The debounced, single-flight refresher of one database handle (one per process). */
export class FiguresRefresher {
  private timer: NodeJS.Timeout | null = null;
  private dueAt: Date | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** What the attempts came to, for logs and tests. */
  readonly stats = { refreshed: 0, nothingPending: 0, busy: 0, failed: 0 };

  constructor(
    private readonly db: Db,
    readonly delayMs: number,
    private readonly log: { error(obj: object, msg: string): void; info?(obj: object, msg: string): void },
  ) {}

  /** After a write committed: the background refresh that will hold it starts by the returned time. */
  request(): Date | null {
    if (this.stopped) return null;
    if (!this.timer) {
      this.dueAt = new Date(Date.now() + this.delayMs);
      this.timer = setTimeout(() => this.fire(), this.delayMs);
      // A pending refresh never keeps a process alive (the rows in loan_figures_pending do the remembering).
      this.timer.unref();
    }
    return this.dueAt;
  }

  private fire(): void {
    this.timer = null;
    this.dueAt = null;
    if (this.stopped) return;
    // A refresh still running may have started before some of the writes that armed this timer.
    if (this.running) {
      this.request();
      return;
    }
    const started = performance.now();
    this.running = refreshFiguresOnce(this.db)
      .then((outcome) => {
        if (outcome === "busy") {
          this.stats.busy++;
          this.request();
        } else if (outcome === "refreshed") {
          this.stats.refreshed++;
          this.log.info?.({ ms: Math.round(performance.now() - started) }, "public loan figures refreshed after reported changes");
        } else this.stats.nothingPending++;
      })
      .catch((err: unknown) => {
        this.stats.failed++;
        if (this.stopped) return;
        this.log.error({ err }, "refreshing the public loan figures failed; trying again after the delay");
        this.request();
      })
      .finally(() => {
        this.running = null;
      });
  }

  /** At start-up: changes a stopped process did not fold in yet. */
  async resume(): Promise<void> {
    if (await hasPendingFigures(this.db)) this.request();
  }

  /** Waits for a refresh under way, if any (tests, shutdown). */
  async settled(): Promise<void> {
    await this.running;
  }

  /**
   * Waits until no refresh is under way or scheduled (tests): a test that counts refreshes must
   * not start while an earlier write's timer is still armed, or that timer's refresh is counted
   * as its own (a full run of test/loan-reporting.test.ts once saw two where it expected one).
   */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, Math.max(10, (this.dueAt?.getTime() ?? 0) - Date.now() + 10)));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** One refresher per database, shared by the servers built on it (tests build several). */
const refreshers = new WeakMap<object, { refresher: FiguresRefresher; users: number }>();

/**
 * Starts (or joins) the refresher of `database` for a server; the returned function leaves it,
 * and the last server to leave stops it.
 */
export async function startFiguresRefresher(database: Database, delayMs: number, log: FiguresRefresher["log"]): Promise<() => Promise<void>> {
  let entry = refreshers.get(database);
  if (!entry) {
    // The API role's handle: the rebuild runs through the SECURITY DEFINER functions of migration 0005.
    entry = { refresher: new FiguresRefresher(database.api, delayMs, log), users: 0 };
    refreshers.set(database, entry);
    await entry.refresher.resume().catch((err: unknown) => log.error({ err }, "could not look for pending loan figure refreshes"));
  }
  entry.users++;
  const joined = entry;
  return async () => {
    if (--joined.users > 0) return;
    refreshers.delete(database);
    await joined.refresher.stop();
  };
}

/** The refresher of the database a request runs on; null outside a server (nothing is lost: the pending rows remain). */
export function figuresRefresher(database: object): FiguresRefresher | null {
  // A request's counted view of the database (db/stats.ts) finds the refresher of the database itself.
  return refreshers.get(shared(database))?.refresher ?? null;
}
