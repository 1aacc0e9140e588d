// Banks report their loans (issue 8, item 7): idempotent, all-or-nothing batches through
// `guaranteeLoansUpsert` / `guaranteeLoansDelete`, checked by the import's own row checks, no
// personal data, row-level security between banks, never over GET, and the public figures rebuilt
// by a coalesced background refresh. Over HTTP, on both engines.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROLE, queryRows, type Db } from "../src/db/client.js";
import { LOCK_KEYS } from "../src/db/lock.js";
import { importFile } from "../src/imports/run.js";
import { personalDataIn } from "../src/imports/personal-data.js";
import { figuresRefresher, FiguresRefresher } from "../src/services/loan-figures.js";
import { createClient } from "../src/services/partner.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";
import { DELETE, loan, newKey, remove, upsert, UPSERT } from "./support/loan-reporting.js";

// The background refresh of public figures, shortened for the test (30 s by default). Long
// enough that what the tests check before it is due is done by then on a loaded 2-core machine
// (at 1.5 s a burst of five batches outlasted it in a whole run).
const DELAY_MS = 3_000;
const previousDelay = process.env.FIGURES_REFRESH_DELAY_MS;
process.env.FIGURES_REFRESH_DELAY_MS = String(DELAY_MS);

let server: TestServer;
const keys: Record<string, string> = {};
const bankA = "icbc-nmg";
const bankB = "ccb-nmg";

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  keys.a = (await createClient(db, { id: "report-bank-a", name: "Bank A reporting", role: "BANK", bankCode: bankA })).key;
  keys.b = (await createClient(db, { id: "report-bank-b", name: "Bank B reporting", role: "BANK", bankCode: bankB })).key;
  keys.aReadOnly = (await createClient(db, { id: "report-bank-a-ro", name: "Bank A reconciliation", role: "BANK", bankCode: bankA, scopes: ["loans:read"] })).key;
  keys.manager = (await createClient(db, { id: "report-hrss", name: "HRSS programme office", role: "PROGRAMME_MANAGER" })).key;
});
afterAll(async () => {
  await server?.close();
  if (previousDelay === undefined) delete process.env.FIGURES_REFRESH_DELAY_MS;
  else process.env.FIGURES_REFRESH_DELAY_MS = previousDelay;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (where: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(server.database, sql`select count(*) as n from guarantee_loans where ${where}`))[0]!.n);
/** Every column of a bank's loans, to prove a refused batch changed nothing. */
const snapshot = async (bank: string) => JSON.stringify(await rows(server.database, sql`select * from guarantee_loans where bank_code = ${bank} order by loan_ref`));

async function refreshedAt(): Promise<string | null> {
  return (await server.gql(`{ figuresRefreshedAt }`)).data.figuresRefreshedAt;
}
async function waitForRefreshAfter(previous: string | null, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await refreshedAt();
    if (now !== null && now !== previous) return now;
    if (Date.now() > deadline) throw new Error(`the public figures were not refreshed within ${timeoutMs} ms`);
    await sleep(100);
  }
}
const MANAGER_STATS = `query($bank: String) { viewer { loanStatistics(groupBy: [BANK], filterBy: { bankCode: $bank }, first: 5) { nodes { bankCode disclosure loanCount totalAmount } } } }`;
/** The sum of loans' amounts (decimal strings with two places), as a decimal string: in fen, no floats. */
const sumOf = (loans: { amount: string }[]) => {
  const fen = loans.reduce((t, l) => {
    if (!/^\d+\.\d{2}$/.test(l.amount)) throw new Error(`not an amount with two decimal places: ${l.amount}`);
    return t + BigInt(l.amount.replace(".", ""));
  }, 0n);
  return `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`;
};
const STATS = `query($bank: String) { loanStatistics(groupBy: [BANK], filterBy: { bankCode: $bank }, first: 5) { nodes { bankCode loanCount disclosure provenance } } }`;

describe("reporting loans", () => {
  it("a bank's first batch creates its loans exactly as sent, replaces its sample loans, and the public figures follow after the refresh", async () => {
    const samplesOfA = await count(sql`bank_code = ${bankA} and provenance = 'SAMPLE'`);
    const samplesOfB = await count(sql`bank_code = ${bankB} and provenance = 'SAMPLE'`);
    expect(samplesOfA).toBeGreaterThan(1000);
    const before = await refreshedAt();
    const publicBefore = (await server.gql(STATS, { bank: bankA })).data.loanStatistics.nodes[0];
    expect(Math.abs(publicBefore.loanCount - samplesOfA)).toBeLessThanOrEqual(4);

    const loans = Array.from({ length: 40 }, (_, i) => loan(`ICBC-2025-${String(i + 1).padStart(4, "0")}`, i));
    const res = await upsert(server, keys.a!, loans);
    expect([res.inserted, res.updated, res.unchanged, res.sampleLoansRemoved, res.replayed, res.userErrors]).toEqual([40, 0, 0, samplesOfA, false, []]);
    expect(res.loans.map((l: any) => [l.loanRef, l.amount, l.provenance])).toEqual(loans.map((l) => [l.loanRef, l.amount, "SOURCE"]));
    expect(Date.parse(res.figuresRefreshScheduledAt)).toBeGreaterThan(Date.now() - 1_000);
    // Stored exactly as sent (league derived from the county).
    const stored = await rows<any>(
      server.database,
      sql`select loan_ref, county_code, league_code, cast(borrower_type as text) as borrower_type, beneficiary_group_code, cast(amount as text) as amount, term_months,
                 cast(annual_rate as text) as annual_rate, cast(interest_subsidy_share as text) as share, counter_guarantee_waived, cast(issued_on as text) as issued_on,
                 cast(status as text) as status, jobs_created, cast(provenance as text) as provenance
          from guarantee_loans where bank_code = ${bankA} order by loan_ref`,
    );
    expect(stored).toEqual(
      loans.map((l) => ({
        loan_ref: l.loanRef, county_code: l.countyCode, league_code: `${l.countyCode.slice(0, 4)}00`, borrower_type: l.borrowerType, beneficiary_group_code: l.beneficiaryGroup,
        amount: l.amount, term_months: l.termMonths, annual_rate: l.annualRate, share: l.interestSubsidyShare, counter_guarantee_waived: l.counterGuaranteeWaived,
        issued_on: l.issuedOn, status: l.status, jobs_created: l.jobsCreated, provenance: "SOURCE",
      })),
    );
    // The samples left tombstones (sync reports them); other banks keep theirs.
    expect(Number((await rows<{ n: number }>(server.database, sql`select count(*) as n from loan_tombstones where bank_code = ${bankA}`))[0]!.n)).toBe(samplesOfA);
    expect(await count(sql`bank_code = ${bankB} and provenance = 'SAMPLE'`)).toBe(samplesOfB);

    // Until the background refresh, the public figures are the old ones; then they hold the report.
    expect((await server.gql(STATS, { bank: bankA })).data.loanStatistics.nodes[0].loanCount).toBe(publicBefore.loanCount);
    // The partners' exact figures hold it at once (read from the loans while the write waits for
    // the refresher), and after it (summed from the rebuilt rollups) — the same: the bank's own
    // cell, and a programme manager's.
    const exactCell = async (key: string) => (await server.gql(MANAGER_STATS, { bank: bankA }, { key })).data.viewer.loanStatistics.nodes;
    const exactNow = (disclosure: string) => [{ bankCode: bankA, disclosure, loanCount: 40, totalAmount: sumOf(loans) }];
    const pending = Number((await rows<{ n: number }>(server.database, sql`select count(*) as n from loan_figures_pending`))[0]!.n);
    if (Date.now() < Date.parse(res.figuresRefreshScheduledAt)) expect(pending).toBeGreaterThan(0);
    expect([await exactCell(keys.manager!), await exactCell(keys.a!)]).toEqual([exactNow("EXACT"), exactNow("EXACT_OWN")]);
    const after = await waitForRefreshAfter(before);
    expect([await exactCell(keys.manager!), await exactCell(keys.a!)]).toEqual([exactNow("EXACT"), exactNow("EXACT_OWN")]);
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before ?? "2000-01-01T00:00:00Z"));
    const publicAfter = (await server.gql(STATS, { bank: bankA })).data.loanStatistics.nodes[0];
    expect(publicAfter.disclosure).toBe("PERTURBED");
    expect(Math.abs(publicAfter.loanCount - 40)).toBeLessThanOrEqual(4);
    // Other banks still hold sample loans: the table says so.
    expect(publicAfter.provenance).toBe("SAMPLE");
    const [rollup] = await rows<{ n: number; sample: number }>(server.database, sql`select sum(loan_count) as n, sum(sample_count) as sample from loan_rollups where bank_code = ${bankA}`);
    expect([Number(rollup!.n), Number(rollup!.sample)]).toEqual([40, 0]);
    expect(Number((await rows<{ n: number }>(server.database, sql`select count(*) as n from loan_figures_pending`))[0]!.n)).toBe(0);
  });

  it("corrections replace a loan; sending the same values again changes nothing; a second report removes no more samples", async () => {
    const res = await upsert(server, keys.a!, [loan("ICBC-2025-0001", 0, { status: "REPAID" }), loan("ICBC-2025-0002", 1), loan("ICBC-2025-0500", 500)]);
    expect([res.inserted, res.updated, res.unchanged, res.sampleLoansRemoved]).toEqual([1, 1, 1, 0]);
    expect((await rows<{ s: string }>(server.database, sql`select cast(status as text) as s from guarantee_loans where bank_code = ${bankA} and loan_ref = 'ICBC-2025-0001'`))[0]!.s).toBe("REPAID");
  });

  it("is all or nothing: a batch with bad loans applies nothing and names every bad loan by index and field", async () => {
    const before = await snapshot(bankA);
    const good = (i: number) => loan(`ICBC-BAD-${i}`, i);
    const batch = [
      good(0),
      { ...good(1), countyCode: "150100" }, // a league, not a county
      { ...good(2), countyCode: "150199" }, // no such region
      { ...good(2), loanRef: "ICBC-BAD-3", beneficiaryGroup: "ASTRONAUTS" },
      loan("ICBC-BAD-4", 3, { beneficiaryGroup: "VETERANS" }), // i = 3: an enterprise, which has no group
      { ...good(5), amount: "0.00" },
      { ...good(6), amount: "1000.001" },
      { ...good(7), termMonths: 121 },
      { ...good(8), annualRate: "1.5" },
      { ...good(9), interestSubsidyShare: "1.5" },
      { ...good(10), issuedOn: "1999-12-31" },
      { ...good(11), jobsCreated: -1 },
      { ...good(12), loanRef: "ICBC-BAD-0" }, // the same reference as loans[0]
      { ...good(13), loanRef: "13912345678" },
      { ...good(14), loanRef: "bad ref with spaces" },
    ];
    const res = await server.gql(UPSERT, { input: { idempotencyKey: newKey(), loans: batch } }, { key: keys.a });
    expect(res.errors).toBeUndefined();
    const payload = res.data.guaranteeLoansUpsert;
    expect([payload.loans, payload.inserted, payload.figuresRefreshScheduledAt]).toEqual([null, 0, null]);
    expect(payload.userErrors.map((e: any) => [e.index, e.field, e.code])).toEqual([
      [1, "countyCode", "INVALID_VALUE"],
      [2, "countyCode", "INVALID_VALUE"],
      [3, "beneficiaryGroup", "INVALID_VALUE"],
      [4, "beneficiaryGroup", "INVALID_VALUE"],
      [5, "amount", "INVALID_VALUE"],
      [6, "amount", "INVALID_VALUE"],
      [7, "termMonths", "INVALID_VALUE"],
      [8, "annualRate", "INVALID_VALUE"],
      [9, "interestSubsidyShare", "INVALID_VALUE"],
      [10, "issuedOn", "INVALID_VALUE"],
      [11, "jobsCreated", "INVALID_VALUE"],
      [12, "loanRef", "DUPLICATE"],
      [13, "loanRef", "PERSONAL_DATA"],
      [14, "loanRef", "INVALID_VALUE"],
    ]);
    expect(payload.userErrors.map((e: any) => e.message)).toEqual([
      "loans[1]: `countyCode`: 150100 is not a county-level unit (it is LEAGUE)",
      "loans[2]: `countyCode`: 150199 is not a known region code",
      "loans[3]: `beneficiaryGroup`: ASTRONAUTS is not a beneficiary group code",
      "loans[4]: `beneficiaryGroup`: an enterprise borrower has no beneficiary group; leave it empty",
      "loans[5]: `amount` 0.00 is outside the allowed range (> 0, ≤ 100000000)",
      'loans[6]: `amount` "1000.001" is not a decimal number with at most 2 decimals (use a dot, no thousands separators)',
      "loans[7]: `termMonths` 121 is outside 1..120",
      "loans[8]: `annualRate` 1.5 is outside the allowed range (≥ 0, ≤ 0.9999)",
      "loans[9]: `interestSubsidyShare` 1.5 is outside the allowed range (≥ 0, ≤ 1)",
      "loans[10]: `issuedOn` 1999-12-31 is outside 2000-01-01..2100-12-31",
      "loans[11]: `jobsCreated` -1 is outside 0..100000",
      'loans[12]: `loanRef` "ICBC-BAD-0" is also loans[0]; each loan may appear once per batch.',
      "loans[13]: `loanRef` looks like a mobile phone number: loan records carry no personal data (no names, ID card, phone numbers or e-mail addresses); use the bank's own loan reference",
      "loans[14]: `loanRef` \"bad ref with spaces\" is not a code of letters, digits, '-', '_' or '.'",
    ]);
    // Nothing at all was applied: not loans[0], not the key (the corrected batch may reuse it).
    expect(await snapshot(bankA)).toBe(before);
    expect(await count(sql`loan_ref like 'ICBC-BAD-%'`)).toBe(0);
  });

  it("refuses personal data: names, ID card numbers, phone numbers and e-mail addresses, anywhere in a reference", async () => {
    const refused: [string, string][] = [
      ["张伟", "a person's name"],
      ["王芳-2025-001", "a person's name"],
      ["巴特尔", "a person's name"],
      ["ZhangWei", "a person's name (in pinyin)"],
      ["wang_fang", "a person's name (in pinyin)"],
      ["11010519491231002X", "a resident identity card number"],
      ["150102199003074518", "a resident identity card number"],
      ["L-152601198511153026", "a resident identity card number"],
      ["110105491231002", "a resident identity card number"],
      ["13812345678", "a mobile phone number"],
      ["138-1234-5678", "a mobile phone number"],
      ["LN-8613912345678", "a mobile phone number"],
      ["0471-6912345", "a landline phone number"],
      ["(0471)6912345", "a landline phone number"],
      ["zhangwei@163.com", "an e-mail address"],
      ["wang.fang@bank.example.cn", "an e-mail address"],
    ];
    for (const [value, what] of refused) expect(personalDataIn(value), value).toBe(what);
    // Bank references, dates and amounts are not personal data (an 18-digit number fails the ID card's check digit).
    for (const value of ["ICBC-2025-0001", "S-00000001", "LN202403150042", "NMG-0471-2024-0315", "110105194912310021", "20240315000123456789", "150102", "BOC.2025.A7"]) {
      expect(personalDataIn(value), value).toBeNull();
    }
    // Over HTTP: every one of them is refused, by index, and the message never repeats the value.
    const batch = refused.map(([ref], i) => loan(ref, i));
    const res = await server.gql(UPSERT, { input: { idempotencyKey: newKey(), loans: batch } }, { key: keys.a });
    const errors = res.data.guaranteeLoansUpsert.userErrors;
    expect(errors.map((e: any) => [e.index, e.field, e.code])).toEqual(refused.map((_, i) => [i, "loanRef", "PERSONAL_DATA"]));
    errors.forEach((e: any, i: number) => {
      expect(e.message).toContain(`looks like ${refused[i]![1]}`);
      expect(e.message).not.toContain(refused[i]![0]);
    });
    // The beneficiary group, the other text a bank sends, is checked the same way.
    const group = await server.gql(UPSERT, { input: { idempotencyKey: newKey(), loans: [loan("ICBC-OK-1", 0, { beneficiaryGroup: "13812345678" })] } }, { key: keys.a });
    expect(group.data.guaranteeLoansUpsert.userErrors.map((e: any) => [e.field, e.code])).toEqual([["beneficiaryGroup", "PERSONAL_DATA"]]);
    // An official file goes through the same check.
    const dir = mkdtempSync(join(tmpdir(), "chuangye-pii-"));
    const file = join(dir, "loans.csv");
    writeFileSync(file, "bank_code,loan_ref,county_code,borrower_type,beneficiary_group,amount,term_months,annual_rate,counter_guarantee_waived,issued_on,status,jobs_created\n" + `${bankA},13812345678,150102,INDIVIDUAL,,50000.00,24,0.0385,true,2025-01-02,ACTIVE,1\n`);
    const report = await importFile(server.database, "guarantee-loans", file);
    expect([report.committed, report.errors]).toEqual([false, [{ line: 2, column: "loan_ref", message: "loan_ref looks like a mobile phone number: loan records carry no personal data (no names, ID card, phone numbers or e-mail addresses); use the bank's own loan reference" }]]);
  });
});

describe("idempotency", () => {
  it("a retried batch is applied once; the same key with another batch is refused; a refused batch leaves its key free", async () => {
    const key = newKey("retry");
    const loans = [loan("ICBC-IDEM-1", 1), loan("ICBC-IDEM-2", 2)];
    const first = await upsert(server, keys.a!, loans, key);
    const [before] = await rows<{ at: string }>(server.database, sql`select cast(max(updated_at) as text) as at from guarantee_loans where bank_code = ${bankA} and loan_ref like 'ICBC-IDEM-%'`);
    await sleep(50);
    const retry = await upsert(server, keys.a!, loans, key);
    expect(retry).toEqual({ ...first, replayed: true, figuresRefreshScheduledAt: null });
    const [after] = await rows<{ at: string }>(server.database, sql`select cast(max(updated_at) as text) as at from guarantee_loans where bank_code = ${bankA} and loan_ref like 'ICBC-IDEM-%'`);
    expect(after!.at).toBe(before!.at);
    // The same key with a different batch: refused, nothing applied.
    const other = await server.gql(UPSERT, { input: { idempotencyKey: key, loans: [loan("ICBC-IDEM-3", 3)] } }, { key: keys.a });
    expect(other.data.guaranteeLoansUpsert.userErrors.map((e: any) => [e.index, e.field, e.code])).toEqual([[null, "idempotencyKey", "IDEMPOTENCY_KEY_REUSED"]]);
    expect(await count(sql`loan_ref = 'ICBC-IDEM-3'`)).toBe(0);
    // A delete with an upsert's key is a different request too.
    const asDelete = await server.gql(DELETE, { input: { idempotencyKey: key, loanRefs: ["ICBC-IDEM-1"] } }, { key: keys.a });
    expect(asDelete.data.guaranteeLoansDelete.userErrors[0].code).toBe("IDEMPOTENCY_KEY_REUSED");
    // Keys are the client's own: another bank may use the same key for its own batch.
    expect((await upsert(server, keys.b!, [loan("CCB-IDEM-1", 1)], key)).replayed).toBe(false);
    // A refused batch claims nothing: corrected, it goes through with the same key.
    const fresh = newKey("corrected");
    const bad = await server.gql(UPSERT, { input: { idempotencyKey: fresh, loans: [loan("ICBC-IDEM-4", 4, { countyCode: "150100" })] } }, { key: keys.a });
    expect(bad.data.guaranteeLoansUpsert.userErrors).toHaveLength(1);
    expect((await upsert(server, keys.a!, [loan("ICBC-IDEM-4", 4)], fresh)).inserted).toBe(1);
    // The key's form is checked.
    const malformed = await server.gql(UPSERT, { input: { idempotencyKey: "no spaces please", loans } }, { key: keys.a });
    expect(malformed.data.guaranteeLoansUpsert.userErrors.map((e: any) => e.code)).toEqual(["INVALID_IDEMPOTENCY_KEY"]);
  });

  it("two identical requests at once apply once: one applies, the other is answered from it", async () => {
    const key = newKey("concurrent");
    const loans = Array.from({ length: 20 }, (_, i) => loan(`ICBC-CONC-${i}`, i));
    const [x, y] = await Promise.all([upsert(server, keys.a!, loans, key), upsert(server, keys.a!, loans, key)]);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect([x.inserted, y.inserted]).toEqual([20, 20]);
    expect(await count(sql`loan_ref like 'ICBC-CONC-%'`)).toBe(20);
  });

  it("keys expire after 24 hours: an older key is free again", async () => {
    const key = newKey("old");
    await upsert(server, keys.a!, [loan("ICBC-OLD-1", 1)], key);
    await rows(server.database, sql`update idempotency_keys set created_at = now() - interval '25 hours' where client_id = 'report-bank-a' and key = ${key}`);
    const again = await upsert(server, keys.a!, [loan("ICBC-OLD-2", 2)], key);
    expect([again.replayed, again.inserted, again.userErrors]).toEqual([false, 1, []]);
  });
});

describe("deleting loans", () => {
  it("deletes the bank's own loans (tombstones for sync); an unknown reference, or another bank's, deletes nothing", async () => {
    await upsert(server, keys.a!, [loan("ICBC-DEL-1", 1), loan("ICBC-DEL-2", 2), loan("ICBC-DEL-3", 3)]);
    const key = newKey("delete");
    const res = await remove(server, keys.a!, ["ICBC-DEL-1", "ICBC-DEL-2"], key);
    expect([res.deletedLoanRefs, res.replayed, res.userErrors]).toEqual([["ICBC-DEL-1", "ICBC-DEL-2"], false, []]);
    expect(await count(sql`loan_ref like 'ICBC-DEL-%'`)).toBe(1);
    expect((await rows<{ r: string }>(server.database, sql`select loan_ref as r from loan_tombstones where bank_code = ${bankA} and loan_ref like 'ICBC-DEL-%' order by 1`)).map((t) => t.r)).toEqual(["ICBC-DEL-1", "ICBC-DEL-2"]);
    expect((await remove(server, keys.a!, ["ICBC-DEL-1", "ICBC-DEL-2"], key)).replayed).toBe(true);
    // All or nothing: one unknown reference and the known one stays.
    const partly = await server.gql(DELETE, { input: { idempotencyKey: newKey(), loanRefs: ["ICBC-DEL-3", "ICBC-NOPE"] } }, { key: keys.a });
    expect(partly.data.guaranteeLoansDelete.userErrors.map((e: any) => [e.index, e.code])).toEqual([[1, "NOT_FOUND"]]);
    expect(await count(sql`loan_ref = 'ICBC-DEL-3'`)).toBe(1);
    const twice = await server.gql(DELETE, { input: { idempotencyKey: newKey(), loanRefs: ["ICBC-DEL-3", "ICBC-DEL-3"] } }, { key: keys.a });
    expect(twice.data.guaranteeLoansDelete.userErrors.map((e: any) => [e.index, e.code])).toEqual([[1, "DUPLICATE"]]);
  });
});

describe("bank A never writes bank B's loans", () => {
  it("over HTTP: a reference of B's is A's own new loan, and B's loans cannot be deleted", async () => {
    const [bLoan] = await rows<{ ref: string }>(server.database, sql`select loan_ref as ref from guarantee_loans where bank_code = ${bankB} order by loan_ref limit 1`);
    const bBefore = await snapshot(bankB);
    const res = await upsert(server, keys.a!, [loan(bLoan!.ref, 9, { amount: "1.00" })]);
    expect([res.inserted, res.loans[0].loanRef]).toEqual([1, bLoan!.ref]);
    expect(await snapshot(bankB)).toBe(bBefore);
    await upsert(server, keys.b!, [loan("CCB-ONLY-1", 1)]);
    const bNow = await snapshot(bankB);
    const del = await server.gql(DELETE, { input: { idempotencyKey: newKey(), loanRefs: ["CCB-ONLY-1"] } }, { key: keys.a });
    expect(del.data.guaranteeLoansDelete.userErrors.map((e: any) => e.code)).toEqual(["NOT_FOUND"]);
    expect(await snapshot(bankB)).toBe(bNow);
    expect(await count(sql`bank_code = ${bankA} and loan_ref = ${bLoan!.ref}`)).toBe(1);
  });

  it("in the database: under bank A's setting, the API role cannot insert, update or delete B's rows", async () => {
    const asBankA = async <T>(work: (db: Db) => Promise<T>) =>
      server.database.api.transaction(async (tx) => {
        const db = tx as unknown as Db;
        if (server.database.apiRole === "set-role") await db.execute(sql.raw(`set local role ${API_ROLE}`));
        await db.execute(sql`select set_config('app.bank_code', ${bankA}, true), set_config('app.role', 'BANK', true)`);
        return work(db);
      });
    const bBefore = await snapshot(bankB);
    expect(await asBankA((db) => queryRows(db, sql`delete from guarantee_loans where bank_code = ${bankB} returning 1`))).toEqual([]);
    expect(await asBankA((db) => queryRows(db, sql`update guarantee_loans set amount = 1 where bank_code = ${bankB} returning 1`))).toEqual([]);
    // Moving one's own loan to another bank is refused by the policy's check.
    await expect(asBankA((db) => queryRows(db, sql`update guarantee_loans set bank_code = ${bankB} where bank_code = ${bankA} and loan_ref = 'ICBC-2025-0003'`))).rejects.toThrow();
    await expect(asBankA((db) => queryRows(db, sql`insert into loan_tombstones (bank_code, loan_ref) values (${bankB}, 'FORGED')`))).rejects.toThrow();
    expect(await snapshot(bankB)).toBe(bBefore);
  });
});

describe("who may write, and how", () => {
  const one = { idempotencyKey: "k-1", loans: [loan("ICBC-AUTH-1", 1)] };

  it("anonymous: UNAUTHENTICATED (401); a key without loans:write or a programme manager's: FORBIDDEN (403)", async () => {
    const anonymous = await server.gql(UPSERT, { input: one });
    expect([anonymous.status, anonymous.errors![0]!.extensions!.code]).toEqual([401, "UNAUTHENTICATED"]);
    for (const key of [keys.aReadOnly, keys.manager]) {
      const res = await server.gql(UPSERT, { input: one }, { key });
      expect([res.status, res.errors![0]!.extensions!.code]).toEqual([403, "FORBIDDEN"]);
      const del = await server.gql(DELETE, { input: { idempotencyKey: "k-2", loanRefs: ["ICBC-2025-0001"] } }, { key });
      expect([del.status, del.errors![0]!.extensions!.code]).toEqual([403, "FORBIDDEN"]);
    }
    expect(await count(sql`loan_ref = 'ICBC-AUTH-1'`)).toBe(0);
    // The schema marks both mutations partner-only.
    const schema = await server.gql(`{ __schema { mutationType { fields { name description } } } }`);
    for (const f of schema.data.__schema.mutationType.fields.filter((f: any) => f.name.startsWith("guaranteeLoans"))) expect(f.description).toMatch(/^\*\*Partner only\*\*/);
  });

  it("never over GET, and never as a simple (CSRF-able) request", async () => {
    const params = new URLSearchParams({ query: `mutation { guaranteeLoansDelete(input: { idempotencyKey: "get-1", loanRefs: ["ICBC-2025-0002"] }) { deletedLoanRefs } }` });
    const viaGet = await fetch(`${server.url}/graphql?${params}`, { headers: { authorization: `Bearer ${keys.a}`, "apollo-require-preflight": "1" } });
    expect(viaGet.status).toBe(405);
    expect(((await viaGet.json()) as any).errors[0].message).toMatch(/GET requests only support query operations/);
    // A form post (what another site could make a browser send) is refused before anything runs.
    const form = await fetch(`${server.url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${keys.a}`, "content-type": "text/plain" }, body: JSON.stringify({ query: params.get("query") }) });
    expect(form.status).toBe(400);
    expect(await count(sql`bank_code = ${bankA} and loan_ref = 'ICBC-2025-0002'`)).toBe(1);
  });

  it("takes batches of up to 1,000 loans (larger than a public request may be), and refuses larger ones", async () => {
    const thousand = Array.from({ length: 1_000 }, (_, i) => loan(`ICBC-BULK-${String(i).padStart(4, "0")}`, i));
    const started = performance.now();
    const res = await upsert(server, keys.a!, thousand);
    console.log(`[${server.database.engine}] a batch of 1,000 new loans: ${Math.round(performance.now() - started)} ms over HTTP`);
    expect([res.inserted, res.userErrors]).toEqual([1000, []]);
    const again = performance.now();
    const corrected = await upsert(server, keys.a!, thousand.map((l) => ({ ...l, status: "REPAID" as const })));
    console.log(`[${server.database.engine}] the same 1,000 loans corrected: ${Math.round(performance.now() - again)} ms over HTTP`);
    expect(corrected.updated).toBe(1000);
    const tooMany = await server.gql(UPSERT, { input: { idempotencyKey: newKey(), loans: [...thousand, loan("ICBC-BULK-1000", 1)] } }, { key: keys.a });
    expect(tooMany.data.guaranteeLoansUpsert.userErrors.map((e: any) => [e.index, e.field, e.code])).toEqual([[null, "loans", "BATCH_SIZE"]]);
    const none = await server.gql(UPSERT, { input: { idempotencyKey: newKey(), loans: [] } }, { key: keys.a });
    expect(none.data.guaranteeLoansUpsert.userErrors.map((e: any) => e.code)).toEqual(["BATCH_SIZE"]);
    // The same body without a key is over the public limit: 413 before anything is parsed.
    const anonymous = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: UPSERT, variables: { input: { idempotencyKey: "x", loans: thousand } } }) });
    expect(anonymous.status).toBe(413);
  });
});

describe("the background refresh of public figures", () => {
  it("folds a burst of batches into one rebuild, a delay after the first", async () => {
    const refresher = figuresRefresher(server.database)!;
    // The earlier tests' writes may have left a refresh scheduled: it would fire among these batches.
    await refresher.idle();
    const before = await waitForRefreshAfter(null);
    const runs = refresher.stats.refreshed;
    const batches = await Promise.all([0, 1, 2, 3, 4].map((i) => upsert(server, keys.a!, [loan(`ICBC-BURST-${i}`, i)])));
    const firstDue = Math.min(...batches.map((b) => Date.parse(b.figuresRefreshScheduledAt)));
    // "Before it is due" with a margin: Node's timer, on the monotonic clock, can fire a
    // millisecond before Date.now() reaches the due time it was set from; a CI run whose five
    // batches returned within that millisecond saw two rebuilds where this expected one.
    const MARGIN_MS = 100;
    const allBeforeDue = Date.now() < firstDue - MARGIN_MS;
    // Not yet folded in — when the count is read before the refresh is due: under load (the whole
    // suite on 2 cores) the five batches alone have taken longer than the delay, and CI failed here.
    const pending = Number((await rows<{ n: number }>(server.database, sql`select count(*) as n from loan_figures_pending`))[0]!.n);
    if (Date.now() < firstDue - MARGIN_MS) expect(pending).toBeGreaterThanOrEqual(1);
    await waitForRefreshAfter(before);
    await sleep(DELAY_MS * 2);
    await refresher.settled();
    // One rebuild for the five batches (two, on a machine so slow that a batch committed after the first rebuild began).
    if (allBeforeDue) expect(refresher.stats.refreshed - runs).toBe(1);
    expect(refresher.stats.refreshed - runs).toBeLessThanOrEqual(2);
    expect(Number((await rows<{ n: number }>(server.database, sql`select count(*) as n from loan_figures_pending`))[0]!.n)).toBe(0);
    const [rollup] = await rows<{ n: number }>(server.database, sql`select sum(loan_count) as n from loan_rollups where bank_code = ${bankA}`);
    expect(Number(rollup!.n)).toBe(await count(sql`bank_code = ${bankA}`));
  });

  it("changes left by a process that stopped before its refresh are picked up at start-up", async () => {
    const before = await refreshedAt();
    // A write that committed, whose process died before refreshing: its pending row is all that is left.
    await rows(server.database, sql`insert into loan_figures_pending default values`);
    const log = { error: () => {} };
    const restarted = new FiguresRefresher(server.database.api, 100, log);
    await restarted.resume();
    await waitForRefreshAfter(before);
    await restarted.stop();
    expect(restarted.stats.refreshed).toBe(1);
    // Nothing pending: a refresh attempt does nothing.
    const idle = new FiguresRefresher(server.database.api, 10, log);
    await idle.resume();
    await sleep(50);
    await idle.stop();
    expect(idle.stats).toEqual({ refreshed: 0, nothingPending: 0, busy: 0, failed: 0 });
  });

  it.runIf(process.env.TEST_ENGINE === "postgres")("waits while an import or seed holds the lock, then refreshes", async () => {
    const holder = postgres(server.database.url!, { max: 1, onnotice: () => {} });
    try {
      await holder`select pg_advisory_lock(${LOCK_KEYS.seed.toString()}::bigint)`;
      const refresher = figuresRefresher(server.database)!;
      const busyBefore = refresher.stats.busy;
      const before = await refreshedAt();
      await upsert(server, keys.a!, [loan("ICBC-LOCKED-1", 1)]);
      await sleep(DELAY_MS + 1_000);
      expect(refresher.stats.busy).toBeGreaterThan(busyBefore);
      expect(await refreshedAt()).toBe(before);
      await holder`select pg_advisory_unlock(${LOCK_KEYS.seed.toString()}::bigint)`;
      await waitForRefreshAfter(before);
    } finally {
      await holder.end();
    }
  });
});
