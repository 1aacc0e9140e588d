// The prepared PGlite image (src/db/image.ts): a first start loads it when it is the image of
// this version, refuses it when it is not (and seeds from scratch, leaving nothing behind), and
// a service started from it holds and answers exactly what a database seeded from scratch does.
// PGlite only: a start with DATABASE_URL never looks for an image (test/entrypoint.test.ts).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_IMAGE_DIR } from "../src/config.js";
import { clearInterruptedCreation, openDatabase, queryRows, CREATING_MARK, type Database } from "../src/db/client.js";
import { buildImage, findImage, IMAGE_FINGERPRINT_KEY, imageFingerprint, imageInputs, imagePath, openFromImage, readImage, sourceClosure, type BuildResult } from "../src/db/image.js";
import { TarUnpacker, unpackTar, unpackTarStream } from "../src/db/tar.js";
import { emptyTestDatabase, testEngine } from "./support/engines.js";
import { expectInOrder, FROM_SCRATCH_STEPS, killStartWhen, logMessages, startEntryPoint, stopEntryPoint, type Running } from "./support/entry.js";

const scratch = mkdtempSync(join(tmpdir(), "chuangye-image-test-"));
const dirs: string[] = [];
const newDir = (name: string) => {
  const dir = join(scratch, `${name}-${dirs.length}`);
  mkdirSync(dir, { recursive: true });
  dirs.push(dir);
  return dir;
};
const noExports = { EXPORT_DIR: join(scratch, "exports"), EXPORT_ON_START: "false", EXPORT_SCHEDULE: "off" };

/**
 * The image under test: the one `npm ci` built for this code (in CI there always is one, and it
 * is what a first start would load), copied; built here only when there is none.
 */
let built: BuildResult;
beforeAll(async () => {
  if (testEngine() !== "pglite") return;
  const dir = newDir("images");
  const installed = findImage(DEFAULT_IMAGE_DIR);
  if (installed.found) {
    const path = imagePath(dir, installed.fingerprint);
    copyFileSync(installed.path, path);
    built = { path, fingerprint: installed.fingerprint, built: false, bytes: statSync(path).size, ms: 0 };
  } else {
    built = await buildImage(dir);
  }
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * What the database holds, table by table: row count and a digest of every row, leaving out the
 * columns that record when a row was written and the two app_meta rows that differ by nature
 * (the random data version; the image's own fingerprint, absent from a database seeded here).
 */
async function contents(database: Database): Promise<Record<string, { rows: number; digest: string }>> {
  const columns = await queryRows<{ table_name: string; column_name: string; data_type: string }>(
    database.db,
    sql`select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and table_name in (select tablename from pg_tables where schemaname = 'public')
        order by table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) {
    if (!byTable.has(c.table_name)) byTable.set(c.table_name, []);
    if (!c.data_type.startsWith("timestamp")) byTable.get(c.table_name)!.push(`"${c.column_name}"`);
  }
  const out: Record<string, { rows: number; digest: string }> = {};
  for (const [table, cols] of byTable) {
    const where = table === "app_meta" ? `where key not in ('data:version', '${IMAGE_FINGERPRINT_KEY}')` : "";
    const [row] = await queryRows<{ rows: number; digest: string | null }>(
      database.db,
      sql.raw(`select count(*)::int as rows, md5(string_agg(r, E'\\n' order by r)) as digest
               from (select row(${cols.join(", ")})::text as r from "${table}" ${where}) t`),
    );
    out[table] = { rows: row!.rows, digest: row!.digest ?? "" };
  }
  const sequences = await queryRows<{ name: string; last: string | null }>(database.db, sql`select sequencename as name, last_value::text as last from pg_sequences where schemaname = 'public' order by 1`);
  out["(sequences)"] = { rows: sequences.length, digest: JSON.stringify(sequences) };
  return out;
}

/** Answers of the public API that cover every kind of seeded data. */
const QUERIES = [
  `{ measures(first: 3) { totalCount nodes { code title departments { name } } } targets(first: 100) { totalCount nodes { code progress { currentValue share met asOf } } } }`,
  `{ loanStatistics(groupBy: [REGION_LEAGUE, YEAR], first: 100) { totalCount nodes { leagueCode year disclosure loanCount totalAmount jobsCreated } } }`,
  `{ incubatorBases(first: 5, orderBy: { field: NAME, direction: DESC }) { totalCount nodes { id name region { name } tenants freeSpaceShare } } }`,
  `{ search(query: "担保贷款", first: 10) { totalCount edges { cursor node { __typename ... on Measure { code } ... on SupportInstrument { code } } } } }`,
  `{ projectLibrary(first: 2) { totalCount nodes { name } } mentorTeams(first: 2) { totalCount } servicePoints(first: 2) { totalCount } indicatorObservations(first: 1) { totalCount } demonstrationBrands(first: 1) { totalCount } partnerBanks(first: 20) { totalCount nodes { code name } } }`,
];

async function answers(url: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const query of QUERIES) {
    const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    expect(body.errors, query).toBeUndefined();
    out.push(body.data);
  }
  return out;
}

/**
 * The image as a tampered copy: the same file name, but another fingerprint recorded inside.
 * Made once per file (loading the image and dumping it again is ≈ 2 s of CPU): the two tests that
 * use it only read it, and it sits in a folder of its own.
 */
let tamperedOnce: Promise<string> | undefined;
const tamperedImage = (): Promise<string> => (tamperedOnce ??= makeTamperedImage());
async function makeTamperedImage(): Promise<string> {
  const dir = newDir("tampered");
  const pg = await PGlite.create({ loadDataDir: new Blob([await readImage(built.path)], { type: "application/x-tar" }) });
  await pg.query(`update app_meta set value = 'tampered' where key = $1`, [IMAGE_FINGERPRINT_KEY]);
  await pg.query("checkpoint");
  writeFileSync(imagePath(dir, built.fingerprint), Buffer.from(await (await pg.dumpDataDir("gzip")).arrayBuffer()));
  await pg.close();
  return dir;
}

/** One ustar entry: header (with its checksum) and data padded to 512 bytes. */
function tarEntry(name: string, body: string | Buffer, type = "0"): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, "utf8");
  header.write("0000600\0", 100);
  header.write(`${Buffer.byteLength(body).toString(8).padStart(11, "0")}\0`, 124);
  header.write(type, 156);
  header.write("ustar\0" + "00", 257);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512);
  if (typeof body === "string") data.write(body);
  else body.copy(data);
  return Buffer.concat([header, data]);
}
const END = Buffer.alloc(1024);

describe("unpacking a data directory archive", () => {
  it("writes folders and files, and refuses what a data directory never holds", () => {
    const dir = newDir("tar");
    const ok = Buffer.concat([tarEntry("/base", "", "5"), tarEntry("/base/5/1255", "pages"), tarEntry("/PG_VERSION", "18\n"), END]);
    expect(unpackTar(ok, dir)).toBe(2);
    expect(readFileSync(join(dir, "base", "5", "1255"), "utf8")).toBe("pages");
    expect(readFileSync(join(dir, "PG_VERSION"), "utf8")).toBe("18\n");
    expect(() => unpackTar(Buffer.concat([tarEntry("/../escape", "x"), END]), newDir("tar"))).toThrow(/refusing the entry name/);
    expect(() => unpackTar(Buffer.concat([tarEntry("/link", "", "2"), END]), newDir("tar"))).toThrow(/not a folder or a file/);
    const damaged = Buffer.concat([tarEntry("/PG_VERSION", "18\n"), END]);
    damaged[3] = 0x41;
    expect(() => unpackTar(damaged, newDir("tar"))).toThrow(/checksum mismatch/);
    expect(() => unpackTar(tarEntry("/PG_VERSION", "18\n"), newDir("tar"))).toThrow(/without its end-of-archive/);
  });

  it("unpacks the same archive arriving in pieces of any size, zeros included, and names a file cut short", async () => {
    // A write-ahead log segment is mostly zeros: they are left as holes, read back as zeros.
    const wal = Buffer.alloc(200_000);
    wal.write("record", 70_000);
    wal[199_999] = 7;
    const zeros = Buffer.alloc(100_000);
    const archive = Buffer.concat([tarEntry("/pg_wal", "", "5"), tarEntry("/pg_wal/000000010000000000000001", wal), tarEntry("/pg_wal/empty", zeros), tarEntry("/PG_VERSION", "18\n"), END]);
    for (const size of [1, 7, 511, 513, 65_536, archive.length]) {
      const dir = newDir("tar-pieces");
      const pieces = Array.from({ length: Math.ceil(archive.length / size) }, (_, i) => archive.subarray(i * size, (i + 1) * size));
      expect(await unpackTarStream(Readable.from(pieces), dir)).toBe(3);
      expect(readFileSync(join(dir, "pg_wal", "000000010000000000000001")).equals(wal)).toBe(true);
      expect(readFileSync(join(dir, "pg_wal", "empty")).equals(zeros)).toBe(true);
      expect(readFileSync(join(dir, "PG_VERSION"), "utf8")).toBe("18\n");
    }
    // A file named `last` (a data directory's PG_VERSION) is written only when the archive is complete.
    const held = newDir("tar-last");
    const unpacker = new TarUnpacker(held, ["PG_VERSION"]);
    const versionFirst = Buffer.concat([tarEntry("/PG_VERSION", "18\n"), tarEntry("/pg_wal", "", "5"), tarEntry("/pg_wal/000000010000000000000001", wal), END]);
    unpacker.write(versionFirst.subarray(0, 512 * 4));
    expect(existsSync(join(held, "pg_wal"))).toBe(true);
    expect(existsSync(join(held, "PG_VERSION"))).toBe(false);
    unpacker.write(versionFirst.subarray(512 * 4));
    expect(existsSync(join(held, "PG_VERSION"))).toBe(false);
    expect(unpacker.end()).toBe(2);
    expect(readFileSync(join(held, "PG_VERSION"), "utf8")).toBe("18\n");
    // Cut inside the segment's data, and inside a header.
    const cut = archive.subarray(0, 512 * 2 + 150_000);
    await expect(unpackTarStream(Readable.from([cut]), newDir("tar-cut"))).rejects.toThrow("tar: /pg_wal/000000010000000000000001 is cut short");
    await expect(unpackTarStream(Readable.from([archive.subarray(0, 700)]), newDir("tar-cut"))).rejects.toThrow(/without its end-of-archive/);
    // An error of the source (a truncated gzip stream) is the unpacking's error.
    const failing = (async function* () {
      yield archive.subarray(0, 2048);
      throw new Error("unexpected end of file");
    })();
    await expect(unpackTarStream(failing, newDir("tar-cut"))).rejects.toThrow("unexpected end of file");
  });
});

describe.skipIf(testEngine() !== "pglite")("the prepared image", () => {
  it("is named by the fingerprint of what decides its content, and not built again while that is unchanged", async () => {
    expect(built.fingerprint).toBe(imageFingerprint());
    expect(built.path).toBe(imagePath(join(built.path, ".."), built.fingerprint));
    expect(built.path).toMatch(new RegExp(`pglite-${built.fingerprint.slice(0, 16)}\\.tar\\.gz$`));
    const again = await buildImage(join(built.path, ".."));
    expect(again).toMatchObject({ built: false, path: built.path, fingerprint: built.fingerprint });
    // The migrations, the seed with everything it imports, and the data files it reads.
    const inputs = imageInputs();
    for (const file of [
      "src/db/migrations/0000_foundation.sql",
      "src/db/migrations/meta/_journal.json",
      "src/db/seed/sample.ts",
      "src/db/seed/rng.ts",
      "src/db/seed/data/regions.json",
      "src/db/seed/source/chuangye-neimenggu-2022-2025.txt",
      "src/db/bulk.ts",
      "src/services/search.ts",
      "src/db/image.ts",
    ]) {
      expect(inputs, file).toContain(file);
    }
    expect(inputs.filter((f) => f.startsWith("src/resolvers/") || f.startsWith("src/server"))).toEqual([]);
  });

  it("follows relative imports, static and dynamic, to find the sources it covers", () => {
    const dir = newDir("closure");
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "a.ts"), `import { b } from "./sub/b.js";\nimport "./side.js";\nimport pkg from "drizzle-orm";\n`);
    writeFileSync(join(dir, "sub", "b.ts"), `export const b = () => import("../c.js");\n`);
    writeFileSync(join(dir, "c.ts"), `export { a } from "./a.js";\n`);
    writeFileSync(join(dir, "side.ts"), ``);
    writeFileSync(join(dir, "unrelated.ts"), ``);
    expect(sourceClosure([join(dir, "a.ts")]).map((f) => f.slice(dir.length + 1))).toEqual(["a.ts", "c.ts", "side.ts", "sub/b.ts"]);
  });

  it("is refused when the fingerprint it records is not the one it is named by, leaving nothing behind", async () => {
    const imageDir = await tamperedImage();
    const dataDir = newDir("refused");
    const refused = await openFromImage(dataDir, imageDir);
    expect(refused.database).toBeNull();
    expect(refused).toMatchObject({ refused: true, reason: `refused the prepared image ${imagePath(imageDir, built.fingerprint)}: it records the fingerprint tampered, not ${built.fingerprint}` });
    // Nothing of the refused image is left for initdb to trip over.
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("a first start loads it, and serves exactly what a database seeded from scratch serves — the seed of a start that refused a tampered image", async () => {
    const location = await emptyTestDatabase();
    // The reference is migrated and seeded from scratch here, by the full path: the template the
    // other files clone is itself unpacked from the image, so it could not tell the two apart.
    // It is the start that finds a tampered image, refuses it and seeds instead: one seed proves both.
    const tampered = await tamperedImage();
    const reference = await emptyTestDatabase();
    let running: Running | undefined;
    let fromScratch: Running | undefined;
    try {
      running = await startEntryPoint(location, { env: { ...noExports, PGLITE_IMAGE_DIR: join(built.path, "..") } });
      expect(running.startLog).toMatchObject({ engine: "pglite", image: built.path, seedApplied: false, sampleApplied: false });
      const steps = logMessages(running.output);
      expect(steps).toContain("prepared image loaded and verified");
      expect(steps.filter((m) => /initdb|writing sample loans|programme data written|sample data written/.test(m))).toEqual([]);
      fromScratch = await startEntryPoint(reference, { env: { ...noExports, PGLITE_IMAGE_DIR: tampered } });
      expect(fromScratch.startLog).toMatchObject({ image: null, seedApplied: true, sampleApplied: true });
      const warning = fromScratch.output.split("\n").find((l) => l.includes("not using a prepared image"));
      expect(JSON.parse(warning!)).toMatchObject({ level: 40, reason: `refused the prepared image ${imagePath(tampered, built.fingerprint)}: it records the fingerprint tampered, not ${built.fingerprint}` });
      // The whole first start from scratch on PGlite, step by step (test/entrypoint.test.ts loads the image).
      expectInOrder(logMessages(fromScratch.output), [/^not using a prepared image/, /^creating the embedded database in .* \(PGlite initdb/, ...FROM_SCRATCH_STEPS]);
      expect(await answers(running.url)).toEqual(await answers(fromScratch.url));
      const res = await fetch(`${fromScratch.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ measures(first: 1) { totalCount } }" }) });
      expect(((await res.json()) as any).data.measures.totalCount).toBe(22);
      expect(await stopEntryPoint(running)).toBe(0);
      expect(await stopEntryPoint(fromScratch)).toBe(0);
      running = fromScratch = undefined;

      const loaded = await openDatabase({ dataDir: location.dataDir });
      const seeded = await openDatabase({ dataDir: reference.dataDir });
      try {
        const [a, b] = [await contents(loaded), await contents(seeded)];
        expect(a.guarantee_loans!.rows).toBe(32_000);
        expect(Object.keys(a).length).toBeGreaterThan(40);
        expect(a).toEqual(b);
        const [mark] = await queryRows<{ value: string }>(loaded.db, sql`select value from app_meta where key = ${IMAGE_FINGERPRINT_KEY}`);
        expect(mark!.value).toBe(built.fingerprint);
      } finally {
        await loaded.close();
        await seeded.close();
      }
    } finally {
      if (running) await stopEntryPoint(running);
      if (fromScratch) await stopEntryPoint(fromScratch);
      await location.drop();
      await reference.drop();
    }
  }, 180_000);

  it("a first start killed (SIGKILL) while it unpacks the image is begun again by the next start, which serves the whole database", async () => {
    const dataDir = newDir("killed-data");
    // Killed as soon as the unpacking has begun: the mark is there and some files are written.
    await killStartWhen(dataDir, { ...noExports, PGLITE_IMAGE_DIR: join(built.path, "..") }, () => existsSync(join(dataDir, "global")));
    // Half a database: the mark, and no PG_VERSION (written last).
    expect(existsSync(join(dataDir, CREATING_MARK))).toBe(true);
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(false);
    expect(readdirSync(dataDir).length).toBeGreaterThan(1);

    const running = await startEntryPoint({ dataDir, drop: async () => {} }, { env: { ...noExports, PGLITE_IMAGE_DIR: join(built.path, "..") } });
    try {
      expect(running.startLog).toMatchObject({ engine: "pglite", image: built.path, seedApplied: false, sampleApplied: false });
      const warning = running.output.split("\n").find((l) => l.includes("was stopped while it created the database"));
      expect(JSON.parse(warning!)).toMatchObject({ level: 40, dataDir });
      const res = await fetch(`${running.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ measures(first: 1) { totalCount } }" }) });
      expect(((await res.json()) as any).data.measures.totalCount).toBe(22);
    } finally {
      expect(await stopEntryPoint(running)).toBe(0);
    }
    expect(existsSync(join(dataDir, CREATING_MARK))).toBe(false);
    const reopened = await openDatabase({ dataDir });
    try {
      expect(await queryRows(reopened.db, sql`select count(*)::int as n from guarantee_loans`)).toEqual([{ n: 32_000 }]);
      expect(await queryRows(reopened.db, sql`select value from app_meta where key = ${IMAGE_FINGERPRINT_KEY}`)).toEqual([{ value: built.fingerprint }]);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it("clears a folder it marked while creating a database, PG_VERSION or not, and never an unmarked one (every opening of a PGlite folder checks: the service and the scripts)", () => {
    const half = newDir("half");
    mkdirSync(join(half, "base", "5"), { recursive: true });
    writeFileSync(join(half, CREATING_MARK), "");
    writeFileSync(join(half, "base", "5", "1255"), "pages");
    expect(clearInterruptedCreation(half)).toBe(true);
    expect(readdirSync(half)).toEqual([]);
    // PG_VERSION may be among the files written before the cut: the mark still says the database is not whole.
    const withVersion = newDir("with-version");
    writeFileSync(join(withVersion, CREATING_MARK), "");
    writeFileSync(join(withVersion, "PG_VERSION"), "18\n");
    expect(clearInterruptedCreation(withVersion)).toBe(true);
    expect(readdirSync(withVersion)).toEqual([]);
    const unmarked = newDir("unmarked");
    writeFileSync(join(unmarked, "keep.txt"), "mine");
    writeFileSync(join(unmarked, "PG_VERSION"), "18\n");
    expect(clearInterruptedCreation(unmarked)).toBe(false);
    expect(clearInterruptedCreation(join(unmarked, "absent"))).toBe(false);
    expect(readdirSync(unmarked).sort()).toEqual(["PG_VERSION", "keep.txt"]);
  });

  it("is refused when truncated, and the folder is left empty", async () => {
    const imageDir = newDir("truncated");
    const bytes = readFileSync(built.path);
    writeFileSync(imagePath(imageDir, built.fingerprint), bytes.subarray(0, bytes.length >> 1));
    const dataDir = newDir("truncated-data");
    const result = await openFromImage(dataDir, imageDir);
    expect(result.database).toBeNull();
    expect(result).toMatchObject({ refused: true, reason: expect.stringMatching(/^could not load the prepared image /) });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("is not used when it belongs to another version, nor unpacked into a folder that is not empty", async () => {
    const imageDir = newDir("other-version");
    copyFileSync(built.path, join(imageDir, "pglite-0123456789abcdef.tar.gz"));
    expect(findImage(imageDir)).toEqual({ found: false, reason: expect.stringContaining("pglite-0123456789abcdef.tar.gz is for another version") });
    const other = await openFromImage(newDir("other-data"), imageDir);
    expect(other).toMatchObject({ database: null, refused: false });

    const dataDir = newDir("not-empty");
    writeFileSync(join(dataDir, "keep.txt"), "mine");
    expect(await openFromImage(dataDir, join(built.path, ".."))).toEqual({ database: null, refused: false, reason: `${dataDir} is not empty` });
    expect(readdirSync(dataDir)).toEqual(["keep.txt"]);
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(false);
  });
});
