import { badInput } from "./errors.js";

/**
 * The one description of every `asOf: DateTime` argument (transaction time), so that every
 * field that takes one says the same thing.
 */
export const AS_OF_DESCRIPTION =
  "Answer as this service would have answered at this instant (RFC 3339 date-time, e.g. `2025-03-01T00:00:00Z`; milliseconds count): the reported figures recorded by then, with the values current then, and nothing recorded later. Default: now. A future instant is refused (BAD_USER_INPUT); an instant before anything was recorded answers with no figures.";

/** The same for policy text: every correction of a section's text is kept. */
export const POLICY_AS_OF_DESCRIPTION =
  "Answer with the text as published on this service at this instant (RFC 3339 date-time, e.g. `2025-03-01T00:00:00Z`): a section's text corrected since then reads as it did; its parent, children and `revisions` follow the same instant. Only the text is kept in versions, not the document's structure. Default: now. A future instant is refused (BAD_USER_INPUT).";

/**
 * The earliest instant an as-of question is asked about: nothing was recorded before it, and
 * earlier instants (graphql-scalars accepts `0000-01-01T00:00:00Z`, which PostgreSQL cannot cast)
 * mean the same — no figures at all.
 */
const EPOCH = Date.UTC(2000, 0, 1);

/**
 * Checks an `asOf` argument: null stays null (now, the current answer); a future instant is
 * BAD_USER_INPUT — its answer could still change, so it would not be an answer "as of" it;
 * anything before 2000 is answered as of 2000-01-01 (equally empty).
 */
export function checkAsOf(asOf: Date | null | undefined, argumentName = "asOf", now: number = Date.now()): Date | null {
  if (asOf == null) return null;
  const at = asOf.getTime();
  if (!Number.isFinite(at)) throw badInput(argumentName, `\`${argumentName}\` is not a date-time.`);
  if (at > now) {
    throw badInput(argumentName, `\`${argumentName}\` ${asOf.toISOString()} is in the future (it is now ${new Date(now).toISOString()}): ask as of a past instant, or leave it out for the current answer.`);
  }
  return at < EPOCH ? new Date(EPOCH) : asOf;
}
