import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { partnerBanks } from "./loan.js";

/**
 * The partner tier: API clients (a partner bank's systems, or a programme-managing department),
 * their keys, and what they did. Loan-level rows stay in guarantee_loans, where row-level
 * security — not application code alone — decides which bank sees which rows (migration 0005).
 */
export const apiClientRole = pgEnum("api_client_role", ["BANK", "PROGRAMME_MANAGER"]);

export const apiClients = pgTable(
  "api_clients",
  {
    /** Stable, printable id, e.g. `abc-nmg-reconciliation`. */
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: apiClientRole("role").notNull(),
    /** The bank a BANK client acts for; null for programme managers, who read every bank. */
    bankCode: text("bank_code").references(() => partnerBanks.code),
    /** What its keys may do, e.g. `{loans:read,loans:write}` (src/auth/scopes.ts). */
    scopes: text("scopes").array().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "string" }),
  },
  (t) => [check("api_clients_bank_role", sql`(${t.role} = 'BANK') = (${t.bankCode} is not null)`)],
);

/**
 * API keys, stored only as SHA-256 hashes of their secret part (the key is printed once, when
 * it is made). A rotated key keeps working until `expires_at` (the grace period); a revoked
 * one stops at once.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    /** The public part of the key (`cyk_<id>_<secret>`), to find it without scanning hashes. */
    id: text("id").primaryKey(),
    clientId: text("client_id")
      .notNull()
      .references(() => apiClients.id),
    secretHash: text("secret_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "string" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "string" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "string" }),
  },
  (t) => [index("api_keys_client_idx").on(t.clientId)],
);

/** Every partner request: who, what, what it cost, how it ended — never loan contents. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    clientId: text("client_id").notNull(),
    keyId: text("key_id").notNull(),
    role: apiClientRole("role").notNull(),
    bankCode: text("bank_code"),
    operationName: text("operation_name"),
    operationType: text("operation_type"),
    /** Points of the cost model. */
    cost: integer("cost"),
    /** Loan rows the response carried (not their contents). */
    rows: integer("rows"),
    httpStatus: integer("http_status").notNull(),
    /** Error codes of the response, comma-separated; null when none. */
    errorCodes: text("error_codes"),
    durationMs: integer("duration_ms"),
  },
  (t) => [index("audit_log_client_at_idx").on(t.clientId, t.at)],
);

/**
 * Loans a bank removed: the tombstones incremental sync hands out, so a bank's mirror deletes
 * them too. Re-creating the loan removes its tombstone.
 */
export const loanTombstones = pgTable(
  "loan_tombstones",
  {
    // A bank that is removed (a sample bank an official list replaces) takes its tombstones along.
    bankCode: text("bank_code")
      .notNull()
      .references(() => partnerBanks.code, { onDelete: "cascade" }),
    loanRef: text("loan_ref").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.bankCode, t.loanRef] }), index("loan_tombstones_sync_idx").on(t.bankCode, t.deletedAt, sql`${t.loanRef} collate "C"`)],
);

/** A retried write with the same idempotency key is answered from here instead of applied twice. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    clientId: text("client_id").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of the request it answered: the same key with a different request is refused. */
    requestHash: text("request_hash").notNull(),
    response: jsonb("response").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.key] })],
);

export const bulkExportStatus = pgEnum("bulk_export_status", ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "EXPIRED"]);

/** A partner's asynchronous export of its loans (CSV + JSON + manifest), downloadable for a while. */
export const bulkExportJobs = pgTable(
  "bulk_export_jobs",
  {
    id: text("id").primaryKey(),
    clientId: text("client_id").notNull(),
    /** The bank whose rows it holds (null: a programme manager's, every bank). */
    bankCode: text("bank_code"),
    /** The filter and ordering asked for, as given. */
    request: jsonb("request").notNull(),
    status: bulkExportStatus("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "string" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "string" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "string" }),
    rows: bigint("rows", { mode: "number" }),
    /** Files written: name, bytes, SHA-256. */
    files: jsonb("files"),
    error: text("error"),
  },
  (t) => [index("bulk_export_jobs_client_idx").on(t.clientId, t.createdAt)],
);

export type ApiClientRow = typeof apiClients.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type BulkExportJobRow = typeof bulkExportJobs.$inferSelect;
