// Pages, embeds, oEmbed and the framing headers over real HTTP, with the document's exact text.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { runExport } from "../src/exports/run.js";
import { buildServer } from "../src/server.js";
import { startTestServer, type TestServer } from "./support/harness.js";

const SOURCE = readFileSync(new URL("../src/db/seed/source/chuangye-neimenggu-2022-2025.txt", import.meta.url), "utf8");
/** A phrase of P1-M1 exactly as the published document prints it (on one line of the scrape). */
const P1_M1_PHRASE = "认定信用良好的创业者,原则上取消反担保。";

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "chuangye-pages-"));
beforeAll(async () => {
  server = await startTestServer({ exportDir: dir });
  await runExport(server.database, { dir, trigger: "MANUAL", datasets: PUBLIC_DATASETS.filter((d) => d.name === "measures" || d.name === "regions") });
});
afterAll(async () => {
  await server?.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { res, status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

function jsonLd(page: string): any {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page);
  expect(m, "the page carries JSON-LD").not.toBeNull();
  return JSON.parse(m![1]!);
}

describe("a page per item", () => {
  it("a measure's page quotes the document exactly, links to its place in it, and names parties, instruments and targets", async () => {
    expect(SOURCE.includes(P1_M1_PHRASE)).toBe(true);
    const { status, type, text, res } = await get("/measures/P1-M1");
    expect(status).toBe(200);
    expect(type).toBe("text/html; charset=utf-8");
    expect(text).toContain(P1_M1_PHRASE);
    expect(text).toContain("1.加强金融政策支持");
    expect(text).toContain("Strengthen financial policy support".slice(0, 10));
    expect(text).toContain('href="/documents/nzbf-2022-31#P1-M1"');
    // Responsible parties in the document's order, linked to their pages.
    const parties = [...text.matchAll(/href="\/departments\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(parties[0]).toBe("finance-department");
    expect(text).toContain("自治区财政厅");
    // The counter-guarantee waiver is P1-M1's instrument, with its amount.
    expect(text).toMatch(/href="\/instruments\/[a-z0-9-]+"/);
    expect(text).toContain("不超过 100,000 元");
    const ld = jsonLd(text);
    expect(ld["@type"]).toBe("Legislation");
    expect(ld.identifier).toBe("P1-M1");
    expect(ld.isPartOf.legislationIdentifier).toBe("内政办发〔2022〕31号");
    expect(ld.legislationResponsible[0].name).toBe("自治区财政厅");
    // Discovery and the copy-paste snippet.
    expect(text).toMatch(/<link rel="alternate" type="application\/json\+oembed" href="http:\/\/127\.0\.0\.1:\d+\/oembed\?url=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fmeasures%2FP1-M1&#38;format=json"/);
    expect(text).toMatch(/&#60;iframe src=&#34;http:\/\/127\.0\.0\.1:\d+\/embed\/measures\/P1-M1&#34;/);
    // Not framable, and no script of any kind may run.
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    // Without PUBLIC_BASE_URL its absolute links follow the forwarded origin: shared caches must keep them apart.
    expect(res.headers.get("vary")).toContain("x-forwarded-host, x-forwarded-proto");
    expect(text).not.toMatch(/<script(?! type="application\/ld\+json")/);
  });

  it("a measure with targets draws their progress as SVG and marks its sample figures", async () => {
    const { status, text } = await get("/measures/P3-M1");
    expect(status).toBe(200);
    expect(text).toContain("每个旗县(市、区)开发、收集符合当地创业条件的创业项目不少于100个");
    expect(text).toMatch(/<svg class="chart" data-chart="(series|units)"/);
    expect(text).toContain("本页含示例数据");
    expect(text).toContain("This page shows SAMPLE data");
  });

  it("a plan, an instrument, a target, a department, a region, a dataset and the document each have a page", async () => {
    const plan = await get("/plans/P1");
    expect(plan.status).toBe(200);
    expect(plan.text).toContain("力争到2025年,全区累计发放创业担保贷款50亿元以上");
    expect(plan.text).toContain('href="/measures/P1-M3"');

    const instrument = await get("/instruments/one-time-startup-subsidy");
    expect(instrument.status).toBe(200);
    expect(instrument.text).toContain("不低于 5,000 元");
    expect(instrument.text).toContain("at least CNY 5,000");
    expect(instrument.text).toContain('href="/documents/nzbf-2022-31#P1-M2"');
    const ild = jsonLd(instrument.text);
    expect(ild["@type"]).toBe("GovernmentService");
    expect(ild.offers).toMatchObject({ price: "5000.00", priceCurrency: "CNY" });

    const target = await get("/targets/supported-entrepreneurs");
    expect(target.status).toBe(200);
    expect(target.text).toContain("全区扶持创业12万人以上");
    expect(target.text).toMatch(/<svg class="chart" data-chart="series"[\s\S]*data-target="120000"/);
    expect(target.text).toContain("本页含示例数据");
    expect(target.text).toContain("embed/targets/supported-entrepreneurs");

    const department = await get("/departments/finance-department");
    expect(department.status).toBe(200);
    expect(department.text).toContain("自治区财政厅");
    expect(department.text).toContain('href="/measures/P1-M1"');
    expect(jsonLd(department.text)["@type"]).toBe("GovernmentOrganization");

    const region = await get("/regions/150100");
    expect(region.status).toBe(200);
    expect(region.text).toContain("呼和浩特市");
    expect(region.text).toContain('href="/regions/150102"');
    expect(jsonLd(region.text)).toMatchObject({ "@type": ["Place", "AdministrativeArea"], name: "呼和浩特市", containedInPlace: { name: "内蒙古自治区" } });

    const dataset = await get("/datasets/measures");
    expect(dataset.status).toBe(200);
    expect(dataset.text).toContain('href="/exports/latest/measures.csv"');
    const dld = jsonLd(dataset.text);
    expect(dld["@type"]).toBe("Dataset");
    expect(dld.license).toBe("https://creativecommons.org/licenses/by/4.0/");
    expect(dld.distribution.map((d: { contentUrl: string }) => d.contentUrl.replace(server.url, ""))).toContain("/exports/latest/measures.csv");
    // Datasets that may hold samples say so on their page.
    expect((await get("/datasets/incubator-bases")).text).toContain("本页含示例数据");
    expect(dataset.text).not.toContain("本页含示例数据");

    const doc = await get("/documents/nzbf-2022-31");
    expect(doc.status).toBe(200);
    expect(doc.text).toContain('<section class="doc-section" id="P1-M1">');
    expect(doc.text).toContain(P1_M1_PHRASE);
    expect(doc.text).toContain("内政办发〔2022〕31号");
    expect(jsonLd(doc.text)).toMatchObject({ "@type": "Legislation", legislationIdentifier: "内政办发〔2022〕31号", legislationDate: "2022-05-06" });
  });

  it("every measure, instrument and target has a page at its API url quoting the same exact text as the API", async () => {
    const res = await server.gql(`{
      measures(first: 100) { nodes { code url body responsibilityText } }
      supportInstruments(first: 100) { nodes { code url sourceQuote } }
      targets(first: 100) { nodes { code url sourceQuote } }
    }`);
    expect(res.errors).toBeUndefined();
    const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const items = [
      ...res.data.measures.nodes.map((m: any) => [m.url, m.body + "\n" + m.responsibilityText]),
      ...res.data.supportInstruments.nodes.map((i: any) => [i.url, i.sourceQuote]),
      ...res.data.targets.nodes.map((t: any) => [t.url, t.sourceQuote]),
    ] as [string, string][];
    expect(res.data.measures.nodes).toHaveLength(22);
    for (const [url, text] of items) {
      const page = await get(url);
      expect(page.status, url).toBe(200);
      expect(page.text, url).toContain(escape(text));
    }
  });

  it("the front page links into every kind of page, and every link it has works", async () => {
    const { status, text } = await get("/");
    expect(status).toBe(200);
    for (const href of ["/documents/nzbf-2022-31", "/plans/P1", "/measures/P1-M1", "/measures/P7-M4", "/instruments/one-time-startup-subsidy", "/targets/supported-entrepreneurs", "/departments/finance-department", "/regions/150000", "/regions/150100", "/datasets/measures", "/exports/latest/measures.csv"]) {
      expect(text, href).toContain(`href="${href}"`);
    }
    expect(text).toContain("本页含示例数据");
    const local = [...new Set([...text.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")))];
    expect(local.length).toBeGreaterThan(100);
    const broken: string[] = [];
    for (const href of local) {
      if (href.startsWith("/exports/latest/") && !/\/(measures|regions)\.|datapackage|SHA256SUMS/.test(href)) continue;
      // As a browser follows a link (the explorer at /graphql answers a browser, not a bare GET).
      const res = await fetch(`${server.url}${href}`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
      await res.arrayBuffer();
      if (res.status !== 200) broken.push(`${href} ${res.status}`);
    }
    expect(broken).toEqual([]);
  });
});

describe("what a group can get, and whether it is still in force", () => {
  it("the veterans' page lists every instrument a veteran can use: the named ones and the open-to-all, as the API does", async () => {
    const api = await server.gql(`{ supportInstruments(first: 100, filterBy: { beneficiaryGroup: VETERANS }) { nodes { code name url groupMatch(group: VETERANS) { match } } } }`);
    const nodes = api.data.supportInstruments.nodes as { code: string; name: string; url: string; groupMatch: { match: string } }[];
    expect(nodes.length).toBeGreaterThan(4);
    expect(nodes.some((n) => n.groupMatch.match === "OPEN")).toBe(true);
    const { status, text } = await get("/groups/VETERANS");
    expect(status).toBe(200);
    expect(text).toContain("退役军人可以享受的支持");
    // Every instrument the API lists is linked, under the heading of its kind of match.
    const linked = [...text.matchAll(/href="\/instruments\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect([...linked].sort()).toEqual(nodes.map((n) => n.code).sort());
    expect(new Set(linked).size).toBe(linked.length);
    const named = text.indexOf("<h2>文件点名的"), open = text.indexOf("<h2>面向所有符合条件者的");
    expect(named).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(named);
    expect(text.indexOf('href="/instruments/counter-guarantee-waiver"')).toBeGreaterThan(open);
    expect(text.indexOf('href="/instruments/one-time-startup-subsidy"')).toBeLessThan(open);
    // An instrument's page links its groups to their pages; the front page lists every group.
    expect((await get("/instruments/one-time-startup-subsidy")).text).toContain('href="/groups/VETERANS"');
    expect((await get("/")).text).toContain('href="/groups/VETERANS"');
  });

  it("a fund's page quotes every place the document names it and links what draws on it, as the API lists them", async () => {
    const api = await server.gql(`{ fund(code: "employment-subsidy-fund") { name url mentions { sourceQuote } instruments { code } } }`);
    const fund = api.data.fund;
    expect(fund.url).toBe("/funds/employment-subsidy-fund");
    expect(fund.name).toBe("就业补助资金");
    const { status, text } = await get(fund.url);
    expect(status).toBe(200);
    // The document's own words (P3-M2): “所需资金从就业补助资金中列支”.
    expect(SOURCE.replace(/\s+/g, "")).toContain("所需资金从就业补助资金中列支");
    for (const m of fund.mentions) expect(text).toContain(m.sourceQuote);
    const linked = [...text.matchAll(/href="\/instruments\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect([...new Set(linked)].sort()).toEqual(fund.instruments.map((i: any) => i.code).sort());
    expect(fund.instruments.length).toBeGreaterThan(0);
    // Instrument pages link their funds; the front page lists every fund.
    expect((await get(`/instruments/${fund.instruments[0].code}`)).text).toContain('href="/funds/employment-subsidy-fund"');
    expect((await get("/")).text).toContain('href="/funds/employment-subsidy-fund"');
    expect((await get("/funds/no-such-fund")).status).toBe(404);
  });

  it("pages and cards say whether the programme is in force today, as the API's status does", async () => {
    const api = await server.gql(`{ measure(code: "P1-M2") { status { status endedOn inForceFrom periodEndsOn } } }`);
    const s = api.data.measure.status;
    const zh = s.status === "ENDED" ? `已结束：实施期已于 ${s.endedOn} 届满` : `实施中：${s.inForceFrom} 起，至 ${s.periodEndsOn}`;
    const en = s.status === "ENDED" ? `Ended: the programme period ended on ${s.endedOn}` : `In force: from ${s.inForceFrom} to ${s.periodEndsOn}`;
    for (const path of ["/measures/P1-M2", "/plans/P1", "/instruments/one-time-startup-subsidy", "/targets/supported-entrepreneurs", "/groups/VETERANS", "/embed/measures/P1-M2", "/embed/instruments/rent-subsidy", "/embed/targets/supported-entrepreneurs"]) {
      const { status, text } = await get(path);
      expect(status, path).toBe(200);
      expect(text, path).toContain(zh);
    }
    for (const path of ["/measures/P1-M2", "/embed/measures/P1-M2?lang=en"]) expect((await get(path)).text, path).toContain(en);
    // The instrument's page says who receives it.
    expect((await get("/instruments/rent-subsidy")).text).toMatch(/受益方 Audience/);
  });
});

describe("bad addresses", () => {
  it("a code that is malformed or names nothing is a 404 HTML page", async () => {
    for (const path of ["/measures/P9-M9", "/measures/P1", "/plans/P1-M1", "/instruments/no-such-thing", "/targets/X", "/departments/nobody", "/regions/999999", "/regions/15", "/datasets/nope", "/documents/nope", "/groups/ASTRONAUTS", "/groups/veterans", `/measures/${"P".repeat(99)}`]) {
      const { status, type, text } = await get(path);
      expect(status, path).toBe(404);
      expect(type, path).toBe("text/html; charset=utf-8");
      expect(text, path).toContain("未找到");
    }
  });

  it("escapes what the address carries: a <script> in the path or the query string never reaches the page as markup", async () => {
    const evil = "<script>alert(1)</script>";
    const inPath = await get(`/measures/${encodeURIComponent(evil)}?q=${encodeURIComponent(evil)}`);
    expect(inPath.status).toBe(404);
    expect(inPath.text).not.toContain("<script>alert");
    expect(inPath.text).toContain("%3Cscript%3E");
    const raw = await fetch(`${server.url}/instruments/%22%3E%3Cscript%3Ealert(1)%3C/script%3E`);
    expect(raw.status).toBe(404);
    expect(await raw.text()).not.toContain("<script>alert");
    const inQuery = await get(`/measures/P1-M1?lang=${encodeURIComponent(evil)}&x=${encodeURIComponent(`"><script>alert(1)</script>`)}`);
    expect(inQuery.status).toBe(200);
    expect(inQuery.text).not.toContain("alert(1)");
    const card = await get(`/embed/measures/P1-M1?lang=${encodeURIComponent(evil)}`);
    expect(card.status).toBe(400);
    expect(card.text).not.toContain("alert(1)");
    const oembed = await get(`/oembed?url=${encodeURIComponent(`${server.url}/measures/${evil}`)}&format=json`);
    expect(oembed.status).toBe(404);
    expect(oembed.text).not.toContain("<script>");
  });
});

describe("embeds", () => {
  it("a measure's card is self-contained and framable, in Chinese or English, light or dark", async () => {
    const { res, status, text } = await get("/embed/measures/P1-M1");
    expect(status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(text).toContain('<body class="light">');
    expect(text.indexOf("加强金融政策支持")).toBeLessThan(text.indexOf("Strengthen"));
    // No external request of any kind: no script, no src, no stylesheet link; links only to us.
    expect(text).not.toMatch(/<script|\ssrc=|<link/);
    for (const m of text.matchAll(/href="([^"]+)"/g)) expect(m[1]!.startsWith(server.url)).toBe(true);
    const en = await get("/embed/measures/P1-M1?lang=en&theme=dark");
    expect(en.text).toContain('<body class="dark">');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text.indexOf("Strengthen")).toBeLessThan(en.text.indexOf("加强金融政策支持"));
  });

  it("instrument and target cards, and 404 for unknown items", async () => {
    const instrument = await get("/embed/instruments/one-time-startup-subsidy?lang=en");
    expect(instrument.status).toBe(200);
    expect(instrument.text).toContain("at least CNY 5,000");
    const target = await get("/embed/targets/supported-entrepreneurs");
    expect(target.status).toBe(200);
    expect(target.text).toMatch(/<svg class="chart"/);
    expect(target.text).toContain("示例数据，非官方");
    const missing = await get("/embed/measures/P9-M9");
    expect(missing.status).toBe(404);
    expect(missing.res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect((await get("/embed/departments/finance-department")).status).toBe(404);
  });

  it("every other response refuses to be framed", async () => {
    for (const path of ["/", "/healthz", "/graphql?query=%7Bplans%7Bcode%7D%7D", "/nowhere", "/oembed", "/embed/../measures/P1-M1", "/embed/measures", "/exports/latest/measures.csv"]) {
      const res = await fetch(`${server.url}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });
});

describe("oEmbed", () => {
  const oembed = (url: string, format = "json") => get(`/oembed?url=${encodeURIComponent(url)}&format=${format}`);

  it("answers a measure's page as a rich card with its iframe", async () => {
    const { status, type, text, res } = await oembed(`${server.url}/measures/P1-M1`);
    expect(status).toBe(200);
    expect(type).toBe("application/json; charset=utf-8");
    // Consumers fetch it from their own pages' scripts too.
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = JSON.parse(text);
    expect(body).toMatchObject({ version: "1.0", type: "rich", width: 420, height: 260, provider_name: "创业内蒙古 Open Data", title: "加强金融政策支持 · Strengthen financial policy support" });
    expect(body.html).toBe(`<iframe src="${server.url}/embed/measures/P1-M1" width="420" height="260" style="border:0;max-width:100%" loading="lazy" title="加强金融政策支持 · Strengthen financial policy support"></iframe>`);
    const small = JSON.parse((await get(`/oembed?url=${encodeURIComponent(`${server.url}/targets/supported-entrepreneurs`)}&maxwidth=300`)).text);
    expect(small).toMatchObject({ type: "rich", width: 300 });
  });

  it("answers other pages as links, and refuses what it cannot answer", async () => {
    const link = JSON.parse((await oembed(`${server.url}/departments/finance-department`)).text);
    expect(link).toMatchObject({ version: "1.0", type: "link" });
    expect(link.title).toContain("自治区财政厅");
    expect((await oembed(`${server.url}/measures/P1-M1`, "xml")).status).toBe(501);
    expect((await oembed(`${server.url}/measures/P9-M9`)).status).toBe(404);
    expect((await oembed(`${server.url}/exports/latest/measures.csv`)).status).toBe(404);
    expect((await oembed("https://example.org/measures/P1-M1")).status).toBe(404);
    expect((await get("/oembed?format=json")).status).toBe(400);
  });
});

describe("canonical URLs in the API", () => {
  const query = `{
    measure(code: "P1-M1") { url plan { url } }
    policySection(code: "C1") { url }
    policyDocument(docNumber: "内政办发〔2022〕31号") { url }
    supportInstrument(code: "one-time-startup-subsidy") { url }
    target(code: "supported-entrepreneurs") { url }
    department(slug: "finance-department") { url }
    region(code: "150100") { url }
    dataset(name: "measures") { url }
    beneficiaryGroup(code: VETERANS) { url }
  }`;

  it("are paths on this service without PUBLIC_BASE_URL, and every one is a page", async () => {
    const res = await server.gql(query);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      measure: { url: "/measures/P1-M1", plan: { url: "/plans/P1" } },
      policySection: { url: "/documents/nzbf-2022-31#C1" },
      policyDocument: { url: "/documents/nzbf-2022-31" },
      supportInstrument: { url: "/instruments/one-time-startup-subsidy" },
      target: { url: "/targets/supported-entrepreneurs" },
      department: { url: "/departments/finance-department" },
      region: { url: "/regions/150100" },
      dataset: { url: "/datasets/measures" },
      beneficiaryGroup: { url: "/groups/VETERANS" },
    });
    for (const url of [res.data.measure.url, res.data.region.url, res.data.dataset.url, res.data.target.url, res.data.beneficiaryGroup.url]) expect((await get(url)).status).toBe(200);
  });

  it("are absolute with PUBLIC_BASE_URL, as are the pages' canonical links, snippets and oEmbed", async () => {
    const app = await buildServer({ database: server.database, logLevel: "silent", exportDir: dir, publicBaseUrl: "https://data.example.org" });
    try {
      const res = await app.inject({ method: "POST", url: "/graphql", payload: { query }, headers: { "content-type": "application/json" } });
      const data = res.json().data;
      expect(data.measure.url).toBe("https://data.example.org/measures/P1-M1");
      expect(data.policySection.url).toBe("https://data.example.org/documents/nzbf-2022-31#C1");
      expect(data.dataset.url).toBe("https://data.example.org/datasets/measures");
      const reply = await app.inject({ url: "/measures/P1-M1", headers: { "x-forwarded-host": "evil.example" } });
      // The configured origin wins over a forwarded one, so answers need not vary by it.
      expect(String(reply.headers.vary ?? "")).not.toContain("x-forwarded-host");
      const page = reply.body;
      expect(page).toContain('<link rel="canonical" href="https://data.example.org/measures/P1-M1">');
      expect(page).toContain("&#60;iframe src=&#34;https://data.example.org/embed/measures/P1-M1&#34;");
      const oembed = (await app.inject({ url: `/oembed?url=${encodeURIComponent("https://data.example.org/measures/P1-M1")}` })).json();
      expect(oembed.html).toContain('src="https://data.example.org/embed/measures/P1-M1"');
    } finally {
      await app.close();
    }
  });
});
