import { registerEnumType } from "type-graphql";
import { BENEFICIARY_GROUPS } from "../db/seed/programme.js";

/** The groups the document names; a closed set, so an enum (unknown values fail validation). */
export const BeneficiaryGroupCode = Object.fromEntries(BENEFICIARY_GROUPS.map((g) => [g.code, g.code])) as Record<string, string>;
export type BeneficiaryGroupCode = string;
registerEnumType(BeneficiaryGroupCode, {
  name: "BeneficiaryGroupCode",
  description: "A group of people the document singles out for support.",
  valuesConfig: Object.fromEntries(BENEFICIARY_GROUPS.map((g) => [g.code, { description: `${g.name} — ${g.nameEn}.` }])),
});
