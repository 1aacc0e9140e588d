import { and, count, eq, gte, lte, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { indicatorObservations, type IndicatorObservationRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export interface IndicatorFilter {
  metric?: string | null;
  regionCode?: string | null;
  periodEndFrom?: string | null;
  periodEndTo?: string | null;
}

const order: KeysetOrder<IndicatorObservationRow> = {
  tag: "indicator:metric-region-period",
  keys: [
    { expr: indicatorObservations.metric, type: "text", value: (r) => r.metric },
    { expr: indicatorObservations.regionCode, type: "text", value: (r) => r.regionCode },
    { expr: indicatorObservations.periodEnd, type: "date", value: (r) => r.periodEnd },
    { expr: indicatorObservations.period, type: "text", value: (r) => r.period },
  ],
  direction: "ASC",
};

export function indicatorsConnection<N>(db: Db, filter: IndicatorFilter, args: ConnectionArgs, toNode: (r: IndicatorObservationRow) => N) {
  const c: SQL[] = [];
  if (filter.metric) c.push(eq(indicatorObservations.metric, filter.metric));
  if (filter.regionCode) c.push(eq(indicatorObservations.regionCode, filter.regionCode));
  if (filter.periodEndFrom) c.push(gte(indicatorObservations.periodEnd, filter.periodEndFrom));
  if (filter.periodEndTo) c.push(lte(indicatorObservations.periodEnd, filter.periodEndTo));
  const where = and(...c);
  return keysetConnection({
    args,
    order,
    fetch: (q) => db.select().from(indicatorObservations).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(indicatorObservations).where(where).then((r) => r[0]!.n),
    toNode,
  });
}
