import { and, asc, count, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { instrumentCodesForGroup } from "./instrument.js";
import { departmentIndex } from "./department.js";
import { measureDepartments, policyDocuments, policySectionRevisions, policySections, supportInstruments, type DepartmentRow, type PolicySectionRow } from "../db/schema/index.js";
import { parsedJson } from "../db/json-rows.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export interface MeasureFilter {
  planCode?: string | null | undefined;
  departmentSlug?: string | null | undefined;
  beneficiaryGroup?: string | null | undefined;
}

const byDocumentOrder: KeysetOrder<PolicySectionRow> = {
  tag: "section:documentOrder",
  keys: [{ expr: policySections.documentOrder, type: "int", value: (r) => r.documentOrder }],
  direction: "ASC",
};

export function documentByNumber(db: Db, docNumber: string) {
  return db.select().from(policyDocuments).where(eq(policyDocuments.docNumber, docNumber)).then((r) => r[0] ?? null);
}

export function documentsBySlugs(db: Db, slugs: readonly string[]) {
  return db.select().from(policyDocuments).where(inArray(policyDocuments.slug, [...slugs]));
}

export function listDocuments(db: Db) {
  return db.select().from(policyDocuments).orderBy(asc(policyDocuments.signedOn), asc(policyDocuments.slug));
}

export function sectionsByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(policySections).where(inArray(policySections.code, [...codes]));
}

/** Children of many sections in one query, in document order. */
export function sectionsByParentCodes(db: Db, parentCodes: readonly string[]) {
  return db.select().from(policySections).where(inArray(policySections.parentCode, [...parentCodes])).orderBy(asc(policySections.documentOrder));
}

/** Top-level sections (preamble and chapters) of many documents. */
export function rootSectionsByDocumentSlugs(db: Db, documentSlugs: readonly string[]) {
  return db
    .select()
    .from(policySections)
    .where(and(inArray(policySections.documentSlug, [...documentSlugs]), sql`${policySections.parentCode} is null`))
    .orderBy(asc(policySections.documentOrder));
}

export function sectionsOfKind(db: Db, kind: PolicySectionRow["kind"]) {
  return db.select().from(policySections).where(eq(policySections.kind, kind)).orderBy(asc(policySections.documentOrder));
}

function measureConditions(filter: MeasureFilter, groupInstrumentCodes: string[] | null): SQL | undefined {
  const conditions: SQL[] = [eq(policySections.kind, "MEASURE")];
  if (filter.planCode) conditions.push(eq(policySections.parentCode, filter.planCode));
  if (filter.departmentSlug) {
    conditions.push(
      sql`exists (select 1 from ${measureDepartments} where ${measureDepartments.measureCode} = ${policySections.code} and ${measureDepartments.departmentSlug} = ${filter.departmentSlug})`,
    );
  }
  if (groupInstrumentCodes) {
    conditions.push(
      groupInstrumentCodes.length
        ? sql`exists (select 1 from ${supportInstruments} where ${supportInstruments.sectionCode} = ${policySections.code} and ${inArray(supportInstruments.code, groupInstrumentCodes)})`
        : sql`false`,
    );
  }
  return and(...conditions);
}

/**
 * Each measure's department slugs in the order the document lists them, as one JSON array per
 * row; the departments themselves come from the per-version index (departmentIndex). The page's
 * own statement brings what `departments` would otherwise fetch with a second one.
 */
const departmentSlugsOfMeasure = sql<unknown>`(select coalesce(json_agg(md.department_slug order by md.ordinal), '[]'::json) from ${measureDepartments} md where md.measure_code = ${policySections.code})`;

/**
 * A page of measures. With `primeDepartments`, each measure's departments come with the page
 * (issue 11: one statement instead of two) and are handed over measure by measure.
 */
/** The sections' columns by property name (what `nodeColumns` picks from). */
export const sectionColumns = getTableColumns(policySections);
/** What a page of measures always reads: the key, the sort key, what the node's type comes from. */
export const MEASURE_LIST_COLUMNS = ["code", "kind", "documentOrder"] as const;

export async function measuresConnection<N>(
  db: Db,
  filter: MeasureFilter,
  args: ConnectionArgs,
  toNode: (r: PolicySectionRow) => N,
  primeDepartments?: (measureCode: string, departments: DepartmentRow[]) => void,
  /** Only these columns (what the request reads; see nodeColumns), or the whole row. */
  columns?: Partial<typeof sectionColumns> | null,
) {
  const section = (columns ?? sectionColumns) as typeof sectionColumns;
  // Measures with an instrument open to the group, by the same rule as the instrument filter and the engine.
  const where = measureConditions(filter, filter.beneficiaryGroup ? await instrumentCodesForGroup(db, filter.beneficiaryGroup) : null);
  return keysetConnection({
    args,
    order: byDocumentOrder,
    fetch: async (q) => {
      if (!primeDepartments) return (await db.select(section).from(policySections).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit)) as PolicySectionRow[];
      const [rows, index] = await Promise.all([
        db.select({ section, departments: departmentSlugsOfMeasure }).from(policySections).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit),
        departmentIndex(db),
      ]);
      for (const r of rows) {
        const own = parsedJson<string[]>(r.departments).map((slug) => index.get(slug));
        // A department newer than the index (written between its version and this statement's
        // snapshot) is not primed: the loader reads that measure's departments itself.
        if (own.every((d) => d !== undefined)) primeDepartments(r.section.code, own as DepartmentRow[]);
      }
      return rows.map((r) => r.section as PolicySectionRow);
    },
    count: () => db.select({ n: count() }).from(policySections).where(where).then((r) => r[0]!.n),
    toNode,
  });
}

/** Today's date in China (UTC+8): the programme's dates are Chinese calendar days. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export interface ProgrammeStatusValue {
  status: "NOT_YET_IN_FORCE" | "IN_FORCE" | "ENDED";
  asOf: string;
  inForceFrom: string;
  periodEndsOn: string;
  endedOn: string | null;
  basis: string;
}

/**
 * The programme's status on a date, from the document's own terms: in force from its signature
 * (成文日期) to the last day of the period its title names (2022-2025年 → 2025-12-31). ISO dates
 * compare as strings.
 */
export function programmeStatus(doc: { signedOn: string; periodStart: number; periodEnd: number; docNumber: string }, asOf: string = todayInChina()): ProgrammeStatusValue {
  const periodEndsOn = `${doc.periodEnd}-12-31`;
  const period = `${doc.periodStart}–${doc.periodEnd}`;
  if (asOf < doc.signedOn) {
    return { status: "NOT_YET_IN_FORCE", asOf, inForceFrom: doc.signedOn, periodEndsOn, endedOn: null, basis: `${doc.docNumber} was signed on ${doc.signedOn}, after ${asOf}.` };
  }
  if (asOf <= periodEndsOn) {
    return { status: "IN_FORCE", asOf, inForceFrom: doc.signedOn, periodEndsOn, endedOn: null, basis: `${doc.docNumber} was signed on ${doc.signedOn}; its period, ${period}, runs to ${periodEndsOn}.` };
  }
  return { status: "ENDED", asOf, inForceFrom: doc.signedOn, periodEndsOn, endedOn: periodEndsOn, basis: `The period of ${doc.docNumber}, ${period}, ended on ${periodEndsOn}; the document names no extension.` };
}

/** An earlier text of a section; `supersededAt` in epoch milliseconds, rounded up (as reported figures' instants). */
export interface SectionRevision {
  code: string;
  label: string;
  title: string;
  titleEn: string;
  body: string;
  responsibilityText: string | null;
  supersededAt: number;
}

/** The earlier texts of many sections, oldest first. */
export async function sectionRevisionsByCodes(db: Db, codes: readonly string[]): Promise<SectionRevision[]> {
  const list = await queryRows<{ code: string; label: string; title: string; title_en: string; body: string; responsibility_text: string | null; superseded: string }>(
    db,
    sql`select code, label, title, title_en, body, responsibility_text,
               cast(cast(ceil(extract(epoch from superseded_at) * 1000) as bigint) as text) as superseded
        from ${policySectionRevisions} where code in ${sql`(${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`}
        order by code, superseded_at`,
  );
  return list.map((r) => ({ code: r.code, label: r.label, title: r.title, titleEn: r.title_en, body: r.body, responsibilityText: r.responsibility_text, supersededAt: Number(r.superseded) }));
}

/**
 * A section's text as of an instant: the earliest revision replaced after it, else the current
 * row's. `revisions` are the section's, oldest first.
 */
export function sectionTextAsOf<S extends PolicySectionRow>(section: S, revisions: SectionRevision[], asOf: Date): S {
  const then = revisions.find((r) => r.supersededAt > asOf.getTime());
  return then ? { ...section, label: then.label, title: then.title, titleEn: then.titleEn, body: then.body, responsibilityText: then.responsibilityText } : section;
}
