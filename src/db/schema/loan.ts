import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { beneficiaryGroups } from "./instrument.js";
import { regions } from "./region.js";

export const bankKind = pgEnum("bank_kind", ["STATE_OWNED", "JOINT_STOCK", "CITY_COMMERCIAL", "RURAL", "POLICY"]);

/** Banks that lend entrepreneurship guarantee loans. */
export const partnerBanks = pgTable("partner_banks", {
  code: text("code").primaryKey(),
  name: text("name").notNull().unique(),
  nameEn: text("name_en").notNull(),
  kind: bankKind("kind").notNull(),
  provenance: provenance("provenance").notNull(),
});

export const borrowerType = pgEnum("borrower_type", ["INDIVIDUAL", "SMALL_MICRO_ENTERPRISE"]);
export const loanStatus = pgEnum("loan_status", ["ACTIVE", "REPAID", "OVERDUE", "DEFAULTED"]);

/**
 * One row per entrepreneurship guarantee loan. No personal data: no names, no ID numbers,
 * no addresses below county level. Loan-level rows are never published; the public sees
 * the suppressed aggregates in loan_rollups.
 */
export const guaranteeLoans = pgTable(
  "guarantee_loans",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    bankCode: text("bank_code")
      .notNull()
      .references(() => partnerBanks.code),
    /** The bank's own reference; unique per bank, the natural key of imports. */
    loanRef: text("loan_ref").notNull(),
    countyCode: text("county_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    borrowerType: borrowerType("borrower_type").notNull(),
    /** The borrower's group, when the borrower belongs to one the document names. */
    beneficiaryGroupCode: text("beneficiary_group_code").references(() => beneficiaryGroups.code),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    termMonths: integer("term_months").notNull(),
    /** Annual interest rate as a fraction, e.g. 0.0385. */
    annualRate: numeric("annual_rate", { precision: 6, scale: 4 }).notNull(),
    counterGuaranteeWaived: boolean("counter_guarantee_waived").notNull(),
    issuedOn: date("issued_on", { mode: "string" }).notNull(),
    status: loanStatus("status").notNull(),
    jobsCreated: integer("jobs_created").notNull(),
    provenance: provenance("provenance").notNull(),
    /**
     * The record key of the cell key method (src/disclosure): uniform on [0, 2^31), drawn once
     * when the loan is first written (an import's upsert never changes it) and never published.
     * The sample generator draws its own, deterministically, so the sample is the same everywhere.
     */
    recordKey: integer("record_key")
      .notNull()
      .default(sql`floor(random() * 2147483648)`),
    /**
     * Share of the interest the guarantee fund pays (贷款贴息), as a fraction of the annual rate:
     * 0 when none, 1 when all. Reported by the bank.
     */
    interestSubsidyShare: numeric("interest_subsidy_share", { precision: 5, scale: 4 }).notNull().default("0"),
    /** When the row was first written and last changed: incremental sync reads these. */
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [
    unique("guarantee_loans_bank_ref").on(t.bankCode, t.loanRef),
    index("guarantee_loans_league_idx").on(t.leagueCode),
    index("guarantee_loans_issued_idx").on(t.issuedOn),
    check("guarantee_loans_amount", sql`${t.amount} > 0`),
    check("guarantee_loans_term", sql`${t.termMonths} between 1 and 120`),
    check("guarantee_loans_rate", sql`${t.annualRate} >= 0 and ${t.annualRate} < 1`),
    check("guarantee_loans_jobs", sql`${t.jobsCreated} >= 0`),
    check("guarantee_loans_record_key", sql`${t.recordKey} >= 0`),
    check("guarantee_loans_subsidy", sql`${t.interestSubsidyShare} between 0 and 1`),
    // Incremental sync pages through (bank, updated_at, loan_ref): the index serves it for one bank and for all.
    index("guarantee_loans_sync_idx").on(t.bankCode, t.updatedAt, sql`${t.loanRef} collate "C"`),
    // The lists' default order (bank, then reference, in byte order on both engines: collate "C").
    // The unique key above is in the database's collation, which PostgreSQL will not use for an
    // order or a condition in "C": without this index a bank's page of its loans read every loan
    // and sorted them (≈ 260 ms a page at 1,000,000 loans; 0.4 ms with it).
    index("guarantee_loans_bank_ref_c_idx").on(sql`${t.bankCode} collate "C"`, sql`${t.loanRef} collate "C"`),
    // The lists' two other orders that no index had: by amount and by last change, each then bank
    // and reference, as the keyset cursor compares them. Without them every page of a programme
    // manager's list sorted all 1,000,000 loans (0.9 s by amount, 1.3 s by last change) and every
    // page of a bank's sorted its ≈ 220,000 (0.36–0.38 s). A bank's page reads the same index and
    // skips other banks' rows (every bank holds 5–22 % of the loans); for a small bank the planner
    // sorts its few loans instead. Only the order by last change starts a page after a cursor at
    // the cursor: under row-level security PostgreSQL compares numerics (not leakproof) only after
    // the policy, so a page by amount passes over the rows before its cursor. Together
    // they make bulk loan writes ≈ 25 % slower (100,000 loans inserted into 1,000,000 with their
    // triggers: 6.6 → 8.4 s, medians of 4 runs each).
    index("guarantee_loans_amount_c_idx").on(t.amount, sql`${t.bankCode} collate "C"`, sql`${t.loanRef} collate "C"`),
    index("guarantee_loans_updated_c_idx").on(t.updatedAt, sql`${t.bankCode} collate "C"`, sql`${t.loanRef} collate "C"`),
    // A partner's page of exact statistics by county reads the loans of the page's counties only
    // (rowsOfCells in src/services/statistics.ts): a bank's through both columns, a programme
    // manager's (when the rollups wait for a refresh) through the first. Without it the busiest
    // bank's page by county, quarter and group scanned its 220,314 loans for the few on the page
    // (559 → 24 ms). Its cost: 100,000 loans inserted into a copy of the 1,000,000 with every
    // index (no triggers) took 5.3–5.4 s with it, 4.3–4.8 s without (three rounds each, in turn).
    index("guarantee_loans_county_bank_idx").on(t.countyCode, t.bankCode),
  ],
);

/**
 * Loans aggregated at the finest grain the API offers (county × quarter × borrower type ×
 * beneficiary group × bank). Rewritten in the same transaction as every seed or import, so
 * statistics never scan the raw loans on a request. `beneficiary_group_code` is '' (not null)
 * for borrowers outside the named groups, so that it can be part of the key.
 */
export const loanRollups = pgTable(
  "loan_rollups",
  {
    countyCode: text("county_code").notNull(),
    leagueCode: text("league_code").notNull(),
    year: integer("year").notNull(),
    quarter: integer("quarter").notNull(),
    borrowerType: borrowerType("borrower_type").notNull(),
    beneficiaryGroupCode: text("beneficiary_group_code").notNull(),
    bankCode: text("bank_code").notNull(),
    loanCount: integer("loan_count").notNull(),
    totalAmount: numeric("total_amount", { precision: 18, scale: 2 }).notNull(),
    jobsCreated: integer("jobs_created").notNull(),
    sampleCount: integer("sample_count").notNull(),
    /** Sum of the loans' record keys: a cell's key is the sum over its rollups, modulo 2^31. */
    keySum: bigint("key_sum", { mode: "bigint" }).notNull(),
    /** The largest single loan: the amount's noise is scaled to the largest loan of a cell. */
    maxAmount: numeric("max_amount", { precision: 14, scale: 2 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.year, t.quarter, t.borrowerType, t.beneficiaryGroupCode, t.bankCode] }),
    index("loan_rollups_league_idx").on(t.leagueCode),
  ],
);

export type PartnerBankRow = typeof partnerBanks.$inferSelect;
export type GuaranteeLoanRow = typeof guaranteeLoans.$inferSelect;
export type LoanRollupRow = typeof loanRollups.$inferSelect;
