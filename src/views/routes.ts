/**
 * The routes of the pages, the embeds and oEmbed, and the framing rules of the whole service.
 *
 * - Pages: `/`, `/documents/:slug`, `/plans/:code`, `/measures/:code`, `/instruments/:code`,
 *   `/targets/:code`, `/departments/:slug`, `/datasets/:name`, `/regions/:code`. A key that is
 *   malformed or names nothing is a 404 HTML page (never a 500).
 * - Embeds: `/embed/{measures,instruments,targets}/:code?lang=zh|en&theme=light|dark`.
 * - `/oembed?url=…&format=json`.
 *
 * Every page and card is built per request from this request's own DataLoaders (as a GraphQL
 * request is) and sent with a Content-Security-Policy that allows nothing but inline styles
 * and our own links: no script, no request to anyone. Only embed routes may be framed
 * (`frame-ancestors *`); every other response of the service says `frame-ancestors 'none'`
 * and `X-Frame-Options: DENY` (a route may set its own CSP, e.g. an explorer with scripts:
 * then only the framing rule is added if it has none).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../db/client.js";
import { createLoaders } from "../loaders/index.js";
import { embedCard, type CardOptions } from "./embed.js";
import { homePage } from "./home.js";
import { oembed } from "./oembed.js";
import { departmentPage, datasetPage, documentPage, fundPage, groupPage, instrumentPage, measurePage, notFoundPage, planPage, regionPage, targetPage, type ViewContext } from "./pages.js";
import { EMBED_KINDS, type EmbedKind } from "./urls.js";
import { requestBaseUrl } from "../base-url.js";

export interface ViewSettings {
  exportDir: string;
  publicBaseUrl: string | null;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const EMBED_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors *";

/** By the matched route, not the raw URL: only the card routes themselves, never a 404 under /embed/. */
const isEmbedRoute = (request: FastifyRequest) => request.routeOptions.url?.startsWith("/embed/") === true;

/**
 * Framing: denied everywhere but on embed routes. Registered before any route (like the error
 * handlers), so that it covers every response, 404s and errors included.
 */
export function registerFramingRules(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if (isEmbedRoute(request)) {
      if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", "frame-ancestors *");
      return payload;
    }
    const csp = reply.getHeader("content-security-policy");
    if (typeof csp !== "string") reply.header("content-security-policy", "frame-ancestors 'none'");
    else if (!/frame-ancestors/.test(csp)) reply.header("content-security-policy", `${csp}; frame-ancestors 'none'`);
    reply.header("x-frame-options", "DENY");
    return payload;
  });
}

/** Keys as the API checks them (graphql/validate.ts): anything else names no item. */
const KEYS = {
  plan: /^P[1-9]\d?$/,
  measure: /^P[1-9]\d?-M[1-9]\d?$/,
  slug: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  region: /^\d{6}$/,
  group: /^[A-Z][A-Z_]{1,60}$/,
};

function wellFormed(key: string, re: RegExp): boolean {
  return key.length <= 100 && re.test(key);
}

export function registerViewRoutes(app: FastifyInstance, database: Pick<Database, "api">, settings: ViewSettings): void {
  const context = (request: FastifyRequest): ViewContext => ({
    db: database.api,
    loaders: createLoaders(database.api),
    exportDir: settings.exportDir,
    // Behind a proxy, protocol and host come from X-Forwarded-* (trustProxy); PUBLIC_BASE_URL wins;
    // a Host that is no host name is never echoed (src/base-url.ts, one rule for every page).
    origin: requestBaseUrl(request, settings.publicBaseUrl),
  });

  // Without PUBLIC_BASE_URL, absolute links (canonical, snippets, oEmbed) follow the request's
  // forwarded origin: a shared cache must keep answers for different origins apart.
  const vary = (reply: FastifyReply) => {
    if (settings.publicBaseUrl) return reply;
    const before = reply.getHeader("vary");
    return reply.header("vary", [before, "x-forwarded-host, x-forwarded-proto"].filter(Boolean).join(", "));
  };
  const send = (reply: FastifyReply, status: number, body: string, csp = PAGE_CSP) =>
    vary(reply)
      .code(status)
      .type("text/html; charset=utf-8")
      .header("content-security-policy", csp)
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "strict-origin-when-cross-origin")
      // Pages show data (and sample figures) that change with imports: short shared caching.
      .header("cache-control", status === 200 ? "public, max-age=60" : "no-store")
      .send(body);

  const page = (path: string, re: RegExp, render: (ctx: ViewContext, key: string) => Promise<string | null>) => {
    app.get<{ Params: { key: string } }>(`${path}/:key`, async (request, reply) => {
      const ctx = context(request);
      const key = request.params.key;
      const body = wellFormed(key, re) ? await render(ctx, key) : null;
      return body === null ? send(reply, 404, notFoundPage(ctx, request.url.split("?")[0]!)) : send(reply, 200, body);
    });
  };

  app.get("/", async (request, reply) => send(reply, 200, await homePage(context(request))));
  page("/documents", KEYS.slug, documentPage);
  page("/plans", KEYS.plan, planPage);
  page("/measures", KEYS.measure, measurePage);
  page("/instruments", KEYS.slug, instrumentPage);
  page("/targets", KEYS.slug, targetPage);
  page("/departments", KEYS.slug, departmentPage);
  page("/datasets", KEYS.slug, datasetPage);
  page("/regions", KEYS.region, regionPage);
  page("/groups", KEYS.group, groupPage);
  page("/funds", KEYS.slug, fundPage);

  const embedKeys: Record<EmbedKind, RegExp> = { measures: KEYS.measure, instruments: KEYS.slug, targets: KEYS.slug };
  for (const kind of EMBED_KINDS) {
    app.get<{ Params: { key: string }; Querystring: { lang?: string; theme?: string } }>(`/embed/${kind}/:key`, async (request, reply) => {
      const ctx = context(request);
      const { lang = "zh", theme = "light" } = request.query;
      if ((lang !== "zh" && lang !== "en") || (theme !== "light" && theme !== "dark")) {
        return send(reply, 400, badParameterCard(), EMBED_CSP);
      }
      const key = request.params.key;
      const options: CardOptions = { lang, theme };
      const body = wellFormed(key, embedKeys[kind]) ? await embedCard(ctx, kind, key, options) : null;
      return body === null ? send(reply, 404, notFoundCard(), EMBED_CSP) : send(reply, 200, body, EMBED_CSP);
    });
  }

  app.get<{ Querystring: Record<string, unknown> }>("/oembed", async (request, reply) => {
    const answer = await oembed(context(request), request.query);
    return vary(reply)
      .code(answer.status)
      .header("access-control-allow-origin", "*")
      .header("cache-control", answer.status === 200 ? "public, max-age=3600" : "no-store")
      .type("application/json; charset=utf-8")
      .send(answer.body);
  });
}

function badParameterCard(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad parameter</title></head><body><p>参数无效：<code>lang</code> 取 zh 或 en，<code>theme</code> 取 light 或 dark。</p><p>Bad parameter: <code>lang</code> is zh or en, <code>theme</code> is light or dark.</p></body></html>`;
}

function notFoundCard(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Not found</title></head><body><p>未找到 · Not found.</p></body></html>`;
}
