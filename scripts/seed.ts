// Migrates and seeds the configured database (DATABASE_URL, or PGlite in PGLITE_DIR), then exits.
//   npm run seed                          programme data (no-op when current); sample data if none yet
//   npm run seed -- --force               rewrite the programme data even if current
//   npm run seed -- --sample [--loans N] [--seed S]
//                                         replace the sample operational data (default 32,000 loans;
//                                         up to 5,000,000 for benchmarks, written in batches)
import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme, seedSample } from "../src/db/seed/index.js";
import { DEFAULT_SAMPLE_LOANS, DEFAULT_SAMPLE_SEED } from "../src/db/seed/sample.js";

const { values } = parseArgs({
  options: {
    force: { type: "boolean", default: false },
    sample: { type: "boolean", default: false },
    loans: { type: "string" },
    seed: { type: "string" },
  },
});

function intOption(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    console.error(`--${name} must be an integer from 0 to ${max}; got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const loans = intOption("loans", values.loans, DEFAULT_SAMPLE_LOANS, 5_000_000);
const seed = intOption("seed", values.seed, DEFAULT_SAMPLE_SEED, 2 ** 31 - 1);
const config = loadConfig();
// Big sample runs take minutes: no statement timeout here.
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir, statementTimeoutMs: 3_600_000 });
try {
  await migrateDatabase(database);
  const programme = await seedProgramme(database, { force: values.force });
  console.log(`${database.engine} ${database.location}: programme data ${programme.applied ? "written" : "already current"} (${programme.version.slice(0, 12)})`);
  let lastReport = 0;
  const sample = await seedSample(database, {
    loans,
    seed,
    onlyIfAbsent: !values.sample,
    onProgress(written, total) {
      if (written === total || performance.now() - lastReport > 5_000) {
        lastReport = performance.now();
        console.log(`  sample loans: ${written.toLocaleString("en")} / ${total.toLocaleString("en")}`);
      }
    },
  });
  console.log(sample.applied ? `sample data written in ${sample.ms} ms: ${JSON.stringify(sample.counts)}` : "sample data already present (use --sample to regenerate)");
} finally {
  await database.close();
}
