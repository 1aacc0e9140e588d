import postgres from "postgres";
import type { Database } from "./client.js";

/** Advisory-lock keys: one 64-bit number per kind of exclusive work, stable across releases. */
export const LOCK_KEYS = {
  migrate: 7_201_031_001n,
  seed: 7_201_031_002n,
  export: 7_201_031_003n,
} as const;

/**
 * Runs `work` while holding a session-level advisory lock, waiting if another replica holds
 * it. The lock lives on a connection of its own, outside the pool: waiting for it must never
 * hold a pooled connection that the lock holder's work needs (that deadlocks a small pool).
 * On PGlite (one process, one connection) there is nobody to exclude.
 */
export async function withAdvisoryLock<T>(database: Database, name: keyof typeof LOCK_KEYS, work: () => Promise<T>): Promise<T> {
  if (database.engine === "pglite" || !database.url) return work();
  const lock = postgres(database.url, { max: 1, onnotice: () => {}, connection: { application_name: `chuangye-lock-${name}` } });
  try {
    await lock`select pg_advisory_lock(${LOCK_KEYS[name].toString()}::bigint)`;
    return await work();
  } finally {
    // Ending the session releases the lock even if unlocking itself failed.
    await lock.end({ timeout: 5 });
  }
}

/** Locks held in this process, for the single-process engine (PGlite). */
const localLocks = new Set<string>();

/**
 * Like withAdvisoryLock, but gives up at once when another replica (or this process) holds
 * the lock: for work that must run once, where a second runner should simply skip.
 */
export async function tryWithAdvisoryLock<T>(database: Database, name: keyof typeof LOCK_KEYS, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
  if (database.engine === "pglite" || !database.url) {
    const key = `${database.location}#${name}`;
    if (localLocks.has(key)) return { acquired: false };
    localLocks.add(key);
    try {
      return { acquired: true, value: await work() };
    } finally {
      localLocks.delete(key);
    }
  }
  const lock = postgres(database.url, { max: 1, onnotice: () => {}, connection: { application_name: `chuangye-lock-${name}` } });
  try {
    const [row] = await lock<{ ok: boolean }[]>`select pg_try_advisory_lock(${LOCK_KEYS[name].toString()}::bigint) as ok`;
    if (!row?.ok) return { acquired: false };
    return { acquired: true, value: await work() };
  } finally {
    await lock.end({ timeout: 5 });
  }
}
