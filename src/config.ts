import { fileURLToPath } from "node:url";
import { DEFAULT_BULK_EXPORT, type BulkExportSettings } from "./exports/bulk.js";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./auth/rate-limit.js";
import { DEFAULT_DOWNLOADS, downloadCost } from "./exports/query-limits.js";
import { limitsFromEnv } from "./graphql/limits.js";
import { DEFAULT_PERSISTED_QUERIES, type PersistedQuerySettings } from "./graphql/persisted-queries.js";

/**
 * Where `npm ci` / `npm install` put the prepared PGlite image (scripts/build-image.ts): in the
 * project, not the working directory, and git-ignored like data/pglite.
 */
export const DEFAULT_IMAGE_DIR = fileURLToPath(new URL("../data/images", import.meta.url));

/** Settings, all from the environment (12-factor), with defaults that work on a laptop. */
export interface Config {
  /** PostgreSQL URL; unset → the embedded PGlite engine in `pgliteDir`. */
  databaseUrl: string | undefined;
  pgliteDir: string;
  /**
   * Where a first start on an empty PGlite folder looks for the prepared database image
   * (src/db/image.ts), or null (`PGLITE_IMAGE_DIR=off`): always migrate and seed from scratch.
   */
  pgliteImageDir: string | null;
  host: string;
  port: number;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Longest a single SQL statement may run before the database cancels it. */
  statementTimeoutMs: number;
  dbPoolSize: number;
  logLevel: string;
  /** Whether the first start writes sample operational data (incubators, loans…) when there is none. */
  seedSample: boolean;
  /** Whole-response cache in front of GraphQL, per data version (`RESPONSE_CACHE=off` to disable): graphql/response-cache.ts. */
  responseCache: boolean;
  /** `Cache-Control: max-age` of GraphQL responses, in seconds. */
  cacheMaxAgeSeconds: number;
  /** Where export snapshots are written and served from. */
  exportDir: string;
  /** Cron pattern of scheduled exports, or null (EXPORT_SCHEDULE=off). */
  exportSchedule: string | null;
  exportTimezone: string;
  /** Short-lived versions to keep: versions superseded within 6 hours (store.ts, `prune`); the others are kept for good. */
  exportRetention: number;
  /** Export at start-up when nothing has been published yet. */
  exportOnStart: boolean;
  /** Partners' bulk export jobs (src/exports/bulk.ts): folder (default: `bulk-exports` beside EXPORT_DIR), time to live, worker concurrency, size limits. */
  bulkExport: Partial<BulkExportSettings>;
  /** Public origin of the service (e.g. https://data.example.org), for absolute download URLs. */
  publicBaseUrl: string | null;
  /** Slow clients: how long the headers, a whole request, a silent connection and an idle keep-alive connection may take. */
  timeouts: ServerTimeouts;
  /** Largest GraphQL response sent; a larger one is replaced by a RESPONSE_TOO_LARGE error. */
  maxResponseBytes: number;
  /** Bounds of the in-process caches (entries and approximate heap bytes). */
  caches: CacheBounds;
  /** Log `process.memoryUsage()` every this many milliseconds (0: never). */
  memoryReportMs: number;
  /** Query-cost budgets per client (src/auth/rate-limit.ts), or false (`RATE_LIMIT=off`). */
  rateLimit: RateLimitSettings | false;
  /** Most rows one filtered download may hold (`MAX_DOWNLOAD_ROWS`; src/exports/query-http.ts). */
  maxDownloadRows: number;
  /** Automatic persisted queries: in Redis when REDIS_URL is set, shared by every replica (src/graphql/persisted-queries.ts). */
  persistedQueries: PersistedQuerySettings;
}

export interface ServerTimeouts {
  /** The request headers must have arrived within this (slowloris), else 408 (Node's `headersTimeout`). */
  headersMs: number;
  /** The whole request, body included, must have arrived within this, else 408 (Node's `requestTimeout`). */
  requestMs: number;
  /** A connection silent in both directions this long is closed (Fastify's `connectionTimeout`). */
  idleMs: number;
  /** An idle keep-alive connection is closed after this (Node's `keepAliveTimeout`). */
  keepAliveMs: number;
}

export interface CacheBounds {
  /** The response cache (graphql/response-cache.ts): bytes of the stored answers, keys and bookkeeping; entries. */
  responseMaxBytes: number;
  responseMaxEntries: number;
  /** Apollo's cache of parsed and validated documents. */
  documentMaxBytes: number;
  documentMaxEntries: number;
  /** Each cache of derived answers (statistics tables, progress), per data version. */
  derivedMaxBytes: number;
}

export const DEFAULT_TIMEOUTS: Readonly<ServerTimeouts> = { headersMs: 10_000, requestMs: 30_000, idleMs: 30_000, keepAliveMs: 72_000 };
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_CACHE_BOUNDS: Readonly<CacheBounds> = {
  responseMaxBytes: 32 * 1024 * 1024,
  responseMaxEntries: 10_000,
  documentMaxBytes: 16 * 1024 * 1024,
  documentMaxEntries: 2_000,
  derivedMaxBytes: 32 * 1024 * 1024,
};

function intFrom(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  return n;
}

export function loadConfig(): Config {
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    pgliteDir: process.env.PGLITE_DIR || "./data/pglite",
    pgliteImageDir: process.env.PGLITE_IMAGE_DIR === "off" ? null : process.env.PGLITE_IMAGE_DIR || DEFAULT_IMAGE_DIR,
    host: process.env.HOST || "127.0.0.1",
    port: intFrom("PORT", 4000, 0, 65535),
    bodyLimitBytes: intFrom("BODY_LIMIT_BYTES", 64 * 1024, 1024, 10 * 1024 * 1024),
    statementTimeoutMs: intFrom("STATEMENT_TIMEOUT_MS", 5_000, 100, 600_000),
    dbPoolSize: intFrom("DB_POOL_SIZE", 10, 1, 200),
    logLevel: process.env.LOG_LEVEL || "info",
    seedSample: process.env.SEED_SAMPLE !== "false",
    responseCache: process.env.RESPONSE_CACHE !== "off",
    cacheMaxAgeSeconds: intFrom("CACHE_MAX_AGE_SECONDS", 60, 0, 86_400),
    exportDir: process.env.EXPORT_DIR || "./exports",
    exportSchedule: process.env.EXPORT_SCHEDULE === "off" ? null : process.env.EXPORT_SCHEDULE || "0 3 * * *",
    exportTimezone: process.env.EXPORT_TIMEZONE || "Asia/Shanghai",
    exportRetention: intFrom("EXPORT_RETENTION", 7, 1, 1000),
    exportOnStart: process.env.EXPORT_ON_START !== "false",
    bulkExport: {
      ...(process.env.BULK_EXPORT_DIR ? { dir: process.env.BULK_EXPORT_DIR } : {}),
      ttlSeconds: 3600 * intFrom("BULK_EXPORT_TTL_HOURS", DEFAULT_BULK_EXPORT.ttlSeconds / 3600, 1, 24 * 90),
      concurrency: intFrom("BULK_EXPORT_CONCURRENCY", DEFAULT_BULK_EXPORT.concurrency, 0, 16),
      maxRows: intFrom("BULK_EXPORT_MAX_ROWS", DEFAULT_BULK_EXPORT.maxRows, 1, 1_000_000_000),
      maxBytes: intFrom("BULK_EXPORT_MAX_BYTES", DEFAULT_BULK_EXPORT.maxBytes, 1024 * 1024, 2 ** 50),
      pollMs: intFrom("BULK_EXPORT_POLL_MS", DEFAULT_BULK_EXPORT.pollMs, 100, 600_000),
    },
    publicBaseUrl: process.env.PUBLIC_BASE_URL?.replace(/\/+$/, "") || null,
    timeouts: timeoutsFromEnv(),
    maxResponseBytes: intFrom("MAX_RESPONSE_BYTES", DEFAULT_MAX_RESPONSE_BYTES, 1024, 1024 * 1024 * 1024),
    caches: {
      responseMaxBytes: intFrom("RESPONSE_CACHE_MAX_BYTES", DEFAULT_CACHE_BOUNDS.responseMaxBytes, 1024, 16 * 1024 ** 3),
      responseMaxEntries: intFrom("RESPONSE_CACHE_MAX_ENTRIES", DEFAULT_CACHE_BOUNDS.responseMaxEntries, 1, 10_000_000),
      documentMaxBytes: intFrom("DOCUMENT_CACHE_MAX_BYTES", DEFAULT_CACHE_BOUNDS.documentMaxBytes, 1024, 16 * 1024 ** 3),
      documentMaxEntries: intFrom("DOCUMENT_CACHE_MAX_ENTRIES", DEFAULT_CACHE_BOUNDS.documentMaxEntries, 1, 10_000_000),
      derivedMaxBytes: intFrom("DERIVED_CACHE_MAX_BYTES", DEFAULT_CACHE_BOUNDS.derivedMaxBytes, 0, 16 * 1024 ** 3),
    },
    memoryReportMs: intFrom("MEMORY_REPORT_MS", 0, 0, 86_400_000),
    rateLimit: rateLimitFromEnv(),
    maxDownloadRows: maxDownloadRowsFromEnv(),
    persistedQueries: {
      ...DEFAULT_PERSISTED_QUERIES,
      redisUrl: process.env.REDIS_URL || null,
      redisPrefix: process.env.APQ_REDIS_PREFIX || DEFAULT_PERSISTED_QUERIES.redisPrefix,
      ttlSeconds: intFrom("APQ_TTL_SECONDS", DEFAULT_PERSISTED_QUERIES.ttlSeconds, 60, 365 * 86_400),
    },
  };
}

/**
 * `RATE_LIMIT=off` disables rate limits. A budget smaller than the largest query allowed
 * (`MAX_QUERY_COST`), or than the largest filtered download (`MAX_DOWNLOAD_ROWS`), would refuse
 * it forever, so it is refused here instead.
 */
function rateLimitFromEnv(): RateLimitSettings | false {
  const switchedOn = process.env.RATE_LIMIT ?? "on";
  if (switchedOn === "off") return false;
  if (switchedOn !== "on") throw new Error(`RATE_LIMIT must be on or off; got ${JSON.stringify(switchedOn)}`);
  const maxCost = limitsFromEnv().maxCost;
  const settings: RateLimitSettings = {
    anonymousPoints: intFrom("RATE_LIMIT_ANONYMOUS_POINTS", DEFAULT_RATE_LIMITS.anonymousPoints, 1, 1_000_000_000),
    partnerPoints: intFrom("RATE_LIMIT_PARTNER_POINTS", DEFAULT_RATE_LIMITS.partnerPoints, 1, 1_000_000_000),
    windowSeconds: intFrom("RATE_LIMIT_WINDOW_SECONDS", DEFAULT_RATE_LIMITS.windowSeconds, 1, 86_400),
    redisUrl: process.env.REDIS_URL || null,
    redisPrefix: process.env.RATE_LIMIT_REDIS_PREFIX || DEFAULT_RATE_LIMITS.redisPrefix,
  };
  for (const [name, points] of [["RATE_LIMIT_ANONYMOUS_POINTS", settings.anonymousPoints], ["RATE_LIMIT_PARTNER_POINTS", settings.partnerPoints]] as const) {
    if (points < maxCost) throw new Error(`${name} (${points}) must be at least MAX_QUERY_COST (${maxCost}): a query allowed to cost that much could never run`);
    const download = downloadCost(maxDownloadRowsFromEnv());
    if (points < download) throw new Error(`${name} (${points}) must be at least the cost of the largest download (MAX_DOWNLOAD_ROWS: ${download} points): a download allowed to be that large could never run`);
  }
  return settings;
}

function maxDownloadRowsFromEnv(): number {
  return intFrom("MAX_DOWNLOAD_ROWS", DEFAULT_DOWNLOADS.maxRows, 1, 10_000_000);
}

function timeoutsFromEnv(): ServerTimeouts {
  const timeouts = {
    headersMs: intFrom("HEADERS_TIMEOUT_MS", DEFAULT_TIMEOUTS.headersMs, 100, 3_600_000),
    requestMs: intFrom("REQUEST_TIMEOUT_MS", DEFAULT_TIMEOUTS.requestMs, 100, 3_600_000),
    idleMs: intFrom("IDLE_TIMEOUT_MS", DEFAULT_TIMEOUTS.idleMs, 100, 3_600_000),
    keepAliveMs: intFrom("KEEP_ALIVE_TIMEOUT_MS", DEFAULT_TIMEOUTS.keepAliveMs, 100, 3_600_000),
  };
  // Node refuses a headers timeout longer than the request timeout: say so in our own terms.
  if (timeouts.headersMs > timeouts.requestMs) throw new Error(`HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not exceed REQUEST_TIMEOUT_MS (${timeouts.requestMs})`);
  return timeouts;
}
