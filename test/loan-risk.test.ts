// Loan-level fields and risk measures for partners: what a loan carries (with its regions and
// group as objects), and overdue/default figures — a bank's over its own loans, a programme
// manager's over every bank's — exactly as SQL over guarantee_loans computes them.
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/services/partner.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
const keys: Record<string, string> = {};
let bankA = "";
let bankB = "";

beforeAll(async () => {
  server = await startTestServer();
  const banks = await rows<{ bank: string }>(server.database, sql`select bank_code as bank from guarantee_loans group by 1 order by count(*) desc, 1 limit 2`);
  [bankA, bankB] = banks.map((b) => b.bank) as [string, string];
  const db = server.database.db;
  keys.a = (await createClient(db, { id: "risk-bank-a", name: "Bank A risk", role: "BANK", bankCode: bankA })).key;
  keys.b = (await createClient(db, { id: "risk-bank-b", name: "Bank B risk", role: "BANK", bankCode: bankB })).key;
  keys.manager = (await createClient(db, { id: "risk-manager", name: "HRSS programme office", role: "PROGRAMME_MANAGER" })).key;
  keys.exportsOnly = (await createClient(db, { id: "risk-bank-a-exports", name: "Bank A exports", role: "BANK", bankCode: bankA, scopes: ["exports:bulk"] })).key;
});
afterAll(async () => {
  await server?.close();
});

const MEASURES = `loanCount totalAmount activeCount activeAmount overdueCount overdueAmount repaidCount repaidAmount defaultedCount defaultedAmount overdueRate defaultRate`;
const RISK = `query($f: LoanRiskFilter) { viewer { loanRisk(filterBy: $f) { ${MEASURES}
  byBank { bankCode bank { code } ${MEASURES} } byLeague { leagueCode league { code level } ${MEASURES} } byYear { year ${MEASURES} } } } }`;

/** The measures as SQL computes them, per group (`k`), over the loans `where` selects. */
async function expected(where: SQL, key: SQL): Promise<Record<string, any>[]> {
  const amount = (status: string) => sql.raw(`cast(cast(coalesce(sum(amount) filter (where status = '${status}'), 0) as numeric(18, 2)) as text)`);
  const n = (status: string) => sql.raw(`cast(count(*) filter (where status = '${status}') as integer)`);
  const list = await rows<Record<string, any>>(
    server.database,
    sql`select ${key} as k, cast(count(*) as integer) as "loanCount", cast(cast(coalesce(sum(amount), 0) as numeric(18, 2)) as text) as "totalAmount",
          ${n("ACTIVE")} as "activeCount", ${amount("ACTIVE")} as "activeAmount", ${n("OVERDUE")} as "overdueCount", ${amount("OVERDUE")} as "overdueAmount",
          ${n("REPAID")} as "repaidCount", ${amount("REPAID")} as "repaidAmount", ${n("DEFAULTED")} as "defaultedCount", ${amount("DEFAULTED")} as "defaultedAmount",
          cast(round(coalesce(sum(amount) filter (where status = 'OVERDUE'), 0) / nullif(sum(amount) filter (where status in ('ACTIVE', 'OVERDUE')), 0), 4) as text) as "overdueRate",
          cast(round(coalesce(sum(amount) filter (where status = 'DEFAULTED'), 0) / nullif(sum(amount) filter (where status in ('REPAID', 'DEFAULTED')), 0), 4) as text) as "defaultRate"
        from guarantee_loans where ${where} group by 1 order by 1`,
  );
  return list.map(({ k, ...m }) => ({ k: /^\d{4}$/.test(String(k)) ? Number(k) : k, ...m, loanCount: Number(m.loanCount) }));
}

/** The whole report SQL expects for the loans `where` selects. */
async function report(where: SQL) {
  const [total] = await expected(where, sql`'all'`);
  const strip = (r: Record<string, any>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "k"));
  return {
    ...(total ? strip(total) : {}),
    byBank: (await expected(where, sql`bank_code`)).map((r) => ({ bankCode: r.k, bank: { code: r.k }, ...strip(r) })),
    byLeague: (await expected(where, sql`league_code`)).map((r) => ({ leagueCode: r.k, league: { code: r.k, level: "LEAGUE" }, ...strip(r) })),
    byYear: (await expected(where, sql`cast(extract(year from issued_on) as integer)`)).map((r) => ({ year: r.k, ...strip(r) })),
  };
}

describe("risk measures", () => {
  it("a bank's are exactly those of its own loans; naming another bank is FORBIDDEN", async () => {
    const res = await server.gql(RISK, {}, { key: keys.a });
    expect(res.errors).toBeUndefined();
    const risk = res.data.viewer.loanRisk;
    expect(risk).toEqual(await report(sql`bank_code = ${bankA}`));
    // Non-trivial figures: some overdue, some defaulted, a rate between 0 and 1; one bank only.
    expect(risk.overdueCount).toBeGreaterThan(0);
    expect(risk.defaultedCount).toBeGreaterThan(0);
    expect(Number(risk.defaultRate)).toBeGreaterThan(0);
    expect(Number(risk.defaultRate)).toBeLessThan(1);
    expect(risk.overdueRate).toMatch(/^0\.\d{4}$/);
    expect(risk.byBank.map((b: any) => b.bankCode)).toEqual([bankA]);
    expect(risk.byYear.map((y: any) => y.year)).toEqual([2022, 2023, 2024, 2025]);
    const other = await server.gql(RISK, { f: { bankCode: bankB } }, { key: keys.a });
    expect([other.status, other.errors![0]!.extensions!.code, other.data?.viewer ?? null]).toEqual([403, "FORBIDDEN", null]);
    const own = await server.gql(RISK, { f: { bankCode: bankA } }, { key: keys.a });
    expect(own.data.viewer.loanRisk).toEqual(risk);
  });

  it("a programme manager's cover every bank, or one; a bank's own equal the manager's of that bank", async () => {
    const all = await server.gql(RISK, {}, { key: keys.manager });
    expect(all.errors).toBeUndefined();
    expect(all.data.viewer.loanRisk).toEqual(await report(sql`true`));
    expect(all.data.viewer.loanRisk.byBank).toHaveLength(8);
    const ofB = await server.gql(RISK, { f: { bankCode: bankB } }, { key: keys.manager });
    expect(ofB.data.viewer.loanRisk).toEqual(await report(sql`bank_code = ${bankB}`));
    expect((await server.gql(RISK, {}, { key: keys.b })).data.viewer.loanRisk).toEqual(ofB.data.viewer.loanRisk);
    // The breakdown by bank adds up to the total, to the fen.
    const byBank = all.data.viewer.loanRisk.byBank as any[];
    expect(byBank.reduce((s, b) => s + b.defaultedCount, 0)).toBe(all.data.viewer.loanRisk.defaultedCount);
    const cents = (v: string) => BigInt(v.replace(".", ""));
    expect(byBank.reduce((s, b) => s + cents(b.overdueAmount), 0n)).toBe(cents(all.data.viewer.loanRisk.overdueAmount));
  });

  it("every filter narrows the loans counted, as SQL does", async () => {
    const cases: [Record<string, unknown>, SQL][] = [
      [{ regionCode: "150200" }, sql`league_code = '150200'`],
      [{ regionCode: "150102" }, sql`county_code = '150102'`],
      [{ borrowerType: "SMALL_MICRO_ENTERPRISE" }, sql`borrower_type = 'SMALL_MICRO_ENTERPRISE'`],
      [{ beneficiaryGroup: "NONE" }, sql`beneficiary_group_code is null`],
      [{ beneficiaryGroup: "VETERANS" }, sql`beneficiary_group_code = 'VETERANS'`],
      [{ issuedOnFrom: "2023-04-01", issuedOnTo: "2024-03-31" }, sql`issued_on between '2023-04-01' and '2024-03-31'`],
    ];
    for (const [filter, where] of cases) {
      for (const [key, scope] of [[keys.a!, sql`bank_code = ${bankA}`], [keys.manager!, sql`true`]] as const) {
        const res = await server.gql(RISK, { f: filter }, { key });
        expect(res.errors, JSON.stringify(filter)).toBeUndefined();
        expect(res.data.viewer.loanRisk, JSON.stringify(filter)).toEqual(await report(sql`${scope} and ${where}`));
        expect(res.data.viewer.loanRisk.loanCount, JSON.stringify(filter)).toBeGreaterThan(0);
      }
    }
    // Nothing selected: zeros, no rates, no groups.
    const none = await server.gql(RISK, { f: { issuedOnFrom: "2030-01-01" } }, { key: keys.a });
    expect(none.data.viewer.loanRisk).toMatchObject({ loanCount: 0, totalAmount: "0.00", overdueAmount: "0.00", overdueRate: null, defaultRate: null, byBank: [], byLeague: [], byYear: [] });
    // Bad input is typed.
    const badGroup = await server.gql(RISK, { f: { beneficiaryGroup: "PIRATES" } }, { key: keys.a });
    expect([badGroup.errors![0]!.extensions!.code, badGroup.errors![0]!.extensions!.argumentName]).toEqual(["BAD_USER_INPUT", "filterBy.beneficiaryGroup"]);
    const badBank = await server.gql(RISK, { f: { bankCode: "Not A Bank!" } }, { key: keys.manager });
    expect(badBank.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("is for partners only: anonymous callers get UNAUTHENTICATED, a key without loans:read FORBIDDEN", async () => {
    const anonymous = await server.gql(RISK);
    expect([anonymous.status, anonymous.errors![0]!.extensions!.code, anonymous.data?.viewer ?? null]).toEqual([401, "UNAUTHENTICATED", null]);
    const exportsOnly = await server.gql(RISK, {}, { key: keys.exportsOnly });
    expect([exportsOnly.status, exportsOnly.errors![0]!.extensions!.code]).toEqual([403, "FORBIDDEN"]);
  });
});

describe("loan-level fields", () => {
  it("a loan names its county, league and group as objects, beside their codes, and its interest subsidy", async () => {
    const res = await server.gql(
      `{ guaranteeLoans(first: 100, filterBy: { regionCode: "150200" }, orderBy: { field: LOAN_REF, direction: ASC }) { nodes {
        loanRef countyCode leagueCode beneficiaryGroupCode interestSubsidyShare borrowerType
        county { code level parent { code } } league { code level } beneficiaryGroup { code } } } }`,
      {},
      { key: keys.a },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.guaranteeLoans.nodes as any[];
    expect(nodes).toHaveLength(100);
    for (const n of nodes) {
      expect(n.county).toEqual({ code: n.countyCode, level: "COUNTY", parent: { code: n.leagueCode } });
      expect(n.league).toEqual({ code: n.leagueCode, level: "LEAGUE" });
      expect(n.beneficiaryGroup).toEqual(n.beneficiaryGroupCode ? { code: n.beneficiaryGroupCode } : null);
    }
    expect(nodes.some((n) => n.beneficiaryGroup === null)).toBe(true);
    expect(nodes.some((n) => n.beneficiaryGroup !== null)).toBe(true);
    // The subsidy is the stored share, exactly.
    const stored = await rows<{ ref: string; share: string }>(server.database, sql`select loan_ref as ref, cast(interest_subsidy_share as text) as share from guarantee_loans where bank_code = ${bankA} and league_code = '150200' order by loan_ref collate "C" limit 100`);
    expect(nodes.map((n) => [n.loanRef, n.interestSubsidyShare])).toEqual(stored.map((s) => [s.ref, s.share]));
    // References are batched: one query each for regions and groups, however many loans.
    const cost = await server.gql(`{ guaranteeLoans(first: 100) { nodes { county { code } league { code } beneficiaryGroup { code } } } }`, {}, { key: keys.a });
    const base = await server.gql(`{ guaranteeLoans(first: 100) { nodes { countyCode } } }`, {}, { key: keys.a });
    expect(cost.extensions!.cost!.sqlStatements - base.extensions!.cost!.sqlStatements).toBe(2);
  });

  it("the sample subsidises interest as the programme does: most individuals fully or by half, enterprises by half, some loans not at all", async () => {
    const shares = await rows<{ bt: string; share: string; n: number }>(
      server.database,
      sql`select cast(borrower_type as text) as bt, cast(interest_subsidy_share as text) as share, cast(count(*) as integer) as n from guarantee_loans group by 1, 2 order by 1, 2`,
    );
    const of = (bt: string) => Object.fromEntries(shares.filter((s) => s.bt === bt).map((s) => [s.share, Number(s.n)]));
    expect(Object.keys(of("INDIVIDUAL")).sort()).toEqual(["0.0000", "0.5000", "1.0000"]);
    expect(Object.keys(of("SMALL_MICRO_ENTERPRISE")).sort()).toEqual(["0.0000", "0.5000"]);
    const individuals = of("INDIVIDUAL");
    const total = Object.values(individuals).reduce((a, b) => a + b, 0);
    expect((individuals["1.0000"]! + individuals["0.5000"]!) / total).toBeGreaterThan(0.85);
    expect(individuals["0.0000"]! / total).toBeGreaterThan(0.05);
  });
});
