/** The front page: what this service is, where to start, and every dataset with its downloads. */
import { SAMPLE_NAME_MARKER } from "./db/schema/common.js";
import { PUBLIC_DATASETS } from "./exports/catalogue.js";
import { FORMAT_FILES, FORMATS, fileName } from "./exports/formats.js";
import { latestOfDataset } from "./exports/snapshots.js";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** `baseUrl`: the origin the visitor reached (src/base-url.ts), so the example works when copied. */
export async function portalPage(exportDir: string, baseUrl: string): Promise<string> {
  const firstQuery = `{
  measure(code: "P1-M1") {
    title
    titleEn
    departments { name nameEn }
  }
}`;
  const rows: string[] = [];
  for (const d of PUBLIC_DATASETS) {
    const latest = await latestOfDataset(exportDir, d.name);
    const links = latest
      ? latest.files.map((f) => `<a href="${escape(f.path)}" title="${f.rows} rows, SHA-256 ${f.sha256}">${escape(FORMAT_FILES[f.format].suffix.slice(1))}</a> <small>${size(f.bytes)}</small>`).join(" · ")
      : FORMATS.map((f) => escape(fileName(d.name, f))).join(" · ") + " <small>(not exported yet)</small>";
    rows.push(
      `<tr><td><code>${escape(d.name)}</code></td><td>${escape(d.titleZh)}<br><small>${escape(d.titleEn)}</small></td><td>${d.mayHoldSamples ? `<b>may hold SAMPLE rows</b> <small>(names marked ${escape(SAMPLE_NAME_MARKER)})</small>` : "source"}</td><td>${latest ? latest.files[0]!.rows : "—"}</td><td>${links}</td></tr>`,
    );
  }
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>创业内蒙古 Open Data</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.5}pre{background:#f4f4f4;padding:1rem;overflow:auto}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}</style></head>
<body>
<h1>创业内蒙古 Open Data</h1>
<p>Public data of the Inner Mongolia “Entrepreneurship Action” (内政办发〔2022〕31号, 2022–2025): the policy text, its 7 plans and 22 measures,
every target and support instrument, the responsible departments, Inner Mongolia's regions — and what the programme does: incubator bases,
brands, guarantee-loan statistics, indicators and progress. <b>Operational figures are SAMPLE data until official records are imported</b>;
every record says so in its <code>provenance</code>, and every sample name says so itself: it starts with <b>〔示例〕</b>
(English names with <b>[Sample]</b>), and sample operators are invented, never real bureaus or companies.
Official records never carry the marker.</p>
<h2>Downloads</h2>
<p>Every dataset as CSV, Excel-friendly CSV, JSON and NDJSON, with a Frictionless <a href="/exports/latest/datapackage.json">datapackage.json</a>
and <a href="/exports/latest/SHA256SUMS">SHA256SUMS</a>; earlier snapshots at <a href="/exports">/exports</a>. Licence: CC BY 4.0.</p>
<table><thead><tr><th>dataset</th><th>title</th><th>records</th><th>rows</th><th>files</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
<h2>GraphQL API</h2>
<p>Endpoint: <code>POST /graphql</code> (JSON body <code>{"query": "…"}</code>, header <code>Content-Type: application/json</code>), or a plain
<code>GET /graphql?query=…</code> (cacheable, with an ETag). Open <a href="/graphql">/graphql</a> in a browser for the explorer (examples and the schema's
documentation); <a href="/graphql/operations">published operations</a> can be called by id.</p>
<pre>${firstQuery}</pre>
<pre>curl -s ${escape(baseUrl)}/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ measure(code: \\"P1-M1\\") { title departments { name } } }"}'
curl -s '${escape(baseUrl)}/graphql?id=measure-with-instruments&amp;variables=%7B%22code%22%3A%22P1-M1%22%7D'</pre>
<p>Health: <a href="/healthz">/healthz</a> · readiness: <a href="/readyz">/readyz</a></p>
</body></html>`;
}
