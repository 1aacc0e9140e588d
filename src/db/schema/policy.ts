import { date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";

/** The notice itself: one row per published document (today: 内政办发〔2022〕31号). */
export const policyDocuments = pgTable("policy_documents", {
  /** Stable slug, e.g. `nzbf-2022-31`. */
  slug: text("slug").primaryKey(),
  docNumber: text("doc_number").notNull().unique(),
  title: text("title").notNull(),
  titleEn: text("title_en").notNull(),
  /** The title of the attached plan (实施方案), which the notice distributes. */
  planTitle: text("plan_title").notNull(),
  planTitleEn: text("plan_title_en").notNull(),
  issuer: text("issuer").notNull(),
  issuerEn: text("issuer_en").notNull(),
  recipients: text("recipients").notNull(),
  noticeBody: text("notice_body").notNull(),
  signedOn: date("signed_on", { mode: "string" }).notNull(),
  printedOn: date("printed_on", { mode: "string" }).notNull(),
  printedBy: text("printed_by").notNull(),
  publicationNote: text("publication_note").notNull(),
  copiedTo: text("copied_to").notNull(),
  periodStart: integer("period_start").notNull(),
  periodEnd: integer("period_end").notNull(),
  provenance: provenance("provenance").notNull(),
  sourceNote: text("source_note").notNull(),
});

export const sectionKind = pgEnum("section_kind", [
  "PREAMBLE",
  "CHAPTER",
  "GUIDING_IDEA",
  "PRINCIPLES",
  "PRINCIPLE",
  "WORK_GOAL",
  "PLAN",
  "MEASURE",
  "REQUIREMENT",
]);

/** The document as a tree: chapter → principle / plan → measure, in reading order. */
export const policySections = pgTable(
  "policy_sections",
  {
    /** Stable code: `C1`, `C1-2-1`, `P1`, `P1-M1`, `C3-4`, `PREAMBLE`. */
    code: text("code").primaryKey(),
    documentSlug: text("document_slug")
      .notNull()
      .references(() => policyDocuments.slug),
    parentCode: text("parent_code"),
    kind: sectionKind("kind").notNull(),
    ordinal: integer("ordinal").notNull(),
    /** Reading order across the whole document; the default sort and the keyset key. */
    documentOrder: integer("document_order").notNull(),
    /** `C2/P1/P1-M1`: lets a subtree be selected with one prefix match. */
    path: text("path").notNull(),
    label: text("label").notNull(),
    title: text("title").notNull(),
    titleEn: text("title_en").notNull(),
    body: text("body").notNull(),
    responsibilityText: text("responsibility_text"),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [
    index("policy_sections_parent_idx").on(t.parentCode, t.ordinal),
    index("policy_sections_kind_order_idx").on(t.kind, t.documentOrder),
  ],
);

/**
 * Earlier texts of policy sections: a corrected text (the programme seed re-run with a fixed
 * transcription, or any UPDATE) keeps the one it replaced here, with the instant it was replaced.
 * Written by the trigger policy_sections_keep_revisions (migration 0013) on every path; an update
 * that sets the same text adds nothing. The text as of an instant T is the earliest revision
 * superseded after T, or the current row when there is none. Only the text is versioned (label,
 * titles, body, responsibility text), not the document's structure.
 */
export const policySectionRevisions = pgTable(
  "policy_section_revisions",
  {
    code: text("code")
      .notNull()
      .references(() => policySections.code),
    label: text("label").notNull(),
    title: text("title").notNull(),
    titleEn: text("title_en").notNull(),
    body: text("body").notNull(),
    responsibilityText: text("responsibility_text"),
    supersededAt: timestamp("superseded_at", { withTimezone: true, mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.supersededAt] })],
);

export type PolicyDocumentRow = typeof policyDocuments.$inferSelect;
export type PolicySectionRow = typeof policySections.$inferSelect;
