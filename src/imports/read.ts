/**
 * Reads an import file — CSV with a header row, a JSON array, or NDJSON — as a stream of
 * records and of problems with the file's structure, each with the line (or, in a JSON
 * array, the record number) where it starts. Values are not checked here (see run.ts).
 */
import { createReadStream } from "node:fs";
import { pipeline, Transform, type Readable } from "node:stream";
import { csvItems } from "./csv.js";
import { ImportUsageError } from "./errors.js";

export type SourceItem =
  /** A CSV file's column names, before its first row. */
  | { kind: "header"; columns: string[] }
  | { kind: "record"; line: number; values: Record<string, unknown> }
  /**
   * A row that cannot be read as a record. `newRow` is false for a further problem in the
   * same row; `stops` means nothing after it can be read (the rest of the file is unchecked).
   */
  | { kind: "broken"; line: number; column: string | null; message: string; newRow: boolean; stops: boolean };

/** Rejects bytes that are not UTF-8 (e.g. a GBK file saved by Excel) instead of garbling them; drops a BOM. */
function utf8Guard(): Transform {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(new ImportUsageError("The file is not valid UTF-8. If Excel saved it (often as GBK/GB18030), save it again as “CSV UTF-8”."));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new ImportUsageError("The file ends in the middle of a UTF-8 character."));
      }
    },
  });
}

/** What the file's lines count: lines (CSV, NDJSON) or records of a JSON array. */
export function lineUnit(file: string): "line" | "record" {
  return file.toLowerCase().endsWith(".json") ? "record" : "line";
}

export async function* readItems(file: string): AsyncGenerator<SourceItem> {
  try {
    yield* itemsOf(file);
  } catch (err) {
    // A read error (permissions, a folder, a disk error) names the path and the system call:
    // say what went wrong in words instead.
    const e = err as { code?: unknown; syscall?: unknown };
    if (!(err instanceof ImportUsageError) && typeof e.code === "string" && typeof e.syscall === "string") {
      throw new ImportUsageError(`The file cannot be read (${e.code}).`);
    }
    throw err;
  }
}

function itemsOf(file: string): AsyncIterable<SourceItem> {
  const lower = file.toLowerCase();
  if (lower.endsWith(".csv")) return csvItems(file, utf8Guard());
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) return ndjsonItems(file);
  if (lower.endsWith(".json")) return jsonItems(file);
  throw new ImportUsageError(`Unsupported file type: ${file}. Use .csv (UTF-8, header row), .json or .ndjson.`);
}

/** The file as UTF-8 text. pipeline(), not pipe(): an error in any stage (bad UTF-8, a read error) ends the iteration. */
function textOf(file: string): Readable {
  const stream: Readable = pipeline(createReadStream(file), utf8Guard(), () => {});
  return stream.setEncoding("utf8");
}

async function* ndjsonItems(file: string): AsyncGenerator<SourceItem> {
  const stream = textOf(file);
  let buffer = "";
  let line = 0;
  for await (const chunk of stream) {
    buffer += chunk as string;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      line++;
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (text.trim()) yield ndjsonItem(text, line);
    }
  }
  if (buffer.trim()) yield ndjsonItem(buffer, line + 1);
}

async function* jsonItems(file: string): AsyncGenerator<SourceItem> {
  const stream = textOf(file);
  let text = "";
  for await (const chunk of stream) text += chunk as string;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const { reason, at } = jsonSyntaxError(err, text);
    throw new ImportUsageError(`The file is not valid JSON${at ? ` (line ${at.line}, character ${at.column})` : ""}: ${reason}.`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { data?: unknown })?.data;
  if (!Array.isArray(list)) throw new ImportUsageError("A JSON file must hold an array of records, or an object with a `data` array.");
  for (const [i, item] of list.entries()) {
    yield isPlainObject(item) ? { kind: "record", line: i + 1, values: item } : notARecord(i + 1);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function notARecord(line: number): SourceItem {
  return { kind: "broken", line, column: null, message: "is not a record (an object with named fields)", newRow: true, stops: false };
}

/** One NDJSON line: a record, or where on the line its JSON breaks (the next line is read as usual). */
function ndjsonItem(text: string, line: number): SourceItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const { reason, at } = jsonSyntaxError(err, text);
    return { kind: "broken", line, column: null, message: `the line is not valid JSON${at ? ` (at character ${at.column})` : ""}: ${reason}`, newRow: true, stops: false };
  }
  return isPlainObject(value) ? { kind: "record", line, values: value } : notARecord(line);
}

/**
 * V8's reason ("Expected ',' or '}' after property value") and, from the position it gives,
 * the 1-based line and character in `text`.
 */
function jsonSyntaxError(err: unknown, text: string): { reason: string; at: { line: number; column: number } | null } {
  const message = err instanceof Error ? err.message : String(err);
  const match = / in JSON at position (\d+)/.exec(message);
  const reason = message.replace(/ in JSON at position \d+.*$/, "").replace(/\.$/, "");
  if (!match) return { reason, at: null };
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const breaks = before.match(/\r\n|\r|\n/g)?.length ?? 0;
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  return { reason, at: { line: 1 + breaks, column: [...before.slice(lineStart)].length + 1 } };
}
