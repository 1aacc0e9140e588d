/**
 * Serves the explorer (src/views/explorer.ts): the decision whether a GET of /graphql is a
 * browser asking for it, and its assets — GraphiQL, React and ReactDOM from the installed
 * packages (exact versions pinned in package.json), read once, with a strong ETag (SHA-256),
 * 304s, and a gzip copy for clients that take it. No CDN is involved, ever.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { negotiate } from "@fastify/accept-negotiator";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { EXPLORER_ASSETS, EXPLORER_CSP, EXPLORER_SCRIPT, explorerPage } from "../views/explorer.js";
import { matchesIfNoneMatch } from "./http-get.js";

export const EXPLORER_ASSET_BASE = "/explorer/assets";

/** Parameters that make a GET of /graphql an operation to run rather than a request for the explorer. */
const OPERATION_PARAMS = ["query", "id", "documentId", "extensions", "operationName", "variables"];

/** A GET of /graphql from a browser (it prefers text/html to JSON) that names no operation. */
export function wantsExplorer(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (negotiate(request.headers.accept ?? "", ["application/graphql-response+json", "application/json", "text/html"]) !== "text/html") return false;
  const params = new URL(request.url, "http://localhost").searchParams;
  return !OPERATION_PARAMS.some((p) => params.has(p));
}

let page: string | undefined;
/** The page and the headers it is sent with (the page is the same for everyone: cacheable). */
export function explorerResponse(): { body: string; headers: Record<string, string> } {
  page ??= explorerPage(EXPLORER_ASSET_BASE);
  return {
    body: page,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": EXPLORER_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "public, max-age=300",
    },
  };
}

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  gzipEtag: string;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

function assetFiles(): Record<string, { type: string; read: () => Buffer }> {
  const js = "text/javascript; charset=utf-8";
  return {
    [EXPLORER_ASSETS.react]: { type: js, read: () => readFileSync(join(packageDir("react"), "umd/react.production.min.js")) },
    [EXPLORER_ASSETS.reactDom]: { type: js, read: () => readFileSync(join(packageDir("react-dom"), "umd/react-dom.production.min.js")) },
    [EXPLORER_ASSETS.graphiql]: { type: js, read: () => readFileSync(join(graphiqlDir(), "index.umd.js")) },
    [EXPLORER_ASSETS.graphiqlCss]: { type: "text/css; charset=utf-8", read: () => readFileSync(join(graphiqlDir(), "style.css")) },
    [EXPLORER_ASSETS.bootstrap]: { type: js, read: () => Buffer.from(EXPLORER_SCRIPT) },
  };
}

/** graphiql's package.json is not in its `exports`: find its folder from its main entry. */
function graphiqlDir(): string {
  return dirname(require.resolve("graphiql"));
}

const etag = (bytes: Buffer) => `"${createHash("sha256").update(bytes).digest("base64url")}"`;

export function registerExplorerAssets(app: FastifyInstance): void {
  const files = assetFiles();
  // Read and compressed on first use, then kept (≈ 2.5 MB with the gzip copies).
  const loaded = new Map<string, Asset>();
  const load = (name: string): Asset | undefined => {
    let asset = loaded.get(name);
    const file = files[name];
    if (!asset && file) {
      const body = file.read();
      const gzip = gzipSync(body);
      asset = { type: file.type, body, gzip, etag: etag(body), gzipEtag: etag(gzip) };
      loaded.set(name, asset);
    }
    return asset;
  };

  app.get(`${EXPLORER_ASSET_BASE}/:name`, async (request: FastifyRequest<{ Params: { name: string } }>, reply) => {
    const asset = Object.hasOwn(files, request.params.name) ? load(request.params.name) : undefined;
    if (!asset) return reply.code(404).send({ error: "NOT_FOUND", message: `No explorer asset ${request.params.name}.` });
    const gzip = negotiate(request.headers["accept-encoding"] ?? "", ["gzip", "identity"]) === "gzip";
    const tag = gzip ? asset.gzipEtag : asset.etag;
    reply.header("content-type", asset.type).header("etag", tag).header("vary", "Accept-Encoding").header("cache-control", "public, max-age=3600").header("x-content-type-options", "nosniff");
    if (gzip) reply.header("content-encoding", "gzip");
    if (matchesIfNoneMatch(request.headers["if-none-match"], tag)) return reply.code(304).send();
    return reply.send(gzip ? asset.gzip : asset.body);
  });
}
