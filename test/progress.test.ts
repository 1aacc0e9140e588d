// Target progress and indicator series, checked against SQL over the same data.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const PROGRESS = `progress { currentValue share met asOf unitsMeeting unitsTotal source provenance method series { period periodEnd value cumulativeValue } }`;

describe("target progress", () => {
  it("guarantee loans: the cumulative amount lent since 2022 against 5,000,000,000 CNY, from the published (perturbed) quarters", async () => {
    const res = await server.gql(`{ target(code: "guarantee-loans-issued") { value plan { code } ${PROGRESS} }
      loanStatistics(groupBy: [QUARTER], first: 100) { nodes { year quarter totalAmount } } }`);
    expect(res.errors).toBeUndefined();
    const p = res.data.target.progress;
    expect(res.data.target.plan.code).toBe("P1");
    // Each quarter is the figure loanStatistics publishes for it: the same cell, the same value.
    expect(p.series.map((s: any) => [s.period, s.value])).toEqual(res.data.loanStatistics.nodes.map((n: any) => [`${n.year}-Q${n.quarter}`, n.totalAmount]));
    const sum = p.series.reduce((total: bigint, s: any) => total + BigInt(s.value.replace(".", "")), 0n);
    expect(BigInt(p.currentValue.replace(".", ""))).toBe(sum);
    // Within the method's bounds of the raw loans: half the largest loan of each quarter.
    const raw = await rows<{ total: string; max: string }>(
      server.database,
      sql`select cast(sum(amount) as text) as total, cast(max(amount) as text) as max from guarantee_loans where issued_on >= '2022-01-01' group by date_trunc('quarter', issued_on)`,
    );
    const exact = raw.reduce((t, r) => t + Number(r.total), 0);
    const bound = raw.reduce((t, r) => t + Number(r.max) / 2 + 0.5, 0);
    expect(Math.abs(Number(p.currentValue) - exact)).toBeLessThanOrEqual(bound);
    expect(p.share).toBe((Number(p.currentValue) / 5_000_000_000).toFixed(4));
    expect(p.met).toBe(Number(p.currentValue) >= 5_000_000_000);
    expect(p.source).toBe("GUARANTEE_LOANS");
    expect(p.provenance).toBe("SAMPLE");
    expect(p.series.at(-1).cumulativeValue).toBe(p.currentValue);
    expect(p.series[0].period).toBe("2022-Q1");
    expect(p.asOf).toBe(p.series.at(-1).periodEnd);
  });

  it("bases: counted from the incubator bases; a per-league norm: units meeting it", async () => {
    const res = await server.gql(`{
      bases: target(code: "national-incubation-bases") { ${PROGRESS} }
      spaces: target(code: "regional-maker-spaces") { ${PROGRESS} }
      brands: target(code: "league-regional-brands") { ${PROGRESS} }
    }`);
    const [nb] = await rows<{ n: number }>(server.database, sql`select count(*) as n from incubator_bases where kind = 'INCUBATION_BASE' and level = 'NATIONAL'`);
    expect(res.data.bases.progress).toMatchObject({ currentValue: String(nb!.n), met: Number(nb!.n) >= 8, source: "INCUBATOR_BASES" });
    const [rs] = await rows<{ n: number }>(server.database, sql`select count(*) as n from incubator_bases where kind = 'MAKER_SPACE' and level = 'AUTONOMOUS_REGION'`);
    expect(res.data.spaces.progress).toMatchObject({ currentValue: String(rs!.n), met: Number(rs!.n) >= 210, share: (Number(rs!.n) / 210).toFixed(4) });
    const leagues = await rows<{ n: number }>(server.database, sql`select count(distinct league_code) as n from demonstration_brands where kind = 'REGIONAL_BRAND'`);
    expect(res.data.brands.progress).toMatchObject({ unitsMeeting: Number(leagues[0]!.n), unitsTotal: 12, source: "DEMONSTRATION_BRANDS" });
  });

  it("flows add up quarterly reports; every target has a progress with its method", async () => {
    const res = await server.gql(`{ targets(first: 100) { nodes { code ${PROGRESS} } } }`);
    const nodes = res.data.targets.nodes;
    expect(nodes).toHaveLength(18);
    for (const n of nodes) expect(n.progress.method.length).toBeGreaterThan(10);
    const [raw] = await rows<{ total: string }>(server.database, sql`select cast(sum(value) as text) as total from indicator_observations where metric = 'supported_entrepreneurs'`);
    const supported = nodes.find((n: any) => n.code === "supported-entrepreneurs").progress;
    expect(supported.currentValue).toBe(raw!.total);
    expect(supported.series).toHaveLength(16);
    const counties = nodes.find((n: any) => n.code === "county-projects-collected").progress;
    expect(counties.unitsTotal).toBe(103);
  });

  it("reported figures are listed as a connection", async () => {
    const res = await server.gql(`{ indicatorObservations(first: 16, filterBy: { metric: "jobs_created", regionCode: "150100" }) { totalCount nodes { period periodStart periodEnd value provenance } } }`);
    expect(res.data.indicatorObservations.totalCount).toBe(16);
    expect(res.data.indicatorObservations.nodes[0]).toMatchObject({ period: "2022-Q1", periodStart: "2022-01-01", periodEnd: "2022-03-31", provenance: "SAMPLE" });
  });
});
