/**
 * What a bank's systems do, written once for the reporting and sync tests: build loans to
 * report, send batches, page through a sync, keep a mirror from the sync output alone, and
 * read the server's rows with SQL to compare.
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { rows, type TestServer } from "./harness.js";

export interface ReportedLoan {
  loanRef: string;
  countyCode: string;
  borrowerType: "INDIVIDUAL" | "SMALL_MICRO_ENTERPRISE";
  beneficiaryGroup: string | null;
  amount: string;
  termMonths: number;
  annualRate: string;
  interestSubsidyShare: string;
  counterGuaranteeWaived: boolean;
  issuedOn: string;
  status: "ACTIVE" | "REPAID" | "OVERDUE" | "DEFAULTED";
  jobsCreated: number;
}

/** A plausible loan; `i` varies it across counties, groups, amounts and dates. */
export function loan(loanRef: string, i = 0, overrides: Partial<ReportedLoan> = {}): ReportedLoan {
  const counties = ["150102", "150203", "150402", "150602", "150702", "152502"];
  const groups = ["COLLEGE_GRADUATES", "VETERANS", "RURAL_MIGRANT_WORKERS", null];
  const enterprise = i % 7 === 3;
  return {
    loanRef,
    countyCode: counties[i % counties.length]!,
    borrowerType: enterprise ? "SMALL_MICRO_ENTERPRISE" : "INDIVIDUAL",
    beneficiaryGroup: enterprise ? null : groups[i % groups.length]!,
    amount: enterprise ? `${(1_000_000 + i * 10_000).toFixed(2)}` : `${(50_000 + (i % 30) * 5_000).toFixed(2)}`,
    termMonths: 12 + (i % 3) * 12,
    annualRate: "0.0385",
    interestSubsidyShare: i % 2 === 0 ? "0.5000" : "1.0000",
    counterGuaranteeWaived: !enterprise,
    issuedOn: `2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
    status: "ACTIVE",
    jobsCreated: 1 + (i % 5),
    ...overrides,
  };
}

export const UPSERT = `mutation($input: GuaranteeLoansUpsertInput!) { guaranteeLoansUpsert(input: $input) {
  loans { loanRef amount updatedAt provenance } inserted updated unchanged sampleLoansRemoved replayed figuresRefreshScheduledAt
  userErrors { index field message code } } }`;

export const DELETE = `mutation($input: GuaranteeLoansDeleteInput!) { guaranteeLoansDelete(input: $input) {
  deletedLoanRefs replayed figuresRefreshScheduledAt userErrors { index field message code } } }`;

export const CHANGES = `query($since: DateTime!, $after: String) { guaranteeLoanChanges(since: $since, first: 100, after: $after) {
  resumeFrom pageInfo { hasNextPage endCursor }
  nodes { kind loanId loanRef at bank { code } loan { id loanRef countyCode leagueCode borrowerType beneficiaryGroupCode amount termMonths annualRate
    interestSubsidyShare counterGuaranteeWaived issuedOn maturityOn status jobsCreated provenance createdAt updatedAt } } } }`;

let keyCounter = 0;
/** A fresh idempotency key, as a bank's job would make one per batch. */
export const newKey = (label = "batch") => `${label}-${process.pid}-${Date.now()}-${++keyCounter}`;

export async function upsert(server: TestServer, key: string, loans: ReportedLoan[], idempotencyKey = newKey()) {
  const res = await server.gql(UPSERT, { input: { idempotencyKey, loans } }, { key });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.guaranteeLoansUpsert;
}

export async function remove(server: TestServer, key: string, loanRefs: string[], idempotencyKey = newKey()) {
  const res = await server.gql(DELETE, { input: { idempotencyKey, loanRefs } }, { key });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.guaranteeLoansDelete;
}

export interface SyncPass {
  changes: any[];
  pages: number;
  /** The `resumeFrom` every page of the pass reported (they must agree). */
  resumeFrom: string;
}

/** Pages through every change since `since`, as a bank's nightly job does. */
export async function syncAll(server: TestServer, key: string, since: string, query = CHANGES, field = (data: any) => data.guaranteeLoanChanges): Promise<SyncPass> {
  const changes: any[] = [];
  const resumes = new Set<string>();
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res: any = await server.gql(query, { since, after }, { key });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const page = field(res.data);
    pages++;
    resumes.add(page.resumeFrom);
    changes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect([...resumes]).toHaveLength(1);
  return { changes, pages, resumeFrom: [...resumes][0]! };
}

/** A bank's copy of its loans, kept from sync output only: UPSERTED puts the loan, DELETED removes it. */
export function applyChanges(mirror: Map<string, any>, changes: any[]): void {
  for (const c of changes) {
    const key = `${c.bank.code}/${c.loanRef}`;
    if (c.kind === "DELETED") {
      expect(c.loan).toBeNull();
      mirror.delete(key);
    } else mirror.set(key, c.loan);
  }
}

/** The server's loans of a bank (or all), as the API shows a loan, read with SQL. */
export async function serverLoans(server: TestServer, bankCode: string | null): Promise<Map<string, any>> {
  const list = await rows<any>(
    server.database,
    sql`select bank_code, loan_ref, county_code, league_code, cast(borrower_type as text) as borrower_type, beneficiary_group_code, cast(amount as text) as amount,
               term_months, cast(annual_rate as text) as annual_rate, cast(interest_subsidy_share as text) as interest_subsidy_share, counter_guarantee_waived,
               cast(issued_on as text) as issued_on, cast(cast(issued_on + make_interval(months => term_months) as date) as text) as maturity_on,
               cast(status as text) as status, jobs_created, cast(provenance as text) as provenance,
               to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
        from guarantee_loans ${bankCode ? sql`where bank_code = ${bankCode}` : sql``}`,
  );
  return new Map(
    list.map((r) => [
      `${r.bank_code}/${r.loan_ref}`,
      {
        id: Buffer.from(`GuaranteeLoan:${r.bank_code}/${r.loan_ref}`).toString("base64url"),
        loanRef: r.loan_ref,
        countyCode: r.county_code,
        leagueCode: r.league_code,
        borrowerType: r.borrower_type,
        beneficiaryGroupCode: r.beneficiary_group_code,
        amount: r.amount,
        termMonths: Number(r.term_months),
        annualRate: r.annual_rate,
        interestSubsidyShare: r.interest_subsidy_share,
        counterGuaranteeWaived: r.counter_guarantee_waived === true || r.counter_guarantee_waived === "true",
        issuedOn: r.issued_on,
        maturityOn: r.maturity_on,
        status: r.status,
        jobsCreated: Number(r.jobs_created),
        provenance: r.provenance,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ]),
  );
}

/** Compares a mirror with the server's rows, loan by loan (a readable diff on failure). */
export function expectMirrorEquals(mirror: Map<string, any>, server: Map<string, any>): void {
  const missing = [...server.keys()].filter((k) => !mirror.has(k));
  const extra = [...mirror.keys()].filter((k) => !server.has(k));
  expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ missing: [], extra: [] });
  const differing = [...server.keys()].filter((k) => JSON.stringify(mirror.get(k)) !== JSON.stringify(server.get(k)));
  expect(differing.slice(0, 3).map((k) => ({ mirror: mirror.get(k), server: server.get(k) }))).toEqual([]);
  expect(mirror.size).toBe(server.size);
}
