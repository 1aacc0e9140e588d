// The import CLI's core: all or nothing, line-and-column reports, idempotent upserts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integer, pgTable } from "drizzle-orm/pg-core";
import { analyzeIfChanged } from "../src/db/client.js";
import * as s from "../src/db/schema/index.js";
import { importFile } from "../src/imports/run.js";
import { cliCommand, ROOT, spawnCli } from "./support/cli.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "chuangye-import-"));
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The transaction that last wrote each row of a derived table: rebuilding it rewrites them all. */
async function writers(table: "search_entries" | "loan_rollups"): Promise<string[]> {
  return (await rows<{ x: string }>(server.database, sql.raw(`select distinct cast(xmin as text) as x from ${table} order by 1`))).map((r) => r.x);
}

async function snapshot() {
  const [r] = await rows<Record<string, string>>(
    server.database,
    sql`select (select count(*) from guarantee_loans) as loans, (select count(*) from guarantee_loans where provenance = 'SAMPLE') as sample_loans,
               (select count(*) from incubator_bases) as bases, (select cast(sum(total_amount) as text) from loan_rollups) as rolled,
               (select value from app_meta where key = 'data:version') as version`,
  );
  // Counts arrive as numbers from PGlite and as strings from postgres.js.
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, v === null ? null : String(v)]));
}

const LOAN_HEADER = "bank_code,loan_ref,county_code,borrower_type,beneficiary_group,amount,term_months,annual_rate,counter_guarantee_waived,issued_on,status,jobs_created";

describe("importing files", () => {
  it("a file with bad rows changes nothing and names every bad row by line and column", async () => {
    const before = await snapshot();
    const path = file(
      "bad-loans.csv",
      [
        LOAN_HEADER,
        "abc-nmg,OFF-1,150102,INDIVIDUAL,VETERANS,80000.00,36,0.0385,true,2024-03-01,ACTIVE,2",
        "no-such-bank,OFF-2,150102,INDIVIDUAL,,80000,36,0.0385,true,2024-03-01,ACTIVE,2",
        "abc-nmg,OFF-3,150100,INDIVIDUAL,,1e5,36,3.85%,maybe,2024-02-30,LOST,-1",
        "abc-nmg,OFF-1,150102,INDIVIDUAL,VETERANS,80000.00,36,0.0385,true,2024-03-01,ACTIVE,2",
        "abc-nmg,OFF-4,150102,SMALL_MICRO_ENTERPRISE,VETERANS,800000.00,12,0.0385,false,2024-03-01,ACTIVE,9",
      ].join("\n"),
    );
    const report = await importFile(server.database, "guarantee-loans", path);
    expect(report.committed).toBe(false);
    expect(report.inserted).toBe(0);
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "bank_code"],
      [4, "amount"],
      [4, "annual_rate"],
      [4, "counter_guarantee_waived"],
      [4, "issued_on"],
      [4, "status"],
      [4, "jobs_created"],
      [5, "bank_code+loan_ref"],
      [6, "beneficiary_group"],
    ]);
    expect(report.errors.find((e) => e.column === "issued_on")!.message).toBe("issued_on 2024-02-30 is not a calendar date");
    expect(await snapshot()).toEqual(before);
  });

  it("a good file replaces the sample loans, refreshes the rollups, and importing it again only updates", async () => {
    const path = file(
      "loans.csv",
      "\uFEFF" +
        [
          LOAN_HEADER,
          "abc-nmg,OFF-1,150102,INDIVIDUAL,VETERANS,80000.00,36,0.0385,true,2024-03-01,ACTIVE,2",
          "abc-nmg,OFF-2,150105,SMALL_MICRO_ENTERPRISE,,1500000,24,0.0365,false,2025-07-15,ACTIVE,12",
          '"psbc-nmg","OFF-1","152921","INDIVIDUAL","COLLEGE_GRADUATES","200000.5","36","0.0345","0","2023-11-30","REPAID","1"',
        ].join("\r\n") +
        "\r\n",
    );
    // The planner's idea of the table's size (ANALYZE sets it: the seed ran one, and an import
    // that changes a good part of a table runs one; PGlite has no autovacuum to do it later).
    const plannedRows = async () => Number((await rows<{ n: number }>(server.database, sql`select reltuples as n from pg_class where oid = 'guarantee_loans'::regclass`))[0]!.n);
    expect(await plannedRows()).toBe(Number((await snapshot()).loans));
    const searchBefore = await writers("search_entries");
    const report = await importFile(server.database, "guarantee-loans", path);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ committed: true, rows: 3, inserted: 3, updated: 0 });
    expect(await plannedRows()).toBe(3);
    // Loans feed the rollups, not the search index: it is not rebuilt.
    expect(await writers("search_entries")).toEqual(searchBefore);
    expect(report.sampleRowsRemoved).toBeGreaterThan(1000);
    const after = await snapshot();
    expect(after).toMatchObject({ loans: "3", sample_loans: "0", rolled: "1780000.50" });
    const stats = await server.gql(`{ loanStatistics(groupBy: [], first: 1) { nodes { loanCount suppressed provenance } } }`);
    // Three loans: a cell of 1–9, so withheld even from the grand total.
    expect(stats.data.loanStatistics.nodes[0]).toEqual({ loanCount: null, suppressed: true, provenance: "SOURCE" });

    const again = await importFile(server.database, "guarantee-loans", path);
    expect(again).toMatchObject({ committed: true, inserted: 0, updated: 3, sampleRowsRemoved: 0 });
    expect((await snapshot()).loans).toBe("3");
  });

  it("statistics are refreshed after the commit, and their failure cannot turn a committed import into a reported failure", async () => {
    // A table the planner cannot analyze (it does not exist): ANALYZE errors, and the helper an
    // import calls after its commit says so instead of throwing into the import's report.
    const missing = pgTable("no_such_table_for_analyze", { id: integer("id") });
    expect(await analyzeIfChanged(server.database.db, missing, 1_000)).toBe(false);
    // Too small a change is not analyzed; a large one is.
    expect(await analyzeIfChanged(server.database.db, s.incubatorBases, 1)).toBe(false);
    expect(await analyzeIfChanged(server.database.db, s.incubatorBases, 100_000)).toBe(true);
  });

  it("JSON and NDJSON files work too; a dry run writes nothing", async () => {
    const base = {
      code: "OFF-IB-1", name: "赛罕区测试众创空间", name_en: "Saihan Test Maker Space", kind: "MAKER_SPACE", level: "NATIONAL", county_code: "150105",
      operator: "测试公司", recognized_year: 2024, area_sqm: 1200, government_built: true, free_space_share: "0.35", tenants: 20, graduates: 5, jobs: 80,
    };
    const json = file("bases.json", JSON.stringify({ data: [base] }));
    // Put the answer in the response cache first: the import must make it stale at once.
    const LIST = `{ incubatorBases(first: 5) { totalCount nodes { code provenance league { code } } } }`;
    const cachedBefore = await server.gql(LIST);
    expect(cachedBefore.data.incubatorBases.totalCount).toBeGreaterThan(100);
    expect((await server.gql(LIST)).extensions!.cost!.sqlStatements).toBe(0);
    const dry = await importFile(server.database, "incubator-bases", json, { dryRun: true });
    expect(dry).toMatchObject({ committed: false, rows: 1, errorCount: 0 });
    expect((await snapshot()).bases).not.toBe("1");
    const ndjson = file("bases.ndjson", `${JSON.stringify(base)}\n${JSON.stringify({ ...base, code: "OFF-IB-2", county_code: "150100" })}\n`);
    const bad = await importFile(server.database, "incubator-bases", ndjson);
    expect(bad.errors).toEqual([{ line: 2, column: "county_code", message: "county_code: 150100 is not a county-level unit (it is LEAGUE)" }]);
    const [rollupsBefore, searchBefore] = [await writers("loan_rollups"), await writers("search_entries")];
    const ok = await importFile(server.database, "incubator-bases", json);
    expect(ok).toMatchObject({ committed: true, inserted: 1 });
    // Bases feed the search index (rebuilt: the new base is found), not the loan rollups.
    expect(await writers("loan_rollups")).toEqual(rollupsBefore);
    expect(await writers("search_entries")).not.toEqual(searchBefore);
    expect((await server.gql(`{ search(query: "赛罕区测试众创空间", first: 1) { nodes { __typename ... on IncubatorBase { code } } } }`)).data.search.nodes).toEqual([{ __typename: "IncubatorBase", code: "OFF-IB-1" }]);
    const res = await server.gql(LIST);
    expect(res.data.incubatorBases).toEqual({ totalCount: 1, nodes: [{ code: "OFF-IB-1", provenance: "SOURCE", league: { code: "150100" } }] });
  });

  it("the CLI reports and exits 1 on bad rows, 2 on an unreadable file (e.g. GBK from Excel)", async () => {
    const env = { ...process.env, DATABASE_URL: server.database.url ?? "", PGLITE_DIR: server.database.engine === "pglite" ? server.database.location : "" };
    if (server.database.engine === "pglite") {
      // PGlite is single-process: the CLI gets its own copy of the database for this check.
      await server.database.close();
    }
    const run = (...args: string[]) => spawnCli(env, "scripts/import.ts", ...args);
    const bad = run("partner-banks", file("banks.csv", "code,name,name_en,kind\nnew-bank,新银行,New Bank,SPACE_BANK\n"));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("banks.csv:2 [kind]: kind \"SPACE_BANK\" is not one of");
    const gbk = run("partner-banks", file("gbk.csv", Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xb8, 0xdf, 0xd0, 0xa3, 0x0a])));
    expect(gbk.status).toBe(2);
    expect(gbk.stderr).toContain("not valid UTF-8");
    const usage = run("spaceships", file("x.csv", "a\n1\n"));
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Unknown dataset");
  });

  it("`npm run import|partner|export|seed` is what the tests spawn: the script's bundle through start.mjs", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const name of ["import", "partner", "export", "seed"]) expect(scripts[name], name).toBe(`node ${cliCommand(`scripts/${name}.ts`).join(" ")}`);
  });

  it("`start.mjs --cli` runs only the bundled scripts: another name, an inherited property's included, is a usage error", () => {
    for (const name of ["spaceships", "toString", "server", ""]) {
      const r = spawnSync(process.execPath, ["scripts/start.mjs", "--cli", name], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, name).toBe(2);
      expect(r.stderr).toContain("usage: node scripts/start.mjs --cli <import|partner|export|seed>");
    }
  });
});
