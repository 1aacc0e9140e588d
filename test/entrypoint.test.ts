// Boots the service exactly as `npm start` does (scripts/start.mjs: a bundle of src/ that, like
// tsx, has no decorator metadata), on an empty database: the first start creates the database
// (on PostgreSQL it migrates and seeds; on PGlite it loads the prepared image, as a newcomer's
// `npm start` does), the second finds everything in place.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_IMAGE_DIR } from "../src/config.js";
import { CREATING_MARK } from "../src/db/client.js";
import { buildImage, findImage } from "../src/db/image.js";
import { ROOT } from "./support/cli.js";
import { cloneTestDatabase, emptyTestDatabase, testEngine, type TestDatabaseLocation } from "./support/engines.js";
import { expectInOrder, FROM_SCRATCH_STEPS, killStartWhen, logMessages, pgliteControlState, startEntryPoint, stopEntryPoint as stop, type Running } from "./support/entry.js";

const exportDir = mkdtempSync(join(tmpdir(), "chuangye-entry-exports-"));

// On PGlite, the first start here loads the prepared image, as `npm start` on a fresh clone does; the
// two starts cut off during initdb have none (PGLITE_IMAGE_DIR=off). A whole first start from
// scratch on PGlite (initdb, migrations, seed, each step logged) is test/image.test.ts's, the start
// that refuses a tampered image: one such start, ≈ 15 s of CPU, serves both files.
// The bundle's code cache is per set of Node options (scripts/start.mjs): these starts have one of
// their own, which other files' starts, running meanwhile, do not write.
const NODE_OPTIONS = `--title=chuangye-entrypoint-test-${testEngine()}`;
function start(location: TestDatabaseLocation, command: "node" | "npm start" = "node"): Promise<Running> {
  return startEntryPoint(location, { command, env: { EXPORT_DIR: exportDir, EXPORT_SCHEDULE: "0 3 * * *", PGLITE_IMAGE_DIR: imageDir, NODE_OPTIONS } });
}
const codeCacheOf = (running: Running) => (running.startLog as unknown as { codeCache: { state: string; file: string } }).codeCache;

async function counts(url: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `{ measures(first: 1) { totalCount } departments(first: 1) { totalCount } targets(first: 1) { totalCount }
                supportInstruments(first: 1) { totalCount } regions(first: 1) { totalCount } plans { code }
                measure(code: "P1-M1") { title departments { name } } }`,
    }),
  });
  return res.json();
}

let location: TestDatabaseLocation;
/** The prepared image the PGlite starts load: the one `npm ci` built for this code, or one built here when there is none. */
let imageDir = "off";
let imageFile: string | null = null;
/** A folder this file built an image into (none was installed), removed at the end. */
let builtImageDir: string | null = null;
beforeAll(async () => {
  location = await emptyTestDatabase();
  if (testEngine() !== "pglite") return;
  const installed = findImage(DEFAULT_IMAGE_DIR);
  if (!installed.found) builtImageDir = mkdtempSync(join(tmpdir(), "chuangye-entry-image-"));
  imageFile = installed.found ? installed.path : (await buildImage(builtImageDir!)).path;
  imageDir = join(imageFile, "..");
}, 180_000);
afterAll(async () => {
  await location?.drop();
  if (builtImageDir) rmSync(builtImageDir, { recursive: true, force: true });
});

describe(`the entry point on ${testEngine()}`, () => {
  it("starts on an empty database, serves the programme, and restarts without duplicating data", async () => {
    if (location.dataDir) {
      // First, a first start killed (SIGKILL) while PGlite's initdb writes the folder: what it left
      // is marked, and the start below clears it and begins again (src/db/client.ts, CREATING_MARK).
      const dataDir = location.dataDir;
      const mark = join(dataDir, CREATING_MARK);
      const cut = await killStartWhen(dataDir, { EXPORT_DIR: exportDir, EXPORT_ON_START: "false", PGLITE_IMAGE_DIR: "off" }, () => existsSync(mark) && existsSync(join(dataDir, "global")));
      // PGLITE_IMAGE_DIR=off: PGlite's initdb, never the prepared image (the files written are initdb's).
      expect(cut).toMatch(/creating the embedded database in .* \(PGlite initdb/);
      expect(cut).not.toContain("from the prepared image");
      expect(existsSync(mark)).toBe(true);
      expect(readdirSync(location.dataDir).length).toBeGreaterThan(2);
    }
    if (location.dataDir) {
      // A folder that already held someone's files is never marked, so never cleared: killed the same way, nothing is marked.
      const foreign = mkdtempSync(join(tmpdir(), "chuangye-entry-foreign-"));
      writeFileSync(join(foreign, "keep.txt"), "mine");
      await killStartWhen(foreign, { EXPORT_DIR: exportDir, EXPORT_ON_START: "false", PGLITE_IMAGE_DIR: "off" }, () => existsSync(join(foreign, "global")));
      expect(existsSync(join(foreign, CREATING_MARK))).toBe(false);
      expect(readFileSync(join(foreign, "keep.txt"), "utf8")).toBe("mine");
      rmSync(foreign, { recursive: true, force: true });
    }
    const first = await start(location);
    if (location.dataDir) {
      expect(logMessages(first.output)[0]).toBe(`an earlier first start was stopped while it created the database in ${location.dataDir}: cleared it, starting again`);
      expect(existsSync(join(location.dataDir, CREATING_MARK))).toBe(false);
    }
    expect(first.startLog.engine).toBe(testEngine());
    // PostgreSQL is migrated and seeded; PGlite's folder is unpacked from the image, which holds both.
    expect(first.startLog).toMatchObject(testEngine() === "pglite" ? { image: imageFile, seedApplied: false, sampleApplied: false } : { image: null, seedApplied: true, sampleApplied: true });
    // As deployed and as benchmarked: production mode, when nothing says otherwise.
    expect(first.startLog.nodeEnv).toBe("production");
    // The "listening" line's step timings (README, "Quick start"): the steps after loading the code make up the total.
    const t = first.startLog.timingsMs;
    expect(t.load).toBeGreaterThan(0);
    expect(Math.abs(t.open + t.migrate + t.seed + t.server - t.total)).toBeLessThanOrEqual(3);
    // A first start says what it is doing, step by step, so that it does not look hung.
    const steps = logMessages(first.output);
    const progress =
      testEngine() === "pglite"
        ? [/^creating the embedded database in .* from the prepared image$/, /^prepared image loaded and verified$/, /^database open; applying migrations$/, /^migrated; checking the programme data/, /^starting the HTTP server$/]
        : [/^connecting to PostgreSQL$/, ...FROM_SCRATCH_STEPS];
    expectInOrder(steps, progress);
    if (testEngine() === "pglite") expect(steps.filter((m) => /writing sample loans|programme data written|sample data written/.test(m))).toEqual([]);
    const health = await fetch(`${first.url}/readyz`);
    expect(await health.json()).toEqual({ status: "ready", engine: testEngine() });
    const before = await counts(first.url);
    expect(before.errors).toBeUndefined();
    expect(before.data.measures.totalCount).toBe(22);
    // Through the bundle, the seed's parser (regular expressions over the document's Chinese)
    // and the pages (`html` templates) give the exact words of the document.
    expect(before.data.measure.title).toBe("加强金融政策支持");
    expect(before.data.measure.departments.map((d: { name: string }) => d.name).sort()).toEqual(
      ["自治区财政厅", "自治区人力资源社会保障厅", "自治区地方金融监管局", "内蒙古银保监局", "人民银行呼和浩特中心支行"].sort(),
    );
    const page = await (await fetch(`${first.url}/measures/P3-M1`)).text();
    expect(page).toContain("每个旗县(市、区)开发、收集符合当地创业条件的创业项目不少于100个");
    expect(page).toContain("本页含示例数据");
    // `npm start` limits rates by default (README, "Rate limits"); the budget left is no data.
    expect(before.extensions.rateLimit).toMatchObject({ limit: 20_000, windowSeconds: 60 });
    delete before.extensions.rateLimit;
    // With nothing published yet, the first start exports every dataset in the background.
    let latest: string | null = null;
    for (let i = 0; i < 300 && !latest; i++) {
      latest = ((await (await fetch(`${first.url}/exports`)).json()) as { latest: string | null }).latest;
      if (!latest) await new Promise((r) => setTimeout(r, 200));
    }
    // A version named by its date and content; without PUBLIC_BASE_URL its absolute URLs are the local address it listens on.
    expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    const pkg = (await (await fetch(`${first.url}/exports/latest/datapackage.json`)).json()) as { homepage: string; resources: { name: string; rows: number }[] };
    expect(pkg.homepage).toBe(`${first.url}/`);
    expect(pkg.resources.find((r) => r.name === "measures")!.rows).toBe(22);
    expect(await stop(first)).toBe(0);
    // SIGTERM stops the service's parts in order and the process exits once they are closed: on
    // PGlite the folder is left shut down, not as after a crash (which a start would recover).
    expect(logMessages(first.outputSoFar()).at(-1)).toBe("stopped: exports, server and database closed");
    if (location.dataDir) expect(pgliteControlState(location.dataDir)).toBe("shut down");
    // The first start wrote the bundle's code cache once it listened, if there was none (or took
    // an earlier run's). Damaged here (the same length, other bytes): V8 rejects it, the next start
    // compiles the bundle as usual, serves the same, and writes the cache again.
    const cacheFile = codeCacheOf(first).file;
    expect(cacheFile).toMatch(/dist\/server\.cjs\.[0-9a-f]{12}\.v8cache$/);
    const damaged = Buffer.alloc(readFileSync(cacheFile).length, 7);
    expect(damaged.length).toBeGreaterThan(1_000_000);
    writeFileSync(cacheFile, damaged);

    const second = await start(location);
    expect(second.startLog.seedApplied).toBe(false);
    expect(codeCacheOf(second).state).toBe("rejected");
    const after = await counts(second.url);
    delete after.extensions.rateLimit;
    expect(after).toEqual(before);
    expect(await stop(second)).toBe(0);
    expect(readFileSync(cacheFile).equals(damaged)).toBe(false);

    // The third compiles the bundle from the cache the second wrote.
    const third = await start(location);
    expect(codeCacheOf(third).state).toBe("accepted");
    const again = await counts(third.url);
    delete again.extensions.rateLimit;
    expect(again).toEqual(before);
    expect(await stop(third)).toBe(0);
    // Two cut-off starts, a first start from scratch and two more: more than the default minute on a busy machine.
  }, 180_000);
});

describe(`npm start on ${testEngine()}`, () => {
  it("leaves an operator's own GLIBC_TUNABLES alone, an empty one included (the opt-out the README gives)", () => {
    // package.json's `start` line, run by sh as npm runs it, with the environment node would get printed instead of node started.
    const start = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
    expect(start).toMatch(/ exec node /);
    const tunables = (env: NodeJS.ProcessEnv) => {
      const r = spawnSync("sh", ["-c", start.replace(/ exec node .*$/, " exec env")], { env, encoding: "utf8" });
      expect(r.status).toBe(0);
      return r.stdout.split("\n").filter((line) => line.startsWith("GLIBC_TUNABLES="));
    };
    const { GLIBC_TUNABLES: _unset, ...without } = process.env;
    expect(tunables(without)).toEqual(["GLIBC_TUNABLES=glibc.malloc.hugetlb=1"]);
    expect(tunables({ ...without, GLIBC_TUNABLES: "" })).toEqual(["GLIBC_TUNABLES="]);
    expect(tunables({ ...without, GLIBC_TUNABLES: "glibc.malloc.hugetlb=0" })).toEqual(["GLIBC_TUNABLES=glibc.malloc.hugetlb=0"]);
  });

  it("stops when npm is sent SIGTERM: the server process is gone and its port is free", async () => {
    const own = await cloneTestDatabase();
    try {
      const running = await start(own, "npm start");
      const serverPid = running.startLog.pid;
      // npm runs the server itself (`exec node`), not through a shell that would swallow the signal.
      expect(serverPid).not.toBe(running.child.pid);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      // glibc's huge pages for malloc's large regions, unless the operator set GLIBC_TUNABLES (README, "Quick start").
      const environ = readFileSync(`/proc/${serverPid}/environ`, "utf8").split("\0");
      expect(environ.filter((e) => e.startsWith("GLIBC_TUNABLES="))).toEqual([`GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? "glibc.malloc.hugetlb=1"}`]);
      const exited = new Promise<void>((resolve) => running.child.once("exit", () => resolve()));
      running.child.kill("SIGTERM");
      await exited;
      // npm waits for its child before it exits; give the kernel a moment all the same.
      let alive = true;
      for (let i = 0; i < 50 && alive; i++) {
        try {
          process.kill(serverPid, 0);
          await new Promise((r) => setTimeout(r, 100));
        } catch {
          alive = false;
        }
      }
      if (alive) process.kill(serverPid, "SIGKILL"); // leave no orphan behind when this fails
      expect(alive).toBe(false);
      await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    } finally {
      await own.drop();
    }
  });
});
