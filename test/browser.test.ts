// The pages, cards and downloads in a real browser: headless Chromium (Debian's `chromium`
// package, at CHROMIUM_PATH or /usr/bin/chromium) driven by playwright-core. One browser for the
// whole file; every request any page makes is recorded, and any that would leave the service
// (or, for the embed test, the second local origin that hosts the iframe) is aborted and reported.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { runExport } from "../src/exports/run.js";
import { startTestServer, type TestServer } from "./support/harness.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SOURCE = readFileSync(new URL("../src/db/seed/source/chuangye-neimenggu-2022-2025.txt", import.meta.url), "utf8");
/**
 * The explorer (GraphiQL at /graphql, issue 10 item 1) is checked here too: it loads and runs a query.
 */

let server: TestServer;
let browser: Browser;
let host: Server;
let hostOrigin: string;
const dir = mkdtempSync(join(tmpdir(), "chuangye-browser-"));

/** The page another site would write: our card in an iframe, and (to show it is refused) a page. */
function hostPage(serviceUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>A third-party site</title></head><body>
<h1>Someone else's site</h1>
<iframe id="card" src="${serviceUrl}/embed/measures/P1-M1?lang=en&theme=dark" width="420" height="260" style="border:0"></iframe>
<iframe id="page" src="${serviceUrl}/measures/P1-M1" width="420" height="260"></iframe>
</body></html>`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (as .ci/run does), or set CHROMIUM_PATH.`);
  server = await startTestServer({ exportDir: dir });
  await runExport(server.database, { dir, trigger: "MANUAL", datasets: PUBLIC_DATASETS.filter((d) => d.name === "measures") });
  // A second origin: another port, and another host name (localhost, not 127.0.0.1).
  host = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(hostPage(server.url)));
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://localhost:${(host.address() as { port: number }).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
});
afterAll(async () => {
  await browser?.close();
  // Only a server that listens is closed: a beforeAll that failed before it (no Chromium, say)
  // must not leave this hook waiting for a callback that never comes (120 s, then a timeout).
  if (host?.listening) await new Promise((resolve) => host.close(resolve));
  await server?.close();
});

/** A fresh context whose every request is recorded; requests to other origins are aborted and listed. */
async function recordingContext(allowed: string[]): Promise<{ context: BrowserContext; requests: string[]; outside: string[]; refused: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const requests: string[] = [];
  const outside: string[] = [];
  // What the pages' Content-Security-Policy stopped before it became a request: an attempt all the same.
  const refused: string[] = [];
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    if (allowed.some((origin) => url === origin || url.startsWith(`${origin}/`))) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return { context, requests, outside, refused };
}

describe("in a real browser", () => {
  it("a measure's page renders its exact text from the document and the chart of its targets", async () => {
    const { context, outside } = await recordingContext([server.url]);
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/measures/P3-M1`);
      expect(response!.status()).toBe(200);
      // As printed in the document (the scrape wraps lines; this phrase is on one line).
      const phrase = "个旗县(市、区)开发、收集符合当地创业条件的创业项目不少";
      expect(SOURCE.includes(phrase)).toBe(true);
      const quoted = await page.locator("blockquote.source").first().innerText();
      expect(quoted).toContain(phrase);
      expect(quoted).toContain("于100个");
      expect(await page.locator("h1").first().innerText()).toContain("1.建立创业项目资源库");
      // The chart is drawn: an SVG with a real size on screen, and its bars.
      const chart = page.locator("svg.chart").first();
      await expect.poll(() => chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(20);
      expect(await chart.locator("rect").count()).toBeGreaterThan(0);
      // The sample banner is on screen.
      expect(await page.locator(".banner-sample").innerText()).toContain("This page shows SAMPLE data");
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("an embed card renders inside an iframe on a page of another origin, and a page does not", async () => {
    const { context, outside } = await recordingContext([server.url, hostOrigin]);
    try {
      const page = await context.newPage();
      await page.goto(`${hostOrigin}/`, { waitUntil: "load" });
      expect(new URL(page.url()).origin).not.toBe(new URL(server.url).origin);
      const card = page.frameLocator("#card");
      await expect.poll(() => card.locator("h1").innerText(), { timeout: 10_000 }).toContain("Strengthen financial policy support");
      expect(await card.locator("h1").innerText()).toContain("加强金融政策支持");
      expect(await card.locator("body").getAttribute("class")).toBe("dark");
      const frameBox = await page.locator("#card").boundingBox();
      expect(frameBox!.width).toBe(420);
      // The card's own content has a size inside the frame.
      expect((await card.locator("article.card").boundingBox())!.height).toBeGreaterThan(50);
      // A page (not a card) refuses to be framed: the browser shows nothing of it.
      // (`goto` waited for "load", which waits for every frame, the refused one included.)
      const refused = await (await page.locator("#page").elementHandle())!.contentFrame();
      expect(refused).not.toBeNull();
      expect(refused!.url()).not.toBe(`${server.url}/measures/P1-M1`);
      expect(await page.frameLocator("#page").locator("text=加强金融政策支持").count()).toBe(0);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a download link on the front page fetches the file", async () => {
    const { context, outside } = await recordingContext([server.url]);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const link = page.locator('a[href="/exports/latest/measures.csv"]');
      expect(await link.count()).toBe(1);
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toBe("measures.csv");
      const file = readFileSync((await download.path())!, "utf8");
      const published = await (await fetch(`${server.url}/exports/latest/measures.csv`)).text();
      expect(file).toBe(published);
      expect(file.split("\r\n")[0]).toContain("code");
      expect(file).toContain("P1-M1");
      expect(file).toContain("加强金融政策支持");
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("no page makes a request that leaves the service", async () => {
    const { context, requests, outside, refused } = await recordingContext([server.url]);
    try {
      const page = await context.newPage();
      const paths = [
        "/",
        "/documents/nzbf-2022-31",
        "/plans/P3",
        "/measures/P1-M1",
        "/measures/P3-M1",
        "/instruments/one-time-startup-subsidy",
        "/targets/supported-entrepreneurs",
        "/departments/finance-department",
        "/regions/150100",
        "/datasets/measures",
        "/embed/measures/P1-M1",
        "/embed/instruments/counter-guarantee-waiver?lang=en",
        "/embed/targets/supported-entrepreneurs?theme=dark",
        "/measures/P9-M9",
      ];
      for (const path of paths) {
        await page.goto(`${server.url}${path}`, { waitUntil: "load" });
      }
      expect(outside).toEqual([]);
      expect(refused).toEqual([]);
      expect(requests.length).toBeGreaterThanOrEqual(paths.length);
      for (const url of requests) expect(url.startsWith(`${server.url}/`)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("the explorer loads at /graphql and runs a query", async () => {
    const { context, outside } = await recordingContext([server.url]);
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/graphql`);
      expect(response!.status()).toBe(200);
      expect(response!.headers()["content-type"]).toContain("text/html");
      await page.locator(".graphiql-container").waitFor({ timeout: 20_000 });
      await page.locator(".graphiql-execute-button, button[aria-label*='Execute']").first().click();
      await expect.poll(() => page.locator(".graphiql-response, .result-window").first().innerText(), { timeout: 20_000 }).toContain('"data"');
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
