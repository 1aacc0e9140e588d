// Runs one export now, as the schedule would (see src/exports/run.ts):
//   npm run export                      every public dataset into EXPORT_DIR (default ./exports)
//   npm run export -- --dir D --datasets measures,targets
// Exit status: 0 published, or nothing new to publish (the content is the latest version's);
// 3 skipped (another export is running); 1 failed.
import "reflect-metadata";
import { parseArgs } from "node:util";
import { exportBaseUrl } from "../src/base-url.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme, seedSample } from "../src/db/seed/index.js";
import { PUBLIC_DATASETS, datasetByName } from "../src/exports/catalogue.js";
import { runExport } from "../src/exports/run.js";

const { values } = parseArgs({ options: { dir: { type: "string" }, datasets: { type: "string" }, "pause-after-batch-ms": { type: "string" }, "batch-size": { type: "string" } } });
const config = loadConfig();
const datasets = values.datasets?.split(",").map((name) => {
  const d = datasetByName(name.trim());
  if (!d) {
    console.error(`Unknown dataset ${name}. Datasets: ${PUBLIC_DATASETS.map((x) => x.name).join(", ")}`);
    process.exit(2);
  }
  return d;
});

const database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir, statementTimeoutMs: 3_600_000 });
let code = 0;
try {
  await migrateDatabase(database);
  await seedProgramme(database);
  if (config.seedSample) await seedSample(database, { onlyIfAbsent: true });
  const started = performance.now();
  const result = await runExport(database, {
    dir: values.dir ?? config.exportDir,
    trigger: "MANUAL",
    retention: config.exportRetention,
    publicBaseUrl: exportBaseUrl(config.publicBaseUrl, config.port),
    datasets,
    batchSize: values["batch-size"] ? Number(values["batch-size"]) : undefined,
    // For tests: slow the run down so that it can be killed half-way.
    pauseAfterBatchMs: values["pause-after-batch-ms"] ? Number(values["pause-after-batch-ms"]) : undefined,
    onDataset: (name, rows) => console.log(`  ${name}: ${rows.toLocaleString("en")} rows (${Math.round(performance.now() - started)} ms)`),
  });
  if (result.status === "SUCCEEDED" && result.reason) console.log(`latest version ${result.snapshotId}: ${result.reason}`);
  else if (result.status === "SUCCEEDED") console.log(`published version ${result.snapshotId}: ${result.totalBytes?.toLocaleString("en")} bytes in ${result.ms} ms`);
  else if (result.status === "UNCHANGED") console.log(`unchanged: ${result.reason}`);
  else console.log(`skipped: ${result.reason}`);
  code = result.status === "SUCCEEDED" || result.status === "UNCHANGED" ? 0 : 3;
} catch (err) {
  console.error(`export failed: ${(err as Error).message}`);
  code = 1;
} finally {
  await database.close();
}
process.exit(code);
