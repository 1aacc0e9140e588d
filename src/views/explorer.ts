/**
 * The explorer: GraphiQL at `GET /graphql` for a browser (`Accept: text/html`), with example
 * operations for the three groups this service is for preloaded as tabs, and the schema's
 * documentation one click away (the "Docs" pane reads it by introspection).
 *
 * Everything it loads is ours: GraphiQL, React and ReactDOM are served from the installed
 * packages under /explorer/assets/ (src/graphql/explorer.ts; URLs versioned by content), its fonts are inlined in
 * GraphiQL's stylesheet, and the page's Content-Security-Policy allows no other origin for
 * scripts, styles, fonts, images or requests — so the explorer makes no request that leaves the
 * service, and a page that tried would be stopped by the browser.
 * The bootstrap script is a file too (no inline script: the policy forbids them); the tabs travel
 * in a JSON block, which browsers do not execute.
 */
import { PUBLISHED_OPERATIONS, type PublishedOperation } from "../graphql/published-operations.js";

/** No origin but ours; inline styles only because GraphiQL (CodeMirror) sets element styles. */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The assets the page loads, by their name under /explorer/assets/. */
export const EXPLORER_ASSETS = {
  react: "react.production.min.js",
  reactDom: "react-dom.production.min.js",
  graphiql: "graphiql.min.js",
  graphiqlCss: "graphiql.min.css",
  bootstrap: "explorer.js",
} as const;

export interface ExplorerTab {
  query: string;
  variables?: string;
  headers?: string;
}

const published = (id: string): PublishedOperation => PUBLISHED_OPERATIONS.find((op) => op.id === id)!;

function tabOf(comment: string, op: PublishedOperation): ExplorerTab {
  return {
    query: `${comment}\n# Published as GET /graphql?id=${op.id} (see GET /graphql/operations).\n${op.document}\n`,
    variables: JSON.stringify(op.exampleVariables, null, 2),
  };
}

/**
 * The preloaded tabs: researchers and journalists (loan statistics; a dataset's downloads),
 * third-party apps (a measure with its instruments), partner banks (their own loans: the key
 * goes in the Headers pane, where a placeholder stands).
 */
export function explorerTabs(): ExplorerTab[] {
  return [
    tabOf("# For researchers and journalists: guarantee loans per league and year (figures protected by the cell key method).", published("loan-statistics-by-league-and-year")),
    tabOf("# For researchers and journalists: one open dataset, its columns and the files to download.", published("dataset-downloads")),
    tabOf("# For third-party apps: a measure of the programme, who answers for it, and what support it offers.", published("measure-with-instruments")),
    {
      query: `# For partner banks: who your key is, and your bank's own loans (never over a cacheable GET).
# Put your API key in the Headers pane below, in place of <your API key>.
query MyBankLoans($first: Int = 20) {
  viewer {
    clientName role scopes
    bank { code name }
  }
  guaranteeLoans(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { loanRef countyCode borrowerType amount termMonths issuedOn status }
  }
}
`,
      variables: JSON.stringify({ first: 20 }, null, 2),
      headers: JSON.stringify({ Authorization: "Bearer <your API key>" }, null, 2),
    },
  ];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script type="application/json">: `<` escaped so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The HTML shell; `assetUrl` gives the (versioned) URL of each asset on this service. */
export function explorerPage(assetUrl: (name: string) => string, endpoint = "/graphql"): string {
  const asset = (name: string) => escapeHtml(assetUrl(name));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>创业内蒙古 Open Data — GraphQL explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset(EXPLORER_ASSETS.graphiqlCss)}">
<style>html,body{height:100%;margin:0}body{display:flex;flex-direction:column;font-family:system-ui,sans-serif}header{padding:.4rem 1rem;border-bottom:1px solid #ddd;font-size:.9rem}#graphiql{flex:1;min-height:0}noscript{display:block;padding:1rem}</style>
</head>
<body>
<header><a href="/">创业内蒙古 Open Data</a> · GraphQL explorer · examples for researchers, apps and partner banks are open as tabs; the schema is under “Docs” · <a href="/graphql/operations">published operations</a></header>
<div id="graphiql" data-endpoint="${escapeHtml(endpoint)}">Loading the explorer…</div>
<noscript>The explorer needs JavaScript. Without it: POST a JSON body {"query": "…"} to /graphql, or GET /graphql?query=… (see the README).</noscript>
<script type="application/json" id="explorer-tabs">${scriptJson(explorerTabs())}</script>
<script src="${asset(EXPLORER_ASSETS.react)}"></script>
<script src="${asset(EXPLORER_ASSETS.reactDom)}"></script>
<script src="${asset(EXPLORER_ASSETS.graphiql)}"></script>
<script src="${asset(EXPLORER_ASSETS.bootstrap)}"></script>
</body>
</html>`;
}

/** The bootstrap script (served as a file: the page allows no inline script). */
export const EXPLORER_SCRIPT = `"use strict";
(function () {
  var root = document.getElementById("graphiql");
  var tabs = JSON.parse(document.getElementById("explorer-tabs").textContent);
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  // POST with Content-Type: application/json, to this service only.
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  // GraphiQL 3 opens the first of its default tabs without that tab's variables (it reads the
  // variables editor from its own storage): hand them over on a first visit, when nothing is stored.
  var stored = null;
  try { stored = window.localStorage.getItem("graphiql:tabState"); } catch (e) { /* storage disabled */ }
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      variables: stored ? undefined : tabs[0].variables,
      defaultEditorToolsVisibility: true,
      // An API key typed into the Headers pane is not written to the browser's storage.
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true
    })
  );
})();
`;
