// Imports a department's file into one dataset, all or nothing (see src/imports/run.ts):
//   npm run import -- <dataset> <file.csv|file.json|file.ndjson> [--dry-run] [--json]
// Datasets: incubator-bases, demonstration-brands, partner-banks, guarantee-loans, indicator-observations.
// Exit status: 0 imported (or dry run clean), 1 the file has bad rows (nothing changed), 2 usage error.
import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme } from "../src/db/seed/index.js";
import { DATASETS } from "../src/imports/datasets.js";
import { ImportUsageError, importFile } from "../src/imports/run.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { "dry-run": { type: "boolean", default: false }, json: { type: "boolean", default: false } } });
const [dataset, file] = positionals;
if (!dataset || !file || positionals.length !== 2) {
  console.error(`usage: npm run import -- <dataset> <file> [--dry-run] [--json]\ndatasets: ${Object.keys(DATASETS).join(", ")}`);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir, statementTimeoutMs: 3_600_000 });
let exitCode = 0;
try {
  await migrateDatabase(database);
  await seedProgramme(database);
  const report = await importFile(database, dataset, file, { dryRun: values["dry-run"] });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const e of report.errors) console.log(`${file}:${e.line}${e.column ? ` [${e.column}]` : ""}: ${e.message}`);
    if (report.errorCount > report.errors.length) console.log(`… and ${report.errorCount - report.errors.length} more errors`);
    if (report.errorCount > 0) console.log(`${report.errorCount} error(s) in ${report.rows} row(s): nothing was imported.`);
    else if (report.dryRun) console.log(`dry run: ${report.rows} row(s) are valid; nothing was written.`);
    else console.log(`${dataset}: ${report.rows} row(s) imported (${report.inserted} new, ${report.updated} updated; ${report.sampleRowsRemoved} sample row(s) replaced) in ${report.ms} ms.`);
  }
  exitCode = report.errorCount > 0 ? 1 : 0;
} catch (err) {
  if (!(err instanceof ImportUsageError)) throw err;
  console.error(`${file}: ${err.message}\nNothing was imported.`);
  exitCode = 2;
} finally {
  await database.close();
}
process.exit(exitCode);
