/**
 * Column types for imported files. Each parses one raw cell (a CSV string or a JSON value)
 * into the value the database stores, or says in a sentence what is wrong with it. Cells are
 * checked here, references (codes of regions, banks, groups) by the dataset, both before any
 * row is written.
 */

import { SAMPLE_NAME_MARKER, SAMPLE_NAME_MARKER_EN } from "../db/schema/common.js";

export type Raw = unknown;
/** A failed parse may name a `code` for callers that sort problems by kind (the API's userErrors). */
export type Parsed = { ok: true; value: unknown } | { ok: false; error: string; code?: string };

export interface ColumnType {
  /** For reports and the data dictionary: `integer 0..1000000`, `date (YYYY-MM-DD)`… */
  describe: string;
  parse(raw: Raw): Parsed;
}

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (error: string): Parsed => ({ ok: false, error });

function text(raw: Raw): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") return raw.trim() === "" ? null : raw.trim();
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  return null;
}

export function required(type: ColumnType): ColumnType {
  return {
    describe: type.describe,
    parse(raw) {
      if (text(raw) !== null) return type.parse(raw);
      return bad(raw === null || raw === undefined || typeof raw === "string" ? "is required" : "is not a plain value (text, number or boolean)");
    },
  };
}

export function optional(type: ColumnType): ColumnType {
  return {
    describe: `${type.describe}, optional`,
    parse(raw) {
      return text(raw) === null ? ok(null) : type.parse(raw);
    },
  };
}

export function string(maxLength: number, pattern?: RegExp, patternText?: string): ColumnType {
  return {
    describe: `text (≤ ${maxLength} characters${patternText ? `, ${patternText}` : ""})`,
    parse(raw) {
      const t = text(raw);
      if (t === null) return bad("is empty");
      if (t.length > maxLength) return bad(`is longer than ${maxLength} characters`);
      if (pattern && !pattern.test(t)) return bad(`${JSON.stringify(t.slice(0, 40))} is not ${patternText}`);
      return ok(t);
    },
  };
}

/**
 * A name in an official file: it may not carry the sample marker (〔示例〕, "[Sample]"), so that
 * a sample row exported and imported again cannot become an official (SOURCE) record, and a
 * marked name always means sample data.
 */
export function officialName(maxLength: number): ColumnType {
  const type = string(maxLength);
  return {
    describe: `${type.describe}; not starting with ${SAMPLE_NAME_MARKER} or ${SAMPLE_NAME_MARKER_EN.trim()}`,
    parse(raw) {
      const parsed = type.parse(raw);
      if (parsed.ok && typeof parsed.value === "string" && (parsed.value.startsWith(SAMPLE_NAME_MARKER) || parsed.value.toLowerCase().startsWith(SAMPLE_NAME_MARKER_EN.trim().toLowerCase()))) {
        return bad(`${JSON.stringify(parsed.value.slice(0, 40))} carries the sample marker: official files hold real names; sample records are generated, not imported`);
      }
      return parsed;
    },
  };
}

export function integer(min: number, max: number): ColumnType {
  return {
    describe: `integer ${min}..${max}`,
    parse(raw) {
      const t = text(raw);
      if (t === null || !/^-?\d+$/.test(t)) return bad(`${JSON.stringify(String(raw).slice(0, 40))} is not an integer`);
      const n = Number(t);
      if (n < min || n > max) return bad(`${n} is outside ${min}..${max}`);
      return ok(n);
    },
  };
}

/** An exact decimal (as a string), with at most `scale` decimals, within [min, max]. */
export function decimal(scale: number, min: number, max: number, minExclusive = false): ColumnType {
  const re = new RegExp(`^-?\\d{1,16}(\\.\\d{1,${scale}})?$`);
  return {
    describe: `decimal with ≤ ${scale} decimals, ${minExclusive ? ">" : "≥"} ${min} and ≤ ${max}`,
    parse(raw) {
      const t = text(raw);
      if (t === null || !re.test(t)) return bad(`${JSON.stringify(String(raw).slice(0, 40))} is not a decimal number with at most ${scale} decimals (use a dot, no thousands separators)`);
      const n = Number(t);
      if ((minExclusive ? n <= min : n < min) || n > max) return bad(`${t} is outside the allowed range (${minExclusive ? ">" : "≥"} ${min}, ≤ ${max})`);
      return ok(t);
    },
  };
}

export function date(min: string, max: string): ColumnType {
  return {
    describe: `date YYYY-MM-DD, ${min}..${max}`,
    parse(raw) {
      const t = text(raw);
      if (t === null || !/^\d{4}-\d{2}-\d{2}$/.test(t)) return bad(`${JSON.stringify(String(raw).slice(0, 40))} is not a date in YYYY-MM-DD form`);
      const d = new Date(`${t}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t) return bad(`${t} is not a calendar date`);
      if (t < min || t > max) return bad(`${t} is outside ${min}..${max}`);
      return ok(t);
    },
  };
}

export function boolean(): ColumnType {
  return {
    describe: "boolean (true/false, 1/0, 是/否)",
    parse(raw) {
      if (typeof raw === "boolean") return ok(raw);
      const t = text(raw)?.toLowerCase();
      if (t === "true" || t === "1" || t === "是" || t === "yes") return ok(true);
      if (t === "false" || t === "0" || t === "否" || t === "no") return ok(false);
      return bad(`${JSON.stringify(String(raw).slice(0, 40))} is not true or false`);
    },
  };
}

export function oneOf(values: readonly string[]): ColumnType {
  const set = new Set(values);
  return {
    describe: `one of ${values.join(", ")}`,
    parse(raw) {
      const t = text(raw);
      if (t === null || !set.has(t)) return bad(`${JSON.stringify(String(raw).slice(0, 40))} is not one of ${values.join(", ")}`);
      return ok(t);
    },
  };
}

// C0 controls other than tab and line breaks, DEL, and C1 controls: never text in an official
// file (a NUL is a truncated or binary file; ESC is a terminal colour code) — and PostgreSQL
// cannot store a NUL at all. Tabs and line breaks inside a quoted value are kept.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Says where the first control character of `value` is, or null when there is none. */
export function controlCharacter(value: string): string | null {
  const found = CONTROL.exec(value);
  if (!found) return null;
  const code = found[0].charCodeAt(0);
  const what = code === 0 ? "a NUL byte (U+0000)" : `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `contains ${what} at character ${[...value.slice(0, found.index)].length + 1}`;
}
