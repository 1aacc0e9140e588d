import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "drizzle-orm/logger";

/** What one request (or one unit of work) cost the database. */
export interface QueryStats {
  statements: number;
}

/**
 * The statement counter for the current request. The drizzle client is shared by all
 * requests, so its logger cannot hold per-request state itself: AsyncLocalStorage hands
 * each request its own counter, and the count is reported in the response's `extensions`
 * (tests assert it, so that an N+1 regression fails a test instead of a benchmark).
 */
export const queryStatsStorage = new AsyncLocalStorage<QueryStats>();

export const countingLogger: Logger = {
  logQuery() {
    const stats = queryStatsStorage.getStore();
    if (stats) stats.statements += 1;
  },
};
