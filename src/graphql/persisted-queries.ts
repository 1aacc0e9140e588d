/**
 * Where automatic persisted queries (Apollo APQ: a client sends the SHA-256 of its query, and the
 * text only the first time) are kept. Behind a load balancer the next request of a client may
 * reach another replica, which must know the hash too, or the client pays a round trip
 * (PERSISTED_QUERY_NOT_FOUND, then the text) every time it changes replica. So with `REDIS_URL`
 * they live in Redis, shared by every replica, each entry for `ttlSeconds` after it was last
 * registered; each process also keeps what it has seen in a bounded LRU of its own, which
 * answers first and which is all there is without Redis.
 *
 * **A Redis outage does not fail requests** (as with the rate limits, src/auth/rate-limit.ts):
 * a look-up Redis cannot answer within {@link REDIS_TIMEOUT_MS} is a miss in Redis, so the client
 * sends the text again — the APQ protocol's own recovery — and it is logged once a minute at most.
 */
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import { newRedis } from "../redis-client.js";

export interface PersistedQuerySettings {
  /** Redis shared by every replica; null: this process's memory only. */
  redisUrl: string | null;
  /** Prefix of every Redis key. */
  redisPrefix: string;
  /** How long a registered query is kept after its last registration, in seconds. */
  ttlSeconds: number;
  /** Bound of this process's own copy: entries and approximate heap bytes. */
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_PERSISTED_QUERIES: Readonly<PersistedQuerySettings> = {
  redisUrl: null,
  redisPrefix: "chuangye:apq:",
  ttlSeconds: 7 * 24 * 3600,
  maxEntries: 5_000,
  maxBytes: 8 * 1024 * 1024,
};

export const REDIS_TIMEOUT_MS = 250;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

export class PersistedQueryStore implements KeyValueCache<string> {
  private readonly local: InMemoryLRUCache<string>;
  private readonly redis: Redis | null;
  private lastComplaint = 0;

  constructor(
    private readonly settings: PersistedQuerySettings,
    private readonly log: FastifyBaseLogger,
  ) {
    // Query texts are strings: two bytes a character on the heap, plus the key.
    this.local = new InMemoryLRUCache<string>({ max: settings.maxEntries, maxSize: settings.maxBytes, sizeCalculation: (value, key) => 2 * (value.length + key.length) + 200 });
    this.redis = settings.redisUrl
      ? newRedis(settings.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: (times) => Math.min(times * 200, 5_000) })
      : null;
    this.redis?.on("error", (err: Error) => this.complain(err));
  }

  /** Connects to Redis, waiting a little; without it the service starts anyway (and keeps trying). */
  async start(): Promise<this> {
    if (this.redis) await withTimeout(this.redis.connect(), 2_000).catch((err: Error) => this.complain(err));
    return this;
  }

  async get(key: string): Promise<string | undefined> {
    const local = await this.local.get(key);
    if (local !== undefined || !this.redis) return local;
    if (this.redis.status !== "ready") return undefined;
    try {
      const shared = await withTimeout(this.redis.get(this.settings.redisPrefix + key), REDIS_TIMEOUT_MS);
      if (shared === null) return undefined;
      await this.local.set(key, shared);
      return shared;
    } catch (err) {
      this.complain(err as Error);
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.local.set(key, value);
    if (!this.redis || this.redis.status !== "ready") return;
    const ttl = options?.ttl ?? this.settings.ttlSeconds;
    try {
      await withTimeout(ttl ? this.redis.set(this.settings.redisPrefix + key, value, "EX", Math.ceil(ttl)) : this.redis.set(this.settings.redisPrefix + key, value), REDIS_TIMEOUT_MS);
    } catch (err) {
      this.complain(err as Error);
    }
  }

  async delete(key: string): Promise<boolean> {
    await this.local.delete(key);
    if (this.redis?.status === "ready") await withTimeout(this.redis.del(this.settings.redisPrefix + key), REDIS_TIMEOUT_MS).catch((err: Error) => this.complain(err));
    return true;
  }

  async close(): Promise<void> {
    if (!this.redis) return;
    this.redis.removeAllListeners("error");
    this.redis.on("error", () => {});
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis!.disconnect());
    else this.redis.disconnect();
  }

  private complain(err: Error) {
    const now = Date.now();
    if (now - this.lastComplaint < 60_000) return;
    this.lastComplaint = now;
    this.log.warn({ err: { message: err.message } }, "Redis unavailable: automatic persisted queries are kept in this process only until it is back (clients resend a query text a replica has not seen)");
  }
}
