import { and, count, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "../db/client.js";
import { indicatorObservationRevisions, indicatorObservations, type IndicatorObservationRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export interface IndicatorFilter {
  metric?: string | null;
  regionCode?: string | null;
  periodEndFrom?: string | null;
  periodEndTo?: string | null;
  /**
   * Answer as the service would have at this instant (transaction time): the figures recorded
   * by then, with the values then current. Null: now, from indicator_observations itself.
   */
  asOf?: Date | null;
}

type OrderColumns = Record<"metric" | "regionCode" | "periodEnd" | "period", AnyPgColumn>;

function orderOn(t: OrderColumns): KeysetOrder<IndicatorObservationRow> {
  return {
    // The same order now and as of a past instant: a cursor means the same in both.
    tag: "indicator:metric-region-period",
    keys: [
      { expr: t.metric, type: "text", value: (r) => r.metric },
      { expr: t.regionCode, type: "text", value: (r) => r.regionCode },
      { expr: t.periodEnd, type: "date", value: (r) => r.periodEnd },
      { expr: t.period, type: "text", value: (r) => r.period },
    ],
    direction: "ASC",
  };
}

const order = orderOn(indicatorObservations);
const revisionsOrder = orderOn(indicatorObservationRevisions);

const instant = (asOf: Date) => sql`cast(${asOf.toISOString()} as timestamptz)`;

/** The vintages that were current at `asOf`: recorded by then and not yet superseded. */
function visibleAt(asOf: Date): SQL {
  const r = indicatorObservationRevisions;
  return sql`${r.recordedAt} <= ${instant(asOf)} and (${r.supersededAt} is null or ${r.supersededAt} > ${instant(asOf)})`;
}

/**
 * The reported figures as they stood at `asOf`, with the columns of indicator_observations: a
 * parenthesised subquery to put where raw SQL reads `from indicator_observations`. For `null`,
 * the table itself (the current figures, served by its own indexes).
 */
export function observationsAsOf(asOf: Date | null | undefined): SQL {
  if (!asOf) return sql`${indicatorObservations}`;
  return sql`(select metric, region_code, period, period_start, period_end, value, provenance from ${indicatorObservationRevisions} where ${visibleAt(asOf)})`;
}

export function indicatorsConnection<N>(db: Db, filter: IndicatorFilter, args: ConnectionArgs, toNode: (r: IndicatorObservationRow) => N) {
  const asOf = filter.asOf ?? null;
  const t = asOf ? indicatorObservationRevisions : indicatorObservations;
  const c: SQL[] = [];
  if (asOf) c.push(visibleAt(asOf));
  if (filter.metric) c.push(eq(t.metric, filter.metric));
  if (filter.regionCode) c.push(eq(t.regionCode, filter.regionCode));
  if (filter.periodEndFrom) c.push(gte(t.periodEnd, filter.periodEndFrom));
  if (filter.periodEndTo) c.push(lte(t.periodEnd, filter.periodEndTo));
  const where = and(...c);
  const columns = {
    metric: t.metric,
    regionCode: t.regionCode,
    period: t.period,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    value: t.value,
    provenance: t.provenance,
  };
  return keysetConnection({
    args,
    order: asOf ? revisionsOrder : order,
    fetch: (q) => db.select(columns).from(t).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(t).where(where).then((r) => r[0]!.n),
    toNode,
  });
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
