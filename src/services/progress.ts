/**
 * Progress against every target: the current value, the share of the target, and the series
 * behind it. Each target's metric says where its numbers come from and how they add up:
 *  - reported figures (indicator_observations): the region-wide series of src/services/indicator.ts
 *    (the region's reported figure, else the sum of its leagues); the metric's metadata (the
 *    `metrics` table) says how it counts: a FLOW is summed over the programme (2022 onwards) —
 *    e.g. people supported —, a STOCK's latest level counts, and for a yearly target (PER_YEAR)
 *    each year's figure must meet it;
 *  - PER_UNIT: a norm every unit must meet (each county, each league, each government-built
 *    park): current value = the lowest unit's value, share = units meeting / units, and the
 *    units themselves, so that the ones falling short can be listed;
 *  - derived from the base tables: loan volumes (loan_rollups), base and maker-space counts
 *    (incubator_bases), regional brands per league (demonstration_brands), and the service
 *    system's datasets: projects in the library (in total and per county), members of each
 *    county's mentor team, high-level lecturers, people trained, model entrepreneurs a year.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import {
  demonstrationBrands,
  incubatorBases,
  mentorTeams,
  mentors,
  modelEntrepreneurs,
  projectLibraryProjects,
  regions,
  targets,
  trainingDelivered,
  trainingLecturers,
  type TargetRow,
  type TrainingRow,
} from "../db/schema/index.js";
import { regionWideSeries, reportedObservations } from "./indicator.js";
import { allMetrics } from "./metric.js";
import { allRows, centsToDecimal, loanStatistics, publicMeasures } from "./statistics.js";
import { versionedCache } from "./versioned-cache.js";

export type ProgressSource =
  | "INDICATOR_OBSERVATIONS"
  | "GUARANTEE_LOANS"
  | "INCUBATOR_BASES"
  | "DEMONSTRATION_BRANDS"
  | "PROJECT_LIBRARY"
  | "MENTOR_TEAMS"
  | "TRAINING_LECTURERS"
  | "TRAINING_DELIVERED"
  | "MODEL_ENTREPRENEURS";

/** One unit (a county, a league) of a per-unit norm: its own value and whether it meets the norm. */
export interface UnitValue {
  regionCode: string;
  value: string;
  met: boolean;
}

export interface ProgressPoint {
  period: string;
  periodEnd: string;
  value: string;
  cumulativeValue: string;
  /** Where the target's path stands at the period's end (see {@link withPath}); null where there is none. */
  targetPath: string | null;
  onTrack: boolean | null;
}

export interface TargetProgress {
  targetCode: string;
  currentValue: string | null;
  /** current / target with 4 decimals; for per-unit norms: units meeting / units. */
  share: string | null;
  met: boolean;
  asOf: string | null;
  unitsMeeting: number | null;
  unitsTotal: number | null;
  /** For norms every county or league must meet: each unit, in code order; null otherwise. */
  units: UnitValue[] | null;
  series: ProgressPoint[];
  /** The latest point's `onTrack`. */
  onTrack: boolean | null;
  source: ProgressSource;
  /** True when any figure behind it is sample data. */
  sample: boolean;
  method: string;
}

type Method =
  | { kind: "REPORTED" }
  | { kind: "LOANS" }
  | { kind: "BASES"; baseKind: "INCUBATION_BASE" | "MAKER_SPACE"; level: "NATIONAL" | "AUTONOMOUS_REGION" }
  | { kind: "FREE_SPACE" }
  | { kind: "BRANDS_PER_LEAGUE" }
  | { kind: "PROJECTS" }
  | { kind: "PROJECTS_PER_COUNTY" }
  | { kind: "MENTORS_PER_COUNTY" }
  | { kind: "LECTURERS" }
  | { kind: "TRAINING"; programmes: TrainingRow["programme"][] | null; count: "TRAINEES" | "RURAL_LABOR" }
  | { kind: "MODELS_PER_YEAR" };

/** How each target's progress is measured, by metric. */
const METHODS: Record<string, Method> = {
  // Reported figures: stock or flow is the metric's own metadata (the metrics table).
  supported_entrepreneurs: { kind: "REPORTED" },
  jobs_created: { kind: "REPORTED" },
  guarantee_loans_issued_amount: { kind: "LOANS" },
  project_bank_projects: { kind: "PROJECTS" },
  high_level_trainers: { kind: "LECTURERS" },
  // 创业培训 (training) is not 创业实训 (practical training): the document counts them apart.
  entrepreneurship_trainees: { kind: "TRAINING", programmes: ["MALANHUA", "INTERNET_PLUS", "STARTUP_CAMP"], count: "TRAINEES" },
  county_projects_collected: { kind: "PROJECTS_PER_COUNTY" },
  county_mentor_team_members: { kind: "MENTORS_PER_COUNTY" },
  national_incubation_bases: { kind: "BASES", baseKind: "INCUBATION_BASE", level: "NATIONAL" },
  national_maker_spaces: { kind: "BASES", baseKind: "MAKER_SPACE", level: "NATIONAL" },
  regional_incubation_bases: { kind: "BASES", baseKind: "INCUBATION_BASE", level: "AUTONOMOUS_REGION" },
  regional_maker_spaces: { kind: "BASES", baseKind: "MAKER_SPACE", level: "AUTONOMOUS_REGION" },
  annual_incubation_award_funding: { kind: "REPORTED" },
  park_free_space_share: { kind: "FREE_SPACE" },
  graduate_practical_trainees: { kind: "TRAINING", programmes: ["GRADUATE_PRACTICAL_TRAINING"], count: "TRAINEES" },
  rural_labor_trainees: { kind: "TRAINING", programmes: null, count: "RURAL_LABOR" },
  annual_model_entrepreneurs: { kind: "MODELS_PER_YEAR" },
  league_regional_brands: { kind: "BRANDS_PER_LEAGUE" },
};

/**
 * Metrics whose figures are counted from a dataset of their own (the project library, mentor
 * teams, lecturers, training, model entrepreneurs): reported figures for them would be ignored,
 * so the indicator-observations import refuses them.
 */
export function metricsCountedFromDatasets(): Set<string> {
  const fromDatasets = new Set<Method["kind"]>(["PROJECTS", "PROJECTS_PER_COUNTY", "MENTORS_PER_COUNTY", "LECTURERS", "TRAINING", "MODELS_PER_YEAR"]);
  return new Set(Object.entries(METHODS).filter(([, m]) => fromDatasets.has(m.kind)).map(([metric]) => metric));
}

/** How a reported metric counts toward its target: from the metric's kind and the target's period. */
type ReportedCount = "FLOW" | "STOCK" | "YEARLY";

const REGION_WIDE = "the region-wide figures (reported, or else the sum of the leagues': indicatorObservations(filterBy: { regionCode: \"150000\" }))";
const REPORTED_TEXT: Record<ReportedCount, string> = {
  FLOW: `Sum since 2022 of ${REGION_WIDE}.`,
  STOCK: `The level at the end of the latest period of ${REGION_WIDE}.`,
  YEARLY: `Each year's figure of ${REGION_WIDE}; met when every year meets the target.`,
};

const METHOD_TEXT: Record<Exclude<Method["kind"], "REPORTED">, string> = {
  LOANS: "Sum of the published quarterly amounts of guarantee loans issued since 2022 (the loanStatistics cells by QUARTER, protected by the cell key method: each within half its largest loan of the true amount).",
  BASES: "Number of bases of this kind and level recognised up to each year.",
  FREE_SPACE: "Share of free space in each government-built base (percent); the current value is the lowest, the share the fraction of bases meeting the norm.",
  BRANDS_PER_LEAGUE: "Regional brands recognised in each league; the current value is the lowest league's count, the share the fraction of leagues with enough.",
  PROJECTS: "Number of projects in the project library (projectLibrary), by year of publication.",
  PROJECTS_PER_COUNTY: "Projects in the project library collected by each county-level unit (every county, 0 where none); the current value is the lowest county's, the share the fraction of counties meeting the norm.",
  MENTORS_PER_COUNTY: "Members of each county-level unit's mentor team (every county, 0 where it has no team); the current value is the lowest county's, the share the fraction of counties meeting the norm.",
  LECTURERS: "Number of high-level training lecturers (trainingLecturers with highLevel), by year certified.",
  TRAINING: "Sum of the people trained (trainingDelivered) since 2022, by year.",
  MODELS_PER_YEAR: "Model entrepreneurs named each year since 2022 (modelEntrepreneurs; a year with none counts 0); met when every year meets the target.",
};

/** Compares decimal strings exactly enough for targets (integers and 2-decimal amounts). */
function cmp(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function meets(target: TargetRow, value: string): boolean {
  const c = cmp(value, target.value);
  return target.comparator === "AT_LEAST" ? c >= 0 : target.comparator === "AT_MOST" ? c <= 0 : c >= 0;
}

function ratio(value: string, of: string): string {
  return (Number(value) / Number(of)).toFixed(4);
}

function addDecimal(a: string, b: string): string {
  // Values are integers or two-decimal amounts: work in hundredths with BigInt.
  const toCents = (v: string) => {
    const [i, f = ""] = v.split(".");
    return BigInt(i!) * 100n + BigInt((f + "00").slice(0, 2)) * (v.startsWith("-") ? -1n : 1n);
  };
  const sum = toCents(a) + toCents(b);
  // Money keeps its two decimals; counts stay integers.
  return a.includes(".") || b.includes(".") || sum % 100n !== 0n ? centsToDecimal(sum) : String(sum / 100n);
}

type Point = Omit<ProgressPoint, "targetPath" | "onTrack">;

function cumulative(points: { period: string; periodEnd: string; value: string }[]): Point[] {
  let total = "0";
  return points.map((p) => ({ ...p, cumulativeValue: (total = addDecimal(total, p.value)) }));
}

/**
 * Everything the progress of all targets needs, in a few grouped queries. With `asOf`, the
 * reported figures (and the region-wide series derived from them) are those current at that
 * instant (they keep every revision); the other datasets keep only their current state and are
 * read as they are now.
 */
async function loadInputs(db: Db, asOf: Date | null = null) {
  // The region-wide series of each metric, and how each metric counts (stock or flow).
  const observations = await regionWideSeries(db, reportedObservations(asOf));
  const metrics = await allMetrics(db);
  // Loan amounts are published figures of guarantee loans: the quarterly cells exactly as
  // loanStatistics(groupBy: [QUARTER]) and the exports publish them (perturbed), never raw sums.
  const loans = allRows(await loanStatistics(db, ["QUARTER"], {}))
    .map(({ cell }) => ({ year: cell.year!, quarter: cell.quarter!, ...publicMeasures(cell) }))
    .filter((l) => l.year >= 2022);
  const bases = await queryRows(db, sql`
      select kind, level, recognized_year, cast(count(*) as integer) as n, bool_or(provenance = 'SAMPLE') as sample,
             cast(count(*) filter (where government_built) as integer) as government_built,
             cast(count(*) filter (where government_built and free_space_share >= 0.30) as integer) as compliant,
             cast(min(case when government_built then free_space_share end) as text) as min_share
      from ${incubatorBases} group by kind, level, recognized_year order by recognized_year`);
  const brands = await queryRows(db, sql`
      select r.code as league, cast(count(b.code) as integer) as n, bool_or(b.provenance = 'SAMPLE') as sample, min(b.year) as first_year
      from ${regions} r left join ${demonstrationBrands} b on b.league_code = r.code and b.kind = 'REGIONAL_BRAND'
      where r.level = 'LEAGUE' group by r.code`);
  const counties = (await queryRows<{ code: string }>(db, sql`select code from ${regions} where level = 'COUNTY' order by code`)).map((r) => r.code);
  const projects = await queryRows(db, sql`
      select county_code, cast(extract(year from published_on) as integer) as year, cast(count(*) as integer) as n, bool_or(provenance = 'SAMPLE') as sample
      from ${projectLibraryProjects} group by county_code, extract(year from published_on)`);
  const teamMembers = await queryRows(db, sql`
      select t.region_code, m.joined_year as year, cast(count(m.code) as integer) as n, bool_or(t.provenance = 'SAMPLE' or m.provenance = 'SAMPLE') as sample
      from ${mentorTeams} t left join ${mentors} m on m.team_code = t.code
      where t.level = 'COUNTY' group by t.region_code, m.joined_year`);
  const lecturers = await queryRows(db, sql`
      select certified_year as year, cast(count(*) filter (where high_level) as integer) as n, bool_or(provenance = 'SAMPLE') as sample
      from ${trainingLecturers} group by certified_year order by certified_year`);
  const training = await queryRows(db, sql`
      select year, cast(programme as text) as programme, cast(sum(trainees) as text) as trainees, cast(sum(rural_labor_trainees) as text) as rural,
             bool_or(provenance = 'SAMPLE') as sample
      from ${trainingDelivered} where year >= 2022 group by year, programme order by year`);
  const models = await queryRows(db, sql`
      select year, cast(count(*) as integer) as n, bool_or(provenance = 'SAMPLE') as sample from ${modelEntrepreneurs} group by year order by year`);
  return { observations, metrics, loans, bases, brands, counties, projects, teamMembers, lecturers, training, models };
}

type Inputs = Awaited<ReturnType<typeof loadInputs>>;

/** Sums `n` by year into a cumulative yearly series. */
function yearlyCumulative(rows: Record<string, unknown>[]): Point[] {
  const byYear = new Map<number, number>();
  for (const r of rows) if (r.year !== null) byYear.set(Number(r.year), (byYear.get(Number(r.year)) ?? 0) + Number(r.n));
  const years = [...byYear.keys()].sort((a, b) => a - b);
  return cumulative(years.map((y) => ({ period: String(y), periodEnd: `${y}-12-31`, value: String(byYear.get(y)) })));
}

/**
 * A norm every county must meet, from rows of (county, year, n): each county's total (0 for a
 * county with no rows), and a series of the lowest county's running total at the end of each year.
 */
function perCounty(target: TargetRow, counties: string[], rows: Record<string, unknown>[], source: ProgressSource, base: Pick<TargetProgress, "targetCode" | "method">): Progress {
  const totals = new Map(counties.map((c) => [c, 0]));
  const byYear = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const county = String(r.county_code ?? r.region_code);
    if (!totals.has(county)) continue;
    totals.set(county, totals.get(county)! + Number(r.n));
    if (r.year === null) continue;
    const year = Number(r.year);
    if (!byYear.has(year)) byYear.set(year, new Map());
    byYear.get(year)!.set(county, (byYear.get(year)!.get(county) ?? 0) + Number(r.n));
  }
  const units = counties.map((c) => ({ regionCode: c, value: String(totals.get(c)), met: meets(target, String(totals.get(c))) }));
  const running = new Map(counties.map((c) => [c, 0]));
  const series = [...byYear.keys()]
    .sort((a, b) => a - b)
    .map((y) => {
      for (const [c, n] of byYear.get(y)!) running.set(c, running.get(c)! + n);
      const min = String(Math.min(...running.values()));
      return { period: String(y), periodEnd: `${y}-12-31`, value: min, cumulativeValue: min };
    });
  const meeting = units.filter((u) => u.met).length;
  const min = units.length ? String(Math.min(...units.map((u) => Number(u.value)))) : null;
  return {
    ...base,
    currentValue: min,
    share: units.length ? (meeting / units.length).toFixed(4) : null,
    met: units.length > 0 && meeting === units.length,
    asOf: series.at(-1)?.periodEnd ?? null,
    unitsMeeting: meeting,
    unitsTotal: units.length,
    units,
    series,
    source,
    sample: rows.some((r) => r.sample === true),
  };
}

function quarterEnd(year: number, quarter: number): string {
  return new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
}

/** A target's progress before its path: the series' points without `targetPath` and `onTrack`. */
type Progress = Omit<TargetProgress, "series" | "onTrack"> & { series: Point[] };

/** How a reported metric counts: a yearly target looks at each year; otherwise the metric's kind decides. */
function reportedCount(target: TargetRow, inputs: Inputs): ReportedCount {
  if (target.period === "PER_YEAR") return "YEARLY";
  return inputs.metrics.get(target.metric)?.kind === "STOCK" ? "STOCK" : "FLOW";
}

function progressOf(target: TargetRow, inputs: Inputs): Progress {
  const method = METHODS[target.metric];
  const count = method?.kind === "REPORTED" ? reportedCount(target, inputs) : null;
  const text = !method ? "No figures are reported for this metric yet." : method.kind === "REPORTED" ? REPORTED_TEXT[count!] : METHOD_TEXT[method.kind];
  const base = { targetCode: target.code, method: text, unitsMeeting: null, unitsTotal: null, units: null };
  if (!method) return { ...base, currentValue: null, share: null, met: false, asOf: null, series: [], source: "INDICATOR_OBSERVATIONS", sample: false };

  switch (method.kind) {
    case "REPORTED": {
      const rows = inputs.observations.filter((o) => o.metric === target.metric && (count === "YEARLY" || o.period >= "2022"));
      const points = rows.map((o) => ({ period: o.period, periodEnd: o.periodEnd, value: o.value }));
      const series = count === "FLOW" ? cumulative(points) : points.map((p) => ({ ...p, cumulativeValue: p.value }));
      const last = series.at(-1);
      const current = last ? (count === "FLOW" ? last.cumulativeValue : last.value) : null;
      const met = count === "YEARLY" ? series.length > 0 && series.every((p) => meets(target, p.value)) : current !== null && meets(target, current);
      return { ...base, currentValue: current, share: current === null ? null : ratio(current, target.value), met, asOf: last?.periodEnd ?? null, series, source: "INDICATOR_OBSERVATIONS", sample: rows.some((o) => o.provenance === "SAMPLE") };
    }
    case "LOANS": {
      const points = inputs.loans.map((l) => ({ period: `${l.year}-Q${l.quarter}`, periodEnd: quarterEnd(Number(l.year), Number(l.quarter)), value: l.totalAmount ?? "0.00" }));
      const series = cumulative(points);
      const current = series.at(-1)?.cumulativeValue ?? "0";
      return { ...base, currentValue: current, share: ratio(current, target.value), met: meets(target, current), asOf: series.at(-1)?.periodEnd ?? null, series, source: "GUARANTEE_LOANS", sample: inputs.loans.some((l) => l.provenance === "SAMPLE") };
    }
    case "BASES": {
      const rows = inputs.bases.filter((b) => b.kind === method.baseKind && b.level === method.level);
      const byYear = new Map<number, number>();
      for (const r of rows) byYear.set(Number(r.recognized_year), (byYear.get(Number(r.recognized_year)) ?? 0) + Number(r.n));
      const years = [...byYear.keys()].sort((a, b) => a - b);
      const series = cumulative(years.map((y) => ({ period: String(y), periodEnd: `${y}-12-31`, value: String(byYear.get(y)) })));
      const current = series.at(-1)?.cumulativeValue ?? "0";
      return { ...base, currentValue: current, share: ratio(current, target.value), met: meets(target, current), asOf: series.at(-1)?.periodEnd ?? null, series, source: "INCUBATOR_BASES", sample: rows.some((r) => r.sample === true) };
    }
    case "FREE_SPACE": {
      const total = inputs.bases.reduce((s, b) => s + Number(b.government_built), 0);
      const compliant = inputs.bases.reduce((s, b) => s + Number(b.compliant), 0);
      const mins = inputs.bases.map((b) => b.min_share).filter((m): m is string => m !== null);
      const min = mins.reduce<string | null>((m, v) => (m === null || cmp(v, m) < 0 ? v : m), null);
      const minPercent = min === null ? null : (Number(min) * 100).toFixed(2);
      return {
        ...base,
        currentValue: minPercent,
        share: total ? (compliant / total).toFixed(4) : null,
        met: total > 0 && compliant === total,
        asOf: null,
        unitsMeeting: compliant,
        unitsTotal: total,
        series: [],
        source: "INCUBATOR_BASES",
        sample: inputs.bases.some((b) => b.sample === true),
      };
    }
    case "BRANDS_PER_LEAGUE": {
      const meeting = inputs.brands.filter((b) => meets(target, String(b.n))).length;
      const min = inputs.brands.reduce((m, b) => Math.min(m, Number(b.n)), Infinity);
      const years = [...new Set(inputs.brands.map((b) => b.first_year).filter((y) => y !== null).map(Number))].sort();
      // Series: leagues that have a brand by the end of each year.
      const series = years.map((y) => {
        const n = inputs.brands.filter((b) => b.first_year !== null && Number(b.first_year) <= y).length;
        return { period: String(y), periodEnd: `${y}-12-31`, value: String(n), cumulativeValue: String(n) };
      });
      return {
        ...base,
        units: [...inputs.brands].sort((a, b) => String(a.league).localeCompare(String(b.league))).map((b) => ({ regionCode: String(b.league), value: String(b.n), met: meets(target, String(b.n)) })),
        currentValue: Number.isFinite(min) ? String(min) : null,
        share: inputs.brands.length ? (meeting / inputs.brands.length).toFixed(4) : null,
        met: inputs.brands.length > 0 && meeting === inputs.brands.length,
        asOf: series.at(-1)?.periodEnd ?? null,
        unitsMeeting: meeting,
        unitsTotal: inputs.brands.length,
        series,
        source: "DEMONSTRATION_BRANDS",
        sample: inputs.brands.some((b) => b.sample === true),
      };
    }
    case "PROJECTS":
    case "LECTURERS": {
      const rows = method.kind === "PROJECTS" ? inputs.projects : inputs.lecturers;
      const series = yearlyCumulative(rows);
      const current = series.at(-1)?.cumulativeValue ?? "0";
      const source = method.kind === "PROJECTS" ? "PROJECT_LIBRARY" : "TRAINING_LECTURERS";
      return { ...base, currentValue: current, share: ratio(current, target.value), met: meets(target, current), asOf: series.at(-1)?.periodEnd ?? null, series, source, sample: rows.some((r) => r.sample === true) };
    }
    case "PROJECTS_PER_COUNTY":
      return perCounty(target, inputs.counties, inputs.projects, "PROJECT_LIBRARY", base);
    case "MENTORS_PER_COUNTY":
      return perCounty(target, inputs.counties, inputs.teamMembers, "MENTOR_TEAMS", base);
    case "TRAINING": {
      const rows = inputs.training.filter((r) => method.programmes === null || method.programmes.includes(String(r.programme) as TrainingRow["programme"]));
      const series = yearlyCumulative(rows.map((r) => ({ year: r.year, n: method.count === "TRAINEES" ? r.trainees : r.rural })));
      const current = series.at(-1)?.cumulativeValue ?? "0";
      return { ...base, currentValue: current, share: ratio(current, target.value), met: meets(target, current), asOf: series.at(-1)?.periodEnd ?? null, series, source: "TRAINING_DELIVERED", sample: rows.some((r) => r.sample === true) };
    }
    case "MODELS_PER_YEAR": {
      // Every year from the programme's first (2022) to the latest named counts: a year with no
      // model entrepreneurs is a 0, not a gap that would let "every year" pass.
      const byYear = new Map(inputs.models.map((r) => [Number(r.year), Number(r.n)]));
      const years = [...byYear.keys()].filter((y) => y >= 2022);
      const last = years.length ? Math.max(...years) : null;
      const series = last === null ? [] : Array.from({ length: last - 2021 }, (_, i) => 2022 + i).map((y) => ({ period: String(y), periodEnd: `${y}-12-31`, value: String(byYear.get(y) ?? 0), cumulativeValue: String(byYear.get(y) ?? 0) }));
      const latest = series.at(-1);
      return {
        ...base,
        currentValue: latest?.value ?? null,
        share: latest ? ratio(latest.value, target.value) : null,
        met: series.length > 0 && series.every((p) => meets(target, p.value)),
        asOf: latest?.periodEnd ?? null,
        series,
        source: "MODEL_ENTREPRENEURS",
        sample: inputs.models.some((r) => r.sample === true),
      };
    }
  }
}

/** The programme runs 2022–2025: its baseline is the level at the end of 2021. */
const BASELINE_DATE = "2021-12-31";

function days(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
}

/**
 * Each point's target path and whether it is on track.
 *  - A target due in a year (BY_DUE_YEAR, CUMULATIVE_BY_DUE_YEAR): the straight line from the
 *    baseline — the series' level at the end of 2021 (its last point by then; 0 when it starts
 *    in 2022, as every flow counted since 2022 does) — to the target value at the end of the due
 *    year, at each point's period end, rounded to 2 decimals; none for points up to 2021.
 *  - A yearly target (PER_YEAR) and a norm every county must meet (the series is the lowest
 *    county's figure): the target value itself, every period.
 *  - Otherwise (leagues with a brand, whose series counts leagues, not brands per league): none.
 * On track: the point's progress figure (`cumulativeValue`, which is the level for stocks and
 * norms) is at least the path (at most, for AT_MOST targets), compared with the published,
 * rounded path so that anyone can check it from the figures.
 */
export function withPath(target: TargetRow, progress: Progress): TargetProgress {
  let pathAt: (point: Point) => string | null;
  if (target.dueYear !== null && (target.period === "BY_DUE_YEAR" || target.period === "CUMULATIVE_BY_DUE_YEAR")) {
    const baseline = Number(progress.series.filter((p) => p.periodEnd <= BASELINE_DATE).at(-1)?.cumulativeValue ?? 0);
    const due = `${target.dueYear}-12-31`;
    const span = days(due) - days(BASELINE_DATE);
    pathAt = (p) => {
      if (p.periodEnd <= BASELINE_DATE) return null;
      const share = Math.min(1, (days(p.periodEnd) - days(BASELINE_DATE)) / span);
      return (baseline + (Number(target.value) - baseline) * share).toFixed(2);
    };
  } else if (target.period === "PER_YEAR" || target.scope === "PER_COUNTY" || target.scope === "PER_MENTOR_TEAM") {
    pathAt = () => target.value;
  } else {
    pathAt = () => null;
  }
  const series = progress.series.map((p) => {
    const targetPath = pathAt(p);
    const onTrack = targetPath === null ? null : target.comparator === "AT_MOST" ? cmp(p.cumulativeValue, targetPath) <= 0 : cmp(p.cumulativeValue, targetPath) >= 0;
    return { ...p, targetPath, onTrack };
  });
  return { ...progress, series, onTrack: series.at(-1)?.onTrack ?? null };
}

const cache = versionedCache<"all", Map<string, TargetProgress>>(2);
// Answers as of past instants, keyed by the instant as well as the data version (the datasets
// without revisions are read as they are now): never the current answer for an as-of question.
const asOfCache = versionedCache<string, Map<string, TargetProgress>>(16);

/**
 * Progress of every target, computed once per data version from one load of the inputs; with
 * `asOf`, from the reported figures current at that instant (see {@link loadInputs}).
 */
export async function allTargetProgress(db: Db, asOf: Date | null = null): Promise<Map<string, TargetProgress>> {
  const compute = async () => {
    const [all, inputs] = await Promise.all([db.select().from(targets).orderBy(targets.ordinal), loadInputs(db, asOf)]);
    return new Map(all.map((t) => [t.code, withPath(t, progressOf(t, inputs))]));
  };
  return asOf ? asOfCache(db, `asOf:${asOf.getTime()}`, compute) : cache(db, "all", compute);
}

/** A unit of a per-unit norm as the API answers it: with how far it falls short. */
export interface PublicUnitProgress extends UnitValue {
  shortBy: string;
}

/** Target value − value, exactly (both are integers or 2-decimal amounts), or 0 when met. */
export function shortBy(target: string, value: string, met: boolean): string {
  if (met) return "0";
  const cents = (v: string) => BigInt(Math.round(Number(v) * 100));
  const d = cents(target) - cents(value);
  return d % 100n === 0n ? String(d / 100n) : (Number(d) / 100).toFixed(2);
}

/**
 * A target's progress as the public answers it — `Target.progress` in GraphQL and the filtered
 * downloads of progress (src/exports/query.ts): each unit's shortfall, the units that fall short,
 * provenance, and whether the figures behind it keep their revisions.
 */
export function publicProgress(p: TargetProgress, targetValue: string) {
  const units: PublicUnitProgress[] | null = p.units?.map((u) => ({ ...u, shortBy: shortBy(targetValue, u.value, u.met) })) ?? null;
  return {
    ...p,
    units,
    shortfalls: units?.filter((u) => !u.met) ?? null,
    provenance: (p.sample ? "SAMPLE" : "SOURCE") as "SAMPLE" | "SOURCE",
    // Only reported figures keep their revisions (indicator_observation_revisions).
    revisionsKept: p.source === "INDICATOR_OBSERVATIONS",
  };
}
