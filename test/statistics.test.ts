// Guarantee-loan statistics: figures within the method's promised bounds of the raw loans,
// complete tables, filters that match the tables, typed errors.
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

const FIELDS = `leagueCode countyCode year quarter borrowerType beneficiaryGroupCode bankCode disclosure loanCount totalAmount averageAmount jobsCreated suppressed suppressionReason provenance`;

/** Every row of a statistics query, page by page. */
async function statistics(groupBy: string[], filterBy: Record<string, unknown> = {}) {
  const all: any[] = [];
  let after: string | null = null;
  for (;;) {
    const res: any = await server.gql(
      `query($g: [LoanStatisticsDimension!]!, $f: LoanStatisticsFilter, $a: String) { loanStatistics(groupBy: $g, filterBy: $f, first: 100, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { ${FIELDS} } } }`,
      { g: groupBy, f: filterBy, a: after },
    );
    expect(res.errors).toBeUndefined();
    all.push(...res.data.loanStatistics.nodes);
    if (!res.data.loanStatistics.pageInfo.hasNextPage) return all;
    after = res.data.loanStatistics.pageInfo.endCursor;
  }
}

const cents = (decimal: string) => BigInt(decimal.replace(".", ""));

/** The method's promise for one published cell, checked against the raw loans behind it. */
function expectWithinPromise(cell: any, raw: { n: number; total: string; jobs: number; max: string }) {
  expect(cell.disclosure).toBe("PERTURBED");
  expect(cell.suppressed).toBe(false);
  expect(Math.abs(cell.loanCount - Number(raw.n))).toBeLessThanOrEqual(4);
  expect(cell.loanCount).toBeGreaterThanOrEqual(10);
  expect(Math.abs(cell.jobsCreated - Number(raw.jobs))).toBeLessThanOrEqual(4);
  const noise = cents(cell.totalAmount) - cents(raw.total);
  // Half the largest loan, plus half a yuan of rounding.
  expect(2n * (noise < 0n ? -noise : noise)).toBeLessThanOrEqual(cents(raw.max) + 100n);
  expect(cell.totalAmount).toMatch(/^\d+\.00$/);
  const average = cents(cell.totalAmount);
  expect(cents(cell.averageAmount)).toBe((average * 2n + BigInt(cell.loanCount)) / (2n * BigInt(cell.loanCount)));
}

describe("loan statistics", () => {
  it("the grand total is published within the method's bounds of the raw loans, and is not exact", async () => {
    const [raw] = await rows<{ n: number; total: string; jobs: number; max: string }>(
      server.database,
      sql`select count(*) as n, cast(sum(amount) as text) as total, sum(jobs_created) as jobs, cast(max(amount) as text) as max from guarantee_loans`,
    );
    const [row] = await statistics([]);
    expectWithinPromise(row, raw!);
    expect(row.provenance).toBe("SAMPLE");
    // The noise of the amount is a fraction of the largest loan: a real perturbation, not rounding.
    expect(row.totalAmount).not.toBe(raw!.total);
  });

  it("by league and year: every cell of the domain is listed, published cells are within bounds, small ones withheld", async () => {
    const raw = await rows<{ league: string; year: number; n: number; total: string; jobs: number; max: string }>(
      server.database,
      sql`select league_code as league, cast(extract(year from issued_on) as integer) as year, count(*) as n, cast(sum(amount) as text) as total,
                 sum(jobs_created) as jobs, cast(max(amount) as text) as max from guarantee_loans group by 1, 2`,
    );
    const api = await statistics(["REGION_LEAGUE", "YEAR"]);
    // 12 leagues × the programme's 4 years, whether they hold loans or not, in code order.
    expect(api).toHaveLength(12 * 4);
    expect(api.slice(0, 4).map((c) => [c.leagueCode, c.year])).toEqual([["150100", 2022], ["150100", 2023], ["150100", 2024], ["150100", 2025]]);
    for (const cell of api) {
      const r = raw.find((x) => x.league === cell.leagueCode && Number(x.year) === cell.year);
      if (!r || Number(r.n) < 10) expect(cell).toMatchObject({ disclosure: "WITHHELD", loanCount: null, totalAmount: null });
      else expectWithinPromise(cell, r);
    }
  });

  it("withholds every cell of fewer than 10 loans, and a cell with no loans looks exactly like one with a few", async () => {
    // A county × bank × group cell with 1–9 loans, and one with none, in the same county.
    const [small] = await rows<{ county: string; bank: string; grp: string; n: number }>(
      server.database,
      sql`select county_code as county, bank_code as bank, coalesce(beneficiary_group_code, 'NONE') as grp, count(*) as n from guarantee_loans
          group by 1, 2, 3 having count(*) between 1 and 9 order by 1, 2, 3 limit 1`,
    );
    expect(small, "the sample must contain a small cell for this test").toBeDefined();
    const table = await statistics(["BANK", "BENEFICIARY_GROUP"], { regionCode: small!.county });
    const present = await rows<{ bank: string; grp: string }>(
      server.database,
      sql`select distinct bank_code as bank, coalesce(beneficiary_group_code, 'NONE') as grp from guarantee_loans where county_code = ${small!.county}`,
    );
    const empty = table.find((c) => !present.some((p) => p.bank === c.bankCode && p.grp === c.beneficiaryGroupCode))!;
    const few = table.find((c) => c.bankCode === small!.bank && c.beneficiaryGroupCode === small!.grp)!;
    const strip = ({ bankCode: _b, beneficiaryGroupCode: _g, ...rest }: any) => rest;
    expect(strip(few)).toEqual(strip(empty));
    expect(few).toMatchObject({ disclosure: "WITHHELD", suppressed: true, suppressionReason: "PRIMARY", loanCount: null, totalAmount: null, averageAmount: null, jobsCreated: null });
    // The same cell asked for alone through filters is the same row.
    const [alone] = await statistics([], { regionCode: small!.county, bankCode: small!.bank, beneficiaryGroup: small!.grp });
    expect(strip(alone)).toEqual(strip(few));
  });

  it("`disclosure` filters published or withheld cells, and the two add up to the table", async () => {
    const all = await statistics(["REGION_LEAGUE", "BANK"]);
    const published = await statistics(["REGION_LEAGUE", "BANK"], { disclosure: "PERTURBED" });
    const withheld = await statistics(["REGION_LEAGUE", "BANK"], { disclosure: "WITHHELD" });
    expect(published.length + withheld.length).toBe(all.length);
    expect(published).toEqual(all.filter((c) => c.disclosure === "PERTURBED"));
    expect(withheld).toEqual(all.filter((c) => c.disclosure === "WITHHELD"));
    expect(published.length).toBeGreaterThan(0);
  });

  it("counties name their league, quarters their year, and a repeated query does not touch the loans", async () => {
    const counties = await statistics(["REGION_COUNTY"], { regionCode: "150100" });
    const { n } = (await rows<{ n: number }>(server.database, sql`select count(*) as n from regions where parent_code = '150100'`))[0]!;
    expect(counties).toHaveLength(Number(n));
    expect(counties.every((c) => c.leagueCode === "150100" && c.countyCode.startsWith("1501"))).toBe(true);
    const quarters = await statistics(["QUARTER"], { year: 2023 });
    expect(quarters.map((c) => [c.year, c.quarter])).toEqual([[2023, 1], [2023, 2], [2023, 3], [2023, 4]]);
    const q = `{ loanStatistics(groupBy: [BENEFICIARY_GROUP], filterBy: { regionCode: "150200" }, first: 20) { nodes { loanCount } } }`;
    await server.gql(q);
    const again = await server.gql(q);
    // No SQL at all: the answer is cached under the data version, which LISTEN/NOTIFY keeps current.
    expect(again.extensions!.cost!.sqlStatements).toBe(0);
  });

  it("pages through the largest table by cursor, forwards and backwards, with its whole domain counted", async () => {
    const q = `query($a: String, $b: String, $f: Int, $l: Int) { loanStatistics(groupBy: [REGION_COUNTY, QUARTER, BENEFICIARY_GROUP, BANK], first: $f, after: $a, last: $l, before: $b) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { countyCode year quarter beneficiaryGroupCode bankCode } } }`;
    const first = await server.gql(q, { f: 3 });
    const { counties, groups, banks } = (await rows<{ counties: number; groups: number; banks: number }>(
      server.database,
      sql`select (select count(*) from regions where level = 'COUNTY') as counties, (select count(*) + 1 from beneficiary_groups) as groups, (select count(*) from partner_banks) as banks`,
    ))[0]!;
    const total = Number(counties) * 16 * Number(groups) * Number(banks);
    expect(first.data.loanStatistics.totalCount).toBe(total);
    const second = await server.gql(q, { f: 3, a: first.data.loanStatistics.pageInfo.endCursor });
    const back = await server.gql(q, { l: 3, b: second.data.loanStatistics.pageInfo.startCursor });
    expect(back.data.loanStatistics.nodes).toEqual(first.data.loanStatistics.nodes);
    const last = await server.gql(q, { l: 1 });
    expect(last.data.loanStatistics.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.data.loanStatistics.nodes[0]).toMatchObject({ year: 2025, quarter: 4, beneficiaryGroupCode: "NONE" });
    // Cheap whatever the page: the cells are cached per data version, rows made on demand.
    const deep = await server.gql(q, { f: 100, a: last.data.loanStatistics.pageInfo.startCursor });
    expect(deep.data.loanStatistics.nodes).toEqual([]);
  });

  it("refuses bad input with typed errors", async () => {
    const tooMany = await server.gql(`{ loanStatistics(groupBy: [REGION_COUNTY, QUARTER, BANK, BORROWER_TYPE, BENEFICIARY_GROUP], first: 5) { totalCount } }`);
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "groupBy" });
    const group = await server.gql(`{ loanStatistics(groupBy: [], filterBy: { beneficiaryGroup: "ASTRONAUTS" }, first: 5) { totalCount } }`);
    expect(group.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const bank = await server.gql(`{ loanStatistics(groupBy: [], filterBy: { bankCode: "no-such-bank" }, first: 5) { totalCount } }`);
    expect(bank.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "filterBy.bankCode" });
    const year = await server.gql(`{ loanStatistics(groupBy: [], filterBy: { year: 1800 }, first: 5) { totalCount } }`);
    expect(year.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const dim = await server.gql(`{ loanStatistics(groupBy: [PLANET], first: 5) { totalCount } }`);
    expect(dim.status).toBe(400);
  });
});
