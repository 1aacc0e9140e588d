/**
 * The exports folder: complete snapshots, one folder each, named by their UTC time
 * (`20261126T030000123Z`); temporary folders being written (`.tmp-…`, never served); and the
 * `LATEST` pointer, a one-line file replaced atomically. A snapshot folder appears only by a
 * rename of a finished, fsynced temporary folder, so nothing half-written is ever visible.
 * Behind this interface the folder could become an object store; nothing else touches paths.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fsyncDir } from "./files.js";

export const SNAPSHOT_ID = /^\d{8}T\d{9}Z$/;
const LATEST = "LATEST";

export function snapshotIdFor(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(".", "");
}

/** `20261126T030000123Z` → `2026-11-26T03:00:00.123Z`. */
export function snapshotTime(id: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z` : id;
}

export async function listSnapshots(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && SNAPSHOT_ID.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
}

export async function readLatest(dir: string): Promise<string | null> {
  const text = await readFile(join(dir, LATEST), "utf8").catch(() => null);
  const id = text?.trim() ?? null;
  return id && SNAPSHOT_ID.test(id) ? id : null;
}

/** Points LATEST at a snapshot: write a temporary file, fsync it, rename it over, fsync the folder. */
export async function writeLatest(dir: string, id: string): Promise<void> {
  const tmp = join(dir, `.${LATEST}.${process.pid}.tmp`);
  await writeFile(tmp, `${id}\n`, { flush: true });
  await rename(tmp, join(dir, LATEST));
  await fsyncDir(dir);
}

export async function createTempDir(dir: string, id: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `.tmp-${id}-${process.pid}`);
  await mkdir(path);
  return path;
}

/** Renames a finished temporary folder to `dir/name`, atomically, and makes it durable. */
export async function placeFolder(dir: string, tempPath: string, name: string): Promise<void> {
  await fsyncDir(tempPath);
  await rename(tempPath, join(dir, name));
  await fsyncDir(dir);
}

/** Makes a finished temporary folder the snapshot `id`, atomically. */
export async function publish(dir: string, tempPath: string, id: string): Promise<void> {
  await placeFolder(dir, tempPath, id);
  await writeLatest(dir, id);
}

/** Removes what a run that died left behind. Call only while holding the export lock. */
export async function removeTempDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const stale = entries.filter((e) => e.name.startsWith(".tmp-") || /^\.LATEST\..*\.tmp$/.test(e.name)).map((e) => e.name);
  for (const name of stale) await rm(join(dir, name), { recursive: true, force: true });
  return stale;
}

/** Keeps the newest `keep` snapshots (never the one LATEST points at); removes the others. */
export async function prune(dir: string, keep: number): Promise<string[]> {
  const latest = await readLatest(dir);
  const snapshots = await listSnapshots(dir);
  const removed = snapshots.slice(Math.max(1, keep)).filter((id) => id !== latest);
  for (const id of removed) await rm(join(dir, id), { recursive: true, force: true });
  return removed;
}
