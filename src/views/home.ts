/**
 * The front page: what this service is, where to start, every item's page (document, plans and
 * measures, support instruments, targets, responsible parties, regions), and every dataset with
 * its page and its downloads. Lists come from the same services as the GraphQL lists.
 */
import { SAMPLE_NAME_MARKER } from "../db/schema/common.js";
import { PUBLIC_DATASETS } from "../exports/catalogue.js";
import { FORMAT_FILES, FORMATS, fileName } from "../exports/formats.js";
import { latestOfDataset } from "../exports/snapshots.js";
import { asDepartment, asFund, asInstrument, asSection, asTarget } from "../graphql/nodes.js";
import { fundsConnection } from "../services/fund.js";
import { departmentsConnection } from "../services/department.js";
import { instrumentsConnection, listBeneficiaryGroups } from "../services/instrument.js";
import { listDocuments, sectionsOfKind } from "../services/policy.js";
import { targetsConnection } from "../services/target.js";
import { html } from "./html.js";
import { describeAmount, describeTarget } from "./items.js";
import { bi, layout, SITE_NAME } from "./layout.js";
import { catalogueAlternate, type ViewContext } from "./pages.js";
import { paths } from "./urls.js";

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

export async function homePage(ctx: ViewContext): Promise<string> {
  const firstQuery = `{
  measure(code: "P1-M1") {
    title
    titleEn
    url
    departments { name nameEn }
  }
}`;
  // The catalogue is under 100 of each: one page of each list holds them all.
  const all = { first: 100 };
  const [documents, plans, instruments, targets, departments, province] = await Promise.all([
    listDocuments(ctx.db),
    sectionsOfKind(ctx.db, "PLAN").then((r) => r.map(asSection)),
    instrumentsConnection(ctx.db, {}, all, asInstrument).then((c) => c.nodes),
    targetsConnection(ctx.db, {}, all, asTarget).then((c) => c.nodes),
    departmentsConnection(ctx.db, {}, all, asDepartment).then((c) => c.nodes),
    ctx.loaders.region.load("150000"),
  ]);
  const [groups, funds] = await Promise.all([listBeneficiaryGroups(ctx.db), fundsConnection(ctx.db, {}, all, asFund).then((c) => c.nodes)]);
  const [measures, leagues, progress] = await Promise.all([
    ctx.loaders.sectionChildren.loadMany(plans.map((p) => p.code)),
    ctx.loaders.regionChildren.load("150000"),
    ctx.loaders.targetProgress.loadMany(targets.map((t) => t.code)),
  ]);
  // The banner says "sample" while any figure behind the programme's progress is sample data.
  const sample = progress.some((p) => p !== null && !(p instanceof Error) && p.sample);
  const rows = [];
  for (const d of PUBLIC_DATASETS) {
    const latest = await latestOfDataset(ctx.exportDir, d.name);
    const links = latest
      ? latest.files.map((f, k) => html`${k ? " · " : ""}<a href="${f.path}" download title="${f.rows} rows, SHA-256 ${f.sha256}">${FORMAT_FILES[f.format].suffix.slice(1)}</a> <small>${size(f.bytes)}</small>`)
      : html`${FORMATS.map((f) => fileName(d.name, f)).join(" · ")} <small>(not exported yet)</small>`;
    // One line per dataset: the samples test reads the marker note from the dataset's own line.
    rows.push(
      html`<tr><td><a href="${paths.dataset(d.name)}"><code>${d.name}</code></a></td><td>${d.titleZh}<br><small>${d.titleEn}</small></td><td>${d.mayHoldSamples ? html`<b>may hold SAMPLE rows</b> <small>(names marked ${SAMPLE_NAME_MARKER})</small>` : "source"}</td><td>${latest ? latest.files[0]!.rows : "—"}</td><td>${links}</td></tr>\n`,
    );
  }
  return layout({
    title: SITE_NAME,
    titleEn: "Entrepreneurship Inner Mongolia — open data",
    canonicalUrl: ctx.origin + paths.home(),
    oembedUrl: `${ctx.origin}/oembed?url=${encodeURIComponent(ctx.origin + paths.home())}&format=json`,
    sample,
    alternates: [catalogueAlternate(ctx)],
    jsonLd: {
      "@context": "https://schema.org",
      "@type": "DataCatalog",
      "@id": ctx.origin + paths.home(),
      url: ctx.origin + paths.home(),
      name: SITE_NAME,
      dataset: PUBLIC_DATASETS.map((d) => ({ "@type": "Dataset", "@id": ctx.origin + paths.dataset(d.name), name: d.titleZh, alternateName: d.titleEn })),
    },
    body: html`<h1>创业内蒙古 Open Data</h1>
<p>Public data of the Inner Mongolia “Entrepreneurship Action” (内政办发〔2022〕31号, 2022–2025): the policy text, its 7 plans and 22 measures,
every target and support instrument, the responsible departments, Inner Mongolia's regions — and what the programme does: incubator bases,
brands, guarantee-loan statistics, indicators and progress. <b>Operational figures are SAMPLE data until official records are imported</b>;
every record says so in its <code>provenance</code>, and every sample name says so itself: it starts with <b>〔示例〕</b>
(English names with <b>[Sample]</b>), and sample operators are invented, never real bureaus or companies.
Official records never carry the marker.</p>
<h2 id="documents">文件 <span class="en">The document</span></h2>
<ul>${documents.map((d) => html`<li><a href="${paths.document(d.slug)}">${d.docNumber} ${bi(d.planTitle, d.planTitleEn)}</a></li>`)}</ul>
<h2 id="plans">计划与措施 <span class="en">Plans and measures</span></h2>
${plans.map((p, n) => {
  const list = measures[n];
  return html`<h3><a href="${paths.plan(p.code)}">${p.label}${p.title}</a> <span class="en" lang="en">${p.titleEn}</span></h3>
<ul>${list && !(list instanceof Error) ? list.map((m) => html`<li><a href="${paths.measure(m.code)}">${m.code} ${bi(m.title, m.titleEn)}</a></li>`) : ""}</ul>`;
})}
<h2 id="instruments">支持措施 <span class="en">Support instruments</span> (${instruments.length})</h2>
<ul>${instruments.map((i) => {
  const [az, ae] = describeAmount(i);
  return html`<li><a href="${paths.instrument(i.code)}">${bi(i.name, i.nameEn)}</a> — ${bi(az, ae)}</li>`;
})}</ul>
<h2 id="targets">目标 <span class="en">Targets</span> (${targets.length})</h2>
<ul>${targets.map((t) => {
  const [vz, ve] = describeTarget(t);
  return html`<li><a href="${paths.target(t.code)}">${bi(t.metricName, t.metricNameEn)}</a> — ${bi(vz, ve)}</li>`;
})}</ul>
<h2 id="funds">资金 <span class="en">Funds</span> (${funds.length})</h2>
<ul>${funds.map((f) => html`<li><a href="${paths.fund(f.code)}">${bi(f.name, f.nameEn)}</a></li>`)}</ul>
<h2 id="groups">谁能享受什么 <span class="en">What each group can get</span></h2>
<ul>${groups.map((g) => html`<li><a href="${paths.group(g.code)}">${bi(g.name, g.nameEn)}</a></li>`)}</ul>
<h2 id="departments">责任单位 <span class="en">Responsible parties</span> (${departments.length})</h2>
<ul>${departments.map((d) => html`<li><a href="${paths.department(d.slug)}">${bi(d.name, d.nameEn)}</a></li>`)}</ul>
<h2 id="regions">地区 <span class="en">Regions</span></h2>
${province ? html`<p><a href="${paths.region(province.code)}">${bi(province.name, province.nameEn)}</a></p>` : ""}
<ul>${leagues.map((r) => html`<li><a href="${paths.region(r.code)}">${r.code} ${bi(r.name, r.nameEn)}</a></li>`)}</ul>
<h2 id="datasets">下载 <span class="en">Downloads</span></h2>
<p>Every dataset as CSV, Excel-friendly CSV, JSON and NDJSON, with a Frictionless <a href="/exports/latest/datapackage.json">datapackage.json</a>
and <a href="/exports/latest/SHA256SUMS">SHA256SUMS</a>; earlier snapshots at <a href="/exports">/exports</a>. Licence: CC BY 4.0.
The whole catalogue — every dataset and file with its size and SHA-256, licence, coverage and update frequency — is
<a href="/catalog.jsonld">/catalog.jsonld</a> (DCAT-AP, JSON-LD), for data portals and harvesters.</p>
<table><thead><tr><th>dataset</th><th>title</th><th>records</th><th>rows</th><th>files</th></tr></thead><tbody>
${rows}</tbody></table>
<h2 id="api">GraphQL API</h2>
<p>Endpoint: <code>POST /graphql</code> (JSON body <code>{"query": "…"}</code>, header <code>Content-Type: application/json</code>), or a plain
<code>GET /graphql?query=…</code> (cacheable, with an ETag). Open <a href="/graphql">/graphql</a> in a browser for the explorer (examples and the schema's
documentation); <a href="/graphql/operations">published operations</a> can be called by id.
Every page above has a <code>url</code> in the API, and measures, instruments and targets have an embeddable card (<code>/embed/…</code>, oEmbed at <code>/oembed</code>).</p>
<pre>${firstQuery}</pre>
<pre>curl -s ${ctx.origin}/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ measure(code: \\"P1-M1\\") { title departments { name } } }"}'
curl -s '${ctx.origin}/graphql?id=measure-with-instruments&amp;variables=%7B%22code%22%3A%22P1-M1%22%7D'</pre>
<p>Health: <a href="/healthz">/healthz</a> · readiness: <a href="/readyz">/readyz</a></p>`,
  });
}
