// Guarantee-loan statistics: exact against the raw loans, and suppression that holds.
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

const FIELDS = `leagueCode countyCode year quarter borrowerType beneficiaryGroupCode bankCode loanCount totalAmount averageAmount jobsCreated suppressed suppressionReason provenance`;

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

describe("loan statistics", () => {
  it("the grand total equals the raw loans, to the fen", async () => {
    const [raw] = await rows<{ n: number; total: string; jobs: number }>(server.database, sql`select count(*) as n, cast(sum(amount) as text) as total, sum(jobs_created) as jobs from guarantee_loans`);
    const [row] = await statistics([]);
    expect(row.loanCount).toBe(Number(raw!.n));
    expect(row.totalAmount).toBe(raw!.total);
    expect(row.jobsCreated).toBe(Number(raw!.jobs));
    expect(row.provenance).toBe("SAMPLE");
    // Average: total / count rounded half-up to the fen, from exact decimals.
    const cents = BigInt(raw!.total.replace(".", ""));
    const avg = (cents * 2n + BigInt(raw!.n)) / (2n * BigInt(raw!.n));
    expect(row.averageAmount).toBe(`${avg / 100n}.${String(avg % 100n).padStart(2, "0")}`);
  });

  it("by league and year, every published cell equals the raw loans", async () => {
    const raw = await rows<{ league: string; year: number; n: number; total: string }>(
      server.database,
      sql`select league_code as league, cast(extract(year from issued_on) as integer) as year, count(*) as n, cast(sum(amount) as text) as total from guarantee_loans group by 1, 2`,
    );
    const api = await statistics(["REGION_LEAGUE", "YEAR"]);
    expect(api).toHaveLength(raw.length);
    for (const cell of api) {
      const r = raw.find((x) => x.league === cell.leagueCode && Number(x.year) === cell.year)!;
      if (cell.suppressed) continue;
      expect([cell.loanCount, cell.totalAmount]).toEqual([Number(r.n), r.total]);
    }
  });

  it("withholds a cell of 1–9 loans, and it cannot be recovered from any published total", async () => {
    // Find, in the raw loans, a league × beneficiary-group cell with 1–9 loans.
    const small = await rows<{ league: string; grp: string; n: number }>(
      server.database,
      sql`select league_code as league, coalesce(beneficiary_group_code, 'NONE') as grp, count(*) as n from guarantee_loans group by 1, 2 having count(*) between 1 and 9 order by 1, 2 limit 1`,
    );
    expect(small.length, "the sample must contain a small cell for this test").toBe(1);
    const { league, grp } = small[0]!;

    // 1. In the two-way table the cell is withheld, as PRIMARY.
    const table = await statistics(["REGION_LEAGUE", "BENEFICIARY_GROUP"]);
    const cell = table.find((c) => c.leagueCode === league && c.beneficiaryGroupCode === grp)!;
    expect(cell).toMatchObject({ suppressed: true, suppressionReason: "PRIMARY", loanCount: null, totalAmount: null, averageAmount: null, jobsCreated: null });

    // 2. Filtering down to the cell shows it exactly as the table does: still withheld.
    const [filtered] = await statistics([], { regionCode: league, beneficiaryGroup: grp });
    expect(filtered).toMatchObject({ suppressed: true, loanCount: null });

    // 3. The league's total is published. Subtracting the league's published cells from it
    //    leaves the sum of at least two withheld cells, never the small cell alone.
    const [leagueTotal] = await statistics([], { regionCode: league });
    const byGroup = await statistics(["BENEFICIARY_GROUP"], { regionCode: league });
    const withheldInLeague = byGroup.filter((c) => c.suppressed);
    expect(withheldInLeague.length).toBeGreaterThanOrEqual(2);
    const visible = byGroup.filter((c) => !c.suppressed).reduce((s, c) => s + c.loanCount, 0);
    const remainder = leagueTotal.loanCount - visible;
    expect(remainder).toBeGreaterThan(Number(small[0]!.n));

    // 4. Same along the other line: the group's region-wide total over leagues.
    const byLeague = await statistics(["REGION_LEAGUE"], { beneficiaryGroup: grp });
    expect(byLeague.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);

    // 5. Each complementary cell stays withheld when asked for on its own, so it cannot be
    //    learnt separately and subtracted.
    for (const partner of withheldInLeague.filter((c) => c.beneficiaryGroupCode !== grp)) {
      const [alone] = await statistics([], { regionCode: league, beneficiaryGroup: partner.beneficiaryGroupCode });
      expect(alone.suppressed).toBe(true);
    }
  });

  it("no line of a published table has exactly one withheld cell among several", async () => {
    const table = await statistics(["REGION_LEAGUE", "BANK", "YEAR"], { borrowerType: "INDIVIDUAL" });
    expect(table.some((c) => c.suppressionReason === "PRIMARY")).toBe(true);
    const lines = new Map<string, { cells: number; withheld: number }>();
    for (const c of table) {
      for (const key of [`year|${c.leagueCode}|${c.bankCode}`, `bank|${c.leagueCode}|${c.year}`, `league|${c.bankCode}|${c.year}`]) {
        const line = lines.get(key) ?? { cells: 0, withheld: 0 };
        line.cells++;
        if (c.suppressed) line.withheld++;
        lines.set(key, line);
      }
    }
    // A one-cell line needs no partner: its total is the cell itself, withheld there too.
    expect([...lines.entries()].filter(([, l]) => l.withheld === 1 && l.cells > 1)).toEqual([]);
  });

  it("counties name their league, quarters their year, and a repeated query does not touch the loans", async () => {
    const counties = await statistics(["REGION_COUNTY"], { regionCode: "150100" });
    expect(counties.every((c) => c.leagueCode === "150100" && c.countyCode.startsWith("1501"))).toBe(true);
    const quarters = await statistics(["QUARTER"], { year: 2023 });
    expect(quarters.map((c) => [c.year, c.quarter])).toEqual([[2023, 1], [2023, 2], [2023, 3], [2023, 4]]);
    const q = `{ loanStatistics(groupBy: [BENEFICIARY_GROUP], filterBy: { regionCode: "150200" }, first: 20) { nodes { loanCount } } }`;
    await server.gql(q);
    const again = await server.gql(q);
    // No SQL at all: the answer is cached under the data version, which LISTEN/NOTIFY keeps current.
    expect(again.extensions!.cost!.sqlStatements).toBe(0);
  });

  it("refuses bad input with typed errors", async () => {
    const tooMany = await server.gql(`{ loanStatistics(groupBy: [REGION_COUNTY, QUARTER, BANK, BORROWER_TYPE, BENEFICIARY_GROUP], first: 5) { totalCount } }`);
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "groupBy" });
    const group = await server.gql(`{ loanStatistics(groupBy: [], filterBy: { beneficiaryGroup: "ASTRONAUTS" }, first: 5) { totalCount } }`);
    expect(group.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const year = await server.gql(`{ loanStatistics(groupBy: [], filterBy: { year: 1800 }, first: 5) { totalCount } }`);
    expect(year.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const dim = await server.gql(`{ loanStatistics(groupBy: [PLANET], first: 5) { totalCount } }`);
    expect(dim.status).toBe(400);
  });
});
