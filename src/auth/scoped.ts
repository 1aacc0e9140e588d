import { sql } from "drizzle-orm";
import { API_ROLE, type Database, type Db } from "../db/client.js";
import type { PartnerViewer } from "./viewer.js";

/**
 * Runs loan-level SQL as the viewer: in one transaction, under the API role, with the bank
 * (and the client's role) in transaction-local settings given as parameters. The database's
 * row-level security policies (migration 0005) then decide which rows exist for the query: a
 * bank's own, or every bank's for a programme manager. Application code filters by bank too,
 * but is never what keeps one bank's rows from another.
 */
export async function withViewerScope<T>(database: Pick<Database, "api" | "apiRole">, viewer: PartnerViewer, work: (db: Db) => Promise<T>): Promise<T> {
  return database.api.transaction(async (tx) => {
    const db = tx as unknown as Db;
    // PGlite has one connection, logged in as its superuser: take the API role for this transaction.
    if (database.apiRole === "set-role") await db.execute(sql.raw(`set local role ${API_ROLE}`));
    await db.execute(sql`select set_config('app.bank_code', ${viewer.bankCode ?? ""}, true), set_config('app.role', ${viewer.role}, true)`);
    return work(db);
  });
}
