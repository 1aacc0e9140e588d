import { index, integer, numeric, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { beneficiaryGroups } from "./instrument.js";
import { policySections } from "./policy.js";

export const targetComparator = pgEnum("target_comparator", ["AT_LEAST", "EXACTLY", "AT_MOST"]);
export const targetUnit = pgEnum("target_unit", ["PERSONS", "PROJECTS", "CNY", "BASES", "MAKER_SPACES", "BRANDS", "PERCENT"]);
export const targetScope = pgEnum("target_scope", ["REGION_WIDE", "PER_LEAGUE", "PER_COUNTY", "PER_MENTOR_TEAM", "PER_PARK"]);
export const targetPeriod = pgEnum("target_period", ["BY_DUE_YEAR", "CUMULATIVE_BY_DUE_YEAR", "PER_YEAR", "STANDING"]);

/** Every quantitative goal the document sets. */
export const targets = pgTable(
  "targets",
  {
    /** Stable slug, e.g. `supported-entrepreneurs`. */
    code: text("code").primaryKey(),
    sectionCode: text("section_code")
      .notNull()
      .references(() => policySections.code),
    /** Order in the document; the default sort. */
    ordinal: integer("ordinal").notNull(),
    /** Machine name of what is measured; indicator observations use the same code. */
    metric: text("metric").notNull().unique(),
    metricName: text("metric_name").notNull(),
    metricNameEn: text("metric_name_en").notNull(),
    comparator: targetComparator("comparator").notNull(),
    /** Exact value as a decimal string (no float rounding): `5000000000`, `30`. */
    value: numeric("value").notNull(),
    unit: targetUnit("unit").notNull(),
    scope: targetScope("scope").notNull(),
    period: targetPeriod("period").notNull(),
    dueYear: integer("due_year"),
    /** The sentence of the document that sets the target, verbatim. */
    sourceQuote: text("source_quote").notNull(),
    beneficiaryGroupCode: text("beneficiary_group_code").references(() => beneficiaryGroups.code),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [index("targets_section_idx").on(t.sectionCode)],
);

export type TargetRow = typeof targets.$inferSelect;
