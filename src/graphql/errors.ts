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
