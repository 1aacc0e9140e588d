// What a newcomer hit first: the front page's example named a fixed localhost:4000, and
// /exports/ and /exports/latest/ were 404s without a listing. Over real HTTP, on both engines.
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { runExport } from "../src/exports/run.js";
import { buildServer } from "../src/server.js";
import { startTestServer, type TestServer } from "./support/harness.js";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const dir = mkdtempSync(join(tmpdir(), "chuangye-newcomer-exports-"));
let server: TestServer;
let snapshotId: string;

beforeAll(async () => {
  server = await startTestServer({ exportDir: dir });
  // Two small datasets are enough for a listing.
  const result = await runExport(server.database, { dir, trigger: "MANUAL", datasets: PUBLIC_DATASETS.filter((d) => d.name === "regions" || d.name === "measures") });
  snapshotId = result.snapshotId!;
});
afterAll(async () => {
  await server?.close();
});

describe("the front page's example", () => {
  it("names the address the visitor reached, not a fixed localhost:4000", async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).not.toContain("localhost:4000");
    expect(html).toContain(`curl -s ${server.url}/graphql -H 'content-type: application/json'`);
    // Behind a proxy: the forwarded host and protocol.
    const proxied = await (await fetch(`${server.url}/`, { headers: { "x-forwarded-host": "data.example.org", "x-forwarded-proto": "https" } })).text();
    expect(proxied).toContain("curl -s https://data.example.org/graphql -H");
    expect(proxied).toContain("curl -s 'https://data.example.org/graphql?id=measure-with-instruments&amp;variables=");
    // A Host that is no host name is not echoed into the page.
    const odd = await (await fetch(`${server.url}/`, { headers: { "x-forwarded-host": "<script>x</script>" } })).text();
    expect(odd).not.toContain("<script>x");
  });

  it("names PUBLIC_BASE_URL when it is set", async () => {
    const app = await buildServer({ database: server.database, logLevel: "silent", exportDir: dir, publicBaseUrl: "https://opendata.example.gov.cn" });
    try {
      const url = await app.listen({ host: "127.0.0.1", port: 0 });
      const html = await (await fetch(`${url}/`)).text();
      expect(html).toContain("curl -s https://opendata.example.gov.cn/graphql -H");
    } finally {
      await app.close();
    }
  });
});

describe("export listings", () => {
  it("/exports/ lists the snapshots: HTML for a browser, JSON otherwise (as /exports always did)", async () => {
    for (const path of ["/exports", "/exports/"]) {
      const json = await fetch(`${server.url}${path}`, { headers: { accept: "application/json" } });
      expect(json.status).toBe(200);
      const body = (await json.json()) as { latest: string; snapshots: { id: string }[] };
      expect(body.latest).toBe(snapshotId);
      expect(body.snapshots.map((s) => s.id)).toEqual([snapshotId]);
      expect(((await (await fetch(`${server.url}${path}`)).json()) as { latest: string }).latest).toBe(snapshotId);

      const html = await fetch(`${server.url}${path}`, { headers: { accept: BROWSER_ACCEPT } });
      expect(html.status).toBe(200);
      expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(html.headers.get("vary")).toBe("Accept");
      const page = await html.text();
      expect(page).toContain(`<a href="/exports/latest/">latest/</a>`);
      expect(page).toContain(`<a href="/exports/${snapshotId}/">${snapshotId}/</a>`);
    }
  });

  it("/exports/latest/ and /exports/<id>/ list the files with sizes and SHA-256, and every link downloads", async () => {
    const sums = new Map(
      (await readFile(join(dir, snapshotId, "SHA256SUMS"), "utf8"))
        .split("\n")
        .filter(Boolean)
        .map((l) => [l.slice(66), l.slice(0, 64)] as const),
    );
    for (const snapshot of ["latest", snapshotId]) {
      const json = (await (await fetch(`${server.url}/exports/${snapshot}/`, { headers: { accept: "application/json" } })).json()) as { snapshot: string; files: { name: string; path: string; bytes: number; sha256: string | null }[] };
      expect(json.snapshot).toBe(snapshotId);
      const names = json.files.map((f) => f.name);
      expect(names.slice(0, 3)).toEqual(["datapackage.json", "SHA256SUMS", "CITATION.cff"]);
      expect(names).toContain("regions.csv");
      expect(names).toContain("measures.ndjson");
      expect(new Set(names.slice(3))).toEqual(new Set(sums.keys()));
      const csv = json.files.find((f) => f.name === "measures.csv")!;
      expect(csv.sha256).toBe(sums.get("measures.csv"));
      const download = await fetch(`${server.url}${csv.path}`, { headers: { "accept-encoding": "identity" } });
      expect(download.status).toBe(200);
      expect((await download.arrayBuffer()).byteLength).toBe(csv.bytes);

      const page = await (await fetch(`${server.url}/exports/${snapshot}/`, { headers: { accept: BROWSER_ACCEPT } })).text();
      expect(page).toContain(`<a href="/exports/${snapshot}/measures.csv">measures.csv</a>`);
      expect(page).toContain(sums.get("measures.csv")!);
    }
    expect((await fetch(`${server.url}/exports/latest/`)).headers.get("cache-control")).toBe("public, max-age=60");
    expect((await fetch(`${server.url}/exports/${snapshotId}/`)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("an unknown snapshot is a 404", async () => {
    for (const path of ["/exports/nope/", "/exports/20990101T000000000Z/"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: string }).error).toBe("NOT_FOUND");
    }
  });
});
