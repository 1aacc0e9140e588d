// Incremental sync (issue 8, item 3): a bank's nightly job, replayed over HTTP on both engines —
// create, correct, delete, sync — keeps a mirror, built from the sync output alone, equal to the
// server's rows; a write that commits while a sync runs is delivered by the next one; one bank
// never sees another's changes.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/services/partner.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";
import { applyChanges, CHANGES, expectMirrorEquals, loan, newKey, remove, serverLoans, syncAll, upsert, UPSERT } from "./support/loan-reporting.js";

let server: TestServer;
const keys: Record<string, string> = {};
// Two banks with few sample loans: the first full sync pages through all of them.
const bankA = "boc-nmg";
const bankB = "mengshang-bank";
const EVERYTHING = "2000-01-01T00:00:00.000Z";

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  keys.a = (await createClient(db, { id: "sync-bank-a", name: "Bank A nightly job", role: "BANK", bankCode: bankA })).key;
  keys.aOther = (await createClient(db, { id: "sync-bank-a-2", name: "Bank A, another system", role: "BANK", bankCode: bankA })).key;
  keys.b = (await createClient(db, { id: "sync-bank-b", name: "Bank B nightly job", role: "BANK", bankCode: bankB })).key;
  keys.manager = (await createClient(db, { id: "sync-hrss", name: "HRSS programme office", role: "PROGRAMME_MANAGER" })).key;
  keys.writeOnly = (await createClient(db, { id: "sync-bank-a-writer", name: "Bank A writer", role: "BANK", bankCode: bankA, scopes: ["loans:write"] })).key;
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a bank's nightly job", () => {
  it("creates, corrects and deletes loans, syncs, and its mirror equals the server's rows exactly, every night", async () => {
    const mirror = new Map<string, any>();
    // Night 0: the first sync copies everything the bank has (its sample loans, here).
    const first = await syncAll(server, keys.a!, EVERYTHING);
    applyChanges(mirror, first.changes);
    expect(first.changes.every((c) => c.bank.code === bankA && c.kind === "UPSERTED")).toBe(true);
    expect(first.pages).toBeGreaterThan(10);
    expectMirrorEquals(mirror, await serverLoans(server, bankA));
    let since = first.resumeFrom;

    // Night 1: the bank reports 250 loans in three batches; its first report replaces its samples.
    // Bank B reports at the same time.
    const night1 = Array.from({ length: 250 }, (_, i) => loan(`BOC-2025-${String(i + 1).padStart(5, "0")}`, i));
    const r1 = await upsert(server, keys.a!, night1.slice(0, 100));
    expect([r1.inserted, r1.updated, r1.unchanged, r1.sampleLoansRemoved > 0, r1.userErrors]).toEqual([100, 0, 0, true, []]);
    await upsert(server, keys.a!, night1.slice(100, 200));
    // A retried batch (the response was lost): applied once.
    const retryKey = newKey("night1-last");
    const r3 = await upsert(server, keys.a!, night1.slice(200), retryKey);
    const r3again = await upsert(server, keys.a!, night1.slice(200), retryKey);
    expect([r3.replayed, r3again.replayed, r3again.inserted, r3again.loans.map((l: any) => l.updatedAt)]).toEqual([false, true, 50, r3.loans.map((l: any) => l.updatedAt)]);
    await upsert(server, keys.b!, [loan("MS-0001", 1), loan("MS-0002", 2)]);
    const s1 = await syncAll(server, keys.a!, since);
    const s1ReadBy = Date.now();
    applyChanges(mirror, s1.changes);
    expect(s1.changes.filter((c) => c.kind === "DELETED")).toHaveLength(first.changes.length);
    expect(s1.changes.every((c) => c.bank.code === bankA)).toBe(true);
    expectMirrorEquals(mirror, await serverLoans(server, bankA));
    expect(mirror.size).toBe(250);
    since = s1.resumeFrom;

    // Night 2: corrections (status, amount), deletions, a loan deleted and reported again.
    const corrected = night1.slice(0, 20).map((l, i) => ({ ...l, status: i % 2 ? "REPAID" : "OVERDUE", amount: i === 0 ? "66666.66" : l.amount }) as const);
    const r4 = await upsert(server, keys.a!, [...corrected, ...night1.slice(20, 25)]);
    expect([r4.inserted, r4.updated, r4.unchanged]).toEqual([0, 20, 5]);
    const d1 = await remove(server, keys.a!, ["BOC-2025-00030", "BOC-2025-00031", "BOC-2025-00032", "BOC-2025-00033"]);
    expect(d1.deletedLoanRefs).toHaveLength(4);
    await upsert(server, keys.a!, [loan("BOC-2025-00031", 31, { jobsCreated: 9 })]);
    await remove(server, keys.b!, ["MS-0001"]);
    const s2 = await syncAll(server, keys.a!, since);
    applyChanges(mirror, s2.changes);
    // Tonight's changes: 20 corrected, 3 deleted, 1 re-created — and not the 5 sent unchanged. Anything else
    // is a repeat of a change last night's sync delivered already (made within the margin before its resumeFrom).
    const tonight = [...corrected.map((l) => l.loanRef), "BOC-2025-00031"];
    expect(s2.changes.filter((c) => c.kind === "UPSERTED").map((c) => c.loanRef)).toEqual(expect.arrayContaining(tonight));
    const deletedTonight = ["BOC-2025-00030", "BOC-2025-00032", "BOC-2025-00033"];
    expect(s2.changes.filter((c) => c.kind === "DELETED" && Date.parse(c.at) >= s1ReadBy).map((c) => c.loanRef).sort()).toEqual(deletedTonight);
    // Repeats (live rows and the sample loans' tombstones of night 1) are all older than last night's read.
    for (const c of s2.changes.filter((c) => (c.kind === "UPSERTED" && !tonight.includes(c.loanRef)) || (c.kind === "DELETED" && !deletedTonight.includes(c.loanRef)))) {
      expect(Date.parse(c.at), c.loanRef).toBeLessThan(s1ReadBy);
    }
    expectMirrorEquals(mirror, await serverLoans(server, bankA));
    since = s2.resumeFrom;

    // Night 3: nothing happened. The sync is empty (or repeats a few of the last changes, never fewer).
    const s3 = await syncAll(server, keys.a!, since);
    applyChanges(mirror, s3.changes);
    expectMirrorEquals(mirror, await serverLoans(server, bankA));
    expect(mirror.size).toBe(247);
  });

  it("a write that commits while a sync runs is not missed: the next sync from resumeFrom delivers it", async () => {
    const [target] = await rows<{ ref: string; jobs: number }>(server.database, sql`select loan_ref as ref, jobs_created as jobs from guarantee_loans where bank_code = ${bankA} and loan_ref = 'BOC-2025-00200'`);
    expect(target).toBeDefined();
    const before = await syncAll(server, keys.a!, EVERYTHING);
    const mirror = new Map<string, any>();
    applyChanges(mirror, before.changes);

    let during: Awaited<ReturnType<typeof syncAll>>;
    let stampedAt: string;
    if (server.database.engine === "postgres") {
      // Another session (an import, another replica's report) updates a loan and stays open.
      const writer = postgres(server.database.url!, { max: 1, onnotice: () => {} });
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let stamped: string | undefined;
        const transaction = writer.begin(async (tx) => {
          const [row] = await tx<{ at: string }[]>`update guarantee_loans set jobs_created = jobs_created + 1 where bank_code = ${bankA} and loan_ref = ${target!.ref}
            returning to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at`;
          stamped = row!.at;
          await held;
        });
        while (stamped === undefined) await sleep(10);
        stampedAt = stamped;
        // Well past the write's start (its updated_at) and the margin: a resume point of "now" would skip the write.
        await sleep(1_500);
        during = await syncAll(server, keys.a!, before.resumeFrom);
        // The uncommitted change is invisible (a repeat of the loan's earlier state may come, as the margin allows).
        expect(during.changes.find((c) => c.loanRef === target!.ref)?.loan.jobsCreated ?? target!.jobs).toBe(target!.jobs);
        expect(Date.parse(during.resumeFrom)).toBeLessThanOrEqual(Date.parse(stampedAt));
        release();
        await transaction;
      } finally {
        await writer.end();
      }
      // With no write in progress, the resume point is the read's own time (less the margin): after the write's stamp.
      const idle = await server.gql(`query($since: DateTime!) { guaranteeLoanChanges(since: $since, first: 1) { resumeFrom } }`, { since: EVERYTHING }, { key: keys.a });
      expect(Date.parse(idle.data.guaranteeLoanChanges.resumeFrom)).toBeGreaterThan(Date.parse(stampedAt));
    } else {
      // PGlite has one connection: a read waits for the write's transaction, and sees it whole.
      let read: Promise<Awaited<ReturnType<typeof syncAll>>> | undefined;
      let finished = false;
      await server.database.db.transaction(async (tx) => {
        await tx.execute(sql`update guarantee_loans set jobs_created = jobs_created + 1 where bank_code = ${bankA} and loan_ref = ${target!.ref}`);
        read = syncAll(server, keys.a!, before.resumeFrom).then((r) => ((finished = true), r));
        await sleep(300);
        expect(finished).toBe(false);
      });
      during = await read!;
      expect(during.changes.find((c) => c.loanRef === target!.ref)?.loan.jobsCreated).toBe(target!.jobs + 1);
    }
    applyChanges(mirror, during.changes);
    const next = await syncAll(server, keys.a!, during.resumeFrom);
    applyChanges(mirror, next.changes);
    expect(next.changes.find((c) => c.loanRef === target!.ref)?.loan.jobsCreated).toBe(target!.jobs + 1);
    expectMirrorEquals(mirror, await serverLoans(server, bankA));
  });
});

describe("what a sync shows, and to whom", () => {
  it("bank A never sees bank B's changes; a programme manager sees every bank's; viewer.guaranteeLoanChanges is the same list", async () => {
    await upsert(server, keys.b!, [loan("MS-0100", 4)]);
    const a = await syncAll(server, keys.a!, EVERYTHING);
    expect(new Set(a.changes.map((c) => c.bank.code))).toEqual(new Set([bankA]));
    const b = await syncAll(server, keys.b!, EVERYTHING);
    expect(new Set(b.changes.map((c) => c.bank.code))).toEqual(new Set([bankB]));
    // Tombstones are scoped too: B's deletion earlier is B's alone.
    expect(b.changes.some((c) => c.kind === "DELETED" && c.loanRef === "MS-0001")).toBe(true);
    expect(a.changes.some((c) => c.loanRef.startsWith("MS-"))).toBe(false);
    // Another client of the same bank sees the same changes.
    expect((await syncAll(server, keys.aOther!, EVERYTHING)).changes.map((c) => c.loanId)).toEqual(a.changes.map((c) => c.loanId));
    // The programme manager: every bank's changes, bank by bank. Its copy starts from the rows at a
    // resume point (as a bulk export would give them), then follows the changes of both banks.
    const start = await server.gql(`query($since: DateTime!) { guaranteeLoanChanges(since: $since, first: 1) { resumeFrom } }`, { since: "2999-01-01T00:00:00.000Z" }, { key: keys.manager });
    const mirror = await serverLoans(server, null);
    const batchA = Array.from({ length: 130 }, (_, i) => loan(`BOC-MGR-${String(i).padStart(3, "0")}`, i));
    await upsert(server, keys.a!, batchA);
    await upsert(server, keys.b!, [loan("MS-0200", 5), loan("MS-0100", 4, { status: "REPAID" })]);
    await remove(server, keys.a!, ["BOC-MGR-007"]);
    const all = await syncAll(server, keys.manager!, start.data.guaranteeLoanChanges.resumeFrom);
    expect(new Set(all.changes.map((c) => c.bank.code))).toEqual(new Set([bankA, bankB]));
    expect(all.pages).toBeGreaterThan(1);
    applyChanges(mirror, all.changes);
    expectMirrorEquals(mirror, await serverLoans(server, null));
    // Through viewer: the same list.
    const viaViewer = await syncAll(
      server,
      keys.a!,
      EVERYTHING,
      CHANGES.replace("guaranteeLoanChanges(", "viewer { guaranteeLoanChanges(").replace(/\} \} \} \}$/, "} } } } }"),
      (data) => data.viewer.guaranteeLoanChanges,
    );
    expect(viaViewer.changes.map((c) => c.loanId)).toEqual((await syncAll(server, keys.a!, EVERYTHING)).changes.map((c) => c.loanId));
    // totalCount is the SQL count of live rows and tombstones since the time.
    const since = "2025-01-01T00:00:00.000Z";
    const res = await server.gql(`query($since: DateTime!) { guaranteeLoanChanges(since: $since, first: 1) { totalCount } }`, { since }, { key: keys.a });
    const [n] = await rows<{ n: number }>(
      server.database,
      sql`select (select count(*) from guarantee_loans where bank_code = ${bankA} and updated_at >= ${since}) + (select count(*) from loan_tombstones where bank_code = ${bankA} and deleted_at >= ${since}) as n`,
    );
    expect(res.data.guaranteeLoanChanges.totalCount).toBe(Number(n!.n));
  });

  it("cursors carry the pass's resume point and are refused for another client, another `since`, or when tampered with", async () => {
    const page1 = await server.gql(CHANGES, { since: EVERYTHING, after: null }, { key: keys.a });
    const cursor = page1.data.guaranteeLoanChanges.pageInfo.endCursor as string;
    await sleep(20);
    const page2 = await server.gql(CHANGES, { since: EVERYTHING, after: cursor }, { key: keys.a });
    expect(page2.data.guaranteeLoanChanges.resumeFrom).toBe(page1.data.guaranteeLoanChanges.resumeFrom);
    for (const [label, vars, key] of [
      ["another client of the same bank", { since: EVERYTHING, after: cursor }, keys.aOther],
      ["another bank", { since: EVERYTHING, after: cursor }, keys.b],
      ["another since", { since: "2001-01-01T00:00:00.000Z", after: cursor }, keys.a],
      ["a forged resume point", { since: EVERYTHING, after: Buffer.from(JSON.stringify(["loanChanges|sync-bank-a|2000-01-01T00:00:00.000Z|x", bankA, "2025-01-01 00:00:00+00", "x"])).toString("base64url") }, keys.a],
    ] as const) {
      const res = await server.gql(CHANGES, vars, { key });
      expect([res.status, res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.argumentName], label).toEqual([200, "BAD_USER_INPUT", "after"]);
    }
  });

  it("needs a key with loans:read; `since` must be a time", async () => {
    const q = `query($since: DateTime!) { guaranteeLoanChanges(since: $since, first: 5) { totalCount } }`;
    const anonymous = await server.gql(q, { since: EVERYTHING });
    expect([anonymous.status, anonymous.errors![0]!.extensions!.code]).toEqual([401, "UNAUTHENTICATED"]);
    const writeOnly = await server.gql(q, { since: EVERYTHING }, { key: keys.writeOnly });
    expect([writeOnly.status, writeOnly.errors![0]!.extensions!.code]).toEqual([403, "FORBIDDEN"]);
    for (const since of ["yesterday", "2025-02-30T00:00:00Z", "2025-01-01"]) {
      const res = await server.gql(q, { since }, { key: keys.a });
      expect([res.status, res.errors![0]!.extensions!.code], since).toEqual([400, "BAD_USER_INPUT"]);
    }
    const ancient = await server.gql(q, { since: "0000-12-31T00:00:00Z" }, { key: keys.a });
    expect(ancient.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    // The schema marks the field partner-only.
    const schema = await server.gql(`{ __type(name: "Query") { fields { name description } } }`);
    expect(schema.data.__type.fields.find((f: any) => f.name === "guaranteeLoanChanges").description).toMatch(/^\*\*Partner only\*\*/);
  });
});

describe("upserts of the same data", () => {
  it("an identical report moves nothing: its loans keep their updatedAt, so a sync after them does not repeat them", async () => {
    const loans = [loan("BOC-IDEM-1", 1), loan("BOC-IDEM-2", 2)];
    const first = await upsert(server, keys.a!, loans);
    await sleep(1_100);
    const again = await upsert(server, keys.a!, loans);
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    expect(again.loans.map((l: any) => l.updatedAt)).toEqual(first.loans.map((l: any) => l.updatedAt));
    expect(again.figuresRefreshScheduledAt).toBeNull();
  });
});
