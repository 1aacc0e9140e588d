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

// The closed sets of codes criteria use (stored as text[] in `values`, checked by the seed,
// offered as GraphQL enums). Here, not in the seed: runtime code never imports the seed.
/** Business types a criterion can name (the document's 小微企业, 家庭农场, 农牧民合作社 …). */
export const BUSINESS_TYPES = {
  SMALL_MICRO_ENTERPRISE: { name: "小微企业", nameEn: "Small or micro enterprise" },
  INDIVIDUAL_BUSINESS: { name: "个体工商户", nameEn: "Individually owned business (incl. small shops)" },
  FAMILY_FARM: { name: "家庭农场", nameEn: "Family farm" },
  FARMER_COOPERATIVE: { name: "农牧民合作社", nameEn: "Farmers' and herders' cooperative" },
  OTHER_NEW_AGRIBUSINESS: { name: "其他新型农牧业经营主体", nameEn: "Other new-type agricultural or pastoral business" },
  OTHER: { name: "其他", nameEn: "Other" },
} as const;

/** The sectors of P1-M3, in the document's order. */
export const SECTORS = {
  NEW_ENERGY: { name: "新能源", nameEn: "New energy" },
  NEW_MATERIALS: { name: "新材料", nameEn: "New materials" },
  BIOMEDICINE: { name: "生物医药", nameEn: "Biomedicine" },
  ELECTRONIC_INFORMATION: { name: "电子信息", nameEn: "Electronic information" },
  ENERGY_SAVING_ENVIRONMENTAL_PROTECTION: { name: "节能环保", nameEn: "Energy saving and environmental protection" },
  CULTURAL_INDUSTRY: { name: "文化产业", nameEn: "Cultural industry" },
  MODERN_SERVICES: { name: "现代服务业", nameEn: "Modern services" },
  CREATIVE_INDUSTRY: { name: "创新创意产业", nameEn: "Innovative and creative industry" },
  INTERNET: { name: "互联网", nameEn: "Internet" },
  INTERNET_OF_THINGS: { name: "物联网", nameEn: "Internet of things" },
  MODERN_AGRICULTURE_ANIMAL_HUSBANDRY: { name: "现代农牧业", nameEn: "Modern agriculture and animal husbandry" },
  PUBLIC_WELFARE_SERVICES: { name: "公益服务", nameEn: "Public-interest services" },
  OTHER: { name: "其他", nameEn: "Other" },
} as const;

/** What a person does that a criterion can ask about. */
export const ROLES = {
  PUBLIC_INSTITUTION_STAFF: { name: "事业单位人员", nameEn: "Staff of a public institution (事业单位), e.g. a public university or research institute" },
  ON_START_UP_LEAVE: { name: "离岗创业人员", nameEn: "On approved leave from the post to start a company" },
  FOUNDING_WHILE_IN_POST: { name: "在职创办企业人员", nameEn: "Founding a company while staying in the post" },
  MENTOR: { name: "创业导师", nameEn: "Entrepreneurship mentor (member of a mentor team)" },
} as const;

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
