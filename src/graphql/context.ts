import type { Db } from "../db/client.js";
import { createLoaders, type Loaders } from "../loaders/index.js";

export interface ExportsSettings {
  /** Where snapshots are published. */
  dir: string;
  /** Public origin for absolute download URLs, if known. */
  publicBaseUrl: string | null;
}

/** What every resolver receives: the database, this request's own DataLoaders, and where exports live. */
export interface Context {
  db: Db;
  loaders: Loaders;
  exports: ExportsSettings;
}

export function createContext(db: Db, exports: ExportsSettings): Context {
  return { db, loaders: createLoaders(db), exports };
}
