/**
 * Runs the fuzz against a live server: harvests real values, sends N generated requests with
 * a small concurrency, checks every response, groups the failures by (field, error shape),
 * shrinks one request of each group to a minimal reproducer, and reports.
 *
 * A response fails when it is HTTP ≥ 500, is not a well-formed GraphQL response (a JSON object
 * with `data` and/or a non-empty `errors` list of `{ message, extensions.code }`), carries an
 * INTERNAL_SERVER_ERROR, or leaks a stack trace, SQL text or a file path in a message.
 */
import { getNamedType, isCompositeType, type GraphQLSchema } from "graphql";
import { Generator, render, type FuzzRequest, type Sel } from "./fuzz-generate.js";
import { harvest, type Harvest } from "./fuzz-harvest.js";
import { requestRng } from "./fuzz-random.js";
import { shrink } from "./fuzz-shrink.js";
import { deepValue, stringifyWithDeepValues, Values } from "./fuzz-values.js";
import { Rng } from "./fuzz-random.js";
import { postJson, send as sendHttp, type SendInit } from "./http.js";

export interface FuzzOptions {
  /** The server's base URL (`http://127.0.0.1:4000`), best with the response cache off: every request executes. */
  url: string;
  /**
   * The same service with the response cache on, over the same data: every fourth request goes
   * there, for what only the cache does with a request (its key hashes the whole request). Fuzz
   * requests are nearly all different, so they miss the cache and still execute.
   */
  cachedUrl?: string;
  schema: GraphQLSchema;
  seed: number;
  requests: number;
  /** The first request index (to replay a part of a run: `FUZZ_FROM`). */
  from?: number;
  concurrency?: number;
  /** Errors the server logged since the last call (to name the cause of an internal error). */
  drainServerLog?: () => string[];
  /** Per-request time limit. */
  timeoutMs?: number;
  /** How many failure groups to shrink, and how many requests each may take. */
  shrinkGroups?: number;
  shrinkBudget?: number;
  progress?: (done: number, total: number) => void;
}

export interface Problem {
  kind: "http-5xx" | "not-json" | "malformed" | "internal" | "leak" | "timeout" | "network";
  /**
   * Where: the field an error's path ends at, as `Type.field` (aliases resolved, e.g.
   * `Target.progress`), or `(request)` for what concerns the request as a whole.
   */
  field: string;
  code: string;
  message: string;
  /** The error's path without list indices, as the response names it, e.g. `regions.nodes.parent`. */
  path: string;
}

export interface FailureGroup {
  key: string;
  problem: Problem;
  count: number;
  first: FuzzRequest;
  /** The shrunk request and the server's own account of the error, when shrinking ran. */
  minimal?: FuzzRequest;
  cause?: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  from: number;
  ms: number;
  /** CPU time of this process during the run (client and, in the tests, the server too). */
  cpuMs: number;
  harvest: Harvest;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  /** How often each first error (code and message shape) was answered: what the fuzz reached. */
  messages: Record<string, number>;
  /** Per request (from `from`): HTTP status and error codes, to compare engines request by request. */
  outcomes: string[];
  methods: Record<string, number>;
  rootFields: number;
  failures: FailureGroup[];
  /** Requests that failed, in all. */
  failed: number;
  text: string;
}

interface Response {
  status: number;
  text: string;
}

/** The HTTP request a fuzz request becomes, body oddities included. */
export function toHttp(url: string, request: FuzzRequest): { url: string; init: SendInit & { method: "GET" | "POST"; headers: Record<string, string> }; body?: string } {
  const { query, variables, operationName } = render(request);
  const body: Record<string, unknown> = { query };
  if (Object.keys(variables).length) body.variables = variables;
  if (operationName) body.operationName = operationName;
  for (const quirk of request.quirks) {
    if (quirk === "variablesAsString") body.variables = JSON.stringify(variables);
    if (quirk === "variablesArray") body.variables = [variables];
    if (quirk === "queryMissing") delete body.query;
    if (quirk === "queryNumber") body.query = 42;
    if (quirk === "wrongOperationName") body.operationName = "NoSuchOperation";
    if (quirk === "operationNameNumber") body.operationName = 7;
    if (quirk === "persistedQuery") body.extensions = { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } };
    if (quirk === "unknownBodyKey") body.where = { id: 1 };
    if (quirk === "missingVariables") delete body.variables;
    if (quirk === "extraVariables") body.variables = { ...variables, unused: "x", ...JSON.parse('{"__proto__": {"x": 1}}') };
    if (quirk === "deepExtensions") body.extensions = { nested: deepValue(new Rng(request.index)) };
    if (quirk === "deepVariable") body.variables = { ...variables, nested: deepValue(new Rng(request.index)) };
  }
  if (request.method === "GET") {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) params.set(k, typeof v === "string" ? v : stringifyWithDeepValues(v));
    const headers: Record<string, string> = request.preflight ? { "apollo-require-preflight": "true" } : {};
    return { url: `${url}/graphql?${params}`, init: { method: "GET", headers } };
  }
  const text = stringifyWithDeepValues(body);
  return { url: `${url}/graphql`, init: { method: "POST", headers: { "content-type": "application/json" }, body: text }, body: text };
}

async function send(url: string, request: FuzzRequest, timeoutMs: number): Promise<Response | Problem> {
  const http = toHttp(url, request);
  try {
    const res = await sendHttp(http.url, { ...http.init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: res.text };
  } catch (error) {
    const name = (error as Error).name;
    const kind = name === "TimeoutError" ? "timeout" : "network";
    return { kind, field: "(request)", code: name, message: kind === "timeout" ? `no response within ${timeoutMs} ms` : String((error as Error).message), path: "" };
  }
}

/** A message with what the client sent (quoted parts) and numbers taken out: its shape. */
export function messageShape(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/`[^`]*`/g, "`…`")
    .replace(/\d+/g, "N")
    .slice(0, 160);
}

/** The field a response path ends at, as `Type.field`: aliases resolved through the request, fragments followed. */
export function siteOf(schema: GraphQLSchema, request: FuzzRequest, path: readonly (string | number)[]): string {
  let typeName = ((request.operation === "mutation" ? schema.getMutationType() : null) ?? schema.getQueryType()!).name;
  let selections: Sel[] = request.selections;
  let site = "(request)";
  for (const key of path) {
    if (typeof key !== "string") continue;
    const found = findKey(selections, key, typeName);
    if (!found) return site;
    site = `${found.owner}.${found.field.name}`;
    const type = schema.getType(found.owner);
    const field = type && "getFields" in type ? type.getFields()[found.field.name] : undefined;
    const named = field ? getNamedType(field.type) : undefined;
    if (!named || !isCompositeType(named)) return site;
    typeName = named.name;
    selections = found.field.selections;
  }
  return site;
}

function findKey(selections: Sel[], key: string, owner: string): { field: Extract<Sel, { kind: "field" }>; owner: string } | undefined {
  for (const sel of selections) {
    if (sel.kind === "field" && (sel.alias ?? sel.name) === key) return { field: sel, owner };
    if (sel.kind === "fragment") {
      const inner = findKey(sel.selections, key, sel.on ?? owner);
      if (inner) return inner;
    }
  }
  return undefined;
}

const STACK = /\n\s+at |\bat \S+ \(|\.(?:ts|js|mjs|cjs):\d+/;
const FILE_PATH = /(?:\/work\/|\/home\/|\/usr\/|\/tmp\/|\/src\/|node_modules|[A-Za-z]:\\)/;
const SQL = /\b(?:select|insert|update|delete)\b[\s\S]*\b(?:from|into|set|where)\b|syntax error at or near|\brelation "|\bcolumn "|violates [a-z ]*constraint|invalid input syntax|out of range for type|duplicate key|\bPGlite\b|\bpostgres\b|drizzle|tsquery|tsvector/i;

/** HTTP statuses answered before GraphQL sees the request (by Node's HTTP parser): any body will do. */
const TRANSPORT_STATUSES = new Set([414, 431]);

/** Everything wrong with one response; empty when it is a proper answer. */
export function check(schema: GraphQLSchema, request: FuzzRequest, response: Response): Problem[] {
  const problem = (kind: Problem["kind"], code: string, message: string, field = "(request)", path = ""): Problem => ({ kind, field, code, message, path });
  const problems: Problem[] = [];
  if (response.status >= 500) problems.push(problem("http-5xx", String(response.status), response.text.slice(0, 300)));
  if (TRANSPORT_STATUSES.has(response.status)) return problems;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    problems.push(problem("not-json", String(response.status), response.text.slice(0, 200)));
    return problems;
  }
  const record = body as { data?: unknown; errors?: unknown } | null;
  if (record === null || typeof record !== "object" || Array.isArray(record) || (!("data" in record) && !("errors" in record))) {
    problems.push(problem("malformed", String(response.status), `not a GraphQL response: ${response.text.slice(0, 200)}`));
    return problems;
  }
  if ("data" in record && record.data !== null && (typeof record.data !== "object" || Array.isArray(record.data))) problems.push(problem("malformed", String(response.status), "`data` is neither an object nor null"));
  if (response.status === 200 && !("data" in record)) problems.push(problem("malformed", "200", "HTTP 200 without `data`"));
  if ("errors" in record) {
    if (!Array.isArray(record.errors) || record.errors.length === 0) {
      problems.push(problem("malformed", String(response.status), "`errors` is not a non-empty list"));
      return problems;
    }
    for (const error of record.errors as { message?: unknown; path?: unknown; extensions?: Record<string, unknown> }[]) {
      const path = Array.isArray(error?.path) ? (error.path as (string | number)[]) : [];
      const field = siteOf(schema, request, path);
      const pathShape = path.filter((p) => typeof p === "string").join(".");
      const code = typeof error?.extensions?.code === "string" ? error.extensions.code : "(none)";
      if (typeof error?.message !== "string") {
        problems.push(problem("malformed", code, "an error without a message", field, pathShape));
        continue;
      }
      if (code === "(none)") problems.push(problem("malformed", code, `an error without extensions.code: ${error.message}`, field, pathShape));
      if (code === "INTERNAL_SERVER_ERROR") problems.push(problem("internal", code, error.message, field, pathShape));
      const unquoted = error.message.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/`[^`]*`/g, "``");
      const leak = STACK.test(unquoted) ? "stack trace" : FILE_PATH.test(unquoted) ? "file path" : SQL.test(unquoted) ? "SQL" : error.extensions && ("stacktrace" in error.extensions || "exception" in error.extensions) ? "stacktrace extension" : null;
      if (leak) problems.push(problem("leak", code, `${leak} in: ${error.message.slice(0, 300)}`, field, pathShape));
    }
  }
  return problems;
}

/** Failures are the same when they happen at the same field with the same message shape (internal errors: the same field). */
const groupKey = (p: Problem) => `${p.kind}|${p.field}|${p.code}|${p.kind === "internal" ? "" : messageShape(p.message)}`;

/**
 * What the request ran into: the first error's code and message shape ("OK" without errors), and
 * every error code, sorted (resolvers run concurrently, so the order of errors may vary).
 */
function outcomeOf(response: Response | Problem): { code: string; shape: string; all: string } {
  if ("kind" in response) return { code: response.kind, shape: response.message, all: response.kind };
  try {
    const body = JSON.parse(response.text) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    const all = [...new Set((body.errors ?? []).map((e) => e.extensions?.code ?? "(none)"))].sort().join("+") || "OK";
    return first ? { code: first.extensions?.code ?? "(none)", shape: messageShape(String(first.message)), all } : { code: "OK", shape: "", all };
  } catch {
    return { code: "not JSON", shape: "", all: "not JSON" };
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { url, schema, seed, requests } = options;
  const from = options.from ?? 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const post = async (query: string, variables?: Record<string, unknown>) => {
    return (await postJson<{ data?: unknown; errors?: unknown[] }>(`${url}/graphql`, { query, variables })).json;
  };
  const targetOf = (request: FuzzRequest) => (request.cached && options.cachedUrl ? options.cachedUrl : url);
  const harvested = await harvest(schema, post);
  const generator = new Generator(schema, new Values(schema, harvested));

  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const messages: Record<string, number> = {};
  const outcomes: string[] = [];
  const methods: Record<string, number> = {};
  const groups = new Map<string, FailureGroup>();
  let failed = 0;
  let rootFieldCount = 0;
  let next = from;
  let done = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();

  const worker = async () => {
    while (next < from + requests) {
      const index = next++;
      const request = generator.request(index, requestRng(seed, index));
      if (options.cachedUrl && index % 4 === 3) request.cached = true;
      rootFieldCount += request.selections.length;
      methods[request.method] = (methods[request.method] ?? 0) + 1;
      const response = await send(targetOf(request), request, timeoutMs);
      const problems = "kind" in response ? [response] : check(schema, request, response);
      const status = "kind" in response ? response.kind : String(response.status);
      statuses[status] = (statuses[status] ?? 0) + 1;
      const outcome = outcomeOf(response);
      outcomes[index - from] = `${status} ${outcome.all}`;
      codes[outcome.code] = (codes[outcome.code] ?? 0) + 1;
      if (outcome.code !== "OK") {
        const key = `${outcome.code}: ${outcome.shape}`;
        messages[key] = (messages[key] ?? 0) + 1;
      }
      if (problems.length) failed++;
      for (const p of problems) {
        const key = groupKey(p);
        const group = groups.get(key);
        if (group) group.count++;
        else groups.set(key, { key, problem: p, count: 1, first: request });
      }
      options.progress?.(++done, requests);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  // Shrink one request per group, one at a time (so the server log speaks of this request only).
  let failures = [...groups.values()].sort((a, b) => b.count - a.count);
  for (const group of failures.slice(0, options.shrinkGroups ?? 25)) {
    const fails = async (candidate: FuzzRequest) => {
      const response = await send(targetOf(candidate), candidate, timeoutMs);
      const problems = "kind" in response ? [response] : check(schema, candidate, response);
      return problems.some((p) => groupKey(p) === group.key);
    };
    const { request } = await shrink(group.first, fails, options.shrinkBudget ?? 120);
    group.minimal = request;
    options.drainServerLog?.();
    await fails(request);
    const logged = options.drainServerLog?.() ?? [];
    if (logged.length) group.cause = [...new Set(logged)].join(" | ");
  }
  // Internal errors at the same field with the same cause are one failure, whatever the path.
  const merged = new Map<string, FailureGroup>();
  for (const group of failures) {
    const key = group.problem.kind === "internal" && group.cause ? `${group.key}|${messageShape(group.cause)}` : group.key;
    const same = merged.get(key);
    if (same) same.count += group.count;
    else merged.set(key, group);
  }
  failures = [...merged.values()];

  const report: FuzzReport = { seed, requests, from, ms, cpuMs, harvest: harvested, statuses, codes, messages, outcomes, methods, rootFields: rootFieldCount, failures, failed, text: "" };
  report.text = formatReport(report, url, options.cachedUrl);
  return report;
}

/** One line per failure: what, where, and why (the server's log when it said), for assertions and summaries. */
export function failureTitle(group: FailureGroup): string {
  const p = group.problem;
  return `${p.kind} ${p.code} at ${p.field}: ${(group.cause ?? p.message).slice(0, 200)}`;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A request as a line a person can run (curl), long values cut for reading. */
export function reproducer(url: string, request: FuzzRequest): string {
  const http = toHttp(url, request);
  const headers = Object.entries((http.init.headers ?? {}) as Record<string, string>).map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`);
  const line = request.method === "GET" ? `curl -s -g ${headers.join(" ")} ${shellQuote(http.url)}` : `curl -s ${shellQuote(http.url)} ${headers.join(" ")} --data-binary ${shellQuote(http.body ?? "")}`;
  return line.length > 2_000 ? `${line.slice(0, 2_000)}… (${line.length} characters)` : line;
}

export function formatReport(report: FuzzReport, url: string, cachedUrl?: string): string {
  const fmt = (n: number) => n.toLocaleString("en");
  const sorted = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v)}`).join(", ");
  const lines = [
    `fuzz: seed ${report.seed}, requests ${fmt(report.from)}–${fmt(report.from + report.requests - 1)} (${fmt(report.requests)}) in ${(report.ms / 1000).toFixed(1)} s (${fmt(Math.round(report.requests / (report.ms / 1000)))} requests/s; CPU of this process ${(report.cpuMs / 1000).toFixed(1)} s), ${fmt(report.rootFields)} root fields; harvest: ${report.harvest.requests} requests, ${fmt(report.harvest.ids.length)} ids, ${fmt([...report.harvest.cursors.values()].reduce((n, c) => n + c.length, 0))} cursors of ${report.harvest.cursors.size} lists`,
    `  reproduce: FUZZ_SEED=${report.seed} FUZZ_REQUESTS=${report.requests}${report.from ? ` FUZZ_FROM=${report.from}` : ""}`,
    `  HTTP: ${sorted(report.statuses)}; methods: ${sorted(report.methods)}`,
    `  first error code: ${sorted(report.codes)}`,
    `  most frequent errors: ${Object.entries(report.messages).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${fmt(v)}× ${k.slice(0, 140)}`).join("; ")}`,
    report.failures.length ? `  ${fmt(report.failed)} failing requests in ${report.failures.length} distinct failures:` : "  no failures",
  ];
  report.failures.forEach((group, i) => {
    const p = group.problem;
    lines.push(`  [${i + 1}] ${failureTitle(group)}`);
    lines.push(`      ${fmt(group.count)}×; first: request #${group.first.index} (FUZZ_SEED=${report.seed} FUZZ_FROM=${group.first.index} FUZZ_REQUESTS=1)${p.path ? `, at ${p.path}` : ""}`);
    if (group.cause) lines.push(`      response: ${p.message.slice(0, 300)}`);
    if (group.minimal) {
      const { query, variables, operationName } = render(group.minimal);
      lines.push(`      minimal: ${group.minimal.method} ${JSON.stringify({ query, ...(Object.keys(variables).length ? { variables } : {}), ...(operationName ? { operationName } : {}) }).slice(0, 1_000)}${group.minimal.quirks.length ? ` quirks: ${group.minimal.quirks.join(", ")}` : ""}`);
      lines.push(`      ${reproducer(group.minimal.cached && cachedUrl ? cachedUrl : url, group.minimal)}${group.minimal.cached ? "   (response cache on)" : ""}`);
    }
  });
  return lines.join("\n");
}
