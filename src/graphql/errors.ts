import { GraphQLError } from "graphql";

/**
 * The error codes clients can rely on (`extensions.code`). Apollo adds its own for
 * malformed requests (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_REQUEST`).
 */
export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "UNAUTHENTICATED" | "FORBIDDEN" | "RATE_LIMITED" | "QUERY_TOO_COMPLEX";

export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** A bad argument: say which one and what would be accepted. */
export function badInput(argumentName: string, message: string): GraphQLError {
  return userError("BAD_USER_INPUT", message, { argumentName });
}

/**
 * Apollo refuses a few malformed requests with HTTP 400 but without an `extensions.code` — a
 * persisted-query hash that does not match the query, an unknown persisted-query version. Such
 * an error is the client's to fix, not ours: it must not be masked as an internal error.
 */
export function isUncodedRequestError(error: unknown): boolean {
  const e = error as { extensions?: { code?: unknown; http?: { status?: unknown } }; originalError?: unknown } | null;
  if (!e || typeof e !== "object" || e.originalError || e.extensions?.code !== undefined) return false;
  const status = e.extensions?.http?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}
