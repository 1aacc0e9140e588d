/**
 * The project's command-line scripts, as tests run them: `spawnCli` starts a process of its own
 * (`node scripts/start.mjs --cli <name> …`, exactly as `npm run <name>` does: the script's
 * bundle), `startCliHost` one process that runs the scripts' sources under tsx as often as asked
 * (cli-host.ts) — for files that check a script on many inputs, a process start-up (the
 * modules, PGlite's WebAssembly: 1.3–3.5 s of CPU) once instead of once a case. Each file that
 * uses the host also runs the script in a process of its own at least once: exit status and
 * output through a real process.
 */
import { fork, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CliResult } from "./cli-host.js";

export type { CliResult };

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** How `npm run <name>` starts `scripts/<name>.ts` (package.json): from its bundle. */
export function cliCommand(script: string, ...args: string[]): string[] {
  const name = /^scripts\/([a-z-]+)\.ts$/.exec(script)?.[1];
  if (!name) throw new Error(`not a script of scripts/: ${script}`);
  return ["scripts/start.mjs", "--cli", name, ...args];
}

/** One run of a script in a process of its own. */
export function spawnCli(env: NodeJS.ProcessEnv, script: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, cliCommand(script, ...args), { cwd: ROOT, env, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

export interface CliHost {
  /** Runs `script` with `args`, as `node --import tsx <script> <args>` would, in the host process. */
  run(script: string, ...args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

/** Starts the host with this environment (DATABASE_URL, PGLITE_DIR …), for every run. */
export async function startCliHost(env: NodeJS.ProcessEnv): Promise<CliHost> {
  // The host's own execArgv, not the test worker's: node --import tsx, as `npm run` has it.
  const child = fork(fileURLToPath(new URL("./cli-host.ts", import.meta.url)), [], { cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`the CLI host exited (${code}):\n${output}`))));
  exited.catch(() => {});
  const next = () => Promise.race([new Promise<unknown>((resolve) => child.once("message", resolve)), exited]);
  await next();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(script, ...args) {
      const result = queue.then(() => {
        const answer = next();
        child.send({ script, args });
        return answer as Promise<CliResult>;
      });
      queue = result.catch(() => {});
      return result;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await gone;
    },
  };
}
