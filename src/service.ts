import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import type { Config } from "./config.js";
import { clearInterruptedCreation, openDatabase, type Database } from "./db/client.js";
import { openFromImage } from "./db/image.js";
import { migrateDatabase } from "./db/migrate.js";
import { seedProgramme, seedSample } from "./db/seed/index.js";
import { buildServer } from "./server.js";
import { exportBaseUrl } from "./base-url.js";
import { scheduleExports } from "./exports/schedule.js";

export interface Service {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the database, migrates and seeds it (both idempotent: a second start only checks),
 * and starts listening. Timings go to the log, so first and later starts can be compared.
 */
export async function startService(config: Config): Promise<Service> {
  const t0 = performance.now();
  // A first start without the prepared image takes seconds (initdb, migrations, the seed, 32,000
  // sample loans): each step says so in the log as it begins, so that it does not look hung.
  // Written synchronously: a dozen lines a start, each out before the next step begins and before
  // the server's own "listening" line. Through pino's default (asynchronous) destination, a step's
  // line could come after "listening", which the server's logger writes on its own (a test reading
  // the log up to "listening" once missed "sample data written").
  const progress = pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: true }));
  const since = (t: number) => Math.round(performance.now() - t);
  const onDisk = !config.databaseUrl && !config.pgliteDir.startsWith("memory://");
  // A first start killed while it created the database (from the image or by initdb) left a marked folder: begin again.
  if (onDisk && clearInterruptedCreation(config.pgliteDir)) {
    progress.warn({ step: "open", dataDir: config.pgliteDir }, `an earlier first start was stopped while it created the database in ${config.pgliteDir}: cleared it, starting again`);
  }
  const newPglite = onDisk && !existsSync(join(config.pgliteDir, "PG_VERSION"));
  // A new embedded database comes from the prepared image when there is one for this version
  // (src/db/image.ts): the same migrated and seeded data, without initdb and the seed. The
  // image holds the sample, so it is only for starts that would write the sample anyway.
  let database: Database | undefined;
  let image: string | null = null;
  if (newPglite && config.seedSample && config.pgliteImageDir) {
    progress.info({ step: "open" }, `creating the embedded database in ${config.pgliteDir} from the prepared image`);
    const loaded = await openFromImage(config.pgliteDir, config.pgliteImageDir, { statementTimeoutMs: config.statementTimeoutMs });
    if (loaded.database) {
      ({ database } = loaded);
      image = loaded.path;
      progress.info({ step: "open", image: loaded.path, fingerprint: loaded.fingerprint, ms: since(t0) }, "prepared image loaded and verified");
    } else {
      progress[loaded.refused ? "warn" : "info"]({ step: "open", reason: loaded.reason }, `not using a prepared image: ${loaded.reason}`);
    }
  }
  if (!database) {
    progress.info(
      { step: "open" },
      config.databaseUrl ? "connecting to PostgreSQL" : newPglite ? `creating the embedded database in ${config.pgliteDir} (PGlite initdb: a few seconds, once)` : `opening the embedded database in ${config.pgliteDir}`,
    );
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir, poolSize: config.dbPoolSize, statementTimeoutMs: config.statementTimeoutMs });
  }
  const tOpen = performance.now();
  progress.info({ step: "migrate", ms: since(t0) }, "database open; applying migrations");
  await migrateDatabase(database);
  const tMigrate = performance.now();
  progress.info({ step: "seed", ms: since(tOpen) }, "migrated; checking the programme data (written on a first start)");
  const seed = await seedProgramme(database);
  if (seed.applied) progress.info({ step: "seed", ms: since(tMigrate) }, "programme data written (document, plans, measures, targets, instruments, departments, regions)");
  // Operational data is sample data until official files are imported (README, "Data").
  const tSample = performance.now();
  if (config.seedSample) progress.info({ step: "sample" }, "checking the sample operational data (a first start writes bases, brands, indicators, the service system and 32,000 loans)");
  const sample = config.seedSample
    ? await seedSample(database, {
        onlyIfAbsent: true,
        onProgress: (written, total) =>
          progress.info({ step: "sample", written, total, ms: since(tSample) }, written < total ? `writing sample loans: ${written} of ${total}` : `sample loans written: ${total} of ${total}; refreshing loan rollups and the search index`),
      })
    : { applied: false };
  const tSeed = performance.now();
  if (sample.applied) progress.info({ step: "sample", ms: since(tSample) }, "sample data written");
  progress.info({ step: "listen", ms: since(t0) }, "starting the HTTP server");
  const app = await buildServer({
    database,
    bodyLimitBytes: config.bodyLimitBytes,
    logLevel: config.logLevel,
    responseCache: config.responseCache,
    cacheMaxAgeSeconds: config.cacheMaxAgeSeconds,
    exportDir: config.exportDir,
    publicBaseUrl: config.publicBaseUrl,
    // The catalogue states how often the datasets are refreshed (src/exports/dcat.ts).
    exportSchedule: { pattern: config.exportSchedule, timezone: config.exportTimezone },
    // The worker runs partners' bulk export jobs in this process (BULK_EXPORT_CONCURRENCY=0: none here).
    bulkExport: config.bulkExport,
    timeouts: config.timeouts,
    maxResponseBytes: config.maxResponseBytes,
    caches: config.caches,
    rateLimit: config.rateLimit,
    downloads: { maxRows: config.maxDownloadRows },
    persistedQueries: config.persistedQueries,
  });
  const url = await app.listen({ host: config.host, port: config.port });
  const exports = scheduleExports(
    database,
    {
      dir: config.exportDir,
      pattern: config.exportSchedule,
      timezone: config.exportTimezone,
      retention: config.exportRetention,
      exportOnStart: config.exportOnStart,
      // The port it listens on (PORT=0 picks one).
      publicBaseUrl: exportBaseUrl(config.publicBaseUrl, Number(new URL(url).port) || config.port),
    },
    app.log,
  );
  const ms = (a: number, b: number) => Math.round(b - a);
  app.log.info(
    {
      engine: database.engine,
      location: database.location,
      image,
      seedApplied: seed.applied,
      sampleApplied: sample.applied,
      // Whether `npm start` compiled the bundle from V8's code cache (scripts/start.mjs); null under tsx.
      codeCache: (globalThis as Record<symbol, unknown>)[Symbol.for("chuangye.codeCache")] ?? null,
      // `npm start` sets production unless NODE_ENV says otherwise (scripts/start.mjs).
      nodeEnv: process.env.NODE_ENV ?? null,
      // load: from the process's start (performance's time origin) until here, loading the code;
      // server: building the schema and the HTTP server, until it listens.
      timingsMs: { load: Math.round(t0), open: ms(t0, tOpen), migrate: ms(tOpen, tMigrate), seed: ms(tMigrate, tSeed), server: ms(tSeed, performance.now()), total: ms(t0, performance.now()) },
    },
    `创业内蒙古 Open Data listening on ${url}/graphql`,
  );
  return {
    app,
    database,
    url,
    async stop() {
      await exports.stop();
      await app.close();
      await database.close();
    },
  };
}
