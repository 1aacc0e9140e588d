import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";
import LongestFirst from "./test/support/sequencer.js";

// graphql 16 has no `exports` map: without this alias Vite hands our code graphql's ESM
// build and Apollo/type-graphql the CJS one ("another module or realm" errors).
const graphqlAlias = { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") };

const shared = {
  resolve: { alias: [graphqlAlias] },
  test: {
    setupFiles: ["./test/setup.ts"],
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A worker runs file after file in one process instead of a fresh process per file: the
    // modules (Apollo, type-graphql, drizzle, PGlite's compiled WebAssembly) load once per
    // worker, not once per file (≈ 1.3 s of CPU a PostgreSQL file, ≈ 3.7 s a PGlite one).
    // Files share nothing they write: each has its own database and server, and restores what
    // it changes. What a process caches per data version (statistics, progress) cannot answer
    // one file's database with another's figures either: every clone gets a data version of
    // its own (test/support/engines.ts). Before it did, two files at the template's version
    // shared them — bulk-export and export-engines failed in a full run.
    isolate: false,
    // A larger young generation for the test workers: the attack and fuzz files allocate short-lived
    // objects by the million (tables of 10^6 cells, thousands of responses), and with V8's default
    // 16 MB semi-space each scavenge copies the survivors again and again. On the eight heaviest
    // files, both engines, 3 workers: GC pauses 17.4 and 17.5 s with the default, 11.4 and 11.9 s
    // with 64 MB (runs interleaved). A worker's heap peaks at ≈ 500 MB either way.
    execArgv: ["--max-semi-space-size=64"],
  },
};

/**
 * The tests' own processes run the service's code in the mode `npm start` runs it (scripts/start.mjs
 * sets NODE_ENV=production unless told otherwise): under Vitest's default, `test`, graphql-js
 * checks every failed `instanceof` for a second copy of itself, which the deployed service never
 * does. Apollo's settings that follow NODE_ENV are all set explicitly (src/server.ts); of the other
 * packages the service loads, only graphql-armor reads it, to pick a build identical to the
 * other. Measured on files whose requests run in the test's own process, runs interleaved, CPU
 * of each run: disclosure, compiled-execution, bad-input and downloads on PGlite, 66.7 / 72.6 /
 * 70.8 s against 75.0 / 83.7 / 67.6 s under `test`; the same and fuzz on PostgreSQL, 71.6 / 68.2 /
 * 73.6 / 73.1 s against 81.3 / 71.4 / 84.2 / 61.2 s. A whole run is too noisy on this machine to
 * show ≈ 5 %. The services started as an operator starts them get no
 * NODE_ENV (test/support/entry.ts), so that `npm start`'s own default is what they run under.
 */
const env = { NODE_ENV: "production" };

/**
 * `npm test` runs every test twice: once on the embedded engine (PGlite) and once on a real
 * PostgreSQL server, because production runs on the second and newcomers on the first.
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one, on a 2-core CI machine, so the
    // 60-odd files ran one after another. Most of a file's time is waiting (PostgreSQL, Redis,
    // Chromium, timers), so three at once finish sooner without starving either engine.
    maxWorkers: 3,
    // Each project has a Vite server of its own, and without this each transformed every source
    // and test file again (TypeScript to JavaScript): with it, the second project reads the first's
    // output from node_modules/.experimental-vitest-cache (keyed by the file's content and the configuration;
    // `npm ci` starts it afresh). Vitest's "transform" time on twelve files of both engines:
    // 10.2 and 8.4 s without, 5.6 and 5.5 s with.
    experimental: { fsModuleCache: true },
    // Each engine's longest files first (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      { ...shared, test: { ...shared.test, name: "pglite", env: { ...env, TEST_ENGINE: "pglite" }, globalSetup: ["./test/global-setup.pglite.ts"] } },
      { ...shared, test: { ...shared.test, name: "postgres", env: { ...env, TEST_ENGINE: "postgres" }, globalSetup: ["./test/global-setup.postgres.ts"] } },
    ],
  },
});
