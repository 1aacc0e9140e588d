/**
 * JSON carried inside another query's row (a page of measures brings each measure's department
 * slugs as a JSON array: services/policy.ts).
 */

/** The driver's value of a json column: parsed already (postgres.js, PGlite) or, defensively, text. */
export function parsedJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
