/**
 * `/graphql` over plain GET, so that a link, a `<script>`, a browser's cache or a CDN can fetch
 * public answers by URL (README, "Explorer and GET"):
 *
 * - **CSRF.** Apollo's CSRF prevention refuses any request a browser could send without a
 *   preflight — including every plain GET. This API uses no cookies and no ambient credentials:
 *   the only credential is an `Authorization: Bearer` key, which a page cannot make a browser
 *   attach, and a header a cross-origin page can only send after a preflight. So a GET without an
 *   `Authorization` header can act for nobody and read nothing private: it is let through.
 *   Everything else keeps Apollo's rule (a non-simple `Content-Type`, or a non-empty
 *   `apollo-require-preflight` / `x-apollo-operation-name` header): every POST, and every GET
 *   that carries a key. Mutations never run over GET at all (Apollo answers 405).
 * - **Published operations by id** (`?id=`, src/graphql/published-operations.ts) are expanded
 *   into their text here, before Apollo sees the request.
 * - **Status for `application/json`-only clients.** The GraphQL-over-HTTP spec asks for 200 on a
 *   well-formed request whose document does not parse or validate, or whose variables do not
 *   coerce, when the client accepts only `application/json` (legacy clients read the body, not
 *   the status); Apollo answers 400. Clients that accept `application/graphql-response+json`
 *   (or anything, `*∕*`) keep the 400. A malformed HTTP request (not JSON, no query: code
 *   `BAD_REQUEST`) stays 400 for everyone.
 * - **Caching headers** on every GET answer: `Cache-Control` (Apollo's `public, max-age` for a
 *   cacheable public answer; `no-store` for errors; `private, no-store` for a partner's), an
 *   `ETag` made of the data version and a hash of the answer (weak: its per-request `extensions`
 *   are left out), `304 Not Modified` for a matching
 *   `If-None-Match`, and `Vary: Accept, Authorization` — the answer depends on both (the media
 *   type and status on `Accept`, the caller on `Authorization`). Not `Accept-Encoding`: these
 *   answers are not compressed here (a CDN in front that compresses adds its own Vary).
 */
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { publishedOperation } from "./published-operations.js";

const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);
const PREFLIGHT_HEADERS = ["x-apollo-operation-name", "apollo-require-preflight"];
/** Apollo's own words, so that clients see the same refusal as before. */
export const CSRF_MESSAGE =
  "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n";

const JSON_TYPE = "application/json; charset=utf-8";

function refuse(reply: FastifyReply, status: number, message: string, code: string) {
  return reply.code(status).header("content-type", JSON_TYPE).header("cache-control", "no-store").send({ errors: [{ message, extensions: { code } }] });
}

const isSafeMethod = (method: string) => method === "GET" || method === "HEAD";

/** Whether the request is a simple (no-preflight) request that could act for someone: see the top of this file. */
export function isCsrfRisk(request: FastifyRequest): boolean {
  const headers = request.headers;
  if (isSafeMethod(request.method) && headers.authorization === undefined) return false;
  const contentType = headers["content-type"];
  if (contentType !== undefined && !SIMPLE_CONTENT_TYPES.has(contentType.split(";")[0]!.trim().toLowerCase())) return false;
  return !PREFLIGHT_HEADERS.some((h) => {
    const value = headers[h];
    return typeof value === "string" && value.length > 0;
  });
}

/** `preValidation` hook of /graphql: Apollo's CSRF prevention, less plain GETs without a key. */
export async function csrfPrevention(request: FastifyRequest, reply: FastifyReply) {
  if (isCsrfRisk(request)) return refuse(reply, 400, CSRF_MESSAGE, "BAD_REQUEST");
}

/**
 * `preValidation` hook of /graphql: `?id=` (GET) or `"id"` (POST body) names a published
 * operation; its text replaces the id. `documentId` is accepted too (the name the
 * GraphQL-over-HTTP persisted-documents proposal uses).
 */
export async function expandPublishedOperation(request: FastifyRequest, reply: FastifyReply) {
  if (isSafeMethod(request.method)) {
    const url = new URL(request.url, "http://localhost");
    const params = url.searchParams;
    const id = params.get("id") ?? params.get("documentId");
    if (id === null) return;
    const checked = check(id, params.get("query"), params.get("operationName"));
    if ("error" in checked) return refuse(reply, checked.status, checked.error, checked.code);
    params.delete("id");
    params.delete("documentId");
    params.set("query", checked.document);
    params.set("operationName", checked.operationName);
    // The Apollo integration reads the query string from the raw URL.
    request.raw.url = `${url.pathname}?${params}`;
    return;
  }
  const body = request.body as Record<string, unknown> | null | undefined;
  if (!body || typeof body !== "object" || Array.isArray(body)) return;
  const id = body.id ?? body.documentId;
  if (id === undefined) return;
  if (typeof id !== "string") return refuse(reply, 400, "`id` must be the id of a published operation (a string); see GET /graphql/operations.", "BAD_REQUEST");
  const checked = check(id, body.query, body.operationName);
  if ("error" in checked) return refuse(reply, checked.status, checked.error, checked.code);
  const { id: _id, documentId: _documentId, ...rest } = body;
  request.body = { ...rest, query: checked.document, operationName: checked.operationName };
}

function check(id: string, query: unknown, operationName: unknown): { document: string; operationName: string } | { error: string; status: number; code: string } {
  if (query !== undefined && query !== null) return { error: "Send either `id` (a published operation) or `query`, not both.", status: 400, code: "BAD_REQUEST" };
  const op = publishedOperation(id);
  if (!op) return { error: `No published operation has the id ${JSON.stringify(id.slice(0, 100))}; GET /graphql/operations lists them.`, status: 404, code: "NOT_FOUND" };
  if (operationName !== undefined && operationName !== null && operationName !== op.operationName) {
    return { error: `The published operation ${op.id} is named ${op.operationName}, not ${JSON.stringify(String(operationName).slice(0, 100))}.`, status: 400, code: "BAD_REQUEST" };
  }
  return { document: op.document, operationName: op.operationName };
}

/** One entry of an Accept header: the media type (lower case) and its quality. */
function acceptEntries(accept: string): { type: string; q: number }[] {
  return accept.split(",").map((part) => {
    const [type, ...params] = part.split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return { type: type!.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  });
}

/** Whether the client takes `application/json` but not `application/graphql-response+json` (not even by a wildcard). */
export function acceptsOnlyLegacyJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const accepted = acceptEntries(accept).filter((e) => e.q > 0).map((e) => e.type);
  return accepted.includes("application/json") && !accepted.some((t) => t === "application/graphql-response+json" || t === "application/*" || t === "*/*");
}

/** `onSend` hook of /graphql: 200 instead of 400 for GraphQL request errors to `application/json`-only clients (see the top of this file). */
export async function statusForJsonClients(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode !== 400 || typeof payload !== "string" || !acceptsOnlyLegacyJson(request.headers.accept)) return payload;
  if (!String(reply.getHeader("content-type") ?? "").startsWith("application/json")) return payload;
  try {
    const body = JSON.parse(payload) as { errors?: { extensions?: { code?: unknown } }[] };
    if (Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e) => e.extensions?.code !== "BAD_REQUEST")) reply.code(200);
  } catch {
    // Not a GraphQL response: leave it as it is.
  }
  return payload;
}

/**
 * The part of an answer its validator covers: all but the top-level `extensions`, which say what
 * this one request cost (SQL statements, rate-limit budget left) and differ from request to
 * request while the data stays the same. Apollo writes `extensions` last; the tail is taken off
 * only when it parses as the whole of a JSON object, i.e. when it is the top-level member.
 */
export function validatedPart(payload: string): string {
  const at = payload.lastIndexOf(',"extensions":{');
  if (at < 0 || !payload.endsWith("}")) return payload;
  try {
    JSON.parse(payload.slice(at + ',"extensions":'.length, -1));
    return payload.slice(0, at) + "}";
  } catch {
    return payload;
  }
}

/**
 * A weak ETag (the bytes may differ in `extensions`, the data does not): the data version
 * (shortened) and a hash of the answer without its `extensions`.
 */
export function etagOf(dataVersion: string, payload: string | Buffer): string {
  const version = createHash("sha256").update(dataVersion).digest("base64url").slice(0, 8);
  const body = createHash("sha256").update(typeof payload === "string" ? validatedPart(payload) : payload).digest("base64url").slice(0, 27);
  return `W/"${version}-${body}"`;
}

/** Whether an `If-None-Match` header names this ETag (or `*`); weak comparison, as RFC 9110 asks for it. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}

/** Apollo writes `errors` first (it orders the result's fields), so a GraphQL answer with errors starts with it. */
const hasGraphQLErrors = (payload: string) => payload.startsWith('{"errors":');

/**
 * `onSend` hook of /graphql, the last but one (before the audit): Vary on every answer; on GET,
 * Cache-Control, ETag and 304 (see the top of this file).
 */
export function httpCaching(currentDataVersion: () => Promise<string>) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    reply.header("vary", "Accept, Authorization");
    if (!isSafeMethod(request.method)) return payload;
    const status = reply.statusCode;
    const text = typeof payload === "string" || Buffer.isBuffer(payload) ? payload : null;
    if (request.headers.authorization !== undefined) {
      // A partner's answer is for that partner alone (server.ts, partnerResponsesArePrivate).
      reply.header("cache-control", "private, no-store");
    } else if (status !== 200 || text === null || (typeof text === "string" && hasGraphQLErrors(text))) {
      // Errors are not kept: a NOT_FOUND may be found after the next import, a 429 is this client's.
      reply.header("cache-control", "no-store");
    } else if (!reply.hasHeader("cache-control")) {
      // A public answer without Apollo's hints (response cache off): keep it, but revalidate (ETag).
      reply.header("cache-control", "public, no-cache");
    }
    if (status !== 200 || text === null) return payload;
    // A response-cache hit comes with the ETag its answer was first sent with (graphql/response-cache.ts).
    const preset = reply.getHeader("etag");
    const etag = typeof preset === "string" ? preset : etagOf(await currentDataVersion(), text);
    reply.header("etag", etag);
    if (matchesIfNoneMatch(request.headers["if-none-match"], etag)) {
      reply.code(304).removeHeader("content-length").removeHeader("content-type");
      return "";
    }
    return payload;
  };
}
