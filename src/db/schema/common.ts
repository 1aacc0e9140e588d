import { pgEnum } from "drizzle-orm/pg-core";

/**
 * Where a record comes from. `SOURCE`: the policy document or an official list; `SAMPLE`:
 * generated deterministically so that the API has plausible operational data until real
 * files are imported — never to be mistaken for official figures.
 */
export const provenance = pgEnum("provenance", ["SOURCE", "SAMPLE"]);
