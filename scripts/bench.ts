// The benchmark: the service on a real PostgreSQL with ≥ 1,000,000 sample loans, autocannon
// against the three canonical queries, and — in the same run, on the same machine — the peer
// (PostGraphile 5 over the same database, answering its own equivalent of each query;
// scripts/bench-postgraphile.ts) and a bare Node HTTP server answering the very same bytes, as
// the ceiling. The service and the peer are measured in interleaved rounds (service, peer,
// service, peer …), so that other load on the machine falls on both alike. Writes BENCHMARKS.md.
//
//   npm run bench
//   BENCH_LOANS=5000000 BENCH_SECONDS=20 npm run bench
//   BENCH_DATABASE_URL=postgres://… npm run bench      (default: database chuangye_bench on 127.0.0.1)
//   BENCH_ROUNDS=3 npm run bench                       (interleaved rounds per query; default 2)
import "reflect-metadata";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database } from "../src/db/client.js";
import { createClient, revokeClient } from "../src/services/partner.js";
import { exportBenchmark } from "./bench-export.js";
import { BENCH_DATABASE_URL as DATABASE_URL, cpuMilliseconds, ensureBenchDatabase, freePort, otherMarkdownSections, prepareBenchDatabase, ROOT, spawnService, waitFor, type SpawnedService } from "./bench-support.js";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/**
 * The three canonical queries, and PostGraphile's own equivalent of each over the same tables
 * (the same rows, in the same order, with the same related objects). `rows` picks the list out
 * of either response, to check that both return as many rows before anything is timed.
 */
const QUERIES = [
  {
    name: "Q1: 100 incubator bases with region and parent region",
    query: `{ incubatorBases(first: 100) { nodes { code name region { name nameEn parent { name nameEn } } } } }`,
    peer: `{ allIncubatorBases(first: 100, orderBy: CODE_ASC) { nodes { code name regionByCountyCode { name nameEn regionByParentCode { name nameEn } } } } }`,
    rows: (d: any) => d.incubatorBases?.nodes ?? d.allIncubatorBases?.nodes,
  },
  {
    name: "Q2: 20 measures with their departments",
    query: `{ measures(first: 20) { nodes { code title titleEn departments { slug name nameEn } } } }`,
    peer: `{ allPolicySections(first: 20, condition: { kind: MEASURE }, orderBy: DOCUMENT_ORDER_ASC) { nodes { code title titleEn measureDepartmentsByMeasureCode { nodes { departmentByDepartmentSlug { slug name nameEn } } } } } }`,
    // PostGraphile offers no order on measure_departments.ordinal (it is not indexed): its departments come in key order.
    rows: (d: any) => d.measures?.nodes ?? d.allPolicySections?.nodes,
  },
  {
    // The peer has no rollups: its figure is the raw aggregate (PEER_FUNCTION), unsuppressed.
    name: "Q3: loan statistics by beneficiary group for one league (Hohhot)",
    query: `{ loanStatistics(groupBy: [BENEFICIARY_GROUP], filterBy: { regionCode: "150100" }, first: 20) { nodes { beneficiaryGroupCode loanCount totalAmount averageAmount jobsCreated suppressed } } }`,
    peer: `{ postgraphilePeerLoansByGroup(league: "150100") { nodes { beneficiaryGroupCode loanCount totalAmount averageAmount jobsCreated } } }`,
    rows: (d: any) => d.loanStatistics?.nodes ?? d.postgraphilePeerLoansByGroup?.nodes,
  },
];

/**
 * What PostGraphile exposes for Q3: a stable SQL function (PostGraphile's documented way to add
 * a query), in a schema of its own that the service never reads, aggregating the raw loans.
 */
const PEER_FUNCTION = `
create schema if not exists postgraphile_peer;
create or replace function postgraphile_peer.loans_by_group(league text)
returns table (beneficiary_group_code text, loan_count bigint, total_amount numeric, average_amount numeric, jobs_created bigint)
language sql stable as $$
  select beneficiary_group_code, count(*), sum(amount), round(avg(amount), 2), sum(jobs_created)
  from public.guarantee_loans where league_code = league group by 1 order by 1
$$;`;

/** The ceiling: a bare Node HTTP server that answers every request with `body`. */
const BARE_SERVER = `
const http = require("node:http");
const body = Buffer.from(process.env.BODY, "base64");
http.createServer((req, res) => {
  req.resume();
  req.on("end", () => { res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length }); res.end(body); });
}).listen(Number(process.env.PORT), "127.0.0.1");
`;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time of the server process per request, in µs (null where /proc cannot tell). */
  cpuUs: number | null;
}

/** Loads `url`; `pid` is the server process, whose CPU time per request is measured too. */
async function load(url: string, body: string, pid?: number): Promise<Measured> {
  const before = pid ? cpuMilliseconds(pid) : null;
  const result = await autocannon({ url, method: "POST", headers: { "content-type": "application/json" }, body, connections: CONNECTIONS, duration: SECONDS });
  const after = pid ? cpuMilliseconds(pid) : null;
  const cpuUs = before !== null && after !== null && result.requests.total > 0 ? ((after - before) * 1000) / result.requests.total : null;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, cpuUs };
}

/** Several rounds of one target as one figure: mean requests/s and CPU per request, worst p50/p99, all failures. */
function combine(rounds: Measured[]): Measured {
  const cpu = rounds.map((r) => r.cpuUs).filter((c): c is number => c !== null);
  return {
    cpuUs: cpu.length ? cpu.reduce((s, c) => s + c, 0) / cpu.length : null,
    rps: rounds.reduce((s, r) => s + r.rps, 0) / rounds.length,
    p50: Math.max(...rounds.map((r) => r.p50)),
    p99: Math.max(...rounds.map((r) => r.p99)),
    non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
  };
}

async function post(port: number, body: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return res.text();
}

/** PostGraphile over the same database, in its own process (scripts/bench-postgraphile.ts). */
async function startPeer(): Promise<SpawnedService> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench-postgraphile.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitFor(`http://127.0.0.1:${port}/readyz`, child, 1_200);
  return { port, child };
}

async function timeSql(database: Database, query: ReturnType<typeof sql>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await database.db.execute(query);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

interface PartnerPages {
  name: string;
  pages: number;
  medianMs: number;
  maxMs: number;
}

/**
 * Partner pages: what a bank or a programme manager waits for one page of its lists, one request
 * at a time on the uncached service (these answers are never cached). Loan-level lists and exact
 * statistics read the loans under row-level security, so they cost what the database does;
 * before issue 11's partner fixes a bank's page of its loans read all 1M loans and sorted them.
 */
async function partnerPages(port: number, keys: { bank: string; manager: string }): Promise<PartnerPages[]> {
  const gql = async (key: string, query: string, variables: Record<string, unknown>) => {
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(`partner pages: ${JSON.stringify(body.errors)}`);
    return { ms: performance.now() - t, data: body.data };
  };
  const LOANS = `query($a: String, $o: GuaranteeLoanOrder) { guaranteeLoans(first: 100, after: $a, orderBy: $o) { pageInfo { endCursor } nodes { loanRef amount issuedOn } } }`;
  const COUNT = `{ guaranteeLoans(first: 1) { totalCount } }`;
  const STATS = `query($a: String, $g: [LoanStatisticsDimension!]!) { viewer { loanStatistics(groupBy: $g, first: 100, after: $a) { pageInfo { endCursor } nodes { disclosure loanCount totalAmount } } } }`;
  const cases: { name: string; key: string; pages: (after: string | null) => Promise<{ ms: number; next: string | null }> }[] = [];
  for (const [who, key] of [["a bank", keys.bank], ["a programme manager", keys.manager]] as const) {
    for (const order of [null, { field: "ISSUED_ON", direction: "ASC" }, { field: "AMOUNT", direction: "DESC" }, { field: "UPDATED_AT", direction: "ASC" }]) {
      cases.push({ name: `${who}: \`guaranteeLoans(first: 100${order ? `, orderBy: ${order.field} ${order.direction}` : ""})\``, key, pages: async (a) => {
        const r = await gql(key, LOANS, { a, o: order });
        return { ms: r.ms, next: r.data.guaranteeLoans.pageInfo.endCursor };
      } });
    }
    cases.push({ name: `${who}: \`guaranteeLoans { totalCount }\``, key, pages: async () => ({ ms: (await gql(key, COUNT, {})).ms, next: null }) });
    // The second, finer table is the one whose grouping needed more than PostgreSQL's default work_mem (src/services/statistics.ts).
    for (const g of [["REGION_COUNTY", "YEAR", "BANK"], ["REGION_COUNTY", "QUARTER", "BENEFICIARY_GROUP", "BANK"]]) {
      cases.push({ name: `${who}: \`viewer.loanStatistics(groupBy: [${g.join(", ")}], first: 100)\``, key, pages: async (a) => {
        const r = await gql(key, STATS, { a, g });
        return { ms: r.ms, next: r.data.viewer.loanStatistics.pageInfo.endCursor };
      } });
    }
  }
  const out: PartnerPages[] = [];
  for (const c of cases) {
    // One page first (warms the statement and the public table), then up to 10 timed.
    let { next } = await c.pages(null);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await c.pages(next);
      times.push(r.ms);
      next = r.next;
      // A list shorter than 11 pages starts again from its first.
    }
    times.sort((x, y) => x - y);
    out.push({ name: c.name, pages: times.length, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)! });
  }
  return out;
}

async function main() {
  // Other work on the machine moves requests/s more than anything measured here: the report says how much there was.
  const loadBefore = os.loadavg()[0]!;
  if (!(await ensureBenchDatabase())) throw new Error(`no PostgreSQL server answers at ${DATABASE_URL}`);
  const database = await openDatabase({ url: DATABASE_URL, statementTimeoutMs: 3_600_000, poolSize: 2 });
  const { loans, seededMs } = await prepareBenchDatabase(database);
  const [rollups] = await queryRows<{ n: string }>(database.db, sql`select count(*) as n from loan_rollups`);
  const [version] = await queryRows<{ v: string }>(database.db, sql`select version() as v`);
  // The cost the rollups avoid: the same aggregate straight from the raw loans, and from the rollups.
  const rawMs = await timeSql(database, sql`select beneficiary_group_code, count(*), sum(amount), sum(jobs_created) from guarantee_loans where league_code = '150100' group by 1`);
  const rollupMs = await timeSql(database, sql`select league_code, beneficiary_group_code, sum(loan_count), sum(total_amount), sum(jobs_created) from loan_rollups group by 1, 2`);
  const [leagueLoans] = await queryRows<{ n: string }>(database.db, sql`select count(*) as n from guarantee_loans where league_code = '150100'`);
  await database.db.execute(sql.raw(PEER_FUNCTION));
  // Keys of the busiest bank and of a programme manager for the partner pages (revoked at the end).
  const [busiest] = await queryRows<{ bank: string }>(database.db, sql`select bank_code as bank from guarantee_loans group by 1 order by count(*) desc limit 1`);
  const suffix = Date.now().toString(36);
  const partnerKeys = {
    bank: (await createClient(database.db, { id: `bench-bank-${suffix}`, name: "Benchmark bank", role: "BANK", bankCode: busiest!.bank })).key,
    manager: (await createClient(database.db, { id: `bench-manager-${suffix}`, name: "Benchmark programme manager", role: "PROGRAMME_MANAGER" })).key,
  };
  const [bankLoans] = await queryRows<{ n: string }>(database.db, sql`select count(*) as n from guarantee_loans where bank_code = ${busiest!.bank}`);
  await database.close();

  // Two services: the default (whole-response cache keyed by the data version) and one with
  // the cache off, which shows what executing each query costs.
  // No export on start: on this database it writes the 1M-row loans extract for a minute, in
  // the service's own process, while the load runs (it showed in the profiles as csv-stringify).
  const start = (cache: boolean) => spawnService({ env: { DATABASE_URL, LOG_LEVEL: "warn", SEED_SAMPLE: "false", EXPORT_ON_START: "false", RESPONSE_CACHE: cache ? "on" : "off" } });
  const cached = await start(true);
  const uncached = await start(false);
  const peer = await startPeer();
  const peerVersion = (JSON.parse(readFileSync(new URL("../node_modules/postgraphile/package.json", import.meta.url), "utf8")) as { version: string }).version;
  let partner: PartnerPages[] = [];
  const results: { name: string; bytes: number; peerBytes: number; api: Measured; apiUncached: Measured; peer: Measured; bare: Measured; statements: number }[] = [];
  try {
    for (const q of QUERIES) {
      const body = JSON.stringify({ query: q.query });
      const peerBody = JSON.stringify({ query: q.peer });
      // Warm up (JIT, statement caches, the caches) and capture the exact response.
      let response = "";
      for (const port of [uncached.port, cached.port]) for (let i = 0; i < 20; i++) response = await post(port, body);
      let peerResponse = "";
      for (let i = 0; i < 20; i++) peerResponse = await post(peer.port, peerBody);
      const uncachedResponse = await post(uncached.port, body);
      const parsed = JSON.parse(uncachedResponse) as { data?: unknown; errors?: unknown; extensions?: { cost?: { sqlStatements?: number } } };
      if (parsed.errors) throw new Error(`${q.name}: ${JSON.stringify(parsed.errors)}`);
      const peerParsed = JSON.parse(peerResponse) as { data?: unknown; errors?: unknown };
      if (peerParsed.errors || !peerParsed.data) throw new Error(`${q.name}, PostGraphile: ${peerResponse.slice(0, 2000)}`);
      // Like for like: as many rows from both (Q3: the peer also lists the groups the service suppresses or omits).
      const ours = (q.rows(parsed.data) as unknown[]).length;
      const theirs = (q.rows(peerParsed.data) as unknown[]).length;
      if (q !== QUERIES[2] && ours !== theirs) throw new Error(`${q.name}: the service returned ${ours} rows, PostGraphile ${theirs}`);
      console.log(`${q.name}: ${Buffer.byteLength(response)} bytes, ${parsed.extensions?.cost?.sqlStatements} SQL statements uncached; PostGraphile ${Buffer.byteLength(peerResponse)} bytes, ${theirs} rows`);
      // Interleaved rounds: service (uncached, cached), then the peer, then again.
      const rounds: { api: Measured[]; apiUncached: Measured[]; peer: Measured[] } = { api: [], apiUncached: [], peer: [] };
      for (let r = 0; r < ROUNDS; r++) {
        rounds.apiUncached.push(await load(`http://127.0.0.1:${uncached.port}/graphql`, body, uncached.child.pid));
        rounds.peer.push(await load(`http://127.0.0.1:${peer.port}/graphql`, peerBody, peer.child.pid));
        rounds.api.push(await load(`http://127.0.0.1:${cached.port}/graphql`, body, cached.child.pid));
        console.log(`  round ${r + 1}: uncached ${rounds.apiUncached.at(-1)!.rps.toFixed(0)}, PostGraphile ${rounds.peer.at(-1)!.rps.toFixed(0)}, cached ${rounds.api.at(-1)!.rps.toFixed(0)} req/s`);
      }

      const barePort = await freePort();
      const bare = spawn(process.execPath, ["-e", BARE_SERVER], { env: { ...process.env, PORT: String(barePort), BODY: Buffer.from(response).toString("base64") }, stdio: "inherit" });
      try {
        await waitFor(`http://127.0.0.1:${barePort}/`, bare);
        const bareResult = await load(`http://127.0.0.1:${barePort}/`, body, bare.pid);
        results.push({
          name: q.name,
          bytes: Buffer.byteLength(response),
          peerBytes: Buffer.byteLength(peerResponse),
          api: combine(rounds.api),
          apiUncached: combine(rounds.apiUncached),
          peer: combine(rounds.peer),
          bare: bareResult,
          statements: parsed.extensions?.cost?.sqlStatements ?? -1,
        });
      } finally {
        bare.kill();
      }
    }
    partner = await partnerPages(uncached.port, partnerKeys);
  } finally {
    cached.child.kill("SIGTERM");
    uncached.child.kill("SIGTERM");
    peer.child.kill("SIGTERM");
  }

  const cleanup = await openDatabase({ url: DATABASE_URL, poolSize: 1 });
  for (const id of [`bench-bank-${suffix}`, `bench-manager-${suffix}`]) await revokeClient(cleanup.db, id);
  await cleanup.close();

  const fmt = (n: number) => n.toLocaleString("en", { maximumFractionDigits: 0 });
  const us = (n: number | null) => (n === null ? "—" : fmt(n));
  const lines = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Numbers from one run on one machine: compare rows of the same run, not runs of different machines.`,
    "",
    "## Setup",
    "",
    `- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${String(version!.v).split(",")[0]}. Load average (1 min) ${loadBefore.toFixed(1)} before the run, ${os.loadavg()[0]!.toFixed(1)} after it: above ${os.cpus().length}, other work was competing for the cores, and requests/s are low for every target (CPU per request much less so).`,
    `- Data: ${fmt(loans)} sample guarantee loans (${fmt(Number(leagueLoans!.n))} in Hohhot), ${fmt(Number(rollups!.n))} rollup rows.${seededMs !== null ? ` Writing the sample and its rollups took ${fmt(seededMs / 1000)} s in this run.` : ""}`,
    `- Load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per measurement, POST /graphql with a JSON body, after 20 warm-up requests. The service runs in its own process (\`node scripts/start.mjs\`, as \`npm start\`; pool of 10); autocannon shares the same ${os.cpus().length} cores. The service and PostGraphile are measured in ${ROUNDS} interleaved rounds per query (service uncached, PostGraphile, service cached; again); a figure is the mean of its rounds, its latencies the worst round's.`,
    `- Peer: PostGraphile ${peerVersion} (\`scripts/bench-postgraphile.ts\`: the Amber preset, the \`pg\` adaptor, pool of 10, grafserv on node:http, \`NODE_ENV=production\`) over the same database, in its own process, answering its own equivalent of each query: \`allIncubatorBases(orderBy: CODE_ASC)\` with \`regionByCountyCode { regionByParentCode }\`; \`allPolicySections(condition: { kind: MEASURE }, orderBy: DOCUMENT_ORDER_ASC)\` with \`measureDepartmentsByMeasureCode { departmentByDepartmentSlug }\` (in key order: PostGraphile offers no order on the unindexed ordinal); for Q3 a stable SQL function (schema \`postgraphile_peer\`, created by the benchmark) aggregating the raw loans of the league — PostGraphile has no rollups, and its answer is not suppressed.`,
    "- \"cached\" is the service as it runs by default: whole answers cached in process memory in front of GraphQL under the data version, which LISTEN/NOTIFY keeps current — a hit is answered from the HTTP layer, before the body is parsed and before GraphQL runs (`src/graphql/response-cache.ts`), and runs no SQL. \"uncached\" is the same service with `RESPONSE_CACHE=off`: every request parsed, validated, priced and executed, with its SQL statements.",
    "- Ceiling: a bare Node `http` server, started for each query, answering every request with the exact bytes the API returned for it.",
    "",
    "## Results",
    "",
    "| query | response | SQL statements (uncached) | cached req/s | cached p50 / p99 ms | uncached req/s | uncached p50 / p99 ms | bare req/s | bare p50 / p99 ms | cached ÷ bare | uncached ÷ bare |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${fmt(r.bytes)} B | ${r.statements} | ${fmt(r.api.rps)} | ${r.api.p50} / ${r.api.p99} | ${fmt(r.apiUncached.rps)} | ${r.apiUncached.p50} / ${r.apiUncached.p99} | ${fmt(r.bare.rps)} | ${r.bare.p50} / ${r.bare.p99} | ${(r.api.rps / r.bare.rps).toFixed(3)} | ${(r.apiUncached.rps / r.bare.rps).toFixed(3)} |`,
    ),
    "",
    "CPU time of the server process per request (user + system, from `/proc/<pid>/stat`, over each measurement; µs, mean of the rounds) — less sensitive than requests/s to other load on the machine:",
    "",
    "| query | cached | uncached | PostGraphile | bare | cached ÷ bare |",
    "|---|---|---|---|---|---|",
    ...results.map((r) => `| ${r.name} | ${us(r.api.cpuUs)} | ${us(r.apiUncached.cpuUs)} | ${us(r.peer.cpuUs)} | ${us(r.bare.cpuUs)} | ${r.api.cpuUs && r.bare.cpuUs ? (r.bare.cpuUs / r.api.cpuUs).toFixed(3) : "—"} |`),
    "",
    `Errors or non-2xx responses: cached ${results.reduce((s, r) => s + r.api.errors + r.api.non2xx, 0)}, uncached ${results.reduce((s, r) => s + r.apiUncached.errors + r.apiUncached.non2xx, 0)}, PostGraphile ${results.reduce((s, r) => s + r.peer.errors + r.peer.non2xx, 0)}, bare ${results.reduce((s, r) => s + r.bare.errors + r.bare.non2xx, 0)}.`,
    "",
    "## Against PostGraphile",
    "",
    `The same run, interleaved rounds. Ratios are the service's requests/s ÷ PostGraphile ${peerVersion}'s: above 1.00 the service is faster. The goal (issue 11) is uncached Q1 and Q2 ≥ 1.0.`,
    "",
    "| query | PostGraphile req/s | PostGraphile p50 / p99 ms | PostGraphile response | uncached req/s | cached req/s | uncached ÷ PostGraphile | cached ÷ PostGraphile |",
    "|---|---|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${fmt(r.peer.rps)} | ${r.peer.p50} / ${r.peer.p99} | ${fmt(r.peerBytes)} B | ${fmt(r.apiUncached.rps)} | ${fmt(r.api.rps)} | ${(r.apiUncached.rps / r.peer.rps).toFixed(2)} | ${(r.api.rps / r.peer.rps).toFixed(2)} |`,
    ),
    "",
    "Q3 is not like for like: the service answers from its rollups (and suppresses small cells), PostGraphile aggregates the league's raw loans on every request. It shows what the rollups are worth, not what GraphQL execution costs.",
    "",
    "## Partner pages",
    "",
    `One page at a time (no concurrency), on the uncached service: what a partner waits for. Partner answers are never cached. The bank is the one with the most loans (${fmt(Number(bankLoans!.n))}); a page is 100 rows; after one untimed page, up to 10 pages are timed following the cursor. Loan lists and a bank's exact cells read the loans under row-level security; a programme manager's exact cells come from the rollups when no bank's write waits for the figures refresher.`,
    "",
    "| request | pages timed | median ms | slowest ms |",
    "|---|---|---|---|",
    ...partner.map((p) => `| ${p.name} | ${p.pages} | ${p.medianMs.toFixed(1)} | ${p.maxMs.toFixed(1)} |`),
    "",
    "## What the rollups save",
    "",
    `- The Hohhot-by-group aggregate straight from the raw loans: ${rawMs.toFixed(1)} ms of database time (median of 5).`,
    `- The whole league × group table from \`loan_rollups\` (what a cache miss computes): ${rollupMs.toFixed(1)} ms.`,
    "- A repeated statistics query with the response cache off: no SQL; the suppressed table comes from the per-version table cache.",
    "",
  ];
  if (process.env.BENCH_EXPORTS !== "off") lines.push(...exportBenchmark(DATABASE_URL));
  // Sections other scripts write (soak, fuzz, disclosure audit …) are kept as they are.
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  const previous = (() => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return "";
    }
  })();
  const own = lines.filter((l) => l.startsWith("## ")).map((l) => l.slice(3));
  for (const section of otherMarkdownSections(previous, own)) lines.push("", section.replace(/\n$/, ""));
  writeFileSync(file, lines.join("\n"));
  console.log(lines.join("\n"));
}

await main();
