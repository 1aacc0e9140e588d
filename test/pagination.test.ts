// The generic connection helper, through real lists: forward, backward, totals, and cost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const ALL = `{ measures(first: 100) { nodes { code } } }`;

describe("Relay connections", () => {
  it("pages forward and backward over the same order", async () => {
    const all: string[] = (await server.gql(ALL)).data.measures.nodes.map((n: any) => n.code);
    const first = await server.gql(`{ measures(first: 5) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code } } } }`);
    const page1 = first.data.measures;
    expect(page1.edges.map((e: any) => e.node.code)).toEqual(all.slice(0, 5));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: page1.edges[4].cursor });

    const next = await server.gql(`query($a: String) { measures(first: 5, after: $a) { nodes { code } pageInfo { hasPreviousPage } } }`, { a: page1.pageInfo.endCursor });
    expect(next.data.measures.nodes.map((n: any) => n.code)).toEqual(all.slice(5, 10));
    expect(next.data.measures.pageInfo.hasPreviousPage).toBe(true);

    const last = await server.gql(`{ measures(last: 3) { nodes { code } pageInfo { hasNextPage hasPreviousPage startCursor } } }`);
    expect(last.data.measures.nodes.map((n: any) => n.code)).toEqual(all.slice(-3));
    expect(last.data.measures.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const before = await server.gql(`query($b: String) { measures(last: 4, before: $b) { nodes { code } } }`, { b: last.data.measures.pageInfo.startCursor });
    expect(before.data.measures.nodes.map((n: any) => n.code)).toEqual(all.slice(-7, -3));
  });

  it("counts the whole list only when totalCount is asked for", async () => {
    const without = await server.gql(`{ measures(first: 5) { nodes { code } } }`);
    const withCount = await server.gql(`{ measures(first: 5) { totalCount nodes { code } } }`);
    expect(withCount.data.measures.totalCount).toBe(22);
    expect(without.extensions!.cost!.sqlStatements).toBe(1);
    expect(withCount.extensions!.cost!.sqlStatements).toBe(2);
  });

  it("nested references are batched: statements do not grow with page size", async () => {
    const q = (n: number) => `{ measures(first: ${n}) { nodes { code plan { code } departments { name region { code } } supportInstruments { code eligibleGroups { code } } } } }`;
    const small = await server.gql(q(2));
    const large = await server.gql(q(22));
    expect(large.data.measures.nodes).toHaveLength(22);
    // list (each measure's departments come with it, issue 11) + plans + regions + instruments + groups
    expect(large.extensions!.cost!.sqlStatements).toBe(5);
    expect(small.extensions!.cost!.sqlStatements).toBeLessThanOrEqual(5);
  });

  it("pages a nested connection (a department's measures)", async () => {
    const p1 = await server.gql(`{ department(slug: "human-resources-social-security-department") { measures(first: 10) { nodes { code } pageInfo { endCursor hasNextPage } } } }`);
    const conn = p1.data.department.measures;
    expect(conn.nodes).toHaveLength(10);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    const p3 = await server.gql(`query($a: String) { department(slug: "human-resources-social-security-department") { measures(first: 100, after: $a) { nodes { code } pageInfo { hasNextPage } } } }`, { a: conn.pageInfo.endCursor });
    expect(p3.data.department.measures.nodes.map((n: any) => n.code)[0]).toBe("P4-M2");
    expect(p3.data.department.measures.nodes).toHaveLength(12);
    expect(p3.data.department.measures.pageInfo.hasNextPage).toBe(false);
  });
});
