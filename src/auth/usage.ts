/**
 * What one GraphQL request used and how it ended — the record the rate limiter
 * (src/auth/rate-limit.ts) and the audit log (src/auth/audit.ts) share. It is made when the
 * request arrives (a Fastify hook), handed to resolvers in the context (`ctx.usage`), filled in
 * by Apollo's plugins, and read once more after the response has gone (the audit row).
 *
 * Resolvers touch one thing in it: **every field that returns loan-level rows (`GuaranteeLoan`
 * objects) calls {@link countLoanRows} with how many it returns** — `viewerLoans` and
 * `viewerLoan` in src/resolvers/loan.ts do, and so must sync, bulk export and any later
 * loan-level field. The audit log records that count, never the rows.
 */
import type { FastifyRequest } from "fastify";
import type { Viewer } from "./viewer.js";

/** The outcome of charging a request against its client's budget (see rate-limit.ts). */
export interface RateLimitDecision {
  /** Whether the request may run (false: it is answered 429). */
  allowed: boolean;
  /** The budget: points per window. */
  limit: number;
  windowSeconds: number;
  /** Points left after this request (or, when refused, before it: a refusal costs nothing). */
  remaining: number;
  /** Points this request was charged (0 when refused). */
  cost: number;
  /** Points the request asked for (its query cost, at least 1). */
  requested: number;
  /** Seconds until the whole budget is available again. */
  resetSeconds: number;
  /** When refused: seconds until the budget holds enough for this request; null when it never can. */
  retryAfterSeconds: number | null;
}

export interface RequestUsage {
  /** Who called, once the key has been checked; null before that or when the key was refused. */
  viewer: Viewer | null;
  /** The client's address (X-Forwarded-For is trusted: see server.ts). */
  ip: string;
  /** GuaranteeLoan objects the response carries (counted, never stored). */
  loanRows: number;
  operationName: string | null;
  /** `query`, `mutation` or `subscription`; null when the request never got that far. */
  operationType: string | null;
  /** Points of the cost model (src/graphql/limits.ts), once known. */
  queryCost: number | null;
  /** `extensions.code` of each error in the response, in order, each once. */
  errorCodes: string[];
  /** The HTTP status Apollo answered with (a later hook may change it: the response-size limit). */
  graphqlStatus: number | null;
  /** The charge made for this request, once made. */
  rateLimit: RateLimitDecision | null;
}

const usageOfRequest = new WeakMap<FastifyRequest, RequestUsage>();

export function newUsage(ip: string): RequestUsage {
  return { viewer: null, ip, loanRows: 0, operationName: null, operationType: null, queryCost: null, errorCodes: [], graphqlStatus: null, rateLimit: null };
}

/** A Fastify `onRequest` hook for the GraphQL route: every request gets its record. */
export async function startUsage(request: FastifyRequest): Promise<void> {
  usageOfRequest.set(request, newUsage(request.ip));
}

/** The request's record (made on the spot if a hook that makes it did not run). */
export function usageOf(request: FastifyRequest): RequestUsage {
  let usage = usageOfRequest.get(request);
  if (!usage) {
    usage = newUsage(request.ip);
    usageOfRequest.set(request, usage);
  }
  return usage;
}

/** Counts loan-level rows a field returns (see the top of this file). */
export function countLoanRows(ctx: { usage: RequestUsage }, rows: number): void {
  ctx.usage.loanRows += rows;
}

/** Adds error codes, each once. */
export function noteErrorCodes(usage: RequestUsage, errors: readonly { extensions?: { code?: unknown } }[] | undefined): void {
  for (const error of errors ?? []) {
    const code = typeof error.extensions?.code === "string" ? error.extensions.code : "UNKNOWN";
    if (!usage.errorCodes.includes(code)) usage.errorCodes.push(code);
  }
}
