// Open-data exports: valid Frictionless packages whose metadata matches the files, atomic and
// single-flight runs, no new version for the same content, and files served byte for byte with
// ETag, Range, 304 and gzip. Versions, citations and retention: test/versions.test.ts.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { dataDictionary } from "../src/exports/dictionary.js";
import { runExport } from "../src/exports/run.js";
import { listVersions } from "../src/exports/snapshots.js";
import { readLatest, VERSION_ID } from "../src/exports/store.js";
import { cliCommand } from "./support/cli.js";
import { cloneTestDatabase } from "./support/engines.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "chuangye-exports-"));
let server: TestServer;
let snapshot: string;

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const listSnapshots = async (folder: string) => (await listVersions(folder)).map((v) => v.id);
const fileIn = (name: string) => join(dir, snapshot, name);

beforeAll(async () => {
  server = await startTestServer({ exportDir: dir });
  const result = await runExport(server.database, { dir, trigger: "MANUAL" });
  expect(result.status).toBe("SUCCEEDED");
  snapshot = result.snapshotId!;
  expect(snapshot).toMatch(VERSION_ID);
});
afterAll(async () => {
  await server?.close();
});

describe("an export snapshot", () => {
  it("is a valid Frictionless Data Package whose bytes, hashes and row counts match the files", async () => {
    // The Frictionless project's own JavaScript library; strict mode rejects any invalid descriptor.
    const { Package } = await import("datapackage");
    const pkg = await Package.load(fileIn("datapackage.json"), { basePath: join(dir, snapshot), strict: true });
    expect(pkg.valid).toBe(true);
    const descriptor = JSON.parse(readFileSync(fileIn("datapackage.json"), "utf8"));
    expect(descriptor.resources).toHaveLength(PUBLIC_DATASETS.length * 4);
    // Absolute, with the documented default address when PUBLIC_BASE_URL is not given; the citation pins SHA256SUMS.
    expect(descriptor.homepage).toBe("http://127.0.0.1:4000/");
    expect([descriptor.version, descriptor.id]).toEqual([snapshot, `chuangye-neimenggu-open-data/${snapshot}`]);
    expect(descriptor.citation).toMatchObject({ version: snapshot, url: `http://127.0.0.1:4000/exports/${snapshot}/`, sha256Of: "SHA256SUMS", sha256: sha256(readFileSync(fileIn("SHA256SUMS"))) });
    for (const r of descriptor.resources) {
      const content = readFileSync(fileIn(r.path));
      expect(r.bytes, r.path).toBe(content.length);
      expect(r.hash, r.path).toBe(`sha256:${sha256(content)}`);
      const text = content.toString("utf8");
      const counted = r.path.endsWith(".ndjson")
        ? text.split("\n").filter(Boolean).length
        : r.path.endsWith(".json")
          ? JSON.parse(text).data.length
          : parse(text.replace(/^\uFEFF/, ""), { columns: true }).length;
      expect(counted, r.path).toBe(r.rows);
    }
    // Every CSV reads back through its Table Schema: types and constraints hold for every row.
    for (const d of PUBLIC_DATASETS) {
      const read = await pkg.getResource(d.name).read({ keyed: true, cast: true });
      expect(read.length, d.name).toBe(descriptor.resources.find((r: any) => r.name === d.name).rows);
    }
    // Row counts are the database's.
    const [counts] = await rows<Record<string, number>>(
      server.database,
      sql`select (select count(*) from incubator_bases) as bases, (select count(*) from indicator_observations) as observations`,
    );
    const byName = (n: string) => descriptor.resources.find((r: any) => r.name === n).rows;
    expect([byName("measures"), byName("regions"), byName("departments"), byName("targets"), byName("support-instruments")]).toEqual([22, 116, 27, 18, 42]);
    // Funds, criteria, and no minimum wage until one is imported (none is invented).
    expect([byName("funds"), byName("instrument-criteria"), byName("minimum-wages")]).toEqual([13, 101, 0]);
    expect(byName("incubator-bases")).toBe(Number(counts!.bases));
    expect(byName("indicator-observations")).toBe(Number(counts!.observations));
    // SHA256SUMS lists every file (and its gzip twin) with the same hashes.
    const sums = readFileSync(fileIn("SHA256SUMS"), "utf8").trim().split("\n");
    expect(sums).toHaveLength(descriptor.resources.length * 2);
    for (const line of sums) {
      const [hash, name] = line.split("  ");
      expect(sha256(readFileSync(fileIn(name!))), name).toBe(hash);
    }
  });

  it("writes CSV as RFC 4180 and the Excel variant with a BOM and codes kept as text", () => {
    const csv = readFileSync(fileIn("measures.csv"), "utf8");
    expect(csv.startsWith("measure_code,plan_code,")).toBe(true);
    expect(csv.split("\r\n")[1]).toMatch(/^P1-M1,P1,实施“政策支撑促创”计划,"Implement the ""Policy Support for Entrepreneurship"" plan",1,加强金融政策支持,/);
    const excel = readFileSync(fileIn("regions.excel.csv"));
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = excel.toString("utf8").slice(1).split("\r\n");
    expect(lines[0]).toBe("代码 code,名称 name,英文名称 name_en,拼音 pinyin,级别 level,上级代码 parent_code");
    expect(lines[2]).toBe('"=""150100""",呼和浩特市,Hohhot City,Huhehaote Shi,LEAGUE,"=""150000"""');
    const json = JSON.parse(readFileSync(fileIn("support-instruments.json"), "utf8"));
    expect(json.data.find((r: any) => r.code === "one-time-startup-subsidy")).toMatchObject({ amount: "5000.00", amount_type: "MINIMUM", eligible_groups: expect.stringContaining("VETERANS"), audiences: "INDIVIDUAL", fund_codes: "fiscal-funds" });
  });

  it("publishes the loan statistics exactly as the API does, with the disclosure method in the metadata", async () => {
    const api: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await server.gql(
        `query($a: String) { loanStatistics(groupBy: [REGION_LEAGUE, QUARTER, BENEFICIARY_GROUP], first: 100, after: $a) { pageInfo { hasNextPage endCursor } nodes { leagueCode year quarter beneficiaryGroupCode loanCount totalAmount averageAmount jobsCreated disclosure suppressed } } }`,
        { a: after },
      );
      api.push(...res.data.loanStatistics.nodes);
      if (!res.data.loanStatistics.pageInfo.hasNextPage) break;
      after = res.data.loanStatistics.pageInfo.endCursor;
    }
    const csv: any[] = parse(readFileSync(fileIn("loan-statistics.csv"), "utf8"), { columns: true });
    // Every cell of the domain: 12 leagues × 16 quarters × (14 groups + NONE).
    expect(csv).toHaveLength(12 * 16 * 15);
    expect(csv).toHaveLength(api.length);
    expect(api.some((r) => r.disclosure === "WITHHELD") && api.some((r) => r.disclosure === "PERTURBED")).toBe(true);
    csv.forEach((row, i) => {
      const a = api[i];
      expect([row.league_code, Number(row.year), Number(row.quarter), row.beneficiary_group]).toEqual([a.leagueCode, a.year, a.quarter, a.beneficiaryGroupCode]);
      expect([row.disclosure, row.suppressed]).toEqual([a.disclosure, String(a.suppressed)]);
      expect([row.loan_count, row.total_amount, row.average_amount, row.jobs_created]).toEqual([a.loanCount, a.totalAmount, a.averageAmount, a.jobsCreated].map((v) => (v === null ? "" : String(v))));
    });
    // The method and its whole table travel with the data: datapackage.json and the JSON file.
    const { disclosureControl } = (await server.gql(`{ disclosureControl { method version minimumPublishedCount maxCountPerturbation maxJobsPerturbation magnitudeFactor amountRounding keyModulus perturbationTable { variable original perturbation probability keyFrom keyTo } } }`)).data;
    const descriptor = JSON.parse(readFileSync(fileIn("datapackage.json"), "utf8"));
    for (const resource of descriptor.resources.filter((r: any) => r.name.startsWith("loan-statistics"))) expect(resource.disclosureControl).toEqual(disclosureControl);
    expect(descriptor.resources.filter((r: any) => r.disclosureControl).map((r: any) => r.name).sort()).toEqual(["loan-statistics", "loan-statistics-excel-csv", "loan-statistics-json", "loan-statistics-ndjson"]);
    expect(JSON.parse(readFileSync(fileIn("loan-statistics.json"), "utf8")).disclosureControl).toEqual(disclosureControl);
  });

  it("the data dictionary (exports/README.md) is current", () => {
    expect(readFileSync(join(ROOT, "exports/README.md"), "utf8")).toBe(dataDictionary());
  });
});

describe("serving exports over HTTP", () => {
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  it("serves every format byte for byte, with a strong ETag from its SHA-256", async () => {
    for (const name of ["measures.csv", "measures.excel.csv", "measures.json", "measures.ndjson", "datapackage.json", "SHA256SUMS", "CITATION.cff"]) {
      const res = await get(`/exports/latest/${name}`, { "accept-encoding": "identity" });
      expect(res.status, name).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      const onDisk = readFileSync(fileIn(name));
      expect(body.equals(onDisk), name).toBe(true);
      expect(res.headers.get("etag")).toBe(`"${sha256(onDisk)}"`);
      expect(res.headers.get("last-modified")).toBeTruthy();
    }
    const csv = await get("/exports/latest/measures.csv");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const immutable = await get(`/exports/${snapshot}/measures.csv`);
    expect(immutable.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("answers conditional requests with 304 and byte ranges with 206 or 416", async () => {
    const etag = (await get("/exports/latest/regions.csv", { "accept-encoding": "identity" })).headers.get("etag")!;
    // node:http, not fetch: fetch adds Cache-Control: no-cache to conditional requests (an end-to-end reload).
    const conditional = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}/exports/latest/regions.csv`, { headers }, (r) => {
          r.resume();
          r.on("end", () => resolve(r.statusCode!));
        });
        req.on("error", reject);
        req.end();
      });
    expect(await conditional({ "if-none-match": etag, "accept-encoding": "identity" })).toBe(304);
    expect(await conditional({ "if-none-match": '"something-else"', "accept-encoding": "identity" })).toBe(200);
    expect(await conditional({ "if-none-match": etag, "accept-encoding": "identity", "cache-control": "no-cache" })).toBe(200);
    const onDisk = readFileSync(fileIn("regions.csv"));
    const partial = await get("/exports/latest/regions.csv", { range: "bytes=100-199" });
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe(`bytes 100-199/${onDisk.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(onDisk.subarray(100, 200))).toBe(true);
    const stale = await get("/exports/latest/regions.csv", { range: "bytes=0-9", "if-range": '"not-the-etag"' });
    expect(stale.status).toBe(200);
    const resumed = await get("/exports/latest/regions.csv", { range: "bytes=0-9", "if-range": etag });
    expect(resumed.status).toBe(206);
    const beyond = await get("/exports/latest/regions.csv", { range: `bytes=${onDisk.length + 10}-` });
    expect(beyond.status).toBe(416);
  });

  it("sends the gzip twin to clients that accept gzip", async () => {
    const res = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request(`${server.url}/exports/latest/incubator-bases.csv`, { headers: { "accept-encoding": "gzip, deflate" } }, (r) => {
        const chunks: Buffer[] = [];
        r.on("data", (c) => chunks.push(c));
        r.on("end", () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(gunzipSync(res.body).equals(readFileSync(fileIn("incubator-bases.csv")))).toBe(true);
    expect(res.headers.etag).toBe(`"${sha256(readFileSync(fileIn("incubator-bases.csv.gz")))}"`);
  });

  it("refuses every path that would leave the exports folder", async () => {
    const raw = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        // node:http sends the path as written (fetch would normalise the dots away).
        const req = request(server.url, { path }, (r) => {
          let body = "";
          r.on("data", (c) => (body += c));
          r.on("end", () => resolve({ status: r.statusCode!, body }));
        });
        req.on("error", reject);
        req.end();
      });
    for (const path of [
      "/exports/latest/../../package.json",
      "/exports/latest/..%2F..%2Fpackage.json",
      "/exports/%2e%2e/package.json",
      "/exports/latest/%2e%2e%2f%2e%2e%2fpackage.json",
      `/exports/${snapshot}/..%5C..%5Cpackage.json`,
      "/exports/latest/.LATEST.tmp",
      "/exports/latest/LATEST",
      "/exports/..%2f..%2f..%2fetc/passwd",
    ]) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain("chuangye-neimenggu-open-data@");
      expect(res.body, path).not.toContain("root:");
    }
  });

  it("lists datasets, their files and the export runs in GraphQL", async () => {
    const res = await server.gql(`{
      datasets { name }
      dataset(name: "measures") { title titleEn license { name } columns { name type required } latest { snapshotId files { format path bytes rows sha256 } } snapshots { snapshotId } }
      exportRuns(first: 5) { nodes { status trigger snapshotId totalBytes datasetRows { dataset rows } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.datasets.map((d: any) => d.name)).toEqual(PUBLIC_DATASETS.map((d) => d.name));
    const measures = res.data.dataset;
    expect(measures.license.name).toBe("CC-BY-4.0");
    expect(measures.columns[0]).toEqual({ name: "measure_code", type: "string", required: true });
    expect(measures.latest.snapshotId).toBe(snapshot);
    const csv = measures.latest.files.find((f: any) => f.format === "CSV");
    expect(csv).toEqual({ format: "CSV", path: "/exports/latest/measures.csv", bytes: readFileSync(fileIn("measures.csv")).length, rows: 22, sha256: sha256(readFileSync(fileIn("measures.csv"))) });
    const run = res.data.exportRuns.nodes.find((r: any) => r.snapshotId === snapshot);
    expect(run).toMatchObject({ status: "SUCCEEDED", trigger: "MANUAL" });
    expect(run.datasetRows.find((d: any) => d.dataset === "measures").rows).toBe(22);
    const missing = await server.gql(`{ dataset(name: "spaceships") { name } }`);
    expect(missing.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});

describe("export runs", () => {
  it("publish nothing new when every dataset has the content of the latest version, and record the run as UNCHANGED", async () => {
    // Every dataset, computed ones included: the same database gives the same bytes, run after run.
    const again = await runExport(server.database, { dir, trigger: "MANUAL" });
    expect(again).toMatchObject({ status: "UNCHANGED", snapshotId: snapshot, reason: `the content is that of the latest version, ${snapshot}: nothing new was published` });
    expect(await listSnapshots(dir)).toEqual([snapshot]);
    expect(await readLatest(dir)).toBe(snapshot);
    expect(readdirSync(dir).filter((n) => n.startsWith("."))).toEqual([]);
    const runs = await server.gql(`{ exportRuns(first: 1) { nodes { status snapshotId error totalBytes datasetRows { dataset rows } } } }`);
    const [run] = runs.data.exportRuns.nodes;
    expect(run).toMatchObject({ status: "UNCHANGED", snapshotId: snapshot, error: again.reason, totalBytes: null });
    expect(run.datasetRows.find((d: any) => d.dataset === "measures").rows).toBe(22);
  });

  it("are single-flight: two concurrent runs make one snapshot; a claimed schedule slot is not exported twice", async () => {
    const before = await listSnapshots(dir);
    const datasets = PUBLIC_DATASETS.filter((d) => d.name === "regions");
    const results = await Promise.all([runExport(server.database, { dir, trigger: "MANUAL", datasets }), runExport(server.database, { dir, trigger: "MANUAL", datasets })]);
    expect(results.map((r) => r.status).sort()).toEqual(["SKIPPED", "SUCCEEDED"]);
    expect(results.find((r) => r.status === "SKIPPED")!.reason).toBe("another export was running");
    expect(await listSnapshots(dir)).toHaveLength(before.length + 1);

    const slot = "0 3 * * *@2026-11-26T19:00:00.000Z";
    const first = await runExport(server.database, { dir, trigger: "SCHEDULE", slot, datasets });
    const second = await runExport(server.database, { dir, trigger: "SCHEDULE", slot, datasets });
    // The slot's run finds the content just published (regions only): nothing new.
    expect([first.status, second.status]).toEqual(["UNCHANGED", "SKIPPED"]);
    const runs = await server.gql(`{ exportRuns(first: 10) { nodes { status trigger slot error } } }`);
    expect(runs.data.exportRuns.nodes.filter((r: any) => r.status === "SKIPPED").map((r: any) => r.error)).toEqual([
      "the schedule slot 0 3 * * *@2026-11-26T19:00:00.000Z was already exported",
      "another export was running",
    ]);
  });

  it("never shows a half-written snapshot: a run killed with SIGKILL leaves nothing visible, and the next run recovers", async () => {
    const location = await cloneTestDatabase();
    const own = mkdtempSync(join(tmpdir(), "chuangye-atomic-"));
    const env = { ...process.env, DATABASE_URL: location.url ?? "", PGLITE_DIR: location.dataDir ?? "", SEED_SAMPLE: "true" };
    // A first, complete snapshot.
    {
      const db = await openDatabase({ url: location.url, dataDir: location.dataDir });
      expect((await runExport(db, { dir: own, trigger: "MANUAL", datasets: PUBLIC_DATASETS.filter((d) => d.name === "regions") })).status).toBe("SUCCEEDED");
      await db.close();
    }
    const published = await readLatest(own);
    // A slow run (tiny batches, a pause after each), killed once it has written part of its files.
    const child = spawn(process.execPath, cliCommand("scripts/export.ts", "--dir", own, "--batch-size", "20", "--pause-after-batch-ms", "200"), { cwd: ROOT, env, stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const deadline = Date.now() + 60_000;
    let temp: string | undefined;
    while (Date.now() < deadline) {
      temp = readdirSync(own).find((n) => n.startsWith(".tmp-"));
      if (temp && readdirSync(join(own, temp)).some((f) => f.startsWith("incubator-bases"))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(temp, "the exporter should have started writing").toBeTruthy();
    child.kill("SIGKILL");
    await exited;
    // Nothing new is visible: the same snapshots, LATEST unchanged; the partial files sit only in the temporary folder.
    expect(await listSnapshots(own)).toEqual([published]);
    expect(await readLatest(own)).toBe(published);
    expect(existsSync(join(own, temp!))).toBe(true);

    // The next run clears the leftovers, marks the dead run, and finds the content published
    // (one dataset is enough for that: a run of all of them, ≈ 4.5 s of CPU, is the one tested above).
    const db = await openDatabase({ url: location.url, dataDir: location.dataDir });
    try {
      const next = await runExport(db, { dir: own, trigger: "MANUAL", datasets: PUBLIC_DATASETS.filter((d) => d.name === "regions") });
      expect(next).toMatchObject({ status: "UNCHANGED", snapshotId: published });
      expect(readdirSync(own).filter((n) => n.startsWith("."))).toEqual([]);
      expect(await readLatest(own)).toBe(published);
      const runs = await rows<{ status: string; error: string | null }>(db, sql`select status, error from export_runs order by id`);
      expect(runs.map((r) => r.status)).toEqual(["SUCCEEDED", "FAILED", "UNCHANGED"]);
      expect(runs[1]!.error).toContain("abandoned");
    } finally {
      await db.close();
      await location.drop();
    }
  });
});
