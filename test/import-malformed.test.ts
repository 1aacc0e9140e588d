// Malformed files through the real import CLI: every structural problem is reported at the
// line (and column) where it starts, nothing is committed, and stderr holds no stack trace,
// SQL or path. The reader's position arithmetic is checked in-process first, on the same database.
// The CLI runs in a process of its own for the first file and the unreachable database, and in
// one long-lived tsx process for the other files (test/support/cli.ts: the same script, started once).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type Database } from "../src/db/client.js";
import { MAX_ROW_CHARACTERS } from "../src/imports/csv.js";
import { importFile } from "../src/imports/run.js";
import { ROOT, spawnCli, startCliHost, type CliHost, type CliResult } from "./support/cli.js";
import type { TestDatabaseLocation } from "./support/engines.js";
import { openTestDatabase } from "./support/harness.js";

const dir = mkdtempSync(join(tmpdir(), "chuangye-import-malformed-"));
let location: TestDatabaseLocation;
let database: Database | null = null;

const open = () => openDatabase({ url: location.url, dataDir: location.dataDir, poolSize: 2 });
beforeAll(async () => {
  ({ location, database } = await openTestDatabase(2));
});
afterAll(async () => {
  await database?.close();
  await location?.drop();
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Everything an import could change, as one comparable value. */
async function fingerprint(db: Database) {
  const [r] = await queryRows<Record<string, unknown>>(
    db.db,
    sql`select (select count(*) from guarantee_loans) as loans,
               (select md5(string_agg(l::text, '|' order by l.id)) from guarantee_loans l) as loans_md5,
               (select md5(string_agg(b::text, '|' order by b.code)) from partner_banks b) as banks_md5,
               (select md5(string_agg(i::text, '|' order by i.code)) from incubator_bases i) as bases_md5,
               (select value from app_meta where key = 'data:version') as version`,
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, v === null ? null : String(v)]));
}

const HEADER = "bank_code,loan_ref,county_code,borrower_type,beneficiary_group,amount,term_months,annual_rate,counter_guarantee_waived,issued_on,status,jobs_created";
/** A valid loan row; `over` replaces fields by name. */
function loan(ref: string, over: Record<string, string> = {}): string {
  const row: Record<string, string> = {
    bank_code: "abc-nmg", loan_ref: ref, county_code: "150102", borrower_type: "INDIVIDUAL", beneficiary_group: "VETERANS", amount: "80000.00",
    term_months: "36", annual_rate: "0.0385", counter_guarantee_waived: "true", issued_on: "2024-03-01", status: "ACTIVE", jobs_created: "2",
  };
  return HEADER.split(",").map((c) => over[c] ?? row[c]).join(",");
}

describe("the CSV reader's positions (in-process, on the real database)", () => {
  it("reports the first line of a row after blank lines, lone-CR files and mixed line endings", async () => {
    const cases: [string, string][] = [
      // Lone CR (classic Mac): a quoted value with a CR inside spans lines 3–4.
      ["cr.csv", [HEADER, loan("CR-1"), loan("CR-2", { loan_ref: '"CR\r2"' }), loan("CR-3", { status: "LOST" })].join("\r") + "\r"],
      // Mixed CRLF / LF / CR: every one ends a row.
      ["mixed.csv", `${HEADER}\r\n${loan("M-1")}\n${loan("M-2", { loan_ref: '"M\r\n2"' })}\r${loan("M-3", { status: "LOST" })}\r\n`],
      // Blank lines before the header and between rows.
      ["blank.csv", `\n\n${HEADER}\n\n${loan("B-1")}\n\n\n${loan("B-2", { status: "LOST" })}\n\n`],
    ];
    const found: Record<string, [number, string | null][]> = {};
    for (const [name, content] of cases) {
      const report = await importFile(database!, "guarantee-loans", file(name, content));
      found[name] = report.errors.map((e) => [e.line, e.column]);
    }
    expect(found).toEqual({
      "cr.csv": [[3, "loan_ref"], [5, "status"]],
      "mixed.csv": [[3, "loan_ref"], [5, "status"]],
      "blank.csv": [[8, "status"]],
    });
  });

  it("counts a row with several problems once, and keeps reading after each", async () => {
    const before = await fingerprint(database!);
    const path = file(
      "several.csv",
      [
        HEADER,
        loan("S-1", { loan_ref: 'S"1"x' }), // two bare quotes in one value: one problem
        loan("S-2", { loan_ref: 'S"2', status: 'ACT"IVE' }) + ",extra", // two values and the field count
        loan("S-3", { loan_ref: 'S"3' }), // the same problem in the next row is a new row
        loan("S-4"),
      ].join("\n"),
    );
    const report = await importFile(database!, "guarantee-loans", path);
    // The first clause of each message (the advice after ";" is the same for all).
    expect(report.errors.map((e) => [e.line, e.column, e.message.replace(/ \(a missing comma.*|;.*/, "")])).toEqual([
      [2, "loan_ref", "loan_ref (field 2) has a quote at character 2 but does not start with one"],
      [3, "loan_ref", "loan_ref (field 2) has a quote at character 2 but does not start with one"],
      [3, "status", "status (field 11) has a quote at character 4 but does not start with one"],
      [3, null, "the row has 13 field(s) but the header has 12"],
      [4, "loan_ref", "loan_ref (field 2) has a quote at character 2 but does not start with one"],
    ]);
    expect(report).toMatchObject({ rows: 4, errorCount: 5, committed: false, uncheckedAfterLine: null });
    expect(await fingerprint(database!)).toEqual(before);
  });

  it("stops at a row longer than any real one (a quote that never closes in a big file) and names where it opened", async () => {
    const filler: string[] = [];
    for (let size = 0, i = 0; size < MAX_ROW_CHARACTERS + 10_000; i++) size += filler[filler.push(loan(`F-${i}`)) - 1]!.length + 1;
    const path = file("huge.csv", [HEADER, loan("H-1"), loan("H-2", { loan_ref: '"H-2' }), ...filler].join("\n"));
    const report = await importFile(database!, "guarantee-loans", path);
    expect(report.errors).toEqual([
      { line: 3, column: "loan_ref", message: `the row reaches 1,000,000 characters at loan_ref (field 2): most likely a quote that opens here or before is never closed` },
    ]);
    expect(report).toMatchObject({ rows: 2, uncheckedAfterLine: 3, committed: false });
  });

  it("a file refused for its first rows never deletes the sample loans it would replace; a file that writes does, in its rolled-back dry run too", async () => {
    // A delete leaves its transaction's id in each row's xmax, even once rolled back: a row
    // never deleted (nor locked) keeps 0. Before, every import removed the 32,000 sample
    // loans before reading its file, and a refused file put them back by rolling back.
    const touched = async () =>
      Number((await queryRows<{ n: number | string }>(database!.db, sql`select count(*) as n from guarantee_loans where provenance = 'SAMPLE' and xmax <> '0'`))[0]!.n);
    const [{ n: sample }] = await queryRows<{ n: number | string }>(database!.db, sql`select count(*) as n from guarantee_loans where provenance = 'SAMPLE'`) as [{ n: number | string }];
    expect(Number(sample)).toBe(32_000);
    const before = await touched();
    const refused = await importFile(database!, "guarantee-loans", file("refused.csv", [HEADER, loan("R-1"), loan("R-2", { status: "LOST" })].join("\n")));
    expect(refused).toMatchObject({ rows: 2, errorCount: 1, committed: false, sampleRowsRemoved: 0 });
    expect(await touched()).toBe(before);
    // The same rows without the bad one, as a dry run: written, then rolled back — the sample removed first.
    const dry = await importFile(database!, "guarantee-loans", file("dry.csv", [HEADER, loan("R-1")].join("\n")), { dryRun: true });
    expect(dry).toMatchObject({ rows: 1, errorCount: 0, committed: false });
    expect(await touched()).toBe(32_000);
  });
});

describe("the import CLI on malformed files", () => {
  const root = ROOT;
  let host: CliHost;
  let env: NodeJS.ProcessEnv;
  /** `npm run import -- <args>` in the host process (see above). */
  const run = (...args: string[]): Promise<CliResult> => host.run("scripts/import.ts", ...args);
  let before: Record<string, string | null>;

  beforeAll(async () => {
    // What every run of the CLI must leave untouched. The CLI migrates and checks the programme
    // seed before it imports: the template's seed (written under vitest) is the one it would
    // write (src/db/seed/index.ts, programmeSeedVersion), so it must not even refresh that.
    before = await fingerprint(database!);
    // PGlite is single-process: the CLI opens this folder itself, so the test lets go of it.
    await database!.close();
    database = null;
    env = { ...process.env, DATABASE_URL: location.url ?? "", PGLITE_DIR: location.dataDir ?? "" };
    host = await startCliHost(env);
  });
  afterAll(async () => {
    await host?.close();
  });

  /** Nothing changed: checked with SQL after the CLI has exited. */
  async function expectUnchanged() {
    const db = await open();
    try {
      expect(await fingerprint(db)).toEqual(before);
    } finally {
      await db.close();
    }
  }

  function expectCleanStderr(stderr: string) {
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain("/work/");
    expect(stderr).not.toContain(root);
    expect(stderr).not.toMatch(/\b(select|insert|update|delete)\b/i);
  }

  // One file with every problem after which the parser finds the next row again.
  const rows = [
    HEADER,
    loan("OFF-1"),
    loan("OFF-2", { loan_ref: "OFF\u0000-2" }),
    loan("OFF-3", { status: 'ACT"IVE' }),
    loan("OFF-4"),
    loan("OFF-5", { loan_ref: "OFF\u0001-5" }),
    loan("OFF-6", { status: "\u001b[31mACTIVE" }),
    loan("OFF-7") + ",extra",
    loan("OFF-8", { loan_ref: '"OFF\n-8"' }), // a quoted line break: this row is lines 9–10
    loan("OFF-9", { jobs_created: '2"' }),
    loan("OFF-10"),
  ];
  const report = (name: string) => [
    `${name}:3 [loan_ref]: loan_ref contains a NUL byte (U+0000) at character 4`,
    `${name}:4 [status]: status (field 11) has a quote at character 4 but does not start with one; put the whole value in quotes and write that quote twice ("…""…")`,
    `${name}:6 [loan_ref]: loan_ref contains the control character U+0001 at character 4`,
    `${name}:7 [status]: status contains the control character U+001B at character 1`,
    `${name}:8: the row has 13 field(s) but the header has 12 (a missing comma, or a comma inside a value that is not in quotes?)`,
    `${name}:9 [loan_ref]: loan_ref "OFF\\n-8" is not a code of letters, digits, '-', '_' or '.'`,
    `${name}:11 [jobs_created]: jobs_created (field 12) has a quote at character 2 but does not start with one; put the whole value in quotes and write that quote twice ("…""…")`,
    `7 error(s) in 10 row(s): nothing was imported.`,
    ``,
  ].join("\n");

  it("NUL, other control characters, bare quotes and a wrong field count: each at its line and column, later rows still checked (LF)", async () => {
    const path = file("loans.csv", rows.join("\n") + "\n");
    // In a process of its own: the report and the exit status as a shell sees them.
    const r = spawnCli(env, "scripts/import.ts", "guarantee-loans", path);
    expect(r.stdout).toBe(report(path));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    await expectUnchanged();
  });

  it("the same file saved by Excel on Windows (BOM, CRLF, a CRLF inside quotes) reports the same lines", async () => {
    const path = file("loans-excel.csv", "\uFEFF" + rows.map((r) => r.replace("\n", "\r\n")).join("\r\n") + "\r\n");
    const r = await run("guarantee-loans", path);
    expect(r.stdout).toBe(report(path).replace('"OFF\\n-8"', '"OFF\\r\\n-8"'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    await expectUnchanged();
  });

  it("an unclosed quote at line 7 of a 50-line file is reported at line 7, and the report says the rest was not checked", async () => {
    const lines = [HEADER];
    for (let i = 2; i <= 50; i++) lines.push(loan(`U-${i}`, i === 4 ? { issued_on: "2024-02-30" } : i === 7 ? { loan_ref: `"U-${i}` } : i === 20 ? { status: "LOST" } : {}));
    for (const [name, eol] of [["unclosed.csv", "\n"], ["unclosed-crlf.csv", "\r\n"]] as const) {
      const path = file(name, lines.join(eol) + eol);
      const r = await run("guarantee-loans", path);
      expect(r.stdout).toBe(
        [
          `${path}:4 [issued_on]: issued_on 2024-02-30 is not a calendar date`,
          `${path}:7 [loan_ref]: loan_ref (field 2) opens a quote that is never closed: the rest of the file reads as part of this value`,
          `${path}: rows after line 7 were not checked (the file cannot be read past that point).`,
          `2 error(s) in 6 row(s): nothing was imported.`,
          ``,
        ].join("\n"),
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("");
    }
    await expectUnchanged();
  });

  it("a quoted value with text after its closing quote stops the reading there, and says so", async () => {
    const path = file("closing.csv", [HEADER, loan("C-1"), loan("C-2", { loan_ref: '"C-2"x' }), loan("C-3"), loan("C-4", { status: "LOST" })].join("\n"));
    const r = await run("guarantee-loans", path);
    expect(r.stdout).toBe(
      [
        `${path}:3 [loan_ref]: loan_ref (field 2) starts a quoted value whose closing quote is followed by more text instead of a comma or the end of the line; inside quotes, write a quote twice ("")`,
        `${path}: rows after line 3 were not checked (the file cannot be read past that point).`,
        `1 error(s) in 2 row(s): nothing was imported.`,
        ``,
      ].join("\n"),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    await expectUnchanged();
  });

  it("JSON with \\u0000 in a string and NDJSON with a broken line in the middle are bad rows; broken JSON is unusable (2)", async () => {
    const bank = { code: "new-bank", name: "新银行", name_en: "New Bank", kind: "JOINT_STOCK" };
    const json = file("banks.json", JSON.stringify({ data: [bank, { ...bank, code: "nul-bank", name: "新\u0000银行" }] }, null, 2));
    const j = await run("partner-banks", json);
    expect(j.stdout).toBe(`${json} record 2 [name]: name contains a NUL byte (U+0000) at character 2\n1 error(s) in 2 row(s): nothing was imported.\n`);
    expect(j.status).toBe(1);
    expect(j.stderr).toBe("");

    const ndjson = file("banks.ndjson", [JSON.stringify(bank), '{"code":"half-bank",', JSON.stringify({ ...bank, code: "b3", kind: "SPACE_BANK" })].join("\n") + "\n");
    const n = await run("partner-banks", ndjson);
    expect(n.stdout).toBe(
      [
        `${ndjson}:2: the line is not valid JSON (at character 21): Expected double-quoted property name`,
        `${ndjson}:3 [kind]: kind "SPACE_BANK" is not one of STATE_OWNED, JOINT_STOCK, CITY_COMMERCIAL, RURAL, POLICY`,
        `2 error(s) in 3 row(s): nothing was imported.`,
        ``,
      ].join("\n"),
    );
    expect(n.status).toBe(1);
    expect(n.stderr).toBe("");

    const broken = file("broken.json", '[\n  {"code": "x-bank",\n   "name": "X" "kind": "RURAL"}\n]');
    const b = await run("partner-banks", broken);
    expect(b.status).toBe(2);
    expect(b.stdout).toBe("");
    expect(b.stderr).toBe(`${broken}: The file is not valid JSON (line 3, character 16): Expected ',' or '}' after property value.\nNothing was imported.\n`);
    expectCleanStderr(b.stderr);
    await expectUnchanged();
  });

  it("a broken header row makes the file unusable (2), said in a sentence", async () => {
    const cases: [string, string, string][] = [
      ["header-quote.csv", `code,"name,name_en,kind\nb1,x,y,RURAL\n`, "the header row (line 1) field 2 opens a quote that is not closed properly"],
      ["header-twice.csv", `code,name,code,kind\nb1,x,y,RURAL\n`, "the header row (line 1) names the column code twice"],
      ["header-nul.csv", `code,na\u0000me,name_en,kind\nb1,x,y,RURAL\n`, "missing columns: name; unknown columns: na\\u0000me; expected: code, name, name_en, kind"],
    ];
    for (const [name, content, message] of cases) {
      const path = file(name, content);
      const r = await run("partner-banks", path);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`${path}: ${message}\nNothing was imported.\n`);
      expectCleanStderr(r.stderr);
    }
    await expectUnchanged();
  });

  it("an unreachable database is exit 3, said in one sentence", () => {
    const path = file("banks.csv", "code,name,name_en,kind\nb1,x,y,RURAL\n");
    const r = spawnCli({ ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/nothing" }, "scripts/import.ts", "partner-banks", path);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${path}: the import failed (ECONNREFUSED).\nNothing was imported.\n`);
  });
});
