/**
 * Boots the service the way `npm start` does (scripts/start.mjs: the esbuild bundle of src/,
 * rebuilt when a source changed; like tsx, esbuild emits no decorator metadata) in a child
 * process, and waits for its "listening" log line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { TestDatabaseLocation } from "./engines.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Running {
  child: ChildProcess;
  url: string;
  startLog: { seedApplied: boolean; sampleApplied: boolean; image: string | null; timingsMs: { load: number; open: number; migrate: number; seed: number; server: number; total: number }; engine: string; pid: number; nodeEnv: string | null };
  /** Everything logged up to "listening". */
  output: string;
  /** Everything logged so far, "listening" and after (a stop's last lines, say). */
  outputSoFar(): string;
}

/**
 * The environment of a service started as an operator starts it: without the NODE_ENV the tests
 * run under (vitest.config.ts), which the children would inherit, so that what they run under is
 * `npm start`'s own default (production), as checked in test/entrypoint.test.ts. Under Vitest's
 * default, NODE_ENV=test, Apollo, for one, behaved otherwise (it took SIGTERM for itself unless
 * NODE_ENV=test: the service's own stop was cut off, and only a child without it showed it).
 */
function serviceEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env };
  if (!("NODE_ENV" in env)) delete childEnv.NODE_ENV;
  delete childEnv.DATABASE_URL;
  return childEnv;
}

/**
 * What a PGlite data folder's control file says of the database's last state: "shut down" after a
 * clean stop, "in production" when the process went without closing it (a start then runs
 * PostgreSQL's crash recovery). The state is the fifth 32-bit field of global/pg_control
 * (ControlFileData: system identifier, 8 bytes; control version; catalog version; state), in the
 * byte order of WebAssembly, little-endian.
 */
export function pgliteControlState(dataDir: string): string {
  const state = readFileSync(join(dataDir, "global", "pg_control")).readUInt32LE(16);
  return ["starting up", "shut down", "shut down in recovery", "shutting down", "in crash recovery", "in archive recovery", "in production"][state] ?? `unknown (${state})`;
}

/** The JSON log lines' messages, in order. */
export function logMessages(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l).msg as string);
}

/**
 * What a first start that migrates and seeds says, step by step, once its database is open (so that
 * it does not look hung): on PostgreSQL (test/entrypoint.test.ts) and on PGlite from scratch
 * (test/image.test.ts).
 */
export const FROM_SCRATCH_STEPS: readonly RegExp[] = [
  /^database open; applying migrations$/,
  /^migrated; checking the programme data/,
  /^programme data written/,
  /^writing sample loans: 10000 of 32000$/,
  /^writing sample loans: 30000 of 32000$/,
  /^sample loans written: 32000 of 32000; refreshing loan rollups and the search index$/,
  /^sample data written$/,
  /^starting the HTTP server$/,
];

/** Each of `steps` matches one of `messages`, in this order (others may come between). */
export function expectInOrder(messages: string[], steps: readonly RegExp[]): void {
  let at = 0;
  for (const step of steps) {
    const found = messages.findIndex((msg, i) => i >= at && step.test(msg));
    expect(found, `${step} in order, in:\n${messages.join("\n")}`).toBeGreaterThanOrEqual(at);
    at = found + 1;
  }
}

export function startEntryPoint(location: TestDatabaseLocation, options: { command?: "node" | "npm start"; env?: NodeJS.ProcessEnv } = {}): Promise<Running> {
  const env = serviceEnv(options.env ?? {});
  if (location.url) env.DATABASE_URL = location.url;
  if (location.dataDir) env.PGLITE_DIR = location.dataDir;
  // The same command as `npm start`, without npm in between so the signal reaches the server.
  const child =
    (options.command ?? "node") === "node"
      ? spawn(process.execPath, ["scripts/start.mjs"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
      : spawn("npm", ["start"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let listening = false;
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${out}`)), 90_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      // Once it listens, what follows is only kept (outputSoFar), not searched again.
      if (listening) return;
      for (const line of out.split("\n")) {
        const m = /listening on (http:\/\/[^/]+)\/graphql/.exec(line);
        if (m) {
          listening = true;
          clearTimeout(timer);
          resolve({ child, url: m[1]!, startLog: JSON.parse(line), output: out, outputSoFar: () => out });
          return;
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`service exited with ${code}:\n${out}`)));
  });
}

/**
 * SIGTERM, as a supervisor sends it; resolves with the exit code (null when a signal ended the
 * process) once its output is all read (`close`, which follows `exit`, comes after the pipes end).
 */
export function stopEntryPoint(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.once("close", (code) => resolve(code));
    running.child.kill("SIGTERM");
  });
}

/**
 * Starts the service as `npm start` does on PGlite folder `dataDir` and kills it (SIGKILL) as
 * soon as `until()` holds — a first start cut off half-way. Fails if the start stopped on its
 * own first (then nothing was cut off). Resolves with what it logged until then.
 */
export async function killStartWhen(dataDir: string, env: NodeJS.ProcessEnv, until: () => boolean): Promise<string> {
  const childEnv = serviceEnv({ ...env, PGLITE_DIR: dataDir });
  const child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  // `close` comes once the pipes are read to their end: what was written before the kill is all there.
  const closed = new Promise((r) => child.once("close", r));
  for (let i = 0; i < 60_000 && child.exitCode === null && !until(); i++) await new Promise((r) => setTimeout(r, 2));
  const stoppedOnItsOwn = child.exitCode !== null;
  child.kill("SIGKILL");
  await closed;
  if (stoppedOnItsOwn) throw new Error(`the start in ${dataDir} stopped on its own (exit ${child.exitCode}) before it could be killed:\n${output}`);
  return output;
}

