import { index, integer, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { policySections } from "./policy.js";
import { regions } from "./region.js";

export const departmentKind = pgEnum("department_kind", [
  "REGIONAL_GOVERNMENT_DEPARTMENT",
  "CENTRAL_AGENCY_BRANCH",
  "PARTY_ORGAN",
  "PEOPLES_ORGANIZATION",
  "CITY_GOVERNMENT",
]);

/** Every party the document holds responsible for a measure. */
export const departments = pgTable("departments", {
  slug: text("slug").primaryKey(),
  /** The name as the document gives it, with the `自治区` prefix distributed over its run. */
  name: text("name").notNull().unique(),
  nameEn: text("name_en").notNull(),
  kind: departmentKind("kind").notNull(),
  /** Other spellings: the short form the document uses inside a list, the full official name. */
  aliases: text("aliases").array().notNull(),
  /** For city governments: the league-level region they govern. */
  regionCode: text("region_code").references(() => regions.code),
  /** Order of first mention in the document; the default sort. */
  ordinal: integer("ordinal").notNull(),
  provenance: provenance("provenance").notNull(),
});

/** Which parties answer for a measure, in the order the document lists them. */
export const measureDepartments = pgTable(
  "measure_departments",
  {
    measureCode: text("measure_code")
      .notNull()
      .references(() => policySections.code),
    departmentSlug: text("department_slug")
      .notNull()
      .references(() => departments.slug),
    ordinal: integer("ordinal").notNull(),
  },
  (t) => [primaryKey({ columns: [t.measureCode, t.departmentSlug] }), index("measure_departments_department_idx").on(t.departmentSlug)],
);

export type DepartmentRow = typeof departments.$inferSelect;
