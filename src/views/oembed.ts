/**
 * oEmbed 1.0 (https://oembed.com): `GET /oembed?url=<a page of ours>&format=json`.
 * Measures, instruments and targets (their pages or their cards) answer as `rich`, with the
 * card's `<iframe>` as `html`; every other page of ours answers as `link` (title and provider),
 * so that the discovery `<link>` every page carries always leads to an answer. A URL that is not
 * one of our pages, or names an item that does not exist, is 404; a format other than JSON is
 * 501 — both as the specification asks.
 */
import { PUBLIC_DATASETS } from "../exports/catalogue.js";
import { CARD_SIZE, cardIframe } from "./embed.js";
import { SITE_NAME } from "./layout.js";
import type { ViewContext } from "./pages.js";
import { paths, type EmbedKind } from "./urls.js";

export type OEmbedAnswer = { status: 200; body: Record<string, unknown> } | { status: 400 | 404 | 501; body: { error: string; message: string } };

const KEY = {
  measures: /^P[1-9]\d?-M[1-9]\d?$/,
  plans: /^P[1-9]\d?$/,
  instruments: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  targets: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  departments: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  datasets: /^[a-z0-9]+(-[a-z0-9]+)*$/,
  regions: /^\d{6}$/,
  documents: /^[a-z0-9]+(-[a-z0-9]+)*$/,
} as const;
type PageKind = keyof typeof KEY;

/** The page kind and key a path of ours names — `/measures/P1-M1`, `/embed/targets/x` — or null. */
export function parsePagePath(pathname: string): { kind: PageKind | "home"; key: string; embed: boolean } | null {
  if (pathname === "/") return { kind: "home", key: "", embed: false };
  const m = /^\/(embed\/)?([a-z]+)\/([^/]+)$/.exec(pathname);
  if (!m) return null;
  const kind = m[2] as PageKind;
  let key: string;
  try {
    key = decodeURIComponent(m[3]!);
  } catch {
    return null;
  }
  if (!(kind in KEY) || key.length > 100 || !KEY[kind].test(key)) return null;
  if (m[1] && !["measures", "instruments", "targets"].includes(kind)) return null;
  return { kind, key, embed: !!m[1] };
}

const error = (status: 400 | 404 | 501, message: string): OEmbedAnswer => ({ status, body: { error: status === 400 ? "BAD_REQUEST" : status === 404 ? "NOT_FOUND" : "NOT_IMPLEMENTED", message } });

/** Title of the item a page shows, or null when there is no such item. */
async function titleOf(ctx: ViewContext, kind: PageKind | "home", key: string): Promise<string | null> {
  const l = ctx.loaders;
  switch (kind) {
    case "home":
      return SITE_NAME;
    case "measures":
    case "plans": {
      const s = await l.section.load(key);
      return s && s.kind === (kind === "measures" ? "MEASURE" : "PLAN") ? `${s.title} · ${s.titleEn}` : null;
    }
    case "instruments": {
      const i = await l.instrument.load(key);
      return i ? `${i.name} · ${i.nameEn}` : null;
    }
    case "targets": {
      const t = await l.target.load(key);
      return t ? `${t.metricName} · ${t.metricNameEn}` : null;
    }
    case "departments": {
      const d = await l.department.load(key);
      return d ? `${d.name} · ${d.nameEn}` : null;
    }
    case "regions": {
      const r = await l.region.load(key);
      return r ? `${r.name} · ${r.nameEn}` : null;
    }
    case "datasets": {
      const d = PUBLIC_DATASETS.find((x) => x.name === key);
      return d ? `${d.titleZh} · ${d.titleEn}` : null;
    }
    case "documents": {
      const d = await l.document.load(key);
      return d ? `${d.title} · ${d.titleEn}` : null;
    }
  }
}

export async function oembed(ctx: ViewContext, query: { url?: unknown; format?: unknown; maxwidth?: unknown; maxheight?: unknown }): Promise<OEmbedAnswer> {
  const format = query.format ?? "json";
  if (format !== "json") return error(501, "Only format=json is implemented.");
  if (typeof query.url !== "string" || query.url.length === 0 || query.url.length > 2000) return error(400, "Give the page's address as `url`, e.g. /oembed?url=https://…/measures/P1-M1&format=json.");
  let url: URL;
  try {
    url = new URL(query.url, ctx.origin);
  } catch {
    return error(404, "`url` is not an address of a page of this service.");
  }
  if (url.origin !== new URL(ctx.origin).origin) return error(404, "`url` is not an address of a page of this service.");
  const page = parsePagePath(url.pathname);
  const title = page ? await titleOf(ctx, page.kind, page.key) : null;
  if (!page || title === null) return error(404, "`url` names no page of this service.");
  const base = { version: "1.0", title, provider_name: SITE_NAME, provider_url: `${ctx.origin}/`, cache_age: 3600 };
  if (page.kind !== "measures" && page.kind !== "instruments" && page.kind !== "targets") return { status: 200, body: { ...base, type: "link" } };
  const maxWidth = Number(query.maxwidth);
  const maxHeight = Number(query.maxheight);
  const width = Number.isInteger(maxWidth) && maxWidth > 0 ? Math.min(CARD_SIZE.width, maxWidth) : CARD_SIZE.width;
  const height = Number.isInteger(maxHeight) && maxHeight > 0 ? Math.min(CARD_SIZE.height, maxHeight) : CARD_SIZE.height;
  const src = ctx.origin + paths.embed(page.kind as EmbedKind, page.key);
  return {
    status: 200,
    body: { ...base, type: "rich", width, height, html: cardIframe(src, title, width, height) },
  };
}
