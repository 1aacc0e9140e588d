import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { asMetric, type MetricNode, type TargetNode } from "../graphql/nodes.js";
import { found } from "../graphql/validate.js";
import { ConnectionArgs } from "../schema/connection.js";
import { Metric, MetricConnection } from "../schema/metric.js";
import { Target } from "../schema/target.js";
import { metricsConnection } from "../services/metric.js";

const METRIC_CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

@Resolver(() => Metric)
export class MetricResolver {
  @Query(() => MetricConnection, { description: "Every metric a target or an indicator series measures, with its metadata, in the document order of the targets." })
  metrics(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return metricsConnection(ctx.db, args, asMetric);
  }

  @Query(() => Metric, { nullable: true, description: "A metric by its code, e.g. `supported_entrepreneurs`." })
  async metric(@Arg("code", () => String, { description: "Metric code." }) code: string, @Ctx() ctx: Context): Promise<MetricNode> {
    if (code.length > 100 || !METRIC_CODE.test(code)) throw badInput("code", `\`code\` ${JSON.stringify(code.slice(0, 100))} is not well-formed: expected a metric code such as \`supported_entrepreneurs\`.`);
    return found(await ctx.loaders.metric.load(code), "Metric", `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => Target, { nullable: true, description: "The target that measures this metric, if any." })
  target(@Root() metric: MetricNode, @Ctx() ctx: Context): Promise<TargetNode | null> {
    return ctx.loaders.metricTarget.load(metric.code);
  }
}

@Resolver(() => Target)
export class TargetMetricResolver {
  @FieldResolver(() => Metric, { description: "The metric measured, with its metadata (unit, stock or flow, additivity, frequency)." })
  async metricInfo(@Root() target: TargetNode, @Ctx() ctx: Context): Promise<MetricNode> {
    return (await ctx.loaders.metric.load(target.metric))!;
  }
}
