import { check, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { targetUnit } from "./target.js";

/** A stock is a level at the end of the period (bases recognised); a flow happens during it (people supported). */
export const metricKind = pgEnum("metric_kind", ["STOCK", "FLOW"]);
/** Whether figures of parts (counties, leagues) add up to the figure of the whole. */
export const metricAdditivity = pgEnum("metric_additivity", ["ADDITIVE", "NOT_ADDITIVE"]);
export const metricFrequency = pgEnum("metric_frequency", ["QUARTERLY", "ANNUAL"]);

/**
 * What each metric measures and how its figures behave: the metadata a region-wide series is
 * derived by (only ADDITIVE metrics are summed over leagues and counties) and target progress
 * reads (a FLOW is summed over the programme, a STOCK's latest level counts). Every metric of a
 * target and every metric of indicator_observations has a row.
 */
export const metrics = pgTable(
  "metrics",
  {
    /** Machine name, as in `targets.metric` and `indicator_observations.metric`. */
    code: text("code").primaryKey(),
    /** Listing order (the targets' document order). */
    ordinal: integer("ordinal").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    unit: targetUnit("unit").notNull(),
    kind: metricKind("kind").notNull(),
    additivity: metricAdditivity("additivity").notNull(),
    /** Why a NOT_ADDITIVE metric is not summed (Chinese, then English); null for additive ones. */
    additivityNote: text("additivity_note"),
    additivityNoteEn: text("additivity_note_en"),
    frequency: metricFrequency("frequency").notNull(),
    description: text("description").notNull(),
    descriptionEn: text("description_en").notNull(),
  },
  (t) => [
    // A metric that is not summed says why, in both languages.
    check("metrics_not_additive_says_why", sql`${t.additivity} = 'ADDITIVE' or (${t.additivityNote} is not null and ${t.additivityNoteEn} is not null)`),
  ],
);

export type MetricRow = typeof metrics.$inferSelect;
