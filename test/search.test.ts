// Chinese and English search across the programme and its data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const SEARCH = `query($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor rank node { __typename ... on Measure { code } ... on Plan { code } ... on SupportInstrument { code } ... on Target { code } ... on Department { slug } ... on IncubatorBase { code name } ... on DemonstrationBrand { code } ... on MentorTeam { code } ... on EntrepreneurshipEvent { code name } ... on ServicePoint { code name } ... on PilotZone { code name } }
            textMatches { field fragment highlights { beginIndice endIndice text } } }
  }
}`;

const keyOf = (n: any) => `${n.__typename}:${n.code ?? n.slug}`;

async function search(q: string, extra: Record<string, unknown> = {}) {
  const res = await server.gql(SEARCH, { q, first: 100, ...extra });
  expect(res.errors).toBeUndefined();
  return res.data.search;
}

describe("search", () => {
  it("担保贷款 finds the loan rules, the measure and the loan target, with highlights", async () => {
    const result = await search("担保贷款");
    const keys = result.edges.map((e: any) => keyOf(e.node));
    expect(keys).toEqual(expect.arrayContaining(["SupportInstrument:counter-guarantee-waiver", "Measure:P1-M1", "Target:guarantee-loans-issued", "Plan:P1"]));
    for (const e of result.edges) {
      const hl = e.textMatches.flatMap((m: any) => m.highlights.map((h: any) => h.text));
      expect(hl).toContain("担保贷款");
      const m = e.textMatches[0];
      expect(m.fragment.slice(m.highlights[0].beginIndice, m.highlights[0].endIndice)).toBe("担保贷款");
    }
    const ranks = result.edges.map((e: any) => e.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it("退役军人 finds the veterans' department and what veterans can get", async () => {
    const keys = (await search("退役军人")).edges.map((e: any) => keyOf(e.node));
    expect(keys).toEqual(expect.arrayContaining(["Department:veterans-affairs-department", "SupportInstrument:one-time-startup-subsidy", "SupportInstrument:free-incubation-space"]));
  });

  it("众创空间 finds targets and maker spaces; types narrow the kinds", async () => {
    const all = await search("众创空间");
    const keys = all.edges.map((e: any) => keyOf(e.node));
    expect(keys).toEqual(expect.arrayContaining(["Target:national-maker-spaces", "Target:regional-maker-spaces"]));
    const bases = await search("众创空间", { types: ["INCUBATOR_BASE"] });
    expect(bases.totalCount).toBeGreaterThan(100);
    expect(bases.edges.every((e: any) => e.node.__typename === "IncubatorBase" && e.node.name.includes("众创空间"))).toBe(true);
  });

  it("finds the service system's records: pilot zones, service points, events, mentor teams — each kind by its type", async () => {
    // The document's own names: “呼包鄂乌”产业政策融合支持创新创业试验区, “双子星” pilots.
    const zones = await search("呼包鄂乌", { types: ["PILOT_ZONE"] });
    expect(zones.edges.map((e: any) => e.node.__typename)).toEqual(["PilotZone"]);
    expect(zones.edges[0].node.name).toContain("呼包鄂乌");
    const twin = await search("双子星", { types: ["PILOT_ZONE"] });
    expect(twin.totalCount).toBe(2);
    for (const [type, typename, query] of [
      ["SERVICE_POINT", "ServicePoint", "一窗办"],
      ["EVENT", "EntrepreneurshipEvent", "创业大赛"],
      ["MENTOR_TEAM", "MentorTeam", "创业导师服务团"],
    ] as const) {
      const hits = await search(query, { types: [type] });
      expect(hits.totalCount, query).toBeGreaterThan(0);
      expect(hits.edges.every((e: any) => e.node.__typename === typename), query).toBe(true);
    }
  });

  it("English names are searchable too", async () => {
    const keys = (await search("veterans affairs")).edges.map((e: any) => keyOf(e.node));
    expect(keys[0]).toBe("Department:veterans-affairs-department");
    const subsidy = (await search("one-time start-up subsidy", { types: ["SUPPORT_INSTRUMENT"] })).edges.map((e: any) => keyOf(e.node));
    expect(subsidy[0]).toBe("SupportInstrument:one-time-startup-subsidy");
  });

  it("pages through hits without repeats, and refuses bad queries and foreign cursors", async () => {
    const p1 = await search("创业", { first: 10 });
    const p2 = await search("创业", { first: 10, after: p1.pageInfo.endCursor });
    const k1 = p1.edges.map((e: any) => keyOf(e.node));
    const k2 = p2.edges.map((e: any) => keyOf(e.node));
    expect(k1.filter((k: string) => k2.includes(k))).toEqual([]);
    const all = (await search("创业", { first: 20 })).edges.map((e: any) => keyOf(e.node));
    expect([...k1, ...k2]).toEqual(all);

    for (const q of ["", "   ", "!!!", "x".repeat(101)]) {
      const res = await server.gql(SEARCH, { q, first: 5 });
      expect(res.errors![0]!.extensions!.code, q).toBe("BAD_USER_INPUT");
    }
    const foreign = await server.gql(SEARCH, { q: "贷款", first: 5, after: p1.pageInfo.endCursor });
    expect(foreign.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });
});
