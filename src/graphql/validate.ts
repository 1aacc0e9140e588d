import { badInput, userError } from "./errors.js";

/** Formats of the natural keys clients pass; a wrong format is a mistake, not a miss. */
const FORMATS = {
  planCode: { re: /^P[1-9]\d?$/, example: "`P1` … `P7`" },
  measureCode: { re: /^P[1-9]\d?-M[1-9]\d?$/, example: "`P1-M1` … `P7-M4`" },
  sectionCode: { re: /^(PREAMBLE|C[1-9](-[1-9]\d?){0,2}|P[1-9]\d?(-M[1-9]\d?)?)$/, example: "`C1-2-1`, `P1`, `P1-M1`" },
  slug: { re: /^[a-z0-9]+(-[a-z0-9]+)*$/, example: "`finance-department`" },
  regionCode: { re: /^\d{6}$/, example: "six digits, e.g. `150100`" },
} as const;

export type KeyFormat = keyof typeof FORMATS;

export function checkFormat(value: string, format: KeyFormat, argumentName: string): string {
  const f = FORMATS[format];
  if (value.length > 100 || !f.re.test(value)) {
    throw badInput(argumentName, `\`${argumentName}\` ${JSON.stringify(value.slice(0, 100))} is not well-formed: expected ${f.example}.`);
  }
  return value;
}

export function checkOptionalFormat(value: string | null | undefined, format: KeyFormat, argumentName: string): string | null {
  return value == null ? null : checkFormat(value, format, argumentName);
}

/**
 * A root look-up that finds nothing returns null with a NOT_FOUND error, as GitHub's API
 * does: the field stays nullable for clients that only check for null, and clients that read
 * errors learn why.
 */
export function found<T>(value: T | null, typename: string, description: string): T {
  if (value === null) throw userError("NOT_FOUND", `Could not resolve to a ${typename} with ${description}.`);
  return value;
}
