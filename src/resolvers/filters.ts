import { badInput } from "../graphql/errors.js";

/** Checks an inclusive range input: both ends within sane bounds, min ≤ max. */
export function checkRange(range: { min?: number | null; max?: number | null } | null | undefined, argumentName: string, bounds: [number, number] = [1900, 2100]) {
  const min = range?.min ?? null;
  const max = range?.max ?? null;
  for (const v of [min, max]) {
    if (v !== null && (v < bounds[0] || v > bounds[1])) throw badInput(argumentName, `\`${argumentName}\` must lie between ${bounds[0]} and ${bounds[1]}; got ${v}.`);
  }
  if (min !== null && max !== null && min > max) throw badInput(argumentName, `\`${argumentName}.min\` (${min}) is greater than \`${argumentName}.max\` (${max}).`);
  return { min, max };
}

/** A free-text filter: trimmed, 1–100 characters, or absent. */
export function checkText(text: string | null | undefined, argumentName: string): string | null {
  if (text == null) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw badInput(argumentName, `\`${argumentName}\` must be 1 to 100 characters.`);
  return trimmed;
}
