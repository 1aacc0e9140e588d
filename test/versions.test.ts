// Citable versions of the open data: named by their content, published only when it changed,
// kept for good once they were the latest for hours, each with a CITATION.cff and a how-to-cite
// line (datapackage.json, the front page, GraphQL). Over real HTTP, on both engines. The clock of
// the runs is set by the test, so that versions are published "days apart" without waiting.
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { runExport, type ExportOptions } from "../src/exports/run.js";
import { listVersions } from "../src/exports/snapshots.js";
import { readLatest, VERSION_ID } from "../src/exports/store.js";
import { publishDataVersion } from "../src/services/refresh.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

const BASE = "https://opendata.example.gov.cn";
const TITLE = "创业内蒙古 Open Data — “创业内蒙古行动”实施方案(2022-2025年) (内政办发〔2022〕31号)";
const PUBLISHER = "创业内蒙古 Open Data (Chuangye Neimenggu Open Data (Entrepreneurship Inner Mongolia))";
// Departments, which the tests change, and minimum wages, which they do not.
const datasets = PUBLIC_DATASETS.filter((d) => d.name === "departments" || d.name === "minimum-wages");
const dir = mkdtempSync(join(tmpdir(), "chuangye-versions-"));
let server: TestServer;
let clock = new Date("2026-11-25T19:00:00.000Z"); // 03:00 on 26 November in China
let originalName: string;

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const exportNow = (extra: Partial<ExportOptions> = {}) => runExport(server.database, { dir, trigger: "MANUAL", datasets, publicBaseUrl: BASE, now: () => clock, ...extra });
const ids = async () => (await listVersions(dir)).map((v) => v.id);
const download = async (path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { "accept-encoding": "identity" } });
  return { status: res.status, etag: res.headers.get("etag"), type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
};
/** A write as the service makes one: the change, then a new data version. */
async function renameFinanceDepartment(nameEn: string) {
  await server.database.db.execute(sql`update departments set name_en = ${nameEn} where slug = 'finance-department'`);
  await publishDataVersion(server.database.db);
}
const citationOf = (id: string) => JSON.parse(readFileSync(join(dir, id, "datapackage.json"), "utf8")).citation;

beforeAll(async () => {
  server = await startTestServer({ exportDir: dir });
  const [row] = await rows<{ name_en: string }>(server.database, sql`select name_en from departments where slug = 'finance-department'`);
  originalName = row!.name_en;
});
afterAll(async () => {
  await server?.close();
});

describe("versions", () => {
  // Filled in by the tests below, in order.
  let v1: string;
  let v1Csv: Buffer;
  let v1Sums: Buffer;
  let v2: string;

  it("a first run publishes a version named by its date in China and its content, with a valid CITATION.cff", async () => {
    const first = await exportNow();
    expect(first.status).toBe("SUCCEEDED");
    v1 = first.snapshotId!;
    expect(v1).toMatch(VERSION_ID);
    expect(v1.startsWith("2026-11-26-")).toBe(true);
    expect(await readLatest(dir)).toBe(v1);
    v1Csv = (await download(`/exports/${v1}/departments.csv`)).body;
    v1Sums = (await download(`/exports/${v1}/SHA256SUMS`)).body;
    expect(v1Csv.toString("utf8")).toContain(originalName);

    const cff = await download(`/exports/${v1}/CITATION.cff`);
    expect(cff.status).toBe(200);
    expect(cff.type).toBe("text/plain; charset=utf-8");
    expect(cff.etag).toBe(`"${sha256(cff.body)}"`);
    const text = cff.body.toString("utf8");
    expect(text.split("\n").slice(0, 4)).toEqual([
      "# How to cite this version of the data: Citation File Format 1.2.0 (https://citation-file-format.github.io/).",
      "cff-version: 1.2.0",
      'message: "If you use these data, please cite this version as below."',
      "type: dataset",
    ]);
    // Every key is one CFF 1.2.0 defines, with the type it requires: cff-version, message, title
    // and authors are required; an entity author has a name; dates are YYYY-MM-DD; identifiers
    // are of type url or other; the licence is an SPDX id.
    expect(parseYaml(text)).toEqual({
      "cff-version": "1.2.0",
      message: "If you use these data, please cite this version as below.",
      type: "dataset",
      title: TITLE,
      abstract: expect.stringMatching(/^Open data of the Inner Mongolia Entrepreneurship Action: /),
      authors: [{ name: PUBLISHER, country: "CN", website: `${BASE}/` }],
      version: v1,
      "date-released": "2026-11-26",
      url: `${BASE}/exports/${v1}/`,
      license: "CC-BY-4.0",
      keywords: ["创业内蒙古", "Inner Mongolia", "entrepreneurship", "open data", "内政办发〔2022〕31号"],
      identifiers: [
        { type: "url", value: `${BASE}/exports/${v1}/`, description: "This version's folder: every file, each with its SHA-256." },
        { type: "other", value: `sha256:${sha256(v1Sums)}`, description: "SHA-256 of this version's SHA256SUMS, which lists the SHA-256 of every data file." },
      ],
    });
  });

  it("datapackage.json, the front page and GraphQL give the same how-to-cite line: title, publisher, version, date, URL, SHA-256", async () => {
    const descriptor = JSON.parse((await download(`/exports/${v1}/datapackage.json`)).body.toString("utf8"));
    const line = `${PUBLISHER} (2026). ${TITLE} [Data set], version ${v1}, released 2026-11-26. ${BASE}/exports/${v1}/ — SHA-256 of SHA256SUMS: ${sha256(v1Sums)}. Licence: CC-BY-4.0.`;
    expect(descriptor.citation).toEqual({
      text: line,
      title: TITLE,
      publisher: PUBLISHER,
      version: v1,
      dateReleased: "2026-11-26",
      url: `${BASE}/exports/${v1}/`,
      sha256: sha256(v1Sums),
      sha256Of: "SHA256SUMS",
      license: "CC-BY-4.0",
      cff: `${BASE}/exports/${v1}/CITATION.cff`,
    });
    expect([descriptor.homepage, descriptor.version, descriptor.created]).toEqual([`${BASE}/`, v1, "2026-11-25T19:00:00.000Z"]);
    // Still a valid Frictionless package (a custom property is allowed), checked strictly.
    const { Package } = await import("datapackage");
    const pkg = await Package.load(join(dir, v1, "datapackage.json"), { basePath: join(dir, v1), strict: true });
    expect(pkg.valid).toBe(true);

    const home = await (await fetch(`${server.url}/`)).text();
    expect(home).toContain(`<p id="how-to-cite"><b>引用 How to cite</b> (version <a href="/exports/${v1}/">${v1}</a>, <a href="/exports/${v1}/CITATION.cff">CITATION.cff</a>):<br>${line}</p>`);

    const res = await server.gql(`{ dataset(name: "departments") { title titleEn howToCite latest { snapshotId citation { text title publisher version dateReleased url sha256 sha256Of license cff } } } }`);
    expect(res.errors).toBeUndefined();
    const d = res.data.dataset;
    expect(d.latest).toEqual({ snapshotId: v1, citation: descriptor.citation });
    expect(d.howToCite).toBe(line.replace(" [Data set],", ` [Data set], dataset “departments” (${d.title} / ${d.titleEn}),`));
  });

  it("a run that finds the latest version's content publishes nothing, and records UNCHANGED naming that version", async () => {
    clock = new Date("2026-11-25T19:01:00.000Z");
    const again = await exportNow();
    const reason = `the content is that of the latest version, ${v1}: nothing new was published`;
    expect(again).toMatchObject({ status: "UNCHANGED", snapshotId: v1, reason });
    expect(await ids()).toEqual([v1]);
    const runs = await server.gql(`{ exportRuns(first: 2) { nodes { status snapshotId error totalBytes } } }`);
    expect(runs.data.exportRuns.nodes).toEqual([
      { status: "UNCHANGED", snapshotId: v1, error: reason, totalBytes: null },
      { status: "SUCCEEDED", snapshotId: v1, error: null, totalBytes: expect.any(Number) },
    ]);
  });

  it("a change publishes a new version with a new id; the earlier version's URL keeps its bytes and its checksum", async () => {
    await renameFinanceDepartment("Finance Department (revised)");
    clock = new Date("2026-11-26T19:00:00.000Z"); // 03:00 on 27 November in China
    const next = await exportNow();
    expect(next.status).toBe("SUCCEEDED");
    v2 = next.snapshotId!;
    expect(v2.startsWith("2026-11-27-")).toBe(true);
    expect(v2.slice(-8)).not.toBe(v1.slice(-8));
    expect(await readLatest(dir)).toBe(v2);
    expect((await download("/exports/latest/departments.csv")).body.toString("utf8")).toContain("Finance Department (revised)");
    const old = await download(`/exports/${v1}/departments.csv`);
    expect(old.body.equals(v1Csv)).toBe(true);
    expect(old.etag).toBe(`"${sha256(v1Csv)}"`);
    expect(sha256((await download(`/exports/${v1}/SHA256SUMS`)).body)).toBe(citationOf(v1).sha256);
    // A file that did not change is stored once: the new version's name is a hard link to the earlier one's.
    const inode = (id: string, name: string) => statSync(join(dir, id, name)).ino;
    for (const name of ["minimum-wages.csv", "minimum-wages.excel.csv", "minimum-wages.json", "minimum-wages.ndjson", "minimum-wages.csv.gz", "minimum-wages.json.gz"]) {
      expect(inode(v2, name), name).toBe(inode(v1, name));
    }
    for (const name of ["departments.csv", "departments.json", "datapackage.json", "SHA256SUMS", "CITATION.cff"]) expect(inode(v2, name), name).not.toBe(inode(v1, name));
    // Which is why the JSON files name no version: the version is in the URL, datapackage.json and CITATION.cff.
    expect(Object.keys(JSON.parse(readFileSync(join(dir, v2, "minimum-wages.json"), "utf8")))).toEqual(["name", "version", "title", "titleEn", "description", "license", "columns", "data"]);
    const res = await server.gql(`{ dataset(name: "departments") { snapshots { snapshotId citation { version } } } }`);
    expect(res.data.dataset.snapshots).toEqual([
      { snapshotId: v2, citation: { version: v2 } },
      { snapshotId: v1, citation: { version: v1 } },
    ]);
  });

  it("undoing the change makes the earlier version the latest again, without a copy of it", async () => {
    await renameFinanceDepartment(originalName);
    clock = new Date("2026-11-26T19:05:00.000Z");
    const back = await exportNow();
    expect(back).toMatchObject({ status: "SUCCEEDED", snapshotId: v1, reason: `the content is that of ${v1}, published before: LATEST points at it again` });
    expect(await readLatest(dir)).toBe(v1);
    expect(await ids()).toEqual([v2, v1]);
    expect((await download("/exports/latest/departments.csv")).body.equals(v1Csv)).toBe(true);
  });

  it("keeps for good every version that was the latest for hours; of the versions superseded within hours, the newest EXPORT_RETENTION", async () => {
    const published: string[] = [];
    for (const [n, at] of [
      [3, "2026-11-26T19:10:00.000Z"],
      [4, "2026-11-26T19:20:00.000Z"],
      [5, "2026-11-26T19:30:00.000Z"],
    ] as const) {
      await renameFinanceDepartment(`Finance Department (revision ${n})`);
      clock = new Date(at);
      const r = await exportNow({ retention: 1 });
      expect(r.status).toBe("SUCCEEDED");
      published.push(r.snapshotId!);
    }
    const [v3, v4, v5] = published as [string, string, string];
    // v1 was the latest for a day and 5 minutes: kept. v2 (5 minutes), v3 and v4 (10 minutes each)
    // were superseded within hours: the newest of them, v4, is kept; v2 and v3 are gone.
    expect(await ids()).toEqual([v5, v4, v1]);
    expect((await download(`/exports/${v2}/departments.csv`)).status).toBe(404);
    expect((await download(`/exports/${v3}/`)).status).toBe(404);
    // The cited version still serves the same bytes, and its checksum still holds.
    const old = await download(`/exports/${v1}/departments.csv`);
    expect([old.status, old.body.equals(v1Csv)]).toEqual([200, true]);
    const sums = await download(`/exports/${v1}/SHA256SUMS`);
    expect(sums.body.equals(v1Sums)).toBe(true);
    expect(sha256(sums.body)).toBe(citationOf(v1).sha256);
    for (const line of sums.body.toString("utf8").trim().split("\n")) {
      const [hash, name] = line.split("  ");
      expect(sha256((await download(`/exports/${v1}/${name}`)).body), name).toBe(hash);
    }
    // HISTORY: every move of LATEST, with the version's full content key.
    const history = readFileSync(join(dir, "HISTORY"), "utf8").trim().split("\n").map((l) => l.split(" "));
    expect(history.map(([at, id]) => [at, id])).toEqual([
      ["2026-11-25T19:00:00.000Z", v1],
      ["2026-11-26T19:00:00.000Z", v2],
      ["2026-11-26T19:05:00.000Z", v1],
      ["2026-11-26T19:10:00.000Z", v3],
      ["2026-11-26T19:20:00.000Z", v4],
      ["2026-11-26T19:30:00.000Z", v5],
    ]);
    for (const [, id, key] of history) expect(key!.slice(0, 8)).toBe(id!.slice(-8));
  });

  it("still serves, lists and keeps snapshots named by their time, which have no citation", async () => {
    const legacy = "20261120T190000000Z";
    cpSync(join(dir, v1), join(dir, legacy), { recursive: true });
    // As those were written: no CITATION.cff, no citation in datapackage.json.
    rmSync(join(dir, legacy, "CITATION.cff"));
    const { citation: _, ...descriptor } = JSON.parse(readFileSync(join(dir, legacy, "datapackage.json"), "utf8"));
    writeFileSync(join(dir, legacy, "datapackage.json"), JSON.stringify(descriptor, null, 2));
    expect((await download(`/exports/${legacy}/departments.csv`)).body.equals(v1Csv)).toBe(true);
    expect((await download(`/exports/${legacy}/CITATION.cff`)).status).toBe(404);
    const listing = (await (await fetch(`${server.url}/exports/`)).json()) as { latest: string; snapshots: { id: string; generatedAt: string; citation: string | null }[] };
    expect(listing.snapshots.map((s) => s.id)).toEqual([...(await ids())]);
    expect(listing.snapshots.at(-1)).toEqual({ id: legacy, generatedAt: "2026-11-20T19:00:00.000Z", datapackage: `/exports/${legacy}/datapackage.json`, citation: null });
    expect(listing.snapshots[0]!.citation).toBe(`/exports/${listing.latest}/CITATION.cff`);
    const res = await server.gql(`{ dataset(name: "departments") { snapshots { snapshotId citation { version } } } }`);
    expect(res.data.dataset.snapshots.at(-1)).toEqual({ snapshotId: legacy, citation: null });
    // It was the latest for 5 days (until the first version): retention keeps it.
    clock = new Date("2026-11-26T19:40:00.000Z");
    expect((await exportNow({ retention: 1 })).status).toBe("UNCHANGED");
    expect((await ids()).at(-1)).toBe(legacy);
    expect(await ids()).toHaveLength(4);
  });
});
