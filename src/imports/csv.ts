/**
 * CSV records with exact positions; a malformed row is reported, not thrown.
 *
 * csv-parse finds the structure. With `skip_records_with_error` it hands each malformed row to
 * `on_skip` and carries on: after a quote inside an unquoted value, or a row with the wrong
 * number of fields, it picks up again at the next row. After a quoted value that is closed
 * wrongly or never, it cannot — everything up to the next quote (or the end of the file) has
 * become part of that one value — so that problem ends the reading and the report says so.
 *
 * Line numbers come from the parser's byte offsets (`bytes` where the previous field ended,
 * `index` the field, `empty_lines` skipped) looked up in an index of the file's line breaks,
 * not from its `lines` counter: csv-parse 7.0.3 counts a CRLF inside a quoted value as two
 * lines (so every later row of a Windows file would be off), and for an unclosed quote it
 * names the last line of the file instead of the line where the quote opens.
 */
import { createReadStream } from "node:fs";
import { pipeline, Transform, type TransformCallback } from "node:stream";
import { parse as parseCsv, type CastingContext, type CsvError } from "csv-parse";
import { ImportUsageError } from "./errors.js";
import type { SourceItem } from "./read.js";

/**
 * No row of any dataset comes near this; a longer one is a quote that never closes, and
 * stopping here keeps a huge broken file from being read into memory as one value.
 */
export const MAX_ROW_CHARACTERS = 1_000_000;

// Questions about earlier lines go back at most one row (a row's end after a field in it).
const KEPT_LINES = 1_024;

/**
 * Passes bytes through and remembers where lines start (after LF, CRLF, or a lone CR), so a
 * byte offset the parser reports can be turned into the line an editor shows. Offsets are
 * looked up (nearly) in increasing order, so starts long passed are only counted, not kept.
 */
export class LineIndex extends Transform {
  private seen = 0;
  private starts: number[] = [];
  private head = 0;
  private passed = 0;
  private pendingCr = -1;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    const base = this.seen;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (c === 0x0a) {
        this.pendingCr = -1;
        this.starts.push(base + i + 1);
      } else {
        // A CR counts on its own only when no LF follows it (which may be in the next chunk).
        if (this.pendingCr >= 0) this.starts.push(this.pendingCr + 1);
        this.pendingCr = c === 0x0d ? base + i : -1;
      }
    }
    this.seen += buf.length;
    done(null, buf);
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingCr >= 0) this.starts.push(this.pendingCr + 1);
    done();
  }

  /** 1-based line of the byte at `offset`, which may be up to KEPT_LINES lines behind the last one asked for. */
  lineAt(offset: number): number {
    while (this.head < this.starts.length && this.starts[this.head]! <= offset) this.head++;
    while (this.head > 0 && this.starts[this.head - 1]! > offset) this.head--;
    if (this.head > 64 * KEPT_LINES) {
      const drop = this.head - KEPT_LINES;
      this.passed += drop;
      this.starts = this.starts.slice(drop);
      this.head -= drop;
    }
    return 1 + this.passed + this.head;
  }
}

/** Raised inside the parser when the header row itself is unusable. */
function headerError(line: number, message: string): ImportUsageError {
  return new ImportUsageError(`the header row (line ${line}) ${message}`);
}

function checkHeader(header: string[], line: number): string[] {
  const names = header.map((h) => h.trim());
  const empty = names.indexOf("");
  if (empty >= 0) throw headerError(line, `has no name for field ${empty + 1}${empty === names.length - 1 ? " (a comma at the end of the line?)" : ""}`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw headerError(line, `names the column ${twice} twice`);
  return names;
}

/** Line breaks inside the values of one row (CRLF, LF or a lone CR, as LineIndex counts them). */
function breaksIn(values: Iterable<unknown>): number {
  let n = 0;
  for (const v of values) {
    if (typeof v === "string" && (v.includes("\n") || v.includes("\r"))) n += v.match(/\r\n|\r|\n/g)!.length;
  }
  return n;
}

/** Reads the CSV file `file` (UTF-8 checked by `utf8`): the header, then rows and problems in file order. */
export function csvItems(file: string, utf8: Transform): AsyncIterable<SourceItem> {
  const lines = new LineIndex();
  // A row's last line is the line of its final line break (`bytes` is just past it); it starts
  // as many lines earlier as its quoted values hold line breaks.
  const lastLine = (end: number) => lines.lineAt(end - 1);
  // Empty lines skipped when the last row ended: a first field starts past any skipped since.
  let emptyAtRowEnd = 0;
  let headerLength = 0;
  let stopped = false;
  // The raw text of the row at the last problem: a later problem whose raw text extends it
  // is in the same row.
  let lastRaw: string | null = null;
  let lastProblem = "";
  let firstFieldLine = 1;
  // Problems go into the parser's own output, between the rows it pushes: file order for
  // free, and its back-pressure holds a file of a million bad rows to one chunk in memory.
  const emit = (item: SourceItem) => csv.push(item);

  const csv = parseCsv({
    columns: (header: string[]) => {
      const line = lastLine(csv.info.bytes) - breaksIn(header);
      const names = checkHeader(header, line);
      headerLength = names.length;
      emptyAtRowEnd = csv.info.empty_lines;
      emit({ kind: "header", columns: names });
      return names;
    },
    bom: true,
    // Every usual line break ends a row, even when a file mixes them.
    record_delimiter: ["\r\n", "\n", "\r"],
    skip_empty_lines: true,
    relax_column_count: false,
    max_record_size: MAX_ROW_CHARACTERS,
    raw: true,
    skip_records_with_error: true,
    on_record: (record: { record: Record<string, unknown> }, context: { bytes: number; empty_lines: number }): SourceItem | null => {
      if (stopped) return null;
      const values = record.record;
      emptyAtRowEnd = context.empty_lines;
      lastRaw = null;
      return { kind: "record", line: lastLine(context.bytes) - breaksIn(Object.values(values)), values };
    },
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      if (!err || stopped) return undefined;
      const index = typeof err.index === "number" ? err.index : 0;
      const bytes = Number(err.bytes);
      const emptyLines = Number(err.empty_lines) || 0;
      const sameRow = lastRaw !== null && raw !== undefined && raw.length > lastRaw.length && raw.startsWith(lastRaw);
      lastRaw = raw ?? null;
      // `bytes` is where the previous field ended: the end of the previous row (first field),
      // or the comma before this field — on the line where this field starts.
      if (index === 0 && !sameRow) firstFieldLine = lines.lineAt(bytes) + emptyLines - emptyAtRowEnd;
      const fieldLine = index === 0 ? firstFieldLine : lines.lineAt(bytes);
      emptyAtRowEnd = emptyLines;
      const name = typeof err.column === "string" ? err.column : null;
      const field = `${name ?? "field"} (field ${index + 1})`;
      if (err.header === true) {
        if (err.code === "INVALID_OPENING_QUOTE") throw headerError(fieldLine, `has a quote inside field ${index + 1}, which does not start with one`);
        throw headerError(fieldLine, `field ${index + 1} opens a quote that is not closed properly`);
      }
      const problem = (line: number, column: string | null, message: string, stops = false) => {
        // A second bare quote in the same value says nothing new.
        const key = `${index}|${err.code}`;
        if (sameRow && key === lastProblem) return;
        lastProblem = key;
        emit({ kind: "broken", line, column, message, newRow: !sameRow, stops });
        if (stops) stopped = true;
      };
      switch (err.code) {
        case "INVALID_OPENING_QUOTE": {
          const before = typeof err.field === "string" ? [...err.field].length : 0;
          problem(fieldLine, name, `${field} has a quote at character ${before + 1} but does not start with one; put the whole value in quotes and write that quote twice ("…""…")`);
          break;
        }
        case "CSV_RECORD_INCONSISTENT_COLUMNS": {
          const fields = Array.isArray(err.record) ? err.record : [];
          problem(lastLine(bytes) - breaksIn(fields), null, `the row has ${fields.length} field(s) but the header has ${headerLength} (a missing comma, or a comma inside a value that is not in quotes?)`);
          // The row ends here: whatever comes next is another row.
          lastRaw = null;
          break;
        }
        case "CSV_INVALID_CLOSING_QUOTE":
          problem(fieldLine, name, `${field} starts a quoted value whose closing quote is followed by more text instead of a comma or the end of the line; inside quotes, write a quote twice ("")`, true);
          break;
        case "CSV_QUOTE_NOT_CLOSED":
          problem(fieldLine, name, `${field} opens a quote that is never closed: the rest of the file reads as part of this value`, true);
          break;
        case "CSV_MAX_RECORD_SIZE":
          problem(fieldLine, name, `the row reaches ${MAX_ROW_CHARACTERS.toLocaleString("en")} characters at ${field}: most likely a quote that opens here or before is never closed`, true);
          break;
        default:
          problem(fieldLine, name, `${field}: the CSV structure is broken here (${err.code})`, true);
      }
      return undefined;
    },
  });

  return pipeline(createReadStream(file), utf8, lines, csv, () => {}) as AsyncIterable<SourceItem>;
}
