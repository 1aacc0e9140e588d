// The PostgreSQL driver survives a connection the server closes under it. postgres.js 3.4.9 defers
// small writes behind setImmediate; when the connection closes first, the deferred write used to
// dereference a null socket and throw from the immediate — an uncaught exception that takes the
// whole process down (upstream porsager/postgres#1154, #1208; unfixed in the latest release).
// patches/postgres+3.4.9.patch (applied by `npm ci`'s postinstall) settles the waiting query with
// a catchable CONNECTION_CLOSED instead. Without the patch this file fails with an unhandled error.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows, type Db } from "../src/db/client.js";
import { incubatorsByCodes, incubatorsConnection } from "../src/services/incubator.js";
import { ADMIN_URL, cloneTestDatabase, testEngine } from "./support/engines.js";

describe.skipIf(testEngine() !== "postgres")("the PostgreSQL driver, when the server closes a connection", () => {
  it("rejects the query on it with CONNECTION_CLOSED instead of crashing the process", async () => {
    const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      // A reserved connection is pinned: the pool cannot rotate the dead one away before the write.
      const reserved = await sql.reserve();
      const pid = (await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      await admin`select pg_terminate_backend(${pid})`;
      await new Promise((r) => setTimeout(r, 200));
      await expect(reserved`select 1 as n`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
      // Still alive, and other connections work.
      expect(await admin<{ n: number }[]>`select 1 as n`).toEqual([{ n: 1 }]);
    } finally {
      await sql.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });

  it("a pooled connection the server closed is replaced: the next query succeeds", async () => {
    const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      const pid = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      await admin`select pg_terminate_backend(${pid})`;
      await new Promise((r) => setTimeout(r, 200));
      const next = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      expect(next).not.toBe(pid);
    } finally {
      await sql.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });
});

// Issue 11: the API pool's list queries run as named prepared statements (PostgreSQL plans a
// query shape once per connection instead of on every request); statements whose text holds an
// `IN (…)` list — whose length changes the text — and the owner's connection are not prepared.
describe.skipIf(testEngine() !== "postgres")("prepared statements on the API pool", () => {
  it("a list query is prepared once and reused; an IN-list lookup and the owner's statements are not", async () => {
    const location = await cloneTestDatabase("postgres");
    const database = await openDatabase({ url: location.url, poolSize: 1 });
    try {
      const prepared = async (db: Db) => (await queryRows<{ statement: string }>(db, sql`select statement from pg_prepared_statements`)).map((r) => r.statement);
      const page = () => incubatorsConnection(database.api, {}, { field: "CODE", direction: "ASC" }, { first: 5 }, (r) => r.code);
      expect((await page()).nodes).toEqual((await page()).nodes);
      await incubatorsByCodes(database.api, ["S-IB-0001", "S-IB-0002"]);
      const onApi = await prepared(database.api);
      expect(onApi.filter((s) => s.includes('from "incubator_bases"') && s.includes("limit"))).toHaveLength(1);
      expect(onApi.some((s) => / in \(/i.test(s))).toBe(false);
      await incubatorsConnection(database.db, {}, { field: "CODE", direction: "ASC" }, { first: 5 }, (r) => r.code);
      expect((await prepared(database.db)).filter((s) => s.includes('from "incubator_bases"'))).toHaveLength(0);
    } finally {
      await database.close();
      await location.drop();
    }
  });
});

// PGlite 0.5.16 decoded every text value of a result with a TextDecoder after copying its bytes
// into an ArrayBuffer of their own: ≈ 1.3 µs a value, most of the CPU of a large read (320,000
// rows of the loans table: 12.5 s), and a TextDecoder drops a leading byte-order mark, so a value
// beginning with U+FEFF came back without it. patches/@electric-sql+pglite+0.5.16.patch decodes
// each value in place, with Node's UTF-8 decoder (3.3 s for the same rows), and no longer copies
// its ≈ 320 type parsers into a new object for every query drizzle sends with parsers of its own
// (a trivial query: ≈ 230 → 140 µs of CPU). Both engines must give back exactly what was stored,
// each type through its parser; without the patch the embedded one fails here.
describe(`text values read back on ${testEngine()}`, () => {
  it("are returned exactly as stored: a leading byte-order mark, empty strings, NULLs, Chinese, long and many values", async () => {
    const location = await cloneTestDatabase(testEngine(), { ownVersion: false });
    const database = await openDatabase({ url: location.url, dataDir: location.dataDir });
    try {
      const [row] = await queryRows<{ bom: string; empty: string; none: string | null; zh: string; long: string }>(
        database.db,
        sql`select chr(65279) || 'x' as bom, '' as empty, cast(null as text) as none, '创业内蒙古 — 呼和浩特' as zh, repeat('创业', 50000) as long`,
      );
      expect(row).toEqual({ bom: "\uFEFFx", empty: "", none: null, zh: "创业内蒙古 — 呼和浩特", long: "创业".repeat(50_000) });
      // Each column through the parser its type has: drizzle's own for dates and times (the text as
      // PostgreSQL sent it), the engine's for the rest (numbers, booleans, JSON).
      const [typed] = await queryRows<Record<string, unknown>>(
        database.db,
        sql`select date '2025-12-31' as d, timestamptz '2022-06-01 08:00:00+08' as ts, interval '3 days' as iv, 42::int as n, true as b, '{"a":[1,"二"]}'::jsonb as j, array[1.50, 2]::numeric[] as na`,
      );
      expect(typed).toEqual({ d: "2025-12-31", ts: "2022-06-01 00:00:00+00", iv: "3 days", n: 42, b: true, j: { a: [1, "二"] }, na: "{1.50,2}" });
      // Many rows and values in one result, each where it belongs.
      const many = await queryRows<{ i: number; s: string; n: string | null }>(
        database.db,
        sql`select i, chr(65279) || i::text || '号' as s, case when i % 3 = 0 then null else repeat('x', i % 7) end as n from generate_series(1, 20000) as i order by i`,
      );
      expect(many).toHaveLength(20_000);
      many.forEach((r, k) => {
        const i = k + 1;
        if (r.i !== i || r.s !== `\uFEFF${i}号` || r.n !== (i % 3 === 0 ? null : "x".repeat(i % 7))) throw new Error(`row ${i}: ${JSON.stringify(r)}`);
      });
    } finally {
      await database.close();
      await location.drop();
    }
  });
});
