import { bigint, pgTable, timestamp } from "drizzle-orm/pg-core";

/**
 * Loan changes reported through the API that the public figures do not hold yet: each write
 * transaction adds a row (in the same transaction, so it exists exactly when the write
 * committed), and the background refresh (src/services/loan-figures.ts) deletes the rows it saw
 * in the transaction that rebuilds the rollups. Rows are never updated, so writers never wait on
 * a refresh; a process that dies before refreshing leaves its rows for the next one to find.
 */
export const loanFiguresPending = pgTable("loan_figures_pending", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  requestedAt: timestamp("requested_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});
