/** The front page: what this service is and where to start. */
export function portalPage(): string {
  const firstQuery = `{
  measure(code: "P1-M1") {
    title
    titleEn
    departments { name nameEn }
  }
}`;
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>创业内蒙古 Open Data</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}pre{background:#f4f4f4;padding:1rem;overflow:auto}</style></head>
<body>
<h1>创业内蒙古 Open Data</h1>
<p>Public data of the Inner Mongolia “Entrepreneurship Action” (内政办发〔2022〕31号, 2022–2025): the policy text, its 7 plans and 22 measures,
every target and support instrument, the responsible departments and Inner Mongolia's regions.</p>
<p>GraphQL endpoint: <code>POST /graphql</code> (JSON body <code>{"query": "…"}</code>, header <code>Content-Type: application/json</code>). The schema is introspectable.</p>
<h2>A first query</h2>
<pre>${firstQuery}</pre>
<pre>curl -s localhost:4000/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ measure(code: \\"P1-M1\\") { title departments { name } } }"}'</pre>
<p>Health: <a href="/healthz">/healthz</a> · readiness: <a href="/readyz">/readyz</a></p>
</body></html>`;
}
