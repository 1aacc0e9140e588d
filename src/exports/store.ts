/**
 * The exports folder: published versions, one folder each; temporary folders being written
 * (`.tmp-…`, never served); the `LATEST` pointer, a one-line file replaced atomically; and
 * `HISTORY`, one line each time LATEST moved (when, to which version, that version's content
 * key), also replaced atomically. A version folder appears only by a rename of a finished,
 * fsynced temporary folder, so nothing half-written is ever visible, and it never changes after.
 *
 * Versions are named by their content (run.ts): `2026-11-26-1a2b3c4d`, the publication date in
 * China and the first 8 hex digits of the content key. Folders written before versions were
 * content-addressed are named by their UTC time (`20261126T030000123Z`); they are still served,
 * listed and kept by the same rule.
 *
 * Behind this interface the folder could become an object store; nothing else touches paths.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fsyncDir } from "./files.js";

/** A folder of the first kind, named by the UTC time of its run. */
export const SNAPSHOT_ID = /^\d{8}T\d{9}Z$/;
/** A content-addressed version: the publication date (Asia/Shanghai) and 8 hex digits of its content key. */
export const VERSION_ID = /^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/;
const LATEST = "LATEST";
const HISTORY = "HISTORY";

/** A name that may be a published folder: a version, or a snapshot of the first kind. */
export function isVersionId(id: string): boolean {
  return VERSION_ID.test(id) || SNAPSHOT_ID.test(id);
}

/** The day a version is dated by: the publisher's calendar (China Standard Time, UTC+8, no DST). */
export function publicationDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** `2026-11-26-1a2b3c4d`: the publication date and the first 8 hex digits of the content key. */
export function versionIdFor(at: Date, contentKey: string): string {
  return `${publicationDate(at)}-${contentKey.slice(0, 8)}`;
}

/** A UTC time as snapshots of the first kind were named; now the name of a run's temporary folder. */
export function snapshotIdFor(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(".", "");
}

/** `20261126T030000123Z` → `2026-11-26T03:00:00.123Z`; null for a content-addressed version (its time is in its datapackage.json). */
export function snapshotTime(id: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z` : null;
}

/** The published folders' names, in no particular order (snapshots.ts orders them by publication time). */
export async function listFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && isVersionId(e.name)).map((e) => e.name);
}

export async function readLatest(dir: string): Promise<string | null> {
  const text = await readFile(join(dir, LATEST), "utf8").catch(() => null);
  const id = text?.trim() ?? null;
  return id && isVersionId(id) ? id : null;
}

/** Replaces a small file atomically: write a temporary file, fsync it, rename it over, fsync the folder. */
async function replaceFile(dir: string, name: string, text: string): Promise<void> {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  await writeFile(tmp, text, { flush: true });
  await rename(tmp, join(dir, name));
  await fsyncDir(dir);
}

/** Points LATEST at a version. */
export async function writeLatest(dir: string, id: string): Promise<void> {
  await replaceFile(dir, LATEST, `${id}\n`);
}

/** One move of LATEST: when, to which version, and that version's full content key (null when unknown). */
export interface HistoryEntry {
  at: string;
  id: string;
  contentKey: string | null;
}

export async function readHistory(dir: string): Promise<HistoryEntry[]> {
  const text = await readFile(join(dir, HISTORY), "utf8").catch(() => "");
  const out: HistoryEntry[] = [];
  for (const line of text.split("\n")) {
    const [at, id, key] = line.trim().split(/\s+/);
    if (at && id && isVersionId(id) && !Number.isNaN(Date.parse(at))) out.push({ at, id, contentKey: key && /^[0-9a-f]{64}$/.test(key) ? key : null });
  }
  return out;
}

/** Appends a move of LATEST to HISTORY. Call only while holding the export lock (a read-modify-write). */
async function appendHistory(dir: string, entry: HistoryEntry): Promise<void> {
  const before = await readFile(join(dir, HISTORY), "utf8").catch(() => "");
  await replaceFile(dir, HISTORY, `${before}${entry.at} ${entry.id}${entry.contentKey ? ` ${entry.contentKey}` : ""}\n`);
}

/** Makes `id` the latest version: LATEST first (what readers follow), then the history line. */
export async function pointLatestAt(dir: string, id: string, at: Date, contentKey: string | null): Promise<void> {
  await writeLatest(dir, id);
  await appendHistory(dir, { at: at.toISOString(), id, contentKey });
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

/** Makes a finished temporary folder the version `id`, atomically, and points LATEST at it. */
export async function publish(dir: string, tempPath: string, id: string, at: Date, contentKey: string): Promise<void> {
  await placeFolder(dir, tempPath, id);
  await pointLatestAt(dir, id, at, contentKey);
}

/** Removes what a run that died left behind. Call only while holding the export lock. */
export async function removeTempDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const stale = entries.filter((e) => e.name.startsWith(".tmp-") || /^\.(LATEST|HISTORY)\..*\.tmp$/.test(e.name)).map((e) => e.name);
  for (const name of stale) await rm(join(dir, name), { recursive: true, force: true });
  return stale;
}

/**
 * How long a version stays the latest before it is kept for good. The schedule publishes at most
 * one version a day, so a version that changed data produced is the latest for about a day; one
 * superseded within hours was a correction (a re-run after a fix, a re-import): those are the
 * versions few can have cited, and the only ones pruned. Not 24 hours: versions of a daily
 * schedule are superseded after 24 hours give or take the run's duration, and permanence must not
 * hang on a few seconds of jitter.
 */
export const PERMANENT_AFTER_MS = 6 * 3_600_000;

export interface RetentionRule {
  /** Short-lived versions kept (the newest ones): EXPORT_RETENTION. */
  keep: number;
  /** Time as the latest after which a version is kept for good (default PERMANENT_AFTER_MS). */
  permanentAfterMs?: number;
  now?: Date;
}

/** A published folder and when it was published (from its datapackage.json, or its name). */
export interface PublishedAt {
  id: string;
  publishedAt: string;
}

/**
 * How long each version was the latest, in milliseconds: from HISTORY (every move of LATEST,
 * including back to an earlier version), and for folders it does not name (published before
 * HISTORY existed) from their publication times. The current latest counts until `now`.
 */
export function timeAsLatest(history: HistoryEntry[], folders: PublishedAt[], now: Date): Map<string, number> {
  const named = new Set(history.map((h) => h.id));
  const events = [...history.map((h) => ({ at: Date.parse(h.at), id: h.id })), ...folders.filter((f) => !named.has(f.id)).map((f) => ({ at: Date.parse(f.publishedAt), id: f.id }))].sort((a, b) => a.at - b.at);
  const total = new Map<string, number>();
  events.forEach((e, i) => {
    const until = i + 1 < events.length ? events[i + 1]!.at : now.getTime();
    total.set(e.id, (total.get(e.id) ?? 0) + Math.max(0, until - e.at));
  });
  return total;
}

/**
 * Retention. A version that was the latest for PERMANENT_AFTER_MS in all is kept for good, and so
 * is the latest; of the others — versions superseded within hours — the newest `keep` are kept and
 * the rest removed. `folders` must be newest first. Returns the removed names.
 */
export async function prune(dir: string, folders: PublishedAt[], rule: RetentionRule): Promise<string[]> {
  const latest = await readLatest(dir);
  const now = rule.now ?? new Date();
  const asLatest = timeAsLatest(await readHistory(dir), folders, now);
  const permanentAfter = rule.permanentAfterMs ?? PERMANENT_AFTER_MS;
  const shortLived = folders.filter((f) => f.id !== latest && (asLatest.get(f.id) ?? 0) < permanentAfter);
  const removed = shortLived.slice(Math.max(0, rule.keep)).map((f) => f.id);
  for (const id of removed) await rm(join(dir, id), { recursive: true, force: true });
  return removed;
}
