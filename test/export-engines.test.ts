// The exports are the same bytes on both engines: PostgreSQL writes them with COPY, the server
// formatting every cell (src/exports/copy.ts); PGlite row by row through csv-stringify and
// JSON.stringify (src/exports/formats.ts). Both read the same seeded data, plus rows of awkward
// text, and every file and gzip twin of every dataset must have the same SHA-256.
//
// It runs in the postgres project (it needs the server). When the same vitest run also built the
// PGlite template (`npm test`), it clones it; alone (`--project postgres`) it builds a PGlite
// database the same way (≈ 20–40 s).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, postgresClientOf, queryRows, type Database } from "../src/db/client.js";
import { DATASETS, datasetByName } from "../src/exports/catalogue.js";
import { copyRenderings, CsvLineEnds, JsonArrayRows } from "../src/exports/copy.js";
import { FORMATS } from "../src/exports/formats.js";
import { writeDataset } from "../src/exports/run.js";
import { cloneTestDatabase, pgliteTemplateExpected, testEngine, type TestDatabaseLocation } from "./support/engines.js";
import { buildPgliteDatabase } from "./support/template.js";

/** Text that CSV quoting, Excel's formula guard and JSON escaping each must get right. */
const AWKWARD: [string, string, string | null][] = [
  ["S-ZZ-01", "line one\nline two", "crlf\r\ninside"],
  ["S-ZZ-02", "lone\rcarriage return", ""],
  ["S-ZZ-03", 'comma, and "quotes"', '"'],
  ["S-ZZ-04", '=HYPERLINK("http://example.org")', "-42"],
  ["S-ZZ-05", "+1", "@sum(A1)"],
  ["S-ZZ-06", "\ttab first", "back\\slash \\n not a newline"],
  ["S-ZZ-07", "control \u0001\u001f and del \u007f", "emoji 😀, line separator \u2028, 〔示例〕"],
  ["S-ZZ-08", "ends with a newline\n", null],
  ["S-ZZ-09", "\\.", "  spaces around  "],
  ["S-ZZ-10", "\rcarriage return first", "'already guarded"],
];

async function addAwkwardRows(database: Database): Promise<void> {
  for (const [code, name, link] of AWKWARD) {
    await database.db.execute(sql`insert into project_library_projects (code, name, name_en, sector, stage, county_code, league_code, published_on, link, provenance)
      select ${code}, ${name}, ${name}, sector, stage, county_code, league_code, published_on, ${link}, provenance from project_library_projects order by code limit 1`);
  }
  // A revised figure, and the same recording instants in both databases (each was seeded at its own
  // time), with microseconds that the files round up to the millisecond.
  await database.db.execute(sql`update indicator_observations set value = value + 1 where (metric, region_code, period) = ('jobs_created', '150100', '2022-Q1')`);
  await database.db.execute(sql`update indicator_observation_revisions set
      recorded_at = case when superseded_at is null and metric = 'jobs_created' and region_code = '150100' and period = '2022-Q1' then timestamptz '2026-02-03 04:05:06.789+00' else timestamptz '2026-01-02 03:04:05.123001+00' end,
      superseded_at = case when superseded_at is null then null else timestamptz '2026-02-03 04:05:06.789+00' end`);
}

describe.runIf(testEngine() === "postgres")("exports on PostgreSQL (COPY) and PGlite (row by row)", () => {
  let pgLocation: TestDatabaseLocation;
  let pgliteDir: string;
  let pg: Database;
  let pglite: Database;
  let out: string;
  const folder = (name: string) => mkdtempSync(join(out, `${name}-`));

  beforeAll(async () => {
    // Made here, not when the file is collected: the pglite project collects this block too, and skips it.
    out = mkdtempSync(join(tmpdir(), "chuangye-export-engines-"));
    pgLocation = await cloneTestDatabase("postgres");
    // The run's PGlite template may still be being built (test/support/template.ts): the clone waits for it.
    if (pgliteTemplateExpected()) pgliteDir = (await cloneTestDatabase("pglite")).dataDir!;
    else await buildPgliteDatabase((pgliteDir = mkdtempSync(join(tmpdir(), "chuangye-export-engines-pglite-"))));
    pg = await openDatabase({ url: pgLocation.url });
    pglite = await openDatabase({ dataDir: pgliteDir });
    await addAwkwardRows(pg);
    await addAwkwardRows(pglite);
  }, 180_000);
  afterAll(async () => {
    await pg?.close();
    await pglite?.close();
    await pgLocation?.drop();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("writes every dataset, in every format and its gzip twin, to the same bytes", async () => {
    // Which path writes is decided by the engine: COPY where there is a postgres.js client.
    expect(postgresClientOf(pg.db)).not.toBeNull();
    expect(postgresClientOf(pglite.db)).toBeNull();
    const snapshot = "20261126T030000000Z";
    for (const dataset of DATASETS) {
      const a = await writeDataset(pg.db, dataset, folder("pg"), snapshot);
      const b = await writeDataset(pglite.db, dataset, folder("pglite"), snapshot);
      expect(a.rows, dataset.name).toBe(b.rows);
      for (const format of FORMATS) {
        const [x, y] = [a.files[format], b.files[format]];
        expect({ bytes: x.bytes, sha256: x.sha256, gzip: x.gzip?.sha256 }, `${dataset.name} ${format}`).toEqual({ bytes: y.bytes, sha256: y.sha256, gzip: y.gzip?.sha256 });
        expect(readFileSync(x.path).length).toBe(x.bytes);
      }
    }
    // Not vacuous: the loans extract has many COPY chunks, the awkward rows are in the library.
    const loans = await writeDataset(pg.db, datasetByName("guarantee-loans-extract")!, folder("loans"), snapshot, { formats: ["csv"], gzip: false });
    expect(loans.rows).toBeGreaterThan(30_000);
    expect(loans.files.csv.bytes).toBeGreaterThan(4 * 256 * 1024);
  });

  it("keeps awkward text exact: RFC 4180 quoting, CRLF between records only, Excel's guard, JSON escapes", async () => {
    const dataset = datasetByName("project-library")!;
    const { files } = await writeDataset(pg.db, dataset, folder("library"), "20261126T030000000Z", { gzip: false });
    const csv = readFileSync(files.csv.path, "utf8");
    const records: Record<string, string>[] = parse(csv, { columns: true, record_delimiter: "\r\n" });
    const json = JSON.parse(readFileSync(files.json.path, "utf8")).data;
    const ndjson = readFileSync(files.ndjson.path, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
    const excel: string[][] = parse(readFileSync(files["excel-csv"].path, "utf8").slice(1), { record_delimiter: "\r\n" });
    for (const [code, name, link] of AWKWARD) {
      const row = records.find((r) => r.code === code)!;
      expect([row.name, row.name_en, row.link], code).toEqual([name, name, link ?? ""]);
      expect(json.find((r: any) => r.code === code)).toMatchObject({ name, name_en: name, link });
      expect(ndjson.find((r: any) => r.code === code)).toEqual(json.find((r: any) => r.code === code));
      const guarded = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
      const excelRow = excel.find((r) => r[0] === code)!;
      expect([excelRow[1], excelRow[8]], code).toEqual([guarded(name), guarded(link ?? "")]);
      expect(excelRow[5]).toMatch(/^="15\d{4}"$/);
    }
    // Records end with CRLF; a newline inside a quoted field is kept as it was.
    expect(csv).toContain('"line one\nline two"');
    expect(csv).toContain('"crlf\r\ninside"');
    expect(csv.split("\r\n")).toHaveLength(1 + records.length + 1 + 1); // header, records, "" after the last, and S-ZZ-01's link
    // Empty and absent are both an empty cell in CSV, and differ in JSON.
    expect(csv).toMatch(/,"lone\rcarriage return",[A-Z_]+,[A-Z]+,\d{6},\d{6},\d{4}-\d\d-\d\d,,(SAMPLE|SOURCE)\r\n/);
    expect(json.find((r: any) => r.code === "S-ZZ-02").link).toBe("");
    expect(json.find((r: any) => r.code === "S-ZZ-08").link).toBeNull();
  });

  it("a failure half-way through a COPY cancels it and leaves the connection usable", async () => {
    // One connection: if the COPY were left streaming (or its socket paused), the next query would wait forever.
    const single = await openDatabase({ url: pgLocation.url, poolSize: 1 });
    try {
      let chunks = 0;
      const stop = new Error("stop here");
      const run = copyRenderings(postgresClientOf(single.db)!, folder("abandoned"), datasetByName("guarantee-loans-extract")!, {}, ["csv", "json"], {
        onBatch: () => {
          if (++chunks === 2) throw stop;
        },
      });
      await expect(run).rejects.toBe(stop);
      const answered = await Promise.race([queryRows<{ one: number }>(single.db, sql`select 1 as one`), new Promise((_, reject) => setTimeout(() => reject(new Error("the connection hangs")), 10_000))]);
      expect(answered).toEqual([{ one: 1 }]);
      // The transaction was rolled back and nothing of the COPY still runs.
      const [state] = await queryRows<{ n: number }>(pg.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and (query ilike 'copy%' and state <> 'idle' or state like 'idle in transaction%')`);
      expect(state!.n).toBe(0);
    } finally {
      await single.close();
    }
  });
});

describe("COPY's bytes into the files' bytes, whatever the chunks", () => {
  // Every way of cutting the input in three gives the bytes of converting it whole.
  function cutEverywhere(input: string, convert: (chunks: Buffer[]) => Buffer): string {
    const bytes = Buffer.from(input);
    const whole = convert([bytes]).toString();
    for (let i = 0; i <= bytes.length; i++)
      for (let j = i; j <= bytes.length; j++) expect(convert([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]).toString(), `cut at ${i}, ${j}`).toBe(whole);
    return whole;
  }

  it("CSV: LF → CRLF between records, never inside a quoted field", () => {
    const lineEnds = (chunks: Buffer[]) => {
      const c = new CsvLineEnds();
      const out = Buffer.concat(chunks.map((chunk) => c.convert(chunk)));
      expect(c.rows).toBe(3);
      return out;
    };
    expect(cutEverywhere('a,"b\nc",d\n"x""\ny",\n"",","\n', lineEnds)).toBe('a,"b\nc",d\r\n"x""\ny",\r\n"",","\r\n');
  });

  it("JSON: records joined by ,\\n after a first \\n, the last one's LF left to the footer", () => {
    const array = (chunks: Buffer[]) => {
      const a = new JsonArrayRows();
      const out = Buffer.concat(chunks.map((chunk) => a.convert(chunk)));
      expect(a.rows).toBe(3);
      return out;
    };
    expect(cutEverywhere('{"a":1}\n{"b":"x\\ny"}\n{}\n', array)).toBe('\n{"a":1},\n{"b":"x\\ny"},\n{}');
    expect(new JsonArrayRows().convert(Buffer.alloc(0)).length).toBe(0);
  });
});
