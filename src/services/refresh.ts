import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import type { Database, Db } from "../db/client.js";
import { appMeta, guaranteeLoans, loanRollups } from "../db/schema/index.js";
import { rebuildSearchIndex } from "./search.js";

export const DATA_VERSION_KEY = "data:version";
/** Channel on which every committed refresh announces its data version. */
export const DATA_VERSION_CHANNEL = "chuangye_data_version";

/**
 * Re-aggregates every loan into loan_rollups at the API's finest grain. A full rewrite keeps
 * it obviously right (no drift from incremental updates); at 1,000,000 loans it is one
 * GROUP BY of a few seconds, paid once per import instead of on every request.
 */
export async function refreshLoanRollups(db: Db): Promise<void> {
  await db.delete(loanRollups);
  await db.execute(sql`
    insert into ${loanRollups} (county_code, league_code, year, quarter, borrower_type, beneficiary_group_code, bank_code, loan_count, total_amount, jobs_created, sample_count, key_sum, max_amount)
    select county_code, league_code, cast(extract(year from issued_on) as integer), cast(extract(quarter from issued_on) as integer),
           borrower_type, coalesce(beneficiary_group_code, ''), bank_code,
           cast(count(*) as integer), sum(amount), cast(sum(jobs_created) as integer),
           cast(count(*) filter (where provenance = 'SAMPLE') as integer),
           sum(cast(record_key as bigint)), max(amount)
    from ${guaranteeLoans}
    group by 1, 2, 3, 4, 5, 6, 7`);
}

/** Rebuilds everything derived from the base tables, and marks the data as changed. */
export async function refreshDerived(db: Db): Promise<string> {
  await refreshLoanRollups(db);
  await rebuildSearchIndex(db);
  const version = randomUUID();
  await db
    .insert(appMeta)
    .values({ key: DATA_VERSION_KEY, value: version })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: version, updatedAt: sql`now()` } });
  // Delivered at commit, to every replica's watcher (see watchDataVersion); never on rollback.
  await db.execute(sql`select pg_notify(${DATA_VERSION_CHANNEL}, ${version})`);
  return version;
}

export async function readDataVersion(db: Db): Promise<string> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, DATA_VERSION_KEY));
  return row?.value ?? "none";
}

/** Versions kept current by a watcher, per database handle. */
const watched = new WeakMap<Db, { version: string }>();

/**
 * The current data version: caches of derived answers (response cache, statistics tables,
 * progress) are keyed by it. With a watcher running (the server starts one) it is known
 * without a query; otherwise it is read from app_meta.
 */
export async function dataVersion(db: Db): Promise<string> {
  return watched.get(db)?.version ?? readDataVersion(db);
}

/**
 * Keeps this process's idea of the data version current with LISTEN/NOTIFY: every refresh
 * notifies at commit, on any replica or CLI. postgres.js re-subscribes after a lost connection
 * and calls `onlisten` each time, where the version is read again, so a notification missed
 * while disconnected cannot leave a stale version behind. Returns a function that stops it.
 */
export async function watchDataVersion(database: Database): Promise<() => Promise<void>> {
  const state = { version: await readDataVersion(database.db) };
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
  watched.set(database.db, state);
  return async () => {
    watched.delete(database.db);
    // After the database is closed there is nothing left to unlisten from.
    await stop().catch(() => {});
  };
}
