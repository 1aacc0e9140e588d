import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import type { TargetNode } from "../graphql/nodes.js";
import { indicatorFilterOf } from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { IndicatorObservationConnection, IndicatorObservationFilter, TargetProgress, UnitProgress } from "../schema/progress.js";
import { Region } from "../schema/region.js";
import type { RegionNode } from "../graphql/nodes.js";
import { Target } from "../schema/target.js";
import { indicatorsConnection } from "../services/indicator.js";
import type { TargetProgress as Progress } from "../services/progress.js";

interface UnitNode {
  regionCode: string;
  value: string;
  met: boolean;
  shortBy: string;
}

/** Target value − value, exactly (both are integers or 2-decimal amounts), or 0 when met. */
function shortBy(target: string, value: string, met: boolean): string {
  if (met) return "0";
  const cents = (v: string) => BigInt(Math.round(Number(v) * 100));
  const d = cents(target) - cents(value);
  return d % 100n === 0n ? String(d / 100n) : (Number(d) / 100).toFixed(2);
}

function toGraphQL(p: Progress, targetValue: string) {
  const units: UnitNode[] | null = p.units?.map((u) => ({ ...u, shortBy: shortBy(targetValue, u.value, u.met) })) ?? null;
  return { ...p, units, shortfalls: units?.filter((u) => !u.met) ?? null, provenance: p.sample ? "SAMPLE" : "SOURCE" };
}

@Resolver(() => Target)
export class TargetProgressResolver {
  @FieldResolver(() => TargetProgress, { description: "How far the target is: current value, share of the target, and the series behind it." })
  async progress(@Root() target: TargetNode, @Ctx() ctx: Context) {
    return toGraphQL((await ctx.loaders.targetProgress.load(target.code))!, target.value);
  }
}

@Resolver(() => UnitProgress)
export class UnitProgressResolver {
  @FieldResolver(() => Region, { description: "The county or league." })
  async region(@Root() unit: UnitNode, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(unit.regionCode))!;
  }
}

@Resolver()
export class IndicatorResolver {
  @Query(() => IndicatorObservationConnection, { description: "Reported figures per metric, region and period, ordered by metric, region and period. SAMPLE data until official figures are imported." })
  async indicatorObservations(
    @Arg("filterBy", () => IndicatorObservationFilter, { nullable: true, description: "Conditions the observations must meet." }) filterBy: IndicatorObservationFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return indicatorsConnection(ctx.db, await indicatorFilterOf(ctx, filterBy), args, (r) => r);
  }
}
