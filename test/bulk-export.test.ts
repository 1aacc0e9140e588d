// Bulk export jobs, over HTTP on both engines: a bank's export holds exactly its loans (row
// count and the CSV's SHA-256 recomputed from SQL), the manifest's hashes match the files, no
// other client sees the job or downloads its files, files expire, a job survives its worker
// being killed, and a query too costly to run at once points to bulkExportCreate.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { stringify } from "csv-stringify/sync";
import { desc, eq, sql, type SQL } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUSH_DELAY_MS } from "../src/auth/audit.js";
import { openDatabase, type Database } from "../src/db/client.js";
import { guaranteeLoans } from "../src/db/schema/index.js";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { runExport } from "../src/exports/run.js";
import { DEFAULT_LIMITS } from "../src/graphql/limits.js";
import { addMonths, isoTimestamp } from "../src/graphql/nodes.js";
import { buildServer, type ServerOptions } from "../src/server.js";
import { INTERRUPTED, recoverAbandoned } from "../src/services/bulk-export.js";
import { createClient, revokeClient, revokeKey } from "../src/services/partner.js";
import type { TestDatabaseLocation } from "./support/engines.js";
import { openTestDatabase, rows } from "./support/harness.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ----- HTTP helpers -----------------------------------------------------------------------------

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, key?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, ...((await res.json()) as { data?: any; errors?: any[] }) };
}

/** GETs a file; the identity bytes unless `accept-encoding` is given (fetch itself would ask for gzip, and get the twin's ETag). */
async function download(url: string, path: string, key?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, { headers: { "accept-encoding": "identity", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * A GET through node:http: the path is sent exactly as written (fetch would resolve `..` first),
 * and no header is added (fetch adds Cache-Control: no-cache to conditional requests).
 */
function rawGet(url: string, path: string, key?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: "GET", headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

const CREATE = `mutation($input: BulkExportCreateInput!) { bulkExportCreate(input: $input) { job { id status formats } userErrors { field message code } } }`;
const JOB = `query($id: ID!) { bulkExportJob(id: $id) { id status rowCount formats createdAt startedAt finishedAt expiresAt errorMessage files { name format mediaType path url bytes sha256 } } }`;

async function createJob(url: string, key: string, input: Record<string, unknown>): Promise<string> {
  const res = await gql(url, CREATE, { input }, key);
  expect(res.errors).toBeUndefined();
  expect(res.data.bulkExportCreate.userErrors).toEqual([]);
  return res.data.bulkExportCreate.job.id;
}

/** Polls the job until it reaches one of `until`. */
async function waitForJob(url: string, key: string, id: string, until = ["SUCCEEDED", "FAILED"], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gql(url, JOB, { id }, key);
    expect(res.errors).toBeUndefined();
    const job = res.data.bulkExportJob;
    if (until.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
    await sleep(100);
  }
}

const jobKey = (globalId: string) => Buffer.from(globalId, "base64url").toString("utf8").split(":")[1]!;

// ----- What the files must hold, recomputed from SQL ------------------------------------------

const HEADER = ["bank_code", "loan_ref", "county_code", "league_code", "borrower_type", "beneficiary_group", "amount", "term_months", "annual_rate", "interest_subsidy_share", "counter_guarantee_waived", "issued_on", "maturity_on", "status", "jobs_created", "provenance", "created_at", "updated_at"];

/** The CSV a bank's export must be, byte for byte: read by the owner (no row-level security), rendered here. */
async function expectedCsv(database: Database, where: SQL, orderBy: SQL[]): Promise<{ text: string; refs: string[] }> {
  const loans = await database.db.select().from(guaranteeLoans).where(where).orderBy(...orderBy);
  const records = loans.map((l) => [
    l.bankCode,
    l.loanRef,
    l.countyCode,
    l.leagueCode,
    l.borrowerType,
    l.beneficiaryGroupCode ?? "",
    l.amount,
    String(l.termMonths),
    l.annualRate,
    l.interestSubsidyShare,
    l.counterGuaranteeWaived ? "true" : "false",
    l.issuedOn,
    addMonths(l.issuedOn, l.termMonths),
    l.status,
    String(l.jobsCreated),
    l.provenance,
    isoTimestamp(l.createdAt),
    isoTimestamp(l.updatedAt),
  ]);
  return { text: stringify([HEADER, ...records], { record_delimiter: "\r\n" }), refs: loans.map((l) => l.loanRef) };
}

const byRef = [sql`${guaranteeLoans.bankCode} collate "C"`, sql`${guaranteeLoans.loanRef} collate "C"`];
const countWhere = async (database: Database, where: SQL) => Number((await rows<{ n: number }>(database, sql`select count(*) as n from guarantee_loans where ${where}`))[0]!.n);

// ----- Servers ------------------------------------------------------------------------------------

interface Served {
  app: FastifyInstance;
  url: string;
}

async function serve(database: Database, exportDir: string, options: Partial<ServerOptions> = {}): Promise<Served> {
  const app = await buildServer({ database, logLevel: "silent", exportDir, ...options });
  return { app, url: await app.listen({ host: "127.0.0.1", port: 0 }) };
}

async function banksWithMostLoans(database: Database): Promise<[string, string]> {
  const banks = await rows<{ bank: string }>(database, sql`select bank_code as bank from guarantee_loans group by 1 order by count(*) desc, 1 limit 2`);
  return banks.map((b) => b.bank) as [string, string];
}

// =================================================================================================

describe("a bank's bulk export", () => {
  let location: TestDatabaseLocation;
  let database: Database;
  let exportDir: string;
  let bulkDir: string;
  let server: Served;
  const keys: Record<string, string> = {};
  let bankA = "";
  let bankB = "";
  let jobA = "";

  beforeAll(async () => {
    ({ location, database } = await openTestDatabase());
    const root = mkdtempSync(join(tmpdir(), "chuangye-bulk-"));
    exportDir = join(root, "exports");
    bulkDir = join(root, "bulk-exports");
    [bankA, bankB] = await banksWithMostLoans(database);
    const db = database.db;
    keys.a = (await createClient(db, { id: "bank-a", name: "Bank A", role: "BANK", bankCode: bankA })).key;
    keys.b = (await createClient(db, { id: "bank-b", name: "Bank B", role: "BANK", bankCode: bankB })).key;
    // Another client of bank A: the same bank, but not the client that created the job.
    keys.a2 = (await createClient(db, { id: "bank-a-other", name: "Bank A, another system", role: "BANK", bankCode: bankA })).key;
    keys.readOnly = (await createClient(db, { id: "bank-a-read", name: "Bank A read-only", role: "BANK", bankCode: bankA, scopes: ["loans:read"] })).key;
    keys.exportsOnly = (await createClient(db, { id: "bank-a-exports", name: "Bank A exports", role: "BANK", bankCode: bankA, scopes: ["exports:bulk"] })).key;
    keys.manager = (await createClient(db, { id: "hrss", name: "HRSS programme office", role: "PROGRAMME_MANAGER" })).key;
    // A published public snapshot, so that `/exports/latest/…` resolves in the traversal attempts.
    expect((await runExport(database, { dir: exportDir, trigger: "MANUAL", datasets: PUBLIC_DATASETS.filter((d) => d.name === "regions") })).status).toBe("SUCCEEDED");
    server = await serve(database, exportDir, { bulkExport: { concurrency: 1, pollMs: 100 }, publicBaseUrl: "https://data.example.org" });
    jobA = await createJob(server.url, keys.a!, { formats: ["CSV", "EXCEL_CSV", "JSON", "NDJSON"] });
  });
  afterAll(async () => {
    await server?.app.close();
    await database?.close();
    await location?.drop();
  });

  it("holds exactly the bank's loans: the row count and the CSV's SHA-256 recomputed from SQL", async () => {
    const job = await waitForJob(server.url, keys.a!, jobA);
    expect(job.status).toBe("SUCCEEDED");
    expect(job.errorMessage).toBeNull();
    expect(job.formats).toEqual(["CSV", "EXCEL_CSV", "JSON", "NDJSON"]);
    const count = await countWhere(database, sql`bank_code = ${bankA}`);
    expect(count).toBeGreaterThan(1000);
    expect(job.rowCount).toBe(count);
    expect(job.files.map((f: any) => [f.name, f.format])).toEqual([
      ["guarantee-loans.csv", "CSV"],
      ["guarantee-loans.excel.csv", "EXCEL_CSV"],
      ["guarantee-loans.json", "JSON"],
      ["guarantee-loans.ndjson", "NDJSON"],
      ["manifest.json", null],
    ]);
    const key = jobKey(jobA);
    expect(job.files[0].path).toBe(`/partner/exports/${key}/guarantee-loans.csv`);
    expect(job.files[0].url).toBe(`https://data.example.org/partner/exports/${key}/guarantee-loans.csv`);
    expect(Date.parse(job.expiresAt) - Date.parse(job.finishedAt)).toBe(24 * 3600 * 1000);

    const csv = await download(server.url, job.files[0].path, keys.a);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("cache-control")).toBe("private, no-store");
    expect(csv.headers.get("etag")).toBe(`"${job.files[0].sha256}"`);
    expect(csv.body.length).toBe(job.files[0].bytes);
    expect(sha(csv.body)).toBe(job.files[0].sha256);
    const expected = await expectedCsv(database, eq(guaranteeLoans.bankCode, bankA), byRef);
    expect(sha(expected.text)).toBe(job.files[0].sha256);

    // The order is the API's: the first page of the list is the first rows of the file.
    const page = await gql(server.url, `{ guaranteeLoans(first: 100) { nodes { loanRef amount maturityOn updatedAt } } }`, {}, keys.a);
    expect(page.data.guaranteeLoans.nodes.map((n: any) => n.loanRef)).toEqual(expected.refs.slice(0, 100));

    // JSON and NDJSON: the same loans, values as the API gives them (decimals as exact strings).
    const json = JSON.parse((await download(server.url, job.files[2].path, keys.a)).body.toString("utf8"));
    expect(json.job).toBe(key);
    expect(json.data).toHaveLength(count);
    expect(new Set(json.data.map((r: any) => r.bank_code))).toEqual(new Set([bankA]));
    const first = page.data.guaranteeLoans.nodes[0];
    expect(json.data[0]).toMatchObject({ loan_ref: first.loanRef, amount: first.amount, maturity_on: first.maturityOn, updated_at: first.updatedAt });
    expect(typeof json.data[0].term_months).toBe("number");
    const ndjson = (await download(server.url, job.files[3].path, keys.a)).body.toString("utf8").trimEnd().split("\n");
    expect(ndjson).toHaveLength(count);
    expect(JSON.parse(ndjson[0]!)).toEqual(json.data[0]);
    // The Excel variant: a BOM, bilingual headers, codes kept as text.
    const excel = (await download(server.url, job.files[1].path, keys.a)).body.toString("utf8");
    expect(excel.startsWith("\uFEFF银行 bank_code,贷款编号 loan_ref,")).toBe(true);
    expect(excel.split("\r\n")[1]).toContain(`"=""${expected.refs[0]}"""`);
  });

  it("has a manifest whose hashes and sizes match the files", async () => {
    const job = await waitForJob(server.url, keys.a!, jobA);
    const manifestFile = job.files.find((f: any) => f.name === "manifest.json");
    const res = await download(server.url, manifestFile.path, keys.a);
    expect(sha(res.body)).toBe(manifestFile.sha256);
    const manifest = JSON.parse(res.body.toString("utf8"));
    expect(manifest).toMatchObject({ job: jobKey(jobA), client: "bank-a", bank: bankA, dataset: "guarantee-loans", rows: job.rowCount, formats: ["csv", "excel-csv", "json", "ndjson"] });
    expect(manifest.query).toEqual({ filterBy: {}, orderBy: { field: "LOAN_REF", direction: "ASC" } });
    expect(manifest.createdAt).toBe(job.createdAt);
    expect(manifest.finishedAt).toBe(job.finishedAt);
    expect(manifest.expiresAt).toBe(job.expiresAt);
    expect(manifest.columns.map((c: any) => c.name)).toEqual(HEADER);
    expect(manifest.files.map((f: any) => f.name)).toEqual(job.files.slice(0, 4).map((f: any) => f.name));
    for (const f of manifest.files) {
      const file = await download(server.url, `/partner/exports/${jobKey(jobA)}/${f.name}`, keys.a);
      expect(file.body.length, f.name).toBe(f.bytes);
      expect(sha(file.body), f.name).toBe(f.sha256);
      // The gzip twin is the same bytes, compressed.
      const gz = await download(server.url, `/partner/exports/${jobKey(jobA)}/${f.gzip.name}`, keys.a);
      expect(sha(gz.body), f.gzip.name).toBe(f.gzip.sha256);
      expect(sha(gunzipSync(gz.body)), f.gzip.name).toBe(f.sha256);
    }
    // The files are in their own folder, not in the public exports folder.
    expect(readdirSync(join(bulkDir, jobKey(jobA))).sort()).toEqual([...manifest.files.flatMap((f: any) => [f.name, f.gzip.name]), "manifest.json"].sort());
    expect(readdirSync(exportDir).some((n) => n.startsWith("bx_"))).toBe(false);
  });

  it("is served with a strong ETag, 304, byte ranges and gzip, like the open-data files", async () => {
    const job = await waitForJob(server.url, keys.a!, jobA);
    const csv = job.files[0];
    const whole = await download(server.url, csv.path, keys.a);
    const range = await download(server.url, csv.path, keys.a, { range: "bytes=0-99" });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe(`bytes 0-99/${csv.bytes}`);
    expect(range.body.equals(whole.body.subarray(0, 100))).toBe(true);
    const tail = await download(server.url, csv.path, keys.a, { range: `bytes=${csv.bytes - 10}-` });
    expect(tail.body.equals(whole.body.subarray(csv.bytes - 10))).toBe(true);
    // A range of a representation the client does not hold: the whole file.
    expect((await download(server.url, csv.path, keys.a, { range: "bytes=0-99", "if-range": '"other"' })).status).toBe(200);
    expect((await rawGet(server.url, csv.path, keys.a, { "if-none-match": `"${csv.sha256}"`, "accept-encoding": "identity" })).status).toBe(304);
    expect((await rawGet(server.url, csv.path, keys.a, { "if-none-match": '"other"', "accept-encoding": "identity" })).status).toBe(200);
    const gz = await download(server.url, csv.path, keys.a, { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("vary")).toBe("Authorization, Accept-Encoding");
    const head = await fetch(`${server.url}${csv.path}`, { method: "HEAD", headers: { authorization: `Bearer ${keys.a}`, "accept-encoding": "identity" } });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(csv.bytes));
  });

  it("honours the filter and the order, as the list does", async () => {
    const id = await createJob(server.url, keys.a!, { filterBy: { status: "OVERDUE", issuedOnFrom: "2023-01-01" }, orderBy: { field: "AMOUNT", direction: "DESC" }, formats: ["CSV"] });
    const job = await waitForJob(server.url, keys.a!, id);
    expect(job.status).toBe("SUCCEEDED");
    const where = sql`${guaranteeLoans.bankCode} = ${bankA} and ${guaranteeLoans.status} = 'OVERDUE' and ${guaranteeLoans.issuedOn} >= '2023-01-01'`;
    const expected = await expectedCsv(database, where, [desc(guaranteeLoans.amount), sql`${guaranteeLoans.bankCode} collate "C" desc`, sql`${guaranteeLoans.loanRef} collate "C" desc`]);
    expect(job.rowCount).toBe(await countWhere(database, where));
    expect(job.rowCount).toBeGreaterThan(10);
    expect(job.files.map((f: any) => f.name)).toEqual(["guarantee-loans.csv", "manifest.json"]);
    expect(job.files[0].sha256).toBe(sha(expected.text));
    const manifest = JSON.parse((await download(server.url, job.files[1].path, keys.a)).body.toString("utf8"));
    expect(manifest.query).toEqual({ filterBy: { status: "OVERDUE", issuedOnFrom: "2023-01-01" }, orderBy: { field: "AMOUNT", direction: "DESC" } });
  });

  it("a programme manager exports every bank's loans, or one bank's", async () => {
    const one = await createJob(server.url, keys.manager!, { filterBy: { bankCode: bankB }, formats: ["CSV"] });
    const job = await waitForJob(server.url, keys.manager!, one);
    expect(job.rowCount).toBe(await countWhere(database, sql`bank_code = ${bankB}`));
    expect(job.files[0].sha256).toBe(sha((await expectedCsv(database, eq(guaranteeLoans.bankCode, bankB), byRef)).text));
    const all = await waitForJob(server.url, keys.manager!, await createJob(server.url, keys.manager!, { formats: ["NDJSON"] }));
    expect(all.rowCount).toBe(await countWhere(database, sql`true`));
  });

  it("no other client sees the job: another bank, another client of the same bank, a programme manager, nobody without a key", async () => {
    const job = await waitForJob(server.url, keys.a!, jobA);
    for (const who of ["b", "a2", "manager"]) {
      const res = await gql(server.url, `query($id: ID!) { bulkExportJob(id: $id) { id } node(id: $id) { id } }`, { id: jobA }, keys[who]);
      expect(res.data, who).toEqual({ bulkExportJob: null, node: null });
      expect(res.errors!.map((e) => e.extensions.code), who).toEqual(["NOT_FOUND", "NOT_FOUND"]);
      const list = await gql(server.url, `{ viewer { bulkExportJobs(first: 100) { totalCount nodes { id } } } }`, {}, keys[who]);
      expect(list.data.viewer.bulkExportJobs.nodes.map((n: any) => n.id), who).not.toContain(jobA);
    }
    // Its own client finds it in its list and by node id.
    const own = await gql(server.url, `query($id: ID!) { node(id: $id) { ... on BulkExportJob { status } } viewer { bulkExportJobs(first: 100) { totalCount nodes { id } } } }`, { id: jobA }, keys.a);
    expect(own.data.node).toEqual({ status: "SUCCEEDED" });
    expect(own.data.viewer.bulkExportJobs.nodes.map((n: any) => n.id)).toContain(jobA);
    expect(own.data.viewer.bulkExportJobs.totalCount).toBe(own.data.viewer.bulkExportJobs.nodes.length);
    // Anonymous callers: 401 for the job, the list and the mutation.
    for (const q of [[JOB, { id: jobA }], [CREATE, { input: {} }]] as const) {
      const res = await gql(server.url, q[0], q[1]);
      expect(res.status).toBe(401);
      expect(res.errors![0].extensions.code).toBe("UNAUTHENTICATED");
    }
    // A key without `exports:bulk` may not look; one without `loans:read` may look but not export.
    const noScope = await gql(server.url, JOB, { id: jobA }, keys.readOnly);
    expect(noScope.status).toBe(403);
    expect(noScope.errors![0].extensions.code).toBe("FORBIDDEN");
    const noRead = await gql(server.url, CREATE, { input: {} }, keys.exportsOnly);
    expect(noRead.errors![0].extensions.code).toBe("FORBIDDEN");
    expect(noRead.data).toBeNull();
    // A bank may not export another bank's loans, exactly as it may not list them.
    const other = await gql(server.url, CREATE, { input: { filterBy: { bankCode: bankB } } }, keys.a);
    expect(other.status).toBe(403);
    expect(other.errors![0].extensions.code).toBe("FORBIDDEN");
    expect(other.errors![0].message).toContain("`input.filterBy.bankCode` may name only that bank");
    expect(job.status).toBe("SUCCEEDED");
  });

  it("no other client downloads its files: 404 for other keys and guessed ids, 401 without a valid key, 403 without the scope", async () => {
    const job = await waitForJob(server.url, keys.a!, jobA);
    const path = job.files[0].path;
    for (const who of ["b", "a2", "manager"]) {
      const res = await download(server.url, path, keys[who]);
      expect(res.status, who).toBe(404);
      expect(JSON.parse(res.body.toString("utf8")), who).toMatchObject({ error: "NOT_FOUND" });
      expect(res.body.toString("utf8")).not.toContain("bank_code");
    }
    const anonymous = await download(server.url, path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(JSON.parse(anonymous.body.toString("utf8"))).toMatchObject({ error: "UNAUTHENTICATED" });
    for (const header of ["Bearer nonsense", `Bearer ${keys.a!.slice(0, -1)}x`, "Basic abc"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
      expect(await res.json()).toMatchObject({ error: "UNAUTHENTICATED" });
    }
    const noScope = await download(server.url, path, keys.readOnly);
    expect(noScope.status).toBe(403);
    expect(JSON.parse(noScope.body.toString("utf8"))).toMatchObject({ error: "FORBIDDEN" });
    // Guessed ids, names the job does not have, and the right id with another bank's key.
    const key = jobKey(jobA);
    // One character off (not "0" whatever the id: one id in 36 ends in "0", and was guessed right).
    const nearby = `${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`;
    for (const guess of [`/partner/exports/bx_${"a".repeat(24)}/guarantee-loans.csv`, `/partner/exports/${nearby}/guarantee-loans.csv`, `/partner/exports/${key}/secret.csv`, `/partner/exports/${key}/guarantee-loans.xlsx`, `/partner/exports/x/y`]) {
      expect((await download(server.url, guess, keys.a)).status, guess).toBe(404);
      expect((await download(server.url, guess, keys.b)).status, guess).toBe(404);
    }
  });

  it("no public URL reaches the files, traversal attempts included", async () => {
    const job = await waitForJob(server.url, keys.a!, jobA);
    const key = jobKey(jobA);
    const file = "guarantee-loans.csv";
    const attempts = [
      `/exports/${key}/${file}`,
      `/exports/latest/${file}`,
      `/exports/../bulk-exports/${key}/${file}`,
      `/exports/latest/../../bulk-exports/${key}/${file}`,
      `/exports/%2e%2e/bulk-exports/${key}/${file}`,
      `/exports/latest/..%2F..%2Fbulk-exports%2F${key}%2F${file}`,
      `/exports/..%2Fbulk-exports%2F${key}/${file}`,
      `/exports/%2E%2E%2Fbulk-exports%2F${key}/${file}`,
      `/exports/latest/%2e%2e%5c%2e%2e%5cbulk-exports%5c${key}%5c${file}`,
      `/bulk-exports/${key}/${file}`,
      `/partner/exports/${key}/..%2F${key}%2F${file}`,
      `/partner/exports/..%2Fbulk-exports%2F${key}/${file}`,
      `/partner/exports/${key}/%2e%2e%2f%2e%2e%2fexports%2FLATEST`,
    ];
    for (const path of attempts) {
      for (const k of [undefined, keys.a]) {
        const res = await rawGet(server.url, path, k);
        // Refused (401 for the partner route without a key, 404 elsewhere): never the file.
        expect([400, 401, 404], `${path} ${k ? "with" : "without"} the key`).toContain(res.status);
        expect(res.body).not.toContain("bank_code");
      }
    }
    expect((await rawGet(server.url, job.files[0].path, keys.a)).status).toBe(200);
  });

  it("every download with a valid key is a row of the audit log: the file, the loans it holds, the status", async () => {
    const job = await waitForJob(server.url, keys.a!, jobA);
    // The earlier tests' downloads are audited after their responses (in batches, FLUSH_DELAY_MS
    // apart): let the last of them land before clearing, or they would arrive among this test's rows.
    const downloadsLogged = async () => Number((await rows<{ n: number }>(database, sql`select count(*) as n from audit_log where operation_type = 'download'`))[0]!.n);
    for (let last = -1, now = await downloadsLogged(); now !== last; last = now, now = await downloadsLogged()) await sleep(FLUSH_DELAY_MS * 3);
    await rows(database, sql`delete from audit_log where operation_type = 'download'`);
    expect((await download(server.url, job.files[0].path, keys.a)).status).toBe(200);
    expect((await download(server.url, job.files[4].path, keys.a)).status).toBe(200);
    expect((await download(server.url, job.files[0].path, keys.b)).status).toBe(404);
    expect((await download(server.url, job.files[0].path)).status).toBe(401);
    let audited: { client_id: string; operation_name: string; rows: number; http_status: number; error_codes: string | null }[] = [];
    for (let i = 0; i < 50 && audited.length < 3; i++) {
      await sleep(100);
      audited = await rows(database, sql`select client_id, operation_name, rows, http_status, error_codes from audit_log where operation_type = 'download' order by id`);
    }
    expect(audited).toEqual([
      { client_id: "bank-a", operation_name: "guarantee-loans.csv", rows: job.rowCount, http_status: 200, error_codes: null },
      { client_id: "bank-a", operation_name: "manifest.json", rows: 0, http_status: 200, error_codes: null },
      { client_id: "bank-b", operation_name: "guarantee-loans.csv", rows: 0, http_status: 404, error_codes: "NOT_FOUND" },
    ]);
  });

  it("refuses input the list would refuse, as userErrors naming the field", async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ filterBy: { regionCode: "110000" } }, ["input", "filterBy", "regionCode"]],
      [{ filterBy: { beneficiaryGroup: "NOBODY" } }, ["input", "filterBy", "beneficiaryGroup"]],
      [{ filterBy: { bankCode: "Not A Slug" } }, ["input", "filterBy", "bankCode"]],
      [{ formats: [] }, ["input", "formats"]],
    ];
    for (const [input, field] of cases) {
      const res = await gql(server.url, CREATE, { input }, keys.a);
      expect(res.status).toBe(200);
      expect(res.errors, JSON.stringify(input)).toBeUndefined();
      expect(res.data.bulkExportCreate.job).toBeNull();
      expect(res.data.bulkExportCreate.userErrors).toEqual([{ field, message: expect.any(String), code: "INVALID" }]);
    }
  });
});

// =================================================================================================

describe("expiry", () => {
  let location: TestDatabaseLocation;
  let database: Database;
  let server: Served;
  let bulkDir: string;
  let key = "";

  beforeAll(async () => {
    ({ location, database } = await openTestDatabase());
    const root = mkdtempSync(join(tmpdir(), "chuangye-bulk-expiry-"));
    bulkDir = join(root, "private");
    const [bank] = await banksWithMostLoans(database);
    key = (await createClient(database.db, { id: "bank-expiry", name: "Bank", role: "BANK", bankCode: bank })).key;
    server = await serve(database, join(root, "exports"), { bulkExport: { dir: bulkDir, concurrency: 1, pollMs: 100, ttlSeconds: 3 } });
  });
  afterAll(async () => {
    await server?.app.close();
    await database?.close();
    await location?.drop();
  });

  it("stops downloads after the time to live (410), then the worker deletes the files and marks the job EXPIRED", async () => {
    const id = await createJob(server.url, key, { filterBy: { status: "REPAID" }, formats: ["CSV"] });
    const job = await waitForJob(server.url, key, id);
    expect(Date.parse(job.expiresAt) - Date.parse(job.finishedAt)).toBe(3000);
    expect((await download(server.url, job.files[0].path, key)).status).toBe(200);
    expect(existsSync(join(bulkDir, jobKey(id)))).toBe(true);
    await sleep(Math.max(0, Date.parse(job.expiresAt) - Date.now()) + 50);
    const gone = await download(server.url, job.files[0].path, key);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.body.toString("utf8"))).toMatchObject({ error: "EXPIRED" });
    const expired = await waitForJob(server.url, key, id, ["EXPIRED"]);
    expect(expired.files).toEqual([]);
    expect(expired.rowCount).toBe(job.rowCount);
    // The worker marks it in the database and removes the folder.
    for (let i = 0; i < 50 && existsSync(join(bulkDir, jobKey(id))); i++) await sleep(100);
    expect(existsSync(join(bulkDir, jobKey(id)))).toBe(false);
    expect((await rows<{ status: string }>(database, sql`select cast(status as text) as status from bulk_export_jobs where id = ${jobKey(id)}`))[0]!.status).toBe("EXPIRED");
    expect((await download(server.url, job.files[0].path, key)).status).toBe(410);
  });
});

// =================================================================================================

describe("the queue", () => {
  let location: TestDatabaseLocation;
  let database: Database;
  let root: string;
  let bank = "";
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    ({ location, database } = await openTestDatabase());
    root = mkdtempSync(join(tmpdir(), "chuangye-bulk-queue-"));
    [bank] = await banksWithMostLoans(database);
    for (const id of ["queue-q", "queue-key", "queue-client", "queue-limit"]) keys[id] = (await createClient(database.db, { id, name: id, role: "BANK", bankCode: bank })).key;
  });
  afterAll(async () => {
    await database?.close();
    await location?.drop();
  });

  it("limits a client to three jobs waiting or running; a job whose key or client was revoked before it ran fails", async () => {
    // No worker yet: jobs wait.
    const idle = await serve(database, join(root, "exports"));
    const queued: string[] = [];
    for (let i = 0; i < 3; i++) queued.push(await createJob(idle.url, keys["queue-q"]!, { filterBy: { status: "DEFAULTED" }, formats: ["CSV"] }));
    const fourth = await gql(idle.url, CREATE, { input: {} }, keys["queue-q"]);
    expect(fourth.data.bulkExportCreate).toEqual({ job: null, userErrors: [{ field: null, message: expect.stringContaining("the most it may have (3)"), code: "TOO_MANY_JOBS" }] });
    const byKey = await createJob(idle.url, keys["queue-key"]!, { formats: ["CSV"] });
    const byClient = await createJob(idle.url, keys["queue-client"]!, { formats: ["CSV"] });
    expect((await gql(idle.url, JOB, { id: byKey }, keys["queue-key"])).data.bulkExportJob.status).toBe("QUEUED");
    await revokeKey(database.db, keys["queue-key"]!.split("_")[1]!);
    await revokeClient(database.db, "queue-client");
    await idle.app.close();

    const worker = await serve(database, join(root, "exports"), { bulkExport: { concurrency: 2, pollMs: 100 } });
    try {
      for (const id of queued) expect((await waitForJob(worker.url, keys["queue-q"]!, id)).status).toBe("SUCCEEDED");
      const failed = await rows<{ id: string; status: string; error: string; files: unknown }>(
        database,
        sql`select id, cast(status as text) as status, error, files from bulk_export_jobs where id in (${jobKey(byKey)}, ${jobKey(byClient)}) order by client_id`,
      );
      for (let i = 0; i < 100 && failed.some((f) => f.status !== "FAILED"); i++) {
        await sleep(100);
        failed.splice(0, failed.length, ...(await rows<any>(database, sql`select id, cast(status as text) as status, error, files from bulk_export_jobs where id in (${jobKey(byKey)}, ${jobKey(byClient)}) order by client_id`)));
      }
      expect(failed.map((f) => [f.status, f.files])).toEqual([["FAILED", null], ["FAILED", null]]);
      expect(failed[0]!.error).toContain("The API client was revoked");
      expect(failed[1]!.error).toContain("The API key that created the job was revoked");
      expect(readdirSync(join(root, "bulk-exports")).sort()).toEqual(queued.map(jobKey).sort());
    } finally {
      await worker.app.close();
    }
  });

  it("fails a job larger than the limit, saying how to narrow it, and leaves nothing behind", async () => {
    const worker = await serve(database, join(root, "exports"), { bulkExport: { concurrency: 1, pollMs: 100, maxRows: 100, batchSize: 30 } });
    try {
      const id = await createJob(worker.url, keys["queue-limit"]!, { formats: ["CSV", "JSON"] });
      const job = await waitForJob(worker.url, keys["queue-limit"]!, id);
      expect(job.status).toBe("FAILED");
      expect(job.errorMessage).toBe("The export holds more than 100 loans, the most one job may hold. Narrow `filterBy` (for example by `issuedOnFrom`/`issuedOnTo`, or `regionCode`) and export in parts.");
      expect(job.files).toEqual([]);
      expect(readdirSync(join(root, "bulk-exports")).filter((n) => n.includes(jobKey(id)))).toEqual([]);
    } finally {
      await worker.app.close();
    }
  });
});

// =================================================================================================

describe("a worker that dies", () => {
  it("leaves its job RUNNING; the next worker retries it and it succeeds, exactly as a job that ran once", { timeout: 180_000 }, async () => {
    const { location, database: queuing } = await openTestDatabase(2);
    const root = mkdtempSync(join(tmpdir(), "chuangye-bulk-kill-"));
    const exportDir = join(root, "exports");
    const bulkDir = join(root, "bulk-exports");
    const env = { ...process.env, DATABASE_URL: location.url ?? "", PGLITE_DIR: location.dataDir ?? "" };
    let key = "";
    let bank = "";
    let id = "";
    // A job, queued through the API; then the database is handed to the worker process (PGlite has one owner).
    {
      const database = queuing;
      [bank] = await banksWithMostLoans(database);
      key = (await createClient(database.db, { id: "bank-kill", name: "Bank", role: "BANK", bankCode: bank })).key;
      const idle = await serve(database, exportDir);
      id = await createJob(idle.url, key, { formats: ["CSV", "NDJSON"] });
      await idle.app.close();
      await database.close();
    }
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/bulk-export-worker.ts", exportDir, bulkDir], { cwd: ROOT, env, stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      // Wait until it is writing: a temporary folder whose CSV holds more than its header.
      const deadline = Date.now() + 90_000;
      let temp: string | undefined;
      while (Date.now() < deadline) {
        temp = existsSync(bulkDir) ? readdirSync(bulkDir).find((n) => n.startsWith(`.tmp-${jobKey(id)}-`)) : undefined;
        if (temp && existsSync(join(bulkDir, temp, "guarantee-loans.csv")) && statSync(join(bulkDir, temp, "guarantee-loans.csv")).size > 10_000) break;
        await sleep(100);
      }
      expect(temp, "the worker process should have started writing").toBeTruthy();
      if (location.url) {
        // PostgreSQL, several replicas: another worker does not take a job whose runner is alive.
        const other = await openDatabase({ url: location.url, poolSize: 2 });
        try {
          expect(await recoverAbandoned(other)).toEqual({ requeued: [], failed: [] });
          expect((await rows<{ status: string }>(other, sql`select cast(status as text) as status from bulk_export_jobs where id = ${jobKey(id)}`))[0]!.status).toBe("RUNNING");
        } finally {
          await other.close();
        }
      }
      child.kill("SIGKILL");
      await exited;
      expect(existsSync(join(bulkDir, temp!))).toBe(true);
    } finally {
      child.kill("SIGKILL");
    }

    const database = await openDatabase({ url: location.url, dataDir: location.dataDir, poolSize: 4 });
    try {
      const [before] = await rows<{ status: string }>(database, sql`select cast(status as text) as status from bulk_export_jobs where id = ${jobKey(id)}`);
      expect(before!.status).toBe("RUNNING");
      const worker = await serve(database, exportDir, { bulkExport: { dir: bulkDir, concurrency: 1, pollMs: 100 } });
      try {
        const job = await waitForJob(worker.url, key, id);
        expect(job.status).toBe("SUCCEEDED");
        expect(job.rowCount).toBe(await countWhere(database, sql`bank_code = ${bank}`));
        const csv = await download(worker.url, job.files[0].path, key);
        expect(sha(csv.body)).toBe(sha((await expectedCsv(database, eq(guaranteeLoans.bankCode, bank), byRef)).text));
        // Nothing of the killed attempt is left, and the job reads as one that ran once.
        expect(readdirSync(bulkDir)).toEqual([jobKey(id)]);
        expect((await rows<{ error: string | null }>(database, sql`select error from bulk_export_jobs where id = ${jobKey(id)}`))[0]!.error).toBeNull();
      } finally {
        await worker.app.close();
      }
      // A job interrupted a second time fails, saying so.
      await rows(database, sql`update bulk_export_jobs set status = 'RUNNING', error = ${INTERRUPTED} where id = ${jobKey(id)}`);
      expect(await recoverAbandoned(database)).toEqual({ requeued: [], failed: [jobKey(id)] });
      const [after] = await rows<{ status: string; error: string }>(database, sql`select cast(status as text) as status, error from bulk_export_jobs where id = ${jobKey(id)}`);
      expect(after!.status).toBe("FAILED");
      expect(after!.error).toContain("interrupted twice");
    } finally {
      await database.close();
      await location.drop();
    }
  });
});

// =================================================================================================

describe("the synchronous limit", () => {
  let location: TestDatabaseLocation;
  let database: Database;
  let server: Served;
  let key = "";

  beforeAll(async () => {
    ({ location, database } = await openTestDatabase(2));
    const [bank] = await banksWithMostLoans(database);
    key = (await createClient(database.db, { id: "bank-cost", name: "Bank", role: "BANK", bankCode: bank })).key;
    server = await serve(database, join(mkdtempSync(join(tmpdir(), "chuangye-bulk-cost-")), "exports"), { limits: { ...DEFAULT_LIMITS, maxCost: 150 } });
  });
  afterAll(async () => {
    await server?.app.close();
    await database?.close();
    await location?.drop();
  });

  it("a query for loans that costs too much is QUERY_TOO_COMPLEX pointing to bulkExportCreate; other costly queries are not", async () => {
    for (const query of [
      `{ guaranteeLoans(first: 100) { nodes { loanRef bank { code } } } }`,
      `{ viewer { guaranteeLoans(first: 100, filterBy: { status: OVERDUE }) { nodes { loanRef bank { code } } } } }`,
      `query { ...F } fragment F on Query { guaranteeLoans(first: 80) { edges { node { bank { name } } } } }`,
    ]) {
      const res = await gql(server.url, query, {}, key);
      expect(res.status, query).toBe(400);
      expect(res.data, query).toBeUndefined();
      const error = res.errors![0];
      expect(error.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost", maximum: 150, bulkExport: "bulkExportCreate" });
      expect(error.message).toContain("the mutation `bulkExportCreate` writes every loan of a `guaranteeLoans` query to files");
    }
    const banks = await gql(server.url, `{ partnerBanks(first: 100) { nodes { code } } regions(first: 100) { nodes { code } } }`, {}, key);
    expect(banks.errors![0].extensions.code).toBe("QUERY_TOO_COMPLEX");
    expect(banks.errors![0].extensions.bulkExport).toBeUndefined();
    expect(banks.errors![0].message).not.toContain("bulkExportCreate");
    // Within the limit, the same list answers.
    const ok = await gql(server.url, `{ guaranteeLoans(first: 50) { nodes { loanRef } } }`, {}, key);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.guaranteeLoans.nodes).toHaveLength(50);
  });
});
