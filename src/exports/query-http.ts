/**
 * Filtered downloads over HTTP: `GET /exports/query/<table>.<format>?<parameters>` streams every
 * row of a public GraphQL list (query.ts says which and how) as CSV, Excel CSV, JSON or NDJSON —
 * what a client would get by paging through the connection 100 rows at a time, in one file.
 *
 * **Parameters are the GraphQL field's arguments**, read from the schema itself: each field of
 * its `filterBy` input by name (`regionCode=150100`; an `IntRange` as `recognizedYear.min=2020`),
 * `groupBy` as a comma-separated list of enum values, `orderBy` (the order field) and `direction`.
 * Values are coerced by graphql-js's own `coerceInputValue` against those input types — the
 * enums, `Int`, `Date` of the schema — and then checked by the functions the resolvers call
 * (src/graphql/list-filters.ts): a download accepts and refuses exactly what the query does.
 *
 * | situation                                                   | answer |
 * |-------------------------------------------------------------|--------|
 * | unknown table, unknown format                               | 404 `NOT_FOUND` (the message lists what exists) |
 * | a parameter naming what does not exist (`policy-sections?code=C9`), as a look-up would | 404 `NOT_FOUND` naming the `parameter` |
 * | query string longer than {@link MAX_QUERY_STRING_CHARS}     | 414 `URI_TOO_LONG` |
 * | unknown, repeated or malformed parameter; a value GraphQL or the list's checks refuse; a control character | 400 `BAD_USER_INPUT` naming the `parameter` |
 * | more rows than `maxRows`                                    | 400 `RESPONSE_TOO_LARGE` (`limit: "rows"`, `maximum`, `actual`), before anything is sent |
 * | the client's budget cannot pay                              | 429 `RATE_LIMITED` with `Retry-After` |
 *
 * Errors are `{ error, message, … }`, the HTTP shape of every route outside /graphql
 * (src/http-errors.ts), never cached. **Cost**: a download is charged before its first row is
 * sent, {@link downloadCost} points — a point per {@link ROWS_PER_POINT} rows — from the same
 * budget as GraphQL queries (src/auth/rate-limit.ts); a refusal, a HEAD, a 304 or a schema costs 1.
 *
 * **Streaming**: rows are rendered by the published files' own renderers (formats.ts) page by
 * page as the client reads them (backpressure: a slow reader holds one page in memory, not the
 * table). Should anything fail after the first byte — the data changing between two pages of a
 * list, a database error — the connection is destroyed, never ended: the client sees a truncated
 * transfer (no final chunk), not a short file that looks complete.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  coerceInputValue,
  getNullableType,
  GraphQLBoolean,
  GraphQLError,
  GraphQLFloat,
  GraphQLInt,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { EARLY_REFUSAL_POINTS, formatRateLimited, rateLimitHeaders, type RateLimiter } from "../auth/rate-limit.js";
import { usageOf } from "../auth/usage.js";
import { requestBaseUrl } from "../base-url.js";
import type { Database } from "../db/client.js";
import { forbiddenCharacter } from "../graphql/characters.js";
import { MAX_PAGE_SIZE } from "../graphql/pagination.js";
import { createLoaders } from "../loaders/index.js";
import { disclosureControl } from "../services/disclosure.js";
import { dataVersion } from "../services/refresh.js";
import { LICENSE, type DatasetColumn } from "./catalogue.js";
import { FORMAT_FILES, renderer, type Format } from "./formats.js";
import { tableSchema } from "./package.js";
import { QUERY_TABLES, type OpenedQuery, type QueryArgs, type QueryTable, type TableArgument } from "./query.js";
import { downloadCost, ROWS_PER_POINT, type DownloadSettings } from "./query-limits.js";

export { DEFAULT_DOWNLOADS, downloadCost, ROWS_PER_POINT, type DownloadSettings } from "./query-limits.js";

export const QUERY_PREFIX = "/exports/query";

/** Longest query string accepted (every real query is far shorter; Node refuses headers over 16 KB with 431). */
export const MAX_QUERY_STRING_CHARS = 2_048;
const MAX_PARAMETERS = 32;

type DownloadFormat = Format | "schema";
/** Longest first, so `.excel.csv` is not read as `.csv`. */
const SUFFIXES: [string, DownloadFormat][] = [
  [".excel.csv", "excel-csv"],
  [".schema.json", "schema"],
  [".ndjson", "ndjson"],
  [".json", "json"],
  [".csv", "csv"],
];
const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: "text/csv; charset=utf-8; header=present",
  "excel-csv": "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  schema: "application/json; charset=utf-8",
};

/** A refusal with its HTTP status and typed body (`{ error, message, …details }`). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const badParameter = (parameter: string, message: string) => new Refusal(400, "BAD_USER_INPUT", message, { parameter });

/** One query parameter: where its value goes among the GraphQL field's arguments. */
interface Parameter {
  name: string;
  arg: GraphQLArgument;
  /** Path inside the argument's value (`["recognizedYear", "min"]`; `[]` for `groupBy`). */
  path: string[];
  type: GraphQLInputType;
  description: string;
}

/**
 * The parameters of a table: its GraphQL field's `groupBy`, `filterBy` fields, `orderBy` and the
 * other arguments it takes — the field's own, or one of a field below it (`Target.progress`'s
 * `asOf`) — from the schema.
 */
function parametersOf(schema: GraphQLSchema, fieldName: string, other: TableArgument[] = []): Parameter[] {
  const field = schema.getQueryType()?.getFields()[fieldName];
  if (!field) throw new Error(`the schema has no Query.${fieldName}`);
  const out: Parameter[] = [];
  const walk = (arg: GraphQLArgument, prefix: string[], type: GraphQLInputType, description: string) => {
    const t = getNullableType(type);
    if (isInputObjectType(t)) {
      for (const f of Object.values(t.getFields())) walk(arg, [...prefix, f.name], f.type, f.description ?? "");
      return;
    }
    out.push({ name: prefix.join("."), arg, path: prefix, type, description });
  };
  const own = (name: string) => field.args.find((a) => a.name === name);
  // groupBy first, then the filter's fields, the order and the others, whatever the order of the field's arguments.
  const groupBy = own("groupBy");
  if (groupBy) out.push({ name: "groupBy", arg: groupBy, path: [], type: groupBy.type, description: `${groupBy.description ?? ""} Comma-separated.` });
  const filterBy = own("filterBy");
  if (filterBy) walk(filterBy, [], filterBy.type, "");
  const orderBy = own("orderBy");
  if (orderBy) {
    const t = getNullableType(orderBy.type);
    if (!isInputObjectType(t)) throw new Error(`Query.${fieldName}(orderBy:) is not an input object`);
    const fields = t.getFields();
    out.push({ name: "orderBy", arg: orderBy, path: ["field"], type: fields.field!.type, description: orderBy.description ?? "" });
    out.push({ name: "direction", arg: orderBy, path: ["direction"], type: fields.direction!.type, description: "ASC (the default) or DESC; with `orderBy`." });
  }
  for (const { name, of, description } of other) {
    let arg: GraphQLArgument | undefined;
    if (of) {
      const [typeName, nested] = of.split(".");
      const type = schema.getType(typeName!);
      arg = type && isObjectType(type) ? type.getFields()[nested!]?.args.find((a) => a.name === name) : undefined;
      if (!arg) throw new Error(`${of} has no argument ${name}`);
    } else {
      arg = own(name);
      if (!arg) throw new Error(`Query.${fieldName} has no argument ${name}`);
    }
    // Every parameter may be left out (`policySection(code: String!)`'s `code` too: then the whole document).
    out.push({ name, arg, path: [], type: getNullableType(arg.type) as GraphQLInputType, description: description ?? arg.description ?? "" });
  }
  const names = out.map((p) => p.name);
  if (new Set(names).size !== names.length) throw new Error(`Query.${fieldName} has parameters named alike: ${names.join(", ")}`);
  return out;
}

/** A GraphQL type as the schema prints it (`[LoanStatisticsDimension!]!`). */
const typeName = (type: GraphQLInputType) => String(type);

/**
 * A query string as (name, value) pairs, decoded strictly: `+` is a space, percent-escapes must
 * be UTF-8 (`%C0` is refused rather than read as U+FFFD), no name twice, nothing forbidden
 * (src/graphql/characters.ts: the C0 controls but tab, LF and CR; DEL; lone surrogates).
 */
function parseQueryString(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === "") return out;
  const pairs = raw.split("&").filter((p) => p !== "");
  if (pairs.length > MAX_PARAMETERS) throw new Refusal(400, "BAD_USER_INPUT", `At most ${MAX_PARAMETERS} query parameters; got ${pairs.length}.`);
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const [rawName, rawValue] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, " "));
      value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    } catch {
      throw new Refusal(400, "BAD_USER_INPUT", `The query parameter ${JSON.stringify(rawName.slice(0, 50))} is not valid percent-encoded UTF-8.`);
    }
    for (const text of [name, value]) {
      const bad = forbiddenCharacter(text);
      if (bad) throw badParameter(name.slice(0, 50), `The query parameter ${JSON.stringify(name.slice(0, 50))} holds the control character ${bad}, which no argument may hold.`);
    }
    if (out.has(name)) throw badParameter(name.slice(0, 50), `The query parameter \`${name.slice(0, 50)}\` is given twice; give it once (a list such as \`groupBy\` takes comma-separated values).`);
    out.set(name, value);
  }
  return out;
}

/** A parameter's text as the JSON value a GraphQL variable would carry, for coerceInputValue to judge. */
function textToValue(text: string, type: GraphQLInputType): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return text === "" ? [] : text.split(",").map((part) => textToValue(part.trim(), t.ofType));
  if (t === GraphQLInt || t === GraphQLFloat) return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
  if (t === GraphQLBoolean) return text === "true" ? true : text === "false" ? false : text;
  // Enums, String, ID and the custom scalars (Date, Decimal) take the text itself.
  return text;
}

/** A coerced value as parameter text again (lists comma-separated, instants in RFC 3339): the canonical query. */
function valueToText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueToText).join(",");
  return value instanceof Date ? value.toISOString() : String(value);
}

interface Parsed {
  args: QueryArgs;
  /** The query as it was understood, parameter by parameter, in the table's order. */
  canonical: [string, string][];
}

/** Turns the query string into the field's arguments, coerced as GraphQL coerces variables. */
function argumentsOf(table: QueryTable, parameters: Parameter[], given: Map<string, string>): Parsed {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  for (const name of given.keys()) {
    if (!byName.has(name)) {
      const accepted = parameters.map((p) => `\`${p.name}\``).join(", ") || "none";
      throw badParameter(name.slice(0, 50), `Unknown query parameter \`${name.slice(0, 50)}\` for ${table.name}. Accepted: ${accepted} (${QUERY_PREFIX}/ lists every table's).`);
    }
  }
  const raw: Record<string, unknown> = {};
  for (const p of parameters) {
    const text = given.get(p.name);
    // An empty value is the argument left out (`null`), as a form's blank field is.
    if (text === undefined || text === "") continue;
    const value = textToValue(text, p.type);
    if (p.path.length === 0) {
      raw[p.arg.name] = value;
      continue;
    }
    let target = (raw[p.arg.name] ??= {}) as Record<string, unknown>;
    for (const key of p.path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[p.path.at(-1)!] = value;
  }
  // `orderBy` alone orders ascending, as a missing `direction` would in a form.
  const order = raw.orderBy as Record<string, unknown> | undefined;
  if (order && order.field !== undefined && order.direction === undefined) order.direction = "ASC";

  const coerced: Record<string, unknown> = {};
  for (const [argName, value] of Object.entries(raw)) {
    const arg = parameters.find((p) => p.arg.name === argName)!.arg;
    coerced[argName] = coerceInputValue(value, arg.type, (path, _invalid, error: GraphQLError) => {
      const parameter = argName === "orderBy" ? (path[0] === "direction" ? "direction" : "orderBy") : argName === "filterBy" ? [...path].filter((k) => typeof k === "string").join(".") : argName;
      throw badParameter(parameter, `\`${parameter}\` is not valid: ${error.message}`);
    });
  }
  const canonical: [string, string][] = [];
  for (const p of parameters) {
    let value: unknown = coerced[p.arg.name];
    for (const key of p.path) value = value == null ? undefined : (value as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) canonical.push([p.name, valueToText(value)]);
  }
  const { groupBy, filterBy, orderBy, ...other } = coerced;
  return {
    args: {
      groupBy: (groupBy as string[] | undefined) ?? null,
      filterBy: (filterBy as Record<string, unknown> | undefined) ?? null,
      orderBy: (orderBy as QueryArgs["orderBy"] | undefined) ?? null,
      other,
    },
    canonical,
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The data version as the downloads publish it: a short hash, which changes whenever the data does. */
export function publicDataVersion(version: string): string {
  return sha256(version).slice(0, 16);
}

/** Whether an `If-None-Match` header names this ETag (or `*`); weak comparison, as RFC 9110 asks for it. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/** The table's Table Schema (Frictionless): what the `Link` of a CSV download points to. */
function schemaOf(table: QueryTable, opened: OpenedQuery) {
  const { foreignKeys: _references, ...definition } = table.dataset;
  return tableSchema({ ...definition, columns: opened.columns, primaryKey: opened.primaryKey });
}

export interface QueryRouteOptions {
  database: Pick<Database, "api">;
  schema: GraphQLSchema;
  limiter: RateLimiter | null;
  settings: DownloadSettings;
  publicBaseUrl: string | null;
}

export function registerQueryRoutes(app: FastifyInstance, options: QueryRouteOptions): void {
  const { database, schema, limiter, settings } = options;
  if (!(Number.isInteger(settings.pageSize) && settings.pageSize >= 1 && settings.pageSize <= MAX_PAGE_SIZE)) throw new Error(`downloads' pageSize must be 1 to ${MAX_PAGE_SIZE}`);
  const tables = new Map(QUERY_TABLES.map((table) => [table.name, { table, parameters: parametersOf(schema, table.field, table.arguments) }]));
  const currentVersion = () => dataVersion(database.api);

  /** Charges `points`; false (and the 429 sent) when the budget cannot pay. */
  const charge = async (request: FastifyRequest, reply: FastifyReply, points: number): Promise<boolean> => {
    if (!limiter) return true;
    const decision = await limiter.charge(usageOf(request), points);
    rateLimitHeaders(reply, decision);
    if (decision.allowed) return true;
    const { message, extensions } = formatRateLimited(decision, false);
    const { code, ...details } = extensions;
    await reply.code(429).type("application/json; charset=utf-8").send({ error: code, message, ...details });
    return false;
  };

  const refuse = async (request: FastifyRequest, reply: FastifyReply, refusal: Refusal) => {
    if (!(await charge(request, reply, EARLY_REFUSAL_POINTS))) return reply;
    reply.header("cache-control", "no-store");
    return reply.code(refusal.status).type("application/json; charset=utf-8").send({ error: refusal.code, message: refusal.message, ...refusal.details });
  };

  // The list of tables, their parameters and formats: what a client needs to build a URL.
  const index = async (request: FastifyRequest, reply: FastifyReply) => {
    const base = requestBaseUrl(request, options.publicBaseUrl);
    reply.header("cache-control", "public, max-age=300").header("access-control-allow-origin", "*");
    return {
      description: "Filtered downloads: every row of a public GraphQL list in one streamed file. Parameters are the list's GraphQL arguments (filterBy fields by name, groupBy comma-separated, orderBy and direction).",
      maxRows: settings.maxRows,
      rowsPerPoint: ROWS_PER_POINT,
      formats: Object.fromEntries(SUFFIXES.map(([suffix, format]) => [suffix, format === "schema" ? "The download's Table Schema (Frictionless), JSON." : FORMAT_FILES[format].description])),
      tables: [...tables.values()].map(({ table, parameters }) => ({
        name: table.name,
        graphql: table.field,
        title: table.titleZh,
        titleEn: table.titleEn,
        url: `${base}${QUERY_PREFIX}/${table.name}.csv`,
        parameters: parameters.map((p) => ({ name: p.name, type: typeName(p.type), description: p.description })),
      })),
    };
  };
  app.get(QUERY_PREFIX, index);
  app.get(`${QUERY_PREFIX}/`, index);

  // GET and HEAD declared together: Fastify's automatic HEAD would drain the stream and say 0 bytes.
  app.route<{ Params: { file: string } }>({
    method: ["GET", "HEAD"],
    url: `${QUERY_PREFIX}/:file`,
    handler: async (request, reply) => {
      reply.header("access-control-allow-origin", "*");
      let prepared: Awaited<ReturnType<typeof prepare>>;
      try {
        prepared = await prepare(request);
      } catch (err) {
        // The list's own checks throw what the resolver would: BAD_USER_INPUT naming the argument.
        if (err instanceof GraphQLError && err.extensions.code === "BAD_USER_INPUT") {
          return refuse(request, reply, badParameter(String(err.extensions.argumentName ?? ""), err.message));
        }
        // A parameter naming what does not exist (`policy-sections?code=C9`): what the look-up answers, null and NOT_FOUND.
        if (err instanceof GraphQLError && err.extensions.code === "NOT_FOUND") {
          return refuse(request, reply, new Refusal(404, "NOT_FOUND", err.message, err.extensions.argumentName ? { parameter: String(err.extensions.argumentName) } : {}));
        }
        if (err instanceof Refusal) return refuse(request, reply, err);
        throw err;
      }
      const { table, format, opened, version, canonical } = prepared;
      const query = new URLSearchParams(canonical).toString();
      const queryHash = sha256(`${table.name}?${query}`);
      const etag = `W/"${sha256(version).slice(0, 8)}-${queryHash.slice(0, 24)}-${format}"`;
      const base = requestBaseUrl(request, options.publicBaseUrl);
      const suffix = SUFFIXES.find(([, f]) => f === format)![0];
      const url = (s: string) => `${base}${QUERY_PREFIX}/${table.name}${s}${query ? `?${query}` : ""}`;

      reply.header("etag", etag);
      reply.header("cache-control", "public, max-age=60");
      reply.header("content-type", CONTENT_TYPES[format]);
      if (format === "csv" || format === "excel-csv") reply.header("link", `<${url(".schema.json")}>; rel="describedby"; type="application/json"`);
      if (format !== "schema") reply.header("content-disposition", `attachment; filename="${table.name}${query ? `-${queryHash.slice(0, 8)}` : ""}${suffix}"`);

      const head = request.method === "HEAD";
      if (matches(request.headers["if-none-match"], etag)) {
        if (!(await charge(request, reply, 1))) return reply;
        return reply.code(304).removeHeader("content-type").send();
      }
      const streams = !head && format !== "schema";
      if (!(await charge(request, reply, streams ? downloadCost(opened.total) : 1))) return reply;
      if (head) return reply.send();
      if (format === "schema") return reply.send(JSON.stringify(schemaOf(table, opened)));

      const meta = {
        name: table.name,
        title: table.titleZh,
        titleEn: table.titleEn,
        description: table.descriptionEn,
        license: LICENSE.name,
        query: { table: table.name, graphql: table.field, format, parameters: Object.fromEntries(canonical), url: url(suffix) },
        generatedAt: new Date().toISOString(),
        dataVersion: publicDataVersion(version),
        rows: opened.total,
        columns: opened.columns.map((c: DatasetColumn) => ({ name: c.name, type: c.type, title: c.titleZh, titleEn: c.titleEn })),
        ...(table.dataset.disclosureControl ? { disclosureControl: disclosureControl() } : {}),
      };
      const render = renderer(format, { ...table.dataset, columns: opened.columns }, meta);
      return reply.send(Readable.from(body(opened, render, version), { objectMode: false }));
    },
  });

  /** Everything decided before the first byte: the table, the arguments, the rows and their count. */
  async function prepare(request: FastifyRequest<{ Params: { file: string } }>) {
    const file = request.params.file;
    const match = SUFFIXES.find(([suffix]) => file.endsWith(suffix));
    const name = match ? file.slice(0, -match[0].length) : file.replace(/\.[^.]*$/, "");
    const entry = tables.get(name);
    if (!entry) throw new Refusal(404, "NOT_FOUND", `No table ${JSON.stringify(name.slice(0, 60))} to download. Tables: ${[...tables.keys()].join(", ")} (${QUERY_PREFIX}/ lists them with their parameters).`);
    if (!match) throw new Refusal(404, "NOT_FOUND", `No such format: ${JSON.stringify(file.slice(name.length, name.length + 30))}. Formats: ${SUFFIXES.map(([s]) => s).join(", ")}.`);
    const rawUrl = request.raw.url ?? "";
    const at = rawUrl.indexOf("?");
    const rawQuery = at < 0 ? "" : rawUrl.slice(at + 1);
    if (rawQuery.length > MAX_QUERY_STRING_CHARS) {
      throw new Refusal(414, "URI_TOO_LONG", `The query string has ${rawQuery.length} characters; at most ${MAX_QUERY_STRING_CHARS} are accepted.`, { limit: "queryStringChars", maximum: MAX_QUERY_STRING_CHARS, actual: rawQuery.length });
    }
    const { args, canonical } = argumentsOf(entry.table, entry.parameters, parseQueryString(rawQuery));
    const ctx = { db: database.api, loaders: createLoaders(database.api) };
    // The answer is of one data version: opened again should the version move while it opens.
    let version = await currentVersion();
    let opened = await entry.table.open(ctx, args, settings.pageSize);
    for (let tries = 0; tries < 3; tries++) {
      const now = await currentVersion();
      if (now === version) break;
      version = now;
      opened = await entry.table.open({ db: database.api, loaders: createLoaders(database.api) }, args, settings.pageSize);
    }
    if (opened.total > settings.maxRows) {
      throw new Refusal(
        400,
        "RESPONSE_TOO_LARGE",
        `This download would hold ${opened.total} rows; at most ${settings.maxRows} may be downloaded at once. Narrow it with a filter (or fewer groupBy dimensions), or download it in parts.`,
        { limit: "rows", maximum: settings.maxRows, actual: opened.total },
      );
    }
    return { table: entry.table, format: match[1], opened, version, canonical };
  }

  /**
   * The file, chunk by chunk as the client reads. Throwing here after the first chunk makes
   * Fastify destroy the connection (its lib/reply.js, sendStream): a truncated transfer, not a clean end.
   */
  async function* body(opened: OpenedQuery, render: ReturnType<typeof renderer>, version: string): AsyncGenerator<string> {
    const header = render.header();
    if (header) yield header;
    let rows = 0;
    for await (const page of opened.pages()) {
      rows += page.length;
      if (opened.paged && (await currentVersion()) !== version) throw new Error("the data changed while a download was sent: aborted, so that no file mixes two versions");
      if (rows > opened.total) throw new Error(`a download announced ${opened.total} rows and found more: aborted`);
      yield render.rows(page);
      if (settings.pauseAfterPageMs) await new Promise((resolve) => setTimeout(resolve, settings.pauseAfterPageMs));
    }
    if (rows !== opened.total) throw new Error(`a download announced ${opened.total} rows and found ${rows}: aborted`);
    const footer = render.footer();
    if (footer) yield footer;
  }
}
