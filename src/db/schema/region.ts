import { index, pgEnum, pgTable, text, type AnyPgColumn } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";

export const regionLevel = pgEnum("region_level", ["PROVINCE", "LEAGUE", "COUNTY"]);

/** Inner Mongolia's administrative divisions, keyed by their GB/T 2260 (NBS) code. */
export const regions = pgTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    pinyin: text("pinyin").notNull(),
    level: regionLevel("level").notNull(),
    parentCode: text("parent_code").references((): AnyPgColumn => regions.code),
    /** The NBS division list is an official source; the column lets clients check rather than assume. */
    provenance: provenance("provenance").notNull().default("SOURCE"),
  },
  (t) => [index("regions_parent_idx").on(t.parentCode, t.code), index("regions_level_idx").on(t.level, t.code)],
);

export type RegionRow = typeof regions.$inferSelect;
