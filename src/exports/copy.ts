/**
 * The fast path of the exports on PostgreSQL: the server formats the rows and streams them with
 * `COPY (…) TO STDOUT`, and Node only hashes, compresses and writes bytes — no row objects, no
 * per-cell JavaScript. The files are byte for byte those of the row-by-row renderers in
 * formats.ts (which PGlite, computed datasets and partners' bulk exports use); the SQL below
 * reproduces their rules, and test/export-engines.test.ts holds the two to the same bytes:
 *
 * - CSV: COPY's CSV writer quotes a field exactly when csv-stringify does (it holds a comma, a
 *   quote, CR or LF) and doubles quotes the same way. Two differences are evened out: COPY quotes
 *   an empty string to tell it from NULL, and the renderers write both as an empty field — so text
 *   goes through `nullif(…, '')`; and COPY ends records with LF, the files with CRLF — so Node
 *   turns every LF outside quotes into CRLF (LFs inside a quoted field stay as they are, as
 *   csv-stringify leaves them). Booleans are cast to text (`true`/`false`, not COPY's `t`/`f`).
 * - Excel CSV: the same, with the Excel rules done in SQL (codes as `="…"`, formula-like text
 *   prefixed with `'`); its BOM and bilingual header are written by Node.
 * - JSON and NDJSON, from one COPY: `row_to_json` writes a record like `JSON.stringify` does (no
 *   spaces, the same escapes: `\"`, `\\`, `\b \f \n \r \t`, other control characters as
 *   `\u00xx`, everything else as UTF-8), integers and booleans as JSON values, other columns as
 *   strings. COPY's CSV mode with a quote and delimiter byte that JSON never holds passes each
 *   record through untouched, one per line: that is the NDJSON file; the JSON file is the same
 *   lines joined by `,\n` inside the metadata object.
 *
 * All the COPYs of a dataset run in one repeatable-read, read-only transaction: every format
 * shows the same rows, and the row counts are checked against each other.
 */
import { join } from "node:path";
import { finished } from "node:stream/promises";
import type { Readable } from "node:stream";
import { sql as drizzleSql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { DatasetColumn, DatasetDefinition } from "./catalogue.js";
import { OutputFile, type WrittenFile } from "./files.js";
import { fileName, renderer, type Format } from "./formats.js";
import type { RenderedFiles } from "./run.js";

/**
 * One COPY is one statement however many rows it streams, and it lasts as long as Node takes to
 * write them (it waits while a file drains): the interactive statement timeout would cancel it.
 */
const COPY_STATEMENT_TIMEOUT_MS = 3_600_000;
/** Bytes gathered before they are processed: COPY sends one message per row (≈ 100 bytes). */
const CHUNK_BYTES = 256 * 1024;

const LF = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A column as the renderers write it in a CSV cell, NULL for an empty one. Only text needs work per
 * cell (COPY quotes '' and writes NULL as nothing, the renderers write both as nothing); integers,
 * and the numbers and dates the queries already cast to text, go out as they come. The cheapest COPY
 * is the plainest: every function here runs a million times on the loans extract.
 */
function csvCell(column: DatasetColumn, excel: boolean): string {
  const value = `q.${ident(column.name)}`;
  if (column.type === "boolean") return `cast(${value} as text)`;
  if (column.type !== "string") return value;
  const text = `nullif(cast(${value} as text), '')`;
  if (!excel) return text;
  // As formats.ts: codes as an Excel formula string, quotes doubled inside it …
  if (column.excelText) return `'="' || replace(${text}, '"', '""') || '"'`;
  // … and text Excel would run as a formula (= + - @ tab CR first) made inert with a '.
  return `case when strpos(E'=+-@\\t\\r', left(${text}, 1)) > 0 then '''' || ${text} else ${text} end`;
}

/** A column as the JSON value the renderers write: integers and booleans as such, the rest as strings. */
function jsonCell(column: DatasetColumn): string {
  const value = `q.${ident(column.name)}`;
  return column.type === "integer" || column.type === "boolean" ? value : `cast(${value} as text)`;
}

/** The dataset's query as SQL text with its parameters written in: COPY takes no parameters. */
export function inlineQuery(query: SQL): string {
  // drizzle writes strings as '…' with quotes doubled, which is exact with standard_conforming_strings
  // on (the default since PostgreSQL 9.1, and set for the transaction below).
  return new PgDialect().sqlToQuery(drizzleSql`${query}`.inlineParams()).sql;
}

export type CopyStream = "csv" | "excel-csv" | "json";

/** The COPY statement behind each stream: the dataset's query, formatted by the server. */
export function copyStatement(dataset: DatasetDefinition, stream: CopyStream): string {
  const source = `(${inlineQuery(dataset.query!)}) as q`;
  if (stream === "json") {
    const record = dataset.columns.map((c) => `${jsonCell(c)} as ${ident(c.name)}`).join(", ");
    // \x01 and \x02 never occur in row_to_json's output (it escapes every control character): no
    // record is quoted, no byte changed.
    return `copy (select row_to_json(r) from (select ${record} from ${source}) as r) to stdout with (format csv, delimiter E'\\x02', quote E'\\x01')`;
  }
  const cells = dataset.columns.map((c) => csvCell(c, stream === "excel-csv")).join(", ");
  return `copy (select ${cells} from ${source}) to stdout with (format csv)`;
}

/** COPY's CSV records end with LF; the files' with CRLF. Counts records while at it. */
export class CsvLineEnds {
  private inQuotes = false;
  rows = 0;

  convert(chunk: Buffer): Buffer {
    const ends: number[] = [];
    let i = 0;
    // Positions of the next quote and LF, found with indexOf (memchr), each searched again only once passed.
    let quote = -2;
    let lf = -2;
    while (i < chunk.length) {
      if (quote < i && quote !== -1) quote = chunk.indexOf(QUOTE, i);
      if (this.inQuotes) {
        // Inside a quoted field: its end is the next quote (a doubled quote closes and reopens it).
        if (quote === -1) break;
        this.inQuotes = false;
        i = quote + 1;
        continue;
      }
      if (lf < i && lf !== -1) lf = chunk.indexOf(LF, i);
      if (lf !== -1 && (quote === -1 || lf < quote)) {
        ends.push(lf);
        i = lf + 1;
      } else if (quote !== -1) {
        this.inQuotes = true;
        i = quote + 1;
      } else break;
    }
    this.rows += ends.length;
    if (ends.length === 0) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let from = 0;
    let at = 0;
    for (const end of ends) {
      at += chunk.copy(out, at, from, end);
      out[at++] = 0x0d;
      from = end;
    }
    chunk.copy(out, at, from);
    return out;
  }
}

/** NDJSON lines into the `data` array of the JSON file: "\n" before the first, ",\n" between, none after. */
export class JsonArrayRows {
  private started = false;
  /** The LF ending the last record seen: a separator if another record follows. */
  private pendingLf = false;
  rows = 0;

  /** One buffer per chunk: every write is a hash update, a file write and a gzip job. */
  convert(chunk: Buffer): Buffer {
    if (chunk.length === 0) return chunk;
    const lfs: number[] = [];
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) lfs.push(lf);
    this.rows += lfs.length;
    const trailing = lfs.length > 0 && lfs[lfs.length - 1] === chunk.length - 1;
    const lead = !this.started ? 1 : this.pendingLf ? 2 : 0;
    // Each LF inside the chunk becomes ",\n"; a trailing one waits for the next record (or the footer's "\n").
    const inner = trailing ? lfs.length - 1 : lfs.length;
    const end = trailing ? chunk.length - 1 : chunk.length;
    const out = Buffer.allocUnsafe(lead + end + inner);
    let at = 0;
    if (lead === 2) out[at++] = COMMA;
    if (lead > 0) out[at++] = LF;
    let from = 0;
    for (let k = 0; k < inner; k++) {
      const lf = lfs[k]!;
      at += chunk.copy(out, at, from, lf);
      out[at++] = COMMA;
      from = lf;
    }
    chunk.copy(out, at, from, end);
    this.started = true;
    this.pendingLf = trailing;
    return out;
  }
}

/**
 * Reads a COPY stream in chunks of about CHUNK_BYTES, handing each to `onChunk` and waiting for it
 * (so a slow disk holds PostgreSQL back instead of filling memory). If `onChunk` throws, the COPY is
 * cancelled and what is already on the way is read and dropped, so that the connection can roll the
 * transaction back; then the error is thrown.
 */
async function readCopy(query: postgres.PendingQuery<postgres.Row[]>, onChunk: (chunk: Buffer) => Promise<void>): Promise<void> {
  const stream = (await query.readable()) as unknown as Readable;
  let pending: Buffer[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    await onChunk(chunk);
  };
  try {
    for await (const data of stream.iterator({ destroyOnReturn: false })) {
      pending.push(data as Buffer);
      size += (data as Buffer).length;
      if (size >= CHUNK_BYTES) await flush();
    }
    await flush();
  } catch (err) {
    if (!stream.destroyed) {
      // postgres.js pauses the socket while its stream is not read: a stream left unread would hang
      // the connection (and the ROLLBACK behind it). Stop the server, and drop the rest.
      const cancelled = query.cancel();
      stream.resume();
      await Promise.allSettled([cancelled, finished(stream)]);
    }
    throw err;
  }
}

export interface CopyRenderOptions {
  gzip?: boolean;
  /** Test hook: pause after every chunk (to kill a run mid-way). */
  pauseAfterBatchMs?: number | undefined;
  /**
   * Called after every chunk with the rows of the current COPY so far and the bytes written to all
   * files; may throw to stop (then the COPY is cancelled and every file abandoned).
   */
  onBatch?: (rows: number, bytes: number) => void | Promise<void>;
}

/**
 * Writes a dataset's files in the given formats with COPY, on PostgreSQL: the same files, hashes and
 * row count as `writeRenderings` in run.ts. On any failure every file is abandoned (the caller removes
 * the folder) and the transaction rolled back.
 */
export async function copyRenderings(
  client: postgres.Sql,
  folder: string,
  dataset: DatasetDefinition,
  meta: Record<string, unknown>,
  formats: Format[],
  options: CopyRenderOptions = {},
): Promise<RenderedFiles> {
  const outputs = new Map<Format, OutputFile>(formats.map((format) => [format, new OutputFile(join(folder, fileName(dataset.name, format)), options.gzip ?? true)]));
  const afterChunk = async (rows: number) => {
    await options.onBatch?.(rows, [...outputs.values()].reduce((sum, file) => sum + file.bytesWritten, 0));
    if (options.pauseAfterBatchMs) await new Promise((r) => setTimeout(r, options.pauseAfterBatchMs));
  };
  const counts: number[] = [];
  try {
    for (const [format, file] of outputs) await file.write(renderer(format, dataset, meta).header());
    await client.begin("isolation level repeatable read read only", async (tx) => {
      await tx.unsafe(`set local statement_timeout = ${COPY_STATEMENT_TIMEOUT_MS}`);
      await tx.unsafe("set local standard_conforming_strings = on");
      for (const format of ["csv", "excel-csv"] as const) {
        const file = outputs.get(format);
        if (!file) continue;
        const lineEnds = new CsvLineEnds();
        await readCopy(tx.unsafe(copyStatement(dataset, format)), async (chunk) => {
          await file.writeBytes(lineEnds.convert(chunk));
          await afterChunk(lineEnds.rows);
        });
        counts.push(lineEnds.rows);
      }
      const json = outputs.get("json");
      const ndjson = outputs.get("ndjson");
      if (json || ndjson) {
        const array = new JsonArrayRows();
        await readCopy(tx.unsafe(copyStatement(dataset, "json")), async (chunk) => {
          const rows = array.convert(chunk);
          if (ndjson) await ndjson.writeBytes(chunk);
          if (json) await json.writeBytes(rows);
          await afterChunk(array.rows);
        });
        counts.push(array.rows);
      }
    });
    if (counts.some((n) => n !== counts[0])) throw new Error(`export of ${dataset.name}: the formats hold different numbers of rows (${counts.join(", ")})`);
    for (const [format, file] of outputs) await file.write(renderer(format, dataset, meta).footer());
    const files: Partial<Record<Format, WrittenFile>> = {};
    for (const [format, file] of outputs) files[format] = await file.close();
    return { rows: counts[0] ?? 0, files };
  } catch (err) {
    for (const file of outputs.values()) file.destroy();
    throw err;
  }
}
