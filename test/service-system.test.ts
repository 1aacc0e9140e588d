// The plan's service system as datasets: lists and filters over HTTP, every record linked to the
// target it counts toward (quoted from the document), and per-county progress with the shortfalls.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { runExport } from "../src/exports/run.js";
import { importFile } from "../src/imports/run.js";
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

describe("training: lecturers, training delivered, model entrepreneurs", () => {
  it("the targets they count toward are the document's, word for word", async () => {
    await expectTarget("high-level-trainers", "全区高水平创业培训讲师(含创业实训讲师、网络创业培训讲师)规模达到1000名以上", "1000");
    await expectTarget("entrepreneurship-trainees", "全区组织开展创业培训10万人以上", "100000");
    await expectTarget("graduate-practical-trainees", "组织高校毕业生创业实训4万人以上", "40000");
    await expectTarget("rural-labor-trainees", "农村牧区转移就业劳动力创业培训3万人以上", "30000");
    await expectTarget("annual-model-entrepreneurs", "自治区每年培养100名各类创业者典型", "100");
    // The programmes the records name are the document's own.
    for (const phrase of ["深入实施创业培训“马兰花”计划", "继续推广“互联网+创业培训”", "积极开展初创企业入门培训、创业训练营等培训"]) expect(inDocument(phrase), phrase).toBe(true);
  });

  it("lecturers: ≥ 1,000 high-level ones, counted from the list; filters by kind, level and year", async () => {
    const res = await server.gql(`{
      all: trainingLecturers(first: 2) { totalCount nodes { id code name kind field highLevel certifiedYear provenance region { code } league { code } countsToward { code } } }
      high: trainingLecturers(first: 1, filterBy: { highLevel: true }) { totalCount }
      online: trainingLecturers(first: 1, filterBy: { kind: ONLINE_TRAINING, certifiedYear: { min: 2022, max: 2025 }, regionCode: "150200" }) { totalCount }
      low: trainingLecturers(first: 1, filterBy: { highLevel: false }) { nodes { countsToward { code } } }
      target(code: "high-level-trainers") { progress { currentValue met source series { period value cumulativeValue } } }
    }`);
    expect(res.errors).toBeUndefined();
    const [c] = await rows<Record<string, unknown>>(
      server.database,
      sql`select (select count(*) from training_lecturers) as total, (select count(*) from training_lecturers where high_level) as high,
                 (select count(*) from training_lecturers where kind = 'ONLINE_TRAINING' and certified_year between 2022 and 2025 and league_code = '150200') as online`,
    );
    expect([res.data.all.totalCount, res.data.high.totalCount, res.data.online.totalCount]).toEqual([n(c!.total), n(c!.high), n(c!.online)]);
    expect(res.data.all.nodes[0].name.startsWith("〔示例〕")).toBe(true);
    expect(res.data.all.nodes.find((l: any) => l.highLevel).countsToward).toEqual([{ code: "high-level-trainers" }]);
    expect(res.data.low.nodes[0].countsToward).toEqual([]);
    const p = res.data.target.progress;
    expect(p).toMatchObject({ currentValue: String(c!.high), met: n(c!.high) >= 1000, source: "TRAINING_LECTURERS" });
    expect(n(c!.high)).toBeGreaterThanOrEqual(1000);
    expect(p.series.at(-1).cumulativeValue).toBe(String(c!.high));
  });

  it("training delivered by county, year and programme (马兰花, practical training for graduates …), with totals and the three targets", async () => {
    const res = await server.gql(`{
      page: trainingDelivered(first: 3, filterBy: { regionCode: "150102", programme: MALANHUA }) { totalCount nodes { id year programme trainees ruralLaborTrainees provenance region { code } league { code } countsToward { code } } }
      graduates: trainingDelivered(first: 1, filterBy: { programme: GRADUATE_PRACTICAL_TRAINING }) { nodes { ruralLaborTrainees countsToward { code } } }
      totals: trainingTotals(filterBy: { regionCode: "150100", year: { min: 2023, max: 2024 } }) { records trainees ruralLaborTrainees provenance }
      trained: target(code: "entrepreneurship-trainees") { progress { currentValue met source series { period value } } }
      graduatesTarget: target(code: "graduate-practical-trainees") { progress { currentValue met } }
      rural: target(code: "rural-labor-trainees") { progress { currentValue met } }
    }`);
    expect(res.errors).toBeUndefined();
    const page = res.data.page;
    expect(page.totalCount).toBe(4);
    expect(page.nodes.map((r: any) => r.year)).toEqual([2022, 2023, 2024]);
    expect(page.nodes[0]).toMatchObject({ programme: "MALANHUA", region: { code: "150102" }, league: { code: "150100" }, provenance: "SAMPLE" });
    expect(page.nodes[0].countsToward.map((t: any) => t.code)).toEqual(["entrepreneurship-trainees", "rural-labor-trainees"]);
    expect(res.data.graduates.nodes[0].countsToward).toEqual([{ code: "graduate-practical-trainees" }]);
    const node = await server.gql(`query($id: ID!) { node(id: $id) { ... on TrainingDelivery { year programme region { code } } } }`, { id: page.nodes[1].id });
    expect(node.data.node).toEqual({ year: 2023, programme: "MALANHUA", region: { code: "150102" } });

    const [t] = await rows<Record<string, unknown>>(
      server.database,
      sql`select (select sum(trainees) from training_delivered where league_code = '150100' and year between 2023 and 2024) as hohhot,
                 (select sum(rural_labor_trainees) from training_delivered where league_code = '150100' and year between 2023 and 2024) as hohhot_rural,
                 (select count(*) from training_delivered where league_code = '150100' and year between 2023 and 2024) as records,
                 (select sum(trainees) from training_delivered where programme in ('MALANHUA', 'INTERNET_PLUS', 'STARTUP_CAMP') and year >= 2022) as trained,
                 (select sum(trainees) from training_delivered where programme = 'GRADUATE_PRACTICAL_TRAINING' and year >= 2022) as graduates,
                 (select sum(rural_labor_trainees) from training_delivered where year >= 2022) as rural`,
    );
    expect(res.data.totals).toEqual({ records: n(t!.records), trainees: n(t!.hohhot), ruralLaborTrainees: n(t!.hohhot_rural), provenance: "SAMPLE" });
    // 创业培训 and 创业实训 are counted apart, as the document counts them.
    expect(res.data.trained.progress).toMatchObject({ currentValue: String(t!.trained), met: n(t!.trained) >= 100_000, source: "TRAINING_DELIVERED" });
    expect(res.data.trained.progress.series.map((s: any) => s.period)).toEqual(["2022", "2023", "2024", "2025"]);
    expect(res.data.graduatesTarget.progress).toEqual({ currentValue: String(t!.graduates), met: n(t!.graduates) >= 40_000 });
    expect(res.data.rural.progress).toEqual({ currentValue: String(t!.rural), met: n(t!.rural) >= 30_000 });
    // The sample: ≥ 100,000 trained and ≥ 40,000 graduates, but rural labourers short of 30,000.
    expect([n(t!.trained) >= 100_000, n(t!.graduates) >= 40_000, n(t!.rural) >= 30_000]).toEqual([true, true, false]);
  });

  it("model entrepreneurs: 100 a year, each year checked", async () => {
    const res = await server.gql(`{
      y2024: modelEntrepreneurs(first: 2, filterBy: { year: { min: 2024, max: 2024 } }) { totalCount nodes { code name business sector year beneficiaryGroup { code } region { level } countsToward { code } } }
      graduates: modelEntrepreneurs(first: 1, filterBy: { beneficiaryGroup: "COLLEGE_GRADUATES" }) { totalCount }
      target(code: "annual-model-entrepreneurs") { progress { currentValue met source series { period value } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.y2024.totalCount).toBe(100);
    expect(res.data.y2024.nodes[0]).toMatchObject({ year: 2024, region: { level: "COUNTY" }, countsToward: [{ code: "annual-model-entrepreneurs" }] });
    expect(res.data.y2024.nodes[0].name.startsWith("〔示例〕")).toBe(true);
    const [g] = await rows<{ n: number }>(server.database, sql`select count(*) as n from model_entrepreneurs where beneficiary_group_code = 'COLLEGE_GRADUATES'`);
    expect(res.data.graduates.totalCount).toBe(n(g!.n));
    const byYear = await rows<{ year: number; n: number }>(server.database, sql`select year, count(*) as n from model_entrepreneurs group by year order by year`);
    expect(res.data.target.progress.series).toEqual(byYear.map((r) => ({ period: String(r.year), value: String(r.n) })));
    expect(res.data.target.progress).toMatchObject({ met: byYear.every((r) => n(r.n) >= 100), source: "MODEL_ENTREPRENEURS" });
  });
});

describe("events, service points, pilot zones", () => {
  it("events: date, level, place, organiser; the innovation week's Inner Mongolia venue every year; filters by kind, level, dates and region", async () => {
    expect(inDocument("举办好全国大众创业万众创新活动周内蒙古主场")).toBe(true);
    expect(inDocument("以及创业讲堂、项目路演、创业文化节、创业沙龙、创业故事宣讲等主题活动")).toBe(true);
    const res = await server.gql(`{
      week: entrepreneurshipEvents(first: 10, filterBy: { kind: INNOVATION_WEEK_VENUE }) { totalCount nodes { name level startsOn endsOn venue organiser region { code } measure { code } } }
      roadshows: entrepreneurshipEvents(first: 100, filterBy: { kind: ROADSHOW, startsFrom: "2024-01-01", startsTo: "2024-12-31" }, orderBy: { field: STARTS_ON, direction: DESC }) { totalCount nodes { startsOn measure { code } } }
      regional: entrepreneurshipEvents(first: 10, filterBy: { level: AUTONOMOUS_REGION, kind: COMPETITION }) { nodes { name } }
      forum: entrepreneurshipEvents(first: 1, filterBy: { kind: FORUM }) { nodes { measure { code } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.week.totalCount).toBe(4);
    for (const e of res.data.week.nodes) {
      expect(e).toMatchObject({ level: "NATIONAL", region: { code: "150100" }, measure: { code: "P7-M3" } });
      expect(e.name.startsWith("〔示例〕")).toBe(true);
      expect(e.name).toContain("全国大众创业万众创新活动周内蒙古主场");
      expect(e.endsOn >= e.startsOn).toBe(true);
      // Sample organisers are placeholders, never a real bureau.
      expect(e.organiser.startsWith("〔示例〕")).toBe(true);
      expect(e.organiser).not.toMatch(/厅|局$/);
    }
    const [r] = await rows<{ n: number }>(server.database, sql`select count(*) as n from entrepreneurship_events where kind = 'ROADSHOW' and starts_on between '2024-01-01' and '2024-12-31'`);
    expect(res.data.roadshows.totalCount).toBe(n(r!.n));
    const dates = res.data.roadshows.nodes.map((e: any) => e.startsOn);
    expect(dates).toEqual([...dates].sort().reverse());
    // Competitions the region organises carry the programme's name (P7-M2).
    expect(inDocument("将自治区组织的创业大赛、创业项目展示等各类创业活动全部统一冠名“创业内蒙古行动”")).toBe(true);
    for (const e of res.data.regional.nodes) expect(e.name).toContain("“创业内蒙古行动”");
    expect(res.data.forum.nodes[0].measure.code).toBe("P5-M1");
  });

  it("service points: “一窗办” windows and university guidance stations, by region and kind", async () => {
    expect(inDocument("各盟市、旗县(市、区)全面推行“一窗办”线下实体服务")).toBe(true);
    expect(inDocument("建立高校创业指导站")).toBe(true);
    const res = await server.gql(`{
      windows: servicePoints(first: 100, filterBy: { kind: ONE_WINDOW, regionCode: "150100" }) { totalCount nodes { name host openedOn region { code level } measure { code } } }
      stations: servicePoints(first: 100, filterBy: { kind: UNIVERSITY_GUIDANCE_STATION }) { totalCount nodes { host measure { code } } }
    }`);
    expect(res.errors).toBeUndefined();
    const [c] = await rows<Record<string, unknown>>(
      server.database,
      sql`select (select count(*) from service_points where kind = 'ONE_WINDOW' and league_code = '150100') as windows, (select count(*) from service_points where kind = 'UNIVERSITY_GUIDANCE_STATION') as stations`,
    );
    expect([res.data.windows.totalCount, res.data.stations.totalCount]).toEqual([n(c!.windows), n(c!.stations)]);
    expect(res.data.windows.nodes.some((p: any) => p.region.level === "LEAGUE")).toBe(true);
    for (const p of res.data.windows.nodes) expect(p.measure.code).toBe("P2-M1");
    for (const p of res.data.stations.nodes) {
      expect(p.measure.code).toBe("P2-M3");
      expect(p.host.startsWith("〔示例〕")).toBe(true);
    }
  });

  it("pilot zones: the document's three, as groups of regions, quoted word for word", async () => {
    const res = await server.gql(`{ pilotZones { id code name kind provenance sourceQuote seat { code name } members { code name } measure { code } } }`);
    expect(res.errors).toBeUndefined();
    const zones = res.data.pilotZones;
    expect(zones.map((z: any) => [z.code, z.kind, z.seat.name, z.members.map((m: any) => m.name)])).toEqual([
      ["hubaoewu-experimental-zone", "EXPERIMENTAL_ZONE", "呼和浩特市", ["呼和浩特市", "包头市", "鄂尔多斯市", "乌兰察布市"]],
      ["twin-stars-pilot-tongliao", "PILOT", "通辽市", ["通辽市"]],
      ["twin-stars-pilot-chifeng", "PILOT", "赤峰市", ["赤峰市"]],
    ]);
    expect(zones[0].sourceQuote).toBe("在呼和浩特市探索建设“呼包鄂乌”产业政策融合支持创新创业试验区");
    expect(zones[1].sourceQuote).toBe("在通辽市、赤峰市分别探索建设“双子星”产业政策融合支持创新创业试点");
    for (const z of zones) {
      expect(inDocument(z.sourceQuote)).toBe(true);
      expect(z).toMatchObject({ provenance: "SOURCE", measure: { code: "P1-M3" } });
    }
    const node = await server.gql(`query($id: ID!) { node(id: $id) { ... on PilotZone { code } } }`, { id: zones[2].id });
    expect(node.data.node.code).toBe("twin-stars-pilot-chifeng");
  });

  it("bad arguments are typed errors, never a 500", async () => {
    for (const query of [
      `{ projectLibrary(first: 1, filterBy: { regionCode: "159999" }) { totalCount } }`,
      `{ mentors(first: 1, filterBy: { teamCode: "no such/team" }) { totalCount } }`,
      `{ trainingLecturers(first: 1, filterBy: { certifiedYear: { min: 2025, max: 2020 } }) { totalCount } }`,
      `{ projectLibrary(first: 1, after: "not-a-cursor") { totalCount } }`,
      `{ entrepreneurshipEvents(first: 1, filterBy: { startsFrom: "2025-01-01", startsTo: "2024-01-01" }) { totalCount } }`,
      `{ trainingDelivered(first: 101) { totalCount } }`,
    ]) {
      const res = await server.gql(query);
      expect(res.status, query).toBeLessThan(500);
      expect(res.errors?.map((e) => e.extensions?.code), query).toEqual(["BAD_USER_INPUT"]);
    }
  });
});

describe("DataLoaders", () => {
  it("100 records with their regions, targets, teams and groups cost the same few SQL statements as 5", async () => {
    const queries = [
      (n: number) => `{ projectLibrary(first: ${n}) { nodes { region { name parent { name } } league { name } countsToward { code } } } }`,
      (n: number) => `{ mentors(first: ${n}) { nodes { team { name memberCount region { name } } } } }`,
      (n: number) => `{ modelEntrepreneurs(first: ${n}) { nodes { region { name } beneficiaryGroup { name } countsToward { code } } } }`,
      (n: number) => `{ trainingDelivered(first: ${n}) { nodes { region { name } league { name } countsToward { code } } } }`,
      (n: number) => `{ entrepreneurshipEvents(first: ${n}) { nodes { region { name } measure { code } } } }`,
    ];
    for (const q of queries) {
      const big = await server.gql(q(100));
      const small = await server.gql(q(5));
      expect(big.errors, q(100)).toBeUndefined();
      expect(big.extensions!.cost!.sqlStatements, q(100)).toBeLessThanOrEqual(5);
      expect(big.extensions!.cost!.sqlStatements, q(100)).toBe(small.extensions!.cost!.sqlStatements);
    }
  });
});

describe("open-data exports", () => {
  const NAMES = ["target-unit-progress", "project-library", "mentor-teams", "mentors", "training-lecturers", "training-delivered", "model-entrepreneurs", "entrepreneurship-events", "service-points", "pilot-zones"];

  it("every service dataset is in the catalogue and exported with the database's rows; the per-unit progress lists the shortfalls county by county", async () => {
    const datasets = PUBLIC_DATASETS.filter((d) => NAMES.includes(d.name));
    expect(datasets.map((d) => d.name).sort()).toEqual([...NAMES].sort());
    const out = mkdtempSync(join(tmpdir(), "chuangye-services-export-"));
    const result = await runExport(server.database, { dir: out, trigger: "MANUAL", datasets });
    expect(result.status).toBe("SUCCEEDED");
    const csv = (name: string) => parse(readFileSync(join(out, result.snapshotId!, `${name}.csv`), "utf8"), { columns: true }) as Record<string, string>[];
    const tables: Record<string, string> = {
      "project-library": "project_library_projects",
      "mentor-teams": "mentor_teams",
      mentors: "mentors",
      "training-lecturers": "training_lecturers",
      "training-delivered": "training_delivered",
      "model-entrepreneurs": "model_entrepreneurs",
      "entrepreneurship-events": "entrepreneurship_events",
      "service-points": "service_points",
      "pilot-zones": "pilot_zone_members",
    };
    for (const [name, table] of Object.entries(tables)) {
      const [c] = await rows<{ n: number }>(server.database, sql`select count(*) as n from ${sql.raw(table)}`);
      expect(csv(name).length, name).toBe(n(c!.n));
    }
    const projects = csv("project-library");
    expect(projects[0]).toMatchObject({ code: "S-PJ-000001", provenance: "SAMPLE" });
    expect(projects.every((p) => p.name!.startsWith("〔示例〕"))).toBe(true);
    expect(csv("mentors").every((m) => Object.keys(m).join() === "code,team_code,name,field,role,joined_year,provenance")).toBe(true);
    expect(csv("pilot-zones").map((z) => [z.zone_code, z.region_code])).toEqual([
      ["hubaoewu-experimental-zone", "150100"], ["hubaoewu-experimental-zone", "150200"], ["hubaoewu-experimental-zone", "150600"], ["hubaoewu-experimental-zone", "150900"],
      ["twin-stars-pilot-tongliao", "150500"], ["twin-stars-pilot-chifeng", "150400"],
    ]);

    // The same units and shortfalls as Target.progress.
    const units = csv("target-unit-progress");
    const api = await server.gql(`{ a: target(code: "county-projects-collected") { ${UNITS} } b: target(code: "county-mentor-team-members") { ${UNITS} } c: target(code: "league-regional-brands") { ${UNITS} } }`);
    for (const key of ["a", "b", "c"]) {
      const code = { a: "county-projects-collected", b: "county-mentor-team-members", c: "league-regional-brands" }[key]!;
      const p = api.data[key].progress;
      expect(units.filter((u) => u.target_code === code).map((u) => [u.region_code, u.value, u.met, u.short_by])).toEqual(
        p.units.map((u: any) => [u.region.code, u.value, String(u.met), u.shortBy]),
      );
    }
    expect(units.filter((u) => u.target_code === "county-projects-collected" && u.met === "false").map((u) => u.region_code)).toEqual(api.data.a.progress.shortfalls.map((u: any) => u.region.code));
  });
});

// Last: these change the data.
describe("importing official files", () => {
  const dir = mkdtempSync(join(tmpdir(), "chuangye-services-import-"));
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join("\n"));
    return path;
  };
  const count = async (table: string) => n((await rows<{ n: number }>(server.database, sql`select count(*) as n from ${sql.raw(table)}`))[0]!.n);
  const errors = (report: Awaited<ReturnType<typeof importFile>>) => report.errors.map((e) => [e.line, e.column]);

  it("bad rows are refused with line and column, and nothing changes", async () => {
    const before = [await count("project_library_projects"), await count("mentors"), await count("training_delivered"), await count("entrepreneurship_events")];
    const projects = await importFile(
      server.database,
      "project-library",
      file("projects.csv", [
        "code,name,name_en,sector,stage,county_code,published_on,link",
        "PJ-1,草原乳业深加工,Dairy processing,MODERN_AGRICULTURE_HUSBANDRY,SEED,150102,2024-03-01,https://cyneimenggu.example/p/1",
        "PJ-2,电商直播基地,Live-stream e-commerce,E_COMMERCE,SEED,150100,2024-02-30,ftp://x",
        "PJ-1,草原乳业深加工,Dairy processing,MODERN_AGRICULTURE_HUSBANDRY,SEED,150102,2024-03-01,",
      ]),
    );
    expect(projects.committed).toBe(false);
    expect(errors(projects)).toEqual([[3, "sector"], [3, "published_on"], [3, "link"], [4, "code"]]);

    const mentors = await importFile(
      server.database,
      "mentors",
      file("mentors.csv", ["code,team_code,name,field,role,joined_year", "MN-1,S-MT-150102,王老师 13812345678,电子商务,TRAINING_LECTURER,2023", "MN-2,NO-TEAM,乌兰,法律服务,OTHER_EXPERT,2023", "MN-3,S-MT-150102,乌兰,法律服务,OTHER_EXPERT,2023"]),
    );
    expect(errors(mentors)).toEqual([[2, "name"], [3, "team_code"], [4, "team_code"]]);
    expect(mentors.errors[0]!.message).toContain("looks like a mobile phone number");
    // The phone number itself is never repeated in the report.
    expect(mentors.errors[0]!.message).not.toContain("13812345678");
    expect(mentors.errors[2]!.message).toContain("is a sample team");

    const teams = await importFile(server.database, "mentor-teams", file("teams.csv", ["code,name,name_en,level,region_code,formed_year", "MT-1,新城区创业导师服务团,Xincheng mentor team,COUNTY,150100,2022"]));
    expect(errors(teams)).toEqual([[2, "region_code"]]);

    const training = await importFile(
      server.database,
      "training-delivered",
      file("training.csv", ["county_code,year,programme,trainees,rural_labor_trainees", "150102,2024,MALANHUA,120,130", "150102,2024,MALANHUA,120,10", "150102,2024,GRADUATE_PRACTICAL_TRAINING,-5,0"]),
    );
    expect(errors(training)).toEqual([[2, "rural_labor_trainees"], [3, "county_code+year+programme"], [4, "trainees"]]);

    const events = await importFile(
      server.database,
      "entrepreneurship-events",
      file("events.csv", ["code,name,name_en,kind,level,starts_on,ends_on,region_code,venue,organiser", "EV-1,创业大赛,Competition,COMPETITION,LEAGUE,2024-06-03,2024-06-01,150100,会展中心,主办方", "EV-2,创业沙龙,Salon,SALON,COUNTY,2024-06-03,2024-06-03,150000,会展中心,主办方"]),
    );
    expect(errors(events)).toEqual([[2, "ends_on"], [3, "region_code"]]);

    // Figures these datasets count cannot come in as reported observations any more.
    const observations = await importFile(server.database, "indicator-observations", file("obs.csv", ["metric,region_code,period,value", "county_projects_collected,150102,2024,120"]));
    expect(errors(observations)).toEqual([[2, "metric"]]);

    for (const r of [projects, mentors, teams, training, events, observations]) expect(r.committed).toBe(false);
    expect([await count("project_library_projects"), await count("mentors"), await count("training_delivered"), await count("entrepreneurship_events")]).toEqual(before);
  });

  it("model entrepreneurs: a year without any is a 0 that misses the target", async () => {
    const report = await importFile(
      server.database,
      "model-entrepreneurs",
      file("models.csv", ["code,name,business,sector,beneficiary_group,county_code,year", "ME-1,乌兰,草原乳业合作社,MODERN_AGRICULTURE_HUSBANDRY,RURAL_MIGRANT_WORKERS,150102,2022", "ME-2,巴特尔,电商服务公司,INTERNET,,150103,2024"]),
    );
    expect(report).toMatchObject({ committed: true, inserted: 2 });
    const res = await server.gql(`{ target(code: "annual-model-entrepreneurs") { progress { currentValue met provenance series { period value } } } }`);
    expect(res.data.target.progress).toEqual({ currentValue: "1", met: false, provenance: "SOURCE", series: [{ period: "2022", value: "1" }, { period: "2023", value: "0" }, { period: "2024", value: "1" }] });
  });

  it("an official project library replaces the sample, and per-county progress follows it", async () => {
    const lines = ["code,name,name_en,sector,stage,county_code,published_on,link"];
    for (let i = 1; i <= 100; i++) lines.push(`PJ-A${i},新城区项目${i},Xincheng project ${i},MODERN_SERVICES,STARTUP,150102,2024-05-0${(i % 9) + 1},`);
    for (let i = 1; i <= 40; i++) lines.push(`PJ-B${i},回民区项目${i},Huimin project ${i},INTERNET,IDEA,150103,2025-01-1${i % 10},https://cyneimenggu.example/p/B${i}`);
    const report = await importFile(server.database, "project-library", file("library.csv", lines));
    expect(report).toMatchObject({ committed: true, inserted: 140, errors: [] });
    expect(report.sampleRowsRemoved).toBeGreaterThanOrEqual(15_000);
    const res = await server.gql(`{
      target(code: "county-projects-collected") { ${UNITS} }
      total: target(code: "project-bank-projects") { progress { currentValue provenance } }
      projectLibrary(first: 1, filterBy: { regionCode: "150103" }) { totalCount nodes { provenance } }
    }`);
    const p = res.data.target.progress;
    const unit = (code: string) => p.units.find((u: any) => u.region.code === code);
    expect(unit("150102")).toMatchObject({ value: "100", met: true, shortBy: "0" });
    expect(unit("150103")).toMatchObject({ value: "40", met: false, shortBy: "60" });
    expect(p).toMatchObject({ unitsMeeting: 1, unitsTotal: 103, currentValue: "0", provenance: "SOURCE", source: "PROJECT_LIBRARY" });
    expect(p.shortfalls).toHaveLength(102);
    expect(p.shortfalls.find((u: any) => u.region.code === "150102")).toBeUndefined();
    expect(p.series.map((s: any) => s.period)).toEqual(["2024", "2025"]);
    expect(res.data.total.progress).toEqual({ currentValue: "140", provenance: "SOURCE" });
    expect(res.data.projectLibrary).toEqual({ totalCount: 40, nodes: [{ provenance: "SOURCE" }] });
  });

  it("official mentor teams, then their members: the county norm counts them", async () => {
    const teams = await importFile(
      server.database,
      "mentor-teams",
      file("teams-ok.csv", ["code,name,name_en,level,region_code,formed_year", "MT-150102,新城区创业导师服务团,Xincheng District mentor team,COUNTY,150102,2022", "MT-150100,呼和浩特市创业导师服务团,Hohhot mentor team,LEAGUE,150100,2022"]),
    );
    expect(teams).toMatchObject({ committed: true, inserted: 2 });
    const lines = ["code,team_code,name,field,role,joined_year"];
    for (let i = 1; i <= 11; i++) lines.push(`MN-${i},MT-150102,导师${i},电子商务,SUCCESSFUL_ENTREPRENEUR,2023`);
    lines.push("MN-12,MT-150100,导师12,法律服务,OTHER_EXPERT,2023");
    const mentors = await importFile(server.database, "mentors", file("mentors-ok.csv", lines));
    expect(mentors).toMatchObject({ committed: true, inserted: 12 });
    const res = await server.gql(`{ target(code: "county-mentor-team-members") { ${UNITS} } mentorTeams(first: 5) { totalCount nodes { code memberCount } } }`);
    const p = res.data.target.progress;
    expect(p.units.find((u: any) => u.region.code === "150102")).toMatchObject({ value: "11", met: true });
    expect(p).toMatchObject({ unitsMeeting: 1, unitsTotal: 103, provenance: "SOURCE" });
    expect(res.data.mentorTeams.nodes).toEqual([{ code: "MT-150100", memberCount: 1 }, { code: "MT-150102", memberCount: 11 }]);
  });
});
