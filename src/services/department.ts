import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { departments, measureDepartments, type DepartmentRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import { versionedCache } from "./versioned-cache.js";

export interface DepartmentFilter {
  kind?: DepartmentRow["kind"] | null | undefined;
}

const byOrdinal: KeysetOrder<DepartmentRow> = {
  tag: "department:ordinal",
  keys: [{ expr: departments.ordinal, type: "int", value: (r) => r.ordinal }],
  direction: "ASC",
};

export function departmentsBySlugs(db: Db, slugs: readonly string[]) {
  return db.select().from(departments).where(inArray(departments.slug, [...slugs]));
}

const everyDepartment = versionedCache<"all", ReadonlyMap<string, DepartmentRow>>(1);

/**
 * Every department by slug (27 rows of reference data), read once per data version (issue 11),
 * as regionIndex: a page of measures with their departments reads each measure's slugs and looks
 * the departments up here, instead of decoding and parsing every department's whole row as JSON
 * once per measure that names it (108 times for the 22 measures: ≈ 28 KB a page).
 */
export function departmentIndex(db: Db): Promise<ReadonlyMap<string, DepartmentRow>> {
  return everyDepartment(db, "all", async () => new Map((await db.select().from(departments)).map((r) => [r.slug, r])));
}

export function departmentsConnection<N>(db: Db, filter: DepartmentFilter, args: ConnectionArgs, toNode: (r: DepartmentRow) => N) {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(departments.kind, filter.kind));
  const where = and(...conditions);
  return keysetConnection({
    args,
    order: byOrdinal,
    fetch: (q) => db.select().from(departments).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(departments).where(where).then((r) => r[0]!.n),
    toNode,
  });
}

/** The parties of many measures in one query, each measure's in the order the document lists them. */
export function departmentLinksByMeasureCodes(db: Db, measureCodes: readonly string[]) {
  return db
    .select({ measureCode: measureDepartments.measureCode, ordinal: measureDepartments.ordinal, department: departments })
    .from(measureDepartments)
    .innerJoin(departments, eq(departments.slug, measureDepartments.departmentSlug))
    .where(inArray(measureDepartments.measureCode, [...measureCodes]))
    .orderBy(asc(measureDepartments.measureCode), asc(measureDepartments.ordinal));
}

/** The measure codes of many departments in one query. */
export function measureLinksByDepartmentSlugs(db: Db, slugs: readonly string[]) {
  return db
    .select({ departmentSlug: measureDepartments.departmentSlug, measureCode: measureDepartments.measureCode })
    .from(measureDepartments)
    .where(inArray(measureDepartments.departmentSlug, [...slugs]));
}
