/**
 * Imports a department's file into one dataset, all or nothing.
 *
 * Rows stream from the file (CSV with a header row, JSON, or NDJSON), are checked cell by cell
 * and against the database's codes, and are upserted by natural key in batches inside ONE
 * transaction. Any bad row — or any failure at all — rolls the whole transaction back: a bad
 * file changes nothing. The report names every bad row by line and column. On success the
 * dataset's sample rows are gone (official data replaces the placeholder), and rollups and the
 * search index are rebuilt in the same transaction.
 */
import { stat } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { analyzeIfChanged, queryRows, type Database, type Db } from "../db/client.js";
import { bulkUpsert } from "../db/bulk.js";
import { withAdvisoryLock } from "../db/lock.js";
import * as s from "../db/schema/index.js";
import { refreshDerived } from "../services/refresh.js";
import { SEARCH_SOURCES } from "../services/search.js";
import { checkRecord, loadLookups, recordKey } from "./check.js";
import { DATASETS, type DatasetDefinition } from "./datasets.js";
import { ImportUsageError } from "./errors.js";
import { lineUnit, readItems } from "./read.js";

export interface ImportIssue {
  /** Line of the file where the problem starts (CSV, NDJSON) or 1-based record number (JSON array). */
  line: number;
  /** The column (CSV header name, JSON key), or null for a problem with the whole row. */
  column: string | null;
  message: string;
}

export interface ImportReport {
  dataset: string;
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  sampleRowsRemoved: number;
  errors: ImportIssue[];
  /** More errors than are listed. */
  errorCount: number;
  committed: boolean;
  dryRun: boolean;
  ms: number;
  /** What `line` counts in `errors`: lines of the file (CSV, NDJSON) or records of a JSON array. */
  lineUnit: "line" | "record";
  /**
   * Set when the file could not be read to its end (a CSV quote the parser cannot recover
   * from): rows after this line were not checked. Null when every row was read.
   */
  uncheckedAfterLine: number | null;
}

export { ImportUsageError };

// Enough to name every bad row of any real file; past it the count is still exact.
const MAX_LISTED_ERRORS = 10_000;
const BATCH = 5_000;

/** Removes the dataset's sample rows: official records replace the placeholder entirely. */
async function removeSample(db: Db, dataset: DatasetDefinition): Promise<number> {
  switch (dataset.name) {
    case "partner-banks":
      // Sample banks that sample loans still lend through stay until those loans are replaced.
      return (await queryRows(db, sql`delete from ${s.partnerBanks} where provenance = 'SAMPLE' and not exists (select 1 from ${s.guaranteeLoans} l where l.bank_code = ${s.partnerBanks.code}) returning 1`)).length;
    default:
      return (await queryRows(db, sql`delete from ${dataset.table} where provenance = 'SAMPLE' returning 1`)).length;
  }
}

class Rollback extends Error {}

export async function importFile(database: Database, datasetName: string, file: string, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
  const started = performance.now();
  const dataset = DATASETS[datasetName];
  if (!dataset) throw new ImportUsageError(`Unknown dataset ${JSON.stringify(datasetName)}. Datasets: ${Object.keys(DATASETS).join(", ")}.`);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ImportUsageError(`No such file: ${file}`);

  const report: ImportReport = {
    dataset: datasetName, file, rows: 0, inserted: 0, updated: 0, sampleRowsRemoved: 0, errors: [], errorCount: 0,
    committed: false, dryRun: !!options.dryRun, ms: 0, lineUnit: lineUnit(file), uncheckedAfterLine: null,
  };
  const issue = (line: number, column: string | null, message: string) => {
    report.errorCount++;
    if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push({ line, column, message });
  };

  await withAdvisoryLock(database, "seed", async () => {
    try {
      await database.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        const lookups = await loadLookups(db);
        // The sample goes just before the first write, not before the file is read: a file
        // whose first rows are already bad is rolled back without deleting (and restoring) the
        // 32,000 sample loans first — its report came back in ≈ 2 s on PGlite, in ≈ 30 ms now.
        // A file that writes removes it before its first batch, as before, so an official row
        // with a sample row's key is inserted, not taken for an update of it.
        let sampleRemoved = false;
        const removeSampleOnce = async () => {
          if (sampleRemoved) return;
          sampleRemoved = true;
          report.sampleRowsRemoved = await removeSample(db, dataset);
        };
        const seen = new Set<string>();
        const columns = Object.keys(dataset.columns);
        let batch: Record<string, unknown>[] = [];
        const flush = async () => {
          // Once a row is bad nothing will be committed: stop writing, keep checking.
          if (report.errorCount === 0 && batch.length) {
            await removeSampleOnce();
            const r = await bulkUpsert(db, dataset.table, batch, dataset.conflictTarget);
            report.inserted += r.inserted;
            report.updated += r.updated;
          }
          batch = [];
        };
        let headerChecked = false;
        const checkHeader = (names: string[]) => {
          headerChecked = true;
          const missing = columns.filter((c) => !names.includes(c) && !dataset.columns[c]!.describe.endsWith("optional"));
          const unknown = names.filter((k) => !columns.includes(k));
          if (missing.length || unknown.length) {
            throw new ImportUsageError(
              [missing.length ? `missing columns: ${missing.join(", ")}` : "", unknown.length ? `unknown columns: ${unknown.join(", ")}` : "", `expected: ${columns.join(", ")}`].filter(Boolean).join("; "),
            );
          }
        };
        for await (const item of readItems(file)) {
          if (item.kind === "header") {
            checkHeader(item.columns);
            continue;
          }
          if (item.kind === "broken") {
            if (item.newRow) report.rows++;
            issue(item.line, item.column, item.message);
            if (item.stops) report.uncheckedAfterLine = item.line;
            continue;
          }
          const { line, values } = item;
          report.rows++;
          if (!headerChecked) checkHeader(Object.keys(values));
          const checked = checkRecord(dataset, values, lookups);
          for (const problem of checked.issues) issue(line, problem.column, problem.message);
          // A row whose columns did not all parse has no key to compare.
          if (!checked.parsed) continue;
          const { row } = checked;
          let rowOk = checked.issues.length === 0;
          const key = recordKey(dataset, row);
          if (seen.has(key)) {
            rowOk = false;
            issue(line, dataset.key.join("+"), `duplicate ${dataset.key.join(" + ")} ${dataset.key.map((k) => row[k]).join(" / ")} (each record may appear once)`);
          }
          seen.add(key);
          if (!rowOk) continue;
          batch.push({ ...dataset.toRecord(row), provenance: "SOURCE" });
          if (batch.length >= BATCH) await flush();
        }
        await flush();
        if (report.rows === 0) throw new ImportUsageError("The file holds no records.");
        if (report.errorCount > 0 || options.dryRun) throw new Rollback();
        // Only what this dataset feeds: rebuilding the rollups after an indicators file (or the
        // search index after a loans file) cost 0.1–0.2 s on PGlite for nothing.
        await refreshDerived(db, { rollups: dataset.table === s.guaranteeLoans, search: SEARCH_SOURCES.has(dataset.table) });
      });
      report.committed = true;
      await analyzeIfChanged(database.db, dataset.table, report.inserted + report.updated + report.sampleRowsRemoved);
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
  });
  if (!report.committed) {
    report.inserted = 0;
    report.updated = 0;
    report.sampleRowsRemoved = 0;
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}
