/**
 * Reading published snapshots back: their checksums (for serving) and their datapackage.json
 * (for the GraphQL catalogue). Snapshots are immutable once published, so both are cached
 * by folder; entries of pruned snapshots simply stop being asked for.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FORMATS, fileName, type Format } from "./formats.js";
import { listSnapshots, readLatest, snapshotTime } from "./store.js";

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
  if (cached) return cached;
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
  return files.length ? { id, generatedAt: snapshotTime(id), files } : null;
}

export async function latestOfDataset(dir: string, dataset: string): Promise<PublishedSnapshot | null> {
  const id = await readLatest(dir);
  return id ? datasetInSnapshot(dir, id, dataset, "/exports/latest") : null;
}

export async function snapshotsOfDataset(dir: string, dataset: string): Promise<PublishedSnapshot[]> {
  const out: PublishedSnapshot[] = [];
  for (const id of await listSnapshots(dir)) {
    const s = await datasetInSnapshot(dir, id, dataset);
    if (s) out.push(s);
  }
  return out;
}
