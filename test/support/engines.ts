/**
 * Where tests find their databases. PGlite: a migrated and seeded template folder, copied
 * per test file (initdb in WASM takes seconds; a copy takes milliseconds). PostgreSQL: a
 * template database, cloned per test file with CREATE DATABASE … TEMPLATE, so files run in
 * parallel without seeing each other's writes.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { pgliteStartParams } from "../../src/db/client.js";

export type TestEngine = "pglite" | "postgres";

export function testEngine(): TestEngine {
  const engine = process.env.TEST_ENGINE ?? "pglite";
  if (engine !== "pglite" && engine !== "postgres") throw new Error(`TEST_ENGINE must be pglite or postgres, not ${engine}`);
  return engine;
}

/** A superuser connection for creating the test role and databases (trust auth locally). */
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_ROLE = "chuangye_test";
/**
 * Each `npm test` run has its own templates (named by a run id that globalSetup puts in the
 * environment, which the test workers inherit): two runs at once cannot trample each other.
 */
export function runId(): string {
  process.env.CHUANGYE_TEST_RUN ??= randomBytes(4).toString("hex");
  return process.env.CHUANGYE_TEST_RUN;
}
export const templateDb = () => `chuangye_test_template_${runId()}`;

/**
 * Where PGlite folders go: a RAM-backed tmpfs (/dev/shm) when there is one, else the temporary
 * directory. Each test file copies the 120 MB template and deletes its copy at the end; on this
 * machine's disk (ext4 mounted with `discard`) that took 1.7 s + 2–2.4 s of waiting per file,
 * on /dev/shm 0.8 s + 0.2 s. Set TEST_PGLITE_DIR to choose another place.
 */
export function pgliteRoot(): string {
  if (process.env.TEST_PGLITE_DIR) return process.env.TEST_PGLITE_DIR;
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}
/**
 * This run's PGlite folders — the template and every file's copy — under one folder of the run,
 * which the run removes at the end, and a later run removes if this one was killed (on tmpfs a
 * leftover folder holds memory until then: template.ts, removeAbandonedRuns).
 */
export const pgliteRunsDir = () => join(pgliteRoot(), "chuangye-test");
export const pgliteRunDir = () => join(pgliteRunsDir(), `run-${runId()}`);
export const pgliteTemplateDir = () => join(pgliteRunDir(), "template");
/** A new empty folder for one PGlite database of this run. */
function pgliteFolder(prefix: string): string {
  mkdirSync(pgliteRunDir(), { recursive: true });
  return mkdtempSync(join(pgliteRunDir(), prefix));
}

const adminUrlFor = (database: string) => Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.username = TEST_ROLE;
  u.password = "";
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabaseLocation {
  /** For PostgreSQL: the URL of this file's own database. */
  url?: string;
  /** For PGlite: this file's own data folder. */
  dataDir?: string;
  drop(): Promise<void>;
}

/** Whether this run builds a PGlite template (the pglite project is part of it), done or not. */
export const pgliteTemplateExpected = () => existsSync(`${pgliteTemplateDir()}.building`);

/** Waits until the global setup's process has built the PGlite template (template.ts). */
async function pgliteTemplateReady(): Promise<void> {
  const dir = pgliteTemplateDir();
  for (const deadline = Date.now() + 110_000; !existsSync(`${dir}.ready`); ) {
    if (existsSync(`${dir}.failed`)) throw new Error(`building the PGlite template failed: ${readFileSync(`${dir}.failed`, "utf8")}`);
    if (Date.now() > deadline) throw new Error(`the PGlite template (${dir}) was not ready after 110 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A fresh, migrated and seeded database for one test file, with a data version of its own.
 * Answers derived from the whole data set (statistics tables, progress) are cached per process
 * and keyed by the data version (src/services/versioned-cache.ts): in production one process
 * serves one database, whose every change writes a new random version. Clones of one template
 * would all share the template's version, and one clone's figures — after a write whose new
 * version is not yet published, say — would answer another's in the same process (a test file
 * opening several databases, or files sharing a worker).
 */
export async function cloneTestDatabase(engine: TestEngine = testEngine(), options: { ownVersion?: boolean } = {}): Promise<TestDatabaseLocation> {
  const version = randomUUID();
  if (engine === "pglite") {
    await pgliteTemplateReady();
    const dataDir = pgliteFolder("clone-");
    cpSync(pgliteTemplateDir(), dataDir, { recursive: true });
    // `ownVersion: false`: the caller publishes one on the connection it opens anyway (harness.ts), saving a PGlite start.
    if (options.ownVersion === false) return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
    const pg = await PGlite.create(dataDir, { startParams: pgliteStartParams() });
    try {
      await pg.query("select publish_data_version($1)", [version]);
    } finally {
      await pg.close();
    }
    return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `chuangye_test_${randomBytes(4).toString("hex")}`;
  const location = await createServerDatabase(name, templateDb());
  if (options.ownVersion === false) return location;
  const admin = postgres(adminUrlFor(name), { max: 1, onnotice: () => {} });
  try {
    await admin`select publish_data_version(${version})`;
  } finally {
    await admin.end();
  }
  return location;
}

/** Runs one statement as the superuser, on a connection of its own. */
export async function asAdmin(statement: string): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

export const dropServerDatabase = (name: string) => asAdmin(`drop database if exists "${name}" with (force)`);

/**
 * A clone copies the template's files (STRATEGY FILE_COPY) rather than writing every page of it
 * into the write-ahead log (WAL_LOG, PostgreSQL 15's default): for the 49 MB template, 0.1–0.2 s
 * of the server's CPU a clone instead of ≈ 0.47 s, and 0.35 s instead of 0.6 s of waiting, for
 * the ≈ 60 clones of a run (5 clones each way, interleaved, on the 2-core machine).
 */
async function createServerDatabase(name: string, template?: string): Promise<TestDatabaseLocation> {
  await asAdmin(`create database "${name}"${template ? ` template "${template}" strategy file_copy` : ""} owner "${TEST_ROLE}"`);
  return { url: urlFor(name), drop: () => dropServerDatabase(name) };
}

/** An empty database (not migrated, not seeded), to test first start-up. */
export async function emptyTestDatabase(engine: TestEngine = testEngine()): Promise<TestDatabaseLocation> {
  if (engine === "pglite") {
    const dataDir = pgliteFolder("empty-");
    return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  return createServerDatabase(`chuangye_empty_${randomBytes(4).toString("hex")}`);
}
