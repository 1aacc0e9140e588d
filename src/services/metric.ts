import { count, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { metrics, targets, type MetricRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

const byOrdinal: KeysetOrder<MetricRow> = {
  tag: "metric:ordinal-code",
  keys: [
    { expr: metrics.ordinal, type: "int", value: (r) => r.ordinal },
    { expr: metrics.code, type: "text", value: (r) => r.code },
  ],
  direction: "ASC",
};

export function metricsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(metrics).where(inArray(metrics.code, [...codes]));
}

export function targetsByMetrics(db: Db, codes: readonly string[]) {
  return db.select().from(targets).where(inArray(targets.metric, [...codes]));
}

export function metricsConnection<N>(db: Db, args: ConnectionArgs, toNode: (r: MetricRow) => N) {
  return keysetConnection({
    args,
    order: byOrdinal,
    fetch: (q) => db.select().from(metrics).where(q.after).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(metrics).then((r) => r[0]!.n),
    toNode,
  });
}

/** Every metric, by code: small (one per target), read whole where the metadata decides a computation. */
export async function allMetrics(db: Db): Promise<Map<string, MetricRow>> {
  return new Map((await db.select().from(metrics)).map((m) => [m.code, m]));
}
