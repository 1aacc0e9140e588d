/**
 * Embeddable cards — `/embed/measures/:code`, `/embed/instruments/:code`, `/embed/targets/:code` —
 * for other sites to put in an `<iframe>`: one small self-contained document (HTML and inline
 * CSS, no script, no font, no image, no request of any kind), in Chinese or English first
 * (`?lang=zh|en`) and light or dark (`?theme=light|dark`). Only these routes may be framed
 * (routes.ts sends `frame-ancestors *` here and `'none'` everywhere else). Links open the
 * item's page in a new tab, never inside the host's frame.
 */
import { progressChart } from "./chart.js";
import { html, raw, type Html } from "./html.js";
import { describeAmount, describeTarget, sharePercent } from "./items.js";
import { SITE_NAME, SITE_NAME_EN } from "./layout.js";
import { statusWords, type ViewContext } from "./pages.js";
import { paths, type EmbedKind } from "./urls.js";

export type Lang = "zh" | "en";
export type Theme = "light" | "dark";

export interface CardOptions {
  lang: Lang;
  theme: Theme;
}

/** Width and height the snippet and oEmbed give the frame. */
export const CARD_SIZE = { width: 420, height: 260 };

/** The `<iframe>` of a card, as the snippet on pages and oEmbed's `html` give it. */
export function cardIframe(src: string, title: string, width = CARD_SIZE.width, height = CARD_SIZE.height): string {
  return html`<iframe src="${src}" width="${width}" height="${height}" style="border:0;max-width:100%" loading="lazy" title="${title}"></iframe>`.value;
}

const CSS = `
*{box-sizing:border-box}html,body{margin:0;height:100%}
body{font:14px/1.5 system-ui,-apple-system,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:var(--bg);color:var(--fg);overflow:auto}
.light{--bg:#fff;--fg:#1d1d1f;--muted:#5f6368;--line:#dde1e6;--accent:#0b57d0;--tag:#fff4d6;--tagfg:#6b4a00}
.dark{--bg:#1f1f1f;--fg:#e8eaed;--muted:#9aa0a6;--line:#3c4043;--accent:#8ab4f8;--tag:#4a3b00;--tagfg:#ffe08a}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;min-height:100%}
.kicker{color:var(--muted);font-size:12px}
h1{font-size:16px;margin:4px 0}h1 small{display:block;font-weight:400;color:var(--muted);font-size:13px}
p{margin:6px 0}.muted{color:var(--muted)}a{color:var(--accent)}
.tag{background:var(--tag);color:var(--tagfg);border-radius:4px;padding:0 4px;font-size:12px}
svg{display:block;max-width:100%;height:auto;max-height:96px}
.kicker a{float:right}
`;

function card(options: CardOptions, title: string, body: Html): string {
  return `<!doctype html>\n${html`<html lang="${options.lang === "en" ? "en" : "zh-CN"}"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<style>${raw(CSS)}</style></head>
<body class="${options.theme}"><article class="card">${body}</article></body></html>`.value}`;
}

/** Chinese first, or English first with `?lang=en`. */
function pair(options: CardOptions, zh: string, en: string): Html {
  return options.lang === "en" ? html`${en} <small lang="zh-CN">${zh}</small>` : html`${zh} <small lang="en">${en}</small>`;
}

function footer(ctx: ViewContext, options: CardOptions, path: string): Html {
  return html`<p class="muted"><a href="${ctx.origin + path}" target="_blank" rel="noopener">${options.lang === "en" ? "Read it on" : "查看全文"} ${options.lang === "en" ? SITE_NAME_EN : SITE_NAME}</a></p>`;
}

/** The card's first line: what it is, the document, and the way to the full page (visible however small the frame). */
function kicker(ctx: ViewContext, options: CardOptions, what: string, path: string): Html {
  return html`<div class="kicker">${what} · 内政办发〔2022〕31号 <a href="${ctx.origin + path}" target="_blank" rel="noopener">${options.lang === "en" ? "Full page ↗" : "查看全文 ↗"}</a></div>`;
}

/** At most `n` characters of the exact text, cut on a character (never mid-surrogate). */
function excerpt(text: string, n: number): string {
  const chars = [...text];
  return chars.length <= n ? text : `${chars.slice(0, n).join("")}…`;
}

/** The programme's status today, one line (the card's reader must not take an ended measure for a current one). */
async function statusOf(ctx: ViewContext, options: CardOptions, sectionCode: string): Promise<Html> {
  const section = await ctx.loaders.section.load(sectionCode);
  const s = section ? await statusWords(ctx, section.documentSlug) : null;
  return s ? html`<p class="status status-${s.status.toLowerCase()}"><b>${options.lang === "en" ? "Status" : "状态"}</b>: ${options.lang === "en" ? s.en : s.zh}</p>` : html``;
}

export async function embedCard(ctx: ViewContext, kind: EmbedKind, code: string, options: CardOptions): Promise<string | null> {
  if (kind === "measures") {
    const measure = await ctx.loaders.section.load(code);
    if (!measure || measure.kind !== "MEASURE") return null;
    const [departments, instruments] = await Promise.all([ctx.loaders.measureDepartments.load(code), ctx.loaders.sectionInstruments.load(code)]);
    const en = options.lang === "en";
    return card(
      options,
      en ? measure.titleEn : measure.title,
      html`${kicker(ctx, options, `${en ? "Measure" : "措施"} ${code}`, paths.measure(code))}
<h1>${pair(options, measure.title, measure.titleEn)}</h1>
${await statusOf(ctx, options, code)}
<p lang="zh-CN">${excerpt(measure.body, 72)}</p>
${instruments.length ? html`<p>${en ? "Support" : "支持措施"}: ${instruments.slice(0, 2).map((i, k) => html`${k ? (en ? "; " : "；") : ""}${en ? i.nameEn : i.name}${i.amount ? ` (${describeAmount(i)[en ? 1 : 0]})` : ""}`)}${instruments.length > 2 ? (en ? ` and ${instruments.length - 2} more` : ` 等 ${instruments.length} 项`) : ""}</p>` : ""}
<p class="muted">${en ? "Responsible" : "责任单位"}: ${departments.map((d) => (en ? d.nameEn : d.name)).join(en ? "; " : "、")}</p>
${footer(ctx, options, paths.measure(code))}`,
    );
  }
  if (kind === "instruments") {
    const instrument = await ctx.loaders.instrument.load(code);
    if (!instrument) return null;
    const groups = await ctx.loaders.instrumentGroups.load(code);
    const en = options.lang === "en";
    const [az, ae] = describeAmount(instrument);
    return card(
      options,
      en ? instrument.nameEn : instrument.name,
      html`${kicker(ctx, options, en ? "Support instrument" : "支持措施", paths.instrument(code))}
<h1>${pair(options, instrument.name, instrument.nameEn)}</h1>
${await statusOf(ctx, options, instrument.sectionCode)}
<p><b>${en ? ae : az}</b></p>
<p class="muted">${en ? "For" : "对象"}: ${groups.length ? groups.map((g) => (en ? g.nameEn : g.name)).join(en ? "; " : "、") : en ? "everyone who qualifies" : "所有符合条件者"}</p>
<p>${excerpt(en ? instrument.conditionsEn : instrument.conditions, 90)}</p>
${footer(ctx, options, paths.instrument(code))}`,
    );
  }
  const target = await ctx.loaders.target.load(code);
  if (!target) return null;
  const progress = await ctx.loaders.targetProgress.load(code);
  const en = options.lang === "en";
  const [vz, ve] = describeTarget(target);
  const pct = sharePercent(progress?.share ?? null);
  return card(
    options,
    en ? target.metricNameEn : target.metricName,
    html`${kicker(ctx, options, en ? "Target" : "目标", paths.target(code))}
<h1>${pair(options, target.metricName, target.metricNameEn)}</h1>
${await statusOf(ctx, options, target.sectionCode)}
<p><b>${en ? ve : vz}</b></p>
${progress ? html`<p>${en ? "Progress" : "进度"}: ${progress.currentValue ?? "—"}${pct ? ` (${pct})` : ""}${progress.sample ? html` <span class="tag">${en ? "SAMPLE data, not official" : "示例数据，非官方"}</span>` : ""}</p>` : ""}
${progressChart(target, progress, { dark: options.theme === "dark" })}
${footer(ctx, options, paths.target(code))}`,
  );
}
