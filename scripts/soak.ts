// The soak: does memory stay flat under many distinct requests? Starts the service as
// `npm start` does, but under `node --max-old-space-size=256` and NODE_ENV=production, on the
// benchmark PostgreSQL database (scripts/bench-support.ts; PGlite when no server answers), sends
// SOAK_REQUESTS distinct requests — every one a new document or new variables, so that every
// cache sees a new key: policy, incubators, loan statistics, progress, search, and errors —
// and samples the child's RSS (/proc/<pid>/status) and heap (its MEMORY_REPORT_MS log lines).
// Fails when the child dies or its RSS keeps growing. Writes the "Soak" section of BENCHMARKS.md.
//
//   npm run soak
//   SOAK_REQUESTS=100000 SOAK_CONCURRENCY=16 npm run soak
//   BENCH_DATABASE_URL=postgres://… BENCH_LOANS=… npm run soak     (the database as for npm run bench)
//   SOAK_WRITE=off RESPONSE_CACHE_MAX_BYTES=… npm run soak          (an experiment: BENCHMARKS.md untouched)
import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { getIntrospectionQuery } from "graphql";
import { openDatabase } from "../src/db/client.js";
import { BENCH_DATABASE_URL, ensureBenchDatabase, prepareBenchDatabase, replaceMarkdownSection, residentBytes, ROOT, spawnService } from "./bench-support.js";

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 40_000);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
const HEAP_MB = Number(process.env.SOAK_HEAP_MB ?? 256);
const SAMPLE_MS = 1_000;
/**
 * The highest RSS of the second half may exceed that of the first half by at most this: a leak
 * keeps raising the peak, while the transient peaks of big computations come in both halves.
 */
const MAX_LATE_GROWTH = 1.15;
/** Settings that change what the caches may hold: a run with any of them set says so. */
const CACHE_VARIABLES = ["RESPONSE_CACHE_MAX_BYTES", "RESPONSE_CACHE_MAX_ENTRIES", "DOCUMENT_CACHE_MAX_BYTES", "DOCUMENT_CACHE_MAX_ENTRIES", "DERIVED_CACHE_MAX_BYTES", "RESPONSE_CACHE"];
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Requests: request i is distinct from every other (an alias or a value carries i).

const regions = (JSON.parse(readFileSync(join(ROOT, "src/db/seed/data/regions.json"), "utf8")) as { regions: { code: string; level: string }[] }).regions;
const LEAGUES = regions.filter((r) => r.level === "LEAGUE").map((r) => r.code);
const COUNTIES = regions.filter((r) => r.level === "COUNTY").map((r) => r.code);
const DIMENSIONS = ["REGION_LEAGUE", "REGION_COUNTY", "YEAR", "QUARTER", "BORROWER_TYPE", "BENEFICIARY_GROUP", "BANK"];
const GROUPS = ["COLLEGE_GRADUATES", "VETERANS", "RURAL_MIGRANT_WORKERS", "PEOPLE_WITH_DISABILITIES", "REGISTERED_UNEMPLOYED"];
const KINDS = ["INCUBATION_BASE", "MAKER_SPACE", "INNOVATION_DEMONSTRATION_BASE", "RETURNEE_PARK", "COLLEGE_STUDENT_PARK"];
const ORDER = ["NAME", "RECOGNIZED_YEAR", "JOBS", "CODE"];
const WORDS = ["创业", "担保贷款", "孵化", "高校毕业生", "退役军人", "补贴", "众创空间", "返乡", "培训", "导师", "loan", "incubator", "subsidy", "training", "veterans", "内蒙古", "就业", "奖补", "农牧民", "示范"];
const SEARCH_TYPES = ["MEASURE", "PLAN", "SUPPORT_INSTRUMENT", "TARGET", "DEPARTMENT", "INCUBATOR_BASE", "DEMONSTRATION_BRAND"];
/** Every non-empty set of up to four dimensions: every statistics table a client can ask for. */
const DIMENSION_SETS = (() => {
  const sets: string[][] = [];
  for (let mask = 1; mask < 1 << DIMENSIONS.length; mask++) {
    const set = DIMENSIONS.filter((_, b) => mask & (1 << b));
    if (set.length <= 4) sets.push(set);
  }
  return sets;
})();

interface SoakRequest {
  kind: string;
  /** A JSON body, or a deliberately broken one. */
  body: string;
}

const gql = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
const INTROSPECTION = gql(getIntrospectionQuery());

function request(i: number): SoakRequest {
  const slot = i % 20;
  const a = `r${i}`; // an alias naming the request: a new document, a new response-cache key
  if (slot < 5) {
    const plan = `P${1 + (i % 7)}`;
    const variants = [
      () => gql(`query($first: Int!, $plan: String) { ${a}: measures(first: $first, filterBy: { planCode: $plan }) { nodes { code title titleEn departments { slug name } } totalCount } }`, { first: 1 + (i % 22), plan }),
      () => gql(`{ ${a}: measure(code: "${plan}-M${1 + (i % 3)}") { code title body supportInstruments { code name amount } } }`),
      () => gql(`query($first: Int!) { ${a}: supportInstruments(first: $first, filterBy: { beneficiaryGroup: ${GROUPS[i % GROUPS.length]} }) { nodes { code name amountType amount conditions } } }`, { first: 1 + (i % 23) }),
      () => gql(`{ ${a}: targets(first: ${1 + (i % 18)}) { nodes { metricName comparator value unit } } plans { code title } }`),
      () => gql(`{ ${a}: departments(first: ${1 + (i % 27)}) { nodes { slug name measures(first: 5) { nodes { code } } } } }`),
    ];
    return { kind: "policy", body: variants[i % variants.length]!() };
  }
  if (slot < 9) {
    const region = i % 3 === 0 ? LEAGUES[i % LEAGUES.length] : COUNTIES[i % COUNTIES.length];
    const filter = { regionCode: i % 5 === 0 ? null : region, kind: i % 4 === 0 ? KINDS[i % KINDS.length] : null, recognizedYear: { min: 2000 + (i % 20), max: 2025 } };
    return {
      kind: "incubator",
      body: gql(
        `query($first: Int!, $filter: IncubatorBaseFilter, $order: IncubatorBaseOrder) { ${a}: incubatorBases(first: $first, filterBy: $filter, orderBy: $order) { totalCount pageInfo { endCursor hasNextPage } nodes { code name kind level recognizedYear region { name nameEn parent { name } } } } }`,
        { first: 1 + (i % 100), filter, order: { field: ORDER[i % ORDER.length], direction: i % 2 ? "ASC" : "DESC" } },
      ),
    };
  }
  if (slot < 13) {
    const groupBy = DIMENSION_SETS[i % DIMENSION_SETS.length]!;
    const filter: Record<string, unknown> = {};
    // A filter counts as a dimension (at most four in all).
    if (groupBy.length < 4 && i % 3 === 0) filter.year = 2022 + (i % 4);
    else if (groupBy.length < 4 && i % 3 === 1 && !groupBy.includes("REGION_COUNTY")) filter.regionCode = LEAGUES[i % LEAGUES.length];
    return {
      kind: "statistics",
      body: gql(
        `query($groupBy: [LoanStatisticsDimension!]!, $filter: LoanStatisticsFilter, $first: Int!) { ${a}: loanStatistics(groupBy: $groupBy, filterBy: $filter, first: $first) { totalCount nodes { leagueCode countyCode year quarter borrowerType beneficiaryGroupCode bankCode loanCount totalAmount jobsCreated } } }`,
        { groupBy, filter, first: 1 + (i % 100) },
      ),
    };
  }
  if (slot < 16) {
    const text = `${WORDS[i % WORDS.length]} ${WORDS[Math.floor(i / WORDS.length) % WORDS.length]}`;
    const types = i % 2 ? null : [SEARCH_TYPES[i % SEARCH_TYPES.length]];
    return {
      kind: "search",
      body: gql(`query($q: String!, $types: [SearchType!], $first: Int!) { ${a}: search(query: $q, types: $types, first: $first) { totalCount edges { rank textMatches { field fragment } node { __typename ... on Measure { code } ... on IncubatorBase { code } } } } }`, {
        q: text,
        types,
        first: 1 + (i % 20),
      }),
    };
  }
  if (slot < 17) {
    return { kind: "progress", body: gql(`{ ${a}: targets(first: ${1 + (i % 18)}) { nodes { code progress { currentValue share met asOf source series { period value } } } } }`) };
  }
  if (slot < 18) {
    return i % 400 === 17
      ? { kind: "introspection", body: INTROSPECTION }
      : { kind: "regions", body: gql(`{ ${a}: region(code: "${LEAGUES[i % LEAGUES.length]}") { name children { code name nameEn } } demonstrationBrands(first: ${1 + (i % 50)}) { nodes { code name } } }`) };
  }
  // Errors, each kind with its own distinct documents.
  const errors = [
    () => gql(`{ ${a}: measure(code: "P${1 + (i % 7)}-M${50 + (i % 40)}") { code } }`), // NOT_FOUND
    () => gql(`{ ${a}: measures(first: ${101 + i}) { nodes { code } } }`), // BAD_USER_INPUT
    () => gql(`{ ${a}: measures(first: 1) { nodes { nope${i} } } }`), // GRAPHQL_VALIDATION_FAILED
    () => gql(`{ ${a}: measure(code: "P1-M1") { ${"parent { ".repeat(12)}code${" }".repeat(12)} } }`), // QUERY_TOO_COMPLEX
    () => `{"query": "{ ${a}: plan(code: \\"P1\\") { code }`, // unparseable JSON
    () => gql(`{ ${a}: incubatorBases(first: 5, after: "tampered-${i}") { nodes { code } } }`), // BAD_USER_INPUT
  ];
  return { kind: "error", body: errors[i % errors.length]!() };
}

// ---------------------------------------------------------------------------------------------

interface Sample {
  atMs: number;
  done: number;
  rss: number | null;
  heapUsed?: number;
  heapTotal?: number;
  external?: number;
}

async function main() {
  const dataDir = mkdtempSync(join(os.tmpdir(), "chuangye-soak-"));
  const postgresUp = await ensureBenchDatabase().catch(() => false);
  let engineNote: string;
  const env: NodeJS.ProcessEnv = { LOG_LEVEL: "info", MEMORY_REPORT_MS: String(SAMPLE_MS), EXPORT_SCHEDULE: "off", EXPORT_ON_START: "false", EXPORT_DIR: join(dataDir, "exports") };
  if (postgresUp) {
    const database = await openDatabase({ url: BENCH_DATABASE_URL, statementTimeoutMs: 3_600_000, poolSize: 2 });
    const { loans } = await prepareBenchDatabase(database);
    await database.close();
    env.DATABASE_URL = BENCH_DATABASE_URL;
    env.SEED_SAMPLE = "false";
    engineNote = `PostgreSQL (\`${new URL(BENCH_DATABASE_URL).pathname.slice(1)}\`, ${loans.toLocaleString("en")} sample loans)`;
  } else {
    env.DATABASE_URL = "";
    env.PGLITE_DIR = join(dataDir, "pglite");
    engineNote = "PGlite (no PostgreSQL server answered; a fresh data folder with the default sample; its WebAssembly memory is part of the RSS)";
  }

  // The child's heap, from its own log (MEMORY_REPORT_MS); its error log lines are counted too.
  let lastHeap: NodeJS.MemoryUsage | undefined;
  let loggedErrors = 0;
  const errorSamples: string[] = [];
  let exitedWith: string | null = null;
  const stderrTail: string[] = [];
  const service = await spawnService({
    env,
    nodeArgs: [`--max-old-space-size=${HEAP_MB}`],
    stdio: ["ignore", "pipe", "pipe"],
    onSpawn: (child) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (!line.startsWith("{")) return;
        try {
          const entry = JSON.parse(line) as { level?: number; msg?: string; memory?: NodeJS.MemoryUsage; err?: { type?: string; message?: string }; path?: unknown };
          if (entry.msg === "memory" && entry.memory) lastHeap = entry.memory;
          else if ((entry.level ?? 0) >= 50) {
            loggedErrors++;
            if (errorSamples.length < 5) errorSamples.push(`${entry.msg}: ${entry.err?.type ?? ""} ${entry.err?.message ?? ""}${entry.path ? ` at ${JSON.stringify(entry.path)}` : ""}`.replace(/\s+/g, " ").slice(0, 300));
          }
        } catch {
          // not a log line
        }
      });
      createInterface({ input: child.stderr! }).on("line", (line) => {
        stderrTail.push(line);
        if (stderrTail.length > 40) stderrTail.shift();
      });
      child.once("exit", (code, signal) => (exitedWith = signal ?? `exit code ${code}`));
    },
  });
  const pid = service.child.pid!;
  const url = `http://127.0.0.1:${service.port}/graphql`;
  console.log(`soak: service pid ${pid} on ${engineNote}; ${REQUESTS.toLocaleString("en")} requests, ${CONCURRENCY} at a time, --max-old-space-size=${HEAP_MB}`);

  const samples: Sample[] = [];
  let done = 0;
  const started = performance.now();
  const sample = (): Sample => {
    const s: Sample = { atMs: Math.round(performance.now() - started), done, rss: residentBytes(pid), heapUsed: lastHeap?.heapUsed, heapTotal: lastHeap?.heapTotal, external: lastHeap?.external };
    samples.push(s);
    return s;
  };
  await new Promise((r) => setTimeout(r, 2 * SAMPLE_MS)); // a heap report before any load
  const atStart = sample();
  const loadBefore = os.loadavg()[0]!;
  const sampler = setInterval(() => {
    const s = sample();
    if (samples.length % 15 === 0) console.log(`  ${s.done.toLocaleString("en")} requests, RSS ${((s.rss ?? 0) / MB).toFixed(0)} MB, heap ${((s.heapUsed ?? 0) / MB).toFixed(0)} MB`);
  }, SAMPLE_MS);

  const byKind = new Map<string, number>();
  const byOutcome = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let atMiddle: Sample | undefined;
  let next = 0;
  let transportErrors = 0;
  const worker = async () => {
    while (next < REQUESTS && exitedWith === null) {
      const i = next++;
      const r = request(i);
      count(byKind, r.kind);
      try {
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: r.body });
        const text = await res.text();
        let code = "OK";
        try {
          const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[]; error?: string };
          code = parsed.errors?.[0]?.extensions?.code ?? parsed.error ?? "OK";
        } catch {
          code = "UNPARSEABLE_RESPONSE";
        }
        count(byOutcome, `${res.status} ${code}`);
      } catch {
        transportErrors++;
        count(byOutcome, "connection error");
      }
      done++;
      if (done === Math.floor(REQUESTS / 2)) atMiddle = sample();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  const loadAfter = os.loadavg()[0]!;
  const atEnd = sample();
  // After the load: does the heap come back down once the last requests are done?
  await new Promise((r) => setTimeout(r, 5_000));
  const atRest = sample();
  clearInterval(sampler);
  const peakRss = (() => {
    try {
      return Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
    } catch {
      return Math.max(...samples.map((s) => s.rss ?? 0));
    }
  })();
  const healthy = exitedWith === null && (await fetch(`http://127.0.0.1:${service.port}/healthz`).then((r) => r.ok).catch(() => false));
  if (exitedWith === null) {
    service.child.kill("SIGTERM");
    await new Promise((r) => service.child.once("exit", r));
  }
  rmSync(dataDir, { recursive: true, force: true });

  // Flat means: no more growth in the second half than a GC cycle's worth.
  const middle = atMiddle ?? samples[Math.floor(samples.length / 2)]!;
  const loadSamples = samples.filter((s) => s.atMs > atStart.atMs);
  const firstHalfMax = Math.max(0, ...loadSamples.filter((s) => s.done < middle.done).map((s) => s.rss ?? 0));
  const secondHalfMax = Math.max(0, ...loadSamples.filter((s) => s.done >= middle.done).map((s) => s.rss ?? 0));
  const flat = secondHalfMax <= firstHalfMax * MAX_LATE_GROWTH;
  // Heap used swings with every collection: its range per half says more than any one sample.
  const heapRange = (from: number, to: number) => {
    const used = samples.filter((x) => x.done >= from && x.done <= to && x.heapUsed !== undefined && x.atMs > atStart.atMs).map((x) => x.heapUsed!);
    return used.length ? `${(Math.min(...used) / MB).toFixed(0)}–${(Math.max(...used) / MB).toFixed(0)} MB` : "—";
  };
  const failures = [
    ...(healthy ? [] : ["the service died or stopped answering"]),
    ...(done === REQUESTS && transportErrors === 0 ? [] : [`${REQUESTS - done + transportErrors} requests unanswered`]),
    ...(flat ? [] : [`the highest RSS of the second half is more than ${((MAX_LATE_GROWTH - 1) * 100).toFixed(0)} % over that of the first`]),
  ];
  const ok = failures.length === 0;

  const overridden = CACHE_VARIABLES.filter((v) => process.env[v]).map((v) => `\`${v}=${process.env[v]}\``);
  const bounds = overridden.length ? overridden.join(", ") : "the default cache bounds";
  const mb = (n: number | null | undefined) => (n == null ? "—" : `${(n / MB).toFixed(0)} MB`);
  const row = (name: string, s: Sample) => `| ${name} | ${s.done.toLocaleString("en")} | ${mb(s.rss)} | ${mb(s.heapUsed)} | ${mb(s.heapTotal)} | ${mb(s.external)} |`;
  const lines = [
    "## Soak",
    "",
    `Written by \`npm run soak\` on ${new Date().toISOString().slice(0, 10)} (\`scripts/soak.ts\`). The service as \`npm start\` runs it, under \`node --max-old-space-size=${HEAP_MB}\` with \`NODE_ENV=production\` and ${bounds}, on ${engineNote}; ${os.cpus().length} cores shared with the client.`,
    `${done === REQUESTS ? REQUESTS.toLocaleString("en") : `${done.toLocaleString("en")} of ${REQUESTS.toLocaleString("en")}`} requests, ${CONCURRENCY} at a time, each distinct from every other (an alias or a variable carries its number, so every cache sees a new key): ${[...byKind].map(([k, n]) => `${k} ${n.toLocaleString("en")}`).join(", ")}. RSS from \`/proc/<pid>/status\`; heap from the service's own \`MEMORY_REPORT_MS\` log lines.`,
    "",
    "| point | requests done | RSS | heap used | heap total | external |",
    "|---|---|---|---|---|---|",
    row("start (before load)", atStart),
    row("middle", middle),
    row("end", atEnd),
    row("5 s after the end", atRest),
    "",
    `- Peak RSS (VmHWM): ${mb(peakRss)}. Highest RSS sampled in the first half ${mb(firstHalfMax)}, in the second ${mb(secondHalfMax)} (${((secondHalfMax / (firstHalfMax || 1)) * 100 - 100).toFixed(1)} %; the check allows +${((MAX_LATE_GROWTH - 1) * 100).toFixed(0)} %).`,
    `- Heap used (sampled every ${SAMPLE_MS / 1000} s) ranged over ${heapRange(0, middle.done)} in the first half and ${heapRange(middle.done, REQUESTS)} in the second.`,
    `- Throughput: ${(done / elapsedS).toFixed(0)} requests/s over ${elapsedS.toFixed(0)} s (load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after: other work on the machine slows it; memory is what this run measures).`,
    `- Outcomes (HTTP status and error code): ${[...byOutcome].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k}: ${n.toLocaleString("en")}`).join("; ")}.`,
    `- Errors logged by the service: ${loggedErrors}${errorSamples.length ? ` (${errorSamples.map((e) => `“${e}”`).join("; ")})` : ""}. The service ${healthy ? "survived and answered /healthz afterwards" : `did NOT survive (${exitedWith ?? "no answer from /healthz"})`}.`,
    `- Verdict: ${ok ? "PASS (alive, every request answered, RSS no higher in the second half than in the first)" : `FAIL (${failures.join("; ")})`}.`,
    "",
  ];
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  let previous = "";
  try {
    previous = readFileSync(file, "utf8");
  } catch {
    // no file yet
  }
  // SOAK_WRITE=off: an experiment (e.g. with other cache bounds) that must not replace the recorded run.
  if (process.env.SOAK_WRITE !== "off") writeFileSync(file, replaceMarkdownSection(previous, "Soak", lines.join("\n")));
  console.log(lines.join("\n"));
  if (!ok) {
    if (stderrTail.length) console.error(`last lines of the service's stderr:\n${stderrTail.join("\n")}`);
    process.exit(1);
  }
}

await main();
