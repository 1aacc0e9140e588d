import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { AmountType, AmountUnit } from "./instrument.js";
import { Node } from "./node.js";
import { DecimalScalar } from "./scalars.js";

export enum FundLevel {
  NATIONAL = "NATIONAL",
  REGIONAL = "REGIONAL",
  ALL_LEVELS = "ALL_LEVELS",
  UNIVERSITY = "UNIVERSITY",
  PARK = "PARK",
  PRIVATE = "PRIVATE",
  NOT_STATED = "NOT_STATED",
}
registerEnumType(FundLevel, {
  name: "FundLevel",
  description: "Whose money a fund is.",
  valuesConfig: {
    NATIONAL: { description: "The central government's (国家…资金 / 基金)." },
    REGIONAL: { description: "The autonomous region's (自治区…资金)." },
    ALL_LEVELS: { description: "Every level of government's budget (各级财政), or a fund several levels pay into." },
    UNIVERSITY: { description: "A university's own (各高校…专项资金)." },
    PARK: { description: "An entrepreneurship park's own (创业园区…种子资金和担保资金)." },
    PRIVATE: { description: "Private capital (私募股权基金)." },
    NOT_STATED: { description: "The document names the fund without saying whose it is." },
  },
});

@ObjectType("Fund", { implements: Node, description: "A fund the document relies on (创业投资引导基金, 就业补助资金 …), with the instruments that draw on it and where the document names it." })
export class Fund extends Node {
  @Field(() => String, { description: "Stable slug, e.g. `employment-subsidy-fund`." })
  code!: string;

  @Field(() => String, { description: "Chinese name as the document uses it." })
  name!: string;

  @Field(() => String, { description: "English name." })
  nameEn!: string;

  @Field(() => FundLevel, { description: "Whose money it is: national, regional, every level, a university's, a park's, private — or not stated." })
  level!: FundLevel;

  @Field(() => String, { description: "Why this level, in English: the document's word for it, or that it says nothing." })
  levelNote!: string;

  @Field(() => AmountType, { description: "How to read `amount`: `MINIMUM` for a committed floor, `UNSPECIFIED` when the document sets no amount." })
  amountType!: AmountType;

  @Field(() => DecimalScalar, { nullable: true, description: "Amount the document commits, in CNY as an exact decimal string; null when it sets none." })
  amount!: string | null;

  @Field(() => String, { description: "Currency of `amount` (ISO 4217)." })
  currency!: string;

  @Field(() => AmountUnit, { description: "What the amount is counted per (`YEAR` for an annual budget)." })
  amountUnit!: AmountUnit;

  @Field(() => String, { description: "The words of the document's first mention of the fund, verbatim." })
  sourceQuote!: string;

  @Field(() => Int, { description: "Order of first mention in the document, from 1." })
  ordinal!: number;

  @Field(() => Provenance, { description: "Where the record comes from (`SOURCE`: the document)." })
  provenance!: Provenance;
}

@ObjectType("FundMention", { description: "One place the document names a fund, verbatim." })
export class FundMention {
  @Field(() => String, { description: "The words of the document, verbatim." })
  sourceQuote!: string;
}

@InputType("FundFilter", { description: "Narrows a list of funds; all given conditions must hold." })
export class FundFilter {
  @Field(() => FundLevel, { nullable: true, description: "Only funds of this level (e.g. `NATIONAL`)." })
  level?: FundLevel | null;
}

export const FundConnection = connectionType(Fund, "Fund", "funds");
