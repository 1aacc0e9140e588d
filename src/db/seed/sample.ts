/**
 * The deterministic sample generator: plausible operational data until official records are
 * imported. Every row it writes has provenance SAMPLE. "Plausible" means consistent with the
 * document: base and maker-space counts around the 2025 targets, loans that follow the
 * ≤ 100,000 CNY counter-guarantee rule, a regional brand in every league by 2025, mentor
 * studios with their 100,000 CNY award, and loans concentrated where people live. A few
 * targets are deliberately missed (as real programmes do), so progress reports show both.
 *
 * Plausible, but never passable as real: every name it writes starts with the sample marker
 * (〔示例〕 in Chinese, "[Sample] " in English), and operators are invented, never a real bureau
 * or company. The marker is added after all random draws are made, so it changed no other
 * value of the sample.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { bulkInsert, withEmptyTablesBulkLoaded } from "../bulk.js";
import * as s from "../schema/index.js";
import { SAMPLE_NAME_MARKER, SAMPLE_NAME_MARKER_EN } from "../schema/common.js";
import { loadRegions, type RegionsFile } from "./programme-rows.js";
import { Rng, weightedSampler } from "./rng.js";
import { KEY_MODULUS } from "../../disclosure/ptable.js";
import { generateEvents, generateLecturers, generateMentorTeams, generateModelEntrepreneurs, generateProjects, generateServicePoints, generateTraining } from "./sample-services.js";

export const DEFAULT_SAMPLE_SEED = 20220506;
export const DEFAULT_SAMPLE_LOANS = 32_000;
/** Sample loan statuses are computed as of this date, not "now", so the data never drifts. */
export const SAMPLE_AS_OF = "2026-06-30";

/** Resident population by league (2020 census, 10,000 persons): only to spread sample data. */
const LEAGUE_POPULATION: Record<string, number> = {
  "150100": 344.6,
  "150200": 270.9,
  "150300": 55.7,
  "150400": 403.6,
  "150500": 287.3,
  "150600": 215.4,
  "150700": 224.3,
  "150800": 153.8,
  "150900": 170.6,
  "152200": 141.6,
  "152500": 110.8,
  "152900": 26.2,
};

/** Short names used in brand names (青城 is Hohhot's nickname, 鹿城 Baotou's, 河套 Bayannur's…). */
const LEAGUE_SHORT: Record<string, [string, string]> = {
  "150100": ["青城", "Qingcheng"],
  "150200": ["鹿城", "Lucheng"],
  "150300": ["乌海", "Wuhai"],
  "150400": ["红山", "Hongshan"],
  "150500": ["科尔沁", "Horqin"],
  "150600": ["鄂尔多斯", "Ordos"],
  "150700": ["呼伦贝尔", "Hulunbuir"],
  "150800": ["河套", "Hetao"],
  "150900": ["察哈尔", "Chahar"],
  "152200": ["兴安", "Hinggan"],
  "152500": ["锡林郭勒", "Xilingol"],
  "152900": ["阿拉善", "Alxa"],
};

const THEMES: [string, string][] = [
  ["科技", "Science and Technology"],
  ["青创", "Youth Start-up"],
  ["电商", "E-commerce"],
  ["文创", "Creative Industries"],
  ["农牧业", "Agriculture and Husbandry"],
  ["智汇", "Smart Hub"],
  ["云谷", "Cloud Valley"],
  ["北疆", "Northern Frontier"],
  ["草原", "Grassland"],
  ["创客", "Maker"],
  ["数字", "Digital"],
  ["新材料", "New Materials"],
];

const INCUBATOR_KIND_NAMES: Record<s.IncubatorBaseRow["kind"], [string, string]> = {
  INCUBATION_BASE: ["创业孵化示范基地", "Entrepreneurship Incubation Demonstration Base"],
  MAKER_SPACE: ["众创空间", "Maker Space"],
  INNOVATION_DEMONSTRATION_BASE: ["双创示范基地", "Mass Entrepreneurship and Innovation Demonstration Base"],
  RETURNEE_PARK: ["返乡入乡创业园", "Returnee Entrepreneurship Park"],
  OVERSEAS_SCHOLAR_PARK: ["留学人员创业园", "Overseas Scholars' Entrepreneurship Park"],
  COLLEGE_STUDENT_PARK: ["大学生创业园", "College Student Entrepreneurship Park"],
};

/** How many of each kind and level, and how many existed before the programme (2022). */
const INCUBATOR_PLAN: { kind: s.IncubatorBaseRow["kind"]; level: s.IncubatorBaseRow["level"]; count: number; before2022: number }[] = [
  { kind: "INCUBATION_BASE", level: "NATIONAL", count: 9, before2022: 3 },
  { kind: "MAKER_SPACE", level: "NATIONAL", count: 63, before2022: 34 },
  { kind: "INCUBATION_BASE", level: "AUTONOMOUS_REGION", count: 74, before2022: 38 },
  // One target the sample misses on purpose: 204 regional maker spaces against ≥ 210.
  { kind: "MAKER_SPACE", level: "AUTONOMOUS_REGION", count: 204, before2022: 120 },
  { kind: "INCUBATION_BASE", level: "LEAGUE", count: 96, before2022: 50 },
  { kind: "MAKER_SPACE", level: "LEAGUE", count: 130, before2022: 70 },
  { kind: "INNOVATION_DEMONSTRATION_BASE", level: "NATIONAL", count: 4, before2022: 3 },
  { kind: "INNOVATION_DEMONSTRATION_BASE", level: "AUTONOMOUS_REGION", count: 11, before2022: 6 },
  { kind: "RETURNEE_PARK", level: "AUTONOMOUS_REGION", count: 18, before2022: 6 },
  { kind: "RETURNEE_PARK", level: "LEAGUE", count: 30, before2022: 10 },
  { kind: "OVERSEAS_SCHOLAR_PARK", level: "AUTONOMOUS_REGION", count: 5, before2022: 3 },
  { kind: "COLLEGE_STUDENT_PARK", level: "AUTONOMOUS_REGION", count: 12, before2022: 5 },
  { kind: "COLLEGE_STUDENT_PARK", level: "LEAGUE", count: 16, before2022: 6 },
];

/**
 * The banks that lend guarantee loans in Inner Mongolia, under the codes their partner-API
 * clients use. The list is a sample until an official one is imported, so the names carry the
 * marker like every other sample name (see `marked` below): the loans attributed to them are
 * invented.
 */
const BANK_LIST: (typeof s.partnerBanks.$inferInsert & { weight: number })[] = [
  { code: "abc-nmg", name: "中国农业银行内蒙古自治区分行", nameEn: "Agricultural Bank of China, Inner Mongolia Branch", kind: "STATE_OWNED", provenance: "SAMPLE", weight: 22 },
  { code: "psbc-nmg", name: "中国邮政储蓄银行内蒙古自治区分行", nameEn: "Postal Savings Bank of China, Inner Mongolia Branch", kind: "STATE_OWNED", provenance: "SAMPLE", weight: 20 },
  { code: "nmg-rural-credit", name: "内蒙古农村信用社联合社", nameEn: "Inner Mongolia Rural Credit Union", kind: "RURAL", provenance: "SAMPLE", weight: 20 },
  { code: "bank-of-inner-mongolia", name: "内蒙古银行", nameEn: "Bank of Inner Mongolia", kind: "CITY_COMMERCIAL", provenance: "SAMPLE", weight: 12 },
  { code: "icbc-nmg", name: "中国工商银行内蒙古自治区分行", nameEn: "Industrial and Commercial Bank of China, Inner Mongolia Branch", kind: "STATE_OWNED", provenance: "SAMPLE", weight: 8 },
  { code: "ccb-nmg", name: "中国建设银行内蒙古自治区分行", nameEn: "China Construction Bank, Inner Mongolia Branch", kind: "STATE_OWNED", provenance: "SAMPLE", weight: 8 },
  { code: "boc-nmg", name: "中国银行内蒙古自治区分行", nameEn: "Bank of China, Inner Mongolia Branch", kind: "STATE_OWNED", provenance: "SAMPLE", weight: 5 },
  { code: "mengshang-bank", name: "蒙商银行", nameEn: "Mengshang Bank", kind: "CITY_COMMERCIAL", provenance: "SAMPLE", weight: 5 },
];

/**
 * A sample record's names with the visible marker in front (see the comment at the top). Every
 * generator of named sample records goes through it, after its random draws; test/samples.test.ts
 * checks every table with a provenance and a name column, so a generator that forgets fails.
 */
export function marked<T extends { name: string; nameEn: string }>(row: T): T {
  return { ...row, name: `${SAMPLE_NAME_MARKER}${row.name}`, nameEn: `${SAMPLE_NAME_MARKER_EN}${row.nameEn}` };
}

const BANKS = BANK_LIST.map(marked);

export const SAMPLE_QUARTERS = [2022, 2023, 2024, 2025].flatMap((year) => [1, 2, 3, 4].map((quarter) => ({ year, quarter })));
const YEAR_GROWTH: Record<number, number> = { 2022: 0.85, 2023: 1.0, 2024: 1.08, 2025: 1.12 };
const QUARTER_SEASON = [0.8, 1.05, 1.1, 1.05];

export interface SampleOptions {
  loans?: number;
  seed?: number;
  /** Called after each batch of loans, for progress output on big runs. */
  onProgress?: (written: number, total: number) => void;
}

export interface SampleCounts {
  partnerBanks: number;
  incubatorBases: number;
  demonstrationBrands: number;
  guaranteeLoans: number;
  indicatorObservations: number;
  projects: number;
  mentorTeams: number;
  mentors: number;
  trainingLecturers: number;
  trainingDelivered: number;
  modelEntrepreneurs: number;
  events: number;
  servicePoints: number;
}

export interface Geography {
  leagues: RegionsFile["regions"];
  countiesByLeague: Map<string, RegionsFile["regions"]>;
  byCode: Map<string, RegionsFile["regions"][number]>;
  /** County weights proportional to where people live: league population spread over its counties. */
  countyWeights: (readonly [RegionsFile["regions"][number], number])[];
}

export function geography(regionsFile: RegionsFile): Geography {
  const leagues = regionsFile.regions.filter((r) => r.level === "LEAGUE");
  const countiesByLeague = new Map(leagues.map((l) => [l.code, regionsFile.regions.filter((r) => r.parentCode === l.code)]));
  const countyWeights: (readonly [RegionsFile["regions"][number], number])[] = [];
  for (const league of leagues) {
    const counties = countiesByLeague.get(league.code)!;
    // Urban districts draw more borrowers than banners of the same league.
    const raw = counties.map((c) => (c.name.endsWith("区") ? 1.6 : c.name.endsWith("市") ? 1.3 : 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    counties.forEach((c, i) => countyWeights.push([c, (LEAGUE_POPULATION[league.code]! * raw[i]!) / sum]));
  }
  return { leagues, countiesByLeague, byCode: new Map(regionsFile.regions.map((r) => [r.code, r])), countyWeights };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function lastDayOfQuarter(year: number, quarter: number): string {
  const end = new Date(Date.UTC(year, quarter * 3, 0));
  return end.toISOString().slice(0, 10);
}

function firstDayOfQuarter(year: number, quarter: number): string {
  return `${year}-${pad((quarter - 1) * 3 + 1, 2)}-01`;
}

function spreadYears(rng: Rng, count: number, before2022: number): number[] {
  const years: number[] = [];
  for (let i = 0; i < count; i++) {
    years.push(i < before2022 ? rng.int(2015, 2021) : rng.weighted([[2022, 0.22], [2023, 0.25], [2024, 0.27], [2025, 0.26]] as const));
  }
  return years.sort((a, b) => a - b);
}

export function generateIncubators(regionsFile: RegionsFile, seed: number): (typeof s.incubatorBases.$inferInsert)[] {
  const rng = new Rng(seed + 1);
  const geo = geography(regionsFile);
  const pickCounty = weightedSampler(geo.countyWeights);
  const usedNames = new Set<string>();
  const rows: (typeof s.incubatorBases.$inferInsert)[] = [];
  for (const plan of INCUBATOR_PLAN) {
    for (const year of spreadYears(rng, plan.count, plan.before2022)) {
      const county = pickCounty(rng);
      const [kindZh, kindEn] = INCUBATOR_KIND_NAMES[plan.kind];
      let theme = rng.pick(THEMES);
      for (let tries = 0; usedNames.has(`${county.name}${theme[0]}${kindZh}`) && tries < 20; tries++) theme = rng.pick(THEMES);
      let name = `${county.name}${theme[0]}${kindZh}`;
      let nameEn = `${county.nameEn} ${theme[1]} ${kindEn}`;
      for (let n = 2; usedNames.has(name); n++) {
        name = `${county.name}${theme[0]}${kindZh}(${n})`;
        nameEn = `${county.nameEn} ${theme[1]} ${kindEn} (${n})`;
      }
      usedNames.add(name);
      // The names are chosen (and their draws made) unmarked, exactly as before the marker.
      ({ name, nameEn } = marked({ name, nameEn }));
      const governmentBuilt = plan.kind.endsWith("PARK") ? rng.chance(0.7) : rng.chance(0.35);
      // Most government-built bases keep the 30% free-space rule; a few fall short.
      const freeSpaceShare = governmentBuilt ? (rng.chance(0.9) ? rng.around(0.4, 0.12, 0.3, 0.6) : rng.around(0.24, 0.05, 0.15, 0.29)) : rng.around(0.18, 0.15, 0.02, 0.45);
      const tenants = Math.round(rng.around(plan.level === "NATIONAL" ? 120 : plan.level === "AUTONOMOUS_REGION" ? 70 : 35, 30, 6, 260));
      rows.push({
        code: `S-IB-${pad(rows.length + 1, 4)}`,
        name,
        nameEn,
        kind: plan.kind,
        level: plan.level,
        countyCode: county.code,
        leagueCode: county.parentCode!,
        // Invented operators, marked and saying so (虚构, "fictitious"): a sample base must not be
        // attributed to a real bureau or company. No random draw here, as before.
        operator: governmentBuilt ? `${SAMPLE_NAME_MARKER}${county.name}公办孵化运营方(虚构)` : `${SAMPLE_NAME_MARKER}${theme[0]}孵化运营方(虚构)`,
        recognizedYear: year,
        areaSqm: Math.round(rng.around(plan.level === "NATIONAL" ? 18000 : 6000, 5000, 600, 60000) / 10) * 10,
        governmentBuilt,
        freeSpaceShare: freeSpaceShare.toFixed(4),
        tenants,
        graduates: Math.round(tenants * rng.around(1.1, 0.8, 0.2, 3)),
        jobs: Math.round(tenants * rng.around(5.5, 3, 2, 12)),
        provenance: "SAMPLE",
      });
    }
  }
  return rows;
}

export function generateBrands(regionsFile: RegionsFile, seed: number): (typeof s.demonstrationBrands.$inferInsert)[] {
  const rng = new Rng(seed + 2);
  const geo = geography(regionsFile);
  const pickCounty = weightedSampler(geo.countyWeights);
  const rows: (typeof s.demonstrationBrands.$inferInsert)[] = [];
  const push = (row: Omit<typeof s.demonstrationBrands.$inferInsert, "code" | "provenance">) =>
    rows.push({ ...marked(row), code: `S-DB-${pad(rows.length + 1, 4)}`, provenance: "SAMPLE" });

  // At least one regional brand per league by 2025 (P7-M2); Alxa's first comes only in 2025.
  const suffixes: [string, string][] = [["创业", "Entrepreneurship"], ["创客汇", "Makers' Hub"], ["青创", "Youth Start-up"]];
  for (const league of geo.leagues) {
    const [short, shortEn] = LEAGUE_SHORT[league.code]!;
    const count = league.code === "152900" ? 1 : rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const year = league.code === "152900" ? 2025 : i === 0 ? rng.int(2022, 2024) : rng.int(2023, 2025);
      push({ name: `“${short}${suffixes[i]![0]}”创业品牌`, nameEn: `"${shortEn} ${suffixes[i]![1]}" entrepreneurship brand`, kind: "REGIONAL_BRAND", regionCode: league.code, leagueCode: league.code, year, awardAmount: null, instrumentCode: null });
    }
  }
  const cityLeagues = geo.leagues.filter((l) => l.name.endsWith("市"));
  const cityYears = [2023, 2023, 2024, 2024, 2025];
  cityYears.forEach((year, i) => {
    // Five different cities (stride 2 over the nine league-level cities).
    const league = cityLeagues[(i * 2) % cityLeagues.length]!;
    push({ name: `${league.name}创业型城市`, nameEn: `${league.nameEn}: entrepreneurial city`, kind: "ENTREPRENEURIAL_CITY", regionCode: league.code, leagueCode: league.code, year, awardAmount: null, instrumentCode: null });
  });
  const counties = new Set<string>();
  while (counties.size < 24) counties.add(pickCounty(rng).code);
  for (const code of [...counties].sort()) {
    const county = geo.byCode.get(code)!;
    push({ name: `${county.name}创业型旗县(市、区)`, nameEn: `${county.nameEn}: entrepreneurial county`, kind: "ENTREPRENEURIAL_COUNTY", regionCode: code, leagueCode: county.parentCode!, year: rng.int(2023, 2025), awardAmount: null, instrumentCode: null });
  }
  for (const year of [2022, 2023, 2024, 2025]) {
    for (let i = 0; i < 9; i++) {
      const county = pickCounty(rng);
      const theme = rng.pick(THEMES);
      push({
        name: `${county.name}“${theme[0]}”创业指导大师工作室(${year}-${i + 1})`,
        nameEn: `${county.nameEn} "${theme[1]}" master entrepreneurship-mentor studio (${year}-${i + 1})`,
        kind: "MENTOR_STUDIO",
        regionCode: county.code,
        leagueCode: county.parentCode!,
        year,
        // The document's fixed one-off award (P3-M2).
        awardAmount: "100000.00",
        instrumentCode: "mentor-studio-award",
      });
    }
  }
  for (let i = 0; i < 15; i++) {
    const county = pickCounty(rng);
    push({
      name: `${county.name}大学生创业(模拟)实训基地(${i + 1})`,
      nameEn: `${county.nameEn} college-student (simulated) practical-training base (${i + 1})`,
      kind: "PRACTICAL_TRAINING_BASE",
      regionCode: county.code,
      leagueCode: county.parentCode!,
      year: rng.int(2023, 2025),
      awardAmount: null,
      instrumentCode: "student-practical-training-base-award",
    });
  }
  return rows;
}

const INDIVIDUAL_GROUPS: (readonly [string | null, number])[] = [
  ["RURAL_MIGRANT_WORKERS", 25],
  ["COLLEGE_GRADUATES", 22],
  ["REGISTERED_UNEMPLOYED", 12],
  ["VETERANS", 8],
  ["PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", 6],
  ["WORKERS_LIFTED_OUT_OF_POVERTY", 5],
  ["PEOPLE_WITH_DISABILITIES", 2],
  [null, 20],
];

const INDIVIDUAL_AMOUNTS: (readonly [number | null, number])[] = [
  [50_000, 15],
  [80_000, 12],
  [100_000, 35],
  [150_000, 15],
  [200_000, 13],
  [null, 10],
];

/**
 * The share of a loan's interest the programme pays (财政贴息), from a uniform draw `u`. Under
 * the national rules for guarantee loans (财金〔2020〕21号) public finance pays the interest
 * above the borrower's own part: in full for people lifted out of poverty and people with
 * disabilities, roughly half for most other individuals and for small enterprises (which share
 * it 50/50); a loan the bank prices above the subsidised ceiling, or one whose borrower is not
 * eligible, gets none. So: those groups 1 (95 %); other individuals 1 (55 %), 0.5 (35 %),
 * 0 (10 %); enterprises 0.5 (80 %), 0 (20 %).
 */
function subsidyShare(u: number, enterprise: boolean, group: string | null): string {
  if (enterprise) return u < 0.8 ? "0.5000" : "0.0000";
  if (group === "WORKERS_LIFTED_OUT_OF_POVERTY" || group === "PEOPLE_WITH_DISABILITIES") return u < 0.95 ? "1.0000" : "0.0000";
  return u < 0.55 ? "1.0000" : u < 0.9 ? "0.5000" : "0.0000";
}

/** Generates loan `index` (0-based) of a run; each loan draws from its own seeded stream. */
export function makeLoanGenerator(regionsFile: RegionsFile, seed: number) {
  const geo = geography(regionsFile);
  const pickCounty = weightedSampler(geo.countyWeights);
  const pickBank = weightedSampler(BANKS.map((b, i) => [i, b.weight] as const));
  const pickGroup = weightedSampler(INDIVIDUAL_GROUPS);
  const pickAmount = weightedSampler(INDIVIDUAL_AMOUNTS);
  const pickYear = weightedSampler([[2022, 20], [2023, 24], [2024, 27], [2025, 29]] as const);
  const asOf = Date.parse(SAMPLE_AS_OF);
  const rng = new Rng(seed + 3);
  // Record keys of the cell key method come from a stream of their own, so adding them left
  // every other field of the sample as it was.
  const keys = new Rng(seed + 7);
  // Interest subsidies likewise (one draw per loan), so that adding them changed nothing else.
  const subsidies = new Rng(seed + 8);
  return (index: number): typeof s.guaranteeLoans.$inferInsert => {
    const county = pickCounty(rng);
    const bankIndex = pickBank(rng);
    const enterprise = rng.chance(0.05);
    const year = pickYear(rng);
    const issued = new Date(Date.UTC(year, 0, 1) + rng.int(0, year % 4 === 0 ? 365 : 364) * 86_400_000);
    let amount: number;
    if (enterprise) amount = rng.int(30, 200) * 10_000;
    else amount = pickAmount(rng) ?? rng.int(20, 200) * 1_000;
    const termMonths = enterprise ? rng.pick([12, 24]) : rng.pick([24, 36, 36]);
    const maturity = new Date(issued);
    maturity.setUTCMonth(maturity.getUTCMonth() + termMonths);
    const matured = maturity.getTime() <= asOf;
    const status = matured ? (rng.chance(0.97) ? "REPAID" : "DEFAULTED") : rng.chance(0.95) ? "ACTIVE" : "OVERDUE";
    const group = enterprise ? null : pickGroup(rng);
    return {
      bankCode: BANKS[bankIndex]!.code,
      loanRef: `S-${pad(index + 1, 8)}`,
      countyCode: county.code,
      leagueCode: county.parentCode!,
      borrowerType: enterprise ? "SMALL_MICRO_ENTERPRISE" : "INDIVIDUAL",
      beneficiaryGroupCode: group,
      amount: amount.toFixed(2),
      termMonths,
      annualRate: rng.pick(["0.0345", "0.0365", "0.0385", "0.0395", "0.0435"]),
      // P1-M1: personal loans of 100,000 CNY or less need no counter-guarantee; above that
      // only honoured or creditworthy borrowers are spared it.
      counterGuaranteeWaived: !enterprise && amount <= 100_000 ? true : rng.chance(0.12),
      issuedOn: issued.toISOString().slice(0, 10),
      status,
      jobsCreated: enterprise ? rng.int(5, 40) : rng.weighted([[1, 30], [2, 30], [3, 20], [4, 12], [5, 8]] as const),
      provenance: "SAMPLE",
      recordKey: keys.int(0, KEY_MODULUS - 1),
      interestSubsidyShare: subsidyShare(subsidies.float(), enterprise, group),
    };
  };
}

/**
 * Flow metrics: the programme-wide total over 2022–2025 the sample adds up to. Only metrics no
 * dataset counts: projects, mentors, lecturers, training and model entrepreneurs are counted
 * from their own datasets (sample-services.ts), so reported figures cannot contradict them.
 */
const FLOW_TOTALS: Record<string, number> = {
  supported_entrepreneurs: 128_400,
  jobs_created: 371_000,
};

export function generateObservations(regionsFile: RegionsFile, seed: number): (typeof s.indicatorObservations.$inferInsert)[] {
  const rng = new Rng(seed + 4);
  const geo = geography(regionsFile);
  const totalPop = Object.values(LEAGUE_POPULATION).reduce((a, b) => a + b, 0);
  const rows: (typeof s.indicatorObservations.$inferInsert)[] = [];
  const weights = SAMPLE_QUARTERS.map(({ year, quarter }) => YEAR_GROWTH[year]! * QUARTER_SEASON[quarter - 1]!);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  for (const [metric, total] of Object.entries(FLOW_TOTALS)) {
    SAMPLE_QUARTERS.forEach(({ year, quarter }, qi) => {
      for (const league of geo.leagues) {
        const share = LEAGUE_POPULATION[league.code]! / totalPop;
        const value = Math.round(((total * weights[qi]!) / weightSum) * share * rng.around(1, 0.16, 0.8, 1.2));
        rows.push({ metric, regionCode: league.code, period: `${year}-Q${quarter}`, periodStart: firstDayOfQuarter(year, quarter), periodEnd: lastDayOfQuarter(year, quarter), value: String(value), provenance: "SAMPLE" });
      }
    });
  }
  // Region-wide yearly figures.
  const yearly: Record<string, number[]> = {
    annual_incubation_award_funding: [60_000_000, 62_000_000, 65_000_000, 68_000_000],
  };
  for (const [metric, values] of Object.entries(yearly)) {
    [2022, 2023, 2024, 2025].forEach((year, yi) =>
      rows.push({ metric, regionCode: "150000", period: String(year), periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, value: String(values[yi]), provenance: "SAMPLE" }),
    );
  }
  return rows;
}

/**
 * Replaces all sample rows with a freshly generated sample (official rows are kept), inside
 * the caller's transaction. Loans are generated and written in batches, so 5,000,000 loans
 * never sit in memory at once.
 */
export async function writeSample(db: Db, options: SampleOptions = {}): Promise<SampleCounts> {
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  const loanCount = options.loans ?? DEFAULT_SAMPLE_LOANS;
  const regionsFile = loadRegions();
  // A first seed writes the two large tables the way PostgreSQL advises for a bulk load
  // (withEmptyTablesBulkLoaded): checked before the deletes below, so a sample seeded again over
  // a database in use keeps its keys and indexes, and its readers their view of the old sample.
  return withEmptyTablesBulkLoaded(db, [s.guaranteeLoans, s.projectLibraryProjects], () => replaceSample(db, regionsFile, seed, loanCount, options));
}

async function replaceSample(db: Db, regionsFile: RegionsFile, seed: number, loanCount: number, options: SampleOptions): Promise<SampleCounts> {
  await db.execute(sql`delete from ${s.guaranteeLoans} where ${s.guaranteeLoans.provenance} = 'SAMPLE'`);
  await db.execute(sql`delete from ${s.indicatorObservations} where ${s.indicatorObservations.provenance} = 'SAMPLE'`);
  await db.execute(sql`delete from ${s.demonstrationBrands} where ${s.demonstrationBrands.provenance} = 'SAMPLE'`);
  await db.execute(sql`delete from ${s.incubatorBases} where ${s.incubatorBases.provenance} = 'SAMPLE'`);
  // The service system's datasets (sample-services.ts). Sample teams go with their sample
  // members; a sample team an official member was imported into stays.
  for (const table of [s.projectLibraryProjects, s.mentors, s.trainingLecturers, s.trainingDelivered, s.modelEntrepreneurs, s.entrepreneurshipEvents, s.servicePoints]) {
    await db.execute(sql`delete from ${table} where provenance = 'SAMPLE'`);
  }
  await db.execute(sql`delete from ${s.mentorTeams} where ${s.mentorTeams.provenance} = 'SAMPLE' and not exists (select 1 from ${s.mentors} m where m.team_code = ${s.mentorTeams.code})`);
  // Banks that official loans still reference stay; the others are re-created below.
  await db.execute(sql`delete from ${s.partnerBanks} where ${s.partnerBanks.provenance} = 'SAMPLE' and not exists (select 1 from ${s.guaranteeLoans} where ${s.guaranteeLoans.bankCode} = ${s.partnerBanks.code})`);

  await db.insert(s.partnerBanks).values(BANKS.map(({ weight: _w, ...bank }) => bank)).onConflictDoNothing();
  const incubators = generateIncubators(regionsFile, seed);
  await bulkInsert(db, s.incubatorBases, incubators);
  const brands = generateBrands(regionsFile, seed);
  await bulkInsert(db, s.demonstrationBrands, brands);
  const observations = generateObservations(regionsFile, seed);
  await bulkInsert(db, s.indicatorObservations, observations);

  const projects = generateProjects(regionsFile, seed);
  await bulkInsert(db, s.projectLibraryProjects, projects);
  const { teams, mentors } = generateMentorTeams(regionsFile, seed);
  await db.insert(s.mentorTeams).values(teams).onConflictDoNothing();
  await bulkInsert(db, s.mentors, mentors);
  const lecturers = generateLecturers(regionsFile, seed);
  await bulkInsert(db, s.trainingLecturers, lecturers);
  const training = generateTraining(regionsFile, seed);
  await bulkInsert(db, s.trainingDelivered, training);
  const models = generateModelEntrepreneurs(regionsFile, seed);
  await bulkInsert(db, s.modelEntrepreneurs, models);
  const events = generateEvents(regionsFile, seed);
  await bulkInsert(db, s.entrepreneurshipEvents, events);
  const servicePoints = generateServicePoints(regionsFile, seed);
  await bulkInsert(db, s.servicePoints, servicePoints);

  const nextLoan = makeLoanGenerator(regionsFile, seed);
  const batchSize = 10_000;
  for (let start = 0; start < loanCount; start += batchSize) {
    const batch = [];
    for (let i = start; i < Math.min(loanCount, start + batchSize); i++) batch.push(nextLoan(i));
    await bulkInsert(db, s.guaranteeLoans, batch, batchSize);
    options.onProgress?.(Math.min(loanCount, start + batchSize), loanCount);
  }
  return {
    partnerBanks: BANKS.length,
    incubatorBases: incubators.length,
    demonstrationBrands: brands.length,
    guaranteeLoans: loanCount,
    indicatorObservations: observations.length,
    projects: projects.length,
    mentorTeams: teams.length,
    mentors: mentors.length,
    trainingLecturers: lecturers.length,
    trainingDelivered: training.length,
    modelEntrepreneurs: models.length,
    events: events.length,
    servicePoints: servicePoints.length,
  };
}
