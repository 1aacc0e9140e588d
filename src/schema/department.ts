import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { Node } from "./node.js";

export enum DepartmentKind {
  REGIONAL_GOVERNMENT_DEPARTMENT = "REGIONAL_GOVERNMENT_DEPARTMENT",
  CENTRAL_AGENCY_BRANCH = "CENTRAL_AGENCY_BRANCH",
  PARTY_ORGAN = "PARTY_ORGAN",
  PEOPLES_ORGANIZATION = "PEOPLES_ORGANIZATION",
  CITY_GOVERNMENT = "CITY_GOVERNMENT",
}
registerEnumType(DepartmentKind, {
  name: "DepartmentKind",
  description: "What kind of body a responsible party is.",
  valuesConfig: {
    REGIONAL_GOVERNMENT_DEPARTMENT: { description: "A department, commission or bureau of the autonomous region's government (自治区…厅/委/局)." },
    CENTRAL_AGENCY_BRANCH: { description: "A regional branch of a central agency or regulator (e.g. 内蒙古银保监局, 人民银行呼和浩特中心支行, 内蒙古税务局)." },
    PARTY_ORGAN: { description: "An organ of the regional Party committee (e.g. 自治区党委宣传部)." },
    PEOPLES_ORGANIZATION: { description: "A people's organisation (e.g. 自治区残联)." },
    CITY_GOVERNMENT: { description: "The people's government of a league-level city." },
  },
});

@ObjectType("Department", { implements: Node, description: "A party the document holds responsible for one or more measures." })
export class Department extends Node {
  @Field(() => String, { description: "Stable English slug, e.g. `finance-department`." })
  slug!: string;

  @Field(() => String, { description: "Name as the document gives it, with the `自治区` prefix of its list applied (e.g. `自治区财政厅`)." })
  name!: string;

  @Field(() => String, { description: "English name." })
  nameEn!: string;

  @Field(() => DepartmentKind, { description: "What kind of body it is." })
  kind!: DepartmentKind;

  @Field(() => [String], { description: "Other names: the full official name and the short form used inside the document's lists." })
  aliases!: string[];

  @Field(() => Int, { description: "Order of first mention in the document, from 1." })
  ordinal!: number;

  @Field(() => Provenance, { description: "Where the record comes from." })
  provenance!: Provenance;
}

@InputType("DepartmentFilter", { description: "Narrows a list of departments." })
export class DepartmentFilter {
  @Field(() => DepartmentKind, { nullable: true, description: "Only departments of this kind." })
  kind?: DepartmentKind | null;
}

export const DepartmentConnection = connectionType(Department, "Department", "departments");
