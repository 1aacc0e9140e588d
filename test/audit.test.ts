// The audit log: every partner request — a bank's, a programme manager's — is one row in
// audit_log with what it asked and how it ended, and no row holds a loan's contents. Over HTTP,
// on both engines.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { Writable } from "node:stream";
import Fastify from "fastify";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../src/auth/audit.js";
import { parseKey } from "../src/auth/keys.js";
import { openDatabase } from "../src/db/client.js";
import { buildServer } from "../src/server.js";
import { createClient } from "../src/services/partner.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
const keys: Record<string, string> = {};
let bankA = "";
let bankB = "";

beforeAll(async () => {
  server = await startTestServer();
  const banks = await rows<{ bank: string }>(server.database, sql`select bank_code as bank from guarantee_loans group by 1 order by count(*) desc, 1 limit 2`);
  [bankA, bankB] = banks.map((b) => b.bank) as [string, string];
  const db = server.database.db;
  keys.a = (await createClient(db, { id: "audit-bank-a", name: "Bank A reconciliation", role: "BANK", bankCode: bankA })).key;
  keys.manager = (await createClient(db, { id: "audit-hrss", name: "HRSS programme office", role: "PROGRAMME_MANAGER" })).key;
});
afterAll(async () => {
  await server?.close();
});

async function post(url: string, body: object | string, key?: string, authorization?: string) {
  const auth = authorization ?? (key ? `Bearer ${key}` : undefined);
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

interface AuditRow {
  client_id: string;
  key_id: string;
  role: string;
  bank_code: string | null;
  operation_name: string | null;
  operation_type: string | null;
  cost: number | null;
  rows: number | null;
  http_status: number;
  error_codes: string | null;
  duration_ms: number;
  at: string;
}

const auditRows = () =>
  rows<AuditRow>(
    server.database,
    sql`select client_id, key_id, cast(role as text) as role, bank_code, operation_name, operation_type, cost, rows, http_status, error_codes, duration_ms, cast(at as text) as at
        from audit_log order by id`,
  );

async function waitForRows(n: number): Promise<AuditRow[]> {
  for (let i = 0; i < 100; i++) {
    const found = await auditRows();
    if (found.length >= n) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  return auditRows();
}

describe("the audit log", () => {
  it("has one exact row per partner request, a manager's reads included, and never a loan's contents", async () => {
    const started = Date.now();
    const idA = parseKey(keys.a!)!.id;
    const idManager = parseKey(keys.manager!)!.id;
    const responses: string[] = [];
    const send = async (body: object | string, key?: string, authorization?: string) => {
      const res = await post(server.url, body, key, authorization);
      responses.push(res.text);
      return { status: res.status, json: JSON.parse(res.text) };
    };

    const mine = await send({ query: `query MyLoans($n: Int) { viewer { guaranteeLoans(first: $n) { nodes { id loanRef amount } } } }`, variables: { n: 3 } }, keys.a);
    expect(mine.status).toBe(200);
    const loans = mine.json.data.viewer.guaranteeLoans.nodes;
    expect(loans).toHaveLength(3);
    expect(mine.json.extensions.cost.requestedQueryCost).toBe(5);

    const one = await send({ query: `query One($id: ID!) { node(id: $id) { ... on GuaranteeLoan { loanRef amount } } }`, variables: { id: loans[0].id } }, keys.a);
    expect(one.json.data.node.loanRef).toBe(loans[0].loanRef);

    const public_ = await send({ query: `{ partnerBanks(first: 1) { nodes { code } } }` }, keys.a);
    expect(public_.status).toBe(200);

    const forbidden = await send({ query: `query Theirs($b: String) { guaranteeLoans(first: 2, filterBy: { bankCode: $b }) { nodes { loanRef } } }`, variables: { b: bankB } }, keys.a);
    expect(forbidden.json.errors[0].extensions.code).toBe("FORBIDDEN");

    const broken = await send({ query: `{ guaranteeLoans(` }, keys.a);
    expect(broken.status).toBe(400);

    const oversight = await send({ query: `query Oversight($b: String) { guaranteeLoans(first: 4, filterBy: { bankCode: $b }) { nodes { loanRef amount } } }`, variables: { b: bankB } }, keys.manager);
    expect(oversight.status).toBe(200);
    expect(oversight.json.data.guaranteeLoans.nodes).toHaveLength(4);

    // Not partner requests: a key that is not valid (a log line instead), and anonymous callers.
    expect((await send({ query: `{ partnerBanks(first: 1) { nodes { code } } }` }, undefined, `Bearer cyk_000000000000_${"A".repeat(43)}`)).status).toBe(401);
    expect((await send({ query: `{ partnerBanks(first: 1) { nodes { code } } }` })).status).toBe(200);

    const common = { client_id: "audit-bank-a", key_id: idA, role: "BANK", bank_code: bankA };
    const expected = [
      { ...common, operation_name: "MyLoans", operation_type: "query", cost: 5, rows: 3, http_status: 200, error_codes: null },
      { ...common, operation_name: "One", operation_type: "query", cost: 1, rows: 1, http_status: 200, error_codes: null },
      { ...common, operation_name: null, operation_type: "query", cost: 2, rows: 0, http_status: 200, error_codes: null },
      { ...common, operation_name: "Theirs", operation_type: "query", cost: 3, rows: 0, http_status: 403, error_codes: "FORBIDDEN" },
      { ...common, operation_name: null, operation_type: null, cost: null, rows: 0, http_status: 400, error_codes: "GRAPHQL_PARSE_FAILED" },
      { client_id: "audit-hrss", key_id: idManager, role: "PROGRAMME_MANAGER", bank_code: null, operation_name: "Oversight", operation_type: "query", cost: 5, rows: 4, http_status: 200, error_codes: null },
    ];
    // Written after the responses, within moments.
    const written = await waitForRows(expected.length);
    expect(written.map(({ duration_ms: _d, at: _a, ...rest }) => rest)).toEqual(expected);
    for (const row of written) {
      expect(Number.isInteger(row.duration_ms) && row.duration_ms >= 0).toBe(true);
      const at = Date.parse(row.at.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00"));
      expect(at).toBeGreaterThanOrEqual(started - 1_000);
      expect(at).toBeLessThanOrEqual(Date.now());
    }

    // Each key's last use is the start of its last request; the refused key's id is no key's.
    const lastUse = await rows<{ id: string; used: string | null }>(server.database, sql`select id, cast(last_used_at as text) as used from api_keys where id in (${idA}, ${idManager}) order by id`);
    const lastAt = (clientId: string) => written.filter((r) => r.client_id === clientId).at(-1)!.at;
    expect(Object.fromEntries(lastUse.map((k) => [k.id, k.used]))).toEqual({ [idA]: lastAt("audit-bank-a"), [idManager]: lastAt("audit-hrss") });

    // No row holds a loan reference or amount that any response carried.
    const carried = responses.flatMap((text) => [...text.matchAll(/"loanRef":"([^"]+)"|"amount":"([^"]+)"/g)].map((m) => m[1] ?? m[2]!));
    expect(carried.length).toBe(3 * 2 + 2 + 4 * 2);
    const stored = JSON.stringify(written);
    for (const value of carried) expect(stored).not.toContain(value);
  });

  it("records the answer that went out (a response too large, a 429), and a clean shutdown writes every queued row", async () => {
    const app: FastifyInstance = await buildServer({
      database: server.database,
      logLevel: "silent",
      exportDir: "/nonexistent",
      maxResponseBytes: 2_048,
      rateLimit: { anonymousPoints: 1_000, partnerPoints: 250, windowSeconds: 3600, redisUrl: null, redisPrefix: `chuangye:test:${randomUUID()}:` },
    });
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const before = (await auditRows()).length;
    const query = { query: `query Page { guaranteeLoans(first: 100) { nodes { loanRef amount issuedOn } } }` };
    const tooLarge = await post(url, query, keys.a);
    expect(tooLarge.status).toBe(400);
    expect(JSON.parse(tooLarge.text).errors[0].extensions.code).toBe("RESPONSE_TOO_LARGE");
    expect((await post(url, query, keys.a)).status).toBe(400);
    const limited = await post(url, query, keys.a);
    expect(limited.status).toBe(429);
    // Closed at once: the rows are still queued, and shutdown writes them.
    await app.close();
    const written = (await auditRows()).slice(before);
    const common = { client_id: "audit-bank-a", key_id: parseKey(keys.a!)!.id, role: "BANK", bank_code: bankA, operation_name: "Page", operation_type: "query", cost: 101 };
    expect(written.map(({ duration_ms: _d, at: _a, ...rest }) => rest)).toEqual([
      { ...common, rows: 0, http_status: 400, error_codes: "RESPONSE_TOO_LARGE" },
      { ...common, rows: 0, http_status: 400, error_codes: "RESPONSE_TOO_LARGE" },
      { ...common, rows: 0, http_status: 429, error_codes: "RATE_LIMITED" },
    ]);
  });

  it("keeps rows the database refuses and, at shutdown, writes them to the service log rather than lose them", async () => {
    // A database that is not there: a port nothing listens on.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const away = await openDatabase({ url: `postgres://chuangye_api@127.0.0.1:${port}/nowhere` });
    const lines: any[] = [];
    const logger = Fastify({ logger: { level: "info", stream: new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }) } });
    const audit = new AuditLog(away, logger.log);
    const row = (n: number) => ({ at: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(), clientId: "audit-bank-a", keyId: "k0000000000" + n, role: "BANK" as const, bankCode: bankA, operationName: `Op${n}`, operationType: "query", cost: n, rows: n, httpStatus: 200, errorCodes: null, durationMs: n });
    for (const n of [1, 2, 3]) audit.record(row(n));
    await audit.flush();
    // Refused, kept for the next try.
    expect(audit.pending).toBe(3);
    expect(lines.filter((l) => l.msg === "audit rows could not be written; retrying")).toHaveLength(1);
    await audit.close();
    expect(audit.pending).toBe(0);
    const spilled = lines.filter((l) => l.msg === "audit rows not written to the database");
    expect(spilled).toHaveLength(1);
    expect(spilled[0].auditRows).toEqual([row(1), row(2), row(3)]);
    expect(spilled[0].why).toBe("the database could not be reached before shutdown");
    // A row that arrives after shutdown goes to the log too.
    audit.record(row(4));
    expect(lines.at(-1).auditRows).toEqual([row(4)]);
    await away.close();
    await logger.close();
  });
});
