// How fast a bank reports and syncs its loans over HTTP (guaranteeLoansUpsert, guaranteeLoanChanges),
// on the embedded engine with the sample data, or on a PostgreSQL database given by URL (it is
// migrated and, when empty, seeded first; the loans it writes are removed at the end).
//   npx tsx scripts/bench-loan-reporting.ts                       PGlite in memory, sample data
//   npx tsx scripts/bench-loan-reporting.ts --url postgres://…    that database
// It reports 10 batches of 1,000 new loans, sends the same 10 batches again (all unchanged), corrects
// them (all updated), then syncs every change since the start, 100 per page, and prints the time per
// batch and per page (medians), the loans per second, and the background refresh of the public figures.
import "reflect-metadata";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme, seedSample } from "../src/db/seed/index.js";
import { buildServer } from "../src/server.js";
import { createClient } from "../src/services/partner.js";
import { refreshFiguresOnce } from "../src/services/loan-figures.js";

const { values } = parseArgs({ options: { url: { type: "string" } } });
const database = await openDatabase({ url: values.url, dataDir: values.url ? undefined : "memory://", poolSize: 4 });
await migrateDatabase(database);
// Idempotent: a database that holds the programme and loans keeps them.
await seedProgramme(database);
await seedSample(database, { onlyIfAbsent: true });
const BATCHES = 10;
const BATCH = 1_000;
const PREFIX = "BENCH-RPT-";
const clientId = "bench-reporting";
const app = await buildServer({ database, logLevel: "silent", exportDir: join(tmpdir(), "chuangye-no-exports"), rateLimit: false, figuresRefreshDelayMs: 86_400_000 });
const url = await app.listen({ host: "127.0.0.1", port: 0 });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const counties = ["150102", "150203", "150402", "150602", "150702", "152502"];
const loan = (i: number, status = "ACTIVE") => ({
  loanRef: `${PREFIX}${String(i).padStart(7, "0")}`,
  countyCode: counties[i % counties.length],
  borrowerType: "INDIVIDUAL",
  beneficiaryGroup: ["COLLEGE_GRADUATES", "VETERANS", "RURAL_MIGRANT_WORKERS", null][i % 4],
  amount: `${50_000 + (i % 30) * 5_000}.00`,
  termMonths: 24,
  annualRate: "0.0385",
  interestSubsidyShare: "0.5",
  counterGuaranteeWaived: true,
  issuedOn: `2025-${String(1 + (i % 12)).padStart(2, "0")}-15`,
  status,
  jobsCreated: 1 + (i % 5),
});

let key = "";
async function gql(query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
const UPSERT = `mutation($input: GuaranteeLoansUpsertInput!) { guaranteeLoansUpsert(input: $input) { inserted updated unchanged userErrors { message } } }`;

async function round(label: string, status: string, expect: "inserted" | "updated" | "unchanged") {
  const times: number[] = [];
  const started = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const loans = Array.from({ length: BATCH }, (_, i) => loan(b * BATCH + i, status));
    const t = performance.now();
    const r = (await gql(UPSERT, { input: { idempotencyKey: `${expect}-${b}-${Date.now()}`, loans } })).guaranteeLoansUpsert;
    times.push(performance.now() - t);
    if (r.userErrors.length || r[expect] !== BATCH) throw new Error(`${label}: ${JSON.stringify(r)}`);
  }
  const total = performance.now() - started;
  console.log(`${label.padEnd(34)} ${BATCHES} × ${BATCH}: median ${median(times).toFixed(0)} ms per batch, ${Math.round((BATCHES * BATCH * 1000) / total).toLocaleString("en")} loans/s`);
}

try {
  const [top] = await queryRows<{ bank: string; n: number }>(database.db, sql`select bank_code as bank, count(*) as n from guarantee_loans group by 1 order by 2 desc limit 1`);
  await database.db.execute(sql`delete from api_keys where client_id = ${clientId}`);
  await database.db.execute(sql`delete from api_clients where id = ${clientId}`);
  key = (await createClient(database.db, { id: clientId, name: clientId, role: "BANK", bankCode: top!.bank })).key;
  console.log(`engine ${database.engine}; bank ${top!.bank} holds ${Number(top!.n).toLocaleString("en")} loans`);
  const since = new Date(Date.now() - 2_000).toISOString();
  // The bank's first report removes its sample loans: not part of the measured rounds.
  await gql(UPSERT, { input: { idempotencyKey: `warm-${Date.now()}`, loans: [loan(9_999_999)] } });
  await round("report new loans", "ACTIVE", "inserted");
  await round("the same again (unchanged)", "ACTIVE", "unchanged");
  await round("corrections (status)", "REPAID", "updated");

  const pages: number[] = [];
  let after: string | null = null;
  let changes = 0;
  const started = performance.now();
  for (;;) {
    const t = performance.now();
    const page: any = (await gql(`query($since: DateTime!, $after: String) { guaranteeLoanChanges(since: $since, first: 100, after: $after) { resumeFrom pageInfo { hasNextPage endCursor } nodes { kind loanRef loan { amount status updatedAt } } } }`, { since, after })).guaranteeLoanChanges;
    pages.push(performance.now() - t);
    changes += page.nodes.length;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  const total = performance.now() - started;
  console.log(`${"sync every change, 100 per page".padEnd(34)} ${changes.toLocaleString("en")} changes in ${pages.length} pages: median ${median(pages).toFixed(0)} ms per page, ${Math.round((changes * 1000) / total).toLocaleString("en")} changes/s`);

  const t = performance.now();
  const outcome = await refreshFiguresOnce(database.db);
  console.log(`${"refresh of the public figures".padEnd(34)} ${outcome}, ${((performance.now() - t) / 1000).toFixed(2)} s`);
} finally {
  await app.close();
  // Leave the database as it was (apart from the bank's removed samples on PGlite's throwaway copy).
  if (values.url) {
    await database.db.execute(sql`delete from guarantee_loans where loan_ref like ${`${PREFIX}%`}`);
    await database.db.execute(sql`delete from loan_tombstones where loan_ref like ${`${PREFIX}%`}`);
  }
  await database.close();
}
