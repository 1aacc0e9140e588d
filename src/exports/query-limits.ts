/**
 * The limits of filtered downloads (query-http.ts), in a module of their own so that the
 * configuration (src/config.ts) can check budgets against them without loading the downloads.
 */
import { MAX_PAGE_SIZE } from "../graphql/pagination.js";

export interface DownloadSettings {
  /** Most rows one download may hold; a larger one is refused before anything is sent. */
  maxRows: number;
  /** Rows per page a list is read in (1–100): the GraphQL page size, so the pages are the API's. */
  pageSize: number;
  /** Test hook: pause after every page sent (to change the data while a download is under way). */
  pauseAfterPageMs: number;
}

/**
 * 50,000 rows: every list and most statistics tables whole (county × year × bank: ~3,500 cells);
 * the largest tables of four dimensions (~200,000 cells) need a filter. Its cost, 16,667 points,
 * fits the default anonymous budget (20,000 a minute); config.ts refuses a budget that cannot pay
 * for the largest download, as it refuses one that cannot pay for the largest query.
 */
export const DEFAULT_DOWNLOADS: Readonly<DownloadSettings> = { maxRows: 50_000, pageSize: MAX_PAGE_SIZE, pauseAfterPageMs: 0 };

/**
 * Rows per rate-limit point. Paging through GraphQL costs about a point a row (a connection of
 * 100 flat nodes: 101 points). A downloaded row costs the server less — no query document, no
 * resolvers, no response tree — but not nothing: measured (PostgreSQL, 2 cores under load, client
 * included), 3,296 statistics cells took 171 ms of CPU paged through GraphQL and 47 ms downloaded
 * (3.7×), 672 incubator bases 90 ms and 32 ms (2.8×). So a point per 3 rows: never cheaper than
 * the work, and a whole table for what a third of its pages would cost.
 */
export const ROWS_PER_POINT = 3;

/** What a download of `rows` rows costs. */
export function downloadCost(rows: number): number {
  return Math.max(1, Math.ceil(rows / ROWS_PER_POINT));
}

