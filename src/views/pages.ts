/**
 * One server-rendered page per plan, measure, support instrument, target, department, dataset,
 * region and document. Each function is thin: it loads what the GraphQL resolvers load, through
 * the same per-request loaders and services (src/loaders, src/services), and returns `null` when
 * the item does not exist (routes.ts answers 404). Chinese first, English beside it; text from
 * the document is quoted exactly, with a link to its place in the document page.
 */
import type { Db } from "../db/client.js";
import { SAMPLE_NAME_MARKER } from "../db/schema/common.js";
import { LICENSE, PUBLIC_DATASETS, PUBLISHER, SPATIAL_COVERAGE, TEMPORAL_COVERAGE } from "../exports/catalogue.js";
import { CATALOGUE_PATH } from "../exports/dcat.js";
import { FORMAT_FILES } from "../exports/formats.js";
import { latestOfDataset } from "../exports/snapshots.js";
import type { DocumentNode, InstrumentNode, SectionNode, TargetNode } from "../graphql/nodes.js";
import type { Loaders } from "../loaders/index.js";
import { progressChart } from "./chart.js";
import { cardIframe } from "./embed.js";
import { html, type Html } from "./html.js";
import { describeAmount, describeAudiences, describeStatus, describeTarget, instrumentKind, sharePercent } from "./items.js";
import { programmeStatus } from "../services/policy.js";
import { groupMatch, loadRuleBook } from "../services/eligibility.js";
import { bi, layout, SITE_NAME } from "./layout.js";
import { inDocumentPath, paths, sectionPath, type EmbedKind } from "./urls.js";

export interface ViewContext {
  db: Db;
  loaders: Loaders;
  exportDir: string;
  /** Absolute origin for canonical URLs and snippets: PUBLIC_BASE_URL, else this request's origin. */
  origin: string;
}

const ok = (x: unknown): boolean => x !== null && !(x instanceof Error);

/** The DCAT-AP catalogue of every dataset (src/exports/dcat.ts), announced in a page's head. */
export function catalogueAlternate(ctx: Pick<ViewContext, "origin">) {
  return { type: "application/ld+json", href: ctx.origin + CATALOGUE_PATH, title: "DCAT-AP catalogue (JSON-LD)" };
}

function oembedUrl(ctx: ViewContext, path: string): string {
  return `${ctx.origin}/oembed?url=${encodeURIComponent(ctx.origin + path)}&format=json`;
}

/** Exact words of the document, with the way to their place in it. */
function quote(text: string, section: { code: string; documentSlug: string }, extra?: string | null): Html {
  return html`<blockquote class="source" lang="zh-CN" cite="${inDocumentPath(section)}">${text}${extra ? html`\n${extra}` : ""}</blockquote>
<p class="meta"><a href="${inDocumentPath(section)}">在文件中的位置 <span class="en">Its place in the document</span> (§ ${section.code})</a></p>`;
}

function snippetBlock(ctx: ViewContext, kind: EmbedKind, code: string, title: string): Html {
  const snippet = cardIframe(ctx.origin + paths.embed(kind, code), title);
  return html`<h2>嵌入 <span class="en">Embed this card</span></h2>
<p class="meta">复制以下代码到您的网页 · Copy this into your page (<code>?lang=en</code>, <code>?theme=dark</code> on the <code>src</code> for English or a dark card):</p>
<textarea readonly rows="3" aria-label="embed snippet" class="snippet">${snippet}</textarea>
<p class="meta"><a href="${paths.embed(kind, code)}">预览 <span class="en">Preview the card</span></a></p>`;
}

/** Whether the item is in force today: the programme's status (no measure sets a period of its own). */
async function statusLine(ctx: ViewContext, documentSlug: string): Promise<Html> {
  const s = await statusWords(ctx, documentSlug);
  return s ? html`<p class="status status-${s.status.toLowerCase()}"><b>状态 Status</b>: ${bi(s.zh, s.en)}</p>` : html``;
}

/** The programme's status today and its words, for a page or a card; null for an unknown document. */
export async function statusWords(ctx: Pick<ViewContext, "loaders">, documentSlug: string): Promise<{ status: string; zh: string; en: string } | null> {
  const doc = await ctx.loaders.document.load(documentSlug);
  if (!doc) return null;
  const s = programmeStatus(doc);
  const [zh, en] = describeStatus(s);
  return { status: s.status, zh, en };
}

function departmentLinks(departments: { slug: string; name: string; nameEn: string }[]): Html {
  return html`<ul>${departments.map((d) => html`<li><a href="${paths.department(d.slug)}">${bi(d.name, d.nameEn)}</a></li>`)}</ul>`;
}

async function instrumentTable(ctx: ViewContext, instruments: InstrumentNode[]): Promise<Html> {
  if (instruments.length === 0) return html`<p class="meta">无 · None.</p>`;
  const groups = await ctx.loaders.instrumentGroups.loadMany(instruments.map((i) => i.code));
  return html`<table><thead><tr><th>措施 Instrument</th><th>金额 Amount</th><th>对象 Eligible groups</th></tr></thead><tbody>
${instruments.map((i, n) => {
  const [az, ae] = describeAmount(i);
  const g = groups[n];
  const list = g && !(g instanceof Error) ? g : [];
  return html`<tr><td><a href="${paths.instrument(i.code)}">${bi(i.name, i.nameEn)}</a></td><td>${bi(az, ae)}</td><td>${list.length ? list.map((x, k) => html`${k ? "、" : ""}${bi(x.name, x.nameEn)}`) : bi("所有符合条件者", "everyone who qualifies")}</td></tr>`;
})}
</tbody></table>`;
}

/** Targets with their progress charts; `sample` is true when any figure shown is sample data. */
async function targetList(ctx: ViewContext, targets: TargetNode[]): Promise<{ body: Html; sample: boolean }> {
  if (targets.length === 0) return { body: html`<p class="meta">无 · None.</p>`, sample: false };
  const progress = await ctx.loaders.targetProgress.loadMany(targets.map((t) => t.code));
  let sample = false;
  const items = targets.map((t, n) => {
    const p = progress[n];
    const pr = p && !(p instanceof Error) ? p : null;
    if (pr?.sample) sample = true;
    const [vz, ve] = describeTarget(t);
    return html`<section class="target"><h3><a href="${paths.target(t.code)}">${bi(t.metricName, t.metricNameEn)}</a></h3>
<p>${bi(`目标：${vz}`, `Target: ${ve}`)}</p>
<p class="meta" lang="zh-CN">“${t.sourceQuote}”</p>
${pr ? progressSummary(pr) : ""}
${progressChart(t, pr)}</section>`;
  });
  return { body: html`${items}`, sample };
}

function progressSummary(p: { currentValue: string | null; share: string | null; met: boolean; asOf: string | null; sample: boolean }): Html {
  const pct = sharePercent(p.share);
  return html`<p>${bi("进度", "Progress")}: ${p.currentValue ?? "—"}${pct ? ` (${pct})` : ""} · ${p.met ? bi("已达成", "met") : bi("未达成", "not met")}${p.asOf ? html` · <span class="meta">截至 as of ${p.asOf}</span>` : ""}${p.sample ? html` <span class="sample-tag">示例数据 SAMPLE</span>` : ""}</p>`;
}

function sectionJsonLd(ctx: ViewContext, section: SectionNode, doc: DocumentNode | null, extra: Record<string, unknown> = {}) {
  return {
    "@context": "https://schema.org",
    "@type": "Legislation",
    "@id": ctx.origin + sectionPath(section),
    url: ctx.origin + sectionPath(section),
    identifier: section.code,
    name: section.title,
    alternateName: section.titleEn,
    inLanguage: "zh-CN",
    text: section.body,
    ...(doc
      ? { isPartOf: { "@type": "Legislation", "@id": ctx.origin + paths.document(doc.slug), name: doc.title, legislationIdentifier: doc.docNumber, legislationDate: doc.signedOn, legislationPassedBy: { "@type": "GovernmentOrganization", name: doc.issuer } } }
      : {}),
    ...extra,
  };
}

export async function measurePage(ctx: ViewContext, code: string): Promise<string | null> {
  const measure = await ctx.loaders.section.load(code);
  if (!measure || measure.kind !== "MEASURE") return null;
  const [plan, doc, departments, instruments, targets] = await Promise.all([
    ctx.loaders.section.load(measure.parentCode!),
    ctx.loaders.document.load(measure.documentSlug),
    ctx.loaders.measureDepartments.load(code),
    ctx.loaders.sectionInstruments.load(code),
    ctx.loaders.sectionTargets.load(code),
  ]);
  const t = await targetList(ctx, targets);
  const path = paths.measure(code);
  return layout({
    title: `${measure.label}${measure.title}`,
    titleEn: measure.titleEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    sample: t.sample,
    jsonLd: sectionJsonLd(ctx, measure, doc, {
      legislationResponsible: departments.map((d) => ({ "@type": "GovernmentOrganization", name: d.name, alternateName: d.nameEn, url: ctx.origin + paths.department(d.slug) })),
    }),
    body: html`<p class="meta">${plan ? html`<a href="${paths.plan(plan.code)}">${plan.label}${bi(plan.title, plan.titleEn)}</a> › ` : ""}措施 Measure ${code}</p>
<h1>${measure.label}${measure.title}<span class="en" lang="en">${measure.titleEn}</span></h1>
${await statusLine(ctx, measure.documentSlug)}
<h2>原文 <span class="en">The text, as published</span></h2>
${quote(measure.body, measure, measure.responsibilityText)}
<h2>责任单位 <span class="en">Responsible parties</span></h2>
${departmentLinks(departments)}
<h2>支持措施 <span class="en">Support instruments</span></h2>
${await instrumentTable(ctx, instruments)}
<h2>目标与进度 <span class="en">Targets and progress</span></h2>
${t.body}
${snippetBlock(ctx, "measures", code, `${measure.title} · ${measure.titleEn}`)}`,
  });
}

export async function planPage(ctx: ViewContext, code: string): Promise<string | null> {
  const plan = await ctx.loaders.section.load(code);
  if (!plan || plan.kind !== "PLAN") return null;
  const [doc, measures] = await Promise.all([ctx.loaders.document.load(plan.documentSlug), ctx.loaders.sectionChildren.load(code)]);
  const codes = [code, ...measures.map((m) => m.code)];
  const [targetLists, instrumentLists] = await Promise.all([ctx.loaders.sectionTargets.loadMany(codes), ctx.loaders.sectionInstruments.loadMany(measures.map((m) => m.code))]);
  const targets = targetLists.flatMap((l) => (l instanceof Error ? [] : l));
  const instruments = instrumentLists.flatMap((l) => (l instanceof Error ? [] : l));
  const t = await targetList(ctx, targets);
  const path = paths.plan(code);
  return layout({
    title: `${plan.label}${plan.title}`,
    titleEn: plan.titleEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    sample: t.sample,
    jsonLd: sectionJsonLd(ctx, plan, doc, { hasPart: measures.map((m) => ({ "@type": "Legislation", "@id": ctx.origin + paths.measure(m.code), name: m.title })) }),
    body: html`<p class="meta">计划 Plan ${code}</p>
<h1>${plan.label}${plan.title}<span class="en" lang="en">${plan.titleEn}</span></h1>
${await statusLine(ctx, plan.documentSlug)}
<h2>目标 <span class="en">Goal, as published</span></h2>
${quote(plan.body, plan)}
<h2>具体任务措施 <span class="en">Measures</span></h2>
<ol>${measures.map((m) => html`<li><a href="${paths.measure(m.code)}">${m.code} ${bi(m.title, m.titleEn)}</a></li>`)}</ol>
<h2>支持措施 <span class="en">Support instruments</span></h2>
${await instrumentTable(ctx, instruments)}
<h2>目标与进度 <span class="en">Targets and progress</span></h2>
${t.body}`,
  });
}

export async function instrumentPage(ctx: ViewContext, code: string): Promise<string | null> {
  const instrument = await ctx.loaders.instrument.load(code);
  if (!instrument) return null;
  const measure = (await ctx.loaders.section.load(instrument.sectionCode))!;
  const [plan, groups, exclusive, departments, funds] = await Promise.all([
    measure.parentCode ? ctx.loaders.section.load(measure.parentCode) : null,
    ctx.loaders.instrumentGroups.load(code),
    ctx.loaders.instrumentExclusions.load(code),
    ctx.loaders.measureDepartments.load(measure.code),
    ctx.loaders.instrumentFunds.load(code),
  ]);
  const [az, ae] = describeAmount(instrument);
  const [kz, ke] = instrumentKind(instrument.kind);
  const path = paths.instrument(code);
  return layout({
    title: instrument.name,
    titleEn: instrument.nameEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "GovernmentService",
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      identifier: code,
      name: instrument.name,
      alternateName: instrument.nameEn,
      serviceType: ke,
      description: instrument.sourceQuote,
      areaServed: { "@type": "AdministrativeArea", name: "内蒙古自治区", alternateName: "Inner Mongolia Autonomous Region", identifier: "150000" },
      provider: departments.map((d) => ({ "@type": "GovernmentOrganization", name: d.name, alternateName: d.nameEn })),
      audience: groups.map((g) => ({ "@type": "Audience", audienceType: g.nameEn, name: g.name })),
      ...(instrument.amount ? { offers: { "@type": "Offer", price: instrument.amount, priceCurrency: "CNY", description: ae } } : {}),
      isBasedOn: ctx.origin + paths.measure(measure.code),
    },
    body: html`<p class="meta">${plan ? html`<a href="${paths.plan(plan.code)}">${plan.code}</a> › ` : ""}<a href="${paths.measure(measure.code)}">${measure.code} ${bi(measure.title, measure.titleEn)}</a> › ${bi(kz, ke)}</p>
<h1>${instrument.name}<span class="en" lang="en">${instrument.nameEn}</span></h1>
${await statusLine(ctx, measure.documentSlug)}
<table><tbody>
<tr><th>金额 Amount</th><td>${bi(az, ae)}</td></tr>
<tr><th>类型 Kind</th><td>${bi(kz, ke)}</td></tr>
${instrument.audiences.length ? html`<tr><th>受益方 Audience</th><td>${bi(...describeAudiences(instrument.audiences))}</td></tr>` : ""}
${instrument.maxDurationMonths ? html`<tr><th>期限 Longest duration</th><td>${bi(`${instrument.maxDurationMonths} 个月`, `${instrument.maxDurationMonths} months`)}</td></tr>` : ""}
${instrument.fundingSource ? html`<tr><th>资金来源 Funding source</th><td lang="zh-CN">${instrument.fundingSource}</td></tr>` : ""}
${funds.length ? html`<tr><th>资金 Funds</th><td>${funds.map((f, k) => html`${k ? "、" : ""}<a href="${paths.fund(f.code)}">${bi(f.name, f.nameEn)}</a>`)}</td></tr>` : ""}
<tr><th>对象 Eligible groups</th><td>${groups.length ? groups.map((g, k) => html`${k ? "、" : ""}<a href="${paths.group(g.code)}">${bi(g.name, g.nameEn)}</a>`) : bi("所有符合条件者（文件未限定群体）", "everyone who qualifies (the document names no group)")}</td></tr>
<tr><th>条件 Conditions</th><td>${bi(instrument.conditions, instrument.conditionsEn)}</td></tr>
${exclusive.length ? html`<tr><th>不得重复享受 Not together with</th><td>${exclusive.map((x) => html`<a href="${paths.instrument(x.code)}">${bi(x.name, x.nameEn)}</a> `)}</td></tr>` : ""}
</tbody></table>
<h2>原文 <span class="en">The words that grant it, as published</span></h2>
${quote(instrument.sourceQuote, measure)}
<h2>责任单位 <span class="en">Responsible parties</span></h2>
${departmentLinks(departments)}
${snippetBlock(ctx, "instruments", code, `${instrument.name} · ${instrument.nameEn}`)}`,
  });
}

export async function targetPage(ctx: ViewContext, code: string): Promise<string | null> {
  const target = await ctx.loaders.target.load(code);
  if (!target) return null;
  const [section, progress, group] = await Promise.all([
    ctx.loaders.section.load(target.sectionCode),
    ctx.loaders.targetProgress.load(code),
    target.beneficiaryGroupCode ? ctx.loaders.group.load(target.beneficiaryGroupCode) : null,
  ]);
  const [vz, ve] = describeTarget(target);
  const path = paths.target(code);
  const shortfalls = progress?.units?.filter((u) => !u.met) ?? [];
  const regions = shortfalls.length ? await ctx.loaders.region.loadMany(shortfalls.slice(0, 200).map((u) => u.regionCode)) : [];
  return layout({
    title: target.metricName,
    titleEn: target.metricNameEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    sample: progress?.sample ?? false,
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "Legislation",
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      identifier: code,
      name: target.metricName,
      alternateName: target.metricNameEn,
      text: target.sourceQuote,
      inLanguage: "zh-CN",
      ...(section ? { isPartOf: { "@type": "Legislation", "@id": ctx.origin + sectionPath(section), name: section.title } } : {}),
    },
    body: html`<p class="meta">目标 Target ${section ? html` · <a href="${sectionPath(section)}">${section.code} ${bi(section.title, section.titleEn)}</a>` : ""}</p>
<h1>${target.metricName}<span class="en" lang="en">${target.metricNameEn}</span></h1>
${section ? await statusLine(ctx, section.documentSlug) : ""}
<p><b>${bi(`目标：${vz}`, `Target: ${ve}`)}</b>${group ? html` · ${bi(group.name, group.nameEn)}` : ""}</p>
<h2>原文 <span class="en">The words that set it, as published</span></h2>
${section ? quote(target.sourceQuote, section) : html`<blockquote class="source">${target.sourceQuote}</blockquote>`}
<h2>进度 <span class="en">Progress</span></h2>
${progress ? progressSummary(progress) : ""}
${progressChart(target, progress)}
${progress ? html`<p class="meta">${progress.method}</p>` : ""}
${shortfalls.length
  ? html`<h3>未达标单位 <span class="en">Units falling short</span> (${shortfalls.length})</h3><p>${regions.map((r, k) => (ok(r) ? html`<a href="${paths.region((r as { code: string }).code)}">${(r as { name: string }).name}</a> (${shortfalls[k]!.value}) ` : ""))}</p>`
  : ""}
${snippetBlock(ctx, "targets", code, `${target.metricName} · ${target.metricNameEn}`)}`,
  });
}

const FUND_LEVEL: Record<string, [string, string]> = {
  NATIONAL: ["国家级", "national"],
  REGIONAL: ["自治区级", "regional (Inner Mongolia)"],
  ALL_LEVELS: ["各级", "every level of government"],
  UNIVERSITY: ["高校", "universities"],
  PARK: ["园区", "parks"],
  PRIVATE: ["社会资本", "private"],
  NOT_STATED: ["文件未说明", "not stated in the document"],
};

/** A fund the programme relies on: every place the document names it, and what draws on it. */
export async function fundPage(ctx: ViewContext, code: string): Promise<string | null> {
  const fund = await ctx.loaders.fund.load(code);
  if (!fund) return null;
  const [mentions, instruments] = await Promise.all([ctx.loaders.fundMentions.load(code), ctx.loaders.fundInstruments.load(code)]);
  const sections = await ctx.loaders.section.loadMany(mentions.map((m) => m.sectionCode));
  const first = await ctx.loaders.section.load(fund.sectionCode);
  const [lz, le] = FUND_LEVEL[fund.level] ?? [fund.level, fund.level];
  const path = paths.fund(code);
  return layout({
    title: fund.name,
    titleEn: fund.nameEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "MonetaryGrant",
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      identifier: code,
      name: fund.name,
      alternateName: fund.nameEn,
      description: fund.sourceQuote,
      ...(first ? { isBasedOn: ctx.origin + sectionPath(first) } : {}),
    },
    body: html`<p class="meta">资金 Fund · <code>${code}</code></p>
<h1>${fund.name}<span class="en" lang="en">${fund.nameEn}</span></h1>
${first ? await statusLine(ctx, first.documentSlug) : ""}
<table><tbody>
<tr><th>层级 Level</th><td>${bi(lz, le)}${fund.levelNote ? html`<br><small>${fund.levelNote}</small>` : ""}</td></tr>
${fund.amount ? html`<tr><th>金额 Amount</th><td>${bi(...describeAmount({ ...fund, relativeBase: null, relativeBaseEn: null, relativeRate: null }))}</td></tr>` : ""}
</tbody></table>
<h2>文件中的提法 <span class="en">Where the document names it</span> (${mentions.length})</h2>
${mentions.map((m, k) => {
  const section = sections[k];
  return ok(section) ? quote(m.sourceQuote, section as SectionNode) : html`<blockquote class="source" lang="zh-CN">${m.sourceQuote}</blockquote>`;
})}
<h2>使用该资金的支持措施 <span class="en">Instruments that draw on it</span></h2>
${await instrumentTable(ctx, instruments)}`,
  });
}

const MATCH_WORDS: Record<"NAMED" | "CONDITIONAL" | "OPEN", [string, string, string, string]> = {
  NAMED: ["文件点名的", "Named for this group", "文件明确列出该群体。", "The document names the group."],
  CONDITIONAL: ["文件点名、另有限定的", "Named, with a qualifier of its own", "文件列出该群体，并对其另有限定（见条件）。", "The document names the group with a qualifier of its own (see the conditions)."],
  OPEN: ["面向所有符合条件者的", "Open to everyone who qualifies", "文件未限定群体：符合其他条件的任何人均可。", "The document names no group: anyone who meets its other conditions."],
};

/**
 * What a person of a group can use: every instrument the engine's rule opens to the group —
 * named, named with a qualifier, and open to everyone (never silently dropped) — grouped so.
 */
export async function groupPage(ctx: ViewContext, code: string): Promise<string | null> {
  const group = await ctx.loaders.group.load(code);
  if (!group) return null;
  const book = await loadRuleBook(ctx.db);
  const matched = book.flatMap((r) => {
    const m = groupMatch(r.instrument, r.criteria, code);
    return m ? [{ instrument: r.instrument, match: m.match, qualifiers: m.qualifiers }] : [];
  });
  const path = paths.group(code);
  const anyDoc = book[0] ? (await ctx.loaders.section.load(book[0].instrument.sectionCode))?.documentSlug : undefined;
  const sections = (["NAMED", "CONDITIONAL", "OPEN"] as const).map((kind) => {
    const items = matched.filter((m) => m.match === kind);
    if (items.length === 0) return html``;
    const [hz, he, nz, ne] = MATCH_WORDS[kind];
    return html`<h2>${hz} <span class="en">${he}</span> (${items.length})</h2>
<p class="meta">${bi(nz, ne)}</p>
<ul>${items.map((m) => {
      const [az, ae] = describeAmount(m.instrument);
      return html`<li><a href="${paths.instrument(m.instrument.code)}">${bi(m.instrument.name, m.instrument.nameEn)}</a>${az ? html` — ${bi(az, ae)}` : ""}${m.qualifiers.length ? html`<br><small>${bi(`限定：${m.qualifiers.map((q) => q.sourceText).join("；")}`, `qualifier: ${m.qualifiers.map((q) => q.noteEn).join("; ")}`)}</small>` : ""}</li>`;
    })}</ul>`;
  });
  return layout({
    title: `${group.name}可以享受的支持`,
    titleEn: `What ${group.nameEn.toLowerCase()} can get`,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "Audience",
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      identifier: code,
      name: group.name,
      alternateName: group.nameEn,
    },
    body: html`<p class="meta">群体 Beneficiary group · <code>${code}</code></p>
<h1>${group.name}可以享受的支持<span class="en" lang="en">What ${group.nameEn.toLowerCase()} can get</span></h1>
${anyDoc ? await statusLine(ctx, anyDoc) : ""}
<p>${bi(`共 ${matched.length} 项：文件点名的、点名且另有限定的，以及面向所有符合条件者的——后者不因未点名而遗漏。`, `${matched.length} instruments: those the document names the group for, those it names with a qualifier, and those open to everyone who qualifies — never dropped for naming no group.`)}
${bi("个人的具体情况请用 API 的资格判断（eligibleInstruments）。", "For one person's situation, ask the API's eligibility engine (eligibleInstruments).")}</p>
${sections}`,
  });
}

export async function departmentPage(ctx: ViewContext, slug: string): Promise<string | null> {
  const department = await ctx.loaders.department.load(slug);
  if (!department) return null;
  const [codes, region] = await Promise.all([ctx.loaders.departmentMeasureCodes.load(slug), department.regionCode ? ctx.loaders.region.load(department.regionCode) : null]);
  const measures = (await ctx.loaders.section.loadMany(codes)).filter((m): m is SectionNode => ok(m)).sort((a, b) => a.documentOrder - b.documentOrder);
  const path = paths.department(slug);
  return layout({
    title: department.name,
    titleEn: department.nameEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "GovernmentOrganization",
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      identifier: slug,
      name: department.name,
      alternateName: [department.nameEn, ...department.aliases],
      ...(region ? { areaServed: { "@type": "AdministrativeArea", name: region.name, url: ctx.origin + paths.region(region.code) } } : {}),
    },
    body: html`<p class="meta">责任单位 Responsible party</p>
<h1>${department.name}<span class="en" lang="en">${department.nameEn}</span></h1>
${department.aliases.length ? html`<p class="meta">又称 Also: ${department.aliases.join("、")}</p>` : ""}
${region ? html`<p>${bi("所辖", "Governs")}: <a href="${paths.region(region.code)}">${bi(region.name, region.nameEn)}</a></p>` : ""}
<h2>负责的措施 <span class="en">Measures it answers for</span> (${measures.length})</h2>
<ol>${measures.map((m) => html`<li><a href="${paths.measure(m.code)}">${m.code} ${bi(m.title, m.titleEn)}</a></li>`)}</ol>`,
  });
}

export async function regionPage(ctx: ViewContext, code: string): Promise<string | null> {
  const region = await ctx.loaders.region.load(code);
  if (!region) return null;
  const [parent, children] = await Promise.all([region.parentCode ? ctx.loaders.region.load(region.parentCode) : null, ctx.loaders.regionChildren.load(code)]);
  const path = paths.region(code);
  const levels = { PROVINCE: ["自治区", "autonomous region"], LEAGUE: ["盟市", "league-level unit"], COUNTY: ["旗县(市、区)", "county-level unit"] } as const;
  const [lz, le] = levels[region.level];
  return layout({
    title: region.name,
    titleEn: region.nameEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    jsonLd: {
      "@context": "https://schema.org",
      "@type": ["Place", "AdministrativeArea"],
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      identifier: { "@type": "PropertyValue", propertyID: "GB/T 2260", value: code },
      name: region.name,
      alternateName: [region.nameEn, region.pinyin],
      ...(parent ? { containedInPlace: { "@type": "AdministrativeArea", "@id": ctx.origin + paths.region(parent.code), name: parent.name } } : {}),
      ...(children.length ? { containsPlace: children.map((c) => ({ "@type": "AdministrativeArea", "@id": ctx.origin + paths.region(c.code), name: c.name })) } : {}),
    },
    body: html`<p class="meta">${parent ? html`<a href="${paths.region(parent.code)}">${bi(parent.name, parent.nameEn)}</a> › ` : ""}${bi(lz, le)} · GB/T 2260 ${code}</p>
<h1>${region.name}<span class="en" lang="en">${region.nameEn} · ${region.pinyin}</span></h1>
${children.length ? html`<h2>下辖 <span class="en">Divisions</span> (${children.length})</h2><ul>${children.map((c) => html`<li><a href="${paths.region(c.code)}">${c.code} ${bi(c.name, c.nameEn)}</a></li>`)}</ul>` : ""}
<p class="meta">${bi("来源：国家统计局统计用区划代码 (2023)", "Source: NBS statistical division codes (2023)")}</p>`,
  });
}

export async function datasetPage(ctx: ViewContext, name: string): Promise<string | null> {
  const d = PUBLIC_DATASETS.find((x) => x.name === name);
  if (!d) return null;
  const latest = await latestOfDataset(ctx.exportDir, name);
  const path = paths.dataset(name);
  const publisher = { "@type": "Organization", name: PUBLISHER.nameZh, alternateName: PUBLISHER.nameEn, url: ctx.origin + paths.home() };
  const box = SPATIAL_COVERAGE.box;
  return layout({
    title: d.titleZh,
    titleEn: d.titleEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    sample: d.mayHoldSamples,
    alternates: [catalogueAlternate(ctx)],
    // schema.org `Dataset` (what Google Dataset Search reads); the DCAT-AP catalogue says the same
    // for portals. Escaped for the script element by the layout (html.ts, jsonForScript).
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "Dataset",
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      identifier: name,
      name: d.titleZh,
      alternateName: d.titleEn,
      description: `${d.descriptionZh} ${d.descriptionEn}`,
      keywords: d.keywords,
      inLanguage: ["zh-CN", "en"],
      license: LICENSE.path,
      isAccessibleForFree: true,
      creator: publisher,
      publisher,
      temporalCoverage: `${TEMPORAL_COVERAGE.start}/${TEMPORAL_COVERAGE.end}`,
      spatialCoverage: {
        "@type": "Place",
        "@id": ctx.origin + paths.region(SPATIAL_COVERAGE.code),
        name: SPATIAL_COVERAGE.nameZh,
        alternateName: SPATIAL_COVERAGE.nameEn,
        identifier: { "@type": "PropertyValue", propertyID: "GB/T 2260", value: SPATIAL_COVERAGE.code },
        geo: { "@type": "GeoShape", box: `${box.south} ${box.west} ${box.north} ${box.east}` },
      },
      includedInDataCatalog: { "@type": "DataCatalog", name: SITE_NAME, url: ctx.origin + paths.home() },
      version: String(d.version),
      variableMeasured: d.columns.map((c) => ({ "@type": "PropertyValue", name: c.name, description: c.descriptionEn })),
      ...(latest
        ? {
            dateModified: latest.generatedAt,
            distribution: latest.files.map((f) => ({ "@type": "DataDownload", name: f.fileName, contentUrl: ctx.origin + f.path, encodingFormat: FORMAT_FILES[f.format].mediatype, contentSize: `${f.bytes} B`, sha256: f.sha256 })),
          }
        : {}),
    },
    body: html`<p class="meta">数据集 Dataset <code>${name}</code> · v${d.version}</p>
<h1>${d.titleZh}<span class="en" lang="en">${d.titleEn}</span></h1>
<p>${bi(d.descriptionZh, d.descriptionEn)}</p>
${d.mayHoldSamples ? html`<p><span class="sample-tag">可能含示例数据 may hold SAMPLE rows</span> ${bi(`示例名称以 ${SAMPLE_NAME_MARKER} 开头，provenance 列为 SAMPLE`, "sample names start with the marker; the provenance column says SAMPLE")}</p>` : ""}
<h2>下载 <span class="en">Downloads</span></h2>
${latest
  ? html`<ul>${latest.files.map((f) => html`<li><a href="${f.path}" download>${f.path.split("/").pop()}</a> <span class="meta">${FORMAT_FILES[f.format].description} · ${f.rows} rows · ${f.bytes} B · SHA-256 ${f.sha256}</span></li>`)}</ul><p class="meta">快照 Snapshot ${latest.id} · ${latest.generatedAt}</p>`
  : html`<p class="meta">尚未导出 · Not exported yet.</p>`}
<p>许可 Licence: <a href="${LICENSE.path}">${LICENSE.title}</a></p>
<h2>字段 <span class="en">Columns</span></h2>
<table><thead><tr><th>name</th><th>type</th><th>说明 Description</th></tr></thead><tbody>
${d.columns.map((c) => html`<tr><td><code>${c.name}</code></td><td>${c.type}</td><td>${bi(c.titleZh, c.titleEn)}<br><small>${bi(c.descriptionZh, c.descriptionEn)}</small></td></tr>`)}
</tbody></table>`,
  });
}

/** The whole document, every section at an anchor named by its code (`#P1-M1`). */
export async function documentPage(ctx: ViewContext, slug: string): Promise<string | null> {
  const doc = await ctx.loaders.document.load(slug);
  if (!doc) return null;
  const renderSection = async (s: SectionNode, depth: number): Promise<Html> => {
    const children = await ctx.loaders.sectionChildren.load(s.code);
    const own = s.kind === "PLAN" || s.kind === "MEASURE" ? sectionPath(s) : null;
    const heading = (inner: Html) => (depth <= 1 ? html`<h2>${inner}</h2>` : depth === 2 ? html`<h3>${inner}</h3>` : html`<h4>${inner}</h4>`);
    const title = s.title ? heading(html`${s.label}${s.title} <span class="en" lang="en">${s.titleEn}</span>`) : "";
    return html`<section class="doc-section" id="${s.code}">${title}
${s.body ? html`<p lang="zh-CN">${s.body}</p>` : ""}${s.responsibilityText ? html`<p lang="zh-CN">${s.responsibilityText}</p>` : ""}
<p class="meta"><a href="#${s.code}">§ ${s.code}</a>${own ? html` · <a href="${own}">页面 <span class="en">Page</span></a>` : ""}${s.kind === "MEASURE" ? html` · <a href="${paths.embed("measures", s.code)}">卡片 <span class="en">Card</span></a>` : ""}</p>
${await Promise.all(children.map((c) => renderSection(c, depth + 1)))}</section>`;
  };
  const roots = await ctx.loaders.documentRootSections.load(slug);
  const sections = await Promise.all(roots.map((r) => renderSection(r, 1)));
  const path = paths.document(slug);
  return layout({
    title: doc.planTitle,
    titleEn: doc.planTitleEn,
    canonicalUrl: ctx.origin + path,
    oembedUrl: oembedUrl(ctx, path),
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "Legislation",
      "@id": ctx.origin + path,
      url: ctx.origin + path,
      name: doc.title,
      alternateName: doc.titleEn,
      legislationIdentifier: doc.docNumber,
      legislationDate: doc.signedOn,
      datePublished: doc.printedOn,
      legislationPassedBy: { "@type": "GovernmentOrganization", name: doc.issuer, alternateName: doc.issuerEn },
      legislationJurisdiction: { "@type": "AdministrativeArea", name: "内蒙古自治区", identifier: "150000" },
      inLanguage: "zh-CN",
      temporalCoverage: `${doc.periodStart}/${doc.periodEnd}`,
    },
    body: html`<p class="meta">${doc.docNumber} · ${bi(doc.issuer, doc.issuerEn)} · 成文 signed ${doc.signedOn} · 印发 printed ${doc.printedOn}</p>
<h1>${doc.title}<span class="en" lang="en">${doc.titleEn}</span></h1>
<p lang="zh-CN">${doc.recipients}</p>
<p lang="zh-CN">${doc.noticeBody}</p>
<p class="meta">${doc.publicationNote} · ${doc.sourceNote}</p>
<h1 id="plan">${doc.planTitle}<span class="en" lang="en">${doc.planTitleEn}</span></h1>
${sections}`,
  });
}

export function notFoundPage(ctx: Pick<ViewContext, "origin">, path: string): string {
  return layout({
    title: "未找到",
    titleEn: "Not found",
    canonicalUrl: ctx.origin + "/",
    body: html`<h1>未找到 <span class="en">Not found</span></h1>
<p>${bi("没有这个页面：", "There is no page at")} <code>${path}</code></p>
<p><a href="${paths.home()}">${bi("返回首页", "Back to the front page")}</a></p>`,
  });
}

