/**
 * The four renderings of a dataset: CSV (RFC 4180: UTF-8, header row, CRLF, quoted when
 * needed — quoting by csv-stringify), an Excel-friendly CSV, JSON and NDJSON. Each turns a
 * batch of rows into text, so the exporter can stream any number of rows through them. On
 * PostgreSQL, copy.ts has the server write the same bytes through COPY; these renderers serve
 * PGlite, the computed datasets and the partners' bulk exports.
 */
import { stringify } from "csv-stringify/sync";
import type { DatasetColumn, DatasetDefinition, Row } from "./catalogue.js";

export type Format = "csv" | "excel-csv" | "json" | "ndjson";
export const FORMATS: Format[] = ["csv", "excel-csv", "json", "ndjson"];

export const FORMAT_FILES: Record<Format, { suffix: string; mediatype: string; description: string }> = {
  csv: { suffix: ".csv", mediatype: "text/csv", description: "CSV (RFC 4180): UTF-8 without BOM, header row, CRLF line ends; a field is quoted when it holds a comma, a double quote (doubled inside) or a line break (kept as it is), and an empty field is an empty or missing value." },
  "excel-csv": {
    suffix: ".excel.csv",
    mediatype: "text/csv",
    description: "CSV for Microsoft Excel: UTF-8 with BOM (so Chinese text opens correctly), a header row in Chinese and English, codes written as =\"150102\" so Excel keeps them as text, and text that Excel would run as a formula prefixed with '.",
  },
  json: { suffix: ".json", mediatype: "application/json", description: "JSON: an object with the dataset's metadata and a `data` array of records." },
  ndjson: { suffix: ".ndjson", mediatype: "application/x-ndjson", description: "NDJSON: one JSON record per line." },
};

export function fileName(dataset: string, format: Format): string {
  return `${dataset}${FORMAT_FILES[format].suffix}`;
}

/** A cell as CSV text: empty for null, `true`/`false`, numbers and decimals as written. */
function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
}

/** Excel runs a cell starting with = + - @ (or a tab / CR) as a formula: neutralise it (OWASP). */
function excelSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A cell as JSON: integers as numbers, decimals as exact strings (like the API), booleans, null. */
function jsonValue(column: DatasetColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case "integer":
      return typeof value === "number" ? value : Number(value);
    case "boolean":
      return value === true || value === "true" || value === "t";
    default:
      return String(value);
  }
}

export interface Renderer {
  header(): string;
  rows(rows: Row[]): string;
  footer(): string;
}

export function renderer(format: Format, dataset: DatasetDefinition, meta: Record<string, unknown>): Renderer {
  const names = dataset.columns.map((c) => c.name);
  // quote_record_delimiter: a field holding a lone LF or CR is quoted too (RFC 4180, and what
  // COPY does). With record_delimiter set, csv-stringify would otherwise quote only fields holding
  // the whole CRLF, and a name with a line break would split its record in two for every reader.
  const csvOptions = { record_delimiter: "\r\n" as const, quote_record_delimiter: true };
  switch (format) {
    case "csv":
      return {
        header: () => stringify([names], csvOptions),
        rows: (rows) => stringify(rows.map((r) => names.map((n) => csvValue(r[n]))), csvOptions),
        footer: () => "",
      };
    case "excel-csv":
      return {
        header: () => "\uFEFF" + stringify([dataset.columns.map((c) => `${c.titleZh} ${c.name}`)], csvOptions),
        rows: (rows) =>
          stringify(
            rows.map((r) =>
              dataset.columns.map((c) => {
                const v = csvValue(r[c.name]);
                if (v === "") return v;
                // A quote inside the text is doubled, as Excel's formula strings want it.
                if (c.excelText) return `="${v.replace(/"/g, '""')}"`;
                return c.type === "string" ? excelSafe(v) : v;
              }),
            ),
            csvOptions,
          ),
        footer: () => "",
      };
    case "json": {
      let first = true;
      return {
        header: () => `${JSON.stringify(meta).slice(0, -1)},"data":[`,
        rows: (rows) =>
          rows
            .map((r) => {
              const text = JSON.stringify(Object.fromEntries(dataset.columns.map((c) => [c.name, jsonValue(c, r[c.name])])));
              const out = (first ? "\n" : ",\n") + text;
              first = false;
              return out;
            })
            .join(""),
        footer: () => "\n]}\n",
      };
    }
    case "ndjson":
      return {
        header: () => "",
        rows: (rows) => rows.map((r) => JSON.stringify(Object.fromEntries(dataset.columns.map((c) => [c.name, jsonValue(c, r[c.name])]))) + "\n").join(""),
        footer: () => "",
      };
  }
}
