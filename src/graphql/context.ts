import type { Db } from "../db/client.js";
import { createLoaders, type Loaders } from "../loaders/index.js";

/** What every resolver receives: the database and this request's own DataLoaders. */
export interface Context {
  db: Db;
  loaders: Loaders;
}

export function createContext(db: Db): Context {
  return { db, loaders: createLoaders(db) };
}
