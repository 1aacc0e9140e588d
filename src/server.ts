import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from "@as-integrations/fastify";
import cors from "@fastify/cors";
import Fastify, { type FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import type { GraphQLFormattedError } from "graphql";
import type { Database } from "./db/client.js";
import { countedDatabase } from "./db/stats.js";
import { createContext, type Context } from "./graphql/context.js";
import { createLoaders } from "./loaders/index.js";
import { authenticate } from "./auth/viewer.js";
import { RateLimiter, type RateLimitSettings } from "./auth/rate-limit.js";
import { AuditLog, auditOnResponse, auditOnSend, auditPlugin } from "./auth/audit.js";
import { startUsage, usageOf } from "./auth/usage.js";
import { isUncodedRequestError } from "./graphql/errors.js";
import { queryLimits, type Limits } from "./graphql/limits.js";
import { badInputPlugin, formatBadInputError, KnownOperationTypesRule, refuseDeepBody } from "./graphql/bad-input.js";
import { boundedDocumentStore } from "./graphql/caches.js";
import { ResponseCache } from "./graphql/response-cache.js";
import { responseSizeLimit } from "./graphql/response-size.js";
import { DEFAULT_CACHE_BOUNDS, DEFAULT_MAX_RESPONSE_BYTES, type CacheBounds, type ServerTimeouts } from "./config.js";
import { derivedCacheLimits } from "./services/versioned-cache.js";
import { slowClientOptions } from "./http-timeouts.js";
import { buildAppSchema } from "./graphql/schema.js";
import { CompiledExecution, compiledExecutionFromEnv, DEFAULT_COMPILED_EXECUTION, type CompiledExecutionSettings, type CompiledExecutionStats } from "./graphql/compiled-execution.js";
import { registerFramingRules, registerViewRoutes } from "./views/routes.js";
import { registerExportRoutes } from "./exports/http.js";
import { DEFAULT_EXPORT_SCHEDULE, registerCatalogueRoutes, type ExportScheduleSetting } from "./exports/dcat.js";
import { BulkExportWorker, bulkExportSettings, type BulkExportSettings } from "./exports/bulk.js";
import { registerBulkExportRoutes } from "./exports/bulk-http.js";
import { registerErrorHandlers } from "./http-errors.js";
import { DEFAULT_DOWNLOADS, registerQueryRoutes, type DownloadSettings } from "./exports/query-http.js";
import { resolve } from "node:path";
import { dataVersion, knownDataVersion, watchDataVersion } from "./services/refresh.js";
import { figuresRefreshDelayFromEnv, startFiguresRefresher } from "./services/loan-figures.js";
import { partnerBodyLimitFromEnv, publicBodyLimit } from "./graphql/body-limit.js";
import { csrfPrevention, expandPublishedOperation, httpCaching, statusForJsonClients } from "./graphql/http-get.js";
import { publishedOperationsDocument } from "./graphql/published-operations.js";
import { DEFAULT_PERSISTED_QUERIES, PersistedQueryStore, type PersistedQuerySettings } from "./graphql/persisted-queries.js";
import { explorerResponse, registerExplorerAssets, wantsExplorer } from "./graphql/explorer.js";
import { requestBaseUrl } from "./base-url.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The response cache in front of GraphQL (graphql/response-cache.ts); null when it is off. */
    responseCache: ResponseCache | null;
    /** Requests Apollo Server has handled since start (response-cache hits never reach it). */
    readonly graphqlRequests: number;
    /** What compiled execution did (graphql/compiled-execution.ts); null when it is off. */
    compiledExecution(): CompiledExecutionStats | null;
  }
}

export interface ServerOptions {
  database: Database;
  bodyLimitBytes?: number;
  logLevel?: string;
  /** Query limits (depth, aliases, cost …); default: from the environment (see graphql/limits.ts). */
  limits?: Limits;
  /** Whole-response cache keyed by the data version (default on). */
  responseCache?: boolean;
  /** `Cache-Control: max-age` for clients and CDNs, in seconds. */
  cacheMaxAgeSeconds?: number;
  /** Where export snapshots are published (served under /exports). */
  exportDir?: string;
  publicBaseUrl?: string | null;
  /** The export schedule, for the catalogue's update frequency (default daily at 03:00 Asia/Shanghai, as config.ts). */
  exportSchedule?: ExportScheduleSetting;
  /** Slow clients: headers, whole request, silent and idle keep-alive connections (default: config.ts). */
  timeouts?: Partial<ServerTimeouts>;
  /** Largest GraphQL response sent; larger ones become RESPONSE_TOO_LARGE (see graphql/response-size.ts). */
  maxResponseBytes?: number;
  /** Bounds of the in-process caches; `derivedMaxBytes` is process-wide (the derived caches are module-level). */
  caches?: Partial<CacheBounds>;
  /** Partners' bulk export jobs (src/exports/bulk.ts): folder, time to live, limits; `concurrency` > 0 runs the worker here (default 0: none). */
  bulkExport?: Partial<BulkExportSettings>;
  /** Filtered downloads (src/exports/query-http.ts): most rows per download, page size; default DEFAULT_DOWNLOADS. */
  downloads?: Partial<DownloadSettings>;
  /** Budgets of query-cost points per client and window (src/auth/rate-limit.ts); default: none. */
  rateLimit?: RateLimitSettings | false;
  /** Largest body of a request with an API key (a batch of reported loans); default PARTNER_BODY_LIMIT_BYTES or 1 MiB (graphql/body-limit.ts). */
  partnerBodyLimitBytes?: number;
  /** Delay of the background refresh of public loan figures after a reported change; default FIGURES_REFRESH_DELAY_MS or 30 s (services/loan-figures.ts). */
  figuresRefreshDelayMs?: number;
  /** Automatic persisted queries: shared through Redis when `redisUrl` is set (src/graphql/persisted-queries.ts). */
  persistedQueries?: Partial<PersistedQuerySettings>;
  /** Queries run as compiled code (graphql-jit; graphql/compiled-execution.ts), or false: graphql-js alone. Default: from the environment (GRAPHQL_JIT…), on. */
  compiledExecution?: Partial<CompiledExecutionSettings> | false;
}

/** Codes that are the client's to fix; anything else is ours and is masked. */
const CLIENT_CODES = new Set([
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
  "QUERY_TOO_COMPLEX",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/**
 * Reports what the request cost the database in `extensions.cost.sqlStatements`, so clients and
 * tests can see it (merged with the query cost that the limits plugin reports beside it).
 */
const costReportPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        const stats = contextValue.stats;
        if (response.body.kind === "single" && stats) {
          const extensions = response.body.singleResult.extensions;
          const cost = (extensions?.cost ?? {}) as Record<string, unknown>;
          response.body.singleResult.extensions = { ...extensions, cost: { ...cost, sqlStatements: stats.statements } };
        }
      },
    };
  },
};

/**
 * Apollo's cache-control plugin says which answers are cacheable, and for how long: clients and
 * CDNs get `Cache-Control: max-age`, and the response cache in front of GraphQL
 * (graphql/response-cache.ts) keeps the public ones. With the cache off the plugin is disabled
 * too: it wraps every field resolver to compute hints, which is measurable on list queries
 * (BENCHMARKS.md).
 */
function cachePlugins(options: ServerOptions, responseCache: ResponseCache | null): ApolloServerPlugin<Context>[] {
  if (!responseCache) return [ApolloServerPluginCacheControlDisabled()];
  return [ApolloServerPluginCacheControl({ defaultMaxAge: options.cacheMaxAgeSeconds ?? 60, calculateHttpHeaders: true })];
}

/** A partner's response is for that partner alone: no shared cache (CDN, proxy) may keep it. */
const partnerResponsesArePrivate: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    if (contextValue.viewer.kind === "anonymous") return;
    return {
      async willSendResponse({ response }) {
        response.http.headers.set("cache-control", "private, no-store");
        response.http.headers.set("vary", "accept, authorization");
      },
    };
  },
};

function noSchemaCompiler(): never {
  throw new Error("a route declares a JSON schema, but this server loads no JSON-schema compiler (see schemaController in src/server.ts)");
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { database } = options;
  // The data version, kept current by LISTEN/NOTIFY, keys every cache without a query per request.
  const stopWatching = await watchDataVersion(database);
  const app = Fastify({
    logger: { level: options.logLevel ?? "info" },
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    // Behind a load balancer the client address comes from X-Forwarded-For.
    trustProxy: true,
    // Slow clients (headers, bodies, silent and idle keep-alive connections): see http-timeouts.ts.
    ...slowClientOptions(options.timeouts),
    // No route declares a JSON schema (GraphQL checks its own input), so Fastify's Ajv validator
    // and fast-json-stringify serializer compilers would never run; loading them was ≈ 0.3 s of
    // every start. A route that declares a body, query, params, headers or response schema
    // makes the server fail at start, loudly, rather than go unvalidated.
    schemaController: { compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler } },
  });

  // First of all: a route keeps the error handler in force when it is bound (see http-errors.ts).
  registerErrorHandlers(app);
  // Only embed routes may be framed by other sites (see views/routes.ts).
  registerFramingRules(app);

  // CORS: the API is public and read-only, so any origin may read /graphql from a browser.
  // Only /graphql: other routes answer no preflight. Apollo's CSRF prevention stays on.
  await app.register(cors, {
    delegator: (request, callback) =>
      callback(null, request.url.split("?")[0] === "/graphql"
        ? { origin: "*", methods: ["GET", "POST"], allowedHeaders: ["content-type", "apollo-require-preflight", "x-apollo-operation-name", "authorization"], maxAge: 86_400 }
        : { origin: false }),
  });

  const limits = queryLimits(options.limits);
  // Rate limits (per key, per address) and the audit log of partner requests: src/auth/.
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit, app.log) : null;
  await limiter?.start();
  const audit = new AuditLog(database, app.log);
  const caches = { ...DEFAULT_CACHE_BOUNDS, ...options.caches };
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Automatic persisted queries, shared by every replica through Redis when there is one.
  const persistedQueries = await new PersistedQueryStore({ ...DEFAULT_PERSISTED_QUERIES, ...options.persistedQueries }, app.log).start();
  if (options.caches?.derivedMaxBytes !== undefined) derivedCacheLimits.maxBytes = options.caches.derivedMaxBytes;
  // Whole answers to anonymous queries, served before GraphQL runs (graphql/response-cache.ts).
  const responseCache = options.responseCache === false ? null : new ResponseCache({ maxEntries: caches.responseMaxEntries, maxBytes: caches.responseMaxBytes }, () => knownDataVersion(database.api), limiter);
  // Requests Apollo Server handled (response-cache hits are not among them): tests and operators can see it.
  let graphqlRequests = 0;
  app.decorate("responseCache", responseCache);
  app.decorate("graphqlRequests", { getter: () => graphqlRequests });
  const schema = await buildAppSchema();
  // Queries that come back are run as compiled code; the rest by graphql-js (graphql/compiled-execution.ts).
  const jit = options.compiledExecution ?? compiledExecutionFromEnv();
  // A compiled run that ends with errors is answered by graphql-js, from the context as it was before.
  const compiled = jit === false ? null : new CompiledExecution(schema, { ...DEFAULT_COMPILED_EXECUTION, ...jit }, (ctx: Context) => {
    const { statements } = ctx.stats;
    const { loanRows } = ctx.usage;
    return () => {
      ctx.stats.statements = statements;
      ctx.usage.loanRows = loanRows;
      ctx.loaders = createLoaders(ctx.db);
    };
  });
  app.decorate("compiledExecution", () => compiled?.stats() ?? null);
  const apollo = new ApolloServer<Context>({
    ...(compiled ? { gateway: compiled } : { schema }),
    // A public API: its schema is its documentation.
    introspection: true,
    // Apollo's rule, less plain GETs without a key, which can act for nobody: see graphql/http-get.ts.
    csrfPrevention: false,
    persistedQueries: { cache: persistedQueries, ttl: options.persistedQueries?.ttlSeconds ?? DEFAULT_PERSISTED_QUERIES.ttlSeconds },
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // The process's signals are the service's (src/main.ts): it stops the exports, the server and
    // then the database. Apollo's own handler (on unless NODE_ENV=test) stopped Apollo and re-sent
    // the signal, which — the service's handler being spent — killed the process half-way through
    // that: queued audit rows were lost and the PGlite folder was left as after a crash (every
    // later start ran PostgreSQL's crash recovery).
    stopOnTerminationSignals: false,
    // Bounded by entries and approximate heap bytes (Apollo's defaults undercount): see graphql/caches.ts.
    documentStore: boundedDocumentStore(caches),
    // Limits (tokens, depth, aliases, directives, cost): see graphql/limits.ts.
    parseOptions: limits.parseOptions,
    // Bad input (control characters, deep nesting, missing operation types): see graphql/bad-input.ts.
    validationRules: [KnownOperationTypesRule, ...limits.validationRules],
    // The rate limiter charges before execution; the response cache and the audit note the final answer.
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      ...(limiter ? [limiter.plugin()] : []),
      ...cachePlugins(options, responseCache),
      partnerResponsesArePrivate,
      badInputPlugin,
      ...limits.plugins,
      costReportPlugin,
      ...(responseCache ? [responseCache.plugin()] : []),
      auditPlugin,
    ],
    // Apollo pretty-prints JSON by default; compact output is a third smaller and cheaper.
    stringifyResult: (value) => JSON.stringify(value),
    formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
      const limitError = limits.formatLimitError(formatted, error) ?? formatBadInputError(formatted);
      if (limitError) return limitError;
      const code = formatted.extensions?.code;
      if (typeof code === "string" && CLIENT_CODES.has(code)) {
        const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
        return { ...formatted, extensions };
      }
      if (isUncodedRequestError(error)) return { message: formatted.message, extensions: { code: "BAD_REQUEST" } };
      // Unexpected: log it whole, tell the client only that it was ours.
      app.log.error({ err: error, path: formatted.path }, "unexpected error while resolving a GraphQL request");
      return { message: "Internal server error. It has been logged; please try again later.", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
    },
  });
  await apollo.start();

  const exportsSettings = { dir: resolve(options.exportDir ?? "./exports"), publicBaseUrl: options.publicBaseUrl ?? null };
  // Who is calling comes from the Authorization header, read once here (src/auth/viewer.ts): a
  // key that is unknown, revoked or expired fails the whole request with 401.
  const handler = fastifyApolloHandler(apollo, {
    // Every request gets its own SQL statement counter: a handle on the API's pool that counts (db/stats.ts).
    context: async (request) => {
      graphqlRequests += 1;
      const stats = { statements: 0 };
      const counted = countedDatabase(database, stats);
      return createContext(counted, exportsSettings, await authenticate(counted.api, request.headers.authorization), usageOf(request), stats);
    },
  });
  // POSTs to /graphql that the response cache answers are not parsed as JSON (graphql/response-cache.ts).
  if (responseCache) {
    const fastifyJsonParser = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? "error", app.initialConfig.onConstructorPoisoning ?? "error");
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, responseCache.jsonParser(fastifyJsonParser));
  }
  app.route({
    method: ["GET", "POST"],
    url: "/graphql",
    // Every request gets its usage record: rate limit and audit (see auth/usage.ts).
    onRequest: startUsage,
    // Requests with an API key may send a batch of loans; the rest keep the public limit (graphql/body-limit.ts).
    bodyLimit: options.partnerBodyLimitBytes ?? partnerBodyLimitFromEnv(options.bodyLimitBytes ?? 64 * 1024),
    preParsing: publicBodyLimit(options.bodyLimitBytes ?? 64 * 1024),
    // A response-cache hit is answered first: it was a request that passed every check below.
    // Then deep bodies, CSRF (plain GETs without a key pass), published operations by id (graphql/http-get.ts).
    preValidation: [...(responseCache ? [responseCache.serve()] : []), refuseDeepBody, csrfPrevention, expandPublishedOperation],
    // Responses over MAX_RESPONSE_BYTES become RESPONSE_TOO_LARGE (see graphql/response-size.ts);
    // then the rate limiter's headers (and 429s for requests Apollo never ran), then what the audit records.
    // Then 200 for application/json-only clients' request errors, the rate limiter's headers, caching headers
    // (ETag, 304; graphql/http-get.ts), what the audit records, and last what the response cache keeps.
    onSend: [responseSizeLimit(maxResponseBytes), statusForJsonClients, ...(limiter ? [limiter.onSend()] : []), httpCaching(() => dataVersion(database.api)), auditOnSend, ...(responseCache ? [responseCache.store()] : [])],
    // The audit row is queued after the response has gone.
    onResponse: auditOnResponse(audit),
    handler: (request, reply) => {
      // A browser opening /graphql gets the explorer (src/views/explorer.ts).
      if (wantsExplorer(request)) {
        const { body, headers } = explorerResponse();
        return reply.headers(headers).send(body);
      }
      // HEAD (Fastify's automatic HEAD route; `curl -I`, some CDNs) is answered as the GET it
      // mirrors, body dropped by Fastify: Apollo itself knows only GET and POST.
      const asApollo = request.method === "HEAD" ? Object.create(request, { method: { value: "GET" } }) : request;
      return handler.call(app, asApollo as never, reply as never);
    },
  });
  registerExplorerAssets(app);
  // The safelist of published operations (graphql/published-operations.ts), as a JSON document.
  app.get("/graphql/operations", async (request, reply) =>
    reply.header("cache-control", "public, max-age=300").header("access-control-allow-origin", "*").send(publishedOperationsDocument(requestBaseUrl(request, exportsSettings.publicBaseUrl))),
  );

  // Loans reported through the API reach the public figures by a debounced background refresh (services/loan-figures.ts).
  const leaveFiguresRefresher = await startFiguresRefresher(database, options.figuresRefreshDelayMs ?? figuresRefreshDelayFromEnv(), app.log);
  app.addHook("onClose", async () => {
    await leaveFiguresRefresher();
    await stopWatching();
    // Every queued audit row is written before the database closes (see auth/audit.ts).
    await audit.close();
    await limiter?.close();
    await persistedQueries.close();
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      await database.db.execute(sql`select 1`);
      return { status: "ready", engine: database.engine };
    } catch (err) {
      app.log.warn({ err }, "readiness check failed");
      return reply.code(503).send({ status: "unavailable" });
    }
  });
  await registerExportRoutes(app, exportsSettings.dir);
  // Filtered downloads of the public lists, streamed, under the same checks and budget as GraphQL (src/exports/query-http.ts).
  registerQueryRoutes(app, { database, schema, limiter, settings: { ...DEFAULT_DOWNLOADS, ...options.downloads }, publicBaseUrl: exportsSettings.publicBaseUrl });
  // The DCAT-AP catalogue of every dataset and file, JSON-LD (src/exports/dcat.ts).
  registerCatalogueRoutes(app, { ...exportsSettings, schedule: options.exportSchedule ?? DEFAULT_EXPORT_SCHEDULE });
  // Partners' bulk export files: their own folder and an authenticated route (src/exports/bulk-http.ts).
  const bulk = bulkExportSettings(exportsSettings.dir, { concurrency: 0, ...options.bulkExport });
  registerBulkExportRoutes(app, database, bulk, audit);
  if (bulk.concurrency > 0) {
    const worker = new BulkExportWorker(database, bulk, app.log).start();
    app.addHook("onClose", () => worker.stop());
  }
  // The front page, a page per item, embeddable cards and oEmbed (src/views/).
  registerViewRoutes(app, database, { exportDir: exportsSettings.dir, publicBaseUrl: exportsSettings.publicBaseUrl });

  return app;
}
