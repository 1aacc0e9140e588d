import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import type { Database, Db } from "../db/client.js";
import { appMeta } from "../db/schema/index.js";
import { shared } from "../db/stats.js";
import { rebuildSearchIndex } from "./search.js";

export const DATA_VERSION_KEY = "data:version";
/** Channel on which every committed refresh announces its data version. */
export const DATA_VERSION_CHANNEL = "chuangye_data_version";

/**
 * Re-aggregates every loan into loan_rollups at the API's finest grain. A full rewrite keeps
 * it obviously right (no drift from incremental updates); at 1,000,000 loans it is one
 * GROUP BY of a few seconds, paid once per import instead of on every request. The SQL is the
 * database function refresh_loan_rollups() (migration 0005): owned by the tables' owner, so
 * the API role can run it after a bank reports loans without reading other banks' rows.
 */
export async function refreshLoanRollups(db: Db): Promise<void> {
  await db.execute(sql`select refresh_loan_rollups()`);
}

/** Writes a new data version and announces it (NOTIFY, delivered at commit, never on rollback). */
export async function publishDataVersion(db: Db): Promise<string> {
  const version = randomUUID();
  // publish_data_version() writes DATA_VERSION_KEY and notifies DATA_VERSION_CHANNEL.
  await db.execute(sql`select publish_data_version(${version})`);
  return version;
}

/**
 * Rebuilds what is derived from the base tables, and marks the data as changed. By default
 * everything; a write that touched only some tables says what it can have changed (an import:
 * src/imports/run.ts) — the rollups are of the loans alone, the search index of SEARCH_SOURCES.
 */
export async function refreshDerived(db: Db, parts: { rollups: boolean; search: boolean } = { rollups: true, search: true }): Promise<string> {
  if (parts.rollups) await refreshLoanRollups(db);
  if (parts.search) await rebuildSearchIndex(db);
  return publishDataVersion(db);
}

export async function readDataVersion(db: Db): Promise<string> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, DATA_VERSION_KEY));
  return row?.value ?? "none";
}

/**
 * Versions kept current by watchers, per database handle. Several servers may watch one handle
 * (tests start a second server on the same database): they share one state, counted, so that one
 * stopping leaves the others' version known and current.
 */
const watched = new WeakMap<Db, { version: string; watchers: number }>();

/**
 * The current data version: caches of derived answers (response cache, statistics tables,
 * progress) are keyed by it. With a watcher running (the server starts one) it is known
 * without a query; otherwise it is read from app_meta.
 */
export async function dataVersion(db: Db): Promise<string> {
  // A request's counted handle (db/stats.ts) finds the version watched on the handle it counts for.
  return watched.get(shared(db))?.version ?? readDataVersion(db);
}

/** The data version a watcher keeps current for this handle, without a query; undefined when none runs. */
export function knownDataVersion(db: Db): string | undefined {
  return watched.get(shared(db))?.version;
}

/**
 * Keeps this process's idea of the data version current with LISTEN/NOTIFY: every refresh
 * notifies at commit, on any replica or CLI. postgres.js re-subscribes after a lost connection
 * and calls `onlisten` each time, where the version is read again, so a notification missed
 * while disconnected cannot leave a stale version behind. Returns a function that stops it.
 */
export async function watchDataVersion(database: Database): Promise<() => Promise<void>> {
  const version = await readDataVersion(database.db);
  const state = watched.get(database.db) ?? { version, watchers: 0 };
  state.version = version;
  state.watchers += 1;
  const onNotify = (payload: string) => {
    if (payload) state.version = payload;
  };
  let stop: () => Promise<void>;
  if (database.engine === "postgres") {
    const client = (database.db as unknown as { $client: postgres.Sql }).$client;
    const request = await client.listen(DATA_VERSION_CHANNEL, onNotify, () => {
      void readDataVersion(database.db).then((v) => (state.version = v));
    });
    stop = () => request.unlisten();
  } else {
    const client = (database.db as unknown as { $client: PGlite }).$client;
    stop = await client.listen(DATA_VERSION_CHANNEL, onNotify);
  }
  // Both handles (owner and API role) read the same data version.
  watched.set(database.db, state);
  watched.set(database.api, state);
  let stopped = false;
  return async () => {
    if (!stopped && --state.watchers === 0 && watched.get(database.db) === state) {
      watched.delete(database.db);
      watched.delete(database.api);
    }
    stopped = true;
    // After the database is closed there is nothing left to unlisten from.
    await stop().catch(() => {});
  };
}
