/** Settings, all from the environment (12-factor), with defaults that work on a laptop. */
export interface Config {
  /** PostgreSQL URL; unset → the embedded PGlite engine in `pgliteDir`. */
  databaseUrl: string | undefined;
  pgliteDir: string;
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
  /** Whole-response cache keyed by the data version (`RESPONSE_CACHE=off` to disable). */
  responseCache: boolean;
  /** `Cache-Control: max-age` of GraphQL responses, in seconds. */
  cacheMaxAgeSeconds: number;
  /** Where export snapshots are written and served from. */
  exportDir: string;
  /** Cron pattern of scheduled exports, or null (EXPORT_SCHEDULE=off). */
  exportSchedule: string | null;
  exportTimezone: string;
  /** Complete snapshots to keep. */
  exportRetention: number;
  /** Export at start-up when nothing has been published yet. */
  exportOnStart: boolean;
  /** Public origin of the service (e.g. https://data.example.org), for absolute download URLs. */
  publicBaseUrl: string | null;
}

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
    publicBaseUrl: process.env.PUBLIC_BASE_URL?.replace(/\/+$/, "") || null,
  };
}
