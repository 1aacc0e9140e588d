import type { FastifyInstance } from "fastify";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { seedProgramme, seedSample } from "./db/seed/index.js";
import { buildServer } from "./server.js";
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
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir, poolSize: config.dbPoolSize, statementTimeoutMs: config.statementTimeoutMs });
  const tOpen = performance.now();
  await migrateDatabase(database);
  const tMigrate = performance.now();
  const seed = await seedProgramme(database);
  // Operational data is sample data until official files are imported (README, "Data").
  const sample = config.seedSample ? await seedSample(database, { onlyIfAbsent: true }) : { applied: false };
  const tSeed = performance.now();
  const app = await buildServer({
    database,
    bodyLimitBytes: config.bodyLimitBytes,
    logLevel: config.logLevel,
    responseCache: config.responseCache,
    cacheMaxAgeSeconds: config.cacheMaxAgeSeconds,
    exportDir: config.exportDir,
    publicBaseUrl: config.publicBaseUrl,
    // The worker runs partners' bulk export jobs in this process (BULK_EXPORT_CONCURRENCY=0: none here).
    bulkExport: config.bulkExport,
    timeouts: config.timeouts,
    maxResponseBytes: config.maxResponseBytes,
    caches: config.caches,
    rateLimit: config.rateLimit,
  });
  const url = await app.listen({ host: config.host, port: config.port });
  const exports = scheduleExports(
    database,
    { dir: config.exportDir, pattern: config.exportSchedule, timezone: config.exportTimezone, retention: config.exportRetention, exportOnStart: config.exportOnStart },
    app.log,
  );
  const ms = (a: number, b: number) => Math.round(b - a);
  app.log.info(
    {
      engine: database.engine,
      location: database.location,
      seedApplied: seed.applied,
      sampleApplied: sample.applied,
      timingsMs: { open: ms(t0, tOpen), migrate: ms(tOpen, tMigrate), seed: ms(tMigrate, tSeed), total: ms(t0, performance.now()) },
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
