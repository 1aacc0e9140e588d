// The machine-readable catalogue: DCAT-AP JSON-LD that a JSON-LD processor reads without the
// network and without dropping a term, listing every dataset and every published file with its
// exact size and SHA-256 at absolute URLs; and schema.org `Dataset` markup on the dataset pages.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsonld from "jsonld";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_DATASETS, type DatasetDefinition } from "../src/exports/catalogue.js";
import { accrualPeriodicity } from "../src/exports/dcat.js";
import { runExport } from "../src/exports/run.js";
import { buildServer } from "../src/server.js";
import { startTestServer, type TestServer } from "./support/harness.js";

const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const SPDX = "http://spdx.org/rdf/terms#";
const XSD = "http://www.w3.org/2001/XMLSchema#";
const EU = "http://publications.europa.eu/resource/authority/";

const dir = mkdtempSync(join(tmpdir(), "chuangye-dcat-"));
let server: TestServer;
let snapshot: string;

beforeAll(async () => {
  server = await startTestServer({ exportDir: dir });
  // Every public dataset: the catalogue must list each of their files.
  const result = await runExport(server.database, { dir, trigger: "MANUAL" });
  expect(result.status).toBe("SUCCEEDED");
  snapshot = result.snapshotId!;
});
afterAll(async () => {
  await server?.close();
});

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Every remote document asked for; the loader refuses them all (no network, no remote context). */
const asked: string[] = [];
const offline = async (url: string): Promise<never> => {
  asked.push(url);
  throw new Error(`refusing to load ${url}: the catalogue's context must be inline`);
};

/**
 * Expands in jsonld.js's safe mode: any term the context does not define, any relative IRI, any
 * value expansion would drop fails the expansion instead of vanishing silently. Then flattens,
 * so that every node (blank ones too) can be found by its @id.
 */
async function graph(doc: unknown): Promise<Map<string, Record<string, any>>> {
  const expanded = await jsonld.expand(doc, { safe: true, documentLoader: offline });
  const flat = await jsonld.flatten(expanded, null, { safe: true, documentLoader: offline });
  const nodes = Array.isArray(flat) ? flat : flat["@graph"];
  return new Map(nodes.map((n) => [n["@id"] as string, n]));
}

const ofType = (g: Map<string, Record<string, any>>, type: string) => [...g.values()].filter((n) => (n["@type"] ?? []).includes(type));
const one = (node: Record<string, any>, property: string) => {
  const values = node[property] ?? [];
  expect(values, property).toHaveLength(1);
  return values[0];
};
const ids = (node: Record<string, any>, property: string): string[] => (node[property] ?? []).map((v: any) => v["@id"]);
const literal = (node: Record<string, any>, property: string) => one(node, property)["@value"];
/** Language → text; JSON-LD processors normalise language tags to lower case (BCP 47 tags are case-insensitive). */
const byLanguage = (node: Record<string, any>, property: string) => Object.fromEntries((node[property] ?? []).map((v: any) => [v["@language"], v["@value"]]));

async function getCatalogue(app = server.app, headers: Record<string, string> = {}) {
  // As the test server is reached (inject's default Host would be localhost:80).
  const res = await app.inject({ url: "/catalog.jsonld", headers: { host: new URL(server.url).host, ...headers } });
  expect(res.statusCode).toBe(200);
  return { res, doc: res.json() };
}

describe("the DCAT-AP catalogue", () => {
  it("is JSON-LD with its context inline: safe-mode expansion drops nothing and loads nothing", async () => {
    const res = await fetch(`${server.url}/catalog.jsonld`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const doc: any = await res.json();
    expect(typeof doc["@context"]).toBe("object");
    await graph(doc);
    // As RDF too: safe mode there refuses relative subjects, predicates and objects.
    const quads = await jsonld.toRDF(doc, { format: "application/n-quads", safe: true, documentLoader: offline });
    expect(quads).toContain(`<${server.url}/datasets/measures#dataset> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${DCAT}Dataset> .`);
    expect(asked).toEqual([]);
    // The check bites: one undefined term, or a remote context, and expansion fails.
    await expect(graph({ ...doc, spaceship: "Enterprise" })).rejects.toThrow(/Safe mode validation error/);
    await expect(graph({ ...doc, "@context": "https://example.org/context.jsonld" })).rejects.toThrow();
    expect(asked).toEqual(["https://example.org/context.jsonld"]);
    asked.length = 0;
    // Conditional requests: the ETag is the body's SHA-256.
    // (node's fetch would add Cache-Control: no-cache to a conditional request: inject, with the same Host.)
    const again = await server.app.inject({ url: "/catalog.jsonld", headers: { host: new URL(server.url).host, "if-none-match": res.headers.get("etag")! } });
    expect(again.statusCode).toBe(304);
  });

  it("describes the catalogue: bilingual title and description, publisher, licence, homepage", async () => {
    const { doc } = await getCatalogue();
    const g = await graph(doc);
    const [catalog] = ofType(g, `${DCAT}Catalog`);
    expect(catalog).toBeDefined();
    expect(Object.keys(byLanguage(catalog!, `${DCT}title`)).sort()).toEqual(["en", "zh-cn"]);
    expect(byLanguage(catalog!, `${DCT}description`).en).toContain("内政办发〔2022〕31号");
    const publisher = g.get(one(catalog!, `${DCT}publisher`)["@id"])!;
    expect(publisher["@type"]).toEqual(["http://xmlns.com/foaf/0.1/Agent"]);
    expect(byLanguage(publisher, "http://xmlns.com/foaf/0.1/name")).toEqual({ "zh-cn": "创业内蒙古 Open Data", en: "Chuangye Neimenggu Open Data (Entrepreneurship Inner Mongolia)" });
    expect(ids(catalog!, `${DCT}license`)).toEqual(["https://creativecommons.org/licenses/by/4.0/"]);
    expect(ids(catalog!, "http://xmlns.com/foaf/0.1/homepage")).toEqual([`${server.url}/`]);
    expect(ids(catalog!, `${DCAT}dataset`)).toHaveLength(PUBLIC_DATASETS.length);
  });

  it("lists every public dataset with coverage, frequency, licence and contact", async () => {
    const g = await graph((await getCatalogue()).doc);
    const datasets = ofType(g, `${DCAT}Dataset`);
    expect(datasets.map((d) => literal(d, `${DCT}identifier`)).sort()).toEqual(PUBLIC_DATASETS.map((d) => d.name).sort());
    for (const definition of PUBLIC_DATASETS) {
      const d = datasets.find((n) => literal(n, `${DCT}identifier`) === definition.name)!;
      expect(byLanguage(d, `${DCT}title`), definition.name).toEqual({ "zh-cn": definition.titleZh, en: definition.titleEn });
      expect(byLanguage(d, `${DCT}description`), definition.name).toEqual({ "zh-cn": definition.descriptionZh, en: definition.descriptionEn });
      expect(d[`${DCAT}keyword`].map((k: any) => k["@value"]).sort()).toEqual([...definition.keywords].sort());
      expect(ids(d, `${DCAT}theme`)).toContain(`${EU}data-theme/GOVE`);
      expect(ids(d, `${DCAT}landingPage`)).toEqual([`${server.url}/datasets/${definition.name}`]);
      expect(ids(d, `${DCT}license`)).toEqual(["https://creativecommons.org/licenses/by/4.0/"]);
      expect(ids(d, `${DCT}accrualPeriodicity`)).toEqual([`${EU}frequency/DAILY`]);
      // 2022–2025 as a period of time, typed dates.
      const period = g.get(one(d, `${DCT}temporal`)["@id"])!;
      expect(period["@type"]).toEqual([`${DCT}PeriodOfTime`]);
      expect([one(period, `${DCAT}startDate`), one(period, `${DCAT}endDate`)]).toEqual([
        { "@value": "2022-01-01", "@type": `${XSD}date` },
        { "@value": "2025-12-31", "@type": `${XSD}date` },
      ]);
      // Inner Mongolia: its page here, named by the GB/T 2260 code, within China.
      expect(ids(d, `${DCT}spatial`).sort()).toEqual([`${EU}country/CHN`, `${server.url}/regions/150000`].sort());
      const contact = g.get(one(d, `${DCAT}contactPoint`)["@id"])!;
      expect(ids(contact, "http://www.w3.org/2006/vcard/ns#hasURL")).toEqual([`${server.url}/`]);
      if (definition.mayHoldSamples) expect(d[`${DCT}provenance`], definition.name).toHaveLength(1);
      else expect(d[`${DCT}provenance`], definition.name).toBeUndefined();
    }
    const place = g.get(`${server.url}/regions/150000`)!;
    expect(literal(place, `${DCT}identifier`)).toBe("150000");
    expect(byLanguage(place, "http://www.w3.org/2004/02/skos/core#prefLabel")).toEqual({ "zh-cn": "内蒙古自治区", en: "Inner Mongolia Autonomous Region" });
    // The region's page exists: the IRI dereferences.
    expect((await fetch(`${server.url}/regions/150000`)).status).toBe(200);
  });

  it("lists every file of the latest snapshot — datapackage.json's resources and their gzip twins — with its exact SHA-256 and byte size", async () => {
    const g = await graph((await getCatalogue()).doc);
    const distributions = ofType(g, `${DCAT}Distribution`);
    const byUrl = new Map(distributions.map((d) => [ids(d, `${DCAT}downloadURL`)[0]!, d]));
    const folder = `${server.url}/exports/${snapshot}`;
    const descriptor = JSON.parse(readFileSync(join(dir, snapshot, "datapackage.json"), "utf8"));
    const checkFile = (name: string, bytes: number, hash: string) => {
      const d = byUrl.get(`${folder}/${name}`);
      expect(d, name).toBeDefined();
      expect(one(d!, `${DCAT}byteSize`), name).toEqual({ "@value": bytes, "@type": `${XSD}nonNegativeInteger` });
      const checksum = g.get(one(d!, `${SPDX}checksum`)["@id"])!;
      expect(ids(checksum, `${SPDX}algorithm`)).toEqual([`${SPDX}checksumAlgorithm_sha256`]);
      expect(one(checksum, `${SPDX}checksumValue`), name).toEqual({ "@value": hash, "@type": `${XSD}hexBinary` });
      expect(ids(d!, `${DCAT}accessURL`)).toEqual([`${folder}/`]);
      return d!;
    };
    expect(descriptor.resources).toHaveLength(PUBLIC_DATASETS.length * 4);
    for (const r of descriptor.resources) {
      const d = checkFile(r.path, r.bytes, r.hash.replace(/^sha256:/, ""));
      const mediaType = ids(d, `${DCAT}mediaType`);
      if (r.path.endsWith(".csv")) expect(mediaType).toEqual(["https://www.iana.org/assignments/media-types/text/csv"]);
      else if (r.path.endsWith(".ndjson")) expect(mediaType).toEqual([]);
      else expect(mediaType).toEqual(["https://www.iana.org/assignments/media-types/application/json"]);
      // The CSV conforms to its Table Schema, which datapackage.json holds at the pointer given.
      const schemas = ids(d, `${DCT}conformsTo`).filter((iri) => iri.includes("datapackage.json#"));
      if (r.schema) {
        expect(schemas).toHaveLength(1);
        const pointer = schemas[0]!.split("#")[1]!;
        expect(pointer.split("/").slice(1).reduce((o: any, k) => o[k], descriptor)).toEqual(r.schema);
      } else expect(schemas).toEqual([]);
    }
    // The gzip twins (SHA256SUMS, sizes on disk), compressed copies of the same media types.
    const sums = readFileSync(join(dir, snapshot, "SHA256SUMS"), "utf8").trim().split("\n");
    for (const line of sums) {
      const [hash, name] = line.split("  ") as [string, string];
      const d = checkFile(name, statSync(join(dir, snapshot, name)).size, hash);
      if (name.endsWith(".gz")) expect(ids(d, `${DCAT}compressFormat`)).toEqual(["https://www.iana.org/assignments/media-types/application/gzip"]);
    }
    expect(distributions).toHaveLength(sums.length);
    // Each dataset owns exactly its own files.
    for (const d of ofType(g, `${DCAT}Dataset`)) {
      const name = literal(d, `${DCT}identifier`);
      const own = ids(d, `${DCAT}distribution`).map((id) => id.slice(folder.length + 1).replace(/\.(excel\.csv|csv|json|ndjson)(\.gz)?$/, ""));
      expect(own, name).toEqual(Array(8).fill(name));
      expect(literal(d, `${DCT}modified`)).toBe(descriptor.created);
    }
    // A download URL serves exactly the bytes the catalogue vouches for.
    const res = await fetch(`${folder}/measures.csv`, { headers: { "accept-encoding": "identity" } });
    const body = Buffer.from(await res.arrayBuffer());
    const measures = g.get(one(byUrl.get(`${folder}/measures.csv`)!, `${SPDX}checksum`)["@id"])!;
    expect(sha256(body)).toBe(one(measures, `${SPDX}checksumValue`)["@value"]);
  });

  it("uses PUBLIC_BASE_URL for every URL when it is set, whatever the Host", async () => {
    const app = await buildServer({ database: server.database, logLevel: "silent", exportDir: dir, publicBaseUrl: "https://data.example.org" });
    try {
      const { res, doc } = await getCatalogue(app, { host: "evil.example", "x-forwarded-host": "evil.example" });
      expect(String(res.headers.vary ?? "")).not.toContain("x-forwarded-host");
      const g = await graph(doc);
      const ours = [...g.keys(), ...[...g.values()].flatMap((n) => Object.values(n).flatMap((v: any) => (Array.isArray(v) ? v.map((x) => x["@id"]) : [])))].filter(
        (iri): iri is string => typeof iri === "string" && !iri.startsWith("_:"),
      );
      expect(ours.length).toBeGreaterThan(500);
      expect(ours.filter((iri) => iri.includes("evil.example") || !/^https?:\/\//.test(iri))).toEqual([]);
      expect(ofType(g, `${DCAT}Distribution`).every((d) => ids(d, `${DCAT}downloadURL`)[0]!.startsWith(`https://data.example.org/exports/${snapshot}/`))).toBe(true);
      expect(ofType(g, `${DCAT}Dataset`).every((d) => d["@id"].startsWith("https://data.example.org/datasets/"))).toBe(true);
    } finally {
      await app.close();
    }
  });

  it("takes its URLs from the request's Host when PUBLIC_BASE_URL is not set", async () => {
    const { res, doc } = await getCatalogue(server.app, { host: "opendata.example.net:8443" });
    expect(String(res.headers.vary)).toContain("x-forwarded-host");
    const g = await graph(doc);
    const [catalog] = ofType(g, `${DCAT}Catalog`);
    expect(ids(catalog!, "http://xmlns.com/foaf/0.1/homepage")).toEqual(["http://opendata.example.net:8443/"]);
    const urls = ofType(g, `${DCAT}Distribution`).map((d) => ids(d, `${DCAT}downloadURL`)[0]!);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => u.startsWith(`http://opendata.example.net:8443/exports/${snapshot}/`))).toBe(true);
  });

  it("states the update frequency from the export schedule", async () => {
    const frequency = (pattern: string | null) => accrualPeriodicity({ pattern, timezone: "Asia/Shanghai" }).replace(`${EU}frequency/`, "");
    expect(frequency("0 3 * * *")).toBe("DAILY");
    expect(frequency("0 * * * *")).toBe("HOURLY");
    expect(frequency("0 3 * * 1-5")).toBe("WEEKLY");
    expect(frequency("30 2 1 * *")).toBe("MONTHLY");
    expect(frequency("0 0 1 1 *")).toBe("ANNUAL");
    expect(frequency(null)).toBe("IRREG");
    // Daylight saving makes a day 25 hours long once a year: still daily.
    expect(accrualPeriodicity({ pattern: "30 1 * * *", timezone: "Europe/Berlin" })).toBe(`${EU}frequency/DAILY`);
    const app = await buildServer({ database: server.database, logLevel: "silent", exportDir: dir, exportSchedule: { pattern: "0 4 * * 0", timezone: "Asia/Shanghai" } });
    try {
      const g = await graph((await getCatalogue(app)).doc);
      expect(ofType(g, `${DCAT}Dataset`).every((d) => ids(d, `${DCT}accrualPeriodicity`)[0] === `${EU}frequency/WEEKLY`)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it("is linked from the head of the front page and of every dataset page", async () => {
    for (const path of ["/", "/datasets/measures"]) {
      const text = await (await fetch(`${server.url}${path}`)).text();
      expect(text, path).toContain(`<link rel="alternate" type="application/ld+json" href="${server.url}/catalog.jsonld" title="DCAT-AP catalogue (JSON-LD)">`);
    }
  });
});

function scriptJsonLd(page: string): any {
  const scripts = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  expect(scripts).toHaveLength(1);
  return JSON.parse(scripts[0]![1]!);
}

describe("schema.org Dataset on a dataset's page", () => {
  it("names the dataset, its licence, coverage, publisher and every download, at absolute URLs", async () => {
    const page = await (await fetch(`${server.url}/datasets/loan-statistics`)).text();
    const ld = scriptJsonLd(page);
    const definition = PUBLIC_DATASETS.find((d) => d.name === "loan-statistics")!;
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Dataset",
      name: definition.titleZh,
      alternateName: definition.titleEn,
      url: `${server.url}/datasets/loan-statistics`,
      license: "https://creativecommons.org/licenses/by/4.0/",
      isAccessibleForFree: true,
      creator: { "@type": "Organization", name: "创业内蒙古 Open Data" },
      publisher: { "@type": "Organization", name: "创业内蒙古 Open Data" },
      temporalCoverage: "2022-01-01/2025-12-31",
      spatialCoverage: { "@type": "Place", name: "内蒙古自治区", geo: { "@type": "GeoShape", box: "37.4 97.2 53.3833 126.0667" } },
    });
    expect(ld.description).toBe(`${definition.descriptionZh} ${definition.descriptionEn}`);
    const descriptor = JSON.parse(readFileSync(join(dir, snapshot, "datapackage.json"), "utf8"));
    expect(ld.dateModified).toBe(descriptor.created);
    expect(ld.distribution.map((d: any) => [d.contentUrl, d.encodingFormat])).toEqual([
      [`${server.url}/exports/latest/loan-statistics.csv`, "text/csv"],
      [`${server.url}/exports/latest/loan-statistics.excel.csv`, "text/csv"],
      [`${server.url}/exports/latest/loan-statistics.json`, "application/json"],
      [`${server.url}/exports/latest/loan-statistics.ndjson`, "application/x-ndjson"],
    ]);
  });

  it("cannot be broken out of: a description holding </script> stays inside the JSON", async () => {
    // Dataset texts are definitions in code (src/exports/catalogue.ts), not user input; still, the
    // markup must hold whatever a definition says. One is added for this test and taken out again.
    const evil = `</script><script>alert(1)</script><!-- \u2028 & "quoted" 'single' </SCRIPT >`;
    const definition: DatasetDefinition = {
      ...PUBLIC_DATASETS.find((d) => d.name === "departments")!,
      name: "escape-test",
      titleZh: `标题 ${evil}`,
      titleEn: `Title ${evil}`,
      descriptionZh: `描述 ${evil}`,
      descriptionEn: `Description ${evil}`,
      keywords: [evil],
    };
    PUBLIC_DATASETS.push(definition);
    try {
      const res = await fetch(`${server.url}/datasets/escape-test`);
      expect(res.status).toBe(200);
      const page = await res.text();
      // One script element, the JSON-LD one, closed once; no comment opened.
      expect(page.match(/<script/gi)).toHaveLength(1);
      expect(page.match(/<\/script/gi)).toHaveLength(1);
      expect(page).not.toContain("<!--");
      const ld = scriptJsonLd(page);
      expect(ld.name).toBe(`标题 ${evil}`);
      expect(ld.description).toBe(`描述 ${evil} Description ${evil}`);
      expect(ld.keywords).toEqual([evil]);
      // The catalogue is JSON (not HTML): the text is carried as it is, and still expands.
      const g = await graph((await getCatalogue()).doc);
      const d = ofType(g, `${DCAT}Dataset`).find((n) => literal(n, `${DCT}identifier`) === "escape-test")!;
      expect(byLanguage(d, `${DCT}description`)).toEqual({ "zh-cn": `描述 ${evil}`, en: `Description ${evil}` });
    } finally {
      PUBLIC_DATASETS.splice(PUBLIC_DATASETS.indexOf(definition), 1);
    }
    expect((await fetch(`${server.url}/datasets/escape-test`)).status).toBe(404);
  });
});
