/**
 * The order test files start in: PostgreSQL's files, then PGlite's, each the longest first, so
 * that the run does not end with one long file working alone while the other workers idle.
 * Vitest's own order puts PGlite's first, and longest first only when it has the durations of
 * a previous run — which a fresh clone (CI) does not have. PostgreSQL's first: the PGlite
 * template is still being built meanwhile (test/support/template.ts).
 *
 * Not interleaved: a worker (isolate: false) goes on to the next file only if it is of the same
 * project — else it is ended and a new one started, loading every module again. Interleaving
 * the engines cost 137 s of CPU on the 22 lightest files instead of 87 s.
 */
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Seconds each of the longer files took in a whole run on the 2-core machine (`npm test`, load
 * average 7–8 from other work; only the order matters). Files not listed take a few seconds.
 * Update it when a file gets much longer or shorter.
 */
const SECONDS: Record<string, number> = {
  "pglite:test/partner-statistics.test.ts": 108,
  "pglite:test/image.test.ts": 99,
  "pglite:test/import-malformed.test.ts": 87,
  "postgres:test/partner-statistics.test.ts": 70,
  "pglite:test/bulk-export.test.ts": 64,
  "pglite:test/exports.test.ts": 55,
  "pglite:test/disclosure.test.ts": 54,
  "postgres:test/fuzz.test.ts": 51,
  "pglite:test/entrypoint.test.ts": 47,
  "pglite:test/loan-sync.test.ts": 46,
  "pglite:test/partner.test.ts": 44,
  "postgres:test/disclosure.test.ts": 43,
  "postgres:test/bulk-export.test.ts": 42,
  "pglite:test/fuzz.test.ts": 42,
  "postgres:test/entrypoint.test.ts": 40,
  "pglite:test/import.test.ts": 37,
  "postgres:test/exports.test.ts": 35,
  "postgres:test/export-engines.test.ts": 33,
  "postgres:test/import-malformed.test.ts": 32,
  "postgres:test/import.test.ts": 29,
  "pglite:test/pages.test.ts": 26,
  "postgres:test/service-system.test.ts": 26,
  "postgres:test/loan-sync.test.ts": 26,
  "postgres:test/partner.test.ts": 25,
  "postgres:test/loan-reporting.test.ts": 25,
  "pglite:test/service-system.test.ts": 24,
  "pglite:test/samples.test.ts": 23,
  "postgres:test/bad-input.test.ts": 20,
  "pglite:test/loan-reporting.test.ts": 19,
  "pglite:test/filters.test.ts": 19,
  "pglite:test/seed.test.ts": 18,
  "pglite:test/browser.test.ts": 18,
  "postgres:test/browser.test.ts": 15,
  "postgres:test/filters.test.ts": 14,
  "pglite:test/bad-input.test.ts": 13,
  "pglite:test/incubator.test.ts": 12,
  "pglite:test/policy.test.ts": 12,
  "pglite:test/eligibility-engine.test.ts": 10,
  "postgres:test/incubator.test.ts": 9,
  "pglite:test/loan-risk.test.ts": 9,
  "postgres:test/samples.test.ts": 8,
};

const ENGINES = ["postgres", "pglite"];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (f: TestSpecification) => `${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`;
    // A previous run's durations when vitest kept every file's (its cache, in node_modules/.vite), else the table.
    const cached = files.every((f) => this.ctx.cache.getFileTestResults(key(f)));
    const seconds = (f: TestSpecification) => (cached ? this.ctx.cache.getFileTestResults(key(f))!.duration / 1000 : (SECONDS[key(f)] ?? 0));
    const engine = (f: TestSpecification) => ENGINES.indexOf(f.project.name);
    return [...files].sort((a, b) => engine(a) - engine(b) || seconds(b) - seconds(a));
  }
}
