import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "./client.js";

/**
 * Inserts many rows with one statement per batch: the batch travels as a single JSON
 * parameter and `jsonb_populate_recordset` casts each field to its column's type (enums,
 * dates, numerics). One parameter instead of one per value: no 65,535-parameter limit, far
 * less protocol overhead than multi-row VALUES, and it behaves the same on PGlite and
 * PostgreSQL. Keys of `rows` are the drizzle property names.
 */
export async function bulkInsert<T extends PgTable>(db: Db, table: T, rows: Record<string, unknown>[], batchSize = 10_000): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += batchSize) written += (await bulkUpsert(db, table, rows.slice(i, i + batchSize))).inserted;
  return written;
}

/**
 * The same, as one statement for one batch, optionally an upsert on a natural key (`conflict`:
 * drizzle property names): rows whose key exists are updated in place. Reports how many rows
 * were inserted and how many updated (PostgreSQL's `xmax = 0` marks a fresh insert).
 */
export async function bulkUpsert<T extends PgTable>(db: Db, table: T, rows: Record<string, unknown>[], conflict?: string[]): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const all = Object.entries(getTableColumns(table));
  const columns = all.filter(([prop]) => prop in rows[0]!);
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(", "));
  const tableName = sql.raw(`"${getTableName(table)}"`);
  const batch = rows.map((row) => Object.fromEntries(columns.map(([prop, c]) => [c.name, row[prop] ?? null])));
  let onConflict = sql``;
  if (conflict) {
    const keyNames = conflict.map((prop) => `"${all.find(([p]) => p === prop)![1].name}"`);
    const updates = columns.filter(([prop]) => !conflict.includes(prop)).map(([, c]) => `"${c.name}" = excluded."${c.name}"`);
    onConflict = sql.raw(` on conflict (${keyNames.join(", ")}) do update set ${updates.join(", ")}`);
  }
  const list = await queryRows<{ inserted: boolean }>(
    db,
    sql`insert into ${tableName} (${names}) select ${names} from jsonb_populate_recordset(null::${tableName}, ${JSON.stringify(batch)}::jsonb)${onConflict} returning (xmax = 0) as inserted`,
  );
  const inserted = list.filter((r) => r.inserted).length;
  return { inserted, updated: list.length - inserted };
}
