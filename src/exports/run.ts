/**
 * One export run: every public dataset, in every format, into a new version — when the content
 * changed. A version is named by its content (`2026-11-26-1a2b3c4d`: the date it is published in
 * China and 8 hex digits of its content key, package.ts). A run whose content is the latest
 * version's publishes nothing, and says so (UNCHANGED, naming that version); a run whose content is
 * an earlier version's (a change undone) points LATEST back at that version instead of copying it.
 *
 * Single-flight: the run holds the `export` advisory lock (skipping if another replica
 * holds it), and a scheduled run first claims its schedule slot in export_runs (unique), so
 * several replicas firing for the same slot produce one export. Atomic: files are written
 * into a temporary folder, fsynced, and the folder renamed into place; LATEST moves only
 * after that. A run that dies leaves a temporary folder and a RUNNING row, which the next run
 * removes and marks FAILED. Streaming: on PostgreSQL the server formats a dataset's rows and
 * `COPY … TO STDOUT` streams them (copy.ts); on PGlite, and for computed datasets, rows come from a
 * server-side cursor in batches and formats.ts renders them — the same bytes either way. A table of
 * millions of rows never sits in memory. A file that did not change since the latest version is
 * not stored twice: it becomes a hard link to the latest version's.
 */
import { hostname } from "node:os";
import { basename, join } from "node:path";
import { link, rename, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { DEFAULT_EXPORT_BASE_URL } from "../base-url.js";
import { postgresClientOf, queryRows, type Database, type Db } from "../db/client.js";
import { tryWithAdvisoryLock } from "../db/lock.js";
import { exportRuns } from "../db/schema/index.js";
import { disclosureControl } from "../services/disclosure.js";
import { PUBLIC_DATASETS, type DatasetDefinition, type Row } from "./catalogue.js";
import { buildCitation, citationCff } from "./citation.js";
import { copyRenderings } from "./copy.js";
import { OutputFile, type WrittenFile } from "./files.js";
import { FORMATS, fileName, renderer, type Format } from "./formats.js";
import { buildDataPackage, contentKey, PACKAGE_DESCRIPTION, PACKAGE_KEYWORDS } from "./package.js";
import { listVersions, readChecksums } from "./snapshots.js";
import {
  createTempDir,
  pointLatestAt,
  prune,
  publicationDate,
  publish,
  readHistory,
  readLatest,
  removeTempDirs,
  snapshotIdFor,
  VERSION_ID,
  versionIdFor,
  type HistoryEntry,
} from "./store.js";

export type ExportTrigger = "SCHEDULE" | "MANUAL" | "STARTUP";

export interface ExportOptions {
  dir: string;
  trigger: ExportTrigger;
  /** The schedule slot a scheduled run serves; null for manual and start-up runs. */
  slot?: string | null;
  /** Short-lived versions to keep (EXPORT_RETENTION; store.ts, `prune`): versions that were the latest for hours are kept for good. */
  retention?: number;
  /** Time as the latest after which a version is kept for good (default 6 hours: store.ts, PERMANENT_AFTER_MS). */
  permanentAfterMs?: number;
  /** The service's public address, for the absolute URLs of datapackage.json and the citation (default DEFAULT_EXPORT_BASE_URL). */
  publicBaseUrl?: string | null;
  /** The clock (tests publish versions "days apart" without waiting). */
  now?: () => Date;
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
  status: "SUCCEEDED" | "UNCHANGED" | "SKIPPED" | "FAILED";
  reason?: string;
  runId?: number;
  /** The version published — or, UNCHANGED, the latest version whose content the run found. */
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

/**
 * What a JSON file says about its dataset besides the records. Not the version or its time: an
 * unchanged dataset is then the same file in every version, shared between them (below); the
 * version is in the URL, datapackage.json and CITATION.cff.
 */
export function datasetMetadata(dataset: DatasetDefinition) {
  return {
    name: dataset.name,
    version: dataset.version,
    title: dataset.titleZh,
    titleEn: dataset.titleEn,
    description: dataset.descriptionEn,
    license: "CC-BY-4.0",
    columns: dataset.columns.map((c) => ({ name: c.name, type: c.type, title: c.titleZh, titleEn: c.titleEn })),
    ...(dataset.disclosureControl ? { disclosureControl: disclosureControl() } : {}),
  };
}

/** Writes one dataset in every format (or the given ones) into `folder`. */
export async function writeDataset(
  db: Db,
  dataset: DatasetDefinition,
  folder: string,
  options: Pick<ExportOptions, "batchSize" | "pauseAfterBatchMs"> & { formats?: Format[]; gzip?: boolean } = {},
): Promise<DatasetResult> {
  const meta = datasetMetadata(dataset);
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

/**
 * Every file with the same name and SHA-256 as in the latest version (a dataset that did not
 * change, its gzip twin) becomes a hard link to that file: versions are kept for good, and each
 * costs the disk only what changed. Published files are never written again, so sharing is safe;
 * pruning a version only unlinks its names. Where a link cannot be made (another file system),
 * the copy stays.
 */
async function shareUnchangedFiles(latestFolder: string, results: DatasetResult[]): Promise<void> {
  const previous = await readChecksums(latestFolder);
  if (!previous) return;
  for (const r of results) {
    for (const f of Object.values(r.files)) {
      for (const file of [f, f.gzip]) {
        if (!file || previous.get(basename(file.path)) !== file.sha256) continue;
        const linkPath = `${file.path}.link`;
        try {
          await link(join(latestFolder, basename(file.path)), linkPath);
          await rename(linkPath, file.path);
        } catch {
          await rm(linkPath, { force: true });
        }
      }
    }
  }
}

const runner = () => `${hostname()}:${process.pid}`;

/**
 * Whether a published version holds the content with this key: its full key from HISTORY, or
 * (for a version HISTORY does not name, e.g. a folder copied from elsewhere) the 8 hex digits of
 * its name. Folders of the first kind, named by time, never match: the first run after them
 * publishes a version with a citation.
 */
function holdsContent(id: string, key: string, history: HistoryEntry[]): boolean {
  if (!VERSION_ID.test(id)) return false;
  const known = history.findLast((h) => h.id === id && h.contentKey)?.contentKey;
  return known ? known === key : id.endsWith(`-${key.slice(0, 8)}`);
}

export async function runExport(database: Database, options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const now = options.now ?? (() => new Date());
  const locked = await tryWithAdvisoryLock(database, "export", async (): Promise<ExportResult> => {
    const db = database.db;
    const dir = options.dir;
    // We hold the lock: any RUNNING row is a run that died. Say so, and clear its leftovers.
    await db
      .update(exportRuns)
      .set({ status: "FAILED", finishedAt: sql`now()`, error: "abandoned: the process running it stopped before finishing" })
      .where(eq(exportRuns.status, "RUNNING"));
    await removeTempDirs(dir);

    const [run] = await db
      .insert(exportRuns)
      .values({ slot: options.slot ?? null, trigger: options.trigger, status: "RUNNING", runner: runner() })
      .onConflictDoNothing({ target: exportRuns.slot })
      .returning({ id: exportRuns.id });
    if (!run) return skipped(db, options, `the schedule slot ${options.slot} was already exported`, ms());

    let temp: string | null = null;
    try {
      temp = await createTempDir(dir, snapshotIdFor(now()));
      const results: DatasetResult[] = [];
      for (const dataset of options.datasets ?? PUBLIC_DATASETS) {
        const result = await writeDataset(db, dataset, temp, options);
        options.onDataset?.(dataset.name, result.rows);
        results.push(result);
      }
      const baseUrl = options.publicBaseUrl ?? DEFAULT_EXPORT_BASE_URL;
      const key = contentKey(baseUrl, results);
      const datasetRows = Object.fromEntries(results.map((r) => [r.dataset.name, r.rows]));
      const history = await readHistory(dir);
      const latest = await readLatest(dir);
      const finish = async (status: "SUCCEEDED" | "UNCHANGED", snapshotId: string, totalBytes: number | null, reason: string | null): Promise<ExportResult> => {
        await prune(dir, await listVersions(dir), { keep: options.retention ?? 7, permanentAfterMs: options.permanentAfterMs, now: now() });
        await db.update(exportRuns).set({ status, finishedAt: sql`now()`, snapshotId, datasetRows, totalBytes, error: reason }).where(eq(exportRuns.id, run.id));
        return { status, ...(reason ? { reason } : {}), runId: run.id, snapshotId, datasets: results, ...(totalBytes !== null ? { totalBytes } : {}), ms: ms() };
      };

      if (latest && holdsContent(latest, key, history)) {
        await rm(temp, { recursive: true, force: true });
        temp = null;
        return finish("UNCHANGED", latest, null, `the content is that of the latest version, ${latest}: nothing new was published`);
      }
      // A change undone (the same content as an earlier version): that version is the latest again.
      const earlier = (await listVersions(dir)).find((v) => holdsContent(v.id, key, history));
      const at = now();
      if (earlier) {
        await rm(temp, { recursive: true, force: true });
        temp = null;
        await pointLatestAt(dir, earlier.id, at, key);
        return finish("SUCCEEDED", earlier.id, null, `the content is that of ${earlier.id}, published before: LATEST points at it again`);
      }

      const versionId = versionIdFor(at, key);
      const created = at.toISOString();
      if (latest) await shareUnchangedFiles(join(dir, latest), results);
      const { checksums } = buildDataPackage({ version: versionId, created, baseUrl }, results);
      await writeFile(join(temp, "SHA256SUMS"), checksums, { flush: true });
      const citation = buildCitation({ version: versionId, dateReleased: publicationDate(at), baseUrl, sha256: createHash("sha256").update(checksums).digest("hex") });
      const { descriptor } = buildDataPackage({ version: versionId, created, baseUrl, citation }, results);
      await writeFile(join(temp, "datapackage.json"), JSON.stringify(descriptor, null, 2) + "\n", { flush: true });
      await writeFile(join(temp, "CITATION.cff"), citationCff(citation, { abstract: PACKAGE_DESCRIPTION, keywords: PACKAGE_KEYWORDS, homepage: `${baseUrl}/` }), { flush: true });
      await publish(dir, temp, versionId, at, key);
      temp = null;
      const totalBytes = results.reduce((s, r) => s + Object.values(r.files).reduce((t, f) => t + f.bytes, 0), 0);
      return finish("SUCCEEDED", versionId, totalBytes, null);
    } catch (err) {
      if (temp) await removeTempDirs(dir);
      await db
        .update(exportRuns)
        .set({ status: "FAILED", finishedAt: sql`now()`, error: String((err as Error).message ?? err).slice(0, 2000) })
        .where(and(eq(exportRuns.id, run.id), eq(exportRuns.status, "RUNNING")));
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
