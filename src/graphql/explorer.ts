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

interface Asset {
  type: string;
  body: Buffer;
  etag: string;
  /** First 12 characters of the SHA-256: the `?v=` of the page's links, so a new version is a new URL. */
  version: string;
  gzip?: { body: Buffer; etag: string };
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
/** graphiql's package.json is not in its `exports`: find its folder from its main entry. */
const graphiqlDir = () => dirname(require.resolve("graphiql"));

function readAssets(): Map<string, Asset> {
  const js = "text/javascript; charset=utf-8";
  const files: [string, string, () => Buffer][] = [
    [EXPLORER_ASSETS.react, js, () => readFileSync(join(packageDir("react"), "umd/react.production.min.js"))],
    [EXPLORER_ASSETS.reactDom, js, () => readFileSync(join(packageDir("react-dom"), "umd/react-dom.production.min.js"))],
    [EXPLORER_ASSETS.graphiql, js, () => readFileSync(join(graphiqlDir(), "index.umd.js"))],
    [EXPLORER_ASSETS.graphiqlCss, "text/css; charset=utf-8", () => readFileSync(join(graphiqlDir(), "style.css"))],
    [EXPLORER_ASSETS.bootstrap, js, () => Buffer.from(EXPLORER_SCRIPT)],
  ];
  return new Map(
    files.map(([name, type, read]) => {
      const body = read();
      const hash = createHash("sha256").update(body).digest("base64url");
      return [name, { type, body, etag: `"${hash}"`, version: hash.slice(0, 12) }];
    }),
  );
}

// Read once, on first use (≈ 1.5 MB; the gzip copies are made when first asked for).
let assets: Map<string, Asset> | undefined;
const loadedAssets = () => (assets ??= readAssets());

let page: string | undefined;
/** The page and the headers it is sent with (the page is the same for everyone: cacheable). */
export function explorerResponse(): { body: string; headers: Record<string, string> } {
  page ??= explorerPage((name) => `${EXPLORER_ASSET_BASE}/${name}?v=${loadedAssets().get(name)!.version}`);
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

export function registerExplorerAssets(app: FastifyInstance): void {
  app.get(`${EXPLORER_ASSET_BASE}/:name`, async (request: FastifyRequest<{ Params: { name: string }; Querystring: { v?: string } }>, reply) => {
    const asset = loadedAssets().get(request.params.name);
    if (!asset) return reply.code(404).send({ error: "NOT_FOUND", message: `No explorer asset ${request.params.name}.` });
    const useGzip = negotiate(request.headers["accept-encoding"] ?? "", ["gzip", "identity"]) === "gzip";
    if (useGzip && !asset.gzip) {
      const body = gzipSync(asset.body);
      asset.gzip = { body, etag: `"${createHash("sha256").update(body).digest("base64url")}"` };
    }
    const sent = useGzip ? asset.gzip! : asset;
    // A versioned URL (the page's links) never changes its content; any other is revalidated soon.
    const cacheControl = request.query.v === asset.version ? "public, max-age=31536000, immutable" : "public, max-age=300";
    reply.header("content-type", asset.type).header("etag", sent.etag).header("vary", "Accept-Encoding").header("cache-control", cacheControl).header("x-content-type-options", "nosniff");
    if (useGzip) reply.header("content-encoding", "gzip");
    if (matchesIfNoneMatch(request.headers["if-none-match"], sent.etag)) return reply.code(304).send();
    return reply.send(sent.body);
  });
}
