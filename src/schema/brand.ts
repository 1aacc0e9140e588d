import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IntRange } from "./common-inputs.js";
import { connectionType } from "./connection.js";
import { OrderDirection, Provenance } from "./enums.js";
import { Node } from "./node.js";
import { DecimalScalar } from "./scalars.js";

export enum BrandKind {
  REGIONAL_BRAND = "REGIONAL_BRAND",
  ENTREPRENEURIAL_CITY = "ENTREPRENEURIAL_CITY",
  ENTREPRENEURIAL_COUNTY = "ENTREPRENEURIAL_COUNTY",
  MENTOR_STUDIO = "MENTOR_STUDIO",
  PRACTICAL_TRAINING_BASE = "PRACTICAL_TRAINING_BASE",
}
registerEnumType(BrandKind, {
  name: "BrandKind",
  description: "What kind of recognition a demonstration brand is.",
  valuesConfig: {
    REGIONAL_BRAND: { description: "地区性创业品牌 — a league's entrepreneurship brand (≥ 1 per league, P7-M2)." },
    ENTREPRENEURIAL_CITY: { description: "创业型城市 — entrepreneurial city (P7-M1)." },
    ENTREPRENEURIAL_COUNTY: { description: "创业型旗县(市、区) — entrepreneurial county (P7-M1)." },
    MENTOR_STUDIO: { description: "创业指导大师工作室 — master entrepreneurship-mentor studio, 100,000 CNY award (P3-M2)." },
    PRACTICAL_TRAINING_BASE: { description: "大学生创业(模拟)实训基地 — college-student practical-training base (P5-M1)." },
  },
});

@ObjectType("DemonstrationBrand", { implements: Node, description: "A recognition the programme hands out: a regional brand, an entrepreneurial city or county, a mentor studio, a training base." })
export class DemonstrationBrand extends Node {
  @Field(() => String, { description: "Natural key (sample records: `S-DB-0001`)." })
  code!: string;

  @Field(() => String, { description: "Chinese name. A SAMPLE record's starts with `〔示例〕`, so the name itself says it is invented." })
  name!: string;

  @Field(() => String, { description: "English name. A SAMPLE record's starts with `[Sample] `." })
  nameEn!: string;

  @Field(() => BrandKind, { description: "What kind of recognition it is." })
  kind!: BrandKind;

  @Field(() => Int, { description: "Year of recognition." })
  year!: number;

  @Field(() => DecimalScalar, { nullable: true, description: "Award paid, in CNY as an exact decimal; null when none is recorded." })
  awardAmount!: string | null;

  @Field(() => String, { description: "Currency of `awardAmount` (ISO 4217)." })
  currency!: string;

  @Field(() => Provenance, { description: "SOURCE for imported official records; SAMPLE for generated sample records, which are not official figures." })
  provenance!: Provenance;
}

@InputType("DemonstrationBrandFilter", { description: "Narrows a list of demonstration brands; all given conditions must hold." })
export class DemonstrationBrandFilter {
  @Field(() => String, { nullable: true, description: "Only brands in this region: a league includes its counties; `150000` means all." })
  regionCode?: string | null;

  @Field(() => BrandKind, { nullable: true, description: "Only brands of this kind." })
  kind?: BrandKind | null;

  @Field(() => IntRange, { nullable: true, description: "Only brands recognised in these years." })
  year?: IntRange | null;

  @Field(() => String, { nullable: true, description: "Only brands whose Chinese or English name contains this text." })
  text?: string | null;

  @Field(() => Provenance, { nullable: true, description: "Only official (SOURCE) or only sample (SAMPLE) records." })
  provenance?: Provenance | null;
}

export enum DemonstrationBrandOrderField {
  NAME = "NAME",
  YEAR = "YEAR",
  CODE = "CODE",
}
registerEnumType(DemonstrationBrandOrderField, {
  name: "DemonstrationBrandOrderField",
  description: "What to order demonstration brands by; ties are broken by code.",
  valuesConfig: { NAME: { description: "Chinese name, in Unicode code-point order." }, YEAR: { description: "Year of recognition." }, CODE: { description: "Code." } },
});

@InputType("DemonstrationBrandOrder", { description: "An ordering of demonstration brands." })
export class DemonstrationBrandOrder {
  @Field(() => DemonstrationBrandOrderField, { description: "The field to order by." })
  field!: DemonstrationBrandOrderField;

  @Field(() => OrderDirection, { description: "The direction." })
  direction!: OrderDirection;
}

export const DemonstrationBrandConnection = connectionType(DemonstrationBrand, "DemonstrationBrand", "demonstration brands");
