import { sql } from "drizzle-orm";
import { date, index, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { regions } from "./region.js";

/**
 * Reported figures per metric × region × period (a quarter, `2023-Q2`, or a year, `2023`).
 * Metric codes are those of the `metrics` table; flows are the period's own figure, stocks the
 * level at the period's end (`metrics.kind` says which is which).
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

/**
 * Every vintage of every reported figure: what was published (value, provenance), when it was
 * recorded (`recorded_at`, transaction time: the start of the import or seed that wrote it) and
 * when it stopped being the published figure (`superseded_at`: replaced by a revised value, or
 * removed; null while it is current). indicator_observations stays the current figures, exactly
 * as before, so the default answers cost what they did; this table is written by the trigger
 * indicator_observations_keep_revisions (migration 0011), whatever path changes a figure —
 * an import, a re-seed, a hand-run UPDATE. A write that changes nothing adds nothing.
 *
 * The figures as they stood at an instant T are the rows with recorded_at <= T and
 * (superseded_at is null or superseded_at > T).
 */
export const indicatorObservationRevisions = pgTable(
  "indicator_observation_revisions",
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
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "string" }).notNull(),
    supersededAt: timestamp("superseded_at", { withTimezone: true, mode: "string" }),
  },
  (t) => [
    primaryKey({ columns: [t.metric, t.regionCode, t.period, t.recordedAt] }),
    // At most one current vintage per figure; the trigger finds it by this index.
    uniqueIndex("indicator_observation_revisions_current_idx").on(t.metric, t.regionCode, t.period).where(sql`superseded_at is null`),
    // The keyset order of indicatorObservations(asOf:), as indicator_observations_order_idx.
    index("indicator_observation_revisions_order_idx").on(t.metric, t.regionCode, t.periodEnd, t.period, t.recordedAt),
  ],
);

export type IndicatorObservationRevisionRow = typeof indicatorObservationRevisions.$inferSelect;
