// Imports a department's file into one dataset, all or nothing (see src/imports/run.ts):
//   npm run import -- <dataset> <file.csv|file.json|file.ndjson> [--dry-run] [--json]
// Datasets: incubator-bases, demonstration-brands, partner-banks, guarantee-loans, indicator-observations, minimum-wages.
// Exit status: 0 imported (or dry run clean), 1 the file has bad rows (nothing changed), 2 usage error
// or unusable file, 3 the import failed for another reason, e.g. the database (nothing changed).
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

/** The report prints what the file holds; control characters in it must not reach the terminal. */
const printable = (text: string) => text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** An unexpected failure in a sentence: the database's own code and message, never a statement, a path or a stack. */
function failure(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return `database error ${code}: ${String(message).split("\n")[0]}`;
  if (typeof code === "string") return code;
  return err instanceof Error ? err.name : "unknown error";
}

const config = loadConfig();
const where = printable(file);
let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
let exitCode = 0;
try {
  database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir, statementTimeoutMs: 3_600_000 });
  await migrateDatabase(database);
  await seedProgramme(database);
  const report = await importFile(database, dataset, file, { dryRun: values["dry-run"] });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    const at = (line: number) => (report.lineUnit === "record" ? `${where} record ${line}` : `${where}:${line}`);
    for (const e of report.errors) console.log(`${at(e.line)}${e.column ? ` [${printable(e.column)}]` : ""}: ${printable(e.message)}`);
    if (report.errorCount > report.errors.length) console.log(`… and ${report.errorCount - report.errors.length} more errors`);
    if (report.uncheckedAfterLine !== null) console.log(`${where}: rows after line ${report.uncheckedAfterLine} were not checked (the file cannot be read past that point).`);
    if (report.errorCount > 0) console.log(`${report.errorCount} error(s) in ${report.rows} row(s): nothing was imported.`);
    else if (report.dryRun) console.log(`dry run: ${report.rows} row(s) are valid; nothing was written.`);
    else console.log(`${dataset}: ${report.rows} row(s) imported (${report.inserted} new, ${report.updated} updated; ${report.sampleRowsRemoved} sample row(s) replaced) in ${report.ms} ms.`);
  }
  exitCode = report.errorCount > 0 ? 1 : 0;
} catch (err) {
  if (err instanceof ImportUsageError) {
    console.error(`${where}: ${printable(err.message)}\nNothing was imported.`);
    exitCode = 2;
  } else {
    console.error(`${where}: the import failed (${printable(failure(err))}).\nNothing was imported.`);
    exitCode = 3;
  }
} finally {
  await database?.close().catch(() => {});
}
process.exit(exitCode);
