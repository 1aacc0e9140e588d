// Rate limits by query cost, over HTTP on both engines: budgets per key and per address, 429
// with its headers and code, what refused and malformed requests cost, counters shared by two
// servers through Redis (and not without it), and a Redis outage that does not stop the API.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressBucket, type RateLimitSettings } from "../src/auth/rate-limit.js";
import { buildServer } from "../src/server.js";
import { createClient } from "../src/services/partner.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

/** Redis for the shared-counter tests (`.ci/run` starts it). */
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let server: TestServer;
const keys: Record<string, string> = {};
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const [bank] = await rows<{ bank: string }>(server.database, sql`select code as bank from partner_banks order by code limit 1`);
  const db = server.database.db;
  keys.a = (await createClient(db, { id: "rl-bank-a", name: "Bank A", role: "BANK", bankCode: bank!.bank })).key;
  keys.b = (await createClient(db, { id: "rl-bank-b", name: "Bank A, second system", role: "BANK", bankCode: bank!.bank })).key;
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await server?.close();
});

/** A server on the test database with these budgets; each call gets its own Redis key prefix unless one is given. */
async function limitedServer(settings: Partial<RateLimitSettings>): Promise<string> {
  const app = await buildServer({
    database: server.database,
    logLevel: "silent",
    exportDir: "/nonexistent",
    rateLimit: { anonymousPoints: 10, partnerPoints: 20, windowSeconds: 3600, redisUrl: null, redisPrefix: `chuangye:test:${randomUUID()}:`, ...settings },
  });
  apps.push(app);
  return app.listen({ host: "127.0.0.1", port: 0 });
}

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: { message: string; extensions: Record<string, any> }[]; extensions?: Record<string, any> };
}

async function post(url: string, body: string | object, options: { key?: string; ip?: string; authorization?: string } = {}): Promise<Answer> {
  const authorization = options.authorization ?? (options.key ? `Bearer ${options.key}` : undefined);
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": options.ip ?? "198.51.100.1", ...(authorization ? { authorization } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

/** 1 + 2 × 1 = 3 points. */
const THREE = { query: `{ partnerBanks(first: 2) { nodes { code } } }` };

function headersOf(a: Answer) {
  return {
    limit: a.headers.get("ratelimit-limit"),
    remaining: a.headers.get("ratelimit-remaining"),
    reset: a.headers.get("ratelimit-reset"),
    policy: a.headers.get("ratelimit-policy"),
    retryAfter: a.headers.get("retry-after"),
  };
}

describe("rate limits in one process", () => {
  it("charge each request its query cost, report the budget in headers and extensions, and answer 429 when it is spent", async () => {
    const url = await limitedServer({});
    const first = await post(url, THREE);
    expect(first.status).toBe(200);
    expect(first.body.extensions!.cost.requestedQueryCost).toBe(3);
    // 3 of 10 points per hour: 3 × 360 s until the bucket is full again.
    expect(headersOf(first)).toEqual({ limit: "10", remaining: "7", reset: "1080", policy: "10;w=3600", retryAfter: null });
    const { resetAt, ...rest } = first.body.extensions!.rateLimit;
    expect(rest).toEqual({ limit: 10, remaining: 7, cost: 3, windowSeconds: 3600 });
    expect(Math.abs(Date.parse(resetAt) - (Date.now() + 1_080_000))).toBeLessThan(10_000);

    // The second answer comes from the response cache, and costs the same.
    expect(headersOf(await post(url, THREE)).remaining).toBe("4");
    expect(headersOf(await post(url, THREE)).remaining).toBe("1");

    const refused = await post(url, THREE);
    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toHaveLength(1);
    const error = refused.body.errors![0]!;
    expect(error.extensions).toMatchObject({ code: "RATE_LIMITED", cost: 3, limit: 10, remaining: 1, windowSeconds: 3600 });
    expect(error.message).toMatch(/^Rate limit exceeded \(10 points per 3600 s\): This query costs 3 points, and 1 remain\. Retry in \d+ s/);
    // 2 more points are needed: 720 s, less the moments the requests took.
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(719);
    expect(retryAfter).toBeLessThanOrEqual(720);
    expect(error.extensions.retryAfterSeconds).toBe(retryAfter);
    expect(headersOf(refused)).toMatchObject({ limit: "10", remaining: "1", policy: "10;w=3600" });
    expect(refused.headers.get("cache-control")).toBe("no-store");
    // Refused before anything ran: no SQL, and nothing charged.
    expect(refused.body.extensions!.cost.sqlStatements).toBe(0);
    expect(refused.body.extensions!.rateLimit).toMatchObject({ remaining: 1, cost: 0 });

    // A query of scalars costs 0 points, and is charged 1.
    const cheap = await post(url, { query: `{ __typename }` });
    expect(cheap.status).toBe(200);
    expect(cheap.body.extensions!.rateLimit).toMatchObject({ remaining: 0, cost: 1 });
    expect((await post(url, { query: `{ __typename }` })).status).toBe(429);
  });

  it("count per address for anonymous callers (an IPv6 /64 is one address) and per key for partners, with a budget of their own", async () => {
    const url = await limitedServer({});
    for (let i = 0; i < 3; i++) expect((await post(url, THREE, { ip: "203.0.113.7" })).status).toBe(200);
    expect((await post(url, THREE, { ip: "203.0.113.7" })).status).toBe(429);
    // Another address, and the partners at that address, are unaffected.
    expect(headersOf(await post(url, THREE, { ip: "203.0.113.8" })).remaining).toBe("7");
    const a1 = await post(url, THREE, { ip: "203.0.113.7", key: keys.a });
    expect(a1.status).toBe(200);
    expect(headersOf(a1)).toMatchObject({ limit: "20", remaining: "17", policy: "20;w=3600" });
    expect(a1.body.extensions!.rateLimit).toMatchObject({ limit: 20, remaining: 17, cost: 3 });

    // Key A spends its 20 points (from any address); key B, of the same bank, has its own.
    for (let i = 0; i < 5; i++) expect((await post(url, THREE, { ip: `192.0.2.${i}`, key: keys.a })).status).toBe(200);
    const aRefused = await post(url, THREE, { key: keys.a });
    expect(aRefused.status).toBe(429);
    expect(aRefused.body.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED", limit: 20, remaining: 2 });
    // The key was checked (one statement), nothing else ran.
    expect(aRefused.body.extensions!.cost.sqlStatements).toBe(1);
    expect(headersOf(await post(url, THREE, { key: keys.b })).remaining).toBe("17");
    expect(headersOf(await post(url, THREE, { ip: "192.0.2.250" })).remaining).toBe("7");

    // IPv6: one budget per /64.
    for (let i = 0; i < 3; i++) expect((await post(url, THREE, { ip: `2001:db8:1:2::${i + 1}` })).status).toBe(200);
    expect((await post(url, THREE, { ip: "2001:db8:1:2:ffff:ffff:ffff:ffff" })).status).toBe(429);
    expect((await post(url, THREE, { ip: "2001:db8:1:3::1" })).status).toBe(200);
  });

  it("group addresses as documented", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("charge 1 point for requests refused before they run — parse and validation errors, query limits, bad keys, malformed bodies — and refuse them too once the budget is spent", async () => {
    const url = await limitedServer({});
    const ip = "198.51.100.20";
    const parse = await post(url, { query: `{ partnerBanks(` }, { ip });
    expect(parse.status).toBe(400);
    expect(parse.body.errors![0]!.extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(parse.body.extensions!.rateLimit).toMatchObject({ remaining: 9, cost: 1 });
    expect(headersOf(parse).remaining).toBe("9");

    const invalid = await post(url, { query: `{ nothingHere }` }, { ip });
    expect(invalid.status).toBe(400);
    expect(invalid.body.extensions!.rateLimit).toMatchObject({ remaining: 8, cost: 1 });

    // Over the cost limit (1 + 100 × (1 + 10 × (1 + 10)) = 11,101 points): QUERY_TOO_COMPLEX, charged 1, not its cost.
    const huge = await post(url, { query: `{ regions(first: 100) { nodes { children { children { code } } } } }` }, { ip });
    expect(huge.status).toBe(400);
    expect(huge.body.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
    expect(huge.body.extensions!.rateLimit).toMatchObject({ remaining: 7, cost: 1 });

    // A key that is not valid is the address's request: 1 point, and still 401.
    const badKey = await post(url, THREE, { ip, authorization: `Bearer cyk_000000000000_${"A".repeat(43)}` });
    expect(badKey.status).toBe(401);
    expect(badKey.body.errors![0]!.extensions.code).toBe("UNAUTHENTICATED");
    expect(headersOf(badKey)).toMatchObject({ limit: "10", remaining: "6" });

    // A body that is not JSON never reaches GraphQL, and costs 1 point too.
    const garbage = await post(url, "{not json", { ip });
    expect(garbage.status).toBe(400);
    expect(headersOf(garbage).remaining).toBe("5");

    for (let i = 0; i < 5; i++) expect((await post(url, { query: `{` }, { ip })).status).toBe(400);
    // Spent: garbage, bad keys and malformed bodies are now refused as well, before anything else.
    const flood = await post(url, { query: `{` }, { ip });
    expect(flood.status).toBe(429);
    expect(flood.body.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED", cost: 1, remaining: 0 });
    expect(flood.body.errors![0]!.message).toMatch(/This request was refused before it could run, which counts 1 point/);
    expect(Number(flood.headers.get("retry-after"))).toBeGreaterThan(0);
    const floodKey = await post(url, THREE, { ip, authorization: `Bearer cyk_000000000000_${"A".repeat(43)}` });
    expect(floodKey.status).toBe(429);
    expect(floodKey.headers.get("www-authenticate")).toBeNull();
    expect(floodKey.body.errors![0]!.extensions.code).toBe("RATE_LIMITED");
    const floodBody = await post(url, "{not json", { ip });
    expect(floodBody.status).toBe(429);
    expect(floodBody.body.errors![0]!.extensions.code).toBe("RATE_LIMITED");
  });

  it("report the budget on GET requests too, and give a spent budget back with time", async () => {
    // 10 points per 2 s: 1 point back every 200 ms.
    const url = await limitedServer({ windowSeconds: 2 });
    const get = await fetch(`${url}/graphql?query=${encodeURIComponent(THREE.query)}`, { headers: { "apollo-require-preflight": "1", "x-forwarded-for": "198.51.100.30" } });
    expect(get.status).toBe(200);
    expect(get.headers.get("ratelimit-limit")).toBe("10");
    expect(get.headers.get("ratelimit-policy")).toBe("10;w=2");
    expect(((await get.json()) as any).extensions.rateLimit.cost).toBe(3);
    // 8 requests at once ask for 24 points: some must wait.
    const ip = "198.51.100.31";
    const burst = await Promise.all(Array.from({ length: 8 }, () => post(url, THREE, { ip })));
    const refused = burst.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    // At most 3 points short, at 5 points a second.
    for (const a of refused) expect(a.headers.get("retry-after")).toBe("1");
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await post(url, THREE, { ip })).status).toBe(200);
  });

  it("are off unless configured: no headers, no extension", async () => {
    const res = await post(server.url, THREE);
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-limit")).toBeNull();
    expect(res.body.extensions!.rateLimit).toBeUndefined();
  });
});

describe("rate limits across processes", () => {
  it("without Redis, each server counts on its own", async () => {
    const one = await limitedServer({});
    const two = await limitedServer({});
    for (let i = 0; i < 3; i++) expect((await post(one, THREE)).status).toBe(200);
    expect((await post(one, THREE)).status).toBe(429);
    expect(headersOf(await post(two, THREE)).remaining).toBe("7");
  });

  it("with Redis, two servers share one budget, atomically", async () => {
    const redis = { redisUrl: REDIS_URL, redisPrefix: `chuangye:test:${randomUUID()}:` };
    const one = await limitedServer({ ...redis, anonymousPoints: 30, partnerPoints: 30 });
    const two = await limitedServer({ ...redis, anonymousPoints: 30, partnerPoints: 30 });
    const a = await post(one, THREE, { key: keys.a });
    expect(headersOf(a)).toMatchObject({ limit: "30", remaining: "27" });
    const b = await post(two, THREE, { key: keys.a });
    expect(headersOf(b)).toMatchObject({ limit: "30", remaining: "24" });
    // 20 requests at once, half on each server, for the 24 points (8 requests) left.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? one : two, THREE, { key: keys.a })));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(8);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(12);
    expect(burst.filter((r) => r.status === 200).map((r) => Number(r.headers.get("ratelimit-remaining"))).sort((x, y) => x - y)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    // Anonymous callers share it too, per address.
    for (let i = 0; i < 10; i++) expect((await post(i % 2 ? one : two, THREE, { ip: "198.51.100.40" })).status).toBe(200);
    expect((await post(one, THREE, { ip: "198.51.100.40" })).status).toBe(429);
    expect((await post(two, THREE, { ip: "198.51.100.40" })).status).toBe(429);
    expect((await post(two, THREE, { ip: "198.51.100.41" })).status).toBe(200);
  });

  it("when Redis cannot be reached, the API still answers and each server enforces the budget itself", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const url = await limitedServer({ redisUrl: `redis://127.0.0.1:${port}` });
    for (let i = 0; i < 3; i++) {
      const ok = await post(url, THREE);
      expect(ok.status).toBe(200);
      expect(ok.body.extensions!.rateLimit).toMatchObject({ limit: 10, remaining: 7 - 3 * i, cost: 3 });
    }
    const refused = await post(url, THREE);
    expect(refused.status).toBe(429);
    expect(refused.body.errors![0]!.extensions.code).toBe("RATE_LIMITED");
  });
});
