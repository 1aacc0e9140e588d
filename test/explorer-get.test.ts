// The explorer at GET /graphql, plain (cacheable) GETs, published operations by id, automatic
// persisted queries shared through Redis, ETag/304 tied to the data version, and the
// GraphQL-over-HTTP audit of graphql-http — all over real HTTP, on both engines.
import { getIntrospectionQuery, parse, validate } from "graphql";
import { serverAudits } from "graphql-http";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAppSchema } from "../src/graphql/schema.js";
import { PUBLISHED_OPERATIONS } from "../src/graphql/published-operations.js";
import { buildServer } from "../src/server.js";
import { publishDataVersion } from "../src/services/refresh.js";
import { createClient } from "../src/services/partner.js";
import { explorerTabs } from "../src/views/explorer.js";
import { startTestServer, type TestServer } from "./support/harness.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
const ORIGIN = "https://news-app.example.org";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
const measureUrl = (code: string) => `/graphql?id=measure-with-instruments&variables=${encodeURIComponent(JSON.stringify({ code }))}`;

describe("the explorer", () => {
  it("is what a browser gets at GET /graphql: GraphiQL from our own assets, nothing from elsewhere", async () => {
    const res = await get("/graphql", { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers.get("vary")).toBe("Accept, Authorization");
    expect(res.headers.get("etag")).toMatch(/^W\/"[\w-]{8}-[\w-]{27}"$/);
    const html = await res.text();
    // Every src and href is a path on this service.
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) expect(url).toMatch(/^\/(?!\/)|^data:,$/);
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script: the policy forbids them
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.map((s) => s.split("?")[0])).toEqual(["/explorer/assets/react.production.min.js", "/explorer/assets/react-dom.production.min.js", "/explorer/assets/graphiql.min.js", "/explorer/assets/explorer.js"]);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
    for (const path of [...scripts, stylesheet]) {
      // Versioned by content: a new version is a new URL, so a browser may keep each for good.
      expect(path).toMatch(/\?v=[\w-]{12}$/);
      const asset = await get(path, { "accept-encoding": "identity" });
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(asset.headers.get("content-type")).toMatch(path.includes(".css") ? /^text\/css/ : /^text\/javascript/);
      const body = await asset.text();
      // No asset loads anything from another origin (the GraphiQL bundle mentions URLs only in comments and docs strings).
      expect(body).not.toMatch(/(?:@import|url\()\s*['"]?https?:/);
      expect(body).not.toMatch(/(?:unpkg|jsdelivr|cdnjs|googleapis)\./);
    }
    const unversioned = await get("/explorer/assets/explorer.js");
    expect(unversioned.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await unversioned.text()).toContain("GraphiQL.createFetcher");
    expect((await get("/explorer/assets/nothing.js")).status).toBe(404);
  });

  it("serves its assets gzipped to clients that take it, with 304 for a copy still good", async () => {
    const first = await get("/explorer/assets/graphiql.min.js", { "accept-encoding": "gzip" });
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(first.headers.get("vary")).toBe("Accept-Encoding");
    const etag = first.headers.get("etag")!;
    await first.arrayBuffer();
    const again = await get("/explorer/assets/graphiql.min.js", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
  });

  it("opens with examples for the three groups, each valid against the schema", async () => {
    const html = await (await get("/graphql", { accept: BROWSER_ACCEPT })).text();
    const tabs = JSON.parse(/<script type="application\/json" id="explorer-tabs">(.*?)<\/script>/s.exec(html)![1]!) as { query: string; variables?: string; headers?: string }[];
    expect(tabs).toEqual(explorerTabs());
    expect(tabs.map((t) => /query (\w+)/.exec(t.query)![1])).toEqual(["LoanStatisticsByLeagueAndYear", "DatasetDownloads", "MeasureWithInstruments", "MyBankLoans"]);
    const schema = await buildAppSchema();
    for (const tab of tabs) expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
    // The partner tab carries a placeholder key, never a real one.
    expect(JSON.parse(tabs[3]!.headers!)).toEqual({ Authorization: "Bearer <your API key>" });
    // Run as they are, the public tabs answer without errors; the partner tab with a bank's key.
    for (const tab of tabs.slice(0, 3)) {
      const res = await server.gql(tab.query, JSON.parse(tab.variables!));
      expect(res.errors).toBeUndefined();
    }
    const measure = await server.gql(tabs[2]!.query, JSON.parse(tabs[2]!.variables!));
    expect(measure.data.measure.supportInstruments.map((i: any) => [i.name, i.amountType, i.amount])).toContainEqual(["一次性创业补贴", "MINIMUM", "5000.00"]);
    const { key } = await createClient(server.database.db, { id: "explorer-bank", name: "Explorer test bank", role: "BANK", bankCode: "abc-nmg" });
    const partner = await server.gql(tabs[3]!.query, JSON.parse(tabs[3]!.variables!), { key });
    expect(partner.errors).toBeUndefined();
    expect(partner.data.viewer.bank.code).toBe("abc-nmg");
  });

  it("can browse the schema's documentation: the introspection queries GraphiQL sends are answered in full", async () => {
    for (const options of [{}, { inputValueDeprecation: true, schemaDescription: true }]) {
      const res = await server.gql(getIntrospectionQuery(options));
      expect(res.errors).toBeUndefined();
      const measure = res.data.__schema.types.find((t: any) => t.name === "Measure");
      expect(measure.description).toBeTruthy();
      expect(measure.fields.find((f: any) => f.name === "supportInstruments").description).toBeTruthy();
    }
  });

  it("is not what a client asking for JSON gets, nor a GET that names an operation", async () => {
    const curl = await get("/graphql", { accept: "*/*" });
    expect(curl.status).toBe(400);
    expect(curl.headers.get("content-type")).toMatch(/^application\/json/);
    const withQuery = await get(`/graphql?query=${encodeURIComponent("{ plans { code } }")}`, { accept: BROWSER_ACCEPT });
    expect(withQuery.status).toBe(200);
    expect(((await withQuery.json()) as any).data.plans).toHaveLength(7);
  });
});

describe("published operations by id", () => {
  it("are listed as a JSON document with stable ids and example URLs", async () => {
    const res = await get("/graphql/operations");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { operations: { id: string; operationName: string; exampleUrl: string; document: string }[] };
    expect(doc.operations.map((o) => o.id)).toEqual(["loan-statistics-by-league-and-year", "dataset-downloads", "measure-with-instruments", "plans-and-measures"]);
    expect(doc.operations[2]!.exampleUrl).toBe(`${server.url}/graphql?id=measure-with-instruments&variables=%7B%22code%22%3A%22P1-M2%22%7D`);
    const schema = await buildAppSchema();
    for (const op of PUBLISHED_OPERATIONS) expect(validate(schema, parse(op.document)).map((e) => e.message), op.id).toEqual([]);
    // Every one runs from its example URL, as a plain GET.
    for (const op of doc.operations) {
      const ran = await fetch(op.exampleUrl);
      expect(ran.status, op.id).toBe(200);
      expect(((await ran.json()) as any).errors, op.id).toBeUndefined();
    }
  });

  it("a plain cross-origin GET returns 200 with an ETag, and the same GET with If-None-Match returns 304", async () => {
    // No custom header, no Content-Type: what a link, an <img>/<script> or fetch() without options sends.
    const first = await get(measureUrl("P1-M2"), { origin: ORIGIN });
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.headers.get("cache-control")).toBe("max-age=60, public");
    expect(first.headers.get("vary")).toBe("Accept, Authorization");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[\w-]{8}-[\w-]{27}"$/);
    const body = (await first.json()) as any;
    expect(body.data.measure.code).toBe("P1-M2");
    expect(body.data.measure.supportInstruments.find((i: any) => i.name === "一次性创业补贴")).toMatchObject({ amountType: "MINIMUM", amount: "5000.00", currency: "CNY" });

    const second = await get(measureUrl("P1-M2"), { origin: ORIGIN, "if-none-match": etag });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe("");
    expect(second.headers.get("etag")).toBe(etag);
    expect(second.headers.get("cache-control")).toBe("max-age=60, public");
    // HEAD answers as the GET would, without the body.
    const head = await fetch(`${server.url}${measureUrl("P1-M2")}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(etag);
    expect(await head.text()).toBe("");
    // Another measure is another answer: another ETag, and a stale validator gets the whole answer.
    const other = await get(measureUrl("P1-M1"), { "if-none-match": etag });
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).not.toBe(etag);
  });

  it("runs over POST by id too, and refuses unknown ids and an id with a query", async () => {
    const post = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "plans-and-measures" }) });
    expect(post.status).toBe(200);
    expect(((await post.json()) as any).data.plans.map((p: any) => p.code)).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "P7"]);
    const unknown = await get("/graphql?id=no-such-operation");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
    expect(((await unknown.json()) as any).errors[0]).toMatchObject({ extensions: { code: "NOT_FOUND" }, message: expect.stringContaining("/graphql/operations") });
    const both = await get(`/graphql?id=plans-and-measures&query=${encodeURIComponent("{ plans { code } }")}`);
    expect(both.status).toBe(400);
    expect(((await both.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});

describe("caching headers on GET", () => {
  it("the ETag changes when the data version changes, and the old one no longer gets a 304", async () => {
    const url = measureUrl("P2-M1");
    const before = await get(url);
    const etag = before.headers.get("etag")!;
    const dataBefore = ((await before.json()) as any).data;
    await publishDataVersion(server.database.db);
    // The server learns the new version by LISTEN/NOTIFY.
    let after = await get(url, { "if-none-match": etag });
    for (let i = 0; i < 50 && after.status === 304; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await get(url, { "if-none-match": etag });
    }
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    // Same data: only the version part of the ETag moved.
    expect(((await after.json()) as any).data).toEqual(dataBefore);
    const answerPart = (tag: string) => /^W\/"[\w-]{8}-([\w-]{27})"$/.exec(tag)![1];
    expect(answerPart(after.headers.get("etag")!)).toBe(answerPart(etag));
    expect(after.headers.get("etag")!.slice(0, 11)).not.toBe(etag.slice(0, 11));
  });

  it("the ETag covers the data, not the per-request extensions: with rate limits on, the second GET is still a 304", async () => {
    const app = await buildServer({ database: server.database, logLevel: "silent", rateLimit: { anonymousPoints: 20_000, partnerPoints: 100_000, windowSeconds: 60, redisUrl: null, redisPrefix: "unused:" } });
    try {
      const url = `${await app.listen({ host: "127.0.0.1", port: 0 })}${measureUrl("P3-M1")}`;
      const first = await fetch(url);
      const body = (await first.json()) as any;
      expect(body.extensions.rateLimit.remaining).toBeLessThan(20_000);
      const second = await fetch(url);
      expect(((await second.json()) as any).extensions.rateLimit.remaining).toBeLessThan(body.extensions.rateLimit.remaining);
      expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
      const third = await fetch(url, { headers: { "if-none-match": first.headers.get("etag")! } });
      expect(third.status).toBe(304);
      expect(third.headers.get("ratelimit-remaining")).toBeTruthy();
    } finally {
      await app.close();
    }
  });

  it("errors are not cached, partner answers are private, and every answer varies on Accept and Authorization", async () => {
    const notFound = await get(measureUrl("P9-M9"));
    expect(notFound.status).toBe(200);
    expect(((await notFound.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
    expect(notFound.headers.get("cache-control")).toBe("no-store");
    const invalid = await get(`/graphql?query=${encodeURIComponent("{ nope }")}`);
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("cache-control")).toBe("no-store");
    expect(invalid.headers.get("etag")).toBeNull();

    const { key } = await createClient(server.database.db, { id: "explorer-get-bank", name: "GET test bank", role: "BANK", bankCode: "abc-nmg" });
    const partner = await get(`/graphql?query=${encodeURIComponent("{ viewer { clientId } }")}`, { authorization: `Bearer ${key}`, "apollo-require-preflight": "1" });
    expect(partner.status).toBe(200);
    expect(((await partner.json()) as any).data.viewer.clientId).toBe("explorer-get-bank");
    expect(partner.headers.get("cache-control")).toBe("private, no-store");
    expect(partner.headers.get("vary")).toBe("Accept, Authorization");
    // A public query with a key is the partner's answer too: private.
    const publicWithKey = await get(measureUrl("P1-M2"), { authorization: `Bearer ${key}`, "apollo-require-preflight": "1" });
    expect(publicWithKey.status).toBe(200);
    expect(publicWithKey.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("CSRF prevention where it matters", () => {
  it("a GET that carries a key needs a preflight header; a form-like POST is refused; mutations never run over GET", async () => {
    const { key } = await createClient(server.database.db, { id: "explorer-csrf-bank", name: "CSRF test bank", role: "BANK", bankCode: "abc-nmg" });
    const simpleWithKey = await get(`/graphql?query=${encodeURIComponent("{ viewer { clientId } }")}`, { authorization: `Bearer ${key}` });
    expect(simpleWithKey.status).toBe(400);
    expect(((await simpleWithKey.json()) as any).errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const form = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ plans { code } }" }) });
    expect(form.status).toBe(400);
    expect(((await form.json()) as any).errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const mutation = await get(`/graphql?query=${encodeURIComponent(`mutation { guaranteeLoansDelete(input: { idempotencyKey: "x", loanRefs: ["A"] }) { deletedLoanRefs } }`)}`);
    expect(mutation.status).toBe(405);
  });
});

describe("status codes for clients that accept only application/json", () => {
  const post = (body: string, accept: string) => fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", accept }, body });

  it("request errors are 200 for them, 400 for everyone else; a malformed body is 400 for all", async () => {
    for (const [body, code] of [
      [JSON.stringify({ query: "{" }), "GRAPHQL_PARSE_FAILED"],
      [JSON.stringify({ query: "{ nope }" }), "GRAPHQL_VALIDATION_FAILED"],
      [JSON.stringify({ query: "query ($code: String!) { measure(code: $code) { code } }", variables: { code: null } }), "BAD_USER_INPUT"],
    ] as const) {
      const legacy = await post(body, "application/json");
      expect(legacy.status, code).toBe(200);
      expect(((await legacy.json()) as any).errors[0].extensions.code).toBe(code);
      expect((await post(body, "application/graphql-response+json")).status, code).toBe(400);
      expect((await post(body, "*/*")).status, code).toBe(400);
    }
    expect((await post("{ not json", "application/json")).status).toBe(400);
    expect((await post(JSON.stringify({ qeury: "{ plans { code } }" }), "application/json")).status).toBe(400);
  });

  it("passes every audit of graphql-http's server audit suite", async () => {
    const audits = serverAudits({ url: `${server.url}/graphql`, fetchFn: fetch });
    const results = [];
    for (const audit of audits) results.push(await audit.fn());
    const failed = results.filter((r) => r.status !== "ok").map((r) => `${r.id} ${r.name}: ${r.status}${"reason" in r ? ` — ${r.reason}` : ""}`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });
});

describe("automatic persisted queries", () => {
  const query = `{ plan(code: "P3") { code measures { code } } }`;
  const hash = createHash("sha256").update(query).digest("hex");
  const apq = (url: string, withQuery: boolean) => {
    const params = new URLSearchParams({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) });
    if (withQuery) params.set("query", query);
    return fetch(`${url}/graphql?${params}`);
  };

  it("registered on one replica, are known to every other through Redis (and only there)", async () => {
    const prefix = `chuangye:test:apq:${process.pid}:${Date.now()}:`;
    const replica = async (redisUrl: string | null) => {
      const app = await buildServer({ database: server.database, logLevel: "silent", persistedQueries: { redisUrl, redisPrefix: prefix } });
      return { app, url: await app.listen({ host: "127.0.0.1", port: 0 }) };
    };
    const a = await replica(REDIS_URL);
    const b = await replica(REDIS_URL);
    const alone = await replica(null);
    try {
      const unknown = await apq(a.url, false);
      expect(((await unknown.json()) as any).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      const registered = await apq(a.url, true);
      expect(registered.status).toBe(200);
      expect(((await registered.json()) as any).data.plan.code).toBe("P3");
      // Another replica answers from the hash alone: a plain, cacheable GET with an ETag.
      const fromB = await apq(b.url, false);
      expect(fromB.status).toBe(200);
      expect(fromB.headers.get("etag")).toBeTruthy();
      expect(((await fromB.json()) as any).data.plan.measures.map((m: any) => m.code)).toEqual(["P3-M1", "P3-M2", "P3-M3"]);
      // A replica without Redis has not seen it.
      expect(((await (await apq(alone.url, false)).json()) as any).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    } finally {
      for (const r of [alone, b, a]) await r.app.close();
    }
  });
});
