// Every in-process cache is bounded by entries and by (approximate) bytes: the response cache
// over HTTP (and by time: an answer's max-age), the parsed-document store, and the
// per-data-version caches of derived answers.
import { parse } from "graphql";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.js";
import { boundedDocumentStore, DOCUMENT_BYTES_PER_CHAR } from "../src/graphql/caches.js";
import { buildServer } from "../src/server.js";
import { approximateBytes } from "../src/services/approximate-bytes.js";
import { versionedCache } from "../src/services/versioned-cache.js";
import type { TestDatabaseLocation } from "./support/engines.js";
import { openTestDatabase } from "./support/harness.js";

let location: TestDatabaseLocation;
let database: Database;
let app: FastifyInstance;
let url: string;
/** A second server on the same database: a response cache of 3,000 bytes, answers kept 1 s. */
let small: FastifyInstance;
let smallUrl: string;

beforeAll(async () => {
  ({ location, database } = await openTestDatabase());
  app = await buildServer({ database, logLevel: "silent", exportDir: "/nonexistent", caches: { responseMaxEntries: 3 } });
  url = await app.listen({ host: "127.0.0.1", port: 0 });
  small = await buildServer({ database, logLevel: "silent", exportDir: "/nonexistent", caches: { responseMaxBytes: 3_000 }, cacheMaxAgeSeconds: 1 });
  smallUrl = await small.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await small?.close();
  await app?.close();
  await database?.close();
  await location?.drop();
});

/** SQL statements a query cost: 0 when it was answered from the response cache. */
async function statementsOf(query: string, at = url): Promise<number> {
  const res = await fetch(`${at}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { errors?: unknown; extensions: { cost: { sqlStatements: number } } };
  expect(body.errors).toBeUndefined();
  return body.extensions.cost.sqlStatements;
}

describe("the response cache", () => {
  it("keeps at most RESPONSE_CACHE_MAX_ENTRIES responses, dropping the least recently used", async () => {
    const plan = (n: number) => `{ plan(code: "P${n}") { code title } }`;
    expect(await statementsOf(plan(1))).toBeGreaterThan(0);
    expect(await statementsOf(plan(1))).toBe(0); // a hit
    for (const n of [2, 3]) expect(await statementsOf(plan(n))).toBeGreaterThan(0);
    expect(await statementsOf(plan(1))).toBe(0); // still there: 3 entries; now the most recent
    expect(await statementsOf(plan(4))).toBeGreaterThan(0); // evicts P2, the least recently used
    expect(await statementsOf(plan(1))).toBe(0);
    expect(await statementsOf(plan(3))).toBe(0);
    expect(await statementsOf(plan(2))).toBeGreaterThan(0); // was evicted: computed again
  });

  it("keeps its entries under RESPONSE_CACHE_MAX_BYTES (body, key and bookkeeping), and none larger than that", async () => {
    const plan = (n: number) => `{ plan(code: "P${n}") { code title } }`;
    for (let n = 1; n <= 7; n++) expect(await statementsOf(plan(n), smallUrl)).toBeGreaterThan(0);
    const { entries, bytes } = small.responseCache!.stats();
    expect(bytes).toBeLessThanOrEqual(3_000);
    expect(entries).toBeGreaterThanOrEqual(1);
    expect(entries).toBeLessThan(7);
    expect(await statementsOf(plan(7), smallUrl)).toBe(0); // the latest is kept
    expect(await statementsOf(plan(1), smallUrl)).toBeGreaterThan(0); // the first was dropped
    // An answer of ≈ 19 kB is larger than the whole bound: never kept.
    const large = `{ measures(first: 20) { nodes { code title titleEn departments { slug name nameEn } } } }`;
    const stores = small.responseCache!.stats().stores;
    expect(await statementsOf(large, smallUrl)).toBeGreaterThan(0);
    expect(await statementsOf(large, smallUrl)).toBeGreaterThan(0);
    expect(small.responseCache!.stats().stores).toBe(stores);
  });

  it("keeps an answer no longer than its max-age, and says how old a hit is (Age)", async () => {
    const query = JSON.stringify({ query: `{ plan(code: "P5") { code titleEn } }` });
    const send = () => fetch(`${smallUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: query });
    const miss = await send();
    expect(miss.headers.get("cache-control")).toBe("max-age=1, public");
    expect(miss.headers.get("age")).toBeNull();
    const hit = await send();
    expect(hit.headers.get("age")).toBe("0");
    await new Promise((r) => setTimeout(r, 1_100));
    const expired = await send();
    expect(expired.headers.get("age")).toBeNull();
    expect(((await expired.json()) as { extensions: { cost: { sqlStatements: number } } }).extensions.cost.sqlStatements).toBeGreaterThan(0);
  });
});

describe("the document store", () => {
  it("sizes parsed documents by their source length and keeps them under both bounds", async () => {
    const store = boundedDocumentStore({ documentMaxBytes: 100_000, documentMaxEntries: 1_000 });
    const source = `{ measures(first: 10) { nodes { code title departments { slug name } } } }`;
    const perDocument = source.length * DOCUMENT_BYTES_PER_CHAR + 200;
    for (let i = 0; i < 50; i++) await store.set(`d${i}`, parse(source));
    expect(store.keys()).toHaveLength(Math.floor(100_000 / perDocument));

    const few = boundedDocumentStore({ documentMaxBytes: 10_000_000, documentMaxEntries: 5 });
    for (let i = 0; i < 50; i++) await few.set(`d${i}`, parse(source));
    expect(few.keys()).toEqual(["d49", "d48", "d47", "d46", "d45"]);
  });
});

describe("versioned caches of derived answers", () => {
  /** A value of known approximate size: an array of `n` strings of 100 ASCII characters. */
  const rows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`.padEnd(100, "."));

  it("estimates sizes as documented: 2 bytes a character, object and slot overheads", () => {
    expect(approximateBytes(rows(10, "a"))).toBe(32 + 8 * 10 + 10 * (16 + 200));
    expect(approximateBytes({ a: 1, b: "xy" })).toBe(32 + (8 + 8) + (8 + 16 + 4));
    // Large arrays are sampled: 10,000 alike rows cost 10,000 times one row.
    expect(approximateBytes(rows(10_000, "a"))).toBe(32 + 8 * 10_000 + 10_000 * 216);
  });

  it("is bounded by entries, least recently used first", async () => {
    const computed: string[] = [];
    const cache = versionedCache<string, string[]>(3);
    const get = (key: string) => cache(database.db, key, async () => (computed.push(key), rows(1, key)));
    for (const key of ["a", "b", "c", "a", "d", "a", "b"]) await get(key);
    // "a" was used again before "d" arrived, so "b" went first; then "c" for "b".
    expect(computed).toEqual(["a", "b", "c", "d", "b"]);
    expect(cache.stats()).toEqual({ entries: 3, bytes: 3 * (32 + 8 + 216) });
  });

  it("is bounded by approximate bytes; a value over the whole budget is returned but not kept", async () => {
    const computed: string[] = [];
    const entryBytes = approximateBytes(rows(100, "x")); // 32 + 800 + 21,600 = 22,432
    const cache = versionedCache<string, string[]>({ maxEntries: 100, maxBytes: 3 * entryBytes + 100 });
    const get = (key: string, n = 100) => cache(database.db, key, async () => (computed.push(key), rows(n, key)));
    for (const key of ["a", "b", "c", "d"]) await get(key);
    expect(cache.stats()).toEqual({ entries: 3, bytes: 3 * entryBytes });
    await get("b");
    await get("a"); // evicted by "d"
    expect(computed).toEqual(["a", "b", "c", "d", "a"]);

    const huge = await get("huge", 1_000);
    expect(huge).toHaveLength(1_000);
    await get("huge", 1_000);
    expect(computed.filter((k) => k === "huge")).toHaveLength(2);
    expect(cache.stats().bytes).toBeLessThanOrEqual(3 * entryBytes + 100);
  });

  it("does not remember a failed computation", async () => {
    const cache = versionedCache<string, number>({ maxEntries: 2 });
    let calls = 0;
    await expect(cache(database.db, "k", async () => (calls++, Promise.reject(new Error("boom"))))).rejects.toThrow("boom");
    expect(await cache(database.db, "k", async () => (calls++, 42))).toBe(42);
    expect(calls).toBe(2);
    expect(cache.stats().entries).toBe(1);
  });
});
