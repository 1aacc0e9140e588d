// The plan's service system as datasets: lists and filters over HTTP, every record linked to the
// target it counts toward (quoted from the document), and per-county progress with the shortfalls.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** The document as published, without the scrape's page footers and line-wrap spaces. */
const DOCUMENT = readFileSync(new URL("../src/db/seed/source/chuangye-neimenggu-2022-2025.txt", import.meta.url), "utf8")
  .replace(/ - \d+ - /g, "")
  .replace(/\s+/g, "");
const inDocument = (quote: string) => DOCUMENT.includes(quote.replace(/\s+/g, ""));

const n = (v: unknown) => Number(v);

/** A target's link, checked against the document: the exact sentence that sets it. */
async function expectTarget(code: string, quote: string, value: string) {
  expect(inDocument(quote), `not in the document: ${quote}`).toBe(true);
  const res = await server.gql(`query($code: String!) { target(code: $code) { code sourceQuote value } }`, { code });
  expect(res.data.target).toEqual({ code, sourceQuote: quote, value });
}

const UNITS = `progress { currentValue share met unitsMeeting unitsTotal source provenance
  units { region { code } value met shortBy } shortfalls { region { code name } value met shortBy } series { period value } }`;

describe("project library (创业项目资源库)", () => {
  it("lists projects with county, sector, stage, date and link; filters by region, sector, date and text", async () => {
    const res = await server.gql(`{
      all: projectLibrary(first: 3) { totalCount nodes { id code name nameEn sector stage publishedOn link provenance region { code level } league { code } countsToward { code } } }
      hohhot: projectLibrary(first: 1, filterBy: { regionCode: "150100", sector: MODERN_AGRICULTURE_HUSBANDRY, publishedFrom: "2024-01-01", publishedTo: "2024-12-31" }) { totalCount }
      named: projectLibrary(first: 5, filterBy: { text: "新城区" }, orderBy: { field: PUBLISHED_ON, direction: DESC }) { nodes { name publishedOn } }
    }`);
    expect(res.errors).toBeUndefined();
    const [counts] = await rows<Record<string, unknown>>(
      server.database,
      sql`select (select count(*) from project_library_projects) as total,
                 (select count(*) from project_library_projects where league_code = '150100' and sector = 'MODERN_AGRICULTURE_HUSBANDRY' and published_on between '2024-01-01' and '2024-12-31') as hohhot`,
    );
    expect(res.data.all.totalCount).toBe(n(counts!.total));
    // ≥ 15,000 projects in the sample, as the target asks.
    expect(res.data.all.totalCount).toBeGreaterThanOrEqual(15_000);
    expect(res.data.hohhot.totalCount).toBe(n(counts!.hohhot));
    const first = res.data.all.nodes[0];
    expect(first).toMatchObject({ code: "S-PJ-000001", provenance: "SAMPLE", region: { level: "COUNTY" } });
    // Sample names carry the visible marker at the start, in both languages.
    expect(first.name.startsWith("〔示例〕")).toBe(true);
    expect(first.nameEn.startsWith("[Sample] ")).toBe(true);
    expect(first.countsToward.map((t: any) => t.code)).toEqual(["project-bank-projects", "county-projects-collected"]);
    const dates = res.data.named.nodes.map((p: any) => p.publishedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    for (const p of res.data.named.nodes) expect(p.name).toContain("新城区");
    // Node ids round-trip.
    const node = await server.gql(`query($id: ID!) { node(id: $id) { ... on LibraryProject { code } } }`, { id: first.id });
    expect(node.data.node.code).toBe("S-PJ-000001");
  });

  it("the targets it counts toward are the document's, word for word", async () => {
    await expectTarget("project-bank-projects", "到2025年,全区创业项目库储备创业项目1.5万个以上", "15000");
    await expectTarget("county-projects-collected", "每个旗县(市、区)开发、收集符合当地创业条件的创业项目不少于100个", "100");
  });

  it("≥ 15,000 projects region-wide: counted from the library", async () => {
    const res = await server.gql(`{ target(code: "project-bank-projects") { progress { currentValue met source provenance units { value } shortfalls { value } } } }`);
    const [c] = await rows<{ n: number }>(server.database, sql`select count(*) as n from project_library_projects`);
    expect(res.data.target.progress).toEqual({ currentValue: String(c!.n), met: n(c!.n) >= 15_000, source: "PROJECT_LIBRARY", provenance: "SAMPLE", units: null, shortfalls: null });
  });

  it("≥ 100 projects per county: every county's count, and the counties that fall short", async () => {
    const res = await server.gql(`{ target(code: "county-projects-collected") { ${UNITS} } }`);
    expect(res.errors).toBeUndefined();
    const p = res.data.target.progress;
    const expected = await rows<{ code: string; n: number }>(
      server.database,
      sql`select r.code, count(p.code) as n from regions r left join project_library_projects p on p.county_code = r.code where r.level = 'COUNTY' group by r.code order by r.code`,
    );
    expect(expected).toHaveLength(103);
    expect(p.units.map((u: any) => [u.region.code, u.value, u.met])).toEqual(expected.map((e) => [e.code, String(e.n), n(e.n) >= 100]));
    const short = expected.filter((e) => n(e.n) < 100);
    // The sample misses the norm in some counties, on purpose: the list is there to be read.
    expect(short.length).toBeGreaterThan(0);
    expect(p.shortfalls.map((u: any) => [u.region.code, u.value, u.shortBy])).toEqual(short.map((e) => [e.code, String(e.n), String(100 - n(e.n))]));
    expect(p).toMatchObject({
      currentValue: String(Math.min(...expected.map((e) => n(e.n)))),
      unitsMeeting: 103 - short.length,
      unitsTotal: 103,
      met: false,
      share: ((103 - short.length) / 103).toFixed(4),
      source: "PROJECT_LIBRARY",
      provenance: "SAMPLE",
    });
  });
});

describe("mentor teams (创业导师服务团)", () => {
  it("lists teams with their members (a public name and a field), filters by region and level", async () => {
    const res = await server.gql(`{
      teams: mentorTeams(first: 100, filterBy: { regionCode: "150100" }) { totalCount nodes { code name level memberCount region { code } countsToward { code }
        members(first: 3) { totalCount nodes { id name field role team { code } } } } }
      counties: mentorTeams(first: 1, filterBy: { level: COUNTY }) { totalCount }
      mentors: mentors(first: 1, filterBy: { regionCode: "150100", role: TRAINING_LECTURER }) { totalCount }
    }`);
    expect(res.errors).toBeUndefined();
    const [c] = await rows<Record<string, unknown>>(
      server.database,
      sql`select (select count(*) from mentor_teams where league_code = '150100') as teams, (select count(*) from mentor_teams where level = 'COUNTY') as counties,
                 (select count(*) from mentors m join mentor_teams t on t.code = m.team_code where t.league_code = '150100' and m.role = 'TRAINING_LECTURER') as lecturers`,
    );
    expect([res.data.teams.totalCount, res.data.counties.totalCount, res.data.mentors.totalCount]).toEqual([n(c!.teams), n(c!.counties), n(c!.lecturers)]);
    const league = res.data.teams.nodes.find((t: any) => t.level === "LEAGUE");
    expect(league).toMatchObject({ code: "S-MT-150100", region: { code: "150100" }, countsToward: [] });
    const county = res.data.teams.nodes.find((t: any) => t.level === "COUNTY");
    expect(county.countsToward.map((t: any) => t.code)).toEqual(["county-mentor-team-members"]);
    expect(county.members.totalCount).toBe(county.memberCount);
    for (const m of county.members.nodes) {
      expect(Object.keys(m).sort()).toEqual(["field", "id", "name", "role", "team"]);
      expect(m.name.startsWith("〔示例〕")).toBe(true);
      expect(m.team.code).toBe(county.code);
    }
  });

  it("the norm it counts toward is the document's, word for word", async () => {
    await expectTarget("county-mentor-team-members", "旗县(市、区)创业导师服务团成员原则上不少于10人", "10");
  });

  it("≥ 10 members per county team: every county (0 without a team), and the counties that fall short", async () => {
    const res = await server.gql(`{ target(code: "county-mentor-team-members") { ${UNITS} } }`);
    expect(res.errors).toBeUndefined();
    const p = res.data.target.progress;
    const expected = await rows<{ code: string; n: number }>(
      server.database,
      sql`select r.code, count(m.code) as n from regions r left join mentor_teams t on t.region_code = r.code left join mentors m on m.team_code = t.code
          where r.level = 'COUNTY' group by r.code order by r.code`,
    );
    expect(p.units.map((u: any) => [u.region.code, u.value])).toEqual(expected.map((e) => [e.code, String(e.n)]));
    const short = expected.filter((e) => n(e.n) < 10);
    expect(short.some((e) => n(e.n) === 0)).toBe(true);
    expect(p.shortfalls.map((u: any) => [u.region.code, u.shortBy])).toEqual(short.map((e) => [e.code, String(10 - n(e.n))]));
    expect(p).toMatchObject({ unitsTotal: 103, unitsMeeting: 103 - short.length, met: false, source: "MENTOR_TEAMS", currentValue: "0" });
  });

  it("one brand per league: every league, county by county's parent, with those falling short", async () => {
    await expectTarget("league-regional-brands", "每个盟市至少培育1个有影响力、叫得响的地区性创业品牌", "1");
    const res = await server.gql(`{ target(code: "league-regional-brands") { ${UNITS} } }`);
    const expected = await rows<{ code: string; n: number }>(
      server.database,
      sql`select r.code, count(b.code) as n from regions r left join demonstration_brands b on b.league_code = r.code and b.kind = 'REGIONAL_BRAND' where r.level = 'LEAGUE' group by r.code order by r.code`,
    );
    expect(res.data.target.progress.units.map((u: any) => [u.region.code, u.value, u.met])).toEqual(expected.map((e) => [e.code, String(e.n), n(e.n) >= 1]));
    expect(res.data.target.progress.shortfalls).toEqual([]);
  });
});
