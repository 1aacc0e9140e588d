import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IntRange } from "./common-inputs.js";
import { connectionType } from "./connection.js";
import { OrderDirection, Provenance } from "./enums.js";
import { Node } from "./node.js";
import { DecimalScalar } from "./scalars.js";

export enum IncubatorKind {
  INCUBATION_BASE = "INCUBATION_BASE",
  MAKER_SPACE = "MAKER_SPACE",
  INNOVATION_DEMONSTRATION_BASE = "INNOVATION_DEMONSTRATION_BASE",
  RETURNEE_PARK = "RETURNEE_PARK",
  OVERSEAS_SCHOLAR_PARK = "OVERSEAS_SCHOLAR_PARK",
  COLLEGE_STUDENT_PARK = "COLLEGE_STUDENT_PARK",
}
registerEnumType(IncubatorKind, {
  name: "IncubatorKind",
  description: "What kind of entrepreneurship carrier a base is.",
  valuesConfig: {
    INCUBATION_BASE: { description: "创业孵化示范基地 — entrepreneurship incubation demonstration base." },
    MAKER_SPACE: { description: "众创空间 — maker space." },
    INNOVATION_DEMONSTRATION_BASE: { description: "双创示范基地 — mass entrepreneurship and innovation demonstration base." },
    RETURNEE_PARK: { description: "返乡入乡创业园 — park for people returning to start businesses at home." },
    OVERSEAS_SCHOLAR_PARK: { description: "留学人员创业园 — overseas scholars' entrepreneurship park." },
    COLLEGE_STUDENT_PARK: { description: "大学生创业园 — college student entrepreneurship park." },
  },
});

export enum IncubatorLevel {
  NATIONAL = "NATIONAL",
  AUTONOMOUS_REGION = "AUTONOMOUS_REGION",
  LEAGUE = "LEAGUE",
}
registerEnumType(IncubatorLevel, {
  name: "IncubatorLevel",
  description: "Which level of government recognised a base.",
  valuesConfig: {
    NATIONAL: { description: "国家级 — recognised nationally." },
    AUTONOMOUS_REGION: { description: "自治区级 — recognised by the autonomous region." },
    LEAGUE: { description: "盟市级 — recognised by a league-level unit." },
  },
});

@ObjectType("IncubatorBase", { implements: Node, description: "An incubation demonstration base, maker space or entrepreneurship park." })
export class IncubatorBase extends Node {
  @Field(() => String, { description: "Natural key given by the recognising department (sample records: `S-IB-0001`)." })
  code!: string;

  @Field(() => String, { description: "Chinese name. A SAMPLE record's starts with `〔示例〕`, so the name itself says it is invented." })
  name!: string;

  @Field(() => String, { description: "English name. A SAMPLE record's starts with `[Sample] `." })
  nameEn!: string;

  @Field(() => IncubatorKind, { description: "What kind of carrier it is." })
  kind!: IncubatorKind;

  @Field(() => IncubatorLevel, { description: "Who recognised it." })
  level!: IncubatorLevel;

  @Field(() => String, { description: "Who runs it. A SAMPLE record's operator is invented (never a real bureau or company) and starts with `〔示例〕`." })
  operator!: string;

  @Field(() => Int, { description: "Year it was recognised at its level." })
  recognizedYear!: number;

  @Field(() => Int, { description: "Floor area in square metres." })
  areaSqm!: number;

  @Field(() => Boolean, { description: "Whether the government built it; the 30% free-space rule (P4-M2) applies to those." })
  governmentBuilt!: boolean;

  @Field(() => DecimalScalar, { description: "Share of its space given free to eligible groups, 0–1 (e.g. `\"0.3500\"`)." })
  freeSpaceShare!: string;

  @Field(() => Int, { description: "Businesses incubated there now." })
  tenants!: number;

  @Field(() => Int, { description: "Businesses that have graduated from it (registered and moved out)." })
  graduates!: number;

  @Field(() => Int, { description: "Jobs at its tenants." })
  jobs!: number;

  @Field(() => Provenance, { description: "SOURCE for imported official records; SAMPLE for generated sample records, which are not official figures." })
  provenance!: Provenance;
}

@InputType("IncubatorBaseFilter", { description: "Narrows a list of incubator bases; all given conditions must hold." })
export class IncubatorBaseFilter {
  @Field(() => String, { nullable: true, description: "Only bases in this region: a league includes its counties; `150000` means all." })
  regionCode?: string | null;

  @Field(() => IncubatorKind, { nullable: true, description: "Only bases of this kind." })
  kind?: IncubatorKind | null;

  @Field(() => IncubatorLevel, { nullable: true, description: "Only bases of this level." })
  level?: IncubatorLevel | null;

  @Field(() => IntRange, { nullable: true, description: "Only bases recognised in these years." })
  recognizedYear?: IntRange | null;

  @Field(() => String, { nullable: true, description: "Only bases whose Chinese or English name or operator contains this text." })
  text?: string | null;

  @Field(() => Provenance, { nullable: true, description: "Only official (SOURCE) or only sample (SAMPLE) records." })
  provenance?: Provenance | null;
}

export enum IncubatorBaseOrderField {
  NAME = "NAME",
  RECOGNIZED_YEAR = "RECOGNIZED_YEAR",
  JOBS = "JOBS",
  CODE = "CODE",
}
registerEnumType(IncubatorBaseOrderField, {
  name: "IncubatorBaseOrderField",
  description: "What to order incubator bases by; ties are broken by code.",
  valuesConfig: {
    NAME: { description: "Chinese name, in Unicode code-point order." },
    RECOGNIZED_YEAR: { description: "Year of recognition." },
    JOBS: { description: "Jobs at its tenants." },
    CODE: { description: "Code." },
  },
});

@InputType("IncubatorBaseOrder", { description: "An ordering of incubator bases." })
export class IncubatorBaseOrder {
  @Field(() => IncubatorBaseOrderField, { description: "The field to order by." })
  field!: IncubatorBaseOrderField;

  @Field(() => OrderDirection, { description: "The direction." })
  direction!: OrderDirection;
}

export const IncubatorBaseConnection = connectionType(IncubatorBase, "IncubatorBase", "incubator bases");
