import { sql } from "drizzle-orm";
import { check, index, integer, numeric, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { supportInstruments } from "./instrument.js";
import { regions } from "./region.js";

export const brandKind = pgEnum("brand_kind", ["REGIONAL_BRAND", "ENTREPRENEURIAL_CITY", "ENTREPRENEURIAL_COUNTY", "MENTOR_STUDIO", "PRACTICAL_TRAINING_BASE"]);

/** Recognitions the programme hands out: regional brands, entrepreneurial cities/counties, mentor studios, training bases. */
export const demonstrationBrands = pgTable(
  "demonstration_brands",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    kind: brandKind("kind").notNull(),
    /** The league or county recognised, or where the studio/base is. */
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    year: integer("year").notNull(),
    /** CNY, exact; e.g. 100000.00 for a master mentor studio. */
    awardAmount: numeric("award_amount", { precision: 14, scale: 2 }),
    /** The support instrument the award is paid under, when there is one. */
    instrumentCode: text("instrument_code").references(() => supportInstruments.code),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [
    index("demonstration_brands_league_idx").on(t.leagueCode, t.code),
    index("demonstration_brands_region_idx").on(t.regionCode, t.code),
    index("demonstration_brands_name_idx").on(sql`${t.name} collate "C"`, t.code),
    index("demonstration_brands_year_idx").on(t.year, t.code),
    check("demonstration_brands_award", sql`${t.awardAmount} is null or ${t.awardAmount} >= 0`),
  ],
);

export type DemonstrationBrandRow = typeof demonstrationBrands.$inferSelect;
