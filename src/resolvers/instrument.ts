import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { asGroup, asInstrument, type FundNode, type GroupNode, type InstrumentNode, type SectionNode } from "../graphql/nodes.js";
import { checkFormat, found } from "../graphql/validate.js";
import { instrumentFilterOf } from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { BeneficiaryGroup, BeneficiaryGroupCode, SupportInstrument, SupportInstrumentConnection, SupportInstrumentFilter } from "../schema/instrument.js";
import { Fund } from "../schema/fund.js";
import { Measure, Plan } from "../schema/policy.js";
import { absoluteUrl, paths } from "../views/urls.js";
import { instrumentsConnection, listBeneficiaryGroups } from "../services/instrument.js";

@Resolver(() => SupportInstrument)
export class SupportInstrumentResolver {
  @Query(() => SupportInstrumentConnection, { description: "Every subsidy, reward, loan rule and personnel rule in the document, in document order. Filter by `beneficiaryGroup` to ask what a group can get; ask `eligibleInstruments` for one person's or business's answer." })
  supportInstruments(
    @Arg("filterBy", () => SupportInstrumentFilter, { nullable: true, description: "Conditions the instruments must meet." }) filterBy: SupportInstrumentFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return instrumentsConnection(ctx.db, instrumentFilterOf(filterBy), args, asInstrument);
  }

  @Query(() => SupportInstrument, { nullable: true, description: "A support instrument by its code, e.g. `one-time-startup-subsidy`." })
  async supportInstrument(@Arg("code", () => String, { description: "Instrument code." }) code: string, @Ctx() ctx: Context): Promise<InstrumentNode> {
    checkFormat(code, "slug", "code");
    return found(await ctx.loaders.instrument.load(code), "SupportInstrument", `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => String, { description: "Canonical URL of its page on this service: absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/instruments/one-time-startup-subsidy`." })
  url(@Root() instrument: InstrumentNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.instrument(instrument.code));
  }

  @FieldResolver(() => Measure, { description: "The measure that grants the instrument." })
  async measure(@Root() instrument: InstrumentNode, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(instrument.sectionCode))!;
  }

  @FieldResolver(() => Plan, { description: "The plan of that measure." })
  async plan(@Root() instrument: InstrumentNode, @Ctx() ctx: Context): Promise<SectionNode> {
    const measure = (await ctx.loaders.section.load(instrument.sectionCode))!;
    return (await ctx.loaders.section.load(measure.parentCode!))!;
  }

  @FieldResolver(() => [BeneficiaryGroup], { description: "The groups the document names as eligible, in its order; empty when it names none (open to all who qualify)." })
  eligibleGroups(@Root() instrument: InstrumentNode, @Ctx() ctx: Context): Promise<GroupNode[]> {
    return ctx.loaders.instrumentGroups.load(instrument.code);
  }

  @FieldResolver(() => [Fund], { description: "The funds it draws on or is paid from, as the document names them; empty when it names none." })
  funds(@Root() instrument: InstrumentNode, @Ctx() ctx: Context): Promise<FundNode[]> {
    return ctx.loaders.instrumentFunds.load(instrument.code);
  }

  @FieldResolver(() => [SupportInstrument], { description: "Instruments that may not be drawn together with this one (不得重复享受)." })
  exclusiveWith(@Root() instrument: InstrumentNode, @Ctx() ctx: Context): Promise<InstrumentNode[]> {
    return ctx.loaders.instrumentExclusions.load(instrument.code);
  }
}

@Resolver(() => BeneficiaryGroup)
export class BeneficiaryGroupResolver {
  @Query(() => [BeneficiaryGroup], { description: "The groups the document singles out for support, in order of first mention." })
  async beneficiaryGroups(@Ctx() ctx: Context): Promise<GroupNode[]> {
    return (await listBeneficiaryGroups(ctx.db)).map(asGroup);
  }

  @Query(() => BeneficiaryGroup, { nullable: true, description: "A beneficiary group by its code." })
  async beneficiaryGroup(@Arg("code", () => BeneficiaryGroupCode, { description: "The group's code." }) code: string, @Ctx() ctx: Context): Promise<GroupNode> {
    return found(await ctx.loaders.group.load(code), "BeneficiaryGroup", `the code ${code}`);
  }

  @FieldResolver(() => String, { description: "Canonical URL of the group's page (what a person of the group can get): absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/groups/VETERANS`." })
  url(@Root() group: GroupNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.group(group.code));
  }

  @FieldResolver(() => [SupportInstrument], { description: "The instruments open to a person of this group, in document order: named, named with a qualifier, or open to every person (the rule of `supportInstruments(filterBy: { beneficiaryGroup })`); `groupMatch(group:)` tells which." })
  supportInstruments(@Root() group: GroupNode, @Ctx() ctx: Context): Promise<InstrumentNode[]> {
    return ctx.loaders.groupInstruments.load(group.code);
  }
}
