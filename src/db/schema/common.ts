import { pgEnum } from "drizzle-orm/pg-core";

/**
 * Where a record comes from. `SOURCE`: the policy document or an official list; `SAMPLE`:
 * generated deterministically so that the API has plausible operational data until real
 * files are imported — never to be mistaken for official figures.
 */
export const provenance = pgEnum("provenance", ["SOURCE", "SAMPLE"]);

/**
 * The visible marker every SAMPLE record carries at the start of each of its names (Chinese
 * and English), so that a name seen anywhere — an API answer, a CSV cell, a screenshot — says
 * it is invented, even where the `provenance` beside it is not shown. Official (SOURCE)
 * records never carry it.
 */
export const SAMPLE_NAME_MARKER = "〔示例〕";
export const SAMPLE_NAME_MARKER_EN = "[Sample] ";
