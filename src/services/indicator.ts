/**
 * Indicator series: the reported figures, and the figures of a league or of the whole region
 * derived from them where the metric adds up.
 *
 * Rules (README "Time series"):
 *  - A reported figure always wins: a league's or the region's own figure is never replaced by
 *    a sum, even when the parts disagree with it.
 *  - A league without a reported figure for a period gets the sum of its counties' figures
 *    (SUM_OF_COUNTIES); the region without one gets the sum of its leagues' — reported or
 *    derived (SUM_OF_LEAGUES). Per period, for stocks and flows alike (a stock's level at the
 *    period's end adds up across regions as a flow's total during it does).
 *  - Only metrics whose `metrics.additivity` is ADDITIVE are summed; rates, shares and per-unit
 *    norms are never (the metric says why in `additivityNote`).
 *  - A sum is published even when parts are missing, and says so: `partsSummed` of
 *    `partsExpected`, and `complete` false when a part is missing or is itself an incomplete sum.
 *    Dropping it would make a late league's quarter vanish from the region's series without a
 *    trace; a flagged figure can be filtered out (`complete`) or waited for.
 *
 * Everything is derived from one relation, the current reported figures
 * ({@link currentObservations}); a query "as of" a past moment only has to pass another.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { indicatorObservationRevisions, indicatorObservations, metrics, regions } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export type ObservationMethod = "REPORTED" | "SUM_OF_COUNTIES" | "SUM_OF_LEAGUES";

/** One figure of a series, reported or derived. */
export interface SeriesRow {
  metric: string;
  regionCode: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: string;
  provenance: "SOURCE" | "SAMPLE";
  method: ObservationMethod;
  /** For a sum: how many parts (counties or leagues) had a figure; null for a reported figure. */
  partsSummed: number | null;
  /** For a sum: how many parts the region has; null for a reported figure. */
  partsExpected: number | null;
  /** Reported, or a sum of every part, each itself complete. */
  complete: boolean;
}

/**
 * The reported figures every series is derived from: today, every row of indicator_observations
 * (columns metric, region_code, period, period_start, period_end, value, provenance). Revisions
 * and as-of queries replace this relation, and only this one.
 */
export function currentObservations(): SQL {
  return sql`select metric, region_code, period, period_start, period_end, value, provenance from ${indicatorObservations}`;
}

const instant = (asOf: Date) => sql`cast(${asOf.toISOString()} as timestamptz)`;

/** The vintages that were current at `asOf`: recorded by then and not yet superseded. */
function visibleAt(asOf: Date): SQL {
  const r = indicatorObservationRevisions;
  return sql`${r.recordedAt} <= ${instant(asOf)} and (${r.supersededAt} is null or ${r.supersededAt} > ${instant(asOf)})`;
}

/**
 * The reported figures as they stood at `asOf` (transaction time), with the columns of
 * {@link currentObservations}; for null, the current figures themselves (served by the table's
 * own indexes). Every series, reported or derived, is computed from this one relation.
 */
export function reportedObservations(asOf: Date | null | undefined): SQL {
  if (!asOf) return currentObservations();
  return sql`select metric, region_code, period, period_start, period_end, value, provenance from ${indicatorObservationRevisions} where ${visibleAt(asOf)}`;
}

/**
 * Which reported figures a derivation needs: conditions that hold for a whole (metric, period) or
 * a region's subtree can be applied before summing without changing any sum that survives the
 * outer filter.
 */
export interface SeriesScope {
  metric?: string | null;
  /** The region asked for: only it, its children and grandchildren are read. */
  regionCode?: string | null;
  periodStartFrom?: string | null;
  periodEndFrom?: string | null;
  periodEndTo?: string | null;
}

/**
 * The series as SQL: the rows of `source` (reported) and the sums derived from them, with
 * columns metric, region_code, period, period_start, period_end (dates), value (numeric),
 * provenance, method, parts_summed, parts_expected, complete.
 */
export function seriesSql(source: SQL, scope: SeriesScope = {}): SQL {
  const c: SQL[] = [sql`true`];
  if (scope.metric) c.push(sql`src.metric = ${scope.metric}`);
  if (scope.periodStartFrom) c.push(sql`src.period_start >= cast(${scope.periodStartFrom} as date)`);
  if (scope.periodEndFrom) c.push(sql`src.period_end >= cast(${scope.periodEndFrom} as date)`);
  if (scope.periodEndTo) c.push(sql`src.period_end <= cast(${scope.periodEndTo} as date)`);
  if (scope.regionCode) {
    const r = scope.regionCode;
    c.push(sql`src.region_code in (select code from ${regions} where code = ${r} or parent_code = ${r} or parent_code in (select code from ${regions} where parent_code = ${r}))`);
  }
  return sql`with o as (select * from (${source}) src where ${sql.join(c, sql` and `)}),
  county_sums as (
    select o.metric, k.parent_code as region_code, o.period, min(o.period_start) as period_start, max(o.period_end) as period_end,
           sum(o.value) as value, bool_or(o.provenance = 'SAMPLE') as sample, cast(count(*) as integer) as parts,
           (select cast(count(*) as integer) from ${regions} x where x.parent_code = k.parent_code and x.level = 'COUNTY') as expected
    from o join ${regions} k on k.code = o.region_code and k.level = 'COUNTY'
    join ${metrics} m on m.code = o.metric and m.additivity = 'ADDITIVE'
    where not exists (select 1 from o r where r.metric = o.metric and r.region_code = k.parent_code and r.period = o.period)
    group by o.metric, k.parent_code, o.period),
  league_figures as (
    select o.metric, o.region_code, o.period, o.period_start, o.period_end, o.value, o.provenance = 'SAMPLE' as sample, true as complete
    from o join ${regions} l on l.code = o.region_code and l.level = 'LEAGUE'
    union all
    select metric, region_code, period, period_start, period_end, value, sample, parts = expected from county_sums),
  league_sums as (
    select f.metric, l.parent_code as region_code, f.period, min(f.period_start) as period_start, max(f.period_end) as period_end,
           sum(f.value) as value, bool_or(f.sample) as sample, cast(count(*) as integer) as parts,
           (select cast(count(*) as integer) from ${regions} x where x.parent_code = l.parent_code and x.level = 'LEAGUE') as expected,
           bool_and(f.complete) as parts_complete
    from league_figures f join ${regions} l on l.code = f.region_code
    join ${metrics} m on m.code = f.metric and m.additivity = 'ADDITIVE'
    where not exists (select 1 from o r where r.metric = f.metric and r.region_code = l.parent_code and r.period = f.period)
    group by f.metric, l.parent_code, f.period)
  select metric, region_code, period, period_start, period_end, value, cast(provenance as text) as provenance,
         'REPORTED' as method, cast(null as integer) as parts_summed, cast(null as integer) as parts_expected, true as complete from o
  union all
  select metric, region_code, period, period_start, period_end, value, case when sample then 'SAMPLE' else 'SOURCE' end,
         'SUM_OF_COUNTIES', parts, expected, parts = expected from county_sums
  union all
  select metric, region_code, period, period_start, period_end, value, case when sample then 'SAMPLE' else 'SOURCE' end,
         'SUM_OF_LEAGUES', parts, expected, parts = expected and parts_complete from league_sums`;
}

/** The columns of a series row as the API reads them (dates and values as text). */
const SELECT_ROW = sql`s.metric, s.region_code as "regionCode", s.period, cast(s.period_start as text) as "periodStart", cast(s.period_end as text) as "periodEnd",
  cast(s.value as text) as value, s.provenance, s.method, s.parts_summed as "partsSummed", s.parts_expected as "partsExpected", s.complete`;

export interface IndicatorFilter {
  metric?: string | null;
  regionCode?: string | null;
  periodEndFrom?: string | null;
  periodEndTo?: string | null;
  method?: ObservationMethod | null;
  /** SDMX startPeriod: periods starting on or after this date (the first day of the period asked). */
  startDate?: string | null;
  /** SDMX endPeriod: periods ending on or before this date (the last day of the period asked). */
  endDate?: string | null;
  /** The last n periods of each series (metric × region), after the other conditions. */
  lastN?: number | null;
  /**
   * Answer as the service would have at this instant (transaction time): the figures recorded
   * by then, with the values then current, and the sums derived from them. Null: now.
   */
  asOf?: Date | null;
}

const order: KeysetOrder<SeriesRow> = {
  tag: "indicator:metric-region-period",
  keys: [
    { expr: sql`s.metric`, type: "text", value: (r) => r.metric },
    { expr: sql`s.region_code`, type: "text", value: (r) => r.regionCode },
    { expr: sql`s.period_end`, type: "date", value: (r) => r.periodEnd },
    { expr: sql`s.period`, type: "text", value: (r) => r.period },
  ],
  direction: "ASC",
};

/** The rows of the series a filter selects (before paging), as SQL over columns of {@link seriesSql}. */
function filteredSeries(filter: IndicatorFilter, source: SQL): SQL {
  // Every condition on the metric or the period holds for a sum as for its parts: applied before summing.
  const series = seriesSql(source, {
    metric: filter.metric,
    regionCode: filter.regionCode,
    periodStartFrom: filter.startDate,
    periodEndFrom: filter.periodEndFrom,
    periodEndTo: minDate(filter.periodEndTo, filter.endDate),
  });
  const c: SQL[] = [sql`true`];
  if (filter.regionCode) c.push(sql`s.region_code = ${filter.regionCode}`);
  if (filter.method) c.push(sql`s.method = ${filter.method}`);
  const selected = sql`select s.* from (${series}) s where ${sql.join(c, sql` and `)}`;
  if (filter.lastN == null) return selected;
  return sql`select s.* from (select s.*, row_number() over (partition by s.metric, s.region_code order by s.period_end desc, s.period desc) as rn
    from (${selected}) s) s where s.rn <= ${filter.lastN}`;
}

function minDate(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a < b ? a : b;
}

export function indicatorsConnection<N>(db: Db, filter: IndicatorFilter, args: ConnectionArgs, toNode: (r: SeriesRow) => N, source: SQL = reportedObservations(filter.asOf)) {
  const rowsOf = filteredSeries(filter, source);
  return keysetConnection({
    args,
    order,
    fetch: (q) =>
      queryRows<SeriesRow>(db, sql`select ${SELECT_ROW} from (${rowsOf}) s where ${q.after ?? sql`true`} order by ${sql.join(q.orderBy, sql`, `)} limit ${q.limit}`),
    count: () => queryRows<{ n: number }>(db, sql`select cast(count(*) as integer) as n from (${rowsOf}) s`).then((r) => r[0]!.n),
    toNode,
  });
}

/**
 * The region-wide series of every metric (the region's reported figures, else the sum of its
 * leagues), in time order per metric: what target progress counts.
 */
export function regionWideSeries(db: Db, source: SQL = currentObservations()): Promise<SeriesRow[]> {
  const province = sql`(select code from ${regions} where level = 'PROVINCE')`;
  return queryRows<SeriesRow>(db, sql`select ${SELECT_ROW} from (${seriesSql(source)}) s where s.region_code = ${province} order by s.metric, s.period_end, s.period`);
}

/**
 * The first and last day of a period as the series name them: a year (`2023`) or a quarter
 * (`2023-Q2`); null for anything else.
 */
export function periodBounds(period: string): { start: string; end: string } | null {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!m || m[1] === "0000") return null;
  const year = m[1]!;
  if (!m[2]) return { start: `${year}-01-01`, end: `${year}-12-31` };
  const q = Number(m[2]);
  const end = new Date(Date.UTC(2000, q * 3, 0));
  const mm = (n: number) => String(n).padStart(2, "0");
  return { start: `${year}-${mm(q * 3 - 2)}-01`, end: `${year}-${mm(q * 3)}-${mm(end.getUTCDate())}` };
}

/** One vintage of a reported figure. Instants are epoch milliseconds, rounded up (see below). */
export interface ObservationRevision {
  key: string;
  value: string;
  provenance: "SOURCE" | "SAMPLE";
  recordedAt: number;
  /** Null while it is the current figure. */
  supersededAt: number | null;
}

/** The key of a figure: metric, region, period. */
export function observationKey(r: { metric: string; regionCode: string; period: string }): string {
  return JSON.stringify([r.metric, r.regionCode, r.period]);
}

/**
 * Every vintage of the given figures, oldest first. Instants are rounded *up* to the
 * millisecond: the database keeps microseconds, a DateTime carries milliseconds, and with the
 * round-up a vintage is visible at `asOf` exactly when its `recordedAt` ≤ `asOf` — so passing a
 * returned `recordedAt` back as `asOf` shows that vintage, and one millisecond earlier does not.
 */
export async function revisionsByKeys(db: Db, keys: readonly string[]): Promise<ObservationRevision[]> {
  if (keys.length === 0) return [];
  const r = indicatorObservationRevisions;
  const wanted = keys.map((k) => JSON.parse(k) as [string, string, string]);
  const ms = (col: SQL) => sql`cast(cast(ceil(extract(epoch from ${col}) * 1000) as bigint) as text)`;
  const list = await queryRows<{ metric: string; region_code: string; period: string; value: string; provenance: "SOURCE" | "SAMPLE"; recorded: string; superseded: string | null }>(
    db,
    sql`select r.metric, r.region_code, r.period, cast(r.value as text) as value, cast(r.provenance as text) as provenance,
               ${ms(sql`r.recorded_at`)} as recorded, ${ms(sql`r.superseded_at`)} as superseded
        from ${r} r join jsonb_to_recordset(${JSON.stringify(wanted.map(([m, g, p]) => ({ m, g, p })))}::jsonb) as k(m text, g text, p text)
          on r.metric = k.m and r.region_code = k.g and r.period = k.p
        order by r.metric, r.region_code, r.period, r.recorded_at`,
  );
  return list.map((v) => ({
    key: observationKey({ metric: v.metric, regionCode: v.region_code, period: v.period }),
    value: v.value,
    provenance: v.provenance,
    recordedAt: Number(v.recorded),
    supersededAt: v.superseded === null ? null : Number(v.superseded),
  }));
}

/**
 * A figure's vintages as the service knew them at `asOf` (all of them for null): those
 * recorded by then, the last one current (its `supersededAt` null when it was superseded later).
 */
export function revisionsAsOf(all: ObservationRevision[], asOf: Date | null): ObservationRevision[] {
  if (!asOf) return all;
  const at = asOf.getTime();
  return all.filter((v) => v.recordedAt <= at).map((v) => (v.supersededAt !== null && v.supersededAt > at ? { ...v, supersededAt: null } : v));
}
