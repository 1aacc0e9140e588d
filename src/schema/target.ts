import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { BeneficiaryGroupCode } from "./instrument-enums.js";
import { Node } from "./node.js";
import { DecimalScalar } from "./scalars.js";

export enum TargetComparator {
  AT_LEAST = "AT_LEAST",
  EXACTLY = "EXACTLY",
  AT_MOST = "AT_MOST",
}
registerEnumType(TargetComparator, {
  name: "TargetComparator",
  description: "How the target value is meant.",
  valuesConfig: {
    AT_LEAST: { description: "At least the value (以上 / 不少于 / 不低于 / 至少)." },
    EXACTLY: { description: "The value as stated, without a bound." },
    AT_MOST: { description: "At most the value (不超过)." },
  },
});

export enum TargetUnit {
  PERSONS = "PERSONS",
  PROJECTS = "PROJECTS",
  CNY = "CNY",
  BASES = "BASES",
  MAKER_SPACES = "MAKER_SPACES",
  BRANDS = "BRANDS",
  PERCENT = "PERCENT",
}
registerEnumType(TargetUnit, {
  name: "TargetUnit",
  description: "Unit of a target value, or of a metric's figures.",
  valuesConfig: {
    PERSONS: { description: "People." },
    PROJECTS: { description: "Entrepreneurship projects." },
    CNY: { description: "Chinese yuan (renminbi)." },
    BASES: { description: "Incubation demonstration bases." },
    MAKER_SPACES: { description: "Maker spaces (众创空间)." },
    BRANDS: { description: "Entrepreneurship brands." },
    PERCENT: { description: "Percent (30 means 30%)." },
  },
});

export enum TargetScope {
  REGION_WIDE = "REGION_WIDE",
  PER_LEAGUE = "PER_LEAGUE",
  PER_COUNTY = "PER_COUNTY",
  PER_MENTOR_TEAM = "PER_MENTOR_TEAM",
  PER_PARK = "PER_PARK",
}
registerEnumType(TargetScope, {
  name: "TargetScope",
  description: "What the target value applies to.",
  valuesConfig: {
    REGION_WIDE: { description: "The whole autonomous region (全区)." },
    PER_LEAGUE: { description: "Each league-level unit (每个盟市)." },
    PER_COUNTY: { description: "Each county-level unit (每个旗县(市、区))." },
    PER_MENTOR_TEAM: { description: "Each county-level entrepreneurship mentor team." },
    PER_PARK: { description: "Each government-built park or incubation base." },
  },
});

export enum TargetPeriod {
  BY_DUE_YEAR = "BY_DUE_YEAR",
  CUMULATIVE_BY_DUE_YEAR = "CUMULATIVE_BY_DUE_YEAR",
  PER_YEAR = "PER_YEAR",
  STANDING = "STANDING",
}
registerEnumType(TargetPeriod, {
  name: "TargetPeriod",
  description: "When the target is to be met.",
  valuesConfig: {
    BY_DUE_YEAR: { description: "By the due year (到2025年)." },
    CUMULATIVE_BY_DUE_YEAR: { description: "Cumulatively over the programme, by the due year (累计)." },
    PER_YEAR: { description: "Every year (每年)." },
    STANDING: { description: "A standing norm, without a date." },
  },
});

@ObjectType("Target", { implements: Node, description: "A quantitative goal set by the document, with its exact value and the sentence that sets it." })
export class Target extends Node {
  @Field(() => String, { description: "Stable slug, e.g. `supported-entrepreneurs`." })
  code!: string;

  @Field(() => String, { description: "Machine name of what is measured, e.g. `supported_entrepreneurs`; indicator series use the same name." })
  metric!: string;

  @Field(() => String, { description: "What is measured, in Chinese." })
  metricName!: string;

  @Field(() => String, { description: "What is measured, in English." })
  metricNameEn!: string;

  @Field(() => TargetComparator, { description: "How the value is meant (at least, exactly, at most)." })
  comparator!: TargetComparator;

  @Field(() => DecimalScalar, { description: "The target value, exact, in `unit` (e.g. `\"5000000000\"` CNY, `\"120000\"` persons)." })
  value!: string;

  @Field(() => TargetUnit, { description: "Unit of the value." })
  unit!: TargetUnit;

  @Field(() => TargetScope, { description: "What the value applies to (the whole region, each league, each county…)." })
  scope!: TargetScope;

  @Field(() => TargetPeriod, { description: "When it is to be met." })
  period!: TargetPeriod;

  @Field(() => Int, { nullable: true, description: "The year by which it is due; null for yearly and standing norms." })
  dueYear!: number | null;

  @Field(() => String, { description: "The words of the document that set the target, verbatim." })
  sourceQuote!: string;

  @Field(() => Int, { description: "Order in the document, from 1." })
  ordinal!: number;

  @Field(() => Provenance, { description: "Where the record comes from." })
  provenance!: Provenance;
}

@InputType("TargetFilter", { description: "Narrows a list of targets; all given conditions must hold." })
export class TargetFilter {
  @Field(() => String, { nullable: true, description: "Only targets set in this plan's goal or its measures (`P1` … `P7`)." })
  planCode?: string | null;

  @Field(() => TargetScope, { nullable: true, description: "Only targets of this scope." })
  scope?: TargetScope | null;

  @Field(() => TargetUnit, { nullable: true, description: "Only targets in this unit." })
  unit?: TargetUnit | null;

  @Field(() => Int, { nullable: true, description: "Only targets due in this year." })
  dueYear?: number | null;

  @Field(() => BeneficiaryGroupCode, { nullable: true, description: "Only targets about this group." })
  beneficiaryGroup?: BeneficiaryGroupCode | null;
}

export const TargetConnection = connectionType(Target, "Target", "targets");
