import type { Logger } from "drizzle-orm/logger";
import type { Db } from "./client.js";

/** What one request (or one unit of work) cost the database. */
export interface QueryStats {
  statements: number;
}

/**
 * The same database handle — same pool, same dialect — whose statements are counted in `stats`.
 * Each GraphQL request gets one (src/server.ts, the context function) and passes it wherever its
 * work goes (`ctx.db`, `ctx.database.api`), so the count is reported in the response's
 * `extensions` (tests assert it, so that an N+1 regression fails a test instead of a benchmark).
 *
 * It used to be one shared handle whose logger found the request's counter in an
 * AsyncLocalStorage. On Node 20 that turns on async hooks for every promise in the process, and
 * GraphQL execution makes thousands: 20–25% of the CPU of an uncached list query (BENCHMARKS.md,
 * "Where the time goes"). Here the handle itself carries the counter: a drizzle database reads
 * its session from `this.session`, and a session its logger from `this.logger` (transactions
 * from `this.options.logger`), so an object over the shared ones with those three replaced
 * counts every statement made through it — selects, `execute`, writes and transactions alike.
 * Only the relational `db.query` API keeps the shared session (this project does not use it).
 */
export function countedDb(db: Db, stats: QueryStats): Db {
  return counted(db, stats).db;
}

/** Counted handles and views → the shared object they stand for (see `shared`). */
const origins = new WeakMap<object, object>();

/**
 * What a counted handle (or a request's counted view of the database) stands for: state kept per
 * database in WeakMaps — the watched data version, the figures refresher — is found under it.
 */
export function shared<T extends object>(handle: T): T {
  return (origins.get(handle) as T | undefined) ?? handle;
}

/** `database` as one request sees it: the same object, with its `api` handle counted in `stats`. */
export function countedDatabase<D extends { api: Db }>(database: D, stats: QueryStats): D {
  const view = Object.create(database, { api: { value: countedDb(database.api, stats), enumerable: true } }) as D;
  origins.set(view, database);
  return view;
}

function counted(db: Db, stats: QueryStats): { db: Db } {
  const base = (db as unknown as { session: { options?: object } }).session;
  const logger: Logger = {
    logQuery() {
      stats.statements += 1;
    },
  };
  const session = Object.create(base, { logger: { value: logger }, options: { value: { ...base.options, logger } } }) as object;
  const handle = Object.create(db, { session: { value: session } }) as Db;
  origins.set(handle, shared(db));
  return { db: handle };
}
