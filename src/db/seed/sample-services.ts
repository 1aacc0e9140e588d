/**
 * Sample data for the plan's service system, deterministic from the sample seed, until official
 * files are imported. Every name starts with the visible marker 〔示例〕 (English: `[Sample]`),
 * in the API, the exports and the pages alike; sample organisers and hosts are placeholders,
 * never real bureaus; links point at example.org (reserved for examples, RFC 2606).
 *
 * Consistent with the document: ≥ 15,000 projects in the library, most counties with their 100
 * projects and their 10-member mentor team, ≥ 1,000 high-level lecturers, ≥ 100,000 people
 * trained, ≥ 40,000 graduates in practical training, 100 model entrepreneurs a year. As with the
 * other samples a few targets are missed on purpose: some counties fall short of 100 projects or
 * of a 10-member team (a few have no team at all), and rural labourers trained stay below 30,000.
 */
import type * as s from "../schema/index.js";
import { SAMPLE_NAME_MARKER, SAMPLE_NAME_MARKER_EN } from "../schema/common.js";
import type { RegionsFile } from "./programme-rows.js";
import { Rng, weightedSampler } from "./rng.js";
import { geography } from "./sample.js";

/** The visible marker every sample name starts with (one definition, beside the provenance enum). */
const SAMPLE_MARKER = SAMPLE_NAME_MARKER;
const EN_MARKER = SAMPLE_NAME_MARKER_EN;

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];
type Region = RegionsFile["regions"][number];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

const SECTORS: (readonly [s.ProjectRow["sector"], number, string, string])[] = [
  ["NEW_ENERGY", 8, "新能源", "new energy"],
  ["NEW_MATERIALS", 5, "新材料", "new materials"],
  ["BIOMEDICINE", 3, "生物医药", "biomedicine"],
  ["ELECTRONIC_INFORMATION", 5, "电子信息", "electronic information"],
  ["ENERGY_SAVING_ENVIRONMENTAL", 5, "节能环保", "energy saving and environmental protection"],
  ["CULTURAL_INDUSTRY", 9, "文化", "culture"],
  ["MODERN_SERVICES", 16, "现代服务", "modern services"],
  ["CREATIVE_INDUSTRY", 6, "创意", "creative"],
  ["INTERNET", 9, "互联网", "internet"],
  ["INTERNET_OF_THINGS", 3, "物联网", "internet of things"],
  ["MODERN_AGRICULTURE_HUSBANDRY", 20, "现代农牧业", "modern farming and husbandry"],
  ["PUBLIC_WELFARE_SERVICES", 3, "公益服务", "public-welfare services"],
  ["OTHER", 8, "特色", "local speciality"],
];
const SECTOR_NAMES = new Map(SECTORS.map(([code, , zh, en]) => [code, [zh, en] as const]));
const pickSector = weightedSampler(SECTORS.map(([code, w]) => [code, w] as const));

/** A day between `from` and `to`, both included. */
function dayIn(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

export function generateProjects(regionsFile: RegionsFile, seed: number): Insert<typeof s.projectLibraryProjects>[] {
  const rng = new Rng(seed + 11);
  const geo = geography(regionsFile);
  const rows: Insert<typeof s.projectLibraryProjects>[] = [];
  const counties = [...geo.countiesByLeague.values()].flat();
  for (const county of counties) {
    // Most counties collect their 100 (P3-M1); about one in twelve falls short.
    const n = rng.chance(0.92) ? Math.round(rng.around(160, 35, 100, 260)) : Math.round(rng.around(85, 10, 60, 99));
    for (let i = 1; i <= n; i++) {
      const sector = pickSector(rng);
      const [zh, en] = SECTOR_NAMES.get(sector)!;
      const code = `S-PJ-${pad(rows.length + 1, 6)}`;
      rows.push({
        code,
        name: `${SAMPLE_MARKER}${county.name}${zh}创业项目${pad(i, 3)}`,
        nameEn: `${EN_MARKER}${county.nameEn} ${en} start-up project ${pad(i, 3)}`,
        sector,
        stage: rng.weighted([["IDEA", 25], ["SEED", 35], ["STARTUP", 30], ["GROWTH", 10]] as const),
        countyCode: county.code,
        leagueCode: county.parentCode!,
        publishedOn: dayIn(rng, "2022-01-01", "2026-06-30"),
        link: rng.chance(0.9) ? `https://example.org/chuangye-neimenggu/projects/${code}` : null,
        provenance: "SAMPLE",
      });
    }
  }
  return rows;
}

const MENTOR_FIELDS = ["电子商务", "现代农牧业", "财务管理", "市场营销", "法律服务", "文化旅游", "信息技术", "融资服务", "企业管理", "创业培训"];

export function generateMentorTeams(regionsFile: RegionsFile, seed: number): { teams: Insert<typeof s.mentorTeams>[]; mentors: Insert<typeof s.mentors>[] } {
  const rng = new Rng(seed + 12);
  const geo = geography(regionsFile);
  const teams: Insert<typeof s.mentorTeams>[] = [];
  const mentors: Insert<typeof s.mentors>[] = [];
  const addTeam = (region: Region, level: "LEAGUE" | "COUNTY", members: number) => {
    const code = `S-MT-${region.code}`;
    const formedYear = rng.weighted([[2022, 60], [2023, 30], [2024, 10]] as const);
    teams.push({
      code,
      name: `${SAMPLE_MARKER}${region.name}创业导师服务团`,
      nameEn: `${EN_MARKER}${region.nameEn} entrepreneurship mentor team`,
      level,
      regionCode: region.code,
      leagueCode: level === "LEAGUE" ? region.code : region.parentCode!,
      formedYear,
      provenance: "SAMPLE",
    });
    for (let i = 1; i <= members; i++) {
      mentors.push({
        code: `S-MN-${pad(mentors.length + 1, 5)}`,
        teamCode: code,
        name: `${SAMPLE_MARKER}导师${region.code}-${pad(i, 2)}`,
        field: rng.pick(MENTOR_FIELDS),
        // The document's own composition: local successful entrepreneurs, training lecturers, exemplary founders.
        role: rng.weighted([["SUCCESSFUL_ENTREPRENEUR", 45], ["TRAINING_LECTURER", 30], ["ENTREPRENEUR_EXEMPLAR", 20], ["OTHER_EXPERT", 5]] as const),
        joinedYear: rng.int(formedYear, 2025),
        provenance: "SAMPLE",
      });
    }
  };
  for (const league of geo.leagues) {
    addTeam(league, "LEAGUE", rng.int(18, 30));
    for (const county of geo.countiesByLeague.get(league.code)!) {
      // Three counties have no team yet; a few have fewer than the 10 members the plan asks for.
      if (rng.chance(0.03)) continue;
      addTeam(county, "COUNTY", rng.chance(0.94) ? Math.round(rng.around(13, 3, 10, 22)) : rng.int(6, 9));
    }
  }
  return { teams, mentors };
}

export function generateLecturers(regionsFile: RegionsFile, seed: number): Insert<typeof s.trainingLecturers>[] {
  const rng = new Rng(seed + 13);
  const geo = geography(regionsFile);
  const pickCounty = weightedSampler(geo.countyWeights);
  const rows: Insert<typeof s.trainingLecturers>[] = [];
  for (let i = 1; i <= 1_090; i++) {
    const county = pickCounty(rng);
    // Most lecturers are registered with their league, some with a county.
    const atLeague = rng.chance(0.7);
    rows.push({
      code: `S-TL-${pad(i, 5)}`,
      name: `${SAMPLE_MARKER}讲师${pad(i, 4)}`,
      kind: rng.weighted([["ENTREPRENEURSHIP_TRAINING", 60], ["PRACTICAL_TRAINING", 25], ["ONLINE_TRAINING", 15]] as const),
      field: rng.pick(MENTOR_FIELDS),
      highLevel: rng.chance(0.955),
      regionCode: atLeague ? county.parentCode! : county.code,
      leagueCode: county.parentCode!,
      certifiedYear: rng.chance(0.45) ? rng.int(2016, 2021) : rng.weighted([[2022, 25], [2023, 25], [2024, 25], [2025, 25]] as const),
      provenance: "SAMPLE",
    });
  }
  return rows;
}

/** Region-wide totals of people trained over 2022–2025 the sample is built around. */
const TRAINING_TOTALS: Record<s.TrainingRow["programme"], number> = {
  MALANHUA: 66_000,
  INTERNET_PLUS: 26_500,
  STARTUP_CAMP: 15_500,
  GRADUATE_PRACTICAL_TRAINING: 41_800,
};
const YEAR_SHARE: Record<number, number> = { 2022: 0.22, 2023: 0.25, 2024: 0.26, 2025: 0.27 };

export function generateTraining(regionsFile: RegionsFile, seed: number): Insert<typeof s.trainingDelivered>[] {
  const rng = new Rng(seed + 14);
  const geo = geography(regionsFile);
  const total = geo.countyWeights.reduce((a, [, w]) => a + w, 0);
  const rows: Insert<typeof s.trainingDelivered>[] = [];
  for (const [county, weight] of geo.countyWeights) {
    // Banners are rural: more of their trainees are rural transferred labourers than in districts.
    const ruralShare = county.name.endsWith("区") ? rng.around(0.15, 0.05, 0.05, 0.3) : rng.around(0.38, 0.08, 0.2, 0.6);
    for (const year of [2022, 2023, 2024, 2025]) {
      for (const programme of Object.keys(TRAINING_TOTALS) as s.TrainingRow["programme"][]) {
        const trainees = Math.round(((TRAINING_TOTALS[programme] * weight) / total) * YEAR_SHARE[year]! * rng.around(1, 0.15, 0.7, 1.3));
        const rural = programme === "MALANHUA" || programme === "INTERNET_PLUS" ? Math.round(trainees * ruralShare) : 0;
        rows.push({ countyCode: county.code, leagueCode: county.parentCode!, year, programme, trainees, ruralLaborTrainees: rural, provenance: "SAMPLE" });
      }
    }
  }
  return rows;
}

const MODEL_GROUPS: (readonly [string | null, number])[] = [
  ["COLLEGE_GRADUATES", 30],
  ["RURAL_MIGRANT_WORKERS", 25],
  ["VETERANS", 12],
  ["PEOPLE_WITH_DISABILITIES", 3],
  [null, 30],
];

export function generateModelEntrepreneurs(regionsFile: RegionsFile, seed: number): Insert<typeof s.modelEntrepreneurs>[] {
  const rng = new Rng(seed + 15);
  const geo = geography(regionsFile);
  const pickCounty = weightedSampler(geo.countyWeights);
  const pickGroup = weightedSampler(MODEL_GROUPS);
  const rows: Insert<typeof s.modelEntrepreneurs>[] = [];
  // The region names 100 a year (P7-M2).
  for (const year of [2022, 2023, 2024, 2025]) {
    for (let i = 1; i <= 100; i++) {
      const county = pickCounty(rng);
      const sector = pickSector(rng);
      rows.push({
        code: `S-ME-${year}-${pad(i, 3)}`,
        name: `${SAMPLE_MARKER}创业典型${year}-${pad(i, 3)}`,
        business: `${SAMPLE_MARKER}${county.name}${SECTOR_NAMES.get(sector)![0]}企业`,
        sector,
        beneficiaryGroupCode: pickGroup(rng),
        countyCode: county.code,
        leagueCode: county.parentCode!,
        year,
        provenance: "SAMPLE",
      });
    }
  }
  return rows;
}

const EVENT_NAMES: Record<s.EventRow["kind"], [string, string]> = {
  COMPETITION: ["创业大赛", "entrepreneurship competition"],
  INNOVATION_WEEK_VENUE: ["全国大众创业万众创新活动周内蒙古主场", "National Mass Entrepreneurship and Innovation Week, Inner Mongolia venue"],
  PROJECT_SHOWCASE: ["创业项目展示", "start-up project showcase"],
  ACHIEVEMENT_SHOWCASE: ["创业成果展示", "entrepreneurship achievements exhibition"],
  ROADSHOW: ["项目路演", "project roadshow"],
  CULTURE_FESTIVAL: ["创业文化节", "entrepreneurship culture festival"],
  LECTURE: ["创业讲堂", "entrepreneurship lecture"],
  SALON: ["创业沙龙", "entrepreneurship salon"],
  STORY_TALK: ["创业故事宣讲", "entrepreneurs' stories"],
  FORUM: ["创业论坛", "entrepreneurship forum"],
  TRAINING_CAMP: ["创业训练营", "entrepreneurship boot camp"],
};

export function generateEvents(regionsFile: RegionsFile, seed: number): Insert<typeof s.entrepreneurshipEvents>[] {
  const rng = new Rng(seed + 16);
  const geo = geography(regionsFile);
  const pickCounty = weightedSampler(geo.countyWeights);
  const rows: Insert<typeof s.entrepreneurshipEvents>[] = [];
  const hohhot = geo.byCode.get("150100")!;
  const push = (kind: s.EventRow["kind"], level: s.EventRow["level"], region: Region, year: number, days: number, branded: boolean) => {
    const league = region.level === "LEAGUE" ? region : geo.byCode.get(region.parentCode!)!;
    const startsOn = dayIn(rng, `${year}-03-01`, `${year}-11-30`);
    const endsOn = new Date(Date.parse(`${startsOn}T00:00:00Z`) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const [zh, en] = EVENT_NAMES[kind];
    // Events the region organises all carry the name “创业内蒙古行动” (P7-M2).
    const prefix = branded ? "“创业内蒙古行动”" : region.name;
    const prefixEn = branded ? `"Entrepreneurship Inner Mongolia Action"` : region.nameEn;
    const n = rows.length + 1;
    rows.push({
      code: `S-EV-${pad(n, 4)}`,
      name: `${SAMPLE_MARKER}${year}年${prefix}${zh}${kind === "INNOVATION_WEEK_VENUE" ? "" : `(${pad(n, 4)})`}`,
      nameEn: `${EN_MARKER}${year} ${prefixEn} ${en}${kind === "INNOVATION_WEEK_VENUE" ? "" : ` (${pad(n, 4)})`}`,
      kind,
      level,
      startsOn,
      endsOn,
      regionCode: region.code,
      leagueCode: league.code,
      venue: `${SAMPLE_MARKER}${region.name}活动场馆`,
      organiser: `${SAMPLE_MARKER}${level === "NATIONAL" || level === "AUTONOMOUS_REGION" ? "自治区" : league.name}活动主办方`,
      provenance: "SAMPLE",
    });
  };
  for (const year of [2022, 2023, 2024, 2025]) {
    push("INNOVATION_WEEK_VENUE", "NATIONAL", hohhot, year, 5, false);
    push("COMPETITION", "AUTONOMOUS_REGION", rng.pick(geo.leagues), year, 3, true);
    push("PROJECT_SHOWCASE", "AUTONOMOUS_REGION", rng.pick(geo.leagues), year, 2, true);
    for (const league of geo.leagues) push("COMPETITION", "LEAGUE", league, year, 2, false);
    const kinds: s.EventRow["kind"][] = ["ROADSHOW", "ROADSHOW", "CULTURE_FESTIVAL", "ACHIEVEMENT_SHOWCASE", "LECTURE", "SALON", "STORY_TALK", "FORUM", "TRAINING_CAMP", "PROJECT_SHOWCASE"];
    for (const kind of kinds) for (let i = 0; i < 3; i++) push(kind, rng.chance(0.5) ? "LEAGUE" : "COUNTY", pickCounty(rng), year, kind === "CULTURE_FESTIVAL" || kind === "TRAINING_CAMP" ? 3 : 1, false);
  }
  // A county-level event takes place in its county; a league-level one is recorded at its league.
  return rows.map((r) => (r.level === "LEAGUE" && r.regionCode !== r.leagueCode ? { ...r, regionCode: r.leagueCode } : r));
}

export function generateServicePoints(regionsFile: RegionsFile, seed: number): Insert<typeof s.servicePoints>[] {
  const rng = new Rng(seed + 17);
  const geo = geography(regionsFile);
  const rows: Insert<typeof s.servicePoints>[] = [];
  const push = (kind: s.ServicePointRow["kind"], region: Region, league: Region, name: string, nameEn: string, host: string) =>
    rows.push({
      code: `S-SP-${pad(rows.length + 1, 4)}`,
      name: `${SAMPLE_MARKER}${name}`,
      nameEn: `${EN_MARKER}${nameEn}`,
      kind,
      regionCode: region.code,
      leagueCode: league.code,
      host: `${SAMPLE_MARKER}${host}`,
      openedOn: dayIn(rng, "2022-06-01", "2024-12-31"),
      provenance: "SAMPLE",
    });
  for (const league of geo.leagues) {
    // “一窗办” in every league and county (P2-M1); a few counties have not opened theirs yet.
    push("ONE_WINDOW", league, league, `${league.name}创业服务“一窗办”窗口`, `${league.nameEn} one-window entrepreneurship service`, `${league.name}政务服务场所`);
    for (const county of geo.countiesByLeague.get(league.code)!) {
      if (rng.chance(0.04)) continue;
      push("ONE_WINDOW", county, league, `${county.name}创业服务“一窗办”窗口`, `${county.nameEn} one-window entrepreneurship service`, `${county.name}政务服务场所`);
    }
    // University guidance stations (P2-M3): more where the universities are.
    const stations = league.code === "150100" ? 8 : league.code === "150200" ? 4 : rng.int(1, 2);
    for (let i = 1; i <= stations; i++) {
      push("UNIVERSITY_GUIDANCE_STATION", league, league, `${league.name}示例高校${i}创业指导站`, `${league.nameEn} sample university ${i} entrepreneurship guidance station`, `${league.name}示例高校${i}`);
    }
  }
  return rows;
}
