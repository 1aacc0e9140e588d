import { date, index, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { regions } from "./region.js";

/**
 * Reported figures per metric × region × period (a quarter, `2023-Q2`, or a year, `2023`).
 * Metric codes are the `metric` of targets; flows are the period's own figure, stocks the
 * level at the period's end (see src/services/progress.ts for which is which).
 */
export const indicatorObservations = pgTable(
  "indicator_observations",
  {
    metric: text("metric").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    period: text("period").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    value: numeric("value").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.metric, t.regionCode, t.period] }),
    index("indicator_observations_period_idx").on(t.metric, t.periodEnd),
    // The keyset order of the indicatorObservations connection.
    index("indicator_observations_order_idx").on(t.metric, t.regionCode, t.periodEnd, t.period),
  ],
);

export type IndicatorObservationRow = typeof indicatorObservations.$inferSelect;
