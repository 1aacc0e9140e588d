/**
 * The servers the fuzz talks to: the real HTTP service with the response cache off — every
 * request is parsed, validated, priced and executed, so a repeated request cannot hide behind a
 * cached answer — and, over the same database, the service as it runs by default (cache on) for
 * a quarter of the requests; the errors both log are kept, to name the cause of an internal error.
 */
import type { FastifyInstance } from "fastify";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../src/db/client.js";
import { buildServer } from "../../src/server.js";
import { publishDataVersion } from "../../src/services/refresh.js";
import { cloneTestDatabase, testEngine } from "./engines.js";

export interface FuzzServer {
  /** Response cache off: every request executes. */
  url: string;
  /** Response cache on, same data. */
  cachedUrl: string;
  app: FastifyInstance;
  database: Database;
  /** Errors logged since the last call: message and the first frame of our own code. */
  drainServerLog(): string[];
  close(): Promise<void>;
}

/** Keeps what the server logs as errors (it logs the unmasked error behind every INTERNAL_SERVER_ERROR). */
export function captureErrorLog(app: FastifyInstance): () => string[] {
  let logged: string[] = [];
  const log = app.log as unknown as { error: (obj: unknown, msg?: string) => void };
  log.error = (obj: unknown, msg?: string) => {
    const err = (obj as { err?: { message?: string; stack?: string; originalError?: { message?: string; stack?: string } } })?.err;
    const original = err?.originalError ?? err;
    // The first frame in the project's own code (not a dependency's), as `src/file.ts:line:column`.
    const frame = original?.stack?.split("\n").find((l) => /\/src\//.test(l) && !/node_modules/.test(l))?.trim();
    logged.push(`${original?.message ?? msg ?? "?"}${frame ? ` (${frame.replace(/^.*\/src\//, "src/").replace(/\)$/, "")})` : ""}`);
  };
  return () => {
    const out = logged;
    logged = [];
    return out;
  };
}

/** The service twice over one database — response cache off and on — each on its own port. */
export async function serveFuzzTargets(database: Database): Promise<Omit<FuzzServer, "database">> {
  const exportDir = join(tmpdir(), "chuangye-no-exports");
  const app = await buildServer({ database, logLevel: "silent", responseCache: false, exportDir });
  const cachedApp = await buildServer({ database, logLevel: "silent", responseCache: true, exportDir });
  const drains = [captureErrorLog(app), captureErrorLog(cachedApp)];
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  const cachedUrl = await cachedApp.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    cachedUrl,
    app,
    drainServerLog: () => drains.flatMap((drain) => drain()),
    async close() {
      await cachedApp.close();
      await app.close();
    },
  };
}

/** Both services on this test file's own database (PGlite or PostgreSQL, per TEST_ENGINE). */
export async function startFuzzServer(): Promise<FuzzServer> {
  const location = await cloneTestDatabase(testEngine(), { ownVersion: false });
  const database = await openDatabase({ url: location.url, dataDir: location.dataDir, poolSize: 4 });
  // A data version of its own (engines.ts, cloneTestDatabase), on the connection opened anyway.
  await publishDataVersion(database.db);
  const targets = await serveFuzzTargets(database);
  return {
    ...targets,
    database,
    async close() {
      await targets.close();
      await database.close().catch(() => {});
      await location.drop();
    },
  };
}
