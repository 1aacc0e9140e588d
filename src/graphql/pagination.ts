/**
 * Relay connections, written once. Every list that can grow goes through `keysetConnection`
 * (SQL keyset pagination: `WHERE (k1, k2) > ($1, $2) ORDER BY k1, k2 LIMIT n + 1`, so page
 * 1,000 costs what page 1 costs) or, for small lists already loaded by a DataLoader,
 * `arrayConnection`. Both share argument checks and cursor encoding, so a client sees one
 * behaviour everywhere.
 */
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { forbiddenCharacter } from "./characters.js";
import { badInput } from "./errors.js";

export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when a client selects `totalCount`. */
  readonly totalCount: Promise<number> | number;
}

export type KeyValue = string | number;
export type KeyType = "int" | "float" | "text" | "numeric" | "date" | "timestamp";

export interface SortKey<Row> {
  /** The column or expression sorted on; it must never be NULL (wrap in coalesce). */
  expr: AnyPgColumn | SQL;
  type: KeyType;
  value: (row: Row) => KeyValue;
}

/**
 * An ordering: its keys (the last one unique, so the order is total) and a tag that ties
 * cursors to it — a cursor made under one ordering or filter-free list is refused under another.
 */
export interface KeysetOrder<Row> {
  tag: string;
  keys: SortKey<Row>[];
  direction: "ASC" | "DESC";
}

interface Page {
  size: number;
  backward: boolean;
  cursor: KeyValue[] | null;
}

function encodeCursor(tag: string, values: KeyValue[]): string {
  return Buffer.from(JSON.stringify([tag, ...values]), "utf8").toString("base64url");
}

/** `YYYY-MM-DD` naming a day that exists (2024-02-29 does, 2023-02-29 and 2024-02-30 do not). */
function isCalendarDate(v: unknown): boolean {
  if (typeof v !== "string") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * What each key type accepts inside a cursor: exactly what the SQL cast of its key can take, so
 * a cursor that decodes and carries the right tag but holds an impossible value (a string where
 * a number belongs, 2024-02-30, 1e300, an object) is the client's mistake, never a database error.
 */
const VALID_KEY: Record<KeyType, (v: unknown) => boolean> = {
  // Every int key is a PostgreSQL `integer` column.
  int: (v) => Number.isSafeInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31,
  float: (v) => typeof v === "number" && Number.isFinite(v),
  text: (v) => typeof v === "string" && v.length <= 400 && forbiddenCharacter(v) === null,
  numeric: (v) => typeof v === "string" && /^-?\d{1,20}(\.\d{1,10})?$/.test(v),
  date: isCalendarDate,
  // A timestamptz as PostgreSQL prints it (microseconds kept), naming a real instant.
  timestamp: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/.test(v) && isCalendarDate(v.slice(0, 10)) && Number.isFinite(Date.parse(v.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00"))),
};

function decodeCursor(cursor: string, tag: string, types: KeyType[], argumentName: string): KeyValue[] {
  const invalid = () => badInput(argumentName, `\`${argumentName}\` is not a cursor of this list; pass the \`cursor\` or \`pageInfo.endCursor\`/\`startCursor\` value this list returned, unchanged.`);
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  // Our cursors are compact JSON: no raw control characters, not even whitespace.
  if (/[\u0000-\u001F\u007F]/.test(text)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed[0] !== tag || parsed.length !== types.length + 1) throw invalid();
  const values = parsed.slice(1) as unknown[];
  if (!values.every((v, i) => VALID_KEY[types[i]!](v))) throw invalid();
  return values as KeyValue[];
}

/** Validates `first`/`after`/`last`/`before` the way GitHub's API does, with actionable messages. */
function parsePage(args: ConnectionArgs, tag: string, types: KeyType[]): Page {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw badInput("first", "Pass either `first` or `last`, not both.");
  if (first == null && last == null) throw badInput("first", `Pass \`first\` (or \`last\`) to say how many items you want, from 1 to ${MAX_PAGE_SIZE}.`);
  if (after != null && before != null) throw badInput("after", "Pass either `after` or `before`, not both.");
  const backward = last != null;
  const size = (backward ? last : first)!;
  const name = backward ? "last" : "first";
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(name, `\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}; got ${size}.`);
  }
  if (backward && after != null) throw badInput("after", "Use `before` with `last`, and `after` with `first`.");
  if (!backward && before != null) throw badInput("before", "Use `before` with `last`, and `after` with `first`.");
  const cursorText = backward ? before : after;
  const cursor = cursorText == null ? null : decodeCursor(cursorText, tag, types, backward ? "before" : "after");
  return { size, backward, cursor };
}

const CASTS: Record<KeyType, SQL> = { int: sql.raw("bigint"), float: sql.raw("double precision"), text: sql.raw("text"), numeric: sql.raw("numeric"), date: sql.raw("date"), timestamp: sql.raw("timestamptz") };

/** `(k1, k2) > ($1, $2)`: a row comparison PostgreSQL serves from a composite index. */
function keysetCondition<Row>(order: KeysetOrder<Row>, values: KeyValue[], op: ">" | "<"): SQL {
  const left = sql.join(order.keys.map((k) => sql`${k.expr}`), sql`, `);
  const right = sql.join(order.keys.map((k, i) => sql`cast(${values[i]} as ${CASTS[k.type]})`), sql`, `);
  return sql`(${left}) ${sql.raw(op)} (${right})`;
}

function orderBy<Row>(order: KeysetOrder<Row>, reverse: boolean): SQL[] {
  const asc = (order.direction === "ASC") !== reverse;
  return order.keys.map((k) => (asc ? sql`${k.expr} asc` : sql`${k.expr} desc`));
}

export interface KeysetFetch {
  /** The cursor condition, to AND with the list's own filter (undefined on the first page). */
  after: SQL | undefined;
  orderBy: SQL[];
  limit: number;
}

/**
 * One page of a SQL-backed list. `fetch` runs the list's query with the given cursor
 * condition, order and limit; `count` its count query (run only if `totalCount` is selected).
 */
export async function keysetConnection<Row, Node>(options: {
  args: ConnectionArgs;
  order: KeysetOrder<Row>;
  fetch: (q: KeysetFetch) => Promise<Row[]>;
  count: () => Promise<number>;
  toNode: (row: Row) => Node;
}): Promise<Connection<Node>> {
  const { args, order } = options;
  const page = parsePage(args, order.tag, order.keys.map((k) => k.type));
  const forwardOp = order.direction === "ASC" ? ">" : "<";
  const op = page.backward ? (forwardOp === ">" ? "<" : ">") : forwardOp;
  const rows = await options.fetch({
    after: page.cursor ? keysetCondition(order, page.cursor, op) : undefined,
    orderBy: orderBy(order, page.backward),
    limit: page.size + 1,
  });
  const hasMore = rows.length > page.size;
  const pageRows = rows.slice(0, page.size);
  if (page.backward) pageRows.reverse();
  const edges = pageRows.map((row) => new LazyEdge(options.toNode(row), () => encodeCursor(order.tag, order.keys.map((k) => k.value(row)))));
  return buildConnection(edges, page, hasMore, options.count);
}

/**
 * A page of a list that is already in memory (a DataLoader's result), ordered by `key`.
 * Used for nested lists such as a department's measures, which one batched query loads for
 * every parent at once.
 */
export function arrayConnection<Node>(items: Node[], args: ConnectionArgs, tag: string, key: (item: Node) => number): Connection<Node> {
  const page = parsePage(args, tag, ["int"]);
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  let window: Node[];
  let hasMore: boolean;
  if (page.backward) {
    const before = page.cursor ? sorted.filter((i) => key(i) < (page.cursor![0] as number)) : sorted;
    window = before.slice(Math.max(0, before.length - page.size));
    hasMore = before.length > page.size;
  } else {
    const after = page.cursor ? sorted.filter((i) => key(i) > (page.cursor![0] as number)) : sorted;
    window = after.slice(0, page.size);
    hasMore = after.length > page.size;
  }
  const edges = window.map((node) => new LazyEdge(node, () => encodeCursor(tag, [key(node)])));
  return buildConnection(edges, page, hasMore, () => Promise.resolve(items.length));
}

/**
 * The ordinals `from` … `to` of the page `args` asks for in a list known by position (ordinals
 * 1 … `total`); `from > to` when the page is empty. Refuses malformed arguments and forged
 * cursors as every connection does (parsePage).
 */
function indexedPage(total: number, args: ConnectionArgs, tag: string): { page: Page; from: number; to: number; hasMore: boolean } {
  const page = parsePage(args, tag, ["int"]);
  const cursor = page.cursor ? (page.cursor[0] as number) : null;
  if (page.backward) {
    const end = Math.min(total, cursor === null ? total : cursor - 1);
    const from = Math.max(1, end - page.size + 1);
    return { page, from, to: end, hasMore: from > 1 };
  }
  const from = Math.max(1, cursor === null ? 1 : cursor + 1);
  const to = Math.min(total, from + page.size - 1);
  return { page, from, to, hasMore: to < total };
}

/**
 * A connection over a list known by position (ordinals 1 … `total`) whose items are produced on
 * demand by `at`: for lists too long to build whole on every request (a statistics table lists
 * every cell of its domain, up to ~200,000). Cursors carry the ordinal, like arrayConnection's.
 */
export function indexedConnection<Node>(total: number, args: ConnectionArgs, tag: string, at: (ordinal: number) => Node): Connection<Node> {
  return indexedEdges(total, indexedPage(total, args, tag), tag, at);
}

/**
 * indexedConnection for items that need the database: `load` is awaited with the page's
 * ordinals before `at` is called for them, so that it reads what that page needs and no more.
 */
export async function loadedIndexedConnection<Node>(total: number, args: ConnectionArgs, tag: string, load: (from: number, to: number) => Promise<void>, at: (ordinal: number) => Node): Promise<Connection<Node>> {
  const range = indexedPage(total, args, tag);
  await load(range.from, range.to);
  return indexedEdges(total, range, tag, at);
}

function indexedEdges<Node>(total: number, { page, from, to, hasMore }: ReturnType<typeof indexedPage>, tag: string, at: (ordinal: number) => Node): Connection<Node> {
  const edges: Edge<Node>[] = [];
  for (let i = from; i <= to; i++) edges.push(new LazyEdge(at(i), () => encodeCursor(tag, [i])));
  return buildConnection(edges, page, hasMore, () => Promise.resolve(total));
}

/**
 * An edge whose cursor is encoded when it is read: most clients select `nodes` and no cursor,
 * and encoding 100 cursors (JSON, base64url) per page was measurable CPU on uncached lists
 * (issue 11). The cursor is computed at most once.
 */
class LazyEdge<Node> implements Edge<Node> {
  #cursor: string | undefined;
  constructor(
    readonly node: Node,
    private readonly encode: () => string,
  ) {}
  get cursor(): string {
    return (this.#cursor ??= this.encode());
  }
}

function buildConnection<Node>(edges: Edge<Node>[], page: Page, hasMore: boolean, count: () => Promise<number>): Connection<Node> {
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      // Like GitHub: the far side of the cursor is reported as "there is more" without a query.
      hasNextPage: page.backward ? page.cursor !== null : hasMore,
      hasPreviousPage: page.backward ? hasMore : page.cursor !== null,
      // Getters: read from the (lazy) edges only when selected.
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}
