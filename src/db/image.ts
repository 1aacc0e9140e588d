/**
 * The prepared database image of the embedded engine. A first start on an empty PGlite folder
 * used to run initdb (WASM, ≈ 3.5 s), the migrations, the programme seed and the sample
 * (32,000 loans, ≈ 4 s): ≈ 11 s before the API answered. Everything those steps write is
 * determined by the code (the sample generator is seeded), so it is done ahead of time, once
 * per version: `npm ci` / `npm install` run scripts/build-image.ts, which migrates and seeds an
 * in-memory PGlite and writes its data directory as a gzipped tarball (PGlite's own
 * `dumpDataDir`) named by the fingerprint of everything that determines its content. A first
 * start loads that tarball (`loadDataDir`) instead, in about a second.
 *
 * What keeps it honest:
 * - The fingerprint covers the migrations folder, every source file the migrations and the seed
 *   import (found by following their relative imports, so a new module is covered without
 *   anyone remembering to list it), the seed's data files, this file, and the versions of
 *   PGlite and drizzle-orm. A change to any of them names a different image: the old one is
 *   simply not found, and the start seeds from scratch, saying why.
 * - The image records its fingerprint inside the database (app_meta `image:fingerprint`); a
 *   start reads it back after loading and refuses an image whose row does not match the name
 *   it was found under (a renamed, tampered or truncated file), falling back to seeding.
 * - After loading, the start runs exactly what a later start runs: the migrations (so a stale
 *   image can never skip one) and the seed checks (programme seed version, sample marker).
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { pipeline } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createGunzip, gunzip, gzip } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import { DEFAULT_IMAGE_DIR } from "../config.js";
import { drizzle } from "drizzle-orm/pglite";
import { emptyFolder, openDatabase, queryRows, whileCreating, type Database, type Db } from "./client.js";
import { MIGRATIONS_FOLDER, migrateDatabase } from "./migrate.js";
import * as schema from "./schema/index.js";
import { appMeta } from "./schema/index.js";
import { unpackTarStream } from "./tar.js";
import { seedProgramme, seedSample } from "./seed/index.js";

/** Bump when the way an image is built changes without any fingerprinted file changing. */
const IMAGE_FORMAT = 1;
export const IMAGE_FINGERPRINT_KEY = "image:fingerprint";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/**
 * The entry points of everything an image holds: the migrations and the seed, followed through
 * their imports. This builder counts as one file (its own imports are the entry points, and the
 * config it reads for a folder name has nothing to do with the content).
 */
const SEED_ENTRY_POINTS = ["src/db/migrate.ts", "src/db/seed/index.ts"].map((f) => join(ROOT, f));
const BUILDER = fileURLToPath(import.meta.url);
/** Folders whose every file counts (migrations, the document and region data the seed reads). */
const DATA_FOLDERS = [MIGRATIONS_FOLDER, join(ROOT, "src", "db", "seed")];

/** Relative imports (`from "./x.js"`, `import("./x.js")`, `import "./x.js"`) of a module. */
const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/** Every source file reachable from `entries` through relative imports, sorted. */
export function sourceClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(RELATIVE_IMPORT)) {
      const target = resolve(dirname(file), match[1]!);
      const ts = target.replace(/\.js$/, ".ts");
      if (existsSync(ts)) visit(ts);
      else if (existsSync(target)) visit(target);
      // A missing target is the compiler's business; hashing cannot make it worse.
    }
  };
  entries.forEach(visit);
  return [...seen].sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

/** The installed version of a package, from its own package.json (their `exports` hide it). */
function packageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? "unknown";
    }
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

/**
 * The fingerprint of an image: a hash over everything that decides what the migrated and seeded
 * database holds. Paths are hashed relative to the project, so a clone elsewhere agrees.
 */
export function imageFingerprint(): string {
  const hash = createHash("sha256");
  hash.update(`format ${IMAGE_FORMAT}\n`);
  hash.update(`@electric-sql/pglite ${packageVersion("@electric-sql/pglite")}\ndrizzle-orm ${packageVersion("drizzle-orm")}\n`);
  for (const file of imageInputs()) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(ROOT, file)));
  }
  return hash.digest("hex");
}

/** The files an image's fingerprint covers, relative to the project, sorted. */
export function imageInputs(): string[] {
  const files = new Set([...sourceClosure(SEED_ENTRY_POINTS), BUILDER, ...DATA_FOLDERS.flatMap(filesUnder)]);
  return [...files].map((file) => relative(ROOT, file)).sort();
}

/** The image file for a fingerprint. */
export function imagePath(dir: string, fingerprint: string): string {
  return join(dir, `pglite-${fingerprint.slice(0, 16)}.tar.gz`);
}

export type ImageLookup = { found: true; path: string; fingerprint: string } | { found: false; reason: string };

/** Finds the image for the current code in `dir`, or says why there is none. */
export function findImage(dir: string): ImageLookup {
  const fingerprint = imageFingerprint();
  const path = imagePath(dir, fingerprint);
  if (existsSync(path)) return { found: true, path, fingerprint };
  const others = existsSync(dir) ? readdirSync(dir).filter((f) => /^pglite-[0-9a-f]{16}\.tar\.gz$/.test(f)) : [];
  return {
    found: false,
    reason: others.length
      ? `no prepared image for this version in ${dir} (${others.join(", ")} ${others.length === 1 ? "is" : "are"} for another version; \`npm run build:image\` makes the current one)`
      : `no prepared image in ${dir} (\`npm run build:image\` makes one; \`npm ci\` does it too)`,
  };
}

/**
 * The image's tar archive. zlib checks the gzip trailer's CRC and length, so a truncated or
 * damaged file is an error here, where the start can fall back to seeding.
 */
export async function readImage(path: string): Promise<Buffer> {
  return promisify(gunzip)(await readFile(path));
}

/**
 * The image's archive as it is inflated, piece by piece. An error reading the file or
 * inflating it (a truncated image) ends the iteration with that error.
 */
export function imageStream(path: string): AsyncIterable<Buffer> {
  // Pieces of 1 MB rather than zlib's 16 KB: inflating the image took 0.59 s instead of 0.23 s,
  // most of it handing 5,800 pieces between zlib's thread and this one.
  const inflate = createGunzip({ chunkSize: 1 << 20 });
  pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), inflate, () => {});
  return inflate;
}

/** The fingerprint an opened database says it was built with, or null. */
export async function storedFingerprint(database: Database): Promise<string | null> {
  const [row] = await database.db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, IMAGE_FINGERPRINT_KEY));
  return row?.value ?? null;
}

export interface BuildResult {
  path: string;
  fingerprint: string;
  /** False when an image for this fingerprint was already there. */
  built: boolean;
  bytes: number;
  ms: number;
}

/**
 * Builds the image for the current code into `dir`, unless it is there already: an in-memory
 * PGlite is migrated and seeded exactly as a first start would do it, marked with the
 * fingerprint, and dumped. The file appears under its final name only when complete (written
 * to a temporary name, then renamed); images of other versions in `dir` are removed.
 */
export async function buildImage(dir: string = DEFAULT_IMAGE_DIR, options: { force?: boolean } = {}): Promise<BuildResult> {
  const started = performance.now();
  const fingerprint = imageFingerprint();
  const path = imagePath(dir, fingerprint);
  if (existsSync(path) && !options.force) return { path, fingerprint, built: false, bytes: statSync(path).size, ms: Math.round(performance.now() - started) };
  // The builder's own WAL settings (the image's postgresql.conf keeps the defaults): with the
  // smallest WAL it keeps two 16 MB segments instead of four, a third less to store and unpack.
  const client = await PGlite.create("memory://", { startParams: [...PGlite.defaultStartParams, "-c", "min_wal_size=32MB", "-c", "max_wal_size=32MB"] });
  // One connection, so the API's handle is the owner's, as openDatabase makes it for PGlite.
  const db = drizzle({ client, schema }) as unknown as Db;
  const database: Database = { db, api: db, apiRole: "set-role", engine: "pglite", location: "memory://", close: () => client.close() };
  try {
    await migrateDatabase(database);
    await seedProgramme(database);
    await seedSample(database);
    await db.insert(appMeta).values({ key: IMAGE_FINGERPRINT_KEY, value: fingerprint }).onConflictDoUpdate({ target: appMeta.key, set: { value: fingerprint, updatedAt: sql`now()` } });
    await queryRows(db, sql`checkpoint`);
    // gzip level 1 here rather than PGlite's (level 6): 16 MB instead of 14, ≈ 1.2 s less CPU
    // in every `npm ci`, and no slower to unpack.
    const tarball = await promisify(gzip)(Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer()), { level: 1 });
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, tarball);
    renameSync(temp, path);
    for (const other of readdirSync(dir)) {
      if (/^pglite-[0-9a-f]{16}\.tar\.gz$/.test(other) && join(dir, other) !== path) rmSync(join(dir, other), { force: true });
    }
    return { path, fingerprint, built: true, bytes: tarball.length, ms: Math.round(performance.now() - started) };
  } finally {
    await client.close();
  }
}

export type ImageStart = { database: Database; path: string; fingerprint: string } | { database: null; reason: string; refused: boolean };

/**
 * Creates the embedded database in an empty folder from the prepared image, and checks that it
 * is the image it claims to be. When there is no image for this version, or it is refused, the
 * folder is left as empty as it was found and the reason returned: the caller seeds from scratch.
 */
export async function openFromImage(dataDir: string, imageDir: string, options: { statementTimeoutMs?: number } = {}): Promise<ImageStart> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return { database: null, refused: false, reason: `${dataDir} is not empty` };
  const lookup = findImage(imageDir);
  if (!lookup.found) return { database: null, refused: false, reason: lookup.reason };
  let database: Database | undefined;
  let reason: string;
  try {
    // Unpacked here rather than by PGlite's `loadDataDir` (src/db/tar.ts says why), then
    // opened like any existing folder.
    await whileCreating(dataDir, () => unpackTarStream(imageStream(lookup.path), dataDir, { last: ["PG_VERSION"] }));
    database = await openDatabase({ dataDir, statementTimeoutMs: options.statementTimeoutMs });
    const stored = await storedFingerprint(database);
    if (stored === lookup.fingerprint) return { database, path: lookup.path, fingerprint: lookup.fingerprint };
    reason = `refused the prepared image ${lookup.path}: it records the fingerprint ${stored ?? "(none)"}, not ${lookup.fingerprint}`;
  } catch (err) {
    reason = `could not load the prepared image ${lookup.path}: ${(err as Error).message}`;
  }
  await database?.close().catch(() => {});
  // The folder was empty before the image was unpacked into it: empty it again for initdb.
  emptyFolder(dataDir);
  return { database: null, refused: true, reason };
}
