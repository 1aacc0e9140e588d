// Incubator bases, brands and banks over HTTP, checked against SQL over the same database.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMetadataStorage } from "type-graphql";
import { buildAppSchema } from "../src/graphql/schema.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(server.database, query))[0]!.n);

describe("incubator bases", () => {
  it("counts per kind and level match the database and the 2025 targets' scale", async () => {
    const res = await server.gql(`{
      nationalBases: incubatorBases(first: 1, filterBy: { kind: INCUBATION_BASE, level: NATIONAL }) { totalCount }
      nationalSpaces: incubatorBases(first: 1, filterBy: { kind: MAKER_SPACE, level: NATIONAL }) { totalCount }
      regionalBases: incubatorBases(first: 1, filterBy: { kind: INCUBATION_BASE, level: AUTONOMOUS_REGION }) { totalCount }
      all: incubatorBases(first: 1) { totalCount nodes { provenance } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.nationalBases.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases where kind = 'INCUBATION_BASE' and level = 'NATIONAL'`));
    expect(res.data.nationalBases.totalCount).toBeGreaterThanOrEqual(8);
    expect(res.data.nationalSpaces.totalCount).toBeGreaterThanOrEqual(60);
    expect(res.data.regionalBases.totalCount).toBeGreaterThanOrEqual(70);
    expect(res.data.all.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases`));
    expect(res.data.all.nodes[0].provenance).toBe("SAMPLE");
  });

  it("a league filter includes the league's counties; a county filter only that county", async () => {
    const res = await server.gql(`{
      league: incubatorBases(first: 100, filterBy: { regionCode: "150100" }) { totalCount nodes { region { code parent { code } } league { code } } }
      county: incubatorBases(first: 100, filterBy: { regionCode: "150105" }) { totalCount nodes { region { code } } }
      everything: incubatorBases(first: 1, filterBy: { regionCode: "150000" }) { totalCount }
    }`);
    expect(res.data.league.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases b join regions r on r.code = b.county_code where r.parent_code = '150100'`));
    for (const n of res.data.league.nodes) {
      expect(n.region.parent.code).toBe("150100");
      expect(n.league.code).toBe("150100");
    }
    expect(res.data.county.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases where county_code = '150105'`));
    expect(res.data.county.nodes.every((n: any) => n.region.code === "150105")).toBe(true);
    expect(res.data.everything.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases`));
  });

  it("100 bases with their region, its parent and their league cost one SQL statement, as do 5", async () => {
    const q = (n: number) => `{ incubatorBases(first: ${n}) { nodes { name region { name parent { name } } } } }`;
    // The regions come from an index read once per data version (regionIndex): the first page
    // of a version reads it, a second statement; every later page is one statement.
    await server.gql(q(1));
    const big = await server.gql(q(100));
    const small = await server.gql(q(5));
    expect(big.data.incubatorBases.nodes).toHaveLength(100);
    // The regions come from the per-version index (issue 11), primed into the region loader.
    expect(big.extensions!.cost!.sqlStatements).toBe(1);
    expect(small.extensions!.cost!.sqlStatements).toBe(1);
    // The same through edges and a fragment, with the league too, and the regions are the database's.
    const viaFragment = await server.gql(`{ incubatorBases(first: 100) { edges { node { ...B } } } } fragment B on IncubatorBase { code region { code name parent { code nameEn } } league { code name } }`);
    expect(viaFragment.extensions!.cost!.sqlStatements).toBe(1);
    const expected = await rows<{ code: string; county: string; county_name: string; parent: string | null; parent_en: string | null; league: string; league_name: string }>(server.database, sql`
      select b.code, c.code as county, c.name as county_name, p.code as parent, p.name_en as parent_en, l.code as league, l.name as league_name
      from incubator_bases b join regions c on c.code = b.county_code left join regions p on p.code = c.parent_code join regions l on l.code = b.league_code
      order by b.code limit 100`);
    expect(viaFragment.data.incubatorBases.edges.map((e: any) => e.node)).toEqual(
      expected.map((r) => ({ code: r.code, region: { code: r.county, name: r.county_name, parent: r.parent ? { code: r.parent, nameEn: r.parent_en } : null }, league: { code: r.league, name: r.league_name } })),
    );
    // Without related objects selected, no join: still one statement.
    expect((await server.gql(`{ incubatorBases(first: 100) { nodes { code } } }`)).extensions!.cost!.sqlStatements).toBe(1);
  });

  it("the regions of a page are never older than the data version: a renamed county shows on the next page", async () => {
    const q = `{ incubatorBases(first: 1, orderBy: { field: CODE, direction: ASC }) { nodes { region { code name parent { nameEn } } league { name } } } }`;
    const before = (await server.gql(q)).data.incubatorBases.nodes[0];
    const county = before.region.code as string;
    const old = before.region.name as string;
    // Another process's change, as the service learns of it: a write and a new data version.
    const { publishDataVersion } = await import("../src/services/refresh.js");
    try {
      await server.database.db.execute(sql`update regions set name = ${`${old}（更正）`} where code = ${county}`);
      await publishDataVersion(server.database.db);
      let after = (await server.gql(q)).data.incubatorBases.nodes[0];
      for (let i = 0; i < 50 && after.region.name === old; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = (await server.gql(q)).data.incubatorBases.nodes[0];
      }
      expect(after).toEqual({ ...before, region: { ...before.region, name: `${old}（更正）` } });
    } finally {
      await server.database.db.execute(sql`update regions set name = ${old} where code = ${county}`);
      await publishDataVersion(server.database.db);
    }
  });

  it("a page of bases answers every field as the one-base lookup does, whichever fields are asked (the list reads only the columns they need)", async () => {
    const all = "id code name nameEn kind level operator recognizedYear areaSqm governmentBuilt freeSpaceShare tenants graduates jobs provenance region { code } league { code name }";
    for (const fields of [all, "code name", "code jobs region { name parent { code } }", "code ... on Node { id } ... on IncubatorBase { freeSpaceShare }", "__typename code league { nameEn }"]) {
      const page = await server.gql(`{ incubatorBases(first: 30, orderBy: { field: JOBS, direction: DESC }) { nodes { ${fields} } } }`);
      expect(page.errors).toBeUndefined();
      expect(page.data.incubatorBases.nodes).toHaveLength(30);
      for (const node of page.data.incubatorBases.nodes) {
        const one = await server.gql(`{ incubatorBase(code: "${node.code}") { ${fields} } }`);
        expect(one.data.incubatorBase).toEqual(node);
      }
    }
  });

  it("scalar fields read their property without a resolver of their own, so a page reads only the columns selected (graphql/schema.ts, lookahead.ts)", async () => {
    await buildAppSchema();
    // By the type's name: under vitest a module may be loaded twice (two classes of one name).
    const type = getMetadataStorage().objectTypes.find((t) => t.name === "IncubatorBase")!;
    const field = (name: string) => type.fields!.find((f) => f.name === name)!;
    for (const name of ["code", "name", "nameEn", "jobs", "level"]) expect(field(name).simple, name).toBe(true);
    // Object fields keep theirs, and so does a count that is a promise until read.
    expect(field("region").simple).toBeUndefined();
    const connection = getMetadataStorage().fields.find((f) => f.name === "totalCount" && f.simple === false);
    expect(connection).toBeDefined();
  });

  it("orders by jobs, year or name and pages stably in every order", async () => {
    for (const [field, key] of [["JOBS", "jobs"], ["RECOGNIZED_YEAR", "recognizedYear"], ["NAME", "name"]] as const) {
      for (const direction of ["ASC", "DESC"]) {
        const seen: any[] = [];
        let after: string | null = null;
        for (;;) {
          const res: any = await server.gql(
            `query($after: String) { incubatorBases(first: 100, after: $after, filterBy: { regionCode: "150400" }, orderBy: { field: ${field}, direction: ${direction} }) { pageInfo { hasNextPage endCursor } nodes { code jobs recognizedYear name } } }`,
            { after },
          );
          seen.push(...res.data.incubatorBases.nodes);
          if (!res.data.incubatorBases.pageInfo.hasNextPage) break;
          after = res.data.incubatorBases.pageInfo.endCursor;
        }
        expect(new Set(seen.map((n) => n.code)).size).toBe(seen.length);
        expect(seen.length).toBe(await count(sql`select count(*) as n from incubator_bases where league_code = '150400'`));
        const values = seen.map((n) => n[key]);
        const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        if (direction === "DESC") sorted.reverse();
        // Names compare in code-point order, like JavaScript's default string comparison.
        expect(values).toEqual(sorted);
      }
    }
  });

  it("filters by recognition year and text", async () => {
    const res = await server.gql(`{
      years: incubatorBases(first: 100, filterBy: { recognizedYear: { min: 2022, max: 2023 }, level: NATIONAL }) { totalCount nodes { recognizedYear } }
      text: incubatorBases(first: 100, filterBy: { text: "众创空间", regionCode: "150300" }) { totalCount nodes { name } }
      english: incubatorBases(first: 5, filterBy: { text: "maker space" }) { totalCount }
    }`);
    expect(res.data.years.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases where recognized_year between 2022 and 2023 and level = 'NATIONAL'`));
    expect(res.data.years.nodes.every((n: any) => n.recognizedYear >= 2022 && n.recognizedYear <= 2023)).toBe(true);
    expect(res.data.text.nodes.every((n: any) => n.name.includes("众创空间"))).toBe(true);
    expect(res.data.text.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases where league_code = '150300' and name like '%众创空间%'`));
    expect(res.data.english.totalCount).toBe(await count(sql`select count(*) as n from incubator_bases where kind = 'MAKER_SPACE'`));
  });

  it("looks a base up by code or id, and refuses bad input with typed errors", async () => {
    const first = await server.gql(`{ incubatorBases(first: 1, orderBy: { field: CODE, direction: ASC }) { nodes { id code } pageInfo { endCursor } } }`);
    const { id, code } = first.data.incubatorBases.nodes[0];
    const byCode = await server.gql(`query($c: String) { incubatorBase(code: $c) { id } }`, { c: code });
    const byId = await server.gql(`query($i: ID) { incubatorBase(id: $i) { code } }`, { i: id });
    expect(byCode.data.incubatorBase.id).toBe(id);
    expect(byId.data.incubatorBase.code).toBe(code);
    const node = await server.gql(`query($i: ID!) { node(id: $i) { __typename } }`, { i: id });
    expect(node.data.node.__typename).toBe("IncubatorBase");

    const both = await server.gql(`query($i: ID, $c: String) { incubatorBase(id: $i, code: $c) { code } }`, { i: id, c: code });
    expect(both.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const range = await server.gql(`{ incubatorBases(first: 5, filterBy: { recognizedYear: { min: 2025, max: 2020 } }) { totalCount } }`);
    expect(range.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    // A cursor made under one ordering is refused under another.
    const foreign = await server.gql(`query($a: String) { incubatorBases(first: 5, after: $a, orderBy: { field: JOBS, direction: DESC }) { totalCount } }`, { a: first.data.incubatorBases.pageInfo.endCursor });
    expect(foreign.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const enumValue = await server.gql(`{ incubatorBases(first: 5, filterBy: { level: GALACTIC }) { totalCount } }`);
    expect(enumValue.status).toBe(400);
    expect(enumValue.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("demonstration brands and partner banks", () => {
  it("every league has a regional brand and every mentor studio carries the 100,000 CNY award", async () => {
    const res = await server.gql(`{
      brands: demonstrationBrands(first: 100, filterBy: { kind: REGIONAL_BRAND }) { totalCount nodes { league { code } } }
      studios: demonstrationBrands(first: 100, filterBy: { kind: MENTOR_STUDIO }) { totalCount nodes { awardAmount currency instrument { code amount } } }
    }`);
    expect(new Set(res.data.brands.nodes.map((n: any) => n.league.code)).size).toBe(12);
    expect(res.data.studios.totalCount).toBe(await count(sql`select count(*) as n from demonstration_brands where kind = 'MENTOR_STUDIO'`));
    for (const s of res.data.studios.nodes) {
      expect(s).toEqual({ awardAmount: "100000.00", currency: "CNY", instrument: { code: "mentor-studio-award", amount: "100000.00" } });
    }
  });

  it("lists the partner banks", async () => {
    const res = await server.gql(`{ partnerBanks(first: 100) { totalCount nodes { code name kind provenance } } partnerBank(code: "abc-nmg") { name nameEn } }`);
    expect(res.data.partnerBanks.totalCount).toBe(await count(sql`select count(*) as n from partner_banks`));
    expect(res.data.partnerBank).toEqual({ name: "〔示例〕中国农业银行内蒙古自治区分行", nameEn: "[Sample] Agricultural Bank of China, Inner Mongolia Branch" });
  });
});
