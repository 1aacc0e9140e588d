// Bad input always gets a typed error and a non-500 status; nothing leaks a stack trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

describe("typed errors", () => {
  it("an unknown measure code is null with NOT_FOUND; a malformed one is BAD_USER_INPUT", async () => {
    const unknown = await server.gql(`{ measure(code: "P9-M9") { title } }`);
    expect(unknown.status).toBe(200);
    expect(unknown.data).toEqual({ measure: null });
    expect(codeOf(unknown)).toBe("NOT_FOUND");
    expect(unknown.errors![0]!.message).toBe('Could not resolve to a Measure with the code "P9-M9".');

    const malformed = await server.gql(`{ measure(code: "x'; drop table regions;--") { title } }`);
    expect(malformed.data).toEqual({ measure: null });
    expect(codeOf(malformed)).toBe("BAD_USER_INPUT");
    expect(malformed.errors![0]!.message).toMatch(/expected `P1-M1`/);

    const plan = await server.gql(`{ plan(code: "P8") { title } region(code: "159999") { name } department(slug: "nobody") { name } }`);
    expect(plan.errors!.map((e) => e.extensions!.code)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
  });

  it.each([
    ["first: 0", "first"],
    ["first: 1000", "first"],
    ["first: 101", "first"],
    ["last: -1", "last"],
    ["", "first"],
    ["first: 5, last: 5", "first"],
  ])("measures(%s) is BAD_USER_INPUT", async (args, argumentName) => {
    const res = await server.gql(`{ measures${args ? `(${args})` : ""} { nodes { code } } }`);
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions!.argumentName).toBe(argumentName);
  });

  it("a tampered or foreign cursor is BAD_USER_INPUT", async () => {
    const page = await server.gql(`{ regions(first: 2) { pageInfo { endCursor } } measures(first: 1) { pageInfo { endCursor } } }`);
    const regionCursor: string = page.data.regions.pageInfo.endCursor;
    for (const after of ["not-a-cursor", regionCursor.slice(0, -2), Buffer.from('["region:code",1]').toString("base64url"), page.data.measures.pageInfo.endCursor]) {
      const res = await server.gql(`query($after: String) { regions(first: 2, after: $after) { nodes { code } } }`, { after });
      expect(codeOf(res), after).toBe("BAD_USER_INPUT");
      expect(res.errors![0]!.extensions!.argumentName).toBe("after");
    }
  });

  it("a malformed global id is BAD_USER_INPUT; an unknown well-formed one is NOT_FOUND", async () => {
    const bad = await server.gql(`{ node(id: "%%%") { id } }`);
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    const foreign = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from("Repository:1").toString("base64url") });
    expect(codeOf(foreign)).toBe("BAD_USER_INPUT");
    const missing = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from("Measure:P1-M9").toString("base64url") });
    expect(missing.data).toEqual({ node: null });
    expect(codeOf(missing)).toBe("NOT_FOUND");
    // A Plan id does not fetch a measure.
    const wrongType = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from("Plan:P1-M1").toString("base64url") });
    expect(codeOf(wrongType)).toBe("NOT_FOUND");
  });

  it("an unknown enum value or field fails validation with a 400, before any database work", async () => {
    const res = await server.gql(`{ supportInstruments(first: 5, filterBy: { beneficiaryGroup: ASTRONAUTS }) { totalCount } }`);
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.extensions?.cost?.sqlStatements ?? 0).toBe(0);
    const field = await server.gql(`{ measure(code: "P1-M1") { password } }`);
    expect(field.status).toBe(400);
    expect(codeOf(field)).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("malformed requests get 4xx with a message, never a 500 or a stack trace", async () => {
    const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
      fetch(`${server.url}/graphql`, { method: "POST", headers, body });
    const notJson = await post("{ not json");
    expect(notJson.status).toBe(400);
    const syntax = await post(JSON.stringify({ query: "{ measure(code: " }));
    expect(syntax.status).toBe(400);
    expect(((await syntax.json()) as any).errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    const huge = await post(JSON.stringify({ query: `{ plans { code } }`, padding: "x".repeat(200_000) }));
    expect(huge.status).toBe(413);
    const batch = await post(JSON.stringify([{ query: "{ plans { code } }" }, { query: "{ plans { code } }" }]));
    expect(batch.status).toBe(400);
    // CSRF prevention: a simple (form-like) request is refused.
    const form = await post("query=%7Bplans%7Bcode%7D%7D", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
    for (const res of [notJson, huge, batch, form]) expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it("answers 404 in JSON for unknown routes", async () => {
    const res = await fetch(`${server.url}/nowhere`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "NOT_FOUND" });
  });
});
