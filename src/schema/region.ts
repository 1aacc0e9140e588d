import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { Node } from "./node.js";

export enum RegionLevel {
  PROVINCE = "PROVINCE",
  LEAGUE = "LEAGUE",
  COUNTY = "COUNTY",
}
registerEnumType(RegionLevel, {
  name: "RegionLevel",
  description: "Administrative level of a region.",
  valuesConfig: {
    PROVINCE: { description: "The autonomous region itself (内蒙古自治区, 150000)." },
    LEAGUE: { description: "A league-level unit (盟市): 9 cities and 3 leagues." },
    COUNTY: { description: "A county-level unit (旗县市区): banner, county, county-level city or district." },
  },
});

@ObjectType("Region", { implements: Node, description: "An administrative division of Inner Mongolia, keyed by its GB/T 2260 code (NBS 2023 division codes)." })
export class Region extends Node {
  @Field(() => String, { description: "Six-digit GB/T 2260 code, e.g. `150100`. A string: leading digits matter." })
  code!: string;

  @Field(() => String, { description: "Chinese name, e.g. `呼和浩特市`." })
  name!: string;

  @Field(() => String, { description: "English name, e.g. `Hohhot City`." })
  nameEn!: string;

  @Field(() => String, { description: "Hanyu pinyin of the Chinese name, e.g. `Huhehaote Shi`." })
  pinyin!: string;

  @Field(() => RegionLevel, { description: "Administrative level." })
  level!: RegionLevel;

  @Field(() => Provenance, { description: "Where the record comes from: SOURCE, the official NBS division list (never sample data)." })
  provenance!: Provenance;
}

@InputType("RegionFilter", { description: "Narrows a list of regions." })
export class RegionFilter {
  @Field(() => RegionLevel, { nullable: true, description: "Only regions of this level." })
  level?: RegionLevel | null;

  @Field(() => String, { nullable: true, description: "Only the direct children of this region, by code." })
  parentCode?: string | null;
}

export const RegionConnection = connectionType(Region, "Region", "regions");
