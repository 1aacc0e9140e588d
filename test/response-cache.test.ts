// The response cache in front of GraphQL (src/graphql/response-cache.ts), over real HTTP on both
// engines: a hit is the miss's bytes and headers and never reaches Apollo (the service counts the
// requests Apollo handles: `app.graphqlRequests`); what is never stored or served (errors,
// uncacheable answers, partners); a new data version committed on another connection; rate limits
// on hits; bad input still typed.
import { request as httpRequest } from "node:http";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { buildServer } from "../src/server.js";
import { createClient } from "../src/services/partner.js";
import { knownDataVersion, publishDataVersion, watchDataVersion } from "../src/services/refresh.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
let partnerKey: string;
const MEASURES = `{ measures(first: 5) { nodes { code title departments { name } } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const [bank] = await rows<{ bank: string }>(server.database, sql`select code as bank from partner_banks order by code limit 1`);
  partnerKey = (await createClient(server.database.db, { id: "rc-bank", name: "Bank (response cache test)", role: "BANK", bankCode: bank!.bank })).key;
});
afterAll(async () => {
  await server?.close();
});

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  /** Requests Apollo handled while this one was answered: 0 for a response-cache hit. */
  reachedGraphQL: number;
}

async function send(app: FastifyInstance, url: string, init: RequestInit & { path?: string } = {}): Promise<Sent> {
  const before = app.graphqlRequests;
  const res = await fetch(`${url}${init.path ?? "/graphql"}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, reachedGraphQL: app.graphqlRequests - before };
}
const postTo = (app: FastifyInstance, url: string, body: string, headers: Record<string, string> = {}) => send(app, url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const post = (body: string, headers: Record<string, string> = {}) => postTo(server.app, server.url, body, headers);
const get = (path: string, headers: Record<string, string> = {}) => send(server.app, server.url, { path, headers });
const HEADERS_OF_THE_ANSWER = ["content-type", "cache-control", "vary", "etag", "access-control-allow-origin"];
/** What a hit changes in the miss's bytes: no SQL ran. */
const asHit = (text: string) => text.replace(/"sqlStatements":\d+/, '"sqlStatements":0');

describe("a hit", () => {
  it("is the miss's bytes and headers, answered without GraphQL (no parse, no validation, no SQL)", async () => {
    const body = JSON.stringify({ query: MEASURES });
    const miss = await post(body);
    expect(miss.status).toBe(200);
    expect(miss.reachedGraphQL).toBe(1);
    expect(JSON.parse(miss.text).extensions.cost.sqlStatements).toBeGreaterThan(0);
    expect(miss.headers.get("cache-control")).toBe("max-age=60, public");
    expect(miss.headers.get("age")).toBeNull();
    const stats = server.app.responseCache!.stats();

    const hit = await post(body);
    expect(hit.status).toBe(200);
    expect(hit.reachedGraphQL).toBe(0);
    expect(hit.text).toBe(asHit(miss.text));
    expect(JSON.parse(hit.text).data).toEqual(JSON.parse(miss.text).data);
    for (const name of HEADERS_OF_THE_ANSWER) expect(hit.headers.get(name), name).toBe(miss.headers.get(name));
    expect(hit.headers.get("age")).toMatch(/^\d+$/);
    // Nothing else differs: the same header names, plus Age.
    const names = (h: Headers) => [...h.keys()].filter((n) => n !== "date" && n !== "age").sort();
    expect(names(hit.headers)).toEqual(names(miss.headers));
    expect(server.app.responseCache!.stats()).toMatchObject({ hits: stats.hits + 1, stores: stats.stores, entries: stats.entries });
  });

  it("answers GET and HEAD with the miss's ETag, and 304 for it, without GraphQL", async () => {
    const path = `/graphql?query=${encodeURIComponent("{ plans { code title } }")}`;
    const miss = await get(path);
    expect(miss.reachedGraphQL).toBe(1);
    const etag = miss.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[\w-]{8}-[\w-]{27}"$/);
    const hit = await get(path);
    expect([hit.reachedGraphQL, hit.text, hit.headers.get("etag"), hit.headers.get("cache-control")]).toEqual([0, asHit(miss.text), etag, "max-age=60, public"]);
    const notModified = await get(path, { "if-none-match": etag });
    expect([notModified.status, notModified.text, notModified.reachedGraphQL, notModified.headers.get("etag")]).toEqual([304, "", 0, etag]);
    const head = await send(server.app, server.url, { path, method: "HEAD" });
    expect([head.status, head.text, head.reachedGraphQL, head.headers.get("etag")]).toEqual([200, "", 0, etag]);
    // A published operation by id is a URL like any other.
    const byId = "/graphql?id=plans-and-measures";
    expect((await get(byId)).reachedGraphQL).toBe(1);
    expect((await get(byId)).reachedGraphQL).toBe(0);
  });

  it("is per Accept header: another media type is another answer", async () => {
    const body = JSON.stringify({ query: `{ plans { code titleEn } }` });
    const json = await post(body, { accept: "application/json" });
    const graphqlJson = await post(body, { accept: "application/graphql-response+json" });
    expect([json.reachedGraphQL, graphqlJson.reachedGraphQL]).toEqual([1, 1]);
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(graphqlJson.headers.get("content-type")).toBe("application/graphql-response+json; charset=utf-8");
    const again = await post(body, { accept: "application/graphql-response+json" });
    expect([again.reachedGraphQL, again.headers.get("content-type")]).toEqual([0, "application/graphql-response+json; charset=utf-8"]);
  });
});

describe("what the cache never stores or serves", () => {
  it("answers with errors and answers Apollo's cache control calls uncacheable", async () => {
    for (const query of [`{ measure(code: "P9-M9") { code } }`, `{ datasets { name latest { snapshotId } } }`]) {
      const body = JSON.stringify({ query });
      const first = await post(body);
      const second = await post(body);
      expect([first.reachedGraphQL, second.reachedGraphQL], query).toEqual([1, 1]);
      expect(second.headers.get("age"), query).toBeNull();
    }
  });

  it("partner requests: never answered from it, never stored in it", async () => {
    const body = JSON.stringify({ query: `{ measures(first: 2) { nodes { code } } }` });
    expect((await post(body)).reachedGraphQL).toBe(1);
    expect((await post(body)).reachedGraphQL).toBe(0);
    const partner = await post(body, { authorization: `Bearer ${partnerKey}` });
    expect(partner.status).toBe(200);
    expect(partner.reachedGraphQL).toBe(1);
    expect(JSON.parse(partner.text).extensions.cost.sqlStatements).toBeGreaterThan(0);
    expect(partner.headers.get("cache-control")).toBe("private, no-store");
    expect(partner.headers.get("age")).toBeNull();
    // A partner's answer does not fill it: the anonymous request after it is a miss.
    const own = JSON.stringify({ query: `{ measures(first: 3) { nodes { code } } }` });
    expect((await post(own, { authorization: `Bearer ${partnerKey}` })).reachedGraphQL).toBe(1);
    expect((await post(own)).reachedGraphQL).toBe(1);
    // A cached request's bytes with a key that is not valid are refused, not answered.
    const refused = await post(body, { authorization: "Bearer cyk_aaaaaaaaaaaa_nope" });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("bad input is still refused with its typed error, every time", async () => {
    const control = JSON.stringify({ query: `{ incubatorBases(first: 1, filterBy: { text: "a\\u0001b" }) { totalCount } }` });
    for (let i = 0; i < 2; i++) {
      const res = await post(control);
      expect([res.status, res.reachedGraphQL, JSON.parse(res.text).errors[0].extensions.code]).toEqual([400, 1, "BAD_USER_INPUT"]);
    }
    for (let i = 0; i < 2; i++) {
      const notJson = await post("{ not json");
      expect([notJson.status, notJson.reachedGraphQL]).toEqual([400, 0]);
    }
    // A cached request's bytes as a form post: CSRF prevention refuses them, as before.
    const body = JSON.stringify({ query: MEASURES });
    await post(body);
    const form = await post(body, { "content-type": "text/plain" });
    expect(form.status).toBe(400);
    expect(JSON.parse(form.text).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("a chunked body (no Content-Length) over the public limit is still 413", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", (err) => (String(err).includes("EPIPE") || String(err).includes("ECONNRESET") ? resolve(413) : reject(err)));
      req.write(JSON.stringify({ query: "{ plans { code } }", padding: "x".repeat(40_000) }).slice(0, -1));
      req.end(`, "more": "${"y".repeat(40_000)}"}`);
    });
    expect(status).toBe(413);
  });
});

describe("a new data version", () => {
  it("committed on another connection: the next request computes the new answer, and that is cached", async () => {
    const body = JSON.stringify({ query: `{ plan(code: "P2") { code titleEn } }` });
    const before = await post(body);
    expect((await post(body)).reachedGraphQL).toBe(0);
    const oldTitle = JSON.parse(before.text).data.plan.titleEn as string;
    // Another process's import, as far as this service can tell: its own connection, then NOTIFY.
    const other = server.database.engine === "postgres" ? await openDatabase({ url: server.database.url!, poolSize: 1 }) : server.database;
    try {
      await other.db.execute(sql`update policy_sections set title_en = ${`${oldTitle} (revised)`} where code = 'P2'`);
      await publishDataVersion(other.db);
    } finally {
      if (other !== server.database) await other.close();
    }
    let after = await post(body);
    for (let i = 0; i < 50 && JSON.parse(after.text).data.plan.titleEn === oldTitle; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await post(body);
    }
    expect(JSON.parse(after.text).data.plan.titleEn).toBe(`${oldTitle} (revised)`);
    expect(after.reachedGraphQL).toBe(1);
    const again = await post(body);
    expect([again.reachedGraphQL, again.text]).toEqual([0, asHit(after.text)]);
  });
});

describe("several servers watching one database", () => {
  it("one stopping leaves the others' data version known and current: the cache neither goes blind nor stale", async () => {
    // A second server on the same database handle (as tests and a CLI beside the server do):
    // its watcher starts and stops while this file's server keeps running.
    const stopSecond = await watchDataVersion(server.database);
    await stopSecond();
    await stopSecond(); // stopping twice changes nothing
    expect(knownDataVersion(server.database.api)).toBeDefined();
    const version = await publishDataVersion(server.database.db);
    for (let i = 0; i < 200 && knownDataVersion(server.database.api) !== version; i++) await new Promise((r) => setTimeout(r, 25));
    expect(knownDataVersion(server.database.api)).toBe(version);
    // And the server answers, and caches, under it.
    const body = JSON.stringify({ query: `{ plan(code: "P3") { code } }` });
    expect((await post(body)).reachedGraphQL).toBe(1);
    expect((await post(body)).reachedGraphQL).toBe(0);
  });
});

describe("rate limits on hits", () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = await buildServer({ database: server.database, logLevel: "silent", exportDir: "/nonexistent", rateLimit: { anonymousPoints: 200, partnerPoints: 1_000, windowSeconds: 3600, redisUrl: null, redisPrefix: "unused:" } });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("charge a hit what its query costs, report it in headers and extensions, and answer 429 when the budget is spent", async () => {
    const body = JSON.stringify({ query: MEASURES });
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    const miss = await postTo(app, url, body, from("203.0.113.7"));
    const cost = JSON.parse(miss.text).extensions.cost.requestedQueryCost as number;
    expect(cost).toBe(56);
    expect(miss.headers.get("ratelimit-remaining")).toBe(String(200 - cost));
    let remaining = 200 - cost;
    // Spend the rest of the budget on hits: each is charged, and says so in both places.
    while (remaining >= cost) {
      const hit = await postTo(app, url, body, from("203.0.113.7"));
      remaining -= cost;
      expect([hit.status, hit.reachedGraphQL, hit.headers.get("ratelimit-remaining")]).toEqual([200, 0, String(remaining)]);
      const extensions = JSON.parse(hit.text).extensions;
      expect(extensions.rateLimit).toMatchObject({ limit: 200, remaining, cost, windowSeconds: 3600 });
      expect(extensions.cost).toEqual({ requestedQueryCost: cost, maximumAvailable: expect.any(Number), sqlStatements: 0 });
      // Only the per-request parts differ from the miss.
      const strip = (text: string) => text.replace(/"rateLimit":\{[^}]*\}/, "").replace(/"sqlStatements":\d+/, "");
      expect(strip(hit.text)).toBe(strip(miss.text));
    }
    const refused = await postTo(app, url, body, from("203.0.113.7"));
    expect(refused.status).toBe(429);
    expect(refused.reachedGraphQL).toBe(1);
    const error = JSON.parse(refused.text).errors[0];
    expect(error.extensions).toMatchObject({ code: "RATE_LIMITED", cost, remaining: 200 - 3 * cost });
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    // Another address has its own budget, and gets the hit.
    const other = await postTo(app, url, body, from("203.0.113.8"));
    expect([other.status, other.reachedGraphQL, other.headers.get("ratelimit-remaining")]).toEqual([200, 0, String(200 - cost)]);
  });
});
