/**
 * Reading published versions back: their checksums (for serving), their datapackage.json (for
 * the GraphQL catalogue, the listings and the citation), and the list of them newest first.
 * Versions are immutable once published, so both files are cached by folder; entries of pruned
 * versions simply stop being asked for.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Citation } from "./citation.js";
import { FORMATS, fileName, type Format } from "./formats.js";
import { listFolders, readLatest, snapshotTime, type PublishedAt } from "./store.js";

const checksumCache = new Map<string, Map<string, string>>();
const packageCache = new Map<string, PackageDescriptor>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size > 256) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** file name → SHA-256, from the snapshot's SHA256SUMS; null if the snapshot does not exist. */
export async function readChecksums(folder: string): Promise<Map<string, string> | null> {
  const cached = checksumCache.get(folder);
  // A version may have been pruned since (by this process or another): one stat says whether it is still there.
  if (cached && (await stat(join(folder, "SHA256SUMS")).catch(() => null))) return cached;
  checksumCache.delete(folder);
  const text = await readFile(join(folder, "SHA256SUMS"), "utf8").catch(() => null);
  if (text === null) return null;
  const map = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m) map.set(m[2]!, m[1]!);
  }
  return remember(checksumCache, folder, map);
}

interface PackageResource {
  name: string;
  path: string;
  bytes: number;
  hash: string;
  rows: number;
  /** The Table Schema of a tabular resource (the CSV). */
  schema?: unknown;
}

export interface PackageDescriptor {
  created: string;
  citation?: Citation;
  resources: PackageResource[];
}

/** A snapshot folder's datapackage.json, parsed once; null if the snapshot does not exist. */
export async function readPackage(folder: string): Promise<PackageDescriptor | null> {
  const cached = packageCache.get(folder);
  if (cached) return cached;
  const text = await readFile(join(folder, "datapackage.json"), "utf8").catch(() => null);
  if (text === null) return null;
  return remember(packageCache, folder, JSON.parse(text) as PackageDescriptor);
}

/** When a version was published: its name says so for the first kind, its datapackage.json for versions. */
export async function publishedAt(dir: string, id: string): Promise<string | null> {
  return snapshotTime(id) ?? (await readPackage(join(dir, id)))?.created ?? null;
}

/** How to cite a version; null for snapshots published before versions carried a citation. */
export async function citationOf(dir: string, id: string): Promise<Citation | null> {
  return (await readPackage(join(dir, id)))?.citation ?? null;
}

/** Every published version (and snapshot of the first kind), newest first by publication time. */
export async function listVersions(dir: string): Promise<PublishedAt[]> {
  const out: PublishedAt[] = [];
  for (const id of await listFolders(dir)) {
    const at = await publishedAt(dir, id);
    // A version folder without its datapackage.json is not one this service published.
    if (at) out.push({ id, publishedAt: at });
  }
  return out.sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? 1 : -1));
}

export interface PublishedFile {
  format: Format;
  fileName: string;
  path: string;
  bytes: number;
  rows: number;
  sha256: string;
}

export interface PublishedSnapshot {
  id: string;
  generatedAt: string;
  citation: Citation | null;
  files: PublishedFile[];
}

/** A dataset's files in one snapshot, as recorded in its datapackage.json; null if absent. */
export async function datasetInSnapshot(dir: string, id: string, dataset: string, urlPrefix = `/exports/${id}`): Promise<PublishedSnapshot | null> {
  const pkg = await readPackage(join(dir, id));
  if (!pkg) return null;
  const files: PublishedFile[] = [];
  for (const format of FORMATS) {
    const name = fileName(dataset, format);
    const resource = pkg.resources.find((r) => r.path === name);
    if (resource) files.push({ format, fileName: name, path: `${urlPrefix}/${name}`, bytes: resource.bytes, rows: resource.rows, sha256: resource.hash.replace(/^sha256:/, "") });
  }
  return files.length ? { id, generatedAt: snapshotTime(id) ?? pkg.created, citation: pkg.citation ?? null, files } : null;
}

export async function latestOfDataset(dir: string, dataset: string): Promise<PublishedSnapshot | null> {
  const id = await readLatest(dir);
  return id ? datasetInSnapshot(dir, id, dataset, "/exports/latest") : null;
}

export async function snapshotsOfDataset(dir: string, dataset: string): Promise<PublishedSnapshot[]> {
  const out: PublishedSnapshot[] = [];
  for (const { id } of await listVersions(dir)) {
    const s = await datasetInSnapshot(dir, id, dataset);
    if (s) out.push(s);
  }
  return out;
}
