import type { SQL } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { openDatabase, queryRows, type Database } from "../../src/db/client.js";
import { buildServer, type ServerOptions } from "../../src/server.js";
import { publishDataVersion } from "../../src/services/refresh.js";
import { cloneTestDatabase, testEngine, type TestDatabaseLocation } from "./engines.js";
import { postJson } from "./http.js";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: { cost?: { sqlStatements: number; requestedQueryCost?: number; maximumAvailable?: number }; [k: string]: unknown };
}

/** Rows of a raw SQL query on either engine. */
export function rows<T = Record<string, unknown>>(database: Database, query: SQL): Promise<T[]> {
  return queryRows<T>(database.db, query);
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  database: Database;
  /** POSTs a query over real HTTP, as a client would; with `key`, as a partner (`Authorization: Bearer`). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { key?: string }): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * A fresh database of this file's own (engines.ts, cloneTestDatabase), opened. Its data version
 * of its own is published on the connection opened anyway: cloneTestDatabase would publish it
 * on one of its own, which on PGlite is one more start of the database (≈ 0.45 s of CPU a clone, warm).
 */
export async function openTestDatabase(poolSize = 4): Promise<{ location: TestDatabaseLocation; database: Database }> {
  const location = await cloneTestDatabase(testEngine(), { ownVersion: false });
  const database = await openDatabase({ url: location.url, dataDir: location.dataDir, poolSize });
  await publishDataVersion(database.db);
  return { location, database };
}

/** The real HTTP server on this file's own database (PGlite or PostgreSQL, per TEST_ENGINE). */
export async function startTestServer(options: { exportDir?: string; server?: Partial<ServerOptions> } = {}): Promise<TestServer> {
  const { location, database } = await openTestDatabase();
  const app = await buildServer({ database, logLevel: "silent", exportDir: options.exportDir ?? join(tmpdir(), "chuangye-no-exports"), ...options.server });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    app,
    database,
    async gql(query, variables, options) {
      const res = await postJson<object>(`${url}/graphql`, { query, variables }, options?.key ? { authorization: `Bearer ${options.key}` } : {});
      return { status: res.status, ...res.json };
    },
    async close() {
      await app.close();
      // A test may have closed the database already (to hand a PGlite folder to a CLI).
      await database.close().catch(() => {});
      await location.drop();
    },
  };
}

/**
 * Waits until the server has learnt the database's current data version. It learns it by
 * LISTEN/NOTIFY, which arrives a moment after the commit; until then its response cache and
 * per-version caches may answer a repeated query as of the version before. Call it after a write
 * the next request must see (an import, publishDataVersion on the test's own connection).
 */
export async function untilServerSeesDataVersion(server: TestServer): Promise<void> {
  const { knownDataVersion, readDataVersion } = await import("../../src/services/refresh.js");
  const version = await readDataVersion(server.database.db);
  for (let i = 0; i < 400 && knownDataVersion(server.database.api) !== version; i++) await new Promise((r) => setTimeout(r, 25));
  if (knownDataVersion(server.database.api) !== version) throw new Error(`the server did not learn the data version ${version} within 10 s`);
}
