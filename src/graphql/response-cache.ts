/**
 * The response cache, in front of GraphQL. Every public answer is a function of the request and
 * the data, and the data changes only when a seed or an import commits a new data version. So an
 * anonymous request whose exact bytes were answered before, under the same data version, is
 * answered again from the HTTP layer — before its body is parsed as JSON, and before Apollo
 * parses, validates, prices or plans anything — with the bytes and headers the first answer had.
 *
 * - **The key** is the request's exact bytes: the method (HEAD counts as the GET it mirrors), the
 *   headers that change the answer (`Accept` picks the media type; `Content-Type`), and the URL
 *   (GET: query string, published-operation id, APQ hash) or the body (POST). Requests that
 *   mean the same with other bytes (another key order, other spaces) are entries of their own.
 * - **The data version** is this process's idea of it (LISTEN/NOTIFY keeps it current on every
 *   replica: services/refresh.ts). The cache holds the entries of one version: the first
 *   look-up that sees a new one empties it. An answer is stored only if the version it was
 *   looked up under is still current when it is sent, so an answer computed across a change is
 *   not kept (it may hold either version's data).
 * - **What is stored**: answers to anonymous queries (never a request with an `Authorization`
 *   header, which is a partner's or refused), status 200, without errors, that Apollo's
 *   cache-control plugin found cacheable and public (fields that show export files opt out:
 *   resolvers/exports.ts), for at most their `max-age` (`CACHE_MAX_AGE_SECONDS`), with their
 *   `Content-Type`, `Cache-Control` and (GET) `ETag`. A hit says how old it is in `Age`.
 * - **What differs on a hit** is only what is per request: `extensions.cost.sqlStatements` is 0
 *   (a hit runs no SQL) and, with rate limits on, `extensions.rateLimit` is this request's. The
 *   stored body is the miss's with those taken out, encoded once as UTF-8; per-request values
 *   are spliced in as a short tail.
 * - **Rate limits still apply**: a hit is charged the cost its operation was priced at when it
 *   was computed (the price is the question's: README, "Rate limits"). When the budget cannot
 *   pay, the request goes on to GraphQL as any other, which refuses it (429) in the usual words.
 * - **Bounded** by entries and by bytes (`RESPONSE_CACHE_MAX_ENTRIES`, `RESPONSE_CACHE_MAX_BYTES`:
 *   the stored body, the key and bookkeeping), least recently used out first.
 *
 * Why here and not in Apollo (its response-cache plugin, used before): a hit there still went
 * through JSON parsing of the body, Apollo's request pipeline, the document cache, the cost
 * calculation, the cache-key hash, JSON.parse of the stored value and JSON.stringify of the
 * answer again — ≈ 0.9 ms of CPU for a 20 KB answer that a bare Node server sends for ≈ 30 µs;
 * here ≈ 0.08 ms (BENCHMARKS.md, "Response-cache hits").
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RateLimitDecision, RequestUsage } from "../auth/usage.js";
import { usageOf } from "../auth/usage.js";
import type { RateLimiter } from "../auth/rate-limit.js";
import { rateLimitExtension } from "../auth/rate-limit.js";
import type { Context } from "./context.js";
import { requestedQueryCostOf } from "./limits.js";

export interface ResponseCacheBounds {
  maxEntries: number;
  /** Bytes of every entry together: stored body, key (2 bytes a character) and bookkeeping. */
  maxBytes: number;
}

/** Per-entry bookkeeping: the Map slot, the entry object, its header strings. */
const ENTRY_OVERHEAD = 400;

interface Entry {
  /** The answer as a hit sends it when nothing per request is spliced in (UTF-8). */
  body: Buffer;
  /** Byte offset of the top-level `,"extensions":` member in `body` (the splice point). */
  extensionsAt: number;
  /** The top-level `extensions` of the stored body, in their order (`rateLimit` replaced per hit). */
  extensions: Record<string, unknown> | null;
  contentType: string;
  cacheControl: string;
  /** GET only: the ETag the miss was sent with (graphql/http-get.ts). */
  etag: string | undefined;
  /** Query-cost points the rate limiter charges for this operation. */
  cost: number;
  storedAt: number;
  expiresAt: number;
  bytes: number;
}

/** What one request found: its key, under which version, and the entry when it is a hit. */
interface Lookup {
  key: string;
  version: string;
  hit: Entry | null;
  /** A POST's body, unparsed (parsed only if the hit is not served after all). */
  body?: string;
}

type JsonParser = (request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => void;

/** What the Apollo plugin learnt of an answer that may be stored. */
interface Cacheable {
  cost: number;
  maxAgeSeconds: number;
}

/** Requests (by their usage record, which the Fastify hooks and Apollo's context share) whose answer may be stored. */
const cacheableAnswers = new WeakMap<RequestUsage, Cacheable>();

export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  /** Requests answered from the cache. */
  hits: number;
  /** Answers stored. */
  stores: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly lookups = new WeakMap<FastifyRequest, Lookup>();
  private version: string | null = null;
  /** Fastify's JSON parser, for the POSTs this cache looked up (see {@link jsonParser}). */
  private parse: JsonParser | null = null;
  private totalBytes = 0;
  private hits = 0;
  private stores = 0;

  constructor(
    private readonly bounds: ResponseCacheBounds,
    /** This process's current data version, known without a query (services/refresh.ts), or undefined. */
    private readonly currentVersion: () => string | undefined,
    private readonly limiter: RateLimiter | null,
  ) {}

  stats(): ResponseCacheStats {
    return { entries: this.entries.size, bytes: this.totalBytes, hits: this.hits, stores: this.stores };
  }

  /**
   * Looks the request up (`bytes`: the URL of a GET or HEAD, the body of a POST) and remembers
   * what it found for {@link serve} and {@link store}. Requests with an `Authorization` header are
   * neither looked up nor stored.
   */
  private lookUp(request: FastifyRequest, bytes: string): Lookup | null {
    const headers = request.headers;
    if (headers.authorization !== undefined) return null;
    const version = this.currentVersion();
    if (version === undefined) return null;
    if (version !== this.version) this.clear(version);
    const method = request.method === "HEAD" ? "GET" : request.method;
    const key = `${method}\n${headers.accept ?? ""}\n${headers["content-type"] ?? ""}\n${bytes}`;
    let hit = this.entries.get(key) ?? null;
    if (hit) {
      if (hit.expiresAt <= Date.now()) {
        this.remove(key, hit);
        hit = null;
      } else {
        // Map order is insertion order: re-inserting keeps the least recently used first.
        this.entries.delete(key);
        this.entries.set(key, hit);
      }
    }
    const lookup = { key, version, hit };
    this.lookups.set(request, lookup);
    return lookup;
  }

  /**
   * A JSON body parser for `application/json` (Fastify's own, `fallback`, for every other route
   * and every miss): a POST to /graphql that the cache can answer is not parsed at all.
   */
  jsonParser(fallback: JsonParser): JsonParser {
    this.parse = fallback;
    return (request, body, done) => {
      if (request.method === "POST" && request.routeOptions.url === "/graphql") {
        const lookup = this.lookUp(request, body);
        if (lookup?.hit) {
          lookup.body = body;
          return done(null, null);
        }
      }
      return fallback(request, body, done);
    };
  }

  /**
   * The first `preValidation` hook of /graphql: answers a hit (GETs and HEADs are looked up here,
   * POSTs were by the body parser) and lets everything else through to GraphQL. Callback style:
   * a hook that answers does not call `done`, and nothing after it runs.
   */
  serve() {
    return (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
      const lookup = request.method === "POST" ? this.lookups.get(request) : request.method === "GET" || request.method === "HEAD" ? this.lookUp(request, request.url) : null;
      const entry = lookup?.hit;
      if (!entry) return done();
      if (!this.limiter) return this.send(reply, entry, entry.body);
      const usage = usageOf(request);
      this.limiter.charge(usage, entry.cost).then((decision) => {
        if (decision.allowed) return this.send(reply, entry, withRateLimit(entry, decision));
        // GraphQL refuses it (429), charging nothing, in the words every refusal has; a POST's body is parsed now.
        usage.rateLimit = null;
        lookup.hit = null;
        if (lookup.body === undefined || !this.parse) return done();
        this.parse(request, lookup.body, (err, parsed) => {
          if (err) return done(err);
          request.body = parsed;
          done();
        });
      }, done);
    };
  }

  private send(reply: FastifyReply, entry: Entry, body: Buffer): void {
    this.hits += 1;
    reply.code(200).header("content-type", entry.contentType).header("cache-control", entry.cacheControl);
    reply.header("age", String(Math.round((Date.now() - entry.storedAt) / 1000)));
    if (entry.etag !== undefined) reply.header("etag", entry.etag);
    reply.send(body);
  }

  /**
   * The last `onSend` hook of /graphql: stores an answer that may be stored (see the top of this
   * file), as it goes out — after every hook that could still change it.
   */
  store() {
    return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
      const lookup = this.lookups.get(request);
      if (!lookup || lookup.hit || typeof payload !== "string" || reply.statusCode !== 200) return payload;
      if (request.method !== "GET" && request.method !== "POST") return payload;
      const cacheable = cacheableAnswers.get(usageOf(request));
      if (!cacheable || lookup.version !== this.currentVersion() || lookup.version !== this.version) return payload;
      const contentType = reply.getHeader("content-type");
      const cacheControl = reply.getHeader("cache-control");
      if (typeof contentType !== "string" || typeof cacheControl !== "string") return payload;
      const etag = reply.getHeader("etag");
      const stored = storedBody(payload);
      const now = Date.now();
      const entry: Entry = {
        ...stored,
        contentType,
        cacheControl,
        etag: typeof etag === "string" ? etag : undefined,
        cost: cacheable.cost,
        storedAt: now,
        expiresAt: now + cacheable.maxAgeSeconds * 1000,
        bytes: stored.body.length + 2 * lookup.key.length + ENTRY_OVERHEAD,
      };
      if (entry.bytes > this.bounds.maxBytes) return payload;
      const previous = this.entries.get(lookup.key);
      if (previous) this.remove(lookup.key, previous);
      this.entries.set(lookup.key, entry);
      this.totalBytes += entry.bytes;
      this.stores += 1;
      this.evict();
      return payload;
    };
  }

  /**
   * The Apollo plugin that marks an answer as one that may be stored: an anonymous query's,
   * without errors, cacheable and public by Apollo's cache-control policy. It must come after
   * every plugin that may still turn the answer into an error (the rate limiter's).
   */
  plugin(): ApolloServerPlugin<Context> {
    return {
      async requestDidStart({ contextValue }) {
        if (contextValue.viewer.kind !== "anonymous") return;
        return {
          async willSendResponse(requestContext) {
            const { response, operation } = requestContext;
            if (operation?.operation !== "query" || response.body.kind !== "single") return;
            if (response.body.singleResult.errors || (response.http.status ?? 200) !== 200) return;
            const policy = requestContext.overallCachePolicy.policyIfCacheable();
            if (!policy || policy.scope !== "PUBLIC") return;
            cacheableAnswers.set(contextValue.usage, { cost: requestedQueryCostOf(contextValue) ?? 1, maxAgeSeconds: policy.maxAge });
          },
        };
      },
    };
  }

  private clear(version: string): void {
    this.entries.clear();
    this.totalBytes = 0;
    this.version = version;
  }

  private remove(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.bounds.maxEntries && this.totalBytes <= this.bounds.maxBytes) break;
      this.remove(key, entry);
    }
  }
}

/** The stored body with this request's `extensions.rateLimit` spliced in (when the stored answer had one). */
function withRateLimit(entry: Entry, decision: RateLimitDecision): Buffer {
  if (!entry.extensions || !("rateLimit" in entry.extensions)) return entry.body;
  const tail = `,"extensions":${JSON.stringify({ ...entry.extensions, rateLimit: rateLimitExtension(decision) })}}`;
  return Buffer.concat([entry.body.subarray(0, entry.extensionsAt), Buffer.from(tail)]);
}

/**
 * The body a hit sends, from the miss's: its top-level `extensions` (Apollo writes them last)
 * with `cost.sqlStatements` set to 0, as UTF-8, and where the splice point is.
 */
function storedBody(payload: string): Pick<Entry, "body" | "extensionsAt" | "extensions"> {
  const marker = ',"extensions":{';
  const at = payload.lastIndexOf(marker);
  let extensions: Record<string, unknown> | null = null;
  if (at >= 0 && payload.endsWith("}")) {
    try {
      extensions = JSON.parse(payload.slice(at + marker.length - 1, -1)) as Record<string, unknown>;
    } catch {
      extensions = null;
    }
  }
  if (!extensions) return { body: Buffer.from(payload), extensionsAt: Buffer.byteLength(payload) - 1, extensions: null };
  const cost = extensions.cost as Record<string, unknown> | undefined;
  if (cost && typeof cost === "object" && "sqlStatements" in cost) extensions = { ...extensions, cost: { ...cost, sqlStatements: 0 } };
  const head = payload.slice(0, at);
  return { body: Buffer.from(`${head},"extensions":${JSON.stringify(extensions)}}`), extensionsAt: Buffer.byteLength(head), extensions };
}
