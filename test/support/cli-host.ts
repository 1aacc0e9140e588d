/**
 * Runs the project's command-line scripts again and again in one process, for the tests
 * (see cli.ts): `node --import tsx test/support/cli-host.ts`, then one IPC message per run.
 * Each run evaluates the script file afresh — its own module instance, its argv — so it is the
 * script's own code under tsx, as `node --import tsx scripts/<name>.ts` runs it; what it writes
 * to stdout and stderr is captured, and its exit status is what `process.exit` or
 * `process.exitCode` would have made it. Starting tsx, loading the modules and compiling
 * PGlite's WebAssembly (≈ 2–3.5 s of CPU a process) is paid once instead of once a run.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export interface CliRequest {
  /** The script, relative to the project root: `scripts/import.ts`. */
  script: string;
  args: string[];
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Unwinds a run at `process.exit`, as the real call ends the process. */
class Exit extends Error {}

let runs = 0;
let queue: Promise<unknown> = Promise.resolve();

async function run({ script, args }: CliRequest): Promise<CliResult> {
  const path = resolve(script);
  const stdout: string[] = [];
  const stderr: string[] = [];
  // Once the script has asked to exit, nothing more it does is seen (a real process is gone).
  let exited: number | undefined;
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      if (exited === undefined) into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") queueMicrotask(() => (done as () => void)());
      return true;
    }) as typeof process.stdout.write;
  const saved = { out: process.stdout.write, err: process.stderr.write, exit: process.exit, argv: process.argv };
  process.stdout.write = capture(stdout);
  process.stderr.write = capture(stderr);
  process.exit = ((code?: number) => {
    exited ??= Number(code ?? process.exitCode ?? 0);
    throw new Exit(`exit ${exited}`);
  }) as typeof process.exit;
  process.argv = [process.execPath, path, ...args];
  process.exitCode = undefined;
  try {
    await import(`${pathToFileURL(path).href}?run=${++runs}`);
    return { status: exited ?? Number(process.exitCode ?? 0), stdout: stdout.join(""), stderr: stderr.join("") };
  } catch (err) {
    if (exited !== undefined) return { status: exited, stdout: stdout.join(""), stderr: stderr.join("") };
    // Uncaught: Node prints the error and exits 1.
    return { status: 1, stdout: stdout.join(""), stderr: `${stderr.join("")}${err instanceof Error ? err.stack : String(err)}\n` };
  } finally {
    Object.assign(process.stdout, { write: saved.out });
    Object.assign(process.stderr, { write: saved.err });
    process.exit = saved.exit;
    process.argv = saved.argv;
    process.exitCode = undefined;
  }
}

process.on("message", (request: CliRequest) => {
  // One run at a time: they share the process's stdout, stderr and exit.
  queue = queue.then(async () => process.send!(await run(request)));
});
process.send!({ ready: true });
