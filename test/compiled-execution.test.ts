// Compiled execution (graphql-jit behind Apollo's gateway interface: src/graphql/compiled-execution.ts)
// answers exactly as graphql-js does. Every check sends the same request to the service twice over
// one database: compiled (a document is compiled from its second run on, as by default) and with
// graphql-js alone, and compares status, Cache-Control and the response body byte for byte
// (statement counts included; see `comparable` for what graphql-js itself leaves to timing when
// there are errors). The counters (`app.compiledExecution()`) show which path ran.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/client.js";
import { compiledExecutionFromEnv, DEFAULT_COMPILED_EXECUTION } from "../src/graphql/compiled-execution.js";
import { buildServer, type ServerOptions } from "../src/server.js";
import { buildAppSchema } from "../src/graphql/schema.js";
import { publishDataVersion } from "../src/services/refresh.js";
import { cloneTestDatabase, testEngine, type TestDatabaseLocation } from "./support/engines.js";
import { Generator } from "./support/fuzz-generate.js";
import { harvest } from "./support/fuzz-harvest.js";
import { parseSeed, requestRng } from "./support/fuzz-random.js";
import { toHttp } from "./support/fuzz-run.js";
import { Values } from "./support/fuzz-values.js";
import { send as sendHttp } from "./support/http.js";

let location: TestDatabaseLocation;
let database: Database;
const servers: FastifyInstance[] = [];
/** Compiled from the second run of a document on (the default); response cache off. */
let compiled: { app: FastifyInstance; url: string };
/** graphql-js alone; response cache off. */
let plain: { app: FastifyInstance; url: string };

async function serve(options: Partial<ServerOptions>) {
  const app = await buildServer({ database, logLevel: "silent", exportDir: "/nonexistent", responseCache: false, ...options });
  servers.push(app);
  return { app, url: await app.listen({ host: "127.0.0.1", port: 0 }) };
}

beforeAll(async () => {
  location = await cloneTestDatabase(testEngine(), { ownVersion: false });
  database = await openDatabase({ url: location.url, dataDir: location.dataDir, poolSize: 4 });
  await publishDataVersion(database.db);
  compiled = await serve({ compiledExecution: { compileAfter: 2 } });
  plain = await serve({ compiledExecution: false });
});
afterAll(async () => {
  for (const app of servers) await app.close();
  await database?.close();
  await location?.drop();
});

interface Sent {
  status: number;
  cacheControl: string | null;
  text: string;
}

async function post(url: string, body: unknown): Promise<Sent> {
  const res = await sendHttp(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, cacheControl: res.header("cache-control"), text: res.text };
}

const stats = (app: FastifyInstance) => app.compiledExecution()!;

/**
 * An answer as compared: byte for byte when it has no errors. With errors, graphql-js itself is
 * not deterministic in three ways, which are set aside: the order of errors from fields resolved
 * side by side (it lists them as they settle), the clock in messages that quote it, and the
 * statements of sibling fields still running when an error nulls the whole answer.
 */
function comparable(answer: Sent): Sent {
  if (!answer.text.startsWith('{"errors":')) return answer;
  const body = JSON.parse(answer.text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<instant>")) as { data?: unknown; errors: unknown[]; extensions?: { cost?: { sqlStatements?: number } } };
  body.errors = body.errors.map((e) => JSON.stringify(e)).sort().map((e) => JSON.parse(e) as unknown);
  if (body.data === null && body.extensions?.cost) delete body.extensions.cost.sqlStatements;
  return { ...answer, text: JSON.stringify(body) };
}

/**
 * Sends `body` to graphql-js first (it also warms the caches that last a data version, so both
 * sides then run the same statements), then three times to the compiled service, then to
 * graphql-js again; every answer must be the same bytes. Returns it, parsed, with how the three
 * compiled runs went.
 */
async function same(body: unknown) {
  await post(plain.url, body);
  const before = stats(compiled.app);
  const runs = [await post(compiled.url, body), await post(compiled.url, body), await post(compiled.url, body)];
  const after = stats(compiled.app);
  const reference = await post(plain.url, body);
  for (const run of runs) expect(comparable(run)).toEqual(comparable(reference));
  return {
    status: reference.status,
    body: JSON.parse(reference.text) as { data?: any; errors?: { message: string; path?: unknown[]; extensions: { code: string } }[] },
    compiledRuns: after.compiledRuns - before.compiledRuns,
    interpretedRuns: after.interpretedRuns - before.interpretedRuns,
    notCompilable: after.notCompilable - before.notCompilable,
    retried: after.retried - before.retried,
  };
}

describe("compiled execution", () => {
  it("runs a document as compiled code from its second run on, with graphql-js's answer and statement count", async () => {
    const list = await same({ query: `{ incubatorBases(first: 100) { nodes { code name region { name nameEn parent { name nameEn } } } } }` });
    expect([list.compiledRuns, list.interpretedRuns]).toEqual([2, 1]);
    expect(list.body.data.incubatorBases.nodes.length).toBeGreaterThan(10);
    expect(list.body.data.incubatorBases.nodes[0].region.parent.name).toMatch(/盟|市$/);

    const measures = await same({ query: `{ measures(first: 20) { nodes { code title titleEn departments { slug name nameEn } } } }` });
    expect([measures.compiledRuns, measures.interpretedRuns]).toEqual([2, 1]);

    // Connections, cursors (getters), a count (a promise), interfaces and unions, fragments, aliases, __typename.
    const shapes = await same({
      query: `query Shapes($n: Int = 3) {
        regions(first: $n) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code name } } }
        n: node(id: "TWVhc3VyZTpQMS1NMQ") { __typename id ... on Measure { code title departments { slug } } }
        search(first: 5, query: "创业") { totalCount nodes { __typename ... on Measure { code } ... on SupportInstrument { code } } }
        plans { code ...planFields }
      }
      fragment planFields on Plan { title measures { code } }`,
    });
    expect(shapes.compiledRuns).toBe(2);
    expect(shapes.body.errors).toBeUndefined();
    expect(shapes.body.data.regions.totalCount).toBeGreaterThan(100);
    expect(shapes.body.data.n).toMatchObject({ __typename: "Measure", code: "P1-M1" });
    // A compiled document is compiled once.
    expect(stats(compiled.app).compiled).toBe(3);
  });

  it("answers a request whose compiled run ends with errors by graphql-js, from the start: codes, messages, paths, locations, nulls propagated, statement counts", async () => {
    for (const query of [
      // Null + NOT_FOUND, three times, in order.
      `{ plan(code: "P8") { title } region(code: "159999") { name } department(slug: "nobody") { name } }`,
      // A non-null connection refused (BAD_USER_INPUT): the whole data is null.
      `{ measures(first: 0) { nodes { code } } plans { code } }`,
      // The same inside every item of a list of non-null items: it reaches the root.
      `{ departments(first: 5) { nodes { slug measures(first: 0) { nodes { code } } } } }`,
      // Inside nullable fields: only those are null, each with its error.
      `{ a: department(slug: "finance-department") { slug measures(first: 0) { nodes { code } } } b: department(slug: "finance-department") { slug measures(last: -1) { nodes { code } } } plans { code } }`,
      // Two errors below one nullable field: graphql-js reports the first only (graphql-jit both).
      `{ a: department(slug: "finance-department") { m1: measures(first: 0) { nodes { code } } m2: measures(last: -1) { nodes { code } } } plans { code } }`,
      // A malformed global id, an unknown one, a tampered cursor.
      `{ a: node(id: "%%%") { id } b: node(id: "TWVhc3VyZTpQOS1NOQ") { id } }`,
      `{ incubatorBases(first: 2, after: "bm90LWEtY3Vyc29y") { nodes { code } } }`,
    ]) {
      const answer = await same({ query });
      expect(answer.body.errors?.length, query).toBeGreaterThan(0);
      expect([answer.compiledRuns, answer.retried, answer.interpretedRuns], query).toEqual([0, 2, 3]);
    }
    const listed = await same({ query: `{ departments(first: 5) { nodes { slug measures(first: 0) { nodes { code } } } } }` });
    expect(listed.body.data).toBeNull();
    expect(listed.body.errors![0]).toMatchObject({ path: ["departments", "nodes", 0, "measures"], extensions: { code: "BAD_USER_INPUT" } });
    const nested = await same({ query: `{ a: department(slug: "finance-department") { slug measures(first: 0) { nodes { code } } } b: department(slug: "finance-department") { slug measures(last: -1) { nodes { code } } } plans { code } }` });
    expect(nested.body.data).toMatchObject({ a: null, b: null, plans: expect.arrayContaining([{ code: "P1" }]) });
    expect(nested.body.errors!.map((e) => e.path)).toEqual([["a", "measures"], ["b", "measures"]]);
    const twice = await same({ query: `{ a: department(slug: "finance-department") { m1: measures(first: 0) { nodes { code } } m2: measures(last: -1) { nodes { code } } } plans { code } }` });
    expect(twice.body.errors!.map((e) => e.path)).toEqual([["a", "m1"]]);
  });

  it("takes graphql-js's word on variables: refused ones are BAD_USER_INPUT (400), and a default graphql-jit would miss is applied", async () => {
    const query = `query($n: Int) { incubatorBases(first: $n) { nodes { code } } }`;
    const refused = await same({ query, variables: { n: "ten" } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(refused.interpretedRuns).toBe(3);

    const taken = await same({ query, variables: { n: 3 } });
    expect(taken.body.data.incubatorBases.nodes).toHaveLength(3);

    // `applicant` is required with a default (INDIVIDUAL): graphql-jit refuses the variable when it
    // is left out, graphql-js takes the default. The compiled service answers as graphql-js.
    const profile = await same({ query: `query($p: EligibilityProfileInput!) { eligibleInstruments(profile: $p) { count asOf } }`, variables: { p: { groups: ["COLLEGE_GRADUATES"] } } });
    expect(profile.body.errors).toBeUndefined();
    expect(profile.body.data.eligibleInstruments.count).toBeGreaterThan(0);
    expect([profile.compiledRuns, profile.interpretedRuns]).toEqual([0, 3]);
  });

  it("does not compile a document with variables inside literals, and answers it as graphql-js does", async () => {
    // With `$a` left out, graphql-js takes `applicant`'s default; graphql-jit would pass null.
    const query = `query($a: InstrumentAudience, $g: BeneficiaryGroupCode!) { eligibleInstruments(profile: { applicant: $a, groups: [$g] }) { count } }`;
    const answer = await same({ query, variables: { g: "COLLEGE_GRADUATES" } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.eligibleInstruments.count).toBeGreaterThan(0);
    expect([answer.compiledRuns, answer.interpretedRuns, answer.notCompilable]).toEqual([0, 3, 1]);
  });

  it("keeps Apollo's cache-control hints under compiled code: public answers for max-age, export fields uncacheable", async () => {
    const cachedCompiled = await serve({ compiledExecution: { compileAfter: 1 }, responseCache: true });
    const cachedPlain = await serve({ compiledExecution: false, responseCache: true });
    for (const [query, cacheControl] of [
      [`{ measures(first: 2) { nodes { code } } }`, "max-age=60, public"],
      [`{ datasets { name latest { snapshotId } } }`, "no-store"],
      [`{ __typename }`, "no-store"],
    ] as const) {
      const before = stats(cachedCompiled.app).compiledRuns;
      const fromCompiled = await post(cachedCompiled.url, { query });
      expect(stats(cachedCompiled.app).compiledRuns - before, query).toBe(1);
      expect(fromCompiled, query).toEqual(await post(cachedPlain.url, { query }));
      expect(fromCompiled.cacheControl, query).toBe(cacheControl);
    }
    // The uncacheable answer is not stored: it is computed again.
    const again = cachedCompiled.app.graphqlRequests;
    await post(cachedCompiled.url, { query: `{ datasets { name latest { snapshotId } } }` });
    expect(cachedCompiled.app.graphqlRequests).toBe(again + 1);
  });

  it("runs introspection compiled, with graphql-js's answer", async () => {
    const answer = await same({ query: `{ __schema { queryType { name } types { name kind fields(includeDeprecated: true) { name type { name kind ofType { name kind } } } } } }` });
    expect(answer.compiledRuns).toBe(2);
    expect(answer.body.data.__schema.types.length).toBeGreaterThan(100);
  });

  it("keeps at most GRAPHQL_JIT_MAX_ENTRIES documents, least recently used out first", async () => {
    const small = await serve({ compiledExecution: { compileAfter: 1, maxEntries: 2 } });
    const query = (n: number) => ({ query: `{ measures(first: ${n}) { nodes { code } } }` });
    for (const n of [1, 2, 3]) await post(small.url, query(n));
    expect(stats(small.app)).toMatchObject({ compiled: 3, entries: 2 });
    await post(small.url, query(3)); // kept
    await post(small.url, query(1)); // was evicted: compiled again
    expect(stats(small.app)).toMatchObject({ compiled: 4, entries: 2, compiledRuns: 5 });
  });

  it("answers 300 schema-derived requests (test/support/fuzz-*.ts) compiled at their first run exactly as graphql-js does", { timeout: 300_000 }, async () => {
    const eager = await serve({ compiledExecution: { compileAfter: 1 } });
    const schema = await buildAppSchema();
    const read = async (query: string, variables?: Record<string, unknown>) => JSON.parse((await post(plain.url, { query, variables })).text) as { data?: unknown; errors?: unknown[] };
    const generator = new Generator(schema, new Values(schema, await harvest(schema, read)));
    const seed = parseSeed(process.env.FUZZ_SEED, () => 20_261_126);
    const send = async (url: string, index: number): Promise<Sent> => {
      const http = toHttp(url, generator.request(index, requestRng(seed, index)));
      const res = await sendHttp(http.url, http.init);
      return { status: res.status, cacheControl: res.header("cache-control"), text: res.text };
    };
    const differ: string[] = [];
    for (let index = 0; index < 300; index++) {
      await send(plain.url, index);
      const fromCompiled = comparable(await send(eager.url, index));
      const fromPlain = comparable(await send(plain.url, index));
      if (JSON.stringify(fromCompiled) !== JSON.stringify(fromPlain)) differ.push(`request #${index} (FUZZ_SEED=${seed}):\n  compiled: ${JSON.stringify(fromCompiled)}\n  graphql-js: ${JSON.stringify(fromPlain)}`);
    }
    expect(differ).toEqual([]);
    const ran = stats(eager.app);
    // Most documents compile; those with errors are retried by graphql-js.
    expect(ran.compiledRuns).toBeGreaterThan(50);
    expect(ran.retried).toBeGreaterThan(10);
  });

  it("is on by default and reads its settings from the environment", () => {
    expect(compiledExecutionFromEnv({})).toEqual(DEFAULT_COMPILED_EXECUTION);
    expect(compiledExecutionFromEnv({ GRAPHQL_JIT: "off" })).toBe(false);
    expect(compiledExecutionFromEnv({ GRAPHQL_JIT_COMPILE_AFTER: "1", GRAPHQL_JIT_MAX_ENTRIES: "10" })).toMatchObject({ compileAfter: 1, maxEntries: 10 });
    expect(() => compiledExecutionFromEnv({ GRAPHQL_JIT: "yes" })).toThrow(/GRAPHQL_JIT must be on or off/);
    expect(() => compiledExecutionFromEnv({ GRAPHQL_JIT_COMPILE_AFTER: "0" })).toThrow(/GRAPHQL_JIT_COMPILE_AFTER must be an integer from 1/);
  });
});
