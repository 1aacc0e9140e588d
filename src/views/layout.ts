/**
 * The one layout of every page: head (title, canonical link, oEmbed discovery, JSON-LD), the
 * navigation, the sample-data banner, and the page's own content. Everything is inline — CSS
 * included — so that a page makes no request to anyone but this service (and none at all
 * besides itself: the CSP in routes.ts says so to the browser too).
 */
import { SAMPLE_NAME_MARKER, SAMPLE_NAME_MARKER_EN } from "../db/schema/common.js";
import { html, jsonForScript, raw, type Html, type Part } from "./html.js";
import { paths } from "./urls.js";

export const SITE_NAME = "创业内蒙古 Open Data";
export const SITE_NAME_EN = "Entrepreneurship Inner Mongolia Open Data";

export interface PageOptions {
  /** Chinese title (first), and its English beside it. */
  title: string;
  titleEn?: string | undefined;
  /** Absolute URL of the page (PUBLIC_BASE_URL, else this request's origin). */
  canonicalUrl: string;
  /** The oEmbed endpoint for this page, absolute; every page has one (see oembed.ts). */
  oembedUrl?: string | undefined;
  jsonLd?: unknown;
  /** Other representations to announce (`<link rel="alternate">`), e.g. the DCAT catalogue in JSON-LD. */
  alternates?: { type: string; href: string; title: string }[];
  /** The page shows sample data: say so in a banner above everything else. */
  sample?: boolean;
  body: Html;
}

const CSS = `
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#dde1e6;--bg:#fff;--accent:#0b57d0;--sample-bg:#fff4d6;--sample-fg:#6b4a00}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg);max-width:64rem;margin:0 auto;padding:0 1rem 3rem;line-height:1.6}
header.site{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;border-bottom:1px solid var(--line);padding:.75rem 0;margin-bottom:1rem}
header.site a{color:var(--fg);text-decoration:none}header.site .brand{font-weight:700;margin-right:auto}
a{color:var(--accent)}
.en{color:var(--muted)}
h1 .en,h2 .en,h3 .en{font-weight:400;font-size:.75em;display:block}
.banner-sample{background:var(--sample-bg);color:var(--sample-fg);border:1px solid #f0c36d;border-radius:6px;padding:.6rem .9rem;margin:1rem 0}
blockquote.source{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid var(--accent);background:#f6f8fc;white-space:pre-wrap}
.meta{color:var(--muted);font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}td,th{border-bottom:1px solid var(--line);padding:.4rem;text-align:left;vertical-align:top}
pre,textarea{background:#f4f4f4;padding:.75rem;overflow:auto;width:100%;font:.85rem ui-monospace,monospace}
ul.plain{list-style:none;padding:0}
.sample-tag{background:var(--sample-bg);color:var(--sample-fg);border-radius:4px;padding:0 .3rem;font-size:.8rem}
section.doc-section{scroll-margin-top:1rem}section.doc-section:target{background:#fffbe6}
svg.chart text{font:12px system-ui,sans-serif;fill:#333}
footer{margin-top:3rem;border-top:1px solid var(--line);padding-top:.75rem;color:var(--muted);font-size:.85rem}
`;

/** Chinese first, English beside it. */
export function bi(zh: Part, en: Part): Html {
  return html`<span lang="zh-CN">${zh}</span> <span class="en" lang="en">${en}</span>`;
}

export function sampleBanner(): Html {
  return html`<div class="banner-sample" role="note"><b>本页含示例数据</b>：运营数据在导入官方记录之前是生成的示例，不是官方数字；示例名称以 <b>${SAMPLE_NAME_MARKER}</b> 开头。
<span lang="en"><b>This page shows SAMPLE data</b>: operational figures are generated samples until official records are imported, never official figures; sample names start with <b>${SAMPLE_NAME_MARKER_EN.trim()}</b>.</span></div>`;
}

export function layout(page: PageOptions): string {
  const title = page.titleEn ? `${page.title} · ${page.titleEn}` : page.title;
  return `<!doctype html>\n${html`<html lang="zh-CN">
<head><meta charset="utf-8"><title>${title} — ${SITE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="${page.canonicalUrl}">
${page.oembedUrl ? html`<link rel="alternate" type="application/json+oembed" href="${page.oembedUrl}" title="${title}">` : ""}
${(page.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}" title="${a.title}">\n`)}
<style>${raw(CSS)}</style>
${page.jsonLd ? html`<script type="application/ld+json">${jsonForScript(page.jsonLd)}</script>` : ""}
</head>
<body>
<header class="site"><a class="brand" href="${paths.home()}">${SITE_NAME}</a>
<a href="${paths.home()}#documents">文件 <span class="en">Document</span></a>
<a href="${paths.home()}#plans">计划 <span class="en">Plans</span></a>
<a href="${paths.home()}#datasets">数据集 <span class="en">Datasets</span></a>
<a href="${paths.home()}#api">API</a></header>
${page.sample ? sampleBanner() : ""}
<main>
${page.body}
</main>
<footer>${SITE_NAME} · ${SITE_NAME_EN}. 文本来自 内政办发〔2022〕31号 (此件公开发布) · English is an unofficial translation. Data: CC BY 4.0.</footer>
</body></html>`.value}`;
}
