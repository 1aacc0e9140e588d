import type { Context } from "./context.js";
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
 * A region argument that filters a list: a well-formed code naming a region of ours — 150000 (the
 * whole autonomous region), a league or a county — as the `regions` table holds them, looked up
 * through this request's region loader (so a filter and `region { … }` fields share one query).
 * A well-formed code that names no region of Inner Mongolia (110000, 110101, 159999, 150199) is
 * BAD_USER_INPUT naming the argument: the list cannot be answered for it, and answering for
 * nothing — or, as a code ending in 0000 once did, for the whole region — would be a wrong answer.
 * (Look-ups by code, `region(code:)`, stay null + NOT_FOUND, like every other look-up.)
 */
export async function checkRegionCode(ctx: Pick<Context, "loaders">, value: string | null | undefined, argumentName: string): Promise<string | null> {
  const code = checkOptionalFormat(value, "regionCode", argumentName);
  if (code === null) return null;
  if (!(await ctx.loaders.region.load(code))) {
    throw badInput(argumentName, `\`${argumentName}\` ${JSON.stringify(code)} is not a region of Inner Mongolia: use 150000 (the whole region), a league such as 150100 or a county such as 150102 (\`regions\` lists them).`);
  }
  return code;
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
