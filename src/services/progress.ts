/**
 * Progress against every target: the current value, the share of the target, and the series
 * behind it. Each target's metric says where its numbers come from and how they add up:
 *  - FLOW: quarterly reported figures (indicator_observations, per league), summed over the
 *    programme (2022 onwards) — e.g. people supported;
 *  - STOCK: a level reported each quarter (per league), the latest quarter counts;
 *  - YEARLY: one region-wide figure per year, each year must meet the target;
 *  - PER_UNIT: a norm every unit must meet (each county, each league, each government-built
 *    park): current value = the lowest unit's value, share = units meeting / units;
 *  - derived from the base tables: loan volumes (loan_rollups), base and maker-space counts
 *    (incubator_bases), regional brands per league (demonstration_brands).
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { demonstrationBrands, incubatorBases, indicatorObservations, regions, targets, type TargetRow } from "../db/schema/index.js";
import { allRows, centsToDecimal, loanStatistics, publicMeasures } from "./statistics.js";
import { versionedCache } from "./versioned-cache.js";

export type ProgressSource = "INDICATOR_OBSERVATIONS" | "GUARANTEE_LOANS" | "INCUBATOR_BASES" | "DEMONSTRATION_BRANDS";

export interface ProgressPoint {
  period: string;
  periodEnd: string;
  value: string;
  cumulativeValue: string;
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
  series: ProgressPoint[];
  source: ProgressSource;
  /** True when any figure behind it is sample data. */
  sample: boolean;
  method: string;
}

type Method =
  | { kind: "FLOW" | "STOCK" | "YEARLY"; metric: string }
  | { kind: "UNIT_OBSERVED"; metric: string }
  | { kind: "LOANS" }
  | { kind: "BASES"; baseKind: "INCUBATION_BASE" | "MAKER_SPACE"; level: "NATIONAL" | "AUTONOMOUS_REGION" }
  | { kind: "FREE_SPACE" }
  | { kind: "BRANDS_PER_LEAGUE" };

/** How each target's progress is measured, by metric. */
const METHODS: Record<string, Method> = {
  supported_entrepreneurs: { kind: "FLOW", metric: "supported_entrepreneurs" },
  jobs_created: { kind: "FLOW", metric: "jobs_created" },
  guarantee_loans_issued_amount: { kind: "LOANS" },
  project_bank_projects: { kind: "STOCK", metric: "project_bank_projects" },
  high_level_trainers: { kind: "STOCK", metric: "high_level_trainers" },
  entrepreneurship_trainees: { kind: "FLOW", metric: "entrepreneurship_trainees" },
  county_projects_collected: { kind: "UNIT_OBSERVED", metric: "county_projects_collected" },
  county_mentor_team_members: { kind: "UNIT_OBSERVED", metric: "county_mentor_team_members" },
  national_incubation_bases: { kind: "BASES", baseKind: "INCUBATION_BASE", level: "NATIONAL" },
  national_maker_spaces: { kind: "BASES", baseKind: "MAKER_SPACE", level: "NATIONAL" },
  regional_incubation_bases: { kind: "BASES", baseKind: "INCUBATION_BASE", level: "AUTONOMOUS_REGION" },
  regional_maker_spaces: { kind: "BASES", baseKind: "MAKER_SPACE", level: "AUTONOMOUS_REGION" },
  annual_incubation_award_funding: { kind: "YEARLY", metric: "annual_incubation_award_funding" },
  park_free_space_share: { kind: "FREE_SPACE" },
  graduate_practical_trainees: { kind: "FLOW", metric: "graduate_practical_trainees" },
  rural_labor_trainees: { kind: "FLOW", metric: "rural_labor_trainees" },
  annual_model_entrepreneurs: { kind: "YEARLY", metric: "annual_model_entrepreneurs" },
  league_regional_brands: { kind: "BRANDS_PER_LEAGUE" },
};

const METHOD_TEXT: Record<Method["kind"], string> = {
  FLOW: "Sum of the quarterly figures reported by the leagues since 2022.",
  STOCK: "The level reported at the end of the latest quarter, summed over the leagues.",
  YEARLY: "The region-wide figure of each year; met when every year meets the target.",
  UNIT_OBSERVED: "Each county's latest yearly figure; the current value is the lowest county's, the share the fraction of counties meeting the norm.",
  LOANS: "Sum of the published quarterly amounts of guarantee loans issued since 2022 (the loanStatistics cells by QUARTER, protected by the cell key method: each within half its largest loan of the true amount).",
  BASES: "Number of bases of this kind and level recognised up to each year.",
  FREE_SPACE: "Share of free space in each government-built base (percent); the current value is the lowest, the share the fraction of bases meeting the norm.",
  BRANDS_PER_LEAGUE: "Regional brands recognised in each league; the current value is the lowest league's count, the share the fraction of leagues with enough.",
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

function cumulative(points: { period: string; periodEnd: string; value: string }[]): ProgressPoint[] {
  let total = "0";
  return points.map((p) => ({ ...p, cumulativeValue: (total = addDecimal(total, p.value)) }));
}

/** Everything the progress of all targets needs, in five queries. */
async function loadInputs(db: Db) {
  const observations = await queryRows(db, sql`
      select o.metric, o.period, max(o.period_end) as period_end, cast(sum(o.value) as text) as value,
             bool_or(o.provenance = 'SAMPLE') as sample, count(*) as units,
             cast(min(o.value) as text) as min_value
      from ${indicatorObservations} o
      group by o.metric, o.period order by o.metric, max(o.period_end)`);
  const unitRows = await queryRows(db, sql`
      select o.metric, o.region_code, cast(o.value as text) as value, o.period, o.period_end, o.provenance
      from ${indicatorObservations} o
      where o.metric in ('county_projects_collected', 'county_mentor_team_members')`);
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
  return { observations, unitRows, loans, bases, brands };
}

function quarterEnd(year: number, quarter: number): string {
  return new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
}

function progressOf(target: TargetRow, inputs: Awaited<ReturnType<typeof loadInputs>>): TargetProgress {
  const method = METHODS[target.metric];
  const base = { targetCode: target.code, method: method ? METHOD_TEXT[method.kind] : "No figures are reported for this metric yet.", unitsMeeting: null, unitsTotal: null };
  if (!method) return { ...base, currentValue: null, share: null, met: false, asOf: null, series: [], source: "INDICATOR_OBSERVATIONS", sample: false };

  switch (method.kind) {
    case "FLOW":
    case "STOCK":
    case "YEARLY": {
      const rows = inputs.observations.filter((o) => o.metric === method.metric && (method.kind === "YEARLY" || String(o.period) >= "2022"));
      const points = rows.map((o) => ({ period: String(o.period), periodEnd: String(o.period_end), value: String(o.value) }));
      const series = method.kind === "FLOW" ? cumulative(points) : points.map((p) => ({ ...p, cumulativeValue: p.value }));
      const last = series.at(-1);
      const current = last ? (method.kind === "FLOW" ? last.cumulativeValue : last.value) : null;
      const met = method.kind === "YEARLY" ? series.length > 0 && series.every((p) => meets(target, p.value)) : current !== null && meets(target, current);
      return { ...base, currentValue: current, share: current === null ? null : ratio(current, target.value), met, asOf: last?.periodEnd ?? null, series, source: "INDICATOR_OBSERVATIONS", sample: rows.some((o) => o.sample === true) };
    }
    case "UNIT_OBSERVED": {
      const rows = inputs.unitRows.filter((o) => o.metric === method.metric);
      const latest = new Map<string, Record<string, unknown>>();
      for (const r of rows) {
        const prev = latest.get(String(r.region_code));
        if (!prev || String(r.period_end) > String(prev.period_end)) latest.set(String(r.region_code), r);
      }
      const values = [...latest.values()];
      const meeting = values.filter((v) => meets(target, String(v.value))).length;
      const min = values.reduce<string | null>((m, v) => (m === null || cmp(String(v.value), m) < 0 ? String(v.value) : m), null);
      const series = inputs.observations
        .filter((o) => o.metric === method.metric)
        .map((o) => ({ period: String(o.period), periodEnd: String(o.period_end), value: String(o.min_value), cumulativeValue: String(o.min_value) }));
      return {
        ...base,
        currentValue: min,
        share: values.length ? (meeting / values.length).toFixed(4) : null,
        met: values.length > 0 && meeting === values.length,
        asOf: series.at(-1)?.periodEnd ?? null,
        unitsMeeting: meeting,
        unitsTotal: values.length,
        series,
        source: "INDICATOR_OBSERVATIONS",
        sample: rows.some((r) => r.provenance === "SAMPLE"),
      };
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
  }
}

const cache = versionedCache<"all", Map<string, TargetProgress>>(2);

/** Progress of every target, computed once per data version from one load of the inputs. */
export async function allTargetProgress(db: Db): Promise<Map<string, TargetProgress>> {
  return cache(db, "all", async () => {
    const [all, inputs] = await Promise.all([db.select().from(targets).orderBy(targets.ordinal), loadInputs(db)]);
    return new Map(all.map((t) => [t.code, progressOf(t, inputs)]));
  });
}
