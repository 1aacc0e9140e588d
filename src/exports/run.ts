/**
 * One export run: every public dataset, in every format, into a new snapshot.
 *
 * Single-flight: the run holds the `export` advisory lock (skipping if another replica
 * holds it), and a scheduled run first claims its schedule slot in export_runs (unique), so
 * several replicas firing for the same slot produce one export. Atomic: files are written
 * into a temporary folder, fsynced, and the folder renamed into place; LATEST moves only
 * after that. A run that dies leaves a temporary folder and a RUNNING row, which the next run
 * removes and marks FAILED. Streaming: on PostgreSQL the server formats a dataset's rows and
 * `COPY … TO STDOUT` streams them (copy.ts); on PGlite, and for computed datasets, rows come from a
 * server-side cursor in batches and formats.ts renders them — the same bytes either way. A table of
 * millions of rows never sits in memory.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { writeFile } from "node:fs/promises";
import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { postgresClientOf, queryRows, type Database, type Db } from "../db/client.js";
import { tryWithAdvisoryLock } from "../db/lock.js";
import { exportRuns } from "../db/schema/index.js";
import { disclosureControl } from "../services/disclosure.js";
import { PUBLIC_DATASETS, type DatasetDefinition, type Row } from "./catalogue.js";
import { copyRenderings } from "./copy.js";
import { OutputFile, type WrittenFile } from "./files.js";
import { FORMATS, fileName, renderer, type Format } from "./formats.js";
import { buildDataPackage } from "./package.js";
import { createTempDir, prune, publish, removeTempDirs, snapshotIdFor, snapshotTime } from "./store.js";

export type ExportTrigger = "SCHEDULE" | "MANUAL" | "STARTUP";

export interface ExportOptions {
  dir: string;
  trigger: ExportTrigger;
  /** The schedule slot a scheduled run serves; null for manual and start-up runs. */
  slot?: string | null;
  /** Complete snapshots to keep. */
  retention?: number;
  datasets?: DatasetDefinition[];
  batchSize?: number;
  /** Test hook: pause after every batch (to kill a run mid-way). */
  pauseAfterBatchMs?: number;
  onDataset?: (name: string, rows: number) => void;
}

export interface DatasetResult {
  dataset: DatasetDefinition;
  rows: number;
  files: Record<Format, WrittenFile>;
}

export interface ExportResult {
  status: "SUCCEEDED" | "SKIPPED" | "FAILED";
  reason?: string;
  runId?: number;
  snapshotId?: string;
  datasets?: DatasetResult[];
  totalBytes?: number;
  ms: number;
}

/**
 * Fetches a query's rows batch by batch through a server-side cursor on `tx`, which must be a
 * transaction handle (a cursor lives as long as its transaction). Shared by the public exports
 * and the partners' bulk exports (src/exports/bulk.ts), which open the transaction their own way.
 */
export async function streamCursor(tx: Db, query: SQL, onBatch: (rows: Row[]) => Promise<void>, batchSize = 2_000): Promise<void> {
  await tx.execute(sql`declare export_rows no scroll cursor for ${query}`);
  for (;;) {
    const rows = await queryRows<Row>(tx, sql.raw(`fetch forward ${Math.trunc(batchSize)} from export_rows`));
    if (rows.length === 0) break;
    await onBatch(rows);
  }
  await tx.execute(sql`close export_rows`);
}

/** Feeds a dataset's rows, batch by batch: a cursor over its SQL, or its computed rows. */
export async function streamRows(db: Db, dataset: DatasetDefinition, onBatch: (rows: Row[]) => Promise<void>, batchSize = 2_000): Promise<void> {
  if (dataset.compute) {
    const rows = await dataset.compute(db);
    for (let i = 0; i < rows.length; i += batchSize) await onBatch(rows.slice(i, i + batchSize));
    return;
  }
  await db.transaction(
    (tx) => streamCursor(tx as unknown as Db, dataset.query!, onBatch, batchSize),
    // One consistent view of the table per dataset, and a promise not to write.
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

export interface RenderedFiles {
  rows: number;
  files: Partial<Record<Format, WrittenFile>>;
}

/**
 * Streams rows into one file per format, each written once, hashed while written (with a gzip
 * twin when asked): `feed` calls its callback with each batch. `onBatch` sees the running totals
 * after every batch (rows, and bytes written so far), and may throw to stop; then every file is
 * abandoned and the caller removes its folder.
 */
export async function writeRenderings(
  folder: string,
  dataset: DatasetDefinition,
  meta: Record<string, unknown>,
  formats: Format[],
  feed: (onBatch: (rows: Row[]) => Promise<void>) => Promise<void>,
  options: { gzip?: boolean; pauseAfterBatchMs?: number | undefined; onBatch?: (rows: number, bytes: number) => void | Promise<void> } = {},
): Promise<RenderedFiles> {
  const outputs = formats.map((format) => ({
    format,
    file: new OutputFile(join(folder, fileName(dataset.name, format)), options.gzip ?? true),
    render: renderer(format, dataset, meta),
  }));
  let rows = 0;
  try {
    for (const o of outputs) await o.file.write(o.render.header());
    await feed(async (batch) => {
      rows += batch.length;
      for (const o of outputs) await o.file.write(o.render.rows(batch));
      await options.onBatch?.(rows, outputs.reduce((sum, o) => sum + o.file.bytesWritten, 0));
      if (options.pauseAfterBatchMs) await new Promise((r) => setTimeout(r, options.pauseAfterBatchMs));
    });
    for (const o of outputs) await o.file.write(o.render.footer());
    const files: Partial<Record<Format, WrittenFile>> = {};
    for (const o of outputs) files[o.format] = await o.file.close();
    return { rows, files };
  } catch (err) {
    for (const o of outputs) o.file.destroy();
    throw err;
  }
}

/** Writes one dataset in every format (or the given ones) into `folder`. */
export async function writeDataset(
  db: Db,
  dataset: DatasetDefinition,
  folder: string,
  snapshotId: string,
  options: Pick<ExportOptions, "batchSize" | "pauseAfterBatchMs"> & { formats?: Format[]; gzip?: boolean } = {},
): Promise<DatasetResult> {
  const generatedAt = snapshotTime(snapshotId);
  const meta = {
    name: dataset.name,
    version: dataset.version,
    title: dataset.titleZh,
    titleEn: dataset.titleEn,
    description: dataset.descriptionEn,
    license: "CC-BY-4.0",
    snapshot: snapshotId,
    generatedAt,
    columns: dataset.columns.map((c) => ({ name: c.name, type: c.type, title: c.titleZh, titleEn: c.titleEn })),
    ...(dataset.disclosureControl ? { disclosureControl: disclosureControl() } : {}),
  };
  const formats = options.formats ?? FORMATS;
  const render = { gzip: options.gzip ?? true, pauseAfterBatchMs: options.pauseAfterBatchMs };
  // On PostgreSQL the server formats a query's rows and COPY streams them (copy.ts): the same bytes,
  // several times faster. PGlite's COPY cannot stream, and computed datasets have no query.
  const client = dataset.query ? postgresClientOf(db) : null;
  const { rows, files } = client
    ? await copyRenderings(client, folder, dataset, meta, formats, render)
    : await writeRenderings(folder, dataset, meta, formats, (onBatch) => streamRows(db, dataset, onBatch, options.batchSize), render);
  return { dataset, rows, files: files as Record<Format, WrittenFile> };
}

const runner = () => `${hostname()}:${process.pid}`;

export async function runExport(database: Database, options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const locked = await tryWithAdvisoryLock(database, "export", async (): Promise<ExportResult> => {
    const db = database.db;
    // We hold the lock: any RUNNING row is a run that died. Say so, and clear its leftovers.
    await db
      .update(exportRuns)
      .set({ status: "FAILED", finishedAt: sql`now()`, error: "abandoned: the process running it stopped before finishing" })
      .where(eq(exportRuns.status, "RUNNING"));
    await removeTempDirs(options.dir);

    const snapshotId = snapshotIdFor(new Date());
    const [run] = await db
      .insert(exportRuns)
      .values({ slot: options.slot ?? null, trigger: options.trigger, status: "RUNNING", runner: runner() })
      .onConflictDoNothing({ target: exportRuns.slot })
      .returning({ id: exportRuns.id });
    if (!run) return skipped(db, options, `the schedule slot ${options.slot} was already exported`, ms());

    let temp: string | null = null;
    try {
      temp = await createTempDir(options.dir, snapshotId);
      const results: DatasetResult[] = [];
      for (const dataset of options.datasets ?? PUBLIC_DATASETS) {
        const result = await writeDataset(db, dataset, temp, snapshotId, options);
        options.onDataset?.(dataset.name, result.rows);
        results.push(result);
      }
      const { descriptor, checksums } = buildDataPackage(snapshotId, results);
      await writeFile(join(temp, "datapackage.json"), JSON.stringify(descriptor, null, 2) + "\n", { flush: true });
      await writeFile(join(temp, "SHA256SUMS"), checksums, { flush: true });
      await publish(options.dir, temp, snapshotId);
      temp = null;
      await prune(options.dir, options.retention ?? 7);
      const totalBytes = results.reduce((s, r) => s + Object.values(r.files).reduce((t, f) => t + f.bytes, 0), 0);
      await db
        .update(exportRuns)
        .set({ status: "SUCCEEDED", finishedAt: sql`now()`, snapshotId, datasetRows: Object.fromEntries(results.map((r) => [r.dataset.name, r.rows])), totalBytes })
        .where(eq(exportRuns.id, run.id));
      return { status: "SUCCEEDED", runId: run.id, snapshotId, datasets: results, totalBytes, ms: ms() };
    } catch (err) {
      if (temp) await removeTempDirs(options.dir);
      await db
        .update(exportRuns)
        .set({ status: "FAILED", finishedAt: sql`now()`, error: String((err as Error).message ?? err).slice(0, 2000) })
        .where(and(eq(exportRuns.id, run.id), ne(exportRuns.status, "SUCCEEDED")));
      throw err;
    }
  });
  if (!locked.acquired) return skipped(database.db, options, "another export was running", ms());
  return locked.value;
}

/** Records a run that did nothing, and why: every run is in export_runs. */
async function skipped(db: Db, options: ExportOptions, reason: string, elapsed: number): Promise<ExportResult> {
  const [row] = await db
    .insert(exportRuns)
    .values({ slot: null, trigger: options.trigger, status: "SKIPPED", finishedAt: sql`now()`, error: reason, runner: runner() })
    .returning({ id: exportRuns.id });
  return { status: "SKIPPED", reason, runId: row!.id, ms: elapsed };
}
