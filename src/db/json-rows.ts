/**
 * Rows of a related table carried inside another query's row as JSON (PostGraphile's way of
 * answering a nested list in the parent's statement): `json_build_object` with the table's own
 * property names, so the parsed object is the row drizzle would have returned.
 *
 * Only for tables whose every column survives JSON unchanged — text, integers, booleans, enums
 * and text arrays. A numeric (its scale would be lost: "1.50" → 1.5), a date or a timestamp (the
 * driver's text form differs from JSON's) is refused when the module loads, not discovered in a
 * response.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

const JSON_SAFE = new Set(["PgText", "PgInteger", "PgSmallInt", "PgBoolean", "PgEnumColumn", "PgVarchar"]);

function jsonSafe(column: { columnType: string; baseColumn?: unknown }): boolean {
  if (column.columnType === "PgArray") return JSON_SAFE.has((column.baseColumn as { columnType: string }).columnType) && (column.baseColumn as { columnType: string }).columnType !== "PgArray";
  return JSON_SAFE.has(column.columnType);
}

/** `json_build_object('slug', "d"."slug", 'nameEn', "d"."name_en", …)` for `table` under the SQL alias `as`. */
export function jsonRowOf(table: PgTable, as: string): SQL {
  const parts: SQL[] = [];
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (!jsonSafe(column as never)) throw new Error(`jsonRowOf: ${key} (${column.columnType}) does not survive JSON unchanged`);
    parts.push(sql`${key}::text, ${sql.identifier(as)}.${sql.identifier(column.name)}`);
  }
  return sql`json_build_object(${sql.join(parts, sql`, `)})`;
}

/** The driver's value of a json column: parsed already (postgres.js, PGlite) or, defensively, text. */
export function parsedJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
