import { absoluteUrl, paths } from "../views/urls.js";
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { FundMentionRow } from "../db/schema/index.js";
import type { Context } from "../graphql/context.js";
import { asFund, type FundNode, type InstrumentNode, type SectionNode } from "../graphql/nodes.js";
import { checkFormat, found } from "../graphql/validate.js";
import { ConnectionArgs } from "../schema/connection.js";
import { Fund, FundConnection, FundFilter, FundMention } from "../schema/fund.js";
import { SupportInstrument } from "../schema/instrument.js";
import { Measure, PolicySection } from "../schema/policy.js";
import { fundsConnection } from "../services/fund.js";
import { fundFilterOf } from "../graphql/list-filters.js";

@Resolver(() => Fund)
export class FundResolver {
  @Query(() => FundConnection, { description: "Every fund the document relies on, in order of first mention." })
  funds(
    @Arg("filterBy", () => FundFilter, { nullable: true, description: "Conditions the funds must meet." }) filterBy: FundFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return fundsConnection(ctx.db, fundFilterOf(filterBy), args, asFund);
  }

  @Query(() => Fund, { nullable: true, description: "A fund by its code, e.g. `employment-subsidy-fund`." })
  async fund(@Arg("code", () => String, { description: "Fund code." }) code: string, @Ctx() ctx: Context): Promise<FundNode> {
    checkFormat(code, "slug", "code");
    return found(await ctx.loaders.fund.load(code), "Fund", `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => String, { description: "Canonical URL of the fund's page: absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/funds/employment-subsidy-fund`." })
  url(@Root() fund: FundNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.fund(fund.code));
  }

  @FieldResolver(() => [SupportInstrument], { description: "The instruments that draw on or are paid from the fund, in document order." })
  instruments(@Root() fund: FundNode, @Ctx() ctx: Context): Promise<InstrumentNode[]> {
    return ctx.loaders.fundInstruments.load(fund.code);
  }

  @FieldResolver(() => [FundMention], { description: "Every place the document names the fund, in document order." })
  mentions(@Root() fund: FundNode, @Ctx() ctx: Context): Promise<FundMentionRow[]> {
    return ctx.loaders.fundMentions.load(fund.code);
  }

  @FieldResolver(() => [Measure], { description: "The measures that name the fund, in document order (a mention in the work requirements, e.g. 加强资金保障, is in `mentions` only)." })
  async measures(@Root() fund: FundNode, @Ctx() ctx: Context): Promise<SectionNode[]> {
    const mentions = await ctx.loaders.fundMentions.load(fund.code);
    const codes = [...new Set(mentions.map((m) => m.sectionCode))];
    const sections = await Promise.all(codes.map((c) => ctx.loaders.section.load(c)));
    return sections.filter((s): s is SectionNode => s?.kind === "MEASURE");
  }

  @FieldResolver(() => PolicySection, { description: "The section of the first mention." })
  async section(@Root() fund: FundNode, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(fund.sectionCode))!;
  }
}

@Resolver(() => FundMention)
export class FundMentionResolver {
  @FieldResolver(() => PolicySection, { description: "The section that names the fund." })
  async section(@Root() mention: FundMentionRow, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(mention.sectionCode))!;
  }
}
