import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.js";
import { countingLogger } from "./stats.js";

export type Schema = typeof schema;
/** The drizzle database, whichever engine is behind it: services are written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "pglite" | "postgres";

export interface Database {
  db: Db;
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
  /** Statement timeout in milliseconds, applied on both engines. */
  statementTimeoutMs?: number;
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

/** Opens the one data layer: postgres.js when a URL is given, PGlite otherwise. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      // A runaway query must not hold a connection forever: the server cancels it.
      connection: { statement_timeout: statementTimeoutMs, application_name: "chuangye-open-data" },
    });
    const db = drizzlePostgres({ client, schema, logger: countingLogger }) as unknown as Db;
    return { db, engine: "postgres", location: redactUrl(options.url), url: options.url, close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? "./data/pglite";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  await client.exec(`SET statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
  const db = drizzlePglite({ client, schema, logger: countingLogger }) as unknown as Db;
  return { db, engine: "pglite", location: dataDir, close: () => client.close() };
}

/**
 * Runs raw SQL and returns its rows on either engine: postgres.js answers `db.execute` with
 * an array of rows, PGlite with `{ rows }`. Everything that runs raw SQL goes through this.
 */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
