import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import type { TargetNode } from "../graphql/nodes.js";
import { indicatorFilterOf, MAX_LAST_N } from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { AS_OF_DESCRIPTION, checkAsOf } from "../graphql/as-of.js";
import { IndicatorObservation, IndicatorObservationConnection, IndicatorObservationFilter, IndicatorObservationRevision, TargetProgress, UnitProgress } from "../schema/progress.js";
import { DateTimeScalar, DecimalScalar } from "../schema/scalars.js";
import { Metric } from "../schema/metric.js";
import type { MetricNode } from "../graphql/nodes.js";
import { Region } from "../schema/region.js";
import type { RegionNode } from "../graphql/nodes.js";
import { Target } from "../schema/target.js";
import { indicatorsConnection, observationKey, revisionsAsOf, type ObservationRevision, type SeriesRow } from "../services/indicator.js";
import { publicProgress, type PublicUnitProgress as UnitNode } from "../services/progress.js";
import { loadTargetProgress } from "../loaders/index.js";

@Resolver(() => Target)
export class TargetProgressResolver {
  @FieldResolver(() => TargetProgress, { description: "How far the target is: current value, share of the target, and the series behind it." })
  async progress(
    @Root() target: TargetNode,
    @Ctx() ctx: Context,
    @Arg("asOf", () => DateTimeScalar, { nullable: true, description: `${AS_OF_DESCRIPTION} Applies to reported figures; see \`revisionsKept\`. Not to be confused with the field \`asOf\`, the end of the latest period behind the value.` }) asOf?: Date | null,
  ) {
    return publicProgress((await loadTargetProgress(ctx.loaders, target.code, checkAsOf(asOf)))!, target.value);
  }
}

/** An observation with the instant it was asked about (null: now), for its vintage fields. */
type ObservationNode = SeriesRow & { asOfInstant: Date | null };

/** A reported figure's vintages as known at the instant asked about; none for a derived sum (it has no vintages of its own). */
async function vintages(row: ObservationNode, ctx: Context): Promise<ObservationRevision[]> {
  if (row.method !== "REPORTED") return [];
  return revisionsAsOf(await ctx.loaders.observationRevisions.load(observationKey(row)), row.asOfInstant);
}

@Resolver(() => IndicatorObservation)
export class IndicatorObservationResolver {
  @FieldResolver(() => DateTimeScalar, {
    nullable: true,
    description:
      "When this value was recorded by the service (transaction time: the start of the import that wrote it), rounded up to the millisecond. Passed back as `asOf`, it shows this value; one millisecond earlier, what was there before. Null for a derived sum (`method` other than REPORTED): it is computed from its parts' current values, each with its own `recordedAt`.",
  })
  async recordedAt(@Root() row: ObservationNode, @Ctx() ctx: Context): Promise<Date | null> {
    const last = (await vintages(row, ctx)).at(-1);
    return last ? new Date(last.recordedAt) : null;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, description: "The value this one replaced when the figure was revised; null when it is the first value published for this metric, region and period." })
  async previousValue(@Root() row: ObservationNode, @Ctx() ctx: Context): Promise<string | null> {
    return (await vintages(row, ctx)).at(-2)?.value ?? null;
  }

  @FieldResolver(() => [IndicatorObservationRevision], { description: "Every value published for this metric, region and period, oldest first, as known at the as-of instant: the last one is this value. A figure never revised has one; a derived sum (`method` other than REPORTED) has none." })
  async revisions(@Root() row: ObservationNode, @Ctx() ctx: Context) {
    return (await vintages(row, ctx)).map((v) => ({ ...v, recordedAt: new Date(v.recordedAt), supersededAt: v.supersededAt === null ? null : new Date(v.supersededAt) }));
  }
}

@Resolver(() => UnitProgress)
export class UnitProgressResolver {
  @FieldResolver(() => Region, { description: "The county or league." })
  async region(@Root() unit: UnitNode, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(unit.regionCode))!;
  }
}

/** The most periods `lastN` may ask for: 100 years of quarters. */

@Resolver(() => IndicatorObservation)
export class IndicatorResolver {
  @Query(() => IndicatorObservationConnection, {
    description:
      "Indicator series per metric, region and period, ordered by metric, region and period end: the reported figures, and for additive metrics the figures of leagues and of the whole region (150000) derived by summing their parts where none is reported (`method`). SAMPLE data until official figures are imported.",
  })
  async indicatorObservations(
    @Arg("filterBy", () => IndicatorObservationFilter, { nullable: true, description: "Conditions the observations must meet." }) filterBy: IndicatorObservationFilter | null,
    @Arg("startPeriod", () => String, { nullable: true, description: "As SDMX's startPeriod: only periods starting on or after the start of this year (`2023`) or quarter (`2023-Q2`)." }) startPeriod: string | null,
    @Arg("endPeriod", () => String, { nullable: true, description: "As SDMX's endPeriod: only periods ending on or before the end of this year (`2023`) or quarter (`2023-Q2`)." }) endPeriod: string | null,
    @Arg("lastN", () => Int, { nullable: true, description: `As SDMX's lastNObservations (the World Bank API's mrv): only the latest n periods of each series (metric × region), after the other conditions; 1 to ${MAX_LAST_N}.` }) lastN: number | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Arg("asOf", () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ) {
    const filter = await indicatorFilterOf(ctx, filterBy, { asOf, startPeriod, endPeriod, lastN });
    const asOfInstant = filter.asOf;
    return indicatorsConnection(ctx.db, filter, args, (r): ObservationNode => ({ ...r, asOfInstant }));
  }

  @FieldResolver(() => Metric, { description: "The metric, with its metadata: unit, stock or flow, additivity, frequency." })
  async metricInfo(@Root() observation: SeriesRow, @Ctx() ctx: Context): Promise<MetricNode> {
    return (await ctx.loaders.metric.load(observation.metric))!;
  }

  @FieldResolver(() => Region, { description: "The region the figure is for." })
  async region(@Root() observation: SeriesRow, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(observation.regionCode))!;
  }
}
