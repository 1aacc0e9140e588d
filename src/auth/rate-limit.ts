/**
 * Rate limits by query cost: every client has a budget of points (the cost model of
 * src/graphql/limits.ts) per window — per API key for partners, per client address for
 * anonymous callers — and a request the budget cannot pay for is answered HTTP 429.
 *
 * **The algorithm: a token bucket** (Shopify's model for its GraphQL Admin API: a bucket of
 * points that refills continuously), kept as GCRA, the generic cell rate algorithm: one number
 * per client, the "theoretical arrival time" (TAT) — when the bucket would be full again. A
 * request of `c` points moves it `c × window / limit` into the future; it is refused if that
 * would put it more than one window ahead. So a client may spend its whole budget at once and
 * then gets `limit / window` points back every second. Chosen over
 * - a fixed window (GitHub's 5,000 points an hour): double the budget fits across a window's
 *   edge, and a client that spent it all waits for the edge, not for what it needs;
 * - a sliding log: a list per client instead of one number.
 * One number also makes the shared counter one atomic Lua script in Redis (read, compare,
 * write), with Redis's own clock, so replicas with skewed clocks still agree.
 *
 * **What is charged.** An operation's cost (at least 1 point: `{ __typename }` is not free),
 * before it runs — after every check that could refuse it, so a refused request never reaches
 * the database and is not charged its cost. A request refused earlier (unparseable, invalid,
 * over a query limit, a bad key, a malformed body) costs {@link EARLY_REFUSAL_POINTS}: floods of
 * garbage drain a budget too, but a client's honest mistake costs almost nothing. Refused
 * requests (429) cost nothing. A cached answer costs what executing it would: the price is the
 * question's, and a client cannot know which answers are cached.
 *
 * **Where the counters live.** In process memory without `REDIS_URL` (one budget per process);
 * in Redis with it, so every replica draws on one budget. **A Redis outage does not take the
 * API down**: each request it cannot reach Redis for (not connected, or no answer within
 * {@link REDIS_COMMAND_TIMEOUT_MS}) is charged against this process's own counters instead,
 * and the outage is logged (once a minute at most). So limits still hold per replica —
 * looser by the number of replicas, never off, never a refusal because the counter store is
 * down. Failing closed would turn a cache outage into an API outage; failing open would leave
 * the database unprotected exactly when something is already wrong.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import { newRedis } from "../redis-client.js";
import { isIPv6 } from "node:net";
import type { Context } from "../graphql/context.js";
import { requestedQueryCostOf } from "../graphql/limits.js";
import { usageOf, type RateLimitDecision, type RequestUsage } from "./usage.js";

export interface RateLimitSettings {
  /** Points an anonymous client (one address; one /64 network for IPv6) may spend per window. */
  anonymousPoints: number;
  /** Points one partner API key may spend per window. */
  partnerPoints: number;
  /** The window, in seconds: a spent budget is whole again after it. */
  windowSeconds: number;
  /** Redis URL for counters shared by replicas; null: this process's memory. */
  redisUrl: string | null;
  /** Prefix of every Redis key (deployments, or test runs, sharing one Redis keep apart). */
  redisPrefix: string;
}

/**
 * Defaults. A budget must hold at least one query of the largest cost allowed
 * (`MAX_QUERY_COST`, 10,000), or that query could never run.
 * - Anonymous, 20,000 points a minute (333 a second): two of the largest queries at once, or
 *   about two pages of 50 incubator bases with their regions (151 points) every second, all
 *   minute long. One uncached list request costs 8–11 ms of CPU (README, Performance): a
 *   client at its limit takes a few percent of one process, so it takes dozens of them at
 *   once to crowd out the rest — and a shared address (a university, an office) still has room.
 * - Partner keys, 100,000 points a minute: a bank's sync at 100 loans a page (201 points)
 *   reads about 500 loans a second, 30,000 a minute; larger reads belong to bulk export jobs.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Omit<RateLimitSettings, "redisUrl">> = {
  anonymousPoints: 20_000,
  partnerPoints: 100_000,
  windowSeconds: 60,
  redisPrefix: "chuangye:ratelimit:",
};

/** What a request refused before its cost is known is charged (see the top of this file). */
export const EARLY_REFUSAL_POINTS = 1;

/** How long a request waits for Redis before it is charged locally instead. */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

/** Clients whose counters one process keeps at most (the least recently charged go first). */
const MAX_LOCAL_BUCKETS = 100_000;

/** The state of one bucket after a charge: allowed or not, and how far ahead its TAT is (µs). */
interface Charge {
  allowed: boolean;
  /** TAT − now, in microseconds: how long until the bucket is full again. */
  debtUs: number;
}

/** One GCRA step (see the top of this file); all times in microseconds. */
function gcra(tat: number | undefined, now: number, cost: number, limit: number, windowUs: number): { allowed: boolean; tat: number } {
  const start = tat === undefined || tat < now ? now : tat;
  const after = start + (cost * windowUs) / limit;
  return after - now > windowUs ? { allowed: false, tat: start } : { allowed: true, tat: after };
}

/** Counters in this process's memory: exact for one process, and the fallback when Redis is away. */
export class MemoryBuckets {
  private readonly tats = new Map<string, number>();
  private lastSweep = 0;

  charge(key: string, cost: number, limit: number, windowUs: number): Charge {
    const now = Date.now() * 1000;
    const step = gcra(this.tats.get(key), now, cost, limit, windowUs);
    if (step.allowed) {
      // Delete, then set: the Map's order stays least-recently-charged first, for eviction.
      this.tats.delete(key);
      this.tats.set(key, step.tat);
      if (this.tats.size > MAX_LOCAL_BUCKETS) this.shrink(now);
    }
    return { allowed: step.allowed, debtUs: Math.max(0, step.tat - now) };
  }

  /** Drops full buckets (at most once a second), then the least recently charged ones. */
  private shrink(now: number): void {
    if (now - this.lastSweep > 1_000_000) {
      this.lastSweep = now;
      for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
    }
    // A client evicted here starts afresh: bounded memory is worth more than its few points.
    for (const key of this.tats.keys()) {
      if (this.tats.size <= MAX_LOCAL_BUCKETS) break;
      this.tats.delete(key);
    }
  }

  get size(): number {
    return this.tats.size;
  }
}

/**
 * The GCRA step in Redis, atomically (a script runs alone), on Redis's clock (`TIME`; scripts
 * are replicated by their effects since Redis 5, so reading the clock is allowed). The TAT is
 * kept in whole microseconds (`%.0f`: Lua would print a large number in exponent notation) and
 * expires when the bucket is full again, so idle clients cost Redis nothing.
 * Returns { allowed (1|0), TAT − now in µs }.
 */
const CHARGE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local after = tat + cost * window / limit
if after - now > window then
  return {0, math.floor(tat - now)}
end
redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.ceil((after - now) / 1000))
return {1, math.floor(after - now)}
`;

type RedisWithCharge = Redis & { rateLimitCharge(key: string, limit: number, windowUs: number, cost: number): Promise<[number, number]> };

/** Counters in Redis, shared by every replica; this process's memory while Redis cannot be reached. */
class RedisBuckets {
  private readonly redis: RedisWithCharge;
  private lastComplaint = 0;
  private degraded = false;

  constructor(
    url: string,
    prefix: string,
    private readonly local: MemoryBuckets,
    private readonly log: FastifyBaseLogger,
  ) {
    this.redis = newRedis(url, {
      keyPrefix: prefix,
      lazyConnect: true,
      // A request never waits in a queue for a connection that is not there: it is charged locally.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: 2_000,
      // Keep trying to reconnect, at most every 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2_000),
    }) as RedisWithCharge;
    this.redis.defineCommand("rateLimitCharge", { numberOfKeys: 1, lua: CHARGE_SCRIPT });
    this.redis.on("error", (err: Error) => this.complain(err));
    this.redis.on("ready", () => {
      if (this.degraded) this.log.info("Redis is reachable again: rate-limit counters are shared by every replica again");
      this.degraded = false;
      // The next outage is news at once.
      this.lastComplaint = 0;
    });
  }

  /** Connects, waiting at most `ms`; if Redis is not there, the service starts anyway (and keeps trying). */
  async connect(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.redis.connect(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms)))]);
    } catch (err) {
      this.complain(err as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  async charge(key: string, cost: number, limit: number, windowUs: number): Promise<Charge> {
    if (this.redis.status !== "ready") {
      this.complain(new Error(`Redis connection is ${this.redis.status}`));
      return this.local.charge(key, cost, limit, windowUs);
    }
    try {
      const [allowed, debtUs] = await this.redis.rateLimitCharge(key, limit, windowUs, cost);
      return { allowed: allowed === 1, debtUs: Number(debtUs) };
    } catch (err) {
      this.complain(err as Error);
      return this.local.charge(key, cost, limit, windowUs);
    }
  }

  /** Logs an outage once a minute at most (ioredis reports every failed reconnection). */
  private complain(err: Error): void {
    this.degraded = true;
    const now = Date.now();
    if (now - this.lastComplaint < 60_000) return;
    this.lastComplaint = now;
    this.log.warn({ err: { message: err.message } }, "Redis unavailable: rate limits fall back to this process's own counters (each replica enforces the budget on its own) until it is back");
  }

  async close(): Promise<void> {
    this.redis.removeAllListeners("error");
    this.redis.on("error", () => {});
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

/**
 * The bucket of an address: IPv4 as it is; IPv6 by its /64 network, which is what one
 * subscriber is usually given (counting single addresses would give each client 2⁶⁴ budgets).
 */
export function addressBucket(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const address = ip.split("%")[0]!;
  const [head = "", tail] = address.split("::");
  const groups = (part: string) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/** The error of a request refused for its rate limit (a GraphQL error; the downloads send its parts as their JSON error). */
export function formatRateLimited(decision: RateLimitDecision, early: boolean) {
  const budget = `${decision.limit} points per ${decision.windowSeconds} s`;
  const what = early ? `This request was refused before it could run, which counts ${decision.requested} point` : `This query costs ${decision.requested} points`;
  const message =
    decision.retryAfterSeconds === null
      ? `Rate limit: this query costs ${decision.requested} points, more than the whole budget of ${budget}. Ask for less (\`first\`/\`last\`, fewer nested lists) or split the query.`
      : `Rate limit exceeded (${budget}): ${what}, and ${decision.remaining} remain. Retry in ${decision.retryAfterSeconds} s, or spend fewer points per request (\`first\`/\`last\`).`;
  return {
    message,
    extensions: {
      code: "RATE_LIMITED",
      cost: decision.requested,
      limit: decision.limit,
      remaining: decision.remaining,
      windowSeconds: decision.windowSeconds,
      retryAfterSeconds: decision.retryAfterSeconds,
    },
  };
}

/** What every response reports in `extensions.rateLimit` (response-cache hits too: graphql/response-cache.ts). */
export function rateLimitExtension(decision: RateLimitDecision) {
  return {
    limit: decision.limit,
    remaining: decision.remaining,
    resetAt: new Date(Date.now() + decision.resetSeconds * 1000).toISOString(),
    cost: decision.cost,
    windowSeconds: decision.windowSeconds,
  };
}

/**
 * The headers every rate-limited response carries (IETF httpapi draft "RateLimit header fields"),
 * and on a refusal `Retry-After` and `Cache-Control: no-store`: GraphQL's and the downloads'.
 */
export function rateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  reply.header("ratelimit-limit", String(decision.limit));
  reply.header("ratelimit-remaining", String(decision.remaining));
  reply.header("ratelimit-reset", String(decision.resetSeconds));
  reply.header("ratelimit-policy", `${decision.limit};w=${decision.windowSeconds}`);
  if (!decision.allowed) {
    if (decision.retryAfterSeconds !== null) reply.header("retry-after", String(decision.retryAfterSeconds));
    // A refusal is this client's, now: no cache may keep it.
    reply.header("cache-control", "no-store");
  }
}

export class RateLimiter {
  private readonly local = new MemoryBuckets();
  private readonly shared: RedisBuckets | null;
  private readonly windowUs: number;

  constructor(
    readonly settings: RateLimitSettings,
    log: FastifyBaseLogger,
  ) {
    this.windowUs = settings.windowSeconds * 1_000_000;
    this.shared = settings.redisUrl ? new RedisBuckets(settings.redisUrl, settings.redisPrefix, this.local, log) : null;
  }

  async start(): Promise<void> {
    await this.shared?.connect(2_000);
  }

  async close(): Promise<void> {
    await this.shared?.close();
  }

  /**
   * Charges `points` to the request's client — its key once authenticated, else its address —
   * and records the decision in the request's usage.
   */
  async charge(usage: RequestUsage, points: number): Promise<RateLimitDecision> {
    const viewer = usage.viewer;
    const [key, limit] = viewer?.kind === "partner" ? [`key:${viewer.keyId}`, this.settings.partnerPoints] : [`ip:${addressBucket(usage.ip)}`, this.settings.anonymousPoints];
    const requested = Math.max(1, Math.ceil(points));
    const { allowed, debtUs } = this.shared ? await this.shared.charge(key, requested, limit, this.windowUs) : this.local.charge(key, requested, limit, this.windowUs);
    const interval = this.windowUs / limit;
    // A hair over, so that float rounding never shows 6 points left when 7 are.
    const remaining = Math.max(0, Math.floor((this.windowUs - debtUs) / interval + 1e-6));
    const wait = debtUs + requested * interval - this.windowUs;
    const decision: RateLimitDecision = {
      allowed,
      limit,
      windowSeconds: this.settings.windowSeconds,
      remaining,
      cost: allowed ? requested : 0,
      requested,
      resetSeconds: Math.ceil(debtUs / 1_000_000),
      retryAfterSeconds: allowed ? null : requested > limit ? null : Math.max(1, Math.ceil(wait / 1_000_000)),
    };
    usage.rateLimit = decision;
    return decision;
  }

  /**
   * The Apollo plugin. Its `responseForOperation` charges the cost after every pre-execution
   * check has passed (they run in `didResolveOperation`), and before execution — and returns the
   * 429 answer instead when the budget cannot pay. (Answers from the response cache, which never
   * reach Apollo, are charged by the cache itself: graphql/response-cache.ts.)
   */
  plugin(): ApolloServerPlugin<Context> {
    const limiter = this;
    return {
      async requestDidStart({ contextValue }) {
        const usage = contextValue.usage;
        let early = false;
        return {
          async responseForOperation(requestContext) {
            const decision = await limiter.charge(usage, requestedQueryCostOf(requestContext.contextValue) ?? EARLY_REFUSAL_POINTS);
            if (decision.allowed) return null;
            return { http: { status: 429, headers: new HeaderMap() }, body: { kind: "single", singleResult: { errors: [formatRateLimited(decision, false)] } } };
          },
          // Refused before the operation could run (parse, validation, limits, bad input): a small charge.
          async didEncounterErrors() {
            if (usage.rateLimit) return;
            early = true;
            await limiter.charge(usage, EARLY_REFUSAL_POINTS);
          },
          // Synchronous, and first among the plugins: the others' willSendResponse see the final answer.
          async willSendResponse({ response }) {
            const decision = usage.rateLimit;
            if (!decision || response.body.kind !== "single") return;
            const result = response.body.singleResult;
            if (!decision.allowed && early) {
              result.errors = [formatRateLimited(decision, true)];
              delete result.data;
              response.http.status = 429;
            }
            result.extensions = { ...result.extensions, rateLimit: rateLimitExtension(decision) };
          },
        };
      },
    };
  }

  /**
   * Fastify `onSend` hook for the GraphQL route: charges requests refused before Apollo ran
   * them (a bad key, a malformed body: {@link EARLY_REFUSAL_POINTS}), answers 429 for them when
   * the budget is spent, and writes the `RateLimit-*` headers (IETF httpapi draft
   * "RateLimit header fields": `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` in
   * seconds until the budget is whole, `RateLimit-Policy: <points>;w=<seconds>`) and, on a 429,
   * `Retry-After`.
   */
  onSend() {
    return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
      const usage = usageOf(request);
      let decision = usage.rateLimit;
      if (!decision) {
        decision = await this.charge(usage, EARLY_REFUSAL_POINTS);
        if (!decision.allowed) {
          reply.code(429).removeHeader("www-authenticate").header("content-type", "application/json; charset=utf-8");
          payload = JSON.stringify({ errors: [formatRateLimited(decision, true)] });
        }
      }
      rateLimitHeaders(reply, decision);
      return payload;
    };
  }
}
