import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Node } from "./node.js";
import { TargetUnit } from "./target.js";

export enum MetricKind {
  STOCK = "STOCK",
  FLOW = "FLOW",
}
registerEnumType(MetricKind, {
  name: "MetricKind",
  description: "Whether a metric's figure is a level at a moment or a total over a period.",
  valuesConfig: {
    STOCK: { description: "A level at the end of the period (e.g. bases recognised so far): the latest figure is the current one." },
    FLOW: { description: "A total during the period (e.g. people supported in the quarter): figures of successive periods add up over time." },
  },
});

export enum MetricAdditivity {
  ADDITIVE = "ADDITIVE",
  NOT_ADDITIVE = "NOT_ADDITIVE",
}
registerEnumType(MetricAdditivity, {
  name: "MetricAdditivity",
  description: "Whether the figures of parts (counties, leagues) add up to the figure of the whole.",
  valuesConfig: {
    ADDITIVE: { description: "They do: a league's figure is the sum of its counties', the region's the sum of its leagues' (derived where not reported)." },
    NOT_ADDITIVE: { description: "They do not (rates, shares, averages, per-unit norms): no sum is derived; `additivityNote` says why." },
  },
});

export enum MetricFrequency {
  QUARTERLY = "QUARTERLY",
  ANNUAL = "ANNUAL",
}
registerEnumType(MetricFrequency, {
  name: "MetricFrequency",
  description: "How often a metric's figures come.",
  valuesConfig: {
    QUARTERLY: { description: "Each quarter (periods such as `2023-Q2`)." },
    ANNUAL: { description: "Each year (periods such as `2023`)." },
  },
});

@ObjectType("Metric", { implements: Node, description: "What a target or an indicator series measures, and how its figures behave: stock or flow, unit, whether they add up across regions, how often they come." })
export class Metric extends Node {
  @Field(() => String, { description: "Machine name, as in `Target.metric` and `IndicatorObservation.metric` (e.g. `supported_entrepreneurs`)." })
  code!: string;

  @Field(() => String, { description: "What is measured, in Chinese." })
  name!: string;

  @Field(() => String, { description: "What is measured, in English." })
  nameEn!: string;

  @Field(() => TargetUnit, { description: "Unit of its figures." })
  unit!: TargetUnit;

  @Field(() => MetricKind, { description: "STOCK (a level at the period's end) or FLOW (a total during the period)." })
  kind!: MetricKind;

  @Field(() => MetricAdditivity, { description: "Whether figures of counties and leagues add up; only ADDITIVE metrics get derived league and region-wide figures." })
  additivity!: MetricAdditivity;

  @Field(() => String, { nullable: true, description: "Why a NOT_ADDITIVE metric is not summed, in Chinese; null for additive metrics." })
  additivityNote!: string | null;

  @Field(() => String, { nullable: true, description: "Why a NOT_ADDITIVE metric is not summed, in English; null for additive metrics." })
  additivityNoteEn!: string | null;

  @Field(() => MetricFrequency, { description: "How often its figures come." })
  frequency!: MetricFrequency;

  @Field(() => String, { description: "What one figure is, in Chinese." })
  description!: string;

  @Field(() => String, { description: "What one figure is, in English." })
  descriptionEn!: string;

  @Field(() => Int, { description: "Listing order (the document order of the targets), from 1." })
  ordinal!: number;
}

export const MetricConnection = connectionType(Metric, "Metric", "metrics");
