import type { Database, Db } from "../db/client.js";
import { createLoaders, type Loaders } from "../loaders/index.js";
import { ANONYMOUS, type Viewer } from "../auth/viewer.js";
import { newUsage, type RequestUsage } from "../auth/usage.js";
import type { QueryStats } from "../db/stats.js";

export interface ExportsSettings {
  /** Where snapshots are published. */
  dir: string;
  /** Public origin for absolute download URLs, if known. */
  publicBaseUrl: string | null;
}

/**
 * What every resolver receives: the API's database handle, who is calling (`viewer`, from
 * src/auth/viewer.ts), this request's own DataLoaders, and where exports live. Loan-level
 * SQL takes `database` through withViewerScope (src/auth/scoped.ts), never `db` directly.
 */
export interface Context {
  /** The API role's handle (public data; row-level security leaves it no loan rows). */
  db: Db;
  database: Pick<Database, "api" | "apiRole">;
  viewer: Viewer;
  loaders: Loaders;
  exports: ExportsSettings;
  /**
   * What this request used, for the rate limiter and the audit log (src/auth/usage.ts). Every
   * field returning GuaranteeLoan objects reports how many with `countLoanRows(ctx, n)`.
   */
  usage: RequestUsage;
  /** The SQL statements this request made (through `db` and `database.api`: see db/stats.ts). */
  stats: QueryStats;
}

export function createContext(database: Pick<Database, "api" | "apiRole">, exports: ExportsSettings, viewer: Viewer = ANONYMOUS, usage: RequestUsage = newUsage(""), stats: QueryStats = { statements: 0 }): Context {
  usage.viewer = viewer;
  return { db: database.api, database, viewer, loaders: createLoaders(database.api), exports, usage, stats };
}
