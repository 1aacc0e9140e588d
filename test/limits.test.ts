// The limits of a public API (see src/graphql/limits.ts): each violation is QUERY_TOO_COMPLEX
// with HTTP 400, names its limit, and costs the database nothing.
import { buildClientSchema, getIntrospectionQuery, printSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAppSchema } from "../src/graphql/schema.js";
import { DEFAULT_LIMITS, limitsFromEnv } from "../src/graphql/limits.js";
import { fullIntrospectionFieldCount } from "../src/graphql/introspection-size.js";
import { startTestServer, type GraphQLResponse, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface Cost {
  sqlStatements?: number;
  requestedQueryCost?: number;
  maximumAvailable?: number;
}
const costOf = (res: GraphQLResponse) => (res.extensions?.cost ?? {}) as Cost;

/** A rejection by a limit: 400, no data, one typed error naming the limit, no SQL at all. */
function expectRejected(res: GraphQLResponse, limit: string, maximum: number, message: RegExp) {
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  const error = res.errors![0]!;
  expect(error.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit, maximum });
  expect(error.extensions).not.toHaveProperty("stacktrace");
  expect(error.message).toMatch(message);
  expect(costOf(res).sqlStatements ?? 0).toBe(0);
}

/** `measure(code: "P1-M1") { parent { parent … { code } } }`: depth = parents + 2, one point per level. */
const parents = (n: number) => `{ measure(code: "P1-M1") { ${"parent { ".repeat(n)}code${" }".repeat(n)} } }`;

describe("query limits", () => {
  it("the defaults are the documented ones", () => {
    expect(DEFAULT_LIMITS).toEqual({ maxTokens: 2000, maxDepth: 12, maxAliases: 30, maxDirectives: 20, maxCost: 10_000, maxIntrospectionFields: 40_000 });
  });

  it("refuses a query nested deeper than 12 levels, and accepts one at 12", async () => {
    const tooDeep = await server.gql(parents(11));
    expectRejected(tooDeep, "depth", 12, /^Query depth limit of 12 exceeded, found 13\.$/);
    expect(tooDeep.errors![0]!.extensions!.actual).toBe(13);

    const regions = await server.gql(`{ region(code: "150000") { ${"children { ".repeat(12)}code${" }".repeat(12)} } }`);
    expectRejected(regions, "depth", 12, /depth limit of 12 exceeded, found 14/);

    const atLimit = await server.gql(parents(10));
    expect(atLimit.status).toBe(200);
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data).toEqual({ measure: { parent: { parent: { parent: null } } } }); // P1-M1 → P1 → C2
    expect(costOf(atLimit).requestedQueryCost).toBe(11);
  });

  it("does not count fragments as levels", async () => {
    const res = await server.gql(`
      query { measure(code: "P1-M1") { ...Up } }
      fragment Up on PolicySection { parent { ... on Plan { parent { ...Code } } } }
      fragment Code on PolicySection { code }`);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.measure.parent.parent.code).toBe("C2");
  });

  it("refuses more than 30 aliases", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: plan(code: "P1") { code }`).join(" ")} }`;
    expectRejected(await server.gql(aliases(31)), "aliases", 30, /^Aliases limit of 30 exceeded, found 31\.$/);
    const ok = await server.gql(aliases(30));
    expect(ok.status).toBe(200);
    expect(ok.data.p29).toEqual({ code: "P1" });
  });

  it("refuses more than 20 directives", async () => {
    const res = await server.gql(`{ plans { ${Array.from({ length: 21 }, () => "code @include(if: true)").join(" ")} } }`);
    expectRejected(res, "directives", 20, /^Directives limit of 20 exceeded, found 21\.$/);
  });

  it("refuses a document of more than 2,000 tokens before parsing it further", async () => {
    const res = await server.gql(`{ plans { ${"code ".repeat(2_100)}} }`);
    expectRejected(res, "tokens", 2000, /^Token limit of 2000 exceeded/);
  });

  it("refuses a query costing more than 10,000 points: nested connections multiply", async () => {
    const res = await server.gql(`{
      measures(first: 100) { nodes { departments { measures(first: 100) { nodes { departments { name } } } } } }
    }`);
    // 1 + 100 × (1 + 10 × (1 + 1 + 100 × (1 + 10 × 1)))
    expectRejected(res, "cost", 10_000, /^Query cost limit of 10000 exceeded, found 1102101\./);
    expect(res.errors![0]!.extensions!.actual).toBe(1_102_101);
    expect(costOf(res)).toMatchObject({ requestedQueryCost: 1_102_101, maximumAvailable: 10_000 });
  });

  it("prices page sizes passed as variables", async () => {
    const query = `query($n: Int) { measures(first: $n) { nodes { departments { measures(first: $n) { nodes { code } } } } } }`;
    const tooCostly = await server.gql(query, { n: 100 });
    expectRejected(tooCostly, "cost", 10_000, /found 102101/);
    const ok = await server.gql(query, { n: 5 });
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
    expect(costOf(ok).requestedQueryCost).toBe(356); // 1 + 5 × (1 + 10 × (1 + 1 + 5 × 1))
  });

  it("refuses fragments that expand beyond what can be priced", async () => {
    const levels = Array.from({ length: 5 }, (_, i) => `fragment F${i + 1} on Plan { ${`...F${i} `.repeat(10)}}`).join("\n");
    const res = await server.gql(`{ plans { ...F5 } }\nfragment F0 on Plan { code }\n${levels}`);
    expectRejected(res, "cost", 10_000, /^Query cost limit of 10000 exceeded: the query expands to more than 10000 fields/);
  });

  it("reports the cost of every accepted query beside its SQL statements", async () => {
    const res = await server.gql(`{ measures(first: 10) { nodes { code departments { name } } } }`);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.measures.nodes).toHaveLength(10);
    const cost = costOf(res);
    expect(cost).toEqual({ requestedQueryCost: 111, maximumAvailable: 10_000, sqlStatements: expect.any(Number) });
    expect(cost.sqlStatements).toBeGreaterThan(0);

    // Out-of-range page sizes are left to the resolver's precise error, priced at the maximum page size.
    const tooLarge = await server.gql(`{ measures(first: 1000) { nodes { code } } }`);
    expect(tooLarge.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(costOf(tooLarge).requestedQueryCost).toBe(101);
  });

  it("lets the standard introspection queries through, at no cost, and clients rebuild the schema from them", async () => {
    const schema = await buildAppSchema();
    // What GraphiQL, Apollo's tools and code generators send: graphql-js's query, plain and with every option.
    for (const full of [false, true]) {
      const query = full
        ? getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true })
        : getIntrospectionQuery();
      const res = await server.gql(query);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data.__schema.types.map((t: { name: string }) => t.name)).toContain("MeasureConnection");
      expect(costOf(res)).toMatchObject({ requestedQueryCost: 0, sqlStatements: 0 });
      const rebuilt = buildClientSchema(res.data);
      expect(Object.keys(rebuilt.getTypeMap()).sort()).toEqual(Object.keys(schema.getTypeMap()).sort());
      // With every option (scalar `@specifiedBy` URLs included) the client gets the schema exactly.
      if (full) expect(printSchema(rebuilt)).toBe(printSchema(schema));
    }
    // The default leaves the full introspection room to grow: it returns about half the limit.
    expect(fullIntrospectionFieldCount(schema)).toBeGreaterThan(5_000);
    expect(fullIntrospectionFieldCount(schema)).toBeLessThan(DEFAULT_LIMITS.maxIntrospectionFields * 0.6);

    // Capability probes (e.g. urql's and gql.tada's) look up a few introspection types by name.
    const probe = await server.gql(`{
      directive: __type(name: "__Directive") { fields { name } }
      field: __type(name: "__Field") { fields { name } }
      type: __type(name: "__Type") { fields { name } }
      inputValue: __type(name: "__InputValue") { fields { name } }
    }`);
    expect(probe.status).toBe(200);
    expect(probe.errors).toBeUndefined();
    expect(probe.data.type.fields.map((f: { name: string }) => f.name)).toContain("specifiedByURL");
  });

  it("refuses introspection that multiplies, before executing it", async () => {
    // One fragment of __schema { types { fields { type … } } } under 30 aliases: ≈ 1 KB asking for ≈ 110,000 fields.
    const typeRef = "fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
    const aliased = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: __schema { ...S }`).join(" ")} } fragment S on __Schema { types { fields { type { ...T } } } } ${typeRef}`;
    expect(Buffer.byteLength(JSON.stringify({ query: aliased }))).toBeLessThan(1_100);
    const res = await server.gql(aliased);
    expectRejected(res, "introspection", 40_000, /^Introspection limit of 40000 fields exceeded: .* \(the full introspection query returns \d+\)/);

    // Recursion through field types needs no alias: each level multiplies by the fields of a type.
    // graphql-js's own rule refuses it first; it is reported as the limit it is.
    const recursive = await server.gql(`{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`);
    expectRejected(recursive, "introspectionDepth", 3, /^Introspection depth limit of 3 exceeded/);

    // Aliased type look-ups add up too: 30 × every field of Query with its arguments and types (≈ 42,000 fields).
    const lookups = await server.gql(
      `{ ${Array.from({ length: 30 }, (_, i) => `t${i}: __type(name: "Query") { ...Q }`).join(" ")} } fragment Q on __Type { fields { name description isDeprecated deprecationReason args { name description defaultValue isDeprecated deprecationReason type { ...T } } type { ...T } } } ${typeRef}`,
    );
    expectRejected(lookups, "introspection", 40_000, /^Introspection limit of 40000 fields exceeded/);
    // One of them is fine.
    const one = await server.gql(`{ __type(name: "Query") { fields { name args { name } } } }`);
    expect(one.status).toBe(200);
    expect(one.data.__type.fields.length).toBeGreaterThan(20);
  });

  it("reads the limits from the environment and refuses bad values", () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(limitsFromEnv({ MAX_QUERY_COST: "500", MAX_QUERY_DEPTH: "8", MAX_ALIASES: "5", MAX_DIRECTIVES: "", MAX_QUERY_TOKENS: "5000", MAX_INTROSPECTION_FIELDS: "0" })).toEqual({
      maxCost: 500,
      maxDepth: 8,
      maxAliases: 5,
      maxDirectives: 20,
      maxTokens: 5000,
      maxIntrospectionFields: 0,
    });
    expect(() => limitsFromEnv({ MAX_INTROSPECTION_FIELDS: "-1" })).toThrow(/MAX_INTROSPECTION_FIELDS must be an integer from 0/);
    expect(() => limitsFromEnv({ MAX_QUERY_COST: "lots" })).toThrow(/MAX_QUERY_COST must be an integer/);
    expect(() => limitsFromEnv({ MAX_QUERY_DEPTH: "0" })).toThrow(/MAX_QUERY_DEPTH/);
  });
});

describe("CORS", () => {
  const origin = "https://data-client.example.org";

  it("answers a browser's preflight for /graphql from any origin", async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,apollo-require-preflight,x-apollo-operation-name" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")?.split(/,\s*/).sort()).toEqual(["GET", "POST"]);
    expect(res.headers.get("access-control-allow-headers")?.split(/,\s*/).sort()).toEqual(["apollo-require-preflight", "authorization", "content-type", "x-apollo-operation-name"]);
    expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
  });

  it("lets other origins read responses: plain GETs without a key pass, CSRF prevention holds for the rest", async () => {
    const post = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ query: `{ plan(code: "P1") { code } }` }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get("access-control-allow-origin")).toBe("*");

    const query = encodeURIComponent(`{ plan(code: "P1") { code } }`);
    // A GET a browser sends without a preflight: it carries no credential, so it can act for nobody (graphql/http-get.ts).
    const simpleGet = await fetch(`${server.url}/graphql?query=${query}`, { headers: { origin } });
    expect(simpleGet.status).toBe(200);
    expect(simpleGet.headers.get("access-control-allow-origin")).toBe("*");
    // With a key, the same GET needs a preflight header, as before.
    const simpleGetWithKey = await fetch(`${server.url}/graphql?query=${query}`, { headers: { origin, authorization: "Bearer cyk_not_a_key" } });
    expect(simpleGetWithKey.status).toBe(400);
    expect(((await simpleGetWithKey.json()) as any).errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const preflightedGet = await fetch(`${server.url}/graphql?query=${query}`, { headers: { origin, "apollo-require-preflight": "true" } });
    expect(preflightedGet.status).toBe(200);
    expect(((await preflightedGet.json()) as any).data.plan.code).toBe("P1");
  });

  it("answers no preflight outside /graphql", async () => {
    const res = await fetch(`${server.url}/healthz`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
