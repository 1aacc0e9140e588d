import { sql } from "drizzle-orm";
import { boolean, check, index, integer, numeric, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { regions } from "./region.js";

export const incubatorKind = pgEnum("incubator_kind", [
  "INCUBATION_BASE",
  "MAKER_SPACE",
  "INNOVATION_DEMONSTRATION_BASE",
  "RETURNEE_PARK",
  "OVERSEAS_SCHOLAR_PARK",
  "COLLEGE_STUDENT_PARK",
]);
export const incubatorLevel = pgEnum("incubator_level", ["NATIONAL", "AUTONOMOUS_REGION", "LEAGUE"]);

/** Incubation demonstration bases, maker spaces and entrepreneurship parks. */
export const incubatorBases = pgTable(
  "incubator_bases",
  {
    /** Natural key given by the recognising department (sample rows: `S-IB-0001`). */
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    kind: incubatorKind("kind").notNull(),
    level: incubatorLevel("level").notNull(),
    /** The county-level unit where the base is. */
    countyCode: text("county_code")
      .notNull()
      .references(() => regions.code),
    /** The league of that county, kept beside it so that a league filter is one index range. */
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    operator: text("operator").notNull(),
    recognizedYear: integer("recognized_year").notNull(),
    /** Floor area in square metres. */
    areaSqm: integer("area_sqm").notNull(),
    /** Whether the government built it (the 30% free-space rule applies to those). */
    governmentBuilt: boolean("government_built").notNull(),
    /** Share of the space given free of charge to eligible groups, 0..1. */
    freeSpaceShare: numeric("free_space_share", { precision: 5, scale: 4 }).notNull(),
    tenants: integer("tenants").notNull(),
    graduates: integer("graduates").notNull(),
    jobs: integer("jobs").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [
    index("incubator_bases_league_idx").on(t.leagueCode, t.code),
    index("incubator_bases_county_idx").on(t.countyCode, t.code),
    index("incubator_bases_name_idx").on(sql`${t.name} collate "C"`, t.code),
    index("incubator_bases_year_idx").on(t.recognizedYear, t.code),
    index("incubator_bases_jobs_idx").on(t.jobs, t.code),
    index("incubator_bases_kind_level_idx").on(t.kind, t.level),
    check("incubator_bases_free_space_share", sql`${t.freeSpaceShare} between 0 and 1`),
    check("incubator_bases_counts", sql`${t.tenants} >= 0 and ${t.graduates} >= 0 and ${t.jobs} >= 0 and ${t.areaSqm} > 0`),
  ],
);

export type IncubatorBaseRow = typeof incubatorBases.$inferSelect;
