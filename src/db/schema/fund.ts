import { index, integer, numeric, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { amountType, amountUnit, supportInstruments } from "./instrument.js";
import { policySections } from "./policy.js";

/**
 * Whose money a fund is: the central government's (国家), the autonomous region's (自治区),
 * every level's budget (各级财政), a university's (各高校), a park's, private capital — or the
 * document does not say (`NOT_STATED`), which is kept apart rather than guessed.
 */
export const fundLevel = pgEnum("fund_level", ["NATIONAL", "REGIONAL", "ALL_LEVELS", "UNIVERSITY", "PARK", "PRIVATE", "NOT_STATED"]);

/** The funds the document relies on (创业投资引导基金, 就业补助资金 …), by stable slug. */
export const funds = pgTable("funds", {
  code: text("code").primaryKey(),
  ordinal: integer("ordinal").notNull(),
  name: text("name").notNull(),
  nameEn: text("name_en").notNull(),
  level: fundLevel("level").notNull(),
  levelNote: text("level_note").notNull(),
  amountType: amountType("amount_type").notNull(),
  /** CNY, exact decimal: the floor for MINIMUM; null when the document sets no amount. */
  amount: numeric("amount", { precision: 14, scale: 2 }),
  amountUnit: amountUnit("amount_unit").notNull(),
  /** Section and words of the first mention (the same as the first row of `fund_mentions`). */
  sectionCode: text("section_code")
    .notNull()
    .references(() => policySections.code),
  sourceQuote: text("source_quote").notNull(),
  provenance: provenance("provenance").notNull(),
});

/** Every place the document names a fund, verbatim, in document order. */
export const fundMentions = pgTable(
  "fund_mentions",
  {
    fundCode: text("fund_code")
      .notNull()
      .references(() => funds.code),
    ordinal: integer("ordinal").notNull(),
    sectionCode: text("section_code")
      .notNull()
      .references(() => policySections.code),
    sourceQuote: text("source_quote").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fundCode, t.ordinal] }), index("fund_mentions_section_idx").on(t.sectionCode)],
);

/** Which instruments draw on which funds. */
export const instrumentFunds = pgTable(
  "instrument_funds",
  {
    instrumentCode: text("instrument_code")
      .notNull()
      .references(() => supportInstruments.code),
    fundCode: text("fund_code")
      .notNull()
      .references(() => funds.code),
    ordinal: integer("ordinal").notNull(),
  },
  (t) => [primaryKey({ columns: [t.instrumentCode, t.fundCode] }), index("instrument_funds_fund_idx").on(t.fundCode)],
);

export type FundRow = typeof funds.$inferSelect;
export type FundMentionRow = typeof fundMentions.$inferSelect;
