import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { PGlite } from "@electric-sql/pglite";
import { getTableName, sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTable } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** The drizzle database, whichever engine is behind it: services are written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "pglite" | "postgres";

export interface Database {
  /** The owner's connection: migrations, seeds, imports, exports, rollups. */
  db: Db;
  /**
   * The API's connection, under the role that row-level security applies to (`chuangye_api`,
   * migration 0005): on PostgreSQL a pool that logs in as that role and owns nothing; on PGlite
   * (one connection) the same handle, and partner work switches role per transaction
   * (`SET LOCAL ROLE`, src/auth/scoped.ts). Every GraphQL request goes through this one.
   */
  api: Db;
  /** How the API's handle takes the restricted role: it logged in as it, or it must SET ROLE. */
  apiRole: "login" | "set-role";
  engine: Engine;
  /** Where the data lives: the PGlite folder, or the server URL without its password. */
  location: string;
  /** The server URL (postgres engine only), for work that needs its own connection. */
  url?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; without one the embedded PGlite engine is used. */
  url?: string | undefined;
  /** PGlite data folder (ignored with a URL). */
  dataDir?: string | undefined;
  /** Connection pool size for the server engine. */
  poolSize?: number;
  /**
   * Statement timeout in milliseconds. Set on both engines, enforced by PostgreSQL only: PGlite's
   * PostgreSQL runs in this thread and has no timer signal to cancel a statement with.
   */
  statementTimeoutMs?: number;
  /**
   * The API role's URL (PostgreSQL): by default `url` with the user `chuangye_api` and no
   * password, which local trust or peer authentication accepts; set API_DATABASE_URL in
   * production to give it its password.
   */
  apiUrl?: string | undefined;
}

/** The role the API connects as (created by migration 0005). */
export const API_ROLE = "chuangye_api";

/** The owner's URL with the API role as its user (and no password). */
export function apiUrlFor(url: string): string {
  const u = new URL(url);
  u.username = API_ROLE;
  u.password = "";
  return u.toString();
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/**
 * Named prepared statements for the API's requests (issue 11). drizzle prepares only queries
 * named with `.prepare()`, so PostgreSQL parsed and planned every list query on every request —
 * for a page of bases joined to their regions the plan took longer than the run (≈ 1 ms against
 * ≈ 0.6 ms; the same statement round trip 8.6 → 2.0–3.6 ms prepared, on this machine under load).
 * patches/drizzle-orm+0.45.4.patch lets a process choose which statements to prepare; here:
 * those of the API role's pool (the owner's connection runs imports, exports and one-off
 * statements whose text is built per call) whose text has no `IN (…)` list — a list's length
 * changes the text, and postgres.js keeps one prepared statement per distinct text per
 * connection until the connection is recycled (`max_lifetime`, 30–60 min by default). So the
 * prepared texts are the query shapes: a list with its filters, ordering and columns.
 */
const preparedClients = new WeakSet<object>();
const UNNAMED_PREPARE_POLICY = Symbol.for("drizzle-orm:postgres-js:prepare-unnamed");
(globalThis as Record<symbol, unknown>)[UNNAMED_PREPARE_POLICY] = (text: string, client: object) => preparedClients.has(client) && text.length <= 8_000 && !/\bin \(/i.test(text);

/**
 * PGlite's PostgreSQL is WebAssembly, which V8 runs first as quickly compiled (Liftoff) code and
 * recompiles function by function with its optimizing compiler (TurboFan) once a function has run
 * "enough" — by default after so little that a start had hundreds of functions compiled at once,
 * on the cores the start itself needs, and the main thread then waited for them: a later start
 * listened, then sat 250–320 ms before it could accept its first connection (strace: the main
 * thread blocked on a V8 worker thread between listen() and adding the socket to epoll). Ten
 * times the default budget leaves a start's one-off statements in Liftoff and still optimizes
 * what keeps running: later start 2.1 → 1.7 s (medians of 6; AMD EPYC, 2 cores); 600 rounds of
 * three queries ran as fast from the second hundred on (2.9–4.0 s a hundred, against 3.4–4.1 s
 * with the default; two runs each); a hundred times the budget started as quickly but ran
 * ≈ 15 % slower. PGlite's module is
 * compiled at the first open, after this module is loaded: the setting holds for every process
 * that opens PGlite — the service, the command-line scripts, the image build and the tests (the
 * PGlite half of a set of heavy test files: ≈ 5 % less CPU).
 */
// `npm start` sets the same flag first of all (scripts/start.mjs, runServer): V8 accepts the
// bundle's code cache only under the flags it was made with, which include this one.
setFlagsFromString("--wasm-tiering-budget=18000000");

/**
 * How PGlite's PostgreSQL is started. Its shared buffers are 32 MB rather than PostgreSQL's
 * 128 MB: PGlite allocates and zeroes them inside WebAssembly memory at every start, and a
 * later start spent ≈ 0.6 s of its ≈ 1.2 s opening the database there (measured: PGlite.create
 * 1.07–1.15 s with 128 MB, 0.67–0.87 s with 32 MB; bench:start in BENCHMARKS.md). 32 MB holds
 * the sample database's busy tables whole (the loans 14 MB with their indexes, their rollups,
 * the search index: 44 MB in all, most of it read rarely); a page outside it is one read from
 * the operating system's cache, which holds the files anyway. The statement timeout is a start
 * parameter too (no statement of its own); PGlite shows it but cannot enforce it (see above).
 */
export function pgliteStartParams(options: { statementTimeoutMs?: number } = {}): string[] {
  return [
    ...PGlite.defaultStartParams,
    "-c",
    "shared_buffers=32MB",
    ...(options.statementTimeoutMs === undefined ? [] : ["-c", `statement_timeout=${Math.trunc(options.statementTimeoutMs)}`]),
  ];
}

/**
 * PGlite's compiled WebAssembly and file-system image, when `npm start` began loading them before
 * this code was loaded (scripts/start.mjs, preloadPglite: V8 compiles the module on background
 * threads while the main thread compiles and runs the bundle). Anything else — the tests, the
 * scripts, `npm run dev` — has none, and PGlite loads them itself, as it also does if preloading
 * failed.
 */
async function preloadedPglite(): Promise<{ pgliteWasmModule?: WebAssembly.Module; fsBundle?: Blob }> {
  // fsBundle: an object with the one method of a Blob that PGlite calls (arrayBuffer).
  const preloaded = (globalThis as Record<symbol, unknown>)[Symbol.for("chuangye.pglite.preloaded")] as { wasmModule: Promise<WebAssembly.Module>; fsBundle: Promise<Blob> } | undefined;
  if (!preloaded) return {};
  try {
    return { pgliteWasmModule: await preloaded.wasmModule, fsBundle: await preloaded.fsBundle };
  } catch {
    return {};
  }
}

/**
 * Marks a data folder while its database is being created: unpacked from the prepared image
 * (src/db/image.ts) or made by PGlite's initdb (openDatabase, on an empty folder). The mark is
 * removed once the folder holds the whole database; a first start killed half-way (kill -9, a
 * lost machine) leaves it, with whatever files were written — PG_VERSION among them, perhaps,
 * which would make the folder pass for a database. The next opening of the folder (the
 * service, which says so in its log, or a command-line script) clears it and begins again
 * (`clearInterruptedCreation`) instead of opening half a database or running initdb over the
 * files left.
 */
export const CREATING_MARK = ".chuangye-creating";

/**
 * Empties a data folder whose creation was cut off (it holds CREATING_MARK); true when it did.
 * A folder without the mark is never touched.
 */
export function clearInterruptedCreation(dataDir: string): boolean {
  if (!existsSync(join(dataDir, CREATING_MARK))) return false;
  emptyFolder(dataDir);
  return true;
}

/** Removes everything in a folder (if there is one), keeping the folder. */
export function emptyFolder(dir: string): void {
  for (const entry of existsSync(dir) ? readdirSync(dir) : []) rmSync(join(dir, entry), { recursive: true, force: true });
}

/**
 * Creates a database in `dataDir` (which the caller knows to be empty or missing) with the folder
 * marked (CREATING_MARK) until `create` has made all of it: PGlite's initdb (openDatabase) or the
 * prepared image's unpacking (src/db/image.ts). Cut off half-way, the mark stays.
 */
export async function whileCreating<T>(dataDir: string, create: () => Promise<T>): Promise<T> {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, CREATING_MARK), "");
  const created = await create();
  rmSync(join(dataDir, CREATING_MARK));
  return created;
}

/** Opens the one data layer: postgres.js when a URL is given, PGlite otherwise. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
  if (options.url) {
    const connect = (url: string, max: number, connection: Record<string, string | number>) =>
      postgres(url, {
        max,
        onnotice: () => {},
        // A runaway query must not hold a connection forever: the server cancels it.
        connection: { statement_timeout: statementTimeoutMs, ...connection },
      });
    const client = connect(options.url, options.poolSize ?? 10, { application_name: "chuangye-open-data" });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    // postgres.js connects on first use: CLIs that never serve requests never open these.
    // Requests' transactions are short: one left open (a client gone mid-request) is closed.
    const apiClient = connect(options.apiUrl ?? apiUrlFor(options.url), options.poolSize ?? 10, {
      application_name: "chuangye-open-data-api",
      idle_in_transaction_session_timeout: Math.max(statementTimeoutMs, 10_000),
    });
    preparedClients.add(apiClient);
    const api = drizzlePostgres({ client: apiClient, schema }) as unknown as Db;
    return {
      db,
      api,
      apiRole: "login",
      engine: "postgres",
      location: redactUrl(options.url),
      url: options.url,
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), apiClient.end({ timeout: 5 })]);
      },
    };
  }
  const dataDir = options.dataDir ?? "./data/pglite";
  // An empty folder gets its database from PGlite's initdb, marked while it is made. Only an
  // empty one: a folder holding other files (someone's, not a database) is never marked, so
  // never cleared.
  const creating = !dataDir.startsWith("memory://") && (clearInterruptedCreation(dataDir) || !existsSync(dataDir) || readdirSync(dataDir).length === 0);
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const open = async () => PGlite.create(dataDir, { startParams: pgliteStartParams({ statementTimeoutMs }), ...(await preloadedPglite()) });
  const client = creating ? await whileCreating(dataDir, open) : await open();
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, api: db, apiRole: "set-role", engine: "pglite", location: dataDir, close: () => client.close() };
}

/**
 * Brings the planner's statistics up to date after a bulk write (the sample seed, an import).
 * PGlite runs no autovacuum, so without this its tables were never analyzed and every plan was
 * made from default guesses: a bank's ≈ 4,000 sample loans were estimated at 90 rows, read
 * whole and sorted, where the index gives them in order. On PostgreSQL autovacuum gets to it
 * within a minute or so; done at once, the first requests after a seed or an import are planned
 * on the data they read too. ANALYZE samples at most 30,000 rows a table, whatever its size
 * (the whole seeded database: ≈ 1 s on PGlite).
 */
export async function analyzeDatabase(db: Db): Promise<boolean> {
  return analyze(db, sql`analyze`);
}

/**
 * Statistics only steer plans, and they run after the write has committed: a failure (a timeout,
 * say) must not make a seed or an import that is in place report that it failed — an import's
 * exit 3 says nothing was imported. The old statistics stay; says whether it ran.
 */
async function analyze(db: Db, statement: SQL): Promise<boolean> {
  try {
    await db.execute(statement);
    return true;
  } catch {
    return false;
  }
}

/**
 * ANALYZE one table after a write of `changedRows`, if that is enough to move its statistics —
 * autovacuum's own rule (more than 50 rows plus 10% of the table): a few corrected rows are not
 * worth the ≈ 0.4 s ANALYZE of 32,000 loans takes on PGlite, an official file replacing the
 * sample is. Says whether it ran; never throws (see `analyze`).
 */
export async function analyzeIfChanged(db: Db, table: PgTable, changedRows: number): Promise<boolean> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select greatest(reltuples, 0) as n from pg_class where oid = to_regclass(${getTableName(table)})`);
  if (changedRows <= 50 + 0.1 * Number(row?.n ?? 0)) return false;
  return analyze(db, sql`analyze ${table}`);
}

/**
 * The postgres.js client behind a drizzle handle of the server engine, or null on PGlite: for what
 * drizzle cannot do, such as streaming `COPY … TO STDOUT` (src/exports/copy.ts).
 */
export function postgresClientOf(db: Db): postgres.Sql | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client && !(client instanceof PGlite) && typeof (client as postgres.Sql).begin === "function" ? (client as postgres.Sql) : null;
}

/**
 * Runs raw SQL and returns its rows on either engine: postgres.js answers `db.execute` with
 * an array of rows, PGlite with `{ rows }`. Everything that runs raw SQL goes through this.
 */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
