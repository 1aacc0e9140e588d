// Reported figures keep every vintage; indicatorObservations and target progress answer as of an instant.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { datasetByName } from "../src/exports/catalogue.js";
import { writeDataset } from "../src/exports/run.js";
import { importFile } from "../src/imports/run.js";
import { publishDataVersion } from "../src/services/refresh.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "chuangye-revisions-"));
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, ["metric,region_code,period,value", ...lines].join("\n") + "\n");
  return path;
}

const JOBS = `query($asOf: DateTime) {
  indicatorObservations(first: 100, filterBy: { metric: "jobs_created", method: REPORTED }, asOf: $asOf) {
    totalCount
    nodes { regionCode period value provenance recordedAt previousValue revisions { value provenance recordedAt supersededAt } }
  }
  regionWide: indicatorObservations(first: 10, filterBy: { metric: "jobs_created", regionCode: "150000" }, startPeriod: "2022-Q1", endPeriod: "2022-Q1", asOf: $asOf) {
    nodes { period value method recordedAt revisions { value } }
  }
  target(code: "jobs-created") { progress(asOf: $asOf) { currentValue share met provenance revisionsKept series { period value cumulativeValue } } }
  loans: target(code: "guarantee-loans-issued") { progress(asOf: $asOf) { currentValue revisionsKept source } }
}`;

const minus1ms = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();
const revisionCount = async () => Number((await rows<{ n: number | string }>(server.database, sql`select count(*) as n from indicator_observation_revisions`))[0]!.n);

describe("revisions and as-of", () => {
  it("an import that revises a figure keeps the old one; asOf before and after answers with each, and progress follows", async () => {
    // The sample, as the service publishes it before any import.
    const [sample] = await rows<{ value: string; n: number | string; total: string; q1: string }>(
      server.database,
      sql`select (select cast(value as text) from indicator_observations where metric = 'jobs_created' and region_code = '150100' and period = '2022-Q1') as value,
                 count(*) as n, cast(sum(value) as text) as total,
                 (select cast(sum(value) as text) from indicator_observations where metric = 'jobs_created' and period = '2022-Q1') as q1
          from indicator_observations where metric = 'jobs_created' and period >= '2022'`,
    );
    const samples = await rows<{ k: string; value: string }>(
      server.database,
      sql`select region_code || '/' || period as k, cast(value as text) as value from indicator_observations
          where metric = 'jobs_created' and (region_code, period) in (('150100', '2022-Q2'), ('150200', '2022-Q1'))`,
    );
    const sampleOf = (k: string) => samples.find((s) => s.k === k)!.value;
    const before = await server.gql(JOBS);
    expect(before.errors).toBeUndefined();
    expect(before.data.target.progress.currentValue).toBe(sample!.total);
    const sampleRecordedAt = before.data.indicatorObservations.nodes[0].recordedAt;
    expect(before.data.indicatorObservations.nodes[0].revisions).toEqual([{ value: before.data.indicatorObservations.nodes[0].value, provenance: "SAMPLE", recordedAt: sampleRecordedAt, supersededAt: null }]);
    expect(before.data.indicatorObservations.nodes[0].previousValue).toBeNull();

    const first = await importFile(server.database, "indicator-observations", file("jobs-1.csv", ["jobs_created,150100,2022-Q1,100", "jobs_created,150100,2022-Q2,200", "jobs_created,150200,2022-Q1,50"]));
    expect(first).toMatchObject({ committed: true, inserted: 3, errorCount: 0 });
    const second = await importFile(server.database, "indicator-observations", file("jobs-2.csv", ["jobs_created,150100,2022-Q1,120", "jobs_created,150100,2022-Q2,200", "jobs_created,150200,2022-Q1,50"]));
    expect(second).toMatchObject({ committed: true, errorCount: 0 });

    // Now: the revised figure, with the one it replaced and the whole history.
    const now = await server.gql(JOBS);
    expect(now.errors).toBeUndefined();
    const obs = now.data.indicatorObservations;
    expect(obs.totalCount).toBe(3);
    expect(obs.nodes.map((n: any) => [n.regionCode, n.period, n.value, n.provenance, n.previousValue])).toEqual([
      ["150100", "2022-Q1", "120", "SOURCE", "100"],
      ["150100", "2022-Q2", "200", "SOURCE", sampleOf("150100/2022-Q2")],
      ["150200", "2022-Q1", "50", "SOURCE", sampleOf("150200/2022-Q1")],
    ]);
    const revised = obs.nodes[0];
    const [t1, t2] = [revised.revisions[1].recordedAt, revised.revisions[2].recordedAt];
    expect(revised.revisions).toEqual([
      { value: sample!.value, provenance: "SAMPLE", recordedAt: sampleRecordedAt, supersededAt: t1 },
      { value: "100", provenance: "SOURCE", recordedAt: t1, supersededAt: t2 },
      { value: "120", provenance: "SOURCE", recordedAt: t2, supersededAt: null },
    ]);
    expect(revised.recordedAt).toBe(t2);
    expect(Date.parse(sampleRecordedAt)).toBeLessThan(Date.parse(t1));
    expect(Date.parse(t1)).toBeLessThan(Date.parse(t2));
    // Unchanged by the second import: still the vintage of the first.
    expect(obs.nodes[1].recordedAt).toBe(t1);
    expect(obs.nodes[1].revisions.map((r: any) => [r.value, r.provenance, r.supersededAt])).toEqual([
      [sampleOf("150100/2022-Q2"), "SAMPLE", t1],
      ["200", "SOURCE", null],
    ]);
    expect(now.data.target.progress).toEqual({
      currentValue: "370",
      share: "0.0011",
      met: false,
      provenance: "SOURCE",
      revisionsKept: true,
      series: [
        { period: "2022-Q1", value: "170", cumulativeValue: "170" },
        { period: "2022-Q2", value: "200", cumulativeValue: "370" },
      ],
    });

    // As of the instant the revision was recorded: the revised figure; a millisecond earlier, the first.
    const atT2 = await server.gql(JOBS, { asOf: t2 });
    expect(atT2.data).toEqual(now.data);
    const beforeT2 = await server.gql(JOBS, { asOf: minus1ms(t2) });
    expect(beforeT2.errors).toBeUndefined();
    expect(beforeT2.data.indicatorObservations.nodes.map((n: any) => [n.regionCode, n.period, n.value, n.previousValue, n.recordedAt])).toEqual([
      ["150100", "2022-Q1", "100", sample!.value, t1],
      ["150100", "2022-Q2", "200", sampleOf("150100/2022-Q2"), t1],
      ["150200", "2022-Q1", "50", sampleOf("150200/2022-Q1"), t1],
    ]);
    // The history as known then: the later revision is not in it.
    // The region-wide figure is derived (the sum of the leagues) from the figures as they stood: it follows the revision too.
    expect(now.data.regionWide.nodes).toEqual([{ period: "2022-Q1", value: "170", method: "SUM_OF_LEAGUES", recordedAt: null, revisions: [] }]);
    expect(beforeT2.data.regionWide.nodes).toEqual([{ period: "2022-Q1", value: "150", method: "SUM_OF_LEAGUES", recordedAt: null, revisions: [] }]);
    expect(beforeT2.data.indicatorObservations.nodes[0].revisions).toEqual([
      { value: sample!.value, provenance: "SAMPLE", recordedAt: sampleRecordedAt, supersededAt: t1 },
      { value: "100", provenance: "SOURCE", recordedAt: t1, supersededAt: null },
    ]);
    expect(beforeT2.data.target.progress).toEqual({
      currentValue: "350",
      share: "0.0010",
      met: false,
      provenance: "SOURCE",
      revisionsKept: true,
      series: [
        { period: "2022-Q1", value: "150", cumulativeValue: "150" },
        { period: "2022-Q2", value: "200", cumulativeValue: "350" },
      ],
    });

    // Before the first import: the sample, exactly as it was published.
    const beforeT1 = await server.gql(JOBS, { asOf: minus1ms(t1) });
    expect(beforeT1.data.indicatorObservations.totalCount).toBe(before.data.indicatorObservations.totalCount);
    expect(beforeT1.data.indicatorObservations.nodes).toEqual(before.data.indicatorObservations.nodes);
    expect(beforeT1.data.target.progress).toEqual({ ...before.data.target.progress, revisionsKept: true });
    expect(beforeT1.data.target.progress.currentValue).toBe(sample!.total);
    expect(beforeT1.data.target.progress.series[0]).toEqual({ period: "2022-Q1", value: sample!.q1, cumulativeValue: sample!.q1 });
    expect(beforeT1.data.target.progress.provenance).toBe("SAMPLE");

    // Before anything was recorded: no figures, and no progress from them.
    const distant = await server.gql(JOBS, { asOf: "2001-01-01T00:00:00Z" });
    expect(distant.errors).toBeUndefined();
    expect(distant.data.indicatorObservations).toEqual({ totalCount: 0, nodes: [] });
    expect(distant.data.target.progress).toMatchObject({ currentValue: null, share: null, met: false, series: [], revisionsKept: true });

    // Loans keep no revisions: said so, and answered from the current data whatever asOf says.
    expect(distant.data.loans.progress).toEqual({ ...now.data.loans.progress, revisionsKept: false });
    expect(now.data.loans.progress.revisionsKept).toBe(false);
  });

  it("repeating an import adds no revision and changes no answer", async () => {
    const path = file("jobs-3.csv", ["jobs_created,150100,2022-Q1,120", "jobs_created,150100,2022-Q2,200.0", "jobs_created,150200,2022-Q1,50"]);
    const count = await revisionCount();
    const answer = await server.gql(JOBS);
    for (let i = 0; i < 2; i++) {
      const again = await importFile(server.database, "indicator-observations", path);
      expect(again).toMatchObject({ committed: true, errorCount: 0 });
      expect(await revisionCount()).toBe(count);
    }
    const after = await server.gql(JOBS);
    expect(after.data).toEqual(answer.data);
    // 200.0 is the same figure as 200: the text first published stays.
    expect(after.data.indicatorObservations.nodes[1]).toMatchObject({ period: "2022-Q2", value: "200" });
  });

  it("the exports: indicator-observations the current figures, indicator-observation-revisions every vintage as the API shows it", async () => {
    const api = (await server.gql(JOBS)).data.indicatorObservations.nodes;
    const csv = async (name: string) => {
      const result = await writeDataset(server.database.db, datasetByName(name)!, mkdtempSync(join(dir, `${name}-`)), "20261126T030000000Z", { formats: ["csv"], gzip: false });
      return parse(readFileSync(result.files.csv.path), { columns: true }) as Record<string, string>[];
    };
    const current = (await csv("indicator-observations")).filter((r) => r.metric === "jobs_created");
    expect(current.map((r) => [r.region_code, r.period, r.value, r.provenance])).toEqual(api.map((n: any) => [n.regionCode, n.period, n.value, n.provenance]));
    const vintages = (await csv("indicator-observation-revisions")).filter((r) => r.metric === "jobs_created" && r.region_code === "150100" && r.period === "2022-Q1");
    expect(vintages.map((r) => ({ value: r.value, provenance: r.provenance, recordedAt: r.recorded_at, supersededAt: r.superseded_at || null }))).toEqual(api[0].revisions);
    expect(vintages.map((r) => [r.period_start, r.period_end])).toEqual(vintages.map(() => ["2022-01-01", "2022-03-31"]));
  });

  it("whatever path writes: a figure rewritten within one transaction leaves only what was committed; delete and re-insert of the same figure adds nothing", async () => {
    const db = server.database.db;
    // Imported above (its sample vintage withdrawn by that import): 50.
    const key = sql`metric = 'jobs_created' and region_code = '150200' and period = '2022-Q1'`;
    const history = () => rows<{ value: string; open: boolean }>(server.database, sql`select cast(value as text) as value, superseded_at is null as open from indicator_observation_revisions where ${key} order by recorded_at`);
    const start = await history();
    expect(start.map((h) => h.open)).toEqual([false, true]);
    expect(start[1]!.value).toBe("50");
    const closed = start[0]!;
    // A re-seed deletes the sample and writes it anew, in one transaction.
    await db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table keep on commit drop as select * from indicator_observations where ${key}`);
      await tx.execute(sql`delete from indicator_observations where ${key}`);
      await tx.execute(sql`insert into indicator_observations select * from keep`);
    });
    expect(await history()).toEqual(start);
    // Two corrections in one transaction: one revision, the value committed.
    await db.transaction(async (tx) => {
      await tx.execute(sql`update indicator_observations set value = 7 where ${key}`);
      await tx.execute(sql`update indicator_observations set value = 8 where ${key}`);
    });
    expect(await history()).toEqual([closed, { value: "50", open: false }, { value: "8", open: true }]);
    // Changed and changed back in one transaction: nothing left of it.
    await db.transaction(async (tx) => {
      await tx.execute(sql`update indicator_observations set value = 9 where ${key}`);
      await tx.execute(sql`update indicator_observations set value = 8 where ${key}`);
    });
    expect(await history()).toEqual([closed, { value: "50", open: false }, { value: "8", open: true }]);
    // Removed: the vintage closes, and nothing is current.
    await db.execute(sql`delete from indicator_observations where ${key}`);
    expect(await history()).toEqual([closed, { value: "50", open: false }, { value: "8", open: false }]);
    // TRUNCATE (no row triggers) withdraws every current figure; emptied and refilled with the same in one transaction, nothing.
    const open = async () => Number((await rows<{ n: number | string }>(server.database, sql`select count(*) as n from indicator_observation_revisions where superseded_at is null`))[0]!.n);
    const current = Number((await rows<{ n: number | string }>(server.database, sql`select count(*) as n from indicator_observations`))[0]!.n);
    expect(current).toBeGreaterThan(0);
    expect(await open()).toBe(current);
    const total = await revisionCount();
    await db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table kept on commit drop as select * from indicator_observations`);
      await tx.execute(sql`truncate indicator_observations`);
      await tx.execute(sql`insert into indicator_observations select * from kept`);
    });
    expect([await revisionCount(), await open()]).toEqual([total, current]);
    await db.execute(sql`truncate indicator_observations`);
    expect([await revisionCount(), await open()]).toEqual([total, 0]);
  });

  it("asOf must be a past RFC 3339 date-time: anything else is BAD_USER_INPUT", async () => {
    const Q = `query($asOf: DateTime) { indicatorObservations(first: 1, asOf: $asOf) { totalCount } }`;
    const P = `query($asOf: DateTime) { target(code: "jobs-created") { progress(asOf: $asOf) { currentValue } } }`;
    for (const bad of ["yesterday", "2024-01-01", "2024-01-01T00:00:00", "2024-02-30T00:00:00Z", 1700000000000]) {
      for (const q of [Q, P]) {
        const res = await server.gql(q, { asOf: bad });
        expect(res.status, String(bad)).toBe(400);
        expect(res.errors![0]!.extensions!.code, String(bad)).toBe("BAD_USER_INPUT");
      }
    }
    const future = new Date(Date.now() + 3_600_000).toISOString();
    for (const q of [Q, P]) {
      const res = await server.gql(q, { asOf: future });
      expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      expect(res.errors![0]!.message).toContain("is in the future");
      expect(res.errors![0]!.extensions!.argumentName).toBe("asOf");
    }
    // Written into the document, a malformed date-time fails validation, as every bad literal does.
    const literal = await server.gql(`{ indicatorObservations(first: 1, asOf: "2024-13-01T00:00:00Z") { totalCount } }`);
    expect(literal.status).toBe(400);
    expect(literal.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    // Year 0 parses as a DateTime; it is simply before anything was recorded.
    const early = await server.gql(Q, { asOf: "0000-01-01T00:00:00Z" });
    expect(early.data.indicatorObservations.totalCount).toBe(0);
  });

  it("a corrected policy text keeps the one it replaced; asOf before the correction reads it, through parent and children too", async () => {
    const Q = `query($asOf: DateTime) {
      measure(code: "P1-M1", asOf: $asOf) { title body responsibilityText plan { code title } revisions { title body recordedAt supersededAt } }
      policySection(code: "P1", asOf: $asOf) { title children { code title } revisions { title } }
    }`;
    const before = await server.gql(Q);
    expect(before.errors).toBeUndefined();
    const original = before.data;
    expect(original.measure.revisions).toEqual([]);
    const count = async () => Number((await rows<{ n: number | string }>(server.database, sql`select count(*) as n from policy_section_revisions`))[0]!.n);
    // What the programme seed does when nothing changed: an upsert of the same text adds nothing.
    await server.database.db.execute(sql`update policy_sections set title = title, body = body, title_en = title_en`);
    expect(await count()).toBe(0);

    // A corrected transcription, as a re-run seed would write it (with a new data version).
    await server.database.db.execute(sql`update policy_sections set title = title || '（更正）', body = body || '（更正）' where code in ('P1', 'P1-M1')`);
    await publishDataVersion(server.database.db);
    expect(await count()).toBe(2);
    const now = await server.gql(Q);
    const t = now.data.measure.revisions[0]?.supersededAt;
    expect(now.data.measure).toEqual({
      title: `${original.measure.title}（更正）`,
      body: `${original.measure.body}（更正）`,
      responsibilityText: original.measure.responsibilityText,
      plan: { code: "P1", title: `${original.measure.plan.title}（更正）` },
      revisions: [{ title: original.measure.title, body: original.measure.body, recordedAt: null, supersededAt: t }],
    });
    expect(now.data.policySection.children[0]).toEqual({ code: "P1-M1", title: `${original.measure.title}（更正）` });
    expect(now.data.policySection.revisions).toEqual([{ title: original.policySection.title }]);

    // A millisecond before the correction: the text as it was, everywhere; at it, the corrected one.
    expect((await server.gql(Q, { asOf: minus1ms(t) })).data).toEqual(original);
    expect((await server.gql(Q, { asOf: t })).data).toEqual(now.data);
    const future = await server.gql(Q, { asOf: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });
});
