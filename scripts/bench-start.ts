// How long the service takes to start on PGlite, first start (empty folder) and later start
// (the same folder again), and writes the section "First start" of BENCHMARKS.md.
//   npm run bench:start
//   BENCH_START_ROUNDS=5           rounds (default 3); every variant runs once per round, in turn
//   BENCH_START_BEFORE=/path       also measure another checkout (e.g. a worktree of an older
//                                  commit, with node_modules): as `npm start` when it has
//                                  scripts/start.mjs (its bundle and image are prepared first),
//                                  else the old way, under tsx
// Ready means /healthz answers: the service listens only once the database is open, migrated and
// seeded. CPU is the service process's user + system time by then (all its threads, from
// /proc/<pid>/stat), which a busy machine inflates far less than the wall clock.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { freePort, replaceMarkdownSection, ROOT, startNodeEnv, startNodeFlags } from "./bench-support.js";
import { buildImage } from "../src/db/image.js";
import { DEFAULT_IMAGE_DIR } from "../src/config.js";

const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 3);
const BEFORE = process.env.BENCH_START_BEFORE || null;

interface Variant {
  name: string;
  cwd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The other checkout, started as it would start itself; its commit named. */
function beforeVariant(dir: string): Variant {
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8" }).stdout?.trim() || "?";
  if (!existsSync(join(dir, "scripts", "start.mjs"))) return { name: `before: ${commit} under tsx`, cwd: dir, args: ["--import", "tsx", "src/index.ts"], env: {} };
  // What its `npm ci` would have prepared: its bundle and its own image (named by its code).
  spawnSync(process.execPath, ["scripts/start.mjs", "--build"], { cwd: dir, stdio: "inherit" });
  spawnSync(process.execPath, ["--import", "tsx", "scripts/build-image.ts"], { cwd: dir, stdio: "inherit" });
  return { name: `before: ${commit}, \`npm start\``, cwd: dir, args: [...startNodeFlags(dir), "scripts/start.mjs"], env: startNodeEnv(dir) };
}

const variants: Variant[] = [
  ...(BEFORE ? [beforeVariant(BEFORE)] : []),
  { name: "from scratch under tsx (PGLITE_IMAGE_DIR=off, `node --import tsx src/index.ts`)", cwd: ROOT, args: ["--import", "tsx", "src/index.ts"], env: { PGLITE_IMAGE_DIR: "off" } },
  // As package.json's `start` runs it: its Node flags and environment, without npm in between (whose own start is not the service's).
  { name: "`npm start` (scripts/start.mjs: the bundle, and the prepared image)", cwd: ROOT, args: [...startNodeFlags(), "scripts/start.mjs"], env: startNodeEnv() },
];

interface Sample {
  readyMs: number;
  cpuMs: number | null;
  load: number;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

function cpuMsOf(pid: number): number | null {
  try {
    // Fields after the command name: utime and stime are the 14th and 15th of the whole line.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return null;
  }
}

async function startOnce(variant: Variant, dataDir: string): Promise<Sample> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", EXPORT_ON_START: "false", EXPORT_SCHEDULE: "off", ...variant.env };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, { cwd: variant.cwd, env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant.name} exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return { readyMs: performance.now() - started, cpuMs: cpuMsOf(child.pid!), load: os.loadavg()[0]! };
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

// What `npm ci` prepares: the bundle and the image for the current code.
spawnSync(process.execPath, ["scripts/start.mjs", "--build"], { cwd: ROOT, stdio: "inherit" });
const image = await buildImage(DEFAULT_IMAGE_DIR);
console.log(`image ${image.path} (${image.built ? "built" : "current"})`);

const results = new Map(variants.map((v) => [v.name, { first: [] as Sample[], later: [] as Sample[] }]));
const scratch = mkdtempSync(join(os.tmpdir(), "chuangye-bench-start-"));
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of variants) {
      const dir = join(scratch, `r${round}-${variants.indexOf(variant)}`);
      const first = await startOnce(variant, dir);
      const later = await startOnce(variant, dir);
      results.get(variant.name)!.first.push(first);
      results.get(variant.name)!.later.push(later);
      console.log(`round ${round} ${variant.name}: first ${seconds(first.readyMs)} s (CPU ${first.cpuMs === null ? "?" : seconds(first.cpuMs)} s), later ${seconds(later.readyMs)} s (CPU ${later.cpuMs === null ? "?" : seconds(later.cpuMs)} s), load ${first.load.toFixed(1)}`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const row = (samples: Sample[]) => {
  const ready = samples.map((s) => s.readyMs);
  const cpu = samples.map((s) => s.cpuMs).filter((c): c is number => c !== null);
  return `${seconds(median(ready))} s (${seconds(Math.min(...ready))}–${seconds(Math.max(...ready))}) | ${cpu.length ? `${seconds(median(cpu))} s` : "–"}`;
};
const loads = [...results.values()].flatMap((r) => [...r.first, ...r.later].map((s) => s.load));
const lines = [
  "## First start",
  "",
  `\`npm run bench:start\` (scripts/bench-start.ts), ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the run. PGlite, default settings; ready = \`/healthz\` answers (the service listens only once the database is open, migrated and seeded). ${ROUNDS} rounds, the variants in turn; median (min–max) of the wall clock, and the median CPU time of the service process by then (all threads).`,
  "",
  "| variant | first start | CPU | later start | CPU |",
  "|---|---|---|---|---|",
  ...variants.map((v) => `| ${v.name} | ${row(results.get(v.name)!.first)} | ${row(results.get(v.name)!.later)} |`),
  "",
];
const path = join(ROOT, "BENCHMARKS.md");
writeFileSync(path, replaceMarkdownSection(readFileSync(path, "utf8"), "First start", lines.join("\n")));
console.log(lines.join("\n"));
