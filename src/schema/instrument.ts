import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { BeneficiaryGroupCode, GroupMatch } from "./instrument-enums.js";
import { Node } from "./node.js";
import { DecimalScalar } from "./scalars.js";

export { BeneficiaryGroupCode };

export enum InstrumentKind {
  SUBSIDY = "SUBSIDY",
  REWARD = "REWARD",
  FUNDING = "FUNDING",
  EQUITY_INVESTMENT = "EQUITY_INVESTMENT",
  LOAN_RULE = "LOAN_RULE",
  PREMISES = "PREMISES",
  PERSONNEL_RULE = "PERSONNEL_RULE",
  PREFERENTIAL_POLICY = "PREFERENTIAL_POLICY",
}
registerEnumType(InstrumentKind, {
  name: "InstrumentKind",
  description: "What kind of support an instrument is.",
  valuesConfig: {
    SUBSIDY: { description: "A subsidy paid to people or enterprises (补贴)." },
    REWARD: { description: "A reward or award-in-lieu-of-subsidy (奖励, 奖补, 以奖代补)." },
    FUNDING: { description: "A budget the region commits (资金)." },
    EQUITY_INVESTMENT: { description: "Investment by a guidance fund, development fund or private equity (投资引导基金 / 投入)." },
    LOAN_RULE: { description: "A rule of the entrepreneurship guarantee loan or other lending." },
    PREMISES: { description: "Free or cheap premises." },
    PERSONNEL_RULE: { description: "A rule about jobs, appraisal or study status of people who start a business." },
    PREFERENTIAL_POLICY: { description: "Access to preferential policies or designations." },
  },
});

export enum InstrumentAudience {
  INDIVIDUAL = "INDIVIDUAL",
  ENTERPRISE = "ENTERPRISE",
  BASE_OPERATOR = "BASE_OPERATOR",
  INSTITUTION = "INSTITUTION",
  LOCAL_GOVERNMENT = "LOCAL_GOVERNMENT",
}
registerEnumType(InstrumentAudience, {
  name: "InstrumentAudience",
  description: "Who receives an instrument.",
  valuesConfig: {
    INDIVIDUAL: { description: "A person: a founder, a student, a researcher, a mentor." },
    ENTERPRISE: { description: "A business: a start-up, a small or micro enterprise, a family farm, a cooperative, an incubated firm." },
    BASE_OPERATOR: { description: "The operator of an incubation base, park, maker space, training base or mentor studio." },
    INSTITUTION: { description: "A university, college, training institution or other public institution." },
    LOCAL_GOVERNMENT: { description: "A league or city government (e.g. the pilot zones)." },
  },
});

export enum AmountType {
  FIXED = "FIXED",
  MINIMUM = "MINIMUM",
  MAXIMUM = "MAXIMUM",
  RELATIVE = "RELATIVE",
  UNSPECIFIED = "UNSPECIFIED",
}
registerEnumType(AmountType, {
  name: "AmountType",
  description: "How to read `amount`.",
  valuesConfig: {
    FIXED: { description: "Exactly `amount` (按…标准 / 给予…元)." },
    MINIMUM: { description: "At least `amount` (不低于): a floor." },
    MAXIMUM: { description: "At most `amount` (不超过 / 以下): a cap." },
    RELATIVE: { description: "A share (`relativeRate`) of a reference amount (`relativeBase`), e.g. 60% of the class-I minimum wage; `amount` is null." },
    UNSPECIFIED: { description: "The document sets no amount; `amount` is null." },
  },
});

export enum AmountUnit {
  PERSON = "PERSON",
  HOUSEHOLD = "HOUSEHOLD",
  NEW_EMPLOYEE = "NEW_EMPLOYEE",
  STUDIO = "STUDIO",
  BASE = "BASE",
  LOAN = "LOAN",
  PERSON_MONTH = "PERSON_MONTH",
  YEAR = "YEAR",
  NOT_APPLICABLE = "NOT_APPLICABLE",
}
registerEnumType(AmountUnit, {
  name: "AmountUnit",
  description: "What an amount is counted per.",
  valuesConfig: {
    PERSON: { description: "Per person." },
    HOUSEHOLD: { description: "Per incubated business (户)." },
    NEW_EMPLOYEE: { description: "Per additional employee (每新增1人)." },
    STUDIO: { description: "Per studio." },
    BASE: { description: "Per base." },
    LOAN: { description: "Per loan." },
    PERSON_MONTH: { description: "Per person and month." },
    YEAR: { description: "Per year." },
    NOT_APPLICABLE: { description: "No amount applies." },
  },
});

export enum PaymentFrequency {
  ONE_OFF = "ONE_OFF",
  MONTHLY = "MONTHLY",
  ANNUAL = "ANNUAL",
  NOT_APPLICABLE = "NOT_APPLICABLE",
}
registerEnumType(PaymentFrequency, {
  name: "PaymentFrequency",
  description: "How often an amount is paid.",
  valuesConfig: {
    ONE_OFF: { description: "Once (一次性)." },
    MONTHLY: { description: "Every month." },
    ANNUAL: { description: "Every year." },
    NOT_APPLICABLE: { description: "Nothing is paid, or the document does not say." },
  },
});

@ObjectType("BeneficiaryGroup", { implements: Node, description: "A group of people the document singles out for support." })
export class BeneficiaryGroup extends Node {
  @Field(() => BeneficiaryGroupCode, { description: "Stable code, usable in filters." })
  code!: string;

  @Field(() => String, { description: "Chinese name as the document uses it." })
  name!: string;

  @Field(() => String, { description: "English name." })
  nameEn!: string;

  @Field(() => Provenance, { description: "Where the record comes from: SOURCE, the document itself (never sample data)." })
  provenance!: Provenance;
}

@ObjectType("SupportInstrument", { implements: Node, description: "A subsidy, reward, loan rule or personnel rule the document grants, with its amount as exact data." })
export class SupportInstrument extends Node {
  @Field(() => String, { description: "Stable slug, e.g. `one-time-startup-subsidy`." })
  code!: string;

  @Field(() => InstrumentKind, { description: "What kind of support it is." })
  kind!: InstrumentKind;

  @Field(() => String, { description: "Chinese name." })
  name!: string;

  @Field(() => String, { description: "English name." })
  nameEn!: string;

  @Field(() => [InstrumentAudience], { description: "Who receives it (a person, a business, a base operator …), most direct first." })
  audiences!: InstrumentAudience[];

  @Field(() => AmountType, { description: "How to read `amount`: fixed, floor, cap, relative or unspecified." })
  amountType!: AmountType;

  @Field(() => DecimalScalar, { nullable: true, description: "Amount in CNY as an exact decimal string (e.g. `\"5000.00\"`); null when relative or unspecified." })
  amount!: string | null;

  @Field(() => String, { description: "Currency of `amount` (ISO 4217)." })
  currency!: string;

  @Field(() => AmountUnit, { description: "What the amount is counted per." })
  amountUnit!: AmountUnit;

  @Field(() => PaymentFrequency, { description: "How often it is paid." })
  payment!: PaymentFrequency;

  @Field(() => String, { nullable: true, description: "For relative amounts: the reference amount, in Chinese (e.g. `自治区一类地区最低工资标准`)." })
  relativeBase!: string | null;

  @Field(() => String, { nullable: true, description: "For relative amounts: the reference amount, in English." })
  relativeBaseEn!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "For relative amounts: the share of the reference amount, e.g. `\"0.6000\"` for 60%." })
  relativeRate!: string | null;

  @Field(() => Int, { nullable: true, description: "Longest time the support lasts, in months (e.g. 12 for the internship subsidy, 72 for researchers' leave in total)." })
  maxDurationMonths!: number | null;

  @Field(() => String, { description: "Who qualifies and when, in the document's words." })
  conditions!: string;

  @Field(() => String, { description: "Who qualifies and when, in English." })
  conditionsEn!: string;

  @Field(() => String, { nullable: true, description: "Where the money comes from, when the document says (e.g. `就业补助资金`)." })
  fundingSource!: string | null;

  @Field(() => String, { description: "The words of the document that grant it, verbatim." })
  sourceQuote!: string;

  @Field(() => Int, { description: "Order in the document, from 1." })
  ordinal!: number;

  @Field(() => Provenance, { description: "Where the record comes from." })
  provenance!: Provenance;
}

@InputType("SupportInstrumentFilter", { description: "Narrows a list of support instruments; all given conditions must hold." })
export class SupportInstrumentFilter {
  @Field(() => BeneficiaryGroupCode, { nullable: true, description: "Only instruments open to a person of this group, by the same rule as `eligibleInstruments`: those naming the group (some with a qualifier of their own — see `groupMatch(group:)`, e.g. graduates only within two years of leaving school) and those naming no group, open to every person who meets their conditions (e.g. `VETERANS`: what can a veteran get?)." })
  beneficiaryGroup?: string | null;

  @Field(() => [GroupMatch], {
    nullable: true,
    description:
      "With `beneficiaryGroup`: which ways of being open to the group count. Default all three — `[NAMED, CONDITIONAL, OPEN]`, everything a person of the group can use, the open-to-all included; `[NAMED, CONDITIONAL]` lists only the instruments the document names the group for. An explicit choice, so that a filter by group never silently drops (or silently includes) what is open to everyone.",
  })
  groupMatch?: GroupMatch[] | null;

  @Field(() => InstrumentKind, { nullable: true, description: "Only instruments of this kind." })
  kind?: InstrumentKind | null;

  @Field(() => InstrumentAudience, { nullable: true, description: "Only instruments that this kind of recipient receives (e.g. `BASE_OPERATOR`)." })
  audience?: InstrumentAudience | null;

  @Field(() => AmountType, { nullable: true, description: "Only instruments whose amount is of this type." })
  amountType?: AmountType | null;

  @Field(() => String, { nullable: true, description: "Only instruments of this plan's measures (`P1` … `P7`)." })
  planCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only instruments of this measure (`P1-M1` … `P7-M4`)." })
  measureCode?: string | null;
}

export const SupportInstrumentConnection = connectionType(SupportInstrument, "SupportInstrument", "support instruments");
