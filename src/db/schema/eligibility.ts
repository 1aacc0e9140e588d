import { date, index, integer, numeric, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { beneficiaryGroups, supportInstruments } from "./instrument.js";
import { policySections } from "./policy.js";
import { regions } from "./region.js";

/**
 * What one condition of an instrument tests. Each row carries the document's own words for it
 * (`source_text`), so that "why does this apply?" is always answered by a quote.
 */
export const criterionKind = pgEnum("criterion_kind", [
  "BENEFICIARY_GROUP",
  "MAX_MONTHS_SINCE_LEAVING_SCHOOL",
  "NOT_EMPLOYED",
  "IN_GRADUATING_YEAR",
  "RETURNING_HOME",
  "FIRST_TIME_FOUNDER",
  "MIN_MONTHS_OPERATING",
  "EMPLOYS_OTHERS",
  "FILES_TAXES",
  "MAX_MONTHS_AFTER_INTERNSHIP",
  "BUSINESS_TYPE",
  "SECTOR",
  "LOCATION",
  "MAX_LOAN_AMOUNT",
  "ROLE",
  "EXCLUSIVE_WITH",
  "OTHER",
]);

/** The conditions of every instrument, as data beside the exact text. */
export const instrumentCriteria = pgTable(
  "instrument_criteria",
  {
    instrumentCode: text("instrument_code")
      .notNull()
      .references(() => supportInstruments.code),
    ordinal: integer("ordinal").notNull(),
    kind: criterionKind("kind").notNull(),
    /** BENEFICIARY_GROUP: the group named. */
    groupCode: text("group_code").references(() => beneficiaryGroups.code),
    /** A qualifier of one named group only (离校两年内未就业 qualifies 高校毕业生); null: applies to everyone. */
    appliesToGroup: text("applies_to_group").references(() => beneficiaryGroups.code),
    /** Months (MAX_MONTHS_*, MIN_MONTHS_OPERATING). */
    months: integer("months"),
    /** CNY (MAX_LOAN_AMOUNT). */
    amount: numeric("amount", { precision: 14, scale: 2 }),
    /** Codes the condition accepts: business types, sectors, region codes, roles, instrument codes. */
    values: text("values").array().notNull(),
    /** Criteria sharing a label are alternatives (any one suffices); null: required on its own. Groups are always alternatives of each other. */
    anyOf: text("any_of"),
    sectionCode: text("section_code")
      .notNull()
      .references(() => policySections.code),
    sourceText: text("source_text").notNull(),
    noteEn: text("note_en").notNull(),
  },
  (t) => [primaryKey({ columns: [t.instrumentCode, t.ordinal] }), index("instrument_criteria_group_idx").on(t.groupCode)],
);

/** Classes of area for the minimum wage (一类地区 … 四类地区). */
export const wageClass = pgEnum("wage_class", ["I", "II", "III", "IV"]);

/**
 * Monthly minimum wages as published by the autonomous region — imported (dataset
 * `minimum-wages`), never invented: the programme seed writes none. A row for 150000 is the
 * region-wide standard of its class; a row for a league, that league's own figure.
 */
export const minimumWages = pgTable(
  "minimum_wages",
  {
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    wageClass: wageClass("wage_class").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    /** CNY per month, exact decimal. */
    monthlyAmount: numeric("monthly_amount", { precision: 10, scale: 2 }).notNull(),
    /** Where the figure was published (notice number, title, URL). */
    source: text("source").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.wageClass, t.effectiveFrom] })],
);

export type InstrumentCriterionRow = typeof instrumentCriteria.$inferSelect;
export type MinimumWageRow = typeof minimumWages.$inferSelect;
