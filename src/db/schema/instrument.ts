import { sql } from "drizzle-orm";
import { index, integer, numeric, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { policySections } from "./policy.js";

export interface BeneficiaryGroupFact {
  code: string;
  name: string;
  nameEn: string;
}

/** The groups the document names as eligible for support, in order of first mention. */
export const BENEFICIARY_GROUPS: readonly BeneficiaryGroupFact[] = [
  { code: "REGISTERED_UNEMPLOYED", name: "登记失业人员", nameEn: "Registered unemployed people" },
  { code: "PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", name: "就业困难人员", nameEn: "People with employment difficulties" },
  { code: "COLLEGE_GRADUATES", name: "高校毕业生", nameEn: "College graduates" },
  { code: "COLLEGE_STUDENTS", name: "在校大学生", nameEn: "College students" },
  { code: "VETERANS", name: "退役军人", nameEn: "Veterans" },
  { code: "RURAL_MIGRANT_WORKERS", name: "农牧民工", nameEn: "Rural migrant workers (farmers and herders)" },
  { code: "PEOPLE_WITH_DISABILITIES", name: "残疾人", nameEn: "People with disabilities" },
  { code: "RURAL_TRANSFERRED_LABOR", name: "农村牧区转移就业劳动力", nameEn: "Rural labour transferred to non-farm employment" },
  { code: "URBAN_UNEMPLOYED", name: "城镇失业人员", nameEn: "Urban unemployed people" },
  { code: "WORKERS_LIFTED_OUT_OF_POVERTY", name: "脱贫劳动力", nameEn: "Workers lifted out of poverty (incl. those monitored against relapse)" },
  { code: "SCHOOL_LEAVERS", name: "城乡未继续升学初高中毕业生", nameEn: "Urban and rural junior and senior high school leavers not continuing their studies" },
  { code: "RELEASED_PRISONERS", name: "刑满释放人员", nameEn: "People released after serving a sentence" },
  { code: "RESEARCHERS", name: "科研人员", nameEn: "Researchers at public institutions" },
  { code: "RETURNED_OVERSEAS_SCHOLARS", name: "留学归国人员", nameEn: "Returned overseas scholars" },
];

/** Groups of people the document singles out for support. */
export const beneficiaryGroups = pgTable("beneficiary_groups", {
  /** Enum-style code, e.g. `VETERANS`. */
  code: text("code").primaryKey(),
  name: text("name").notNull().unique(),
  nameEn: text("name_en").notNull(),
  ordinal: integer("ordinal").notNull(),
  /** The groups are the document's own; the column lets clients check rather than assume. */
  provenance: provenance("provenance").notNull().default("SOURCE"),
});

export const instrumentKind = pgEnum("instrument_kind", ["SUBSIDY", "REWARD", "FUNDING", "EQUITY_INVESTMENT", "LOAN_RULE", "PREMISES", "PERSONNEL_RULE", "PREFERENTIAL_POLICY"]);
export const amountType = pgEnum("amount_type", ["FIXED", "MINIMUM", "MAXIMUM", "RELATIVE", "UNSPECIFIED"]);
export const amountUnit = pgEnum("amount_unit", ["PERSON", "HOUSEHOLD", "NEW_EMPLOYEE", "STUDIO", "BASE", "LOAN", "PERSON_MONTH", "YEAR", "NOT_APPLICABLE"]);
/** Who receives an instrument: a person, a business, the operator of a base, park or studio, an institution, a local government. */
export const instrumentAudience = pgEnum("instrument_audience", ["INDIVIDUAL", "ENTERPRISE", "BASE_OPERATOR", "INSTITUTION", "LOCAL_GOVERNMENT"]);
/** What a RELATIVE amount is a share of, as a code the API can compute with. */
export const amountBase = pgEnum("amount_base", ["CLASS_I_MINIMUM_WAGE"]);
export const paymentFrequency = pgEnum("payment_frequency", ["ONE_OFF", "MONTHLY", "ANNUAL", "NOT_APPLICABLE"]);

/** Subsidies, rewards, loan rules and personnel rules the document grants. */
export const supportInstruments = pgTable(
  "support_instruments",
  {
    /** Stable slug, e.g. `one-time-startup-subsidy`. */
    code: text("code").primaryKey(),
    sectionCode: text("section_code")
      .notNull()
      .references(() => policySections.code),
    ordinal: integer("ordinal").notNull(),
    kind: instrumentKind("kind").notNull(),
    /** Who receives it, most direct first; the seed never leaves it empty (the default only lets the column be added to a filled table). */
    audiences: instrumentAudience("audiences").array().notNull().default(sql`'{}'`),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    amountType: amountType("amount_type").notNull(),
    /** CNY, exact decimal; the floor for MINIMUM, the cap for MAXIMUM, the sum for FIXED. */
    amount: numeric("amount", { precision: 14, scale: 2 }),
    amountUnit: amountUnit("amount_unit").notNull(),
    payment: paymentFrequency("payment").notNull(),
    /** For RELATIVE amounts: what the rate applies to, e.g. `自治区一类地区最低工资标准`. */
    relativeBase: text("relative_base"),
    relativeBaseEn: text("relative_base_en"),
    /** The base as a code (`CLASS_I_MINIMUM_WAGE`): resolved against imported minimum wages. */
    relativeBaseCode: amountBase("relative_base_code"),
    relativeRate: numeric("relative_rate", { precision: 6, scale: 4 }),
    maxDurationMonths: integer("max_duration_months"),
    /** Who qualifies and when, in the document's words (zh) and in English. */
    conditions: text("conditions").notNull(),
    conditionsEn: text("conditions_en").notNull(),
    fundingSource: text("funding_source"),
    sourceQuote: text("source_quote").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [index("support_instruments_section_idx").on(t.sectionCode)],
);

export const instrumentBeneficiaryGroups = pgTable(
  "instrument_beneficiary_groups",
  {
    instrumentCode: text("instrument_code")
      .notNull()
      .references(() => supportInstruments.code),
    groupCode: text("group_code")
      .notNull()
      .references(() => beneficiaryGroups.code),
    ordinal: integer("ordinal").notNull(),
  },
  (t) => [primaryKey({ columns: [t.instrumentCode, t.groupCode] }), index("instrument_groups_group_idx").on(t.groupCode)],
);

/** Pairs that may not be drawn together (创业孵化补贴与一次性创业补贴不得重复享受). */
export const instrumentExclusions = pgTable(
  "instrument_exclusions",
  {
    instrumentCode: text("instrument_code")
      .notNull()
      .references(() => supportInstruments.code),
    excludedCode: text("excluded_code")
      .notNull()
      .references(() => supportInstruments.code),
  },
  (t) => [primaryKey({ columns: [t.instrumentCode, t.excludedCode] })],
);

export type SupportInstrumentRow = typeof supportInstruments.$inferSelect;
export type BeneficiaryGroupRow = typeof beneficiaryGroups.$inferSelect;
