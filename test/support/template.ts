/**
 * Runs once per engine at the start of a run (global setup): builds the template database every
 * test file clones (migrated with the committed migrations and seeded with the real programme
 * data and the sample).
 */
import "reflect-metadata";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { DEFAULT_IMAGE_DIR } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { openFromImage } from "../../src/db/image.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { seedProgramme, seedSample } from "../../src/db/seed/index.js";
import { ADMIN_URL, dropServerDatabase, pgliteRunDir, pgliteRunsDir, pgliteTemplateDir, templateDb, TEST_ROLE, urlFor, type TestEngine } from "./engines.js";

/**
 * Vitest runs the projects' global setups one after the other, but the two templates are
 * independent and use different processors (PGlite's in this process, PostgreSQL's in the
 * server): the first setup starts every engine's build of the run, and each setup awaits its
 * own. The builds live on globalThis because each project loads its setup file separately.
 */
const BUILDS = Symbol.for("chuangye.test.templateBuilds");
type Teardown = () => Promise<void>;
const builds = (): Map<TestEngine, Promise<Teardown>> => ((globalThis as Record<symbol, unknown>)[BUILDS] ??= new Map()) as Map<TestEngine, Promise<Teardown>>;

/** Starts the template of each engine among this run's `projects` (once per run); returns this engine's teardown. */
export function prepareTemplate(engine: TestEngine, projects: string[] = [engine]): Promise<Teardown> {
  const engines = projects.filter((p): p is TestEngine => p === "pglite" || p === "postgres");
  for (const e of new Set([...engines, engine])) {
    if (builds().has(e)) continue;
    const build = buildTemplate(e);
    // Awaited by that engine's own setup, which reports a failure; not unhandled meanwhile.
    build.catch(() => {});
    builds().set(e, build);
  }
  return builds().get(engine)!;
}

/** Removes the PGlite folders of runs killed before their teardown (their process is gone): on tmpfs they hold memory. */
function removeAbandonedRuns(): void {
  const runs = pgliteRunsDir();
  for (const name of existsSync(runs) ? readdirSync(runs) : []) {
    const pidFile = join(runs, name, "pid");
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : NaN;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === "EPERM";
    }
    // A folder without a pid file is a run starting this instant (or not ours): left alone unless an hour old.
    if (Number.isNaN(pid) ? Date.now() - statSync(join(runs, name)).mtimeMs > 3_600_000 : !alive) rmSync(join(runs, name), { recursive: true, force: true });
  }
}

/**
 * Builds the template; returns the teardown that removes it after the run. The PGlite one is
 * built in a process of its own and not awaited here: the PostgreSQL files run meanwhile (the
 * sequencer starts them first), and the PGlite files wait for it when they copy it (engines.ts).
 * Built here, it held up every file for 15–30 s of one busy core.
 */
async function buildTemplate(engine: TestEngine): Promise<Teardown> {
  if (engine === "pglite") {
    removeAbandonedRuns();
    const dir = pgliteTemplateDir();
    rmSync(pgliteRunDir(), { recursive: true, force: true });
    mkdirSync(pgliteRunDir(), { recursive: true });
    writeFileSync(join(pgliteRunDir(), "pid"), String(process.pid));
    writeFileSync(`${dir}.building`, "");
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./template-build.ts", import.meta.url)), dir], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) =>
      child.once("exit", (code, signal) => {
        if (code !== 0 && !signal) writeFileSync(`${dir}.failed`, `exit status ${code}\n${stderr}`);
        resolve();
      }),
    );
    return async () => {
      child.kill();
      await exited;
      rmSync(pgliteRunDir(), { recursive: true, force: true });
    };
  }
  const TEMPLATE_DB = templateDb();
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin`select 1`.catch((err: Error) => {
      throw new Error(`The postgres test project needs PostgreSQL at ${ADMIN_URL} (set TEST_ADMIN_DATABASE_URL to change it): ${err.message}`);
    });
    // Our own role, created idempotently: tests never depend on what a previous run left.
    // CREATEROLE: migration 0005 creates the API role (chuangye_api) that row-level security applies to.
    await admin.unsafe(`do $$ begin if not exists (select from pg_roles where rolname = '${TEST_ROLE}') then create role "${TEST_ROLE}" login createdb createrole; end if; end $$`);
    await admin.unsafe(`alter role "${TEST_ROLE}" createrole`);
    await admin.unsafe(`drop database if exists "${TEMPLATE_DB}" with (force)`);
    await admin.unsafe(`create database "${TEMPLATE_DB}" owner "${TEST_ROLE}"`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: urlFor(TEMPLATE_DB), poolSize: 1 });
  await migrateDatabase(database);
  await seedProgramme(database);
  // The same deterministic sample as a first start writes: tests compare the API with SQL over it.
  await seedSample(database);
  await database.close();
  return () => dropServerDatabase(TEMPLATE_DB);
}

/**
 * A PGlite database in `dir` (empty or absent), migrated and seeded as a first start leaves it
 * (src/service.ts): from the prepared image `npm ci` built for this code (src/db/image.ts), about
 * a second, when there is one; else from scratch — initdb, the migrations, the programme and the
 * 32,000-loan sample, 12–15 s of CPU.
 */
export async function buildPgliteDatabase(dir: string): Promise<void> {
  const image = await openFromImage(dir, DEFAULT_IMAGE_DIR);
  const database = image.database ?? (await openDatabase({ dataDir: dir }));
  await migrateDatabase(database);
  await seedProgramme(database);
  await seedSample(database, { onlyIfAbsent: true });
  await database.close();
}
