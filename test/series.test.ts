// Time series: metric metadata, region-wide series derived from the leagues (and a league's from
// its counties) for additive metrics only, SDMX-style period arguments, and the
// target-progress-series dataset. Expected values come from the database or from the API's own
// league answers, never typed in by hand.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExport } from "../src/exports/run.js";
import { importFile } from "../src/imports/run.js";
import { knownDataVersion, readDataVersion } from "../src/services/refresh.js";
import { rows, startTestServer, type GraphQLResponse, type TestServer } from "./support/harness.js";

const dir = mkdtempSync(join(tmpdir(), "chuangye-series-"));
let server: TestServer;
let leagues: string[];

beforeAll(async () => {
  server = await startTestServer({ exportDir: dir });
  leagues = (await rows<{ code: string }>(server.database, sql`select code from regions where level = 'LEAGUE' order by code`)).map((r) => r.code);
});
afterAll(async () => {
  await server?.close();
});

async function data(query: string, variables?: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  expect(res.errors, query).toBeUndefined();
  return res.data;
}

const OBS = "metric regionCode period periodStart periodEnd value provenance method partsSummed partsExpected complete";

/** Every observation a set of arguments selects, page by page (100 at a time) through the cursors. */
async function allObservations(args: string, selection = OBS): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const d: any = await data(`query($after: String) { indicatorObservations(${args}, first: 100, after: $after) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`, { after });
    out.push(...d.indicatorObservations.nodes);
    if (!d.indicatorObservations.pageInfo.hasNextPage) return out;
    after = d.indicatorObservations.pageInfo.endCursor;
  }
}

/** Exact sums of decimal strings (integers here). */
const sum = (values: string[]) => values.reduce((t, v) => t + BigInt(v), 0n).toString();
const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;

describe("metric metadata", () => {
  it("every metric of a target or of the reported figures has its metadata; those that do not add up say why", async () => {
    const expected = (
      await rows<{ code: string }>(server.database, sql`select metric as code from targets union select metric from indicator_observations order by 1`)
    ).map((r) => r.code);
    const d = await data(`{ metrics(first: 100) { totalCount nodes { id code name nameEn unit kind additivity additivityNote additivityNoteEn frequency description descriptionEn target { code metric metricName metricNameEn unit } } } }`);
    const nodes: any[] = d.metrics.nodes;
    expect(nodes.map((n) => n.code).sort()).toEqual(expected);
    expect(d.metrics.totalCount).toBe(expected.length);
    for (const n of nodes) {
      // Names and unit are the target's own.
      expect([n.name, n.nameEn, n.unit], n.code).toEqual([n.target.metricName, n.target.metricNameEn, n.target.unit]);
      expect(n.target.metric).toBe(n.code);
      expect(n.description.length, n.code).toBeGreaterThan(5);
      expect(n.descriptionEn.length, n.code).toBeGreaterThan(10);
      if (n.additivity === "NOT_ADDITIVE") expect([n.additivityNote.length > 10, n.additivityNoteEn.length > 20], n.code).toEqual([true, true]);
      else expect([n.additivityNote, n.additivityNoteEn], n.code).toEqual([null, null]);
    }
    const byCode = new Map(nodes.map((n) => [n.code, n]));
    expect(byCode.get("supported_entrepreneurs")).toMatchObject({ kind: "FLOW", additivity: "ADDITIVE", frequency: "QUARTERLY", unit: "PERSONS", name: "扶持创业人数" });
    expect(byCode.get("national_incubation_bases")).toMatchObject({ kind: "STOCK", additivity: "ADDITIVE", frequency: "ANNUAL" });
    // Shares and per-unit norms do not add up.
    for (const code of ["park_free_space_share", "county_projects_collected", "county_mentor_team_members", "league_regional_brands"]) expect(byCode.get(code).additivity, code).toBe("NOT_ADDITIVE");

    // A Node: found again by its id; a target and a reported figure lead to it.
    const one = byCode.get("jobs_created");
    const again = await data(`query($id: ID!) { node(id: $id) { __typename ... on Metric { code kind } } target(code: "jobs-created") { metricInfo { code additivity } }
      indicatorObservations(first: 1, filterBy: { metric: "jobs_created", regionCode: "150200" }) { nodes { metricInfo { id } region { code level } } } }`, { id: one.id });
    expect(again.node).toEqual({ __typename: "Metric", code: "jobs_created", kind: "FLOW" });
    expect(again.target.metricInfo).toEqual({ code: "jobs_created", additivity: "ADDITIVE" });
    expect(again.indicatorObservations.nodes[0].metricInfo.id).toBe(one.id);
    expect(again.indicatorObservations.nodes[0].region.level).toBe("LEAGUE");

    const missing = await server.gql(`{ metric(code: "no_such_metric") { code } }`);
    expect([missing.data?.metric, codeOf(missing)]).toEqual([null, "NOT_FOUND"]);
    const malformed = await server.gql(`{ metric(code: "Jobs Created") { code } }`);
    expect([codeOf(malformed), malformed.errors![0]!.extensions!.argumentName]).toEqual(["BAD_USER_INPUT", "code"]);
    expect((await data(`{ metric(code: "park_free_space_share") { unit kind additivity } }`)).metric).toEqual({ unit: "PERCENT", kind: "STOCK", additivity: "NOT_ADDITIVE" });
  });
});

describe("the region-wide series", () => {
  it("of an additive metric is the sum of the 12 leagues per period, equal to the leagues' own answers and to the database", async () => {
    expect(leagues).toHaveLength(12);
    for (const metric of ["supported_entrepreneurs", "jobs_created"]) {
      const region = await allObservations(`filterBy: { metric: "${metric}", regionCode: "150000" }`);
      // Each league's series as the API answers it, summed per period.
      const perPeriod = new Map<string, string[]>();
      for (const league of leagues) {
        for (const o of await allObservations(`filterBy: { metric: "${metric}", regionCode: "${league}" }`)) {
          expect(o.method).toBe("REPORTED");
          perPeriod.set(o.period, [...(perPeriod.get(o.period) ?? []), o.value]);
        }
      }
      const fromDatabase = await rows<{ period: string; total: string; n: number }>(
        server.database,
        sql`select o.period, cast(sum(o.value) as text) as total, cast(count(*) as integer) as n from indicator_observations o join regions r on r.code = o.region_code and r.level = 'LEAGUE'
            where o.metric = ${metric} group by o.period order by max(o.period_end)`,
      );
      expect(fromDatabase).toHaveLength(16);
      expect(region.map((o) => [o.period, o.value])).toEqual(fromDatabase.map((r) => [r.period, r.total]));
      expect(region.map((o) => [o.period, o.value])).toEqual([...perPeriod].map(([period, values]) => [period, sum(values)]));
      for (const o of region) {
        expect(o, `${metric} ${o.period}`).toMatchObject({ metric, regionCode: "150000", method: "SUM_OF_LEAGUES", partsSummed: 12, partsExpected: 12, complete: true, provenance: "SAMPLE" });
      }
    }
  });

  it("keeps a reported region-wide figure as reported (yearly funding) and leaves out metrics nobody reported", async () => {
    const region = await allObservations(`filterBy: { regionCode: "150000" }`);
    const reported = await rows<{ metric: string; period: string; value: string }>(
      server.database,
      sql`select metric, period, cast(value as text) as value from indicator_observations where region_code = '150000' order by metric, period_end`,
    );
    expect(reported.length).toBeGreaterThan(0);
    expect(region.filter((o) => o.method === "REPORTED").map((o) => [o.metric, o.period, o.value])).toEqual(reported.map((r) => [r.metric, r.period, r.value]));
    expect(region.filter((o) => o.method === "REPORTED").every((o) => o.partsSummed === null && o.partsExpected === null && o.complete)).toBe(true);
    // Only the metrics with league figures are summed: every region-wide figure is reported or a sum of leagues.
    expect(new Set(region.map((o) => o.method))).toEqual(new Set(["REPORTED", "SUM_OF_LEAGUES"]));
    const total = await data(`{ all: indicatorObservations(first: 1) { totalCount } reported: indicatorObservations(first: 1, filterBy: { method: REPORTED }) { totalCount } }`);
    const [count] = await rows<{ n: number }>(server.database, sql`select cast(count(*) as integer) as n from indicator_observations`);
    expect(total.reported.totalCount).toBe(count!.n);
    expect(total.all.totalCount).toBe(count!.n + region.filter((o) => o.method === "SUM_OF_LEAGUES").length);
  });

  it("is what target progress counts", async () => {
    const d = await data(`{ target(code: "supported-entrepreneurs") { progress { currentValue series { period value cumulativeValue } } } }`);
    const region = await allObservations(`filterBy: { metric: "supported_entrepreneurs", regionCode: "150000" }`);
    expect(d.target.progress.series.map((p: any) => [p.period, p.value])).toEqual(region.map((o) => [o.period, o.value]));
    expect(d.target.progress.currentValue).toBe(sum(region.map((o) => o.value)));
  });
});

describe("startPeriod, endPeriod and lastN", () => {
  const periods = (nodes: any[]) => nodes.map((o) => o.period);

  it("select whole periods as SDMX does: starting on or after startPeriod's start, ending on or before endPeriod's end", async () => {
    const expected = await rows<{ period: string }>(
      server.database,
      sql`select period from indicator_observations where metric = 'jobs_created' and region_code = '150100' and period_start >= '2023-04-01' and period_end <= '2024-12-31' order by period_end`,
    );
    const league = await allObservations(`filterBy: { metric: "jobs_created", regionCode: "150100" }, startPeriod: "2023-Q2", endPeriod: "2024"`);
    expect(periods(league)).toEqual(expected.map((r) => r.period));
    expect(periods(league)).toEqual(["2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]);
    // The derived region-wide series is cut the same way.
    const region = await allObservations(`filterBy: { metric: "jobs_created", regionCode: "150000" }, startPeriod: "2023", endPeriod: "2023"`);
    expect(periods(region)).toEqual(["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]);
    // A year lies inside a quarter's bounds only if it starts and ends within them.
    const yearly = (args: string) => allObservations(`filterBy: { metric: "annual_incubation_award_funding" }, ${args}`).then(periods);
    expect(await yearly(`startPeriod: "2023-Q2"`)).toEqual(["2024", "2025"]);
    expect(await yearly(`endPeriod: "2023-Q4"`)).toEqual(["2022", "2023"]);
    expect(await yearly(`startPeriod: "2023", endPeriod: "2023"`)).toEqual(["2023"]);
    expect(await yearly(`startPeriod: "2023-Q1", endPeriod: "2023-Q3"`)).toEqual([]);
  });

  it("lastN keeps the latest n periods of every series (metric × region), after the other conditions, and pages with keyset cursors", async () => {
    const [n] = await rows<{ n: number }>(server.database, sql`select cast(count(distinct region_code) as integer) as n from indicator_observations where metric = 'jobs_created'`);
    const series = n!.n + 1; // the leagues' and the derived region-wide one
    const latest = await rows<{ region_code: string; period: string }>(
      server.database,
      sql`select region_code, period from (select region_code, period, period_end, row_number() over (partition by region_code order by period_end desc) as rn
            from indicator_observations where metric = 'jobs_created') x where rn <= 3 order by region_code, period_end`,
    );
    const regionLatest = await rows<{ period: string }>(
      server.database,
      sql`select period from (select distinct period, period_end from indicator_observations where metric = 'jobs_created') x order by period_end desc limit 3`,
    );
    const expected = [
      ...latest.map((r) => `${r.region_code}/${r.period}`),
      ...regionLatest.reverse().map((r) => `150000/${r.period}`),
    ].sort((a, b) => a.localeCompare(b));
    expect(expected).toHaveLength(series * 3);

    // Page by page, 7 at a time, forwards and then backwards.
    const key = (o: any) => `${o.regionCode}/${o.period}`;
    const forward: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const d: any = await data(`query($after: String) { indicatorObservations(filterBy: { metric: "jobs_created" }, lastN: 3, first: 7, after: $after) { totalCount nodes { regionCode period } pageInfo { hasNextPage endCursor } } }`, { after });
      total = d.indicatorObservations.totalCount;
      forward.push(...d.indicatorObservations.nodes.map(key));
      if (!d.indicatorObservations.pageInfo.hasNextPage) break;
      after = d.indicatorObservations.pageInfo.endCursor;
    }
    expect(forward).toEqual(expected);
    expect(total).toBe(series * 3);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const d: any = await data(`query($before: String) { indicatorObservations(filterBy: { metric: "jobs_created" }, lastN: 3, last: 7, before: $before) { nodes { regionCode period } pageInfo { hasPreviousPage startCursor } } }`, { before });
      backward.unshift(...d.indicatorObservations.nodes.map(key));
      if (!d.indicatorObservations.pageInfo.hasPreviousPage) break;
      before = d.indicatorObservations.pageInfo.startCursor;
    }
    expect(backward).toEqual(expected);

    // After the period conditions: the last two quarters of 2023 in every series.
    const cut = await allObservations(`filterBy: { metric: "jobs_created" }, endPeriod: "2023", lastN: 2`);
    expect(cut).toHaveLength(series * 2);
    expect(new Set(periods(cut))).toEqual(new Set(["2023-Q3", "2023-Q4"]));
    // One series: the latest figure alone.
    const one = await allObservations(`filterBy: { metric: "annual_incubation_award_funding", regionCode: "150000" }, lastN: 1`);
    expect(periods(one)).toEqual(["2025"]);
  });

  it("a malformed period, a start after the end, or lastN out of range is BAD_USER_INPUT naming the argument", async () => {
    const refused = async (args: string, argumentName: string) => {
      const res = await server.gql(`{ indicatorObservations(first: 1, ${args}) { totalCount } }`);
      expect(res.data?.indicatorObservations ?? null, args).toBeNull();
      expect(codeOf(res), args).toBe("BAD_USER_INPUT");
      expect(res.errors![0]!.extensions!.argumentName, args).toBe(argumentName);
      return res.errors![0]!.message;
    };
    for (const bad of ["2023-Q5", "2023-Q0", "2023Q1", "2023-q1", "23", "2023-1", "2023-01", "2023-01-01", "0000", "", " 2023", "2023 ", "２０２３", "2023-Q1-Q2", "-2023", "x".repeat(500)]) {
      expect(await refused(`startPeriod: ${JSON.stringify(bad)}`, "startPeriod")).toContain("`2023-Q2`");
      await refused(`endPeriod: ${JSON.stringify(bad)}`, "endPeriod");
    }
    expect(await refused(`startPeriod: "2024", endPeriod: "2023-Q4"`, "startPeriod")).toContain("begins after");
    await refused(`startPeriod: "2023-Q3", endPeriod: "2023-Q2"`, "startPeriod");
    await refused(`startPeriod: "2023-Q2", endPeriod: "2022"`, "startPeriod");
    for (const n of [0, -1, 401]) await refused(`lastN: ${n}`, "lastN");
    // The edges are fine.
    for (const args of [`startPeriod: "2023-Q4", endPeriod: "2023-Q4"`, `lastN: 400`, `lastN: 1`, `startPeriod: "9999-Q4"`]) {
      expect((await server.gql(`{ indicatorObservations(first: 1, ${args}) { totalCount } }`)).errors, args).toBeUndefined();
    }
  });
});

describe("the target-progress-series and metrics datasets", () => {
  it("give, for every target and period, the series of Target.progress with its path and whether it is on track; with their Table Schemas", async () => {
    const result = await runExport(server.database, { dir, trigger: "MANUAL" });
    expect(result.status).toBe("SUCCEEDED");
    const get = async (file: string) => {
      const res = await fetch(`${server.url}/exports/latest/${file}`);
      expect(res.status, file).toBe(200);
      return res.text();
    };
    const json = JSON.parse(await get("target-progress-series.json")).data as any[];
    const csv: Record<string, string>[] = parse(await get("target-progress-series.csv"), { columns: true });
    expect(csv).toHaveLength(json.length);

    const d = await data(`{ targets(first: 100) { nodes { code value progress { onTrack provenance series { period periodEnd value cumulativeValue targetPath onTrack } } } } }`);
    const targets: any[] = d.targets.nodes;
    expect(json).toHaveLength(targets.reduce((n, t) => n + t.progress.series.length, 0));
    for (const t of targets) {
      const mine = json.filter((r) => r.target_code === t.code);
      expect(
        mine.map((r) => ({ period: r.period, periodEnd: r.period_end, value: r.value, cumulativeValue: r.cumulative_value, targetPath: r.target_path, onTrack: r.on_track })),
        t.code,
      ).toEqual(t.progress.series);
      for (const r of mine) expect([r.target_value, r.provenance], t.code).toEqual([t.value, t.progress.provenance]);
      expect(t.progress.onTrack, t.code).toBe(t.progress.series.at(-1)?.onTrack ?? null);
    }
    const csvRow = csv.find((r) => r.target_code === "supported-entrepreneurs" && r.period === "2022-Q1")!;
    const jsonRow = json.find((r) => r.target_code === "supported-entrepreneurs" && r.period === "2022-Q1")!;
    expect(csvRow).toEqual({ ...Object.fromEntries(Object.entries(jsonRow).map(([k, v]) => [k, v === null ? "" : String(v)])) });

    // The path of a target due in 2025, counted from 0 at the end of 2021: 90 of 1,461 days at the end of 2022-Q1.
    const supported = targets.find((t) => t.code === "supported-entrepreneurs").progress.series;
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    for (const p of supported) {
      const path = ((120_000 * (day(p.periodEnd) - day("2021-12-31"))) / (day("2025-12-31") - day("2021-12-31"))).toFixed(2);
      expect([p.targetPath, p.onTrack], p.period).toEqual([path, Number(p.cumulativeValue) >= Number(path)]);
    }
    expect(supported[0].targetPath).toBe("7392.20");
    // A yearly target's path is the target itself; a per-league count has none.
    const funding = targets.find((t) => t.code === "annual-incubation-award-funding").progress.series;
    expect(funding.map((p: any) => [p.targetPath, p.onTrack])).toEqual(funding.map((p: any) => ["60000000", Number(p.value) >= 60_000_000]));
    expect(targets.find((t) => t.code === "league-regional-brands").progress.series.every((p: any) => p.targetPath === null && p.onTrack === null)).toBe(true);

    // The Table Schemas, and the files read back through them (the Frictionless library, strict).
    const descriptor = JSON.parse(await get("datapackage.json"));
    const resource = (name: string) => descriptor.resources.find((r: any) => r.name === name);
    expect(resource("target-progress-series").schema.fields.map((f: any) => [f.name, f.type])).toEqual([
      ["target_code", "string"],
      ["period", "string"],
      ["period_end", "date"],
      ["value", "number"],
      ["cumulative_value", "number"],
      ["target_value", "number"],
      ["target_path", "number"],
      ["on_track", "boolean"],
      ["provenance", "string"],
    ]);
    expect(resource("target-progress-series").schema.primaryKey).toEqual(["target_code", "period"]);
    expect(resource("metrics").schema.primaryKey).toEqual(["code"]);
    const { Package } = await import("datapackage");
    const pkg = await Package.load(join(dir, result.snapshotId!, "datapackage.json"), { basePath: join(dir, result.snapshotId!), strict: true });
    expect(pkg.valid).toBe(true);
    for (const name of ["target-progress-series", "metrics"]) {
      const read = await pkg.getResource(name).read({ keyed: true, cast: true });
      expect(read.length, name).toBe(resource(name).rows);
    }

    // The metrics dataset is the API's metrics.
    const metrics: any[] = JSON.parse(await get("metrics.json")).data;
    const api = (await data(`{ metrics(first: 100) { nodes { code name nameEn unit kind additivity additivityNote additivityNoteEn frequency description descriptionEn } } }`)).metrics.nodes;
    expect(
      metrics.map((m) => ({ code: m.code, name: m.name, nameEn: m.name_en, unit: m.unit, kind: m.kind, additivity: m.additivity, additivityNote: m.additivity_note, additivityNoteEn: m.additivity_note_en, frequency: m.frequency, description: m.description, descriptionEn: m.description_en })),
    ).toEqual(api);
  });
});

// These change the database: they come last.
describe("sums when parts are missing, reported or not additive", () => {
  const files = mkdtempSync(join(tmpdir(), "chuangye-series-import-"));
  let n = 0;
  const importLines = async (lines: string[]) => {
    const path = join(files, `obs-${++n}.csv`);
    writeFileSync(path, ["metric,region_code,period,value", ...lines].join("\n"));
    const report = await importFile(server.database, "indicator-observations", path);
    expect(report.errors).toEqual([]);
    expect(report.committed).toBe(true);
    // The server learns the import's data version by LISTEN/NOTIFY; until then its response
    // cache may answer a repeated query from the version before.
    const version = await readDataVersion(server.database.db);
    for (let i = 0; i < 400 && knownDataVersion(server.database.api) !== version; i++) await new Promise((r) => setTimeout(r, 25));
    expect(knownDataVersion(server.database.api)).toBe(version);
  };
  const at = async (regionCode: string, metric = "jobs_created", period = "2023-Q1") =>
    (await allObservations(`filterBy: { metric: "${metric}", regionCode: "${regionCode}" }, startPeriod: "${period}", endPeriod: "${period}"`))[0] ?? null;

  it("a league without its own figure gets its counties' sum; a missing county makes the sum — and the region's — say it is incomplete; reported figures win", async () => {
    const counties = (await rows<{ code: string }>(server.database, sql`select code from regions where parent_code = '150100' order by code`)).map((r) => r.code);
    expect(counties.length).toBeGreaterThan(3);
    // Official figures replace the sample (an import removes its sample rows): every league's for
    // 2023-Q2, every league's but 150100's for 2023-Q1, and 150100's counties but the last.
    const values = counties.map((_, i) => String(100 + i));
    await importLines([
      ...leagues.map((l, i) => `jobs_created,${l},2023-Q2,${2000 + i}`),
      ...leagues.filter((l) => l !== "150100").map((l, i) => `jobs_created,${l},2023-Q1,${1000 + i}`),
      ...counties.slice(0, -1).map((c, i) => `jobs_created,${c},2023-Q1,${values[i]}`),
    ]);
    const others = async () =>
      (await rows<{ total: string }>(server.database, sql`select cast(sum(value) as text) as total from indicator_observations where metric = 'jobs_created' and period = '2023-Q1' and region_code in (select code from regions where level = 'LEAGUE') and region_code <> '150100'`))[0]!.total;

    const partial = sum(values.slice(0, -1));
    expect(await at("150100")).toMatchObject({ regionCode: "150100", method: "SUM_OF_COUNTIES", value: partial, partsSummed: counties.length - 1, partsExpected: counties.length, complete: false, provenance: "SOURCE" });
    expect(await at("150000")).toMatchObject({ method: "SUM_OF_LEAGUES", value: sum([await others(), partial]), partsSummed: 12, partsExpected: 12, complete: false, provenance: "SOURCE" });
    // Other quarters are untouched, and only the reported figures when asked for them.
    expect(await at("150000", "jobs_created", "2023-Q2")).toMatchObject({ value: sum(leagues.map((_, i) => String(2000 + i))), complete: true });
    expect((await data(`{ indicatorObservations(first: 100, filterBy: { metric: "jobs_created", regionCode: "150100", method: REPORTED }) { nodes { period } } }`)).indicatorObservations.nodes).toEqual([{ period: "2023-Q2" }]);

    // The last county completes both.
    await importLines([`jobs_created,${counties.at(-1)},2023-Q1,${values.at(-1)}`]);
    expect(await at("150100")).toMatchObject({ method: "SUM_OF_COUNTIES", value: sum(values), partsSummed: counties.length, complete: true });
    expect(await at("150000")).toMatchObject({ method: "SUM_OF_LEAGUES", value: sum([await others(), sum(values)]), complete: true });

    // A reported league figure wins over its counties' sum, a reported region-wide one over the leagues'.
    await importLines(["jobs_created,150100,2023-Q1,5000"]);
    expect(await at("150100")).toMatchObject({ method: "REPORTED", value: "5000", partsSummed: null, complete: true });
    expect(await at("150000")).toMatchObject({ method: "SUM_OF_LEAGUES", value: sum([await others(), "5000"]) });
    await importLines(["jobs_created,150000,2023-Q1,77777"]);
    expect(await at("150000")).toMatchObject({ method: "REPORTED", value: "77777", provenance: "SOURCE" });
    // The counties' own figures are still there, as reported.
    expect(await at(counties[0]!)).toMatchObject({ method: "REPORTED", value: values[0] });
  });

  it("a metric that does not add up gets no league or region-wide sum, and its metadata says why", async () => {
    await importLines(leagues.map((l, i) => `park_free_space_share,${l},2024,${30 + i}`));
    await importLines(["park_free_space_share,150102,2023,35", "park_free_space_share,150103,2023,40"]);
    const d = await data(`{
      region: indicatorObservations(first: 10, filterBy: { metric: "park_free_space_share", regionCode: "150000" }) { totalCount }
      league: indicatorObservations(first: 10, filterBy: { metric: "park_free_space_share", regionCode: "150100" }) { totalCount nodes { period method } }
      all: indicatorObservations(first: 100, filterBy: { metric: "park_free_space_share" }) { totalCount nodes { method } }
      metric(code: "park_free_space_share") { additivity additivityNote additivityNoteEn }
    }`);
    expect(d.region.totalCount).toBe(0);
    // 150100's own 2024 figure, and no 2023 sum of its two counties.
    expect(d.league.nodes).toEqual([{ period: "2024", method: "REPORTED" }]);
    expect(d.all.totalCount).toBe(14);
    expect(d.all.nodes.every((o: any) => o.method === "REPORTED")).toBe(true);
    expect(d.metric.additivity).toBe("NOT_ADDITIVE");
    expect(d.metric.additivityNoteEn).toContain("do not add up");
  });
});
