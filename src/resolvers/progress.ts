import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import type { TargetNode } from "../graphql/nodes.js";
import { checkRegionCode } from "../graphql/validate.js";
import { ConnectionArgs } from "../schema/connection.js";
import { IndicatorObservationConnection, IndicatorObservationFilter, TargetProgress } from "../schema/progress.js";
import { Target } from "../schema/target.js";
import { indicatorsConnection } from "../services/indicator.js";
import type { TargetProgress as Progress } from "../services/progress.js";

function toGraphQL(p: Progress) {
  return { ...p, provenance: p.sample ? "SAMPLE" : "SOURCE" };
}

@Resolver(() => Target)
export class TargetProgressResolver {
  @FieldResolver(() => TargetProgress, { description: "How far the target is: current value, share of the target, and the series behind it." })
  async progress(@Root() target: TargetNode, @Ctx() ctx: Context) {
    return toGraphQL((await ctx.loaders.targetProgress.load(target.code))!);
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
    const filter = {
      metric: filterBy?.metric ?? null,
      regionCode: await checkRegionCode(ctx, filterBy?.regionCode, "filterBy.regionCode"),
      periodEndFrom: filterBy?.periodEndFrom ?? null,
      periodEndTo: filterBy?.periodEndTo ?? null,
    };
    return indicatorsConnection(ctx.db, filter, args, (r) => r);
  }
}
