import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { asTarget, type GroupNode, type SectionNode, type TargetNode } from "../graphql/nodes.js";
import { checkFormat, found } from "../graphql/validate.js";
import { targetFilterOf } from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { BeneficiaryGroup } from "../schema/instrument.js";
import { Measure, Plan, PolicySection } from "../schema/policy.js";
import { Target, TargetConnection, TargetFilter } from "../schema/target.js";
import { absoluteUrl, paths } from "../views/urls.js";
import { targetsConnection } from "../services/target.js";

@Resolver(() => Target)
export class TargetResolver {
  @Query(() => TargetConnection, { description: "Every quantitative target in the document, in document order." })
  targets(
    @Arg("filterBy", () => TargetFilter, { nullable: true, description: "Conditions the targets must meet." }) filterBy: TargetFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return targetsConnection(ctx.db, targetFilterOf(filterBy), args, asTarget);
  }

  @Query(() => Target, { nullable: true, description: "A target by its code, e.g. `supported-entrepreneurs`." })
  async target(@Arg("code", () => String, { description: "Target code." }) code: string, @Ctx() ctx: Context): Promise<TargetNode> {
    checkFormat(code, "slug", "code");
    return found(await ctx.loaders.target.load(code), "Target", `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => String, { description: "Canonical URL of its page on this service: absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/targets/supported-entrepreneurs`." })
  url(@Root() target: TargetNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.target(target.code));
  }

  @FieldResolver(() => PolicySection, { description: "The section of the document that sets the target." })
  async section(@Root() target: TargetNode, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(target.sectionCode))!;
  }

  @FieldResolver(() => Plan, { nullable: true, description: "The plan the target belongs to; null for the programme-wide work goals (工作目标)." })
  async plan(@Root() target: TargetNode, @Ctx() ctx: Context): Promise<SectionNode | null> {
    const section = (await ctx.loaders.section.load(target.sectionCode))!;
    if (section.kind === "PLAN") return section;
    if (section.kind === "MEASURE") return ctx.loaders.section.load(section.parentCode!);
    return null;
  }

  @FieldResolver(() => Measure, { nullable: true, description: "The measure that sets the target, when a measure (not a plan's goal) does." })
  async measure(@Root() target: TargetNode, @Ctx() ctx: Context): Promise<SectionNode | null> {
    const section = (await ctx.loaders.section.load(target.sectionCode))!;
    return section.kind === "MEASURE" ? section : null;
  }

  @FieldResolver(() => BeneficiaryGroup, { nullable: true, description: "The group the target is about, if any." })
  beneficiaryGroup(@Root() target: TargetNode, @Ctx() ctx: Context): Promise<GroupNode | null> | null {
    return target.beneficiaryGroupCode ? ctx.loaders.group.load(target.beneficiaryGroupCode) : null;
  }
}
