// What `npm run bench` and `npm run soak` share: the benchmark database (created and filled
// once, kept for later runs), free ports, and starting the service as a child process the way
// `npm start` does.
import "reflect-metadata";
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { queryRows, type Database } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme, seedSample } from "../src/db/seed/index.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/chuangye_bench";
export const BENCH_LOANS = Number(process.env.BENCH_LOANS ?? 1_000_000);

/** Creates the benchmark database if it is missing; false when no PostgreSQL server answers. */
export async function ensureBenchDatabase(databaseUrl = BENCH_DATABASE_URL): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "ECONNREFUSED" || (err as { code?: string }).code === "CONNECT_TIMEOUT") return false;
    throw err;
  } finally {
    await admin.end();
  }
}

/** Migrates and seeds the benchmark database, writing `loans` sample loans once (kept for later runs). */
export async function prepareBenchDatabase(database: Database, loans = BENCH_LOANS): Promise<{ loans: number; seededMs: number | null }> {
  await migrateDatabase(database);
  await seedProgramme(database);
  const [row] = await queryRows<{ n: string }>(database.db, sql`select count(*) as n from guarantee_loans`);
  const current = Number(row!.n);
  if (current >= loans) return { loans: current, seededMs: null };
  console.log(`writing ${loans.toLocaleString("en")} sample loans (once; the database is kept for later runs)…`);
  const result = await seedSample(database, {
    loans,
    onProgress: (written, total) => {
      if (written % 100_000 === 0 || written === total) console.log(`  ${written.toLocaleString("en")} / ${total.toLocaleString("en")}`);
    },
  });
  // What autovacuum does to a long-lived database sooner or later: without it a fresh benchmark
  // database has no visibility map, and index-only scans (a bank's `totalCount`) read the heap —
  // twice the time of the same run a day later.
  await database.db.execute(sql`vacuum (analyze) guarantee_loans`);
  return { loans, seededMs: result.ms ?? null };
}

/** package.json's `start` script, of this checkout or another one. */
function startScript(root = ROOT): string {
  return (JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { scripts: { start: string } }).scripts.start;
}

/**
 * The Node flags `npm start` runs the service with (package.json's `start`), so that the
 * benchmark measures the service as it is deployed — e.g. `--max-semi-space-size=64`: a larger
 * young generation, fewer scavenges (garbage collection was ≈ 18 % of an uncached list query's
 * CPU with the default, ≈ 13 % with it; issue 11).
 */
export function startNodeFlags(root = ROOT): string[] {
  return startScript(root).split(/\s+/).filter((arg) => /^--(?!import$)[a-z-]+(=\S+)?$/.test(arg));
}

/**
 * The environment `npm start` adds (package.json's `start`): each `NAME=${NAME-default}` before
 * `exec` is the default unless the caller has NAME set — e.g. glibc's huge-page tunable (README,
 * "Quick start").
 */
export function startNodeEnv(root = ROOT, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const added: Record<string, string> = {};
  for (const [, name, value] of startScript(root).matchAll(/(?:^|\s)([A-Z_][A-Z0-9_]*)=\$\{\1-([^}]*)\}/g)) if (env[name!] === undefined) added[name!] = value!;
  return added;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function waitFor(url: string, child: ChildProcess, attempts = 300): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

export interface SpawnedService {
  port: number;
  child: ChildProcess;
}

/**
 * Starts the service as `npm start` does (scripts/start.mjs) in a child process, without npm in between, so
 * that signals and /proc/<pid> are the service's own — and waits until /readyz answers.
 * `nodeArgs` go before the script (e.g. `--max-old-space-size=256`); `onSpawn` sees the child
 * before it is ready (to read its piped output).
 */
export async function spawnService(options: { env: NodeJS.ProcessEnv; nodeArgs?: string[]; stdio?: StdioOptions; onSpawn?: (child: ChildProcess) => void }): Promise<SpawnedService> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startNodeFlags(), ...(options.nodeArgs ?? []), "scripts/start.mjs"], {
    cwd: ROOT,
    // One client hammering from 127.0.0.1 is the point of a benchmark: no rate limit (a caller may turn it on).
    env: { ...process.env, ...startNodeEnv(), HOST: "127.0.0.1", NODE_ENV: "production", RATE_LIMIT: "off", ...options.env, PORT: String(port) },
    stdio: options.stdio ?? ["ignore", "inherit", "inherit"],
  });
  // Piped output must be read from the first line on, or a full pipe stalls the child.
  options.onSpawn?.(child);
  await waitFor(`http://127.0.0.1:${port}/readyz`, child, 1_200);
  return { port, child };
}

/** CPU time (user + system) a process has used, in milliseconds (Linux: /proc/<pid>/stat, 100 ticks a second), or null. */
export function cpuMilliseconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Resident set size of a process in bytes (Linux: VmRSS of /proc/<pid>/status), or null. */
export function residentBytes(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A `## title` section of a Markdown file (heading to the next `## ` heading or the end), or null. */
export function markdownSection(text: string, title: string): string | null {
  const start = text.search(new RegExp(`^## ${title}$`, "m"));
  if (start < 0) return null;
  const next = text.slice(start + 3).search(/^## /m);
  return (next < 0 ? text.slice(start) : text.slice(start, start + 3 + next)).replace(/\n+$/, "\n");
}

/** `text` with its `## title` section replaced by `section` (appended when there is none). */
export function replaceMarkdownSection(text: string, title: string, section: string): string {
  const current = markdownSection(text, title);
  const body = section.replace(/\n+$/, "\n");
  if (current === null) return `${text.replace(/\n+$/, "")}\n\n${body}`;
  const start = text.search(new RegExp(`^## ${title}$`, "m"));
  const rest = text.slice(start + current.length).replace(/^\n+/, "");
  return text.slice(0, start) + body + (rest ? `\n${rest}` : "");
}

/**
 * The `## ` sections of a Markdown file other than `own`, in their order. `npm run bench` keeps
 * those of BENCHMARKS.md: other scripts (soak, fuzz, disclosure audit) write them.
 */
export function otherMarkdownSections(text: string, own: string[]): string[] {
  const titles = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
  return titles.filter((t) => !own.includes(t)).map((t) => markdownSection(text, t)!);
}
