// The fuzz at full size: schema-derived requests (test/support/fuzz-*.ts; 10,000 by default)
// against the real HTTP service on each engine, on a fresh database with the sample data (the
// response cache off, and on for a quarter of the requests). Prints every distinct failure with a minimal reproducer, writes the
// `## Fuzz` section of BENCHMARKS.md (other sections are kept) and exits 1 on any failure.
//
//   npm run fuzz                                    (a fresh random seed, printed)
//   FUZZ_SEED=20220506 npm run fuzz                 (the seed of the test suite)
//   FUZZ_SEED=42 FUZZ_FROM=7412 FUZZ_REQUESTS=1 FUZZ_ENGINE=pglite npm run fuzz   (one request again)
//
// FUZZ_ENGINE: pglite, postgres or both (default); FUZZ_DATABASE_URL: the PostgreSQL database to
// recreate (default chuangye_fuzz on 127.0.0.1); FUZZ_CONCURRENCY (default 4); FUZZ_WRITE=off to
// leave BENCHMARKS.md alone. Every fourth request goes to the service with its response cache on.
import "reflect-metadata";
import { randomInt } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { openDatabase, type Database } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme, seedSample } from "../src/db/seed/index.js";
import { buildAppSchema } from "../src/graphql/schema.js";
import { parseCount, parseIndex, parseSeed } from "../test/support/fuzz-random.js";
import { failureTitle, runFuzz, type FuzzReport } from "../test/support/fuzz-run.js";
import { serveFuzzTargets } from "../test/support/fuzz-server.js";

const SEED = parseSeed(process.env.FUZZ_SEED, () => randomInt(2 ** 32));
const REQUESTS = parseCount("FUZZ_REQUESTS", process.env.FUZZ_REQUESTS, 10_000);
const FROM = parseIndex("FUZZ_FROM", process.env.FUZZ_FROM);
const CONCURRENCY = parseCount("FUZZ_CONCURRENCY", process.env.FUZZ_CONCURRENCY, 4);
const DATABASE_URL = process.env.FUZZ_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/chuangye_fuzz";
const ENGINES = ((process.env.FUZZ_ENGINE ?? "both") === "both" ? ["pglite", "postgres"] : [process.env.FUZZ_ENGINE!]) as ("pglite" | "postgres")[];
for (const engine of ENGINES) if (engine !== "pglite" && engine !== "postgres") throw new Error(`FUZZ_ENGINE must be pglite, postgres or both; got ${engine}`);

/** A fresh database of the engine, migrated and seeded as a first start would (with the sample). */
async function freshDatabase(engine: "pglite" | "postgres"): Promise<{ database: Database; drop: () => Promise<void> }> {
  let database: Database;
  let drop: () => Promise<void>;
  if (engine === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "chuangye-fuzz-"));
    database = await openDatabase({ dataDir: dir });
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const url = new URL(DATABASE_URL);
    const name = url.pathname.slice(1);
    url.pathname = "/postgres";
    const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
      await admin.unsafe(`create database "${name.replace(/"/g, '""')}"`);
    } finally {
      await admin.end();
    }
    database = await openDatabase({ url: DATABASE_URL, poolSize: 4 });
    drop = async () => {};
  }
  await migrateDatabase(database);
  await seedProgramme(database);
  await seedSample(database);
  return { database, drop };
}

async function fuzzEngine(engine: "pglite" | "postgres"): Promise<FuzzReport> {
  console.log(`[${engine}] preparing a fresh database…`);
  const { database, drop } = await freshDatabase(engine);
  const targets = await serveFuzzTargets(database);
  try {
    const report = await runFuzz({
      url: targets.url,
      cachedUrl: targets.cachedUrl,
      schema: await buildAppSchema(),
      seed: SEED,
      requests: REQUESTS,
      from: FROM,
      concurrency: CONCURRENCY,
      drainServerLog: targets.drainServerLog,
      progress: (done, total) => {
        if (done % 1_000 === 0 || done === total) console.log(`[${engine}] ${done.toLocaleString("en")} / ${total.toLocaleString("en")}`);
      },
    });
    console.log(`[${engine}] ${report.text}`);
    return report;
  } finally {
    await targets.close();
    await database.close();
    await drop();
  }
}

/** `text` with its `## Fuzz` section replaced (or appended): the other sections belong to other scripts. */
function withSection(text: string, section: string): string {
  const start = text.search(/^## Fuzz$/m);
  if (start < 0) return `${text.replace(/\n+$/, "")}\n\n${section}`;
  const next = text.slice(start + 3).search(/^## /m);
  const rest = next < 0 ? "" : text.slice(start + 3 + next);
  return `${text.slice(0, start)}${section}${rest ? `\n${rest}` : ""}`;
}

function section(reports: [string, FuzzReport][]): string {
  const fmt = (n: number) => n.toLocaleString("en", { maximumFractionDigits: 0 });
  const statuses = (r: FuzzReport) => Object.entries(r.statuses).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${fmt(v)}`).join(", ");
  const lines = [
    "## Fuzz",
    "",
    `Written by \`npm run fuzz\` on ${new Date().toISOString().slice(0, 10)}: ${fmt(REQUESTS)} schema-derived requests per engine (test/support/fuzz-*.ts), seed ${SEED}, ${CONCURRENCY} at a time, response cache off (on for every fourth request), on a fresh database with the sample data. The service runs in the fuzz's own process, so client and server share its CPU time (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}). Reproduce with \`FUZZ_SEED=${SEED} npm run fuzz\`.`,
    "",
    "| engine | requests | time | requests/s | CPU | HTTP statuses | failing requests | distinct failures |",
    "|---|---|---|---|---|---|---|---|",
    ...reports.map(([engine, r]) => `| ${engine} | ${fmt(r.requests)} | ${(r.ms / 1000).toFixed(1)} s | ${fmt(r.requests / (r.ms / 1000))} | ${(r.cpuMs / 1000).toFixed(1)} s | ${statuses(r)} | ${fmt(r.failed)} | ${r.failures.length} |`),
    "",
  ];
  for (const [engine, r] of reports) {
    if (!r.failures.length) continue;
    lines.push(`Failures on ${engine}:`, "", ...r.failures.map((f) => `- ${failureTitle(f).replace(/\|/g, "\\|")} (${fmt(f.count)}×, first request #${f.first.index})`), "");
  }
  const differ = engineDifferences(reports);
  if (differ) lines.push(differ, "");
  if (reports.every(([, r]) => !r.failures.length)) lines.push("No failures: no HTTP 5xx, no malformed response, no INTERNAL_SERVER_ERROR, no leaked stack trace, SQL text or file path.", "");
  return lines.join("\n");
}

/** The same requests on the same data should get the same answers on both engines (HTTP status and error codes). */
function engineDifferences(reports: [string, FuzzReport][]): string | null {
  if (reports.length !== 2) return null;
  const [[a, ra], [b, rb]] = reports as [[string, FuzzReport], [string, FuzzReport]];
  const differing = ra.outcomes.flatMap((outcome, i) => (outcome !== rb.outcomes[i] ? [`#${ra.from + i} (${a}: ${outcome}; ${b}: ${rb.outcomes[i]})`] : []));
  return differing.length ? `Answered differently by the two engines (HTTP status and error codes): ${differing.length} request(s): ${differing.slice(0, 10).join(", ")}.` : "Both engines gave every request the same HTTP status and error codes.";
}

console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} reproduces this run), ${REQUESTS.toLocaleString("en")} requests on ${ENGINES.join(" and ")}`);
const reports: [string, FuzzReport][] = [];
for (const engine of ENGINES) reports.push([engine, await fuzzEngine(engine)]);
const differences = engineDifferences(reports);
if (differences) console.log(differences);
if (process.env.FUZZ_WRITE !== "off" && FROM === 0) {
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  let previous = "";
  try {
    previous = readFileSync(file, "utf8");
  } catch {
    previous = "# Benchmarks\n";
  }
  writeFileSync(file, withSection(previous, section(reports)));
  console.log("BENCHMARKS.md: ## Fuzz written");
}
process.exitCode = reports.some(([, r]) => r.failures.length) ? 1 : 0;
