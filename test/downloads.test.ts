// Filtered downloads (/exports/query/<table>.<format>): the rows paging through GraphQL returns,
// in its order and with its figures, streamed in the published files' formats; every bad input
// typed; the row limit and the rate limit enforced; a download broken mid-way never looks whole.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildServer } from "../src/server.js";
import { publishDataVersion } from "../src/services/refresh.js";
import { startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Every node of a connection, paged through GraphQL 100 at a time, as a client would. */
async function pageAll(field: string, args: string, selection: string, variables: Record<string, unknown> = {}, url = server.url) {
  const nodes: any[] = [];
  let after: string | null = null;
  const declared = Object.keys(variables).map((k) => `, $${k}: ${variableTypes[k]}`).join("");
  for (;;) {
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `query($a: String${declared}) { ${field}(${args}${args ? ", " : ""}first: 100, after: $a) { pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`, variables: { ...variables, a: after } }),
    });
    const body: any = await res.json();
    expect(body.errors).toBeUndefined();
    nodes.push(...body.data[field].nodes);
    if (!body.data[field].pageInfo.hasNextPage) return nodes;
    after = body.data[field].pageInfo.endCursor;
  }
}
const variableTypes: Record<string, string> = {
  g: "[LoanStatisticsDimension!]!",
  s: "LoanStatisticsFilter",
  f: "IncubatorBaseFilter",
  o: "IncubatorBaseOrder",
  r: "RegionFilter",
  i: "IndicatorObservationFilter",
  t: "DateTime",
  sp: "String",
  n: "Int",
};

async function download(path: string, init: RequestInit = {}, url = server.url) {
  const res = await fetch(`${url}${path}`, init);
  return { res, text: await res.text() };
}
const csv = (text: string): Record<string, string>[] => parse(text.replace(/^\uFEFF/, ""), { columns: true, record_delimiter: "\r\n" });

const STAT_FIELDS = "leagueCode countyCode year quarter borrowerType beneficiaryGroupCode bankCode disclosure suppressed loanCount totalAmount averageAmount jobsCreated provenance";
/** A GraphQL statistics row as the download's record (the CSV's text; JSON keeps numbers). */
function statisticsAsCsv(n: any, columns: string[]) {
  const all: Record<string, unknown> = {
    league_code: n.leagueCode,
    county_code: n.countyCode,
    year: n.year,
    quarter: n.quarter,
    borrower_type: n.borrowerType,
    beneficiary_group: n.beneficiaryGroupCode,
    bank_code: n.bankCode,
    loan_count: n.loanCount,
    total_amount: n.totalAmount,
    average_amount: n.averageAmount,
    jobs_created: n.jobsCreated,
    disclosure: n.disclosure,
    suppressed: n.suppressed,
    provenance: n.provenance,
  };
  return Object.fromEntries(columns.map((c) => [c, all[c] === null || all[c] === undefined ? "" : String(all[c])]));
}

describe("loan statistics", () => {
  it("grouped by REGION_COUNTY,YEAR: the CSV, JSON and NDJSON rows are GraphQL's, in its order, with its figures", async () => {
    const graphql = await pageAll("loanStatistics", "groupBy: $g", STAT_FIELDS, { g: ["REGION_COUNTY", "YEAR"] });
    expect(graphql.length).toBeGreaterThan(400);
    const columns = ["league_code", "county_code", "year", "loan_count", "total_amount", "average_amount", "jobs_created", "disclosure", "suppressed", "provenance"];

    const { res, text } = await download("/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY,YEAR");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="loan-statistics-[0-9a-f]{8}\.csv"$/);
    expect(res.headers.get("link")).toBe(`<${server.url}/exports/query/loan-statistics.schema.json?groupBy=REGION_COUNTY%2CYEAR>; rel="describedby"; type="application/json"`);
    expect(res.headers.get("etag")).toMatch(/^W\/"/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    // Published files' conventions: CRLF, header row of column names, no BOM.
    expect(text.startsWith(`${columns.join(",")}\r\n`)).toBe(true);
    const rows = csv(text);
    expect(Object.keys(rows[0]!)).toEqual(columns);
    expect(rows).toEqual(graphql.map((n) => statisticsAsCsv(n, columns)));

    const json = JSON.parse((await download("/exports/query/loan-statistics.json?groupBy=YEAR,REGION_COUNTY")).text);
    expect(json.query).toMatchObject({ table: "loan-statistics", graphql: "loanStatistics", format: "json", parameters: { groupBy: "YEAR,REGION_COUNTY" } });
    expect(json.rows).toBe(graphql.length);
    expect(json.dataVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(json.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(json.disclosureControl).toMatchObject({ method: "CELL_KEY", minimumPublishedCount: 10 });
    expect(json.columns.map((c: any) => c.name)).toEqual(columns);
    // Integers as numbers, amounts as exact decimal strings, null when withheld: GraphQL's own values.
    expect(json.data).toEqual(
      graphql.map((n) => ({
        league_code: n.leagueCode,
        county_code: n.countyCode,
        year: n.year,
        loan_count: n.loanCount,
        total_amount: n.totalAmount,
        average_amount: n.averageAmount,
        jobs_created: n.jobsCreated,
        disclosure: n.disclosure,
        suppressed: n.suppressed,
        provenance: n.provenance,
      })),
    );
    const ndjson = (await download("/exports/query/loan-statistics.ndjson?groupBy=REGION_COUNTY,YEAR")).text;
    expect(ndjson.endsWith("\n")).toBe(true);
    expect(ndjson.trimEnd().split("\n").map((l) => JSON.parse(l))).toEqual(json.data);
  });

  it("withheld cells stay withheld, and filtered downloads give every cell the figures of the full table: nothing to subtract", async () => {
    // County × year × bank: small enough cells that many are withheld.
    const full = await pageAll("loanStatistics", "groupBy: $g", STAT_FIELDS, { g: ["REGION_COUNTY", "YEAR", "BANK"] });
    const cell = (county: string, year: string, bank: string) => full.find((n) => n.countyCode === county && String(n.year) === year && n.bankCode === bank);
    const withheld = full.filter((n) => n.disclosure === "WITHHELD");
    const published = full.filter((n) => n.disclosure === "PERTURBED");
    expect(withheld.length).toBeGreaterThan(0);
    expect(published.length).toBeGreaterThan(0);

    // Every withheld cell is withheld in the download: no figure, suppressed.
    const all = csv((await download("/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY,YEAR,BANK")).text);
    expect(all).toHaveLength(full.length);
    const downloadedWithheld = all.filter((r) => r.disclosure === "WITHHELD");
    expect(downloadedWithheld.length).toBe(withheld.length);
    for (const r of downloadedWithheld) expect([r.loan_count, r.total_amount, r.average_amount, r.jobs_created, r.suppressed]).toEqual(["", "", "", "", "true"]);
    // Only the withheld ones, as GraphQL's filter gives them.
    const key = (county: unknown, year: unknown, bank: unknown) => `${county}/${year}/${bank}`;
    const onlyWithheld = csv((await download("/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY,YEAR,BANK&disclosure=WITHHELD")).text);
    expect(onlyWithheld.map((r) => key(r.county_code, r.year, r.bank_code))).toEqual(withheld.map((n) => key(n.countyCode, n.year, n.bankCode)));

    // A withheld cell asked for alone (a filter on every dimension), beside its county's other
    // banks, and beside its league's other counties: the same cells with the same figures as
    // the full table — so no combination of downloads has anything to subtract that GraphQL's
    // own table has not.
    const target = withheld[0]!;
    const y = String(target.year);
    const figures = (r: Record<string, string>) => [r.loan_count, r.total_amount, r.jobs_created, r.disclosure];
    const gqlFigures = (n: any) => [n.loanCount, n.totalAmount, n.jobsCreated, n.disclosure].map((v) => (v === null ? "" : String(v)));
    const alone = csv((await download(`/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY,YEAR,BANK&regionCode=${target.countyCode}&year=${y}&bankCode=${target.bankCode}`)).text);
    expect(alone.map(figures)).toEqual([gqlFigures(target)]);
    expect(alone[0]!.disclosure).toBe("WITHHELD");
    const banks = csv((await download(`/exports/query/loan-statistics.csv?groupBy=BANK&regionCode=${target.countyCode}&year=${y}`)).text);
    const counties = csv((await download(`/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY&regionCode=${target.leagueCode}&year=${y}&bankCode=${target.bankCode}`)).text);
    expect(banks.length).toBeGreaterThan(1);
    expect(counties.length).toBeGreaterThan(1);
    for (const r of banks) expect(figures(r)).toEqual(gqlFigures(cell(target.countyCode, y, r.bank_code!)));
    for (const r of counties) expect(figures(r)).toEqual(gqlFigures(cell(r.county_code!, y, target.bankCode)));
    // The total a subtraction would start from is GraphQL's too.
    const [league] = await pageAll("loanStatistics", "groupBy: $g, filterBy: $s", STAT_FIELDS, { g: ["REGION_LEAGUE"], s: { regionCode: target.leagueCode, year: target.year, bankCode: target.bankCode } });
    const leagueRow = csv((await download(`/exports/query/loan-statistics.csv?groupBy=REGION_LEAGUE&regionCode=${target.leagueCode}&year=${y}&bankCode=${target.bankCode}`)).text);
    expect(leagueRow.map(figures)).toEqual([gqlFigures(league)]);

    // A partner's disclosure values are refused here as in the public query.
    const exact = await download("/exports/query/loan-statistics.csv?groupBy=YEAR&disclosure=EXACT");
    expect(exact.res.status).toBe(400);
    expect(JSON.parse(exact.text)).toMatchObject({ error: "BAD_USER_INPUT", parameter: "disclosure" });
  });

  it("Excel CSV: BOM, bilingual header, codes kept as text", async () => {
    const res = await fetch(`${server.url}/exports/query/loan-statistics.excel.csv?groupBy=REGION_COUNTY&regionCode=150100`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/\.excel\.csv"$/);
    // The bytes: fetch's text() would drop the BOM.
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe("盟市 league_code,旗县 county_code,贷款笔数 loan_count,贷款金额（元） total_amount,平均金额（元） average_amount,带动就业 jobs_created,披露方式 disclosure,是否隐匿 suppressed,数据来源 provenance");
    expect(lines[1]).toMatch(/^"=""150100""","=""1501\d\d""",/);
  });
});

describe("lists", () => {
  const BASE_FIELDS = "code name nameEn kind level region { code } league { code } operator recognizedYear areaSqm governmentBuilt freeSpaceShare tenants graduates jobs provenance";
  const baseAsRecord = (n: any) => ({
    code: n.code,
    name: n.name,
    name_en: n.nameEn,
    kind: n.kind,
    level: n.level,
    county_code: n.region.code,
    league_code: n.league.code,
    operator: n.operator,
    recognized_year: n.recognizedYear,
    area_sqm: n.areaSqm,
    government_built: n.governmentBuilt,
    free_space_share: n.freeSpaceShare,
    tenants: n.tenants,
    graduates: n.graduates,
    jobs: n.jobs,
    provenance: n.provenance,
  });

  it("incubator bases, filtered and ordered: GraphQL's rows in GraphQL's order", async () => {
    const filter = { regionCode: "150100", recognizedYear: { min: 2018 } };
    const graphql = await pageAll("incubatorBases", "filterBy: $f, orderBy: $o", BASE_FIELDS, { f: filter, o: { field: "JOBS", direction: "DESC" } });
    expect(graphql.length).toBeGreaterThan(5);
    const query = "regionCode=150100&recognizedYear.min=2018&orderBy=JOBS&direction=DESC";
    const json = JSON.parse((await download(`/exports/query/incubator-bases.json?${query}`)).text);
    expect(json.data).toEqual(graphql.map(baseAsRecord));
    expect(json.query.parameters).toEqual({ regionCode: "150100", "recognizedYear.min": "2018", orderBy: "JOBS", direction: "DESC" });
    const rows = csv((await download(`/exports/query/incubator-bases.csv?${query}`)).text);
    expect(rows).toEqual(graphql.map((n) => Object.fromEntries(Object.entries(baseAsRecord(n)).map(([k, v]) => [k, String(v)]))));
  });

  it("every region, more than a GraphQL page, and a filtered list", async () => {
    const graphql = await pageAll("regions", "", "code name nameEn pinyin level parent { code }");
    expect(graphql.length).toBe(116);
    const rows = csv((await download("/exports/query/regions.csv")).text);
    expect(rows).toEqual(graphql.map((n) => ({ code: n.code, name: n.name, name_en: n.nameEn, pinyin: n.pinyin, level: n.level, parent_code: n.parent?.code ?? "" })));
    const leagues = csv((await download("/exports/query/regions.csv?level=LEAGUE")).text);
    expect(leagues.map((r) => r.code)).toEqual((await pageAll("regions", "filterBy: $r", "code", { r: { level: "LEAGUE" } })).map((n) => n.code));
    expect(leagues).toHaveLength(12);
  });

  it("indicator observations with derived sums and SDMX periods: GraphQL's rows", async () => {
    const fields = "metric regionCode period value method partsSummed partsExpected complete";
    const graphql = await pageAll("indicatorObservations", "filterBy: $i, startPeriod: $sp, lastN: $n", fields, { i: { regionCode: "150000" }, sp: "2023", n: 2 });
    expect(graphql.some((n) => n.method === "SUM_OF_LEAGUES")).toBe(true);
    const json = JSON.parse((await download("/exports/query/indicator-observations.json?regionCode=150000&startPeriod=2023&lastN=2")).text);
    expect(json.data.map((r: any) => [r.metric, r.region_code, r.period, r.value, r.method, r.parts_summed, r.parts_expected, r.complete])).toEqual(
      graphql.map((n) => [n.metric, n.regionCode, n.period, n.value, n.method, n.partsSummed, n.partsExpected, n.complete]),
    );
    const bad = await download("/exports/query/indicator-observations.csv?lastN=0");
    expect(JSON.parse(bad.text)).toMatchObject({ error: "BAD_USER_INPUT", parameter: "lastN" });
    const badPeriod = await download("/exports/query/indicator-observations.csv?startPeriod=2023-Q5");
    expect(JSON.parse(badPeriod.text)).toMatchObject({ error: "BAD_USER_INPUT", parameter: "startPeriod" });
  });

  it("indicator observations as of an instant: GraphQL's answer at that instant", async () => {
    const fields = "metric regionCode period periodStart periodEnd value provenance method partsSummed partsExpected complete";
    const asRecord = (n: any) => ({
      metric: n.metric,
      region_code: n.regionCode,
      period: n.period,
      period_start: n.periodStart,
      period_end: n.periodEnd,
      value: n.value,
      provenance: n.provenance,
      method: n.method,
      parts_summed: n.partsSummed,
      parts_expected: n.partsExpected,
      complete: n.complete,
    });
    const before = new Date(Date.now() - 1_000).toISOString();
    const [now, then] = await Promise.all([
      pageAll("indicatorObservations", "filterBy: $i", fields, { i: { regionCode: "150100" } }),
      pageAll("indicatorObservations", "filterBy: $i, asOf: $t", fields, { i: { regionCode: "150100" }, t: before }),
    ]);
    expect(now.length).toBeGreaterThan(0);
    const current = JSON.parse((await download("/exports/query/indicator-observations.json?regionCode=150100")).text);
    expect(current.data).toEqual(now.map(asRecord));
    const asOf = JSON.parse((await download(`/exports/query/indicator-observations.json?regionCode=150100&asOf=${before}`)).text);
    expect(asOf.data).toEqual(then.map(asRecord));
    expect(asOf.query.parameters).toEqual({ regionCode: "150100", asOf: before });
    // Before anything was recorded: no figures, as in GraphQL.
    const empty = JSON.parse((await download("/exports/query/indicator-observations.json?asOf=2001-01-01T00:00:00Z")).text);
    expect(empty.data).toEqual([]);
    for (const [value, message] of [["2999-01-01T00:00:00Z", /in the future/], ["yesterday", /DateTime/]] as const) {
      const { res, text } = await download(`/exports/query/indicator-observations.csv?asOf=${value}`);
      expect(res.status).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: "BAD_USER_INPUT", parameter: "asOf", message: expect.stringMatching(message) });
    }
    // Only where the field takes it.
    expect((await download(`/exports/query/regions.csv?asOf=${before}`)).res.status).toBe(400);
  });

  it("the other lists stream whole, with the published dataset's columns", async () => {
    for (const [table, field] of [
      ["targets", "targets"],
      ["measures", "measures"],
      ["departments", "departments"],
      ["demonstration-brands", "demonstrationBrands"],
      ["partner-banks", "partnerBanks"],
      ["indicator-observations", "indicatorObservations"],
    ] as const) {
      const codes = await pageAll(field, "", field === "indicatorObservations" ? "metric" : field === "departments" ? "slug" : "code");
      const { res, text } = await download(`/exports/query/${table}.json`);
      expect(res.status, table).toBe(200);
      const json = JSON.parse(text);
      expect(json.data.length, table).toBe(codes.length);
      expect(json.rows, table).toBe(codes.length);
      expect(json.columns.length, table).toBeGreaterThan(3);
      for (const row of json.data) for (const c of json.columns) expect(c.name in row, `${table}.${c.name}`).toBe(true);
    }
    const measures = JSON.parse((await download("/exports/query/measures.json?planCode=P1")).text).data;
    expect(measures[0]).toMatchObject({ measure_code: "P1-M1", plan_code: "P1" });
    expect(measures[0].department_slugs.split(";").length).toBeGreaterThan(0);
  });
});

describe("HTTP", () => {
  it("HEAD answers the headers without rows; a matching If-None-Match is 304; the schema describes the CSV", async () => {
    const head = await fetch(`${server.url}/exports/query/regions.csv?level=COUNTY`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(head.headers.get("content-length")).toBeNull();
    expect(await head.text()).toBe("");
    const etag = head.headers.get("etag")!;
    const again = await fetch(`${server.url}/exports/query/regions.csv?level=COUNTY`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    // Another query, another tag.
    const other = await fetch(`${server.url}/exports/query/regions.csv?level=LEAGUE`, { method: "HEAD" });
    expect(other.headers.get("etag")).not.toBe(etag);

    const schema = JSON.parse((await download("/exports/query/loan-statistics.schema.json?groupBy=REGION_COUNTY,YEAR")).text);
    expect(schema.fields.map((f: any) => f.name)).toEqual(["league_code", "county_code", "year", "loan_count", "total_amount", "average_amount", "jobs_created", "disclosure", "suppressed", "provenance"]);
    expect(schema.primaryKey).toEqual(["league_code", "county_code", "year"]);

    const index = JSON.parse((await download("/exports/query/")).text);
    expect(index.maxRows).toBe(50_000);
    expect(index.rowsPerPoint).toBe(3);
    const stats = index.tables.find((t: any) => t.name === "loan-statistics");
    expect(stats.parameters.map((p: any) => p.name)).toEqual(["groupBy", "regionCode", "year", "borrowerType", "beneficiaryGroup", "bankCode", "disclosure"]);
    expect(index.tables.find((t: any) => t.name === "incubator-bases").parameters.map((p: any) => p.name)).toContain("recognizedYear.min");
  });

  it("the README's table of downloadable tables and parameters is the service's", async () => {
    const index = JSON.parse((await download("/exports/query/")).text);
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### Filtered downloads"));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| `(\w+)` \| (.*) \|$/gm)].map((m) => ({
      name: m[1],
      graphql: m[2],
      parameters: m[3] === "—" ? [] : [...m[3]!.matchAll(/`([A-Za-z.]+)`(?: \(|,|$)/g)].map((p) => p[1]),
    }));
    expect(rows).toEqual(index.tables.map((t: any) => ({ name: t.name, graphql: t.graphql, parameters: t.parameters.map((p: any) => p.name) })));
  });

  it("a rate-limit budget that could never pay for the largest download is refused at start", () => {
    const names = ["MAX_DOWNLOAD_ROWS", "RATE_LIMIT", "RATE_LIMIT_ANONYMOUS_POINTS", "MAX_QUERY_COST"] as const;
    const saved = names.map((n) => process.env[n]);
    try {
      Object.assign(process.env, { RATE_LIMIT: "on", RATE_LIMIT_ANONYMOUS_POINTS: "20000", MAX_QUERY_COST: "10000", MAX_DOWNLOAD_ROWS: "90000" });
      expect(() => loadConfig()).toThrow(/RATE_LIMIT_ANONYMOUS_POINTS \(20000\) must be at least the cost of the largest download \(MAX_DOWNLOAD_ROWS: 30000 points\)/);
      process.env.MAX_DOWNLOAD_ROWS = "60000";
      expect(loadConfig().maxDownloadRows).toBe(60_000);
    } finally {
      names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
    }
  });

  it("every bad input is typed, never a 500", async () => {
    const cases: [string, number, string, string | undefined][] = [
      ["/exports/query/loans.csv", 404, "NOT_FOUND", undefined],
      ["/exports/query/regions.xml", 404, "NOT_FOUND", undefined],
      ["/exports/query/regions", 404, "NOT_FOUND", undefined],
      ["/exports/query/regions.csv?levle=LEAGUE", 400, "BAD_USER_INPUT", "levle"],
      ["/exports/query/regions.csv?level=CITY", 400, "BAD_USER_INPUT", "level"],
      ["/exports/query/regions.csv?level=LEAGUE&level=COUNTY", 400, "BAD_USER_INPUT", "level"],
      ["/exports/query/regions.csv?parentCode=110000", 400, "BAD_USER_INPUT", "parentCode"],
      ["/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY,CITY", 400, "BAD_USER_INPUT", "groupBy"],
      ["/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY,YEAR,BANK,BORROWER_TYPE,BENEFICIARY_GROUP", 400, "BAD_USER_INPUT", "groupBy"],
      ["/exports/query/loan-statistics.csv?groupBy=YEAR&year=twenty", 400, "BAD_USER_INPUT", "year"],
      ["/exports/query/loan-statistics.csv?groupBy=YEAR&year=1999", 400, "BAD_USER_INPUT", "year"],
      ["/exports/query/loan-statistics.csv?groupBy=YEAR&regionCode=15", 400, "BAD_USER_INPUT", "regionCode"],
      ["/exports/query/loan-statistics.csv?groupBy=YEAR&bankCode=no-such-bank", 400, "BAD_USER_INPUT", "bankCode"],
      ["/exports/query/loan-statistics.csv?groupBy=YEAR&beneficiaryGroup=%01", 400, "BAD_USER_INPUT", "beneficiaryGroup"],
      ["/exports/query/loan-statistics.csv?groupBy=YEAR&regionCode=%E0%A4", 400, "BAD_USER_INPUT", undefined],
      ["/exports/query/incubator-bases.csv?recognizedYear.min=2022&recognizedYear.max=2020", 400, "BAD_USER_INPUT", "recognizedYear"],
      ["/exports/query/incubator-bases.csv?direction=DESC", 400, "BAD_USER_INPUT", "orderBy"],
      ["/exports/query/incubator-bases.csv?orderBy=SIZE", 400, "BAD_USER_INPUT", "orderBy"],
      ["/exports/query/incubator-bases.csv?text=%20%20", 400, "BAD_USER_INPUT", "text"],
      ["/exports/query/indicator-observations.csv?periodEndTo=2024-02-30", 400, "BAD_USER_INPUT", "periodEndTo"],
      [`/exports/query/regions.csv?level=${"L".repeat(3000)}`, 414, "URI_TOO_LONG", undefined],
    ];
    for (const [path, status, error, parameter] of cases) {
      const { res, text } = await download(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("content-type"), path).toBe("application/json; charset=utf-8");
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      const body = JSON.parse(text);
      expect(body.error, path).toBe(error);
      expect(typeof body.message, path).toBe("string");
      if (parameter) expect(body.parameter, path).toBe(parameter);
    }
    // A query string too long for Node's header limit: 431 from Node itself, still not a 500.
    const huge = await download(`/exports/query/regions.csv?level=${"L".repeat(20_000)}`);
    expect(huge.res.status).toBe(431);
  });
});

describe("limits", () => {
  let limited: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    // The same database, a server with a small row limit and budget, and small slow pages.
    limited = await buildServer({
      database: server.database,
      logLevel: "silent",
      downloads: { maxRows: 150, pageSize: 10, pauseAfterPageMs: 50 },
      rateLimit: { anonymousPoints: 100, partnerPoints: 100, windowSeconds: 3600, redisUrl: null, redisPrefix: "test:" },
    });
    url = await limited.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it("more rows than the limit are refused before anything is sent; the rest is charged a point per 3 rows", async () => {
    const big = await download("/exports/query/loan-statistics.csv?groupBy=REGION_COUNTY,YEAR", {}, url);
    expect(big.res.status).toBe(400);
    expect(JSON.parse(big.text)).toMatchObject({ error: "RESPONSE_TOO_LARGE", limit: "rows", maximum: 150 });
    expect(JSON.parse(big.text).actual).toBeGreaterThan(150);
    expect(big.res.headers.get("ratelimit-remaining")).toBe("99");

    // 116 regions (read 10 at a time): 39 points.
    const regions = await download("/exports/query/regions.csv", {}, url);
    expect(regions.res.status).toBe(200);
    expect(csv(regions.text)).toHaveLength(116);
    expect(regions.res.headers.get("ratelimit-remaining")).toBe("60");
    expect(regions.res.headers.get("ratelimit-policy")).toBe("100;w=3600");

    // Until the budget is spent: then 429, with Retry-After, and nothing streamed.
    let last: Awaited<ReturnType<typeof download>> | null = null;
    for (let i = 0; i < 10; i++) {
      last = await download("/exports/query/regions.csv", {}, url);
      if (last.res.status === 429) break;
    }
    expect(last!.res.status).toBe(429);
    expect(Number(last!.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(last!.text)).toMatchObject({ error: "RATE_LIMITED", cost: 39, limit: 100, remaining: 21 });
  });

  it("a download whose data changes half-way is cut off, not ended: the client cannot take it for the whole file", async () => {
    // Another address (X-Forwarded-For is trusted), with its budget whole.
    const res = await fetch(`${url}/exports/query/regions.csv`, { headers: { "x-forwarded-for": "192.0.2.7" } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    // 12 pages, 50 ms apart: a new data version arrives while they are sent.
    await publishDataVersion(server.database.db);
    let received = 0;
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += value.length;
        }
      })(),
    ).rejects.toThrow();
    expect(received).toBeLessThan(5_000);
  });
});
