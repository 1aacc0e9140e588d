// Filtered downloads (/exports/query/<table>.<format>): the rows paging through GraphQL returns,
// in its order and with its figures, streamed in the published files' formats; every bad input
// typed; the row limit and the rate limit enforced; a download broken mid-way never looks whole.
// Every public list of the schema has a table (or is left out on purpose), none is partner-only,
// and a whole list holds its published dataset's rows.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSchema, getNamedType, isListType, isObjectType, getNullableType } from "graphql";
import { sql } from "drizzle-orm";
import { datasetByName, type Row } from "../src/exports/catalogue.js";
import { renderer } from "../src/exports/formats.js";
import { streamRows } from "../src/exports/run.js";
import { loadConfig } from "../src/config.js";
import { buildServer } from "../src/server.js";
import { publishDataVersion } from "../src/services/refresh.js";
import { rows, startTestServer, untilServerSeesDataVersion, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/**
 * Every node of a connection, paged through GraphQL 100 at a time to its end, as a client would:
 * any connection, any arguments (`args`, with `variables` of the types `variableTypes` names).
 */
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
  pf: "LibraryProjectFilter",
  po: "LibraryProjectOrder",
  mf: "MentorFilter",
  mtf: "MentorTeamFilter",
  lf: "TrainingLecturerFilter",
  tdf: "TrainingDeliveryFilter",
  mef: "ModelEntrepreneurFilter",
  ef: "EntrepreneurshipEventFilter",
  eo: "EntrepreneurshipEventOrder",
  spf: "ServicePointFilter",
  sif: "SupportInstrumentFilter",
  ff: "FundFilter",
  tf: "TargetFilter",
  mef2: "MeasureFilter",
};

/** A plain list (no pages), as a client asks for it. */
async function listAll(field: string, selection: string, url = server.url) {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ ${field} { ${selection} } }` }) });
  const body: any = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data[field] as any[];
}

/** A download's JSON: its metadata and `data`. */
async function downloadJson(path: string) {
  const { res, text } = await download(path);
  expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
  return JSON.parse(text);
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** Columns a GraphQL node does not hold under their own name: the selection that answers them, and how. */
type Derived = Record<string, [selection: string, value: (node: any) => unknown]>;
const codes = (list: { code: string }[]) => (list.length ? list.map((x) => x.code).join(";") : null);
const code = (field: string): [string, (n: any) => unknown] => [`${field} { code }`, (n) => n[field]?.code ?? null];
const REGION_AND_LEAGUE: Derived = { region_code: code("region"), league_code: code("league") };

/** The GraphQL selection of a download's columns: each column's field of the same name in camelCase, unless derived. */
function selectionOf(columns: string[], derived: Derived = {}): string {
  return [...new Set(columns.map((c) => (derived[c] ? derived[c]![0] : camel(c))))].filter(Boolean).join(" ");
}
/** A GraphQL node as the download's JSON record. */
function recordOf(node: any, columns: string[], derived: Derived = {}) {
  return Object.fromEntries(columns.map((c) => [c, derived[c] ? derived[c]![1](node) : node[camel(c)]]));
}

/**
 * Downloads `table` with `query` and pages `field` with the same arguments through GraphQL to
 * its end: the download's JSON rows must be GraphQL's nodes, in GraphQL's order, column by column.
 */
async function expectConnection(table: string, field: string, derived: Derived, query = "", args = "", variables: Record<string, unknown> = {}) {
  const json = await downloadJson(`/exports/query/${table}.json${query ? `?${query}` : ""}`);
  const columns: string[] = json.columns.map((c: any) => c.name);
  const nodes = await pageAll(field, args, selectionOf(columns, derived), variables);
  expect(json.data, table).toEqual(nodes.map((n) => recordOf(n, columns, derived)));
  expect(json.rows, table).toBe(nodes.length);
  return json;
}

/** A published dataset's rows, as its exporter reads and its JSON renders them (integers as numbers, decimals as strings). */
async function publishedRows(name: string): Promise<Record<string, unknown>[]> {
  const dataset = datasetByName(name)!;
  const rows: Row[] = [];
  await streamRows(server.database.db, dataset, async (batch) => void rows.push(...batch));
  return renderer("ndjson", dataset, {}).rows(rows).split("\n").filter(Boolean).map((l) => JSON.parse(l));
}
/** Rows sorted by a key (the published files and the lists may order alike rows differently). */
const sortedBy = (key: string[], rows: Record<string, unknown>[]) => [...rows].sort((a, b) => (key.map((k) => String(a[k])).join("\u0000") < key.map((k) => String(b[k])).join("\u0000") ? -1 : 1));

/** A whole download holds the published dataset's rows: the same columns, the same values. */
async function expectPublished(table: string, json: any, only: (r: Record<string, unknown>) => boolean = () => true, dataset = table) {
  const d = datasetByName(dataset)!;
  const names = d.columns.map((c) => c.name);
  const downloaded = json.data.map((r: any) => Object.fromEntries(names.map((n) => [n, r[n]])));
  const published = (await publishedRows(dataset)).filter(only);
  expect(published.length, table).toBeGreaterThan(0);
  expect(sortedBy(d.primaryKey, downloaded), table).toEqual(sortedBy(d.primaryKey, published));
}

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

describe("the service system's lists", () => {
  /** Each table, its list and the columns its nodes hold under other fields. */
  const LISTS: [table: string, field: string, derived: Derived][] = [
    ["mentor-teams", "mentorTeams", REGION_AND_LEAGUE],
    ["mentors", "mentors", { team_code: code("team") }],
    ["training-lecturers", "trainingLecturers", REGION_AND_LEAGUE],
    ["training-delivered", "trainingDelivered", { county_code: code("region"), league_code: code("league") }],
    ["model-entrepreneurs", "modelEntrepreneurs", { county_code: code("region"), league_code: code("league"), beneficiary_group: code("beneficiaryGroup") }],
    ["entrepreneurship-events", "entrepreneurshipEvents", { ...REGION_AND_LEAGUE, measure_code: code("measure") }],
    ["service-points", "servicePoints", REGION_AND_LEAGUE],
  ];
  const PROJECT: Derived = { county_code: code("region"), league_code: code("league") };

  it("each downloads whole as GraphQL pages it to its end, and holds the published dataset's rows", async () => {
    for (const [table, field, derived] of LISTS) {
      const json = await expectConnection(table, field, derived);
      expect(json.rows, table).toBeGreaterThan(100);
      await expectPublished(table, json);
    }
    // The project library (15,949 rows) whole against its published file; paged through GraphQL a league at a time below.
    const library = await downloadJson("/exports/query/project-library.json");
    expect(library.rows).toBeGreaterThan(15_000);
    await expectPublished("project-library", library);
  });

  it("filtered and ordered: the rows of the same arguments in GraphQL", async () => {
    const library = await expectConnection(
      "project-library",
      "projectLibrary",
      PROJECT,
      "regionCode=150100&stage=SEED&publishedFrom=2023-01-01&orderBy=PUBLISHED_ON&direction=DESC",
      "filterBy: $pf, orderBy: $po",
      { pf: { regionCode: "150100", stage: "SEED", publishedFrom: "2023-01-01" }, po: { field: "PUBLISHED_ON", direction: "DESC" } },
    );
    expect(library.rows).toBeGreaterThan(100);
    expect(library.data.every((r: any) => r.league_code === "150100" && r.stage === "SEED" && r.published_on >= "2023-01-01")).toBe(true);
    expect(library.query.parameters).toEqual({ regionCode: "150100", stage: "SEED", publishedFrom: "2023-01-01", orderBy: "PUBLISHED_ON", direction: "DESC" });

    const cases: [string, string, Derived, string, string, Record<string, unknown>][] = [
      ["mentor-teams", "mentorTeams", REGION_AND_LEAGUE, "level=COUNTY&regionCode=150200", "filterBy: $mtf", { mtf: { level: "COUNTY", regionCode: "150200" } }],
      ["mentors", "mentors", { team_code: code("team") }, "teamCode=S-MT-150102&role=TRAINING_LECTURER", "filterBy: $mf", { mf: { teamCode: "S-MT-150102", role: "TRAINING_LECTURER" } }],
      ["training-lecturers", "trainingLecturers", REGION_AND_LEAGUE, "highLevel=true&certifiedYear.min=2022", "filterBy: $lf", { lf: { highLevel: true, certifiedYear: { min: 2022 } } }],
      ["training-delivered", "trainingDelivered", LISTS[3]![2], "programme=MALANHUA&year.min=2024&year.max=2024&regionCode=150700", "filterBy: $tdf", { tdf: { programme: "MALANHUA", year: { min: 2024, max: 2024 }, regionCode: "150700" } }],
      ["model-entrepreneurs", "modelEntrepreneurs", LISTS[4]![2], "beneficiaryGroup=COLLEGE_GRADUATES&year.min=2023", "filterBy: $mef", { mef: { beneficiaryGroup: "COLLEGE_GRADUATES", year: { min: 2023 } } }],
      ["entrepreneurship-events", "entrepreneurshipEvents", LISTS[5]![2], "kind=ROADSHOW&startsFrom=2023-01-01&orderBy=CODE&direction=DESC", "filterBy: $ef, orderBy: $eo", { ef: { kind: "ROADSHOW", startsFrom: "2023-01-01" }, eo: { field: "CODE", direction: "DESC" } }],
      ["service-points", "servicePoints", REGION_AND_LEAGUE, "kind=UNIVERSITY_GUIDANCE_STATION", "filterBy: $spf", { spf: { kind: "UNIVERSITY_GUIDANCE_STATION" } }],
    ];
    for (const [table, field, derived, query, args, variables] of cases) {
      const json = await expectConnection(table, field, derived, query, args, variables);
      expect(json.rows, `${table}?${query}`).toBeGreaterThan(0);
    }
  });

  it("pilot zones: a row per member region, as `pilotZones { members }` lists them, and as published", async () => {
    const zones = await listAll("pilotZones", "code name nameEn kind seat { code } members { code } measure { code } sourceQuote");
    const json = await downloadJson("/exports/query/pilot-zones.json");
    expect(json.data).toEqual(
      zones.flatMap((z) =>
        z.members.map((m: any, i: number) => ({ zone_code: z.code, name: z.name, name_en: z.nameEn, kind: z.kind, seat_code: z.seat.code, region_code: m.code, member_ordinal: i + 1, measure_code: z.measure.code, source_quote: z.sourceQuote })),
      ),
    );
    expect(json.rows).toBe(6);
    await expectPublished("pilot-zones", json);
  });
});

describe("support instruments, funds, metrics, groups, policy text", () => {
  const INSTRUMENT: Derived = {
    measure_code: code("measure"),
    plan_code: code("plan"),
    audiences: ["audiences", (n) => n.audiences.join(";")],
    eligible_groups: ["eligibleGroups { code }", (n) => codes(n.eligibleGroups)],
    exclusive_with: ["exclusiveWith { code }", (n) => codes(n.exclusiveWith)],
    fund_codes: ["funds { code }", (n) => codes(n.funds)],
    relative_base_code: ["amountFormula { base }", (n) => n.amountFormula?.base ?? null],
  };
  const FUND: Derived = { section_code: code("section"), instrument_codes: ["instruments { code }", (n) => codes(n.instruments)] };
  const CRITERION = "ordinal kind group { code } appliesToGroup { code } months amount values anyOf section { code } sourceText noteEn";
  const criterionRecord = (instrument: string, c: any) => ({
    instrument_code: instrument,
    ordinal: c.ordinal,
    kind: c.kind,
    group_code: c.group?.code ?? null,
    applies_to_group: c.appliesToGroup?.code ?? null,
    months: c.months,
    amount: c.amount,
    values: c.values.join(";"),
    any_of: c.anyOf,
    section_code: c.section.code,
    source_text: c.sourceText,
    note_en: c.noteEn,
  });

  it("whole lists: GraphQL's rows, and the published datasets' rows", async () => {
    await expectPublished("support-instruments", await expectConnection("support-instruments", "supportInstruments", INSTRUMENT));
    await expectPublished("funds", await expectConnection("funds", "funds", FUND));
    await expectPublished("metrics", await expectConnection("metrics", "metrics", {}));
    const criteria = await downloadJson("/exports/query/instrument-criteria.json");
    const instruments = await pageAll("supportInstruments", "", `code criteria { ${CRITERION} }`);
    expect(criteria.data).toEqual(instruments.flatMap((i) => i.criteria.map((c: any) => criterionRecord(i.code, c))));
    await expectPublished("instrument-criteria", criteria);

    const groups = await downloadJson("/exports/query/beneficiary-groups.json");
    expect(groups.data).toEqual((await listAll("beneficiaryGroups", "code name nameEn provenance")).map((g) => ({ code: g.code, name: g.name, name_en: g.nameEn, provenance: g.provenance })));
    expect(groups.rows).toBe(14);
    expect(groups.columns.map((c: any) => c.name)).toEqual(["code", "name", "name_en", "provenance"]);

    // Measures' departments, a row each, as `measures { departments }` lists them.
    const links = await downloadJson("/exports/query/measure-departments.json");
    const measures = await pageAll("measures", "", "code departments { slug }");
    expect(links.data).toEqual(measures.flatMap((m) => m.departments.map((d: any, i: number) => ({ measure_code: m.code, department_slug: d.slug, ordinal: i + 1 }))));
    await expectPublished("measure-departments", links);
  });

  it("filtered as GraphQL filters them: a group's instruments (the engine's rule), their criteria, a level's funds, a plan's departments", async () => {
    const veterans = await expectConnection("support-instruments", "supportInstruments", INSTRUMENT, "beneficiaryGroup=VETERANS&groupMatch=NAMED,CONDITIONAL", "filterBy: $sif", {
      sif: { beneficiaryGroup: "VETERANS", groupMatch: ["NAMED", "CONDITIONAL"] },
    });
    expect(veterans.rows).toBeGreaterThan(0);
    const all = await pageAll("supportInstruments", "", "code");
    expect(veterans.rows).toBeLessThan(all.length);
    const p3 = await expectConnection("support-instruments", "supportInstruments", INSTRUMENT, "planCode=P3&kind=SUBSIDY", "filterBy: $sif", { sif: { planCode: "P3", kind: "SUBSIDY" } });
    expect(p3.rows).toBeGreaterThan(0);
    const criteria = await downloadJson("/exports/query/instrument-criteria.json?planCode=P3&kind=SUBSIDY");
    expect(criteria.data).toEqual(
      (await pageAll("supportInstruments", "filterBy: $sif", `code criteria { ${CRITERION} }`, { sif: { planCode: "P3", kind: "SUBSIDY" } })).flatMap((i) => i.criteria.map((c: any) => criterionRecord(i.code, c))),
    );
    expect(new Set(criteria.data.map((c: any) => c.instrument_code))).toEqual(new Set(p3.data.map((i: any) => i.code)));
    const national = await expectConnection("funds", "funds", FUND, "level=NATIONAL", "filterBy: $ff", { ff: { level: "NATIONAL" } });
    expect(national.rows).toBeGreaterThan(0);
    const links = await downloadJson("/exports/query/measure-departments.json?planCode=P2");
    const measures = await pageAll("measures", "filterBy: $mef2", "code departments { slug }", { mef2: { planCode: "P2" } });
    expect(links.data).toEqual(measures.flatMap((m) => m.departments.map((d: any, i: number) => ({ measure_code: m.code, department_slug: d.slug, ordinal: i + 1 }))));
    expect(links.data.every((l: any) => l.measure_code.startsWith("P2-"))).toBe(true);
  });

  const SECTION = "code kind label ordinal documentOrder path title titleEn body parent { code } ... on Measure { responsibilityText }";
  /** A section and `children` nested below it, `depth` levels in all; one more asks only whether there are more (there must be none). */
  const tree = (depth: number): string => (depth === 0 ? "code" : `${SECTION} children { ${tree(depth - 1)} }`);
  /** Sections as nested `children` give them: each, then its children's subtrees. */
  const flatten = (sections: any[]): any[] =>
    sections.flatMap((s) => {
      if (!s.kind) throw new Error("the tree is deeper than the query");
      return [s, ...flatten(s.children)];
    });
  const sectionRecord = (s: any) => ({
    code: s.code,
    parent_code: s.parent?.code ?? null,
    kind: s.kind,
    label: s.label,
    ordinal: s.ordinal,
    document_order: s.documentOrder,
    path: s.path,
    title: s.title,
    title_en: s.titleEn,
    body: s.body,
    responsibility_text: s.responsibilityText ?? null,
  });

  it("policy sections: the document tree as nested `children` give it, whole or from one section; plans", async () => {
    // The document's top sections, each with its tree (three levels deep: C1 › C1-2 › C1-2-1, C2 › P1 › P1-M1).
    const top = await server.gql(`{ policyDocument(docNumber: "内政办发〔2022〕31号") { sections { code } } }`);
    const roots = [];
    for (const { code } of top.data.policyDocument.sections) {
      const res = await server.gql(`query($c: String!) { policySection(code: $c) { ${tree(3)} } }`, { c: code });
      expect(res.errors).toBeUndefined();
      roots.push(res.data.policySection);
    }
    expect(roots.map((r) => r.code)).toEqual(["PREAMBLE", "C1", "C2", "C3"]);
    const whole = await downloadJson("/exports/query/policy-sections.json");
    expect(whole.data).toEqual(flatten(roots).map(sectionRecord));
    expect(whole.rows).toBe(44);
    await expectPublished("policy-sections", whole);
    const p1 = await server.gql(`{ policySection(code: "P1") { ${tree(3)} } }`);
    const part = await downloadJson("/exports/query/policy-sections.json?code=P1");
    expect(part.data).toEqual(flatten([p1.data.policySection]).map(sectionRecord));
    expect(part.data.map((s: any) => s.code)).toEqual(["P1", "P1-M1", "P1-M2", "P1-M3"]);

    const plans = await downloadJson("/exports/query/plans.json");
    expect(plans.data).toEqual((await listAll("plans", SECTION.replace("... on Measure { responsibilityText }", ""))).map(sectionRecord));
    expect(plans.columns.map((c: any) => c.name)).toEqual(whole.columns.map((c: any) => c.name));
    await expectPublished("plans", plans, (r) => r.kind === "PLAN", "policy-sections");
  });
});

describe("target progress", () => {
  const PROGRESS = "currentValue share met asOf unitsMeeting unitsTotal source method provenance onTrack revisionsKept series { period periodEnd value cumulativeValue targetPath onTrack } units { region { code } value met shortBy }";
  /** Targets with their progress (as of `asOf`), paged through `targets` as a client would. */
  const targetsWithProgress = (args: string, variables: Record<string, unknown>, asOf: string | null) =>
    pageAll("targets", args, `code value progress${asOf ? "(asOf: $t)" : ""} { ${PROGRESS} }`, asOf ? { ...variables, t: asOf } : variables);
  const progressRecords = (targets: any[]) =>
    targets.map(({ code, value, progress: p }) => ({
      target_code: code,
      target_value: value,
      current_value: p.currentValue,
      share: p.share,
      met: p.met,
      as_of: p.asOf,
      units_meeting: p.unitsMeeting,
      units_total: p.unitsTotal,
      source: p.source,
      method: p.method,
      provenance: p.provenance,
      on_track: p.onTrack,
      revisions_kept: p.revisionsKept,
    }));
  const seriesRecords = (targets: any[]) =>
    targets.flatMap(({ code, value, progress: p }) =>
      p.series.map((s: any) => ({
        target_code: code,
        period: s.period,
        period_end: s.periodEnd,
        value: s.value,
        cumulative_value: s.cumulativeValue,
        target_value: value,
        target_path: s.targetPath,
        on_track: s.onTrack,
        provenance: p.provenance,
        revisions_kept: p.revisionsKept,
      })),
    );
  const unitRecords = (targets: any[]) =>
    targets.flatMap(({ code, value, progress: p }) =>
      (p.units ?? []).map((u: any) => ({ target_code: code, region_code: u.region.code, target_value: value, value: u.value, met: u.met, short_by: u.shortBy, source: p.source, provenance: p.provenance })),
    );

  it("a row per target, per period of its series, per unit of a norm: `targets { progress { … } }` paged to its end, and the published files", async () => {
    const targets = await targetsWithProgress("", {}, null);
    const [progress, series, units] = await Promise.all(["target-progress", "target-progress-series", "target-unit-progress"].map((t) => downloadJson(`/exports/query/${t}.json`)));
    expect(progress.data).toEqual(progressRecords(targets));
    expect(series.data).toEqual(seriesRecords(targets));
    expect(units.data).toEqual(unitRecords(targets));
    expect([progress.rows, series.rows > 100, units.rows]).toEqual([18, true, 218]);
    for (const [name, json] of [["target-progress", progress], ["target-progress-series", series], ["target-unit-progress", units]] as const) await expectPublished(name, json);
  });

  it("filtered, and as of an instant: what `targets(filterBy:) { progress(asOf:) }` answers", async () => {
    const filter = { planCode: "P3" };
    for (const asOf of [new Date(Date.now() - 1_000).toISOString(), "2001-01-01T00:00:00.000Z"]) {
      const targets = await targetsWithProgress("filterBy: $tf", { tf: filter }, asOf);
      expect(targets.length).toBeGreaterThan(2);
      const query = `planCode=P3&asOf=${asOf}`;
      expect((await downloadJson(`/exports/query/target-progress.json?${query}`)).data).toEqual(progressRecords(targets));
      expect((await downloadJson(`/exports/query/target-progress-series.json?${query}`)).data).toEqual(seriesRecords(targets));
      expect((await downloadJson(`/exports/query/target-unit-progress.json?${query}`)).data).toEqual(unitRecords(targets));
    }
    // Before anything was reported, reported figures have no value; counted ones (revisions not kept) are today's.
    const then = (await downloadJson("/exports/query/target-progress.json?asOf=2001-01-01T00:00:00Z")).data;
    const now = (await downloadJson("/exports/query/target-progress.json")).data;
    const reported = then.filter((r: any) => r.revisions_kept);
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect([r.current_value, r.as_of]).toEqual([null, null]);
    for (const r of then.filter((r: any) => !r.revisions_kept)) expect(r).toEqual(now.find((n: any) => n.target_code === r.target_code));
    const index = await downloadJson("/exports/query/");
    expect(index.tables.find((t: any) => t.name === "target-progress-series").parameters.map((p: any) => p.name)).toEqual(["planCode", "scope", "unit", "dueYear", "beneficiaryGroup", "asOf"]);
  });
});

describe("what is public, and every public list", () => {
  const schema = buildSchema(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8"));
  const query = schema.getQueryType()!.getFields();
  const partnerOnly = (field: string) => (query[field]!.description ?? "").startsWith("**Partner only**");
  /** Lists left out on purpose (README, "Filtered downloads"): the catalogue and its runs, a search, look-ups by id. */
  const LEFT_OUT = ["datasets", "exportRuns", "search", "nodes"];

  it("every table is a field anonymous callers may ask, and every public list of the schema has a table or is left out on purpose", async () => {
    const index = await downloadJson("/exports/query/");
    const fields = new Set<string>(index.tables.map((t: any) => t.graphql));
    for (const field of fields) {
      expect(query[field], field).toBeDefined();
      expect(partnerOnly(field), field).toBe(false);
      // Asked without a key, it answers (the partner-only fields say UNAUTHENTICATED).
      const type = getNamedType(query[field]!.type);
      const required = query[field]!.args.filter((a) => String(a.type).endsWith("!") && a.name !== "groupBy");
      const args = [...(type.name.endsWith("Connection") ? ["first: 1"] : []), ...(field === "loanStatistics" ? ["groupBy: []"] : []), ...required.map((a) => `${a.name}: "P1"`)];
      const res = await server.gql(`{ ${field}${args.length ? `(${args.join(", ")})` : ""} { __typename } }`);
      expect(res.errors, field).toBeUndefined();
    }
    const partner = await server.gql("{ guaranteeLoans(first: 1) { totalCount } }");
    expect(partner.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    for (const name of ["guarantee-loans", "guarantee-loans-extract", "guarantee-loan-changes", "loans"]) expect((await download(`/exports/query/${name}.csv`)).res.status, name).toBe(404);

    // Every list of records the public schema answers at its root: a connection or a list of objects.
    const lists = Object.values(query)
      .filter((f) => {
        const t = getNullableType(f.type);
        return (isListType(t) && isObjectType(getNamedType(t))) || (isObjectType(t) && t.name.endsWith("Connection"));
      })
      .map((f) => f.name)
      .filter((name) => !partnerOnly(name));
    expect(lists.filter((name) => !fields.has(name) && !LEFT_OUT.includes(name))).toEqual([]);
    expect(lists).toEqual(expect.arrayContaining(LEFT_OUT.filter((n) => n !== "nodes")));
  });

  it("bad parameters of the new tables are typed like GraphQL's refusals, never a 500", async () => {
    const cases: [string, number, string, string][] = [
      ["support-instruments.csv?groupMatch=NAMED", 400, "BAD_USER_INPUT", "groupMatch"],
      ["support-instruments.csv?beneficiaryGroup=VETERANS&groupMatch=", 200, "", ""],
      ["support-instruments.csv?beneficiaryGroup=SOLDIERS", 400, "BAD_USER_INPUT", "beneficiaryGroup"],
      ["support-instruments.csv?planCode=Q1", 400, "BAD_USER_INPUT", "planCode"],
      ["instrument-criteria.csv?measureCode=P1", 400, "BAD_USER_INPUT", "measureCode"],
      ["funds.csv?level=GALACTIC", 400, "BAD_USER_INPUT", "level"],
      ["metrics.csv?first=10", 400, "BAD_USER_INPUT", "first"],
      ["minimum-wages.csv?regionCode=150000", 400, "BAD_USER_INPUT", "regionCode"],
      ["beneficiary-groups.json?code=VETERANS", 400, "BAD_USER_INPUT", "code"],
      ["plans.csv?asOf=2024-01-01T00:00:00Z", 400, "BAD_USER_INPUT", "asOf"],
      ["policy-sections.csv?code=X1", 400, "BAD_USER_INPUT", "code"],
      ["policy-sections.csv?code=C9", 404, "NOT_FOUND", "code"],
      ["policy-sections.csv?asOf=2999-01-01T00:00:00Z", 400, "BAD_USER_INPUT", "asOf"],
      ["measure-departments.csv?departmentSlug=Not%20A%20Slug", 400, "BAD_USER_INPUT", "departmentSlug"],
      ["target-progress.csv?asOf=2999-01-01T00:00:00Z", 400, "BAD_USER_INPUT", "asOf"],
      ["target-progress-series.csv?asOf=yesterday", 400, "BAD_USER_INPUT", "asOf"],
      ["target-unit-progress.csv?dueYear=soon", 400, "BAD_USER_INPUT", "dueYear"],
      ["target-progress.csv?scope=EVERYWHERE", 400, "BAD_USER_INPUT", "scope"],
      ["project-library.csv?publishedFrom=2024-01-01&publishedTo=2023-01-01", 400, "BAD_USER_INPUT", "publishedFrom"],
      ["project-library.csv?publishedFrom=2024-13-01", 400, "BAD_USER_INPUT", "publishedFrom"],
      ["project-library.csv?orderBy=SIZE", 400, "BAD_USER_INPUT", "orderBy"],
      ["project-library.csv?text=%20", 400, "BAD_USER_INPUT", "text"],
      ["mentor-teams.csv?regionCode=110000", 400, "BAD_USER_INPUT", "regionCode"],
      ["mentors.csv?teamCode=no%20code", 400, "BAD_USER_INPUT", "teamCode"],
      ["training-lecturers.csv?highLevel=yes", 400, "BAD_USER_INPUT", "highLevel"],
      ["training-lecturers.csv?certifiedYear.min=1800", 400, "BAD_USER_INPUT", "certifiedYear"],
      ["training-delivered.csv?year.min=2025&year.max=2022", 400, "BAD_USER_INPUT", "year"],
      ["model-entrepreneurs.csv?beneficiaryGroup=-x", 400, "BAD_USER_INPUT", "beneficiaryGroup"],
      ["entrepreneurship-events.csv?startsFrom=2024-06-01&startsTo=2024-01-01", 400, "BAD_USER_INPUT", "startsFrom"],
      ["entrepreneurship-events.csv?direction=DESC", 400, "BAD_USER_INPUT", "orderBy"],
      ["service-points.csv?kind=KIOSK", 400, "BAD_USER_INPUT", "kind"],
      ["pilot-zones.csv?regionCode=150100", 400, "BAD_USER_INPUT", "regionCode"],
    ];
    for (const [path, status, error, parameter] of cases) {
      const { res, text } = await download(`/exports/query/${path}`);
      expect(res.status, `${path}: ${text.slice(0, 200)}`).toBe(status);
      if (status === 200) continue;
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      expect(JSON.parse(text), path).toMatchObject({ error, parameter, message: expect.any(String) });
    }
    // The same refusal, word for word, as the list's own in GraphQL.
    const gql = await server.gql(`{ supportInstruments(first: 1, filterBy: { groupMatch: [NAMED] }) { totalCount } }`);
    const dl = JSON.parse((await download("/exports/query/support-instruments.csv?groupMatch=NAMED")).text);
    expect(dl.message).toBe(gql.errors![0]!.message);
    expect(gql.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "filterBy.groupMatch" });
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

// These write to the file's database (the tests above read the seeded data); before "limits",
// whose second server on the same database stops this one learning new data versions when it closes.
describe("after the data changes", () => {
  it("imported minimum wages: GraphQL's list paged to its end, and the published file", async () => {
    expect((await downloadJson("/exports/query/minimum-wages.json")).data).toEqual([]);
    await server.database.db.execute(sql`insert into minimum_wages (region_code, wage_class, effective_from, monthly_amount, source, provenance) values
      ('150000', 'I', '2021-12-01', '1980.00', 'test: 内蒙古自治区最低工资标准', 'SOURCE'),
      ('150000', 'II', '2021-12-01', '1910.00', 'test: 内蒙古自治区最低工资标准', 'SOURCE'),
      ('150100', 'I', '2024-12-01', '2270.00', 'test: a league''s own figure', 'SOURCE')`);
    await publishDataVersion(server.database.db);
    await untilServerSeesDataVersion(server);
    const json = await expectConnection("minimum-wages", "minimumWages", { region_code: code("region") });
    expect(json.data.map((r: any) => [r.region_code, r.wage_class, r.monthly_amount])).toEqual([
      ["150000", "I", "1980.00"],
      ["150000", "II", "1910.00"],
      ["150100", "I", "2270.00"],
    ]);
    await expectPublished("minimum-wages", json);
  });

  it("a corrected policy text: asOf before the correction downloads the text as it was, as `policySection(asOf:)` reads it", async () => {
    const SECTION = "code title body ... on Measure { responsibilityText } children { code title body ... on Measure { responsibilityText } }";
    const before = (await downloadJson("/exports/query/policy-sections.json?code=P2")).data;
    await server.database.db.execute(sql`update policy_sections set title = title || '（更正）' where code in ('P2', 'P2-M2')`);
    await publishDataVersion(server.database.db);
    await untilServerSeesDataVersion(server);
    const [revision] = await rows<{ at: string }>(server.database, sql`select cast(cast(ceil(extract(epoch from superseded_at) * 1000) as bigint) as text) as at from policy_section_revisions where code = 'P2'`);
    const t = new Date(Number(revision!.at)).toISOString();
    const earlier = new Date(Number(revision!.at) - 1).toISOString();
    const view = (sections: any[]) => sections.map((s) => [s.code, s.title]);
    for (const [asOf, expected] of [
      [earlier, before],
      [t, null],
    ] as const) {
      const gql = await server.gql(`query($t: DateTime) { policySection(code: "P2", asOf: $t) { ${SECTION} } }`, { t: asOf });
      const root = gql.data.policySection;
      const downloaded = (await downloadJson(`/exports/query/policy-sections.json?code=P2&asOf=${asOf}`)).data;
      expect(view(downloaded)).toEqual(view([root, ...root.children]));
      expect(downloaded.map((s: any) => s.body)).toEqual([root, ...root.children].map((s: any) => s.body));
      if (expected) expect(downloaded).toEqual(expected);
    }
    const now = (await downloadJson("/exports/query/policy-sections.json?code=P2")).data;
    expect(view(now).filter(([, title]: any) => title.endsWith("（更正）")).map(([c]: any) => c)).toEqual(["P2", "P2-M2"]);
    expect(now.find((s: any) => s.code === "P2-M2").title).toBe(`${before.find((s: any) => s.code === "P2-M2").title}（更正）`);
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

