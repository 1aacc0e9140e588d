import { registerEnumType } from "type-graphql";
import { BENEFICIARY_GROUPS } from "../db/schema/instrument.js";

/** The groups the document names; a closed set, so an enum (unknown values fail validation). */
export const BeneficiaryGroupCode = Object.fromEntries(BENEFICIARY_GROUPS.map((g) => [g.code, g.code])) as Record<string, string>;
export type BeneficiaryGroupCode = string;
registerEnumType(BeneficiaryGroupCode, {
  name: "BeneficiaryGroupCode",
  description: "A group of people the document singles out for support.",
  valuesConfig: Object.fromEntries(BENEFICIARY_GROUPS.map((g) => [g.code, { description: `${g.name} — ${g.nameEn}.` }])),
});

export enum GroupMatch {
  NAMED = "NAMED",
  CONDITIONAL = "CONDITIONAL",
  OPEN = "OPEN",
}
registerEnumType(GroupMatch, {
  name: "GroupMatch",
  description: "How an instrument is open to a beneficiary group.",
  valuesConfig: {
    NAMED: { description: "The document names the group, with no qualifier of its own." },
    CONDITIONAL: { description: "The document names the group with a qualifier (高校毕业生 only 离校两年内未就业; 农牧民工 only 返乡入乡创业): see `qualifiers`." },
    OPEN: { description: "The document names no group: open to any person who meets its other conditions." },
  },
});
