// The export half of `npm run bench`: exporting the loan statistics and a 1,000,000-row loans
// extract, against a raw `COPY … TO STDOUT` of the same rows in the same run, and the peak
// memory of an export at 1M and 5M rows. Every measurement runs in a child process of its own
// so that its peak RSS is its own.
//
//   npm run bench:export     only this part: rewrites the "Exports" section of BENCHMARKS.md
//                            (BENCH_DATABASE_URL as for npm run bench; EXPORT_BENCH_WRITE=off leaves it)
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { openDatabase, queryRows } from "../src/db/client.js";
import { datasetByName, type DatasetDefinition } from "../src/exports/catalogue.js";
import { streamRows, writeDataset, writeRenderings } from "../src/exports/run.js";
import type { Format } from "../src/exports/formats.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Measurement {
  ms: number;
  rows: number;
  bytes: number;
  maxRssMb: number;
  /** CPU time of the measuring process (Node, its thread pool included) and of its PostgreSQL backend. */
  nodeCpuMs: number;
  pgCpuMs: number;
}

/**
 * CPU time a local PostgreSQL backend has used (utime + stime of /proc/<pid>/stat), in ms; 0 when the
 * server is elsewhere. Wall time on a shared machine moves with other load; CPU time much less.
 */
function backendCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms (USER_HZ)
  } catch {
    return 0;
  }
}

/** The loans extract, `times` over: 5M rows from 1M loans without writing 5M loans. */
function loansTimes(times: number): DatasetDefinition {
  const base = datasetByName("guarantee-loans-extract")!;
  if (times === 1) return base;
  return {
    ...base,
    query: sql`select bank_code, loan_ref || '#' || k as loan_ref, county_code, cast(borrower_type as text) as borrower_type, beneficiary_group_code as beneficiary_group,
                      cast(amount as text) as amount, term_months, cast(annual_rate as text) as annual_rate, counter_guarantee_waived, cast(issued_on as text) as issued_on,
                      cast(status as text) as status, jobs_created, cast(provenance as text) as provenance
               from guarantee_loans cross join generate_series(1, ${times}) as k`,
  };
}

/** Child side: one measurement, printed as JSON. */
async function child(url: string, what: string, arg: string) {
  const out = mkdtempSync(join(tmpdir(), "chuangye-bench-export-"));
  let rows = 0;
  let bytes = 0;
  let started: number;
  let cpu: NodeJS.CpuUsage;
  let pid: number;
  let pgCpuMs: number;
  // One connection each, opened before the clock starts: its backend's CPU is the run's.
  if (what === "copy" || what === "copy-json") {
    // The floor: PostgreSQL's own CSV writer (or row_to_json, one record a line), straight to a file.
    const client = postgres(url, { max: 1 });
    [{ pid }] = (await client`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
    [started, cpu, pgCpuMs] = [performance.now(), process.cpuUsage(), backendCpuMs(pid)];
    const { sql: query } = new PgDialect().sqlToQuery(datasetByName("guarantee-loans-extract")!.query!);
    const statement = what === "copy" ? `copy (${query}) to stdout with (format csv, header)` : `copy (select row_to_json(q) from (${query}) as q) to stdout`;
    const stream = await client.unsafe(statement).readable();
    await pipeline(stream, createWriteStream(join(out, "loans")));
    pgCpuMs = backendCpuMs(pid) - pgCpuMs;
    await client.end();
    bytes = statSync(join(out, "loans")).size;
    rows = -1;
  } else {
    const database = await openDatabase({ url, statementTimeoutMs: 3_600_000, poolSize: 1 });
    [{ pid }] = (await queryRows<{ pid: number }>(database.db, sql`select pg_backend_pid() as pid`)) as [{ pid: number }];
    [started, cpu, pgCpuMs] = [performance.now(), process.cpuUsage(), backendCpuMs(pid)];
    const only: Record<string, Format[]> = { csv: ["csv"], json: ["json"], "csv-rows": ["csv"] };
    const dataset = what === "stats" ? datasetByName("loan-statistics")! : loansTimes(Number(arg));
    // One format alone is written without its gzip twin, to compare with COPY writing one file.
    const gzip = !only[what] && what !== "all-plain";
    const result =
      what === "csv-rows"
        ? // The row-by-row writer PGlite uses (cursor, batches of 5,000, csv-stringify), on the same server.
          await writeRenderings(out, dataset, {}, ["csv"], (onBatch) => streamRows(database.db, dataset, onBatch, 5_000), { gzip })
        : await writeDataset(database.db, dataset, out, { formats: only[what], gzip });
    pgCpuMs = backendCpuMs(pid) - pgCpuMs;
    rows = result.rows;
    bytes = Object.values(result.files).reduce((s, f) => s + f.bytes + (f.gzip?.bytes ?? 0), 0);
    await database.close();
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  rmSync(out, { recursive: true, force: true });
  console.log(JSON.stringify({ ms, rows, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024, nodeCpuMs: (used.user + used.system) / 1000, pgCpuMs }));
}

function measure(url: string, what: string, arg = "1"): Measurement {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-export.ts", "--child", url, what, arg], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`export benchmark ${what} ${arg} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Measurement;
}

/** The run with the median wall time of several (CPU and memory are that run's). */
function median(runs: Measurement[]): Measurement {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
}

/** Runs every export measurement; returns the BENCHMARKS.md section. */
export function exportBenchmark(url: string): string[] {
  const fmt = (n: number, d = 0) => n.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
  // The 1M-row measurements run in alternating rounds (COPY, exporter, COPY, exporter …), so that other
  // load on the machine falls on both alike; each figure is the round with the median time.
  const rounds = Number(process.env.EXPORT_BENCH_ROUNDS ?? 3);
  console.log("export benchmark: loan statistics…");
  const stats = measure(url, "stats");
  const series: Record<string, Measurement[]> = { copy: [], csv: [], "copy-json": [], json: [], "all-plain": [], all: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const what of Object.keys(series)) {
      console.log(`export benchmark: round ${round}/${rounds}, ${what} of 1M loans…`);
      series[what]!.push(measure(url, what, "1"));
    }
  }
  const [copy, csv, copyJson, json, plain1, all1] = Object.values(series).map(median) as [Measurement, Measurement, Measurement, Measurement, Measurement, Measurement];
  console.log("export benchmark: CSV of 1M loans, row by row…");
  const rowByRow = measure(url, "csv-rows", "1");
  console.log("export benchmark: all formats of 5M rows…");
  const all5 = measure(url, "all", "5");
  const row = (label: string, m: Measurement, rows = m.rows) =>
    `| ${label} | ${fmt(rows)} | ${fmt(m.bytes / 2 ** 20, 1)} MiB | ${fmt(m.ms / 1000, 2)} s | ${fmt(rows / (m.ms / 1000))} | ${fmt(m.nodeCpuMs / 1000, 1)} s + ${fmt(m.pgCpuMs / 1000, 1)} s | ${fmt(m.maxRssMb)} MB |`;
  const share = (m: Measurement, floor: Measurement) => `${fmt((100 * floor.ms) / m.ms)} %`;
  const cpu = (m: Measurement) => m.nodeCpuMs + m.pgCpuMs;
  return [
    "## Exports",
    "",
    `Written by \`npm run bench\`, or \`npm run bench:export\` (this section alone), on ${new Date().toISOString().slice(0, 10)}. Each row is a separate process (\`scripts/bench-export.ts\`), so the peak RSS is that run's own; it includes Node, tsx and the loaded modules (≈ 100–150 MB before any row). The 1M-row figures are the median of ${rounds} alternating rounds (COPY, exporter, COPY, exporter …); CPU is that run's: the Node process (its thread pool — gzip, file writes — included) + its PostgreSQL backend (\`/proc/<pid>/stat\`), which other load on the shared machine moves much less than the time.`,
    "",
    "On PostgreSQL the exporter streams `COPY (SELECT …) TO STDOUT` with the formatting done in SQL (src/exports/copy.ts): CSV and the Excel variant by COPY's CSV writer, JSON and NDJSON from one COPY of `row_to_json`, three COPYs in one repeatable-read transaction; Node turns LF into CRLF, joins the JSON records, hashes, gzips and writes. The files are byte for byte those of the row-by-row writer that PGlite and the computed datasets (loan statistics) use (test/export-engines.test.ts).",
    "",
    "| export | rows | written | time | rows/s | CPU: Node + PostgreSQL | peak RSS |",
    "|---|---|---|---|---|---|---|",
    `| loan statistics (league × quarter × group, suppressed), 4 formats + gzip | ${fmt(stats.rows)} | ${fmt(stats.bytes / 2 ** 20, 1)} MiB | ${fmt(stats.ms / 1000, 2)} s | — | ${fmt(stats.nodeCpuMs / 1000, 1)} s + ${fmt(stats.pgCpuMs / 1000, 1)} s | ${fmt(stats.maxRssMb)} MB |`,
    row("raw `COPY (…) TO STDOUT (FORMAT csv)` of the loans extract, to a file", copy, 1_000_000),
    row("exporter, loans extract, CSV only (no gzip twin)", csv),
    row("for comparison: the row-by-row writer PGlite uses (cursor, batches of 5,000, csv-stringify), CSV only, one run", rowByRow),
    row("raw `COPY (SELECT row_to_json(q) FROM (…) q) TO STDOUT` of the loans extract, to a file", copyJson, 1_000_000),
    row("exporter, loans extract, JSON only (no gzip twin)", json),
    row("exporter, loans extract, CSV + Excel CSV + JSON + NDJSON, no gzip twins", plain1),
    row("exporter, loans extract, CSV + Excel CSV + JSON + NDJSON + gzip twins", all1),
    row("exporter, 5 × the loans extract, all formats + gzip (one run)", all5),
    "",
    `The row-by-row writer takes ${fmt(rowByRow.ms / csv.ms, 1)}× as long for the same CSV (${fmt(rowByRow.nodeCpuMs / 1000, 1)} s of Node CPU against ${fmt(csv.nodeCpuMs / 1000, 1)} s). Against PostgreSQL's own COPY of the same rows: CSV at ${share(csv, copy)} of its throughput (${fmt(cpu(csv) / cpu(copy), 2)}× its CPU time), JSON at ${share(json, copyJson)} of \`COPY (SELECT row_to_json …)\` (${fmt(cpu(json) / cpu(copyJson), 2)}× its CPU time); the exporter also hashes while writing, writes CRLF line ends and the JSON array, and reads COPY's stream in chunks of 256 KiB. With every format, the four gzip twins (zlib level 6, in Node's thread pool) add ${fmt((all1.nodeCpuMs - plain1.nodeCpuMs) / 1000, 1)} s of Node CPU to ${fmt(plain1.nodeCpuMs / 1000, 1)} s. Peak memory: ${fmt(all1.maxRssMb)} MB at 1M rows and ${fmt(all5.maxRssMb)} MB at 5M rows — flat: each chunk is written before the next is read.`,
    "",
  ];
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  // Imported here, not at the top: the children would load the seed and migrations for nothing (and count them in their RSS).
  const { BENCH_DATABASE_URL, ensureBenchDatabase, prepareBenchDatabase, replaceMarkdownSection } = await import("./bench-support.js");
  if (!(await ensureBenchDatabase())) throw new Error(`no PostgreSQL server answers at ${BENCH_DATABASE_URL}`);
  const database = await openDatabase({ url: BENCH_DATABASE_URL, statementTimeoutMs: 3_600_000, poolSize: 2 });
  await prepareBenchDatabase(database);
  await database.close();
  const section = exportBenchmark(BENCH_DATABASE_URL).join("\n");
  console.log(section);
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  if (process.env.EXPORT_BENCH_WRITE !== "off") writeFileSync(file, replaceMarkdownSection(readFileSync(file, "utf8"), "Exports", section));
}
