import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { MinimumWageRow } from "../db/schema/index.js";
import type { Context } from "../graphql/context.js";
import { type GroupNode, type InstrumentNode, type RegionNode, type SectionNode } from "../graphql/nodes.js";
import { ConnectionArgs } from "../schema/connection.js";
import { AmountBase, AmountFormula, EligibilityCriterion, GroupEligibility, MinimumWage, MinimumWageConnection, ResolvedAmount } from "../schema/eligibility.js";
import { BeneficiaryGroup, BeneficiaryGroupCode, SupportInstrument } from "../schema/instrument.js";
import { PolicySection } from "../schema/policy.js";
import { Region } from "../schema/region.js";
import { DateScalar } from "../schema/scalars.js";
import { applyRate, classIMinimumWages, groupMatch, minimumWagesConnection, wageForLeague, type Criterion } from "../services/eligibility.js";
import { regionsByParentCodes } from "../services/region.js";

export interface ResolvedAmountValue {
  amount: string;
  currency: "CNY";
  computation: string;
  regionCode: string;
  wage: MinimumWageRow;
}

export interface GroupEligibilityValue {
  match: "NAMED" | "CONDITIONAL" | "OPEN";
  groupCode: string;
  qualifiers: Criterion[];
}

const today = () => new Date().toISOString().slice(0, 10);

/** Relative amounts for every league from the minimum wages in force on `asOf`; [] when none is imported. */
export async function resolveForLeagues(ctx: Context, instrument: InstrumentNode, asOf: string): Promise<ResolvedAmountValue[]> {
  if (instrument.amountType !== "RELATIVE" || instrument.relativeBaseCode !== "CLASS_I_MINIMUM_WAGE") return [];
  const wages = await classIMinimumWages(ctx.db, asOf);
  if (wages.length === 0) return [];
  const leagues = await regionsByParentCodes(ctx.db, ["150000"]);
  return leagues.flatMap((l) => {
    const wage = wageForLeague(wages, l.code);
    return wage ? [{ ...applyRate(instrument.relativeRate!, wage.monthlyAmount), currency: "CNY" as const, regionCode: l.code, wage }] : [];
  });
}

@Resolver(() => SupportInstrument)
export class InstrumentEligibilityFieldsResolver {
  @FieldResolver(() => [EligibilityCriterion], { description: "Its conditions as typed criteria, each beside the document's words, in order." })
  criteria(@Root() instrument: InstrumentNode, @Ctx() ctx: Context): Promise<Criterion[]> {
    return ctx.loaders.instrumentCriteria.load(instrument.code);
  }

  @FieldResolver(() => AmountFormula, { nullable: true, description: "For a relative amount, its formula (rate × base); null otherwise." })
  amountFormula(@Root() instrument: InstrumentNode): AmountFormula | null {
    if (instrument.amountType !== "RELATIVE" || !instrument.relativeBaseCode) return null;
    return {
      rate: instrument.relativeRate!,
      base: instrument.relativeBaseCode as AmountBase,
      baseName: instrument.relativeBase!,
      baseNameEn: instrument.relativeBaseEn!,
      expression: `${instrument.relativeRate!.replace(/\.?0+$/, "")} × ${instrument.relativeBase}`,
    };
  }

  @FieldResolver(() => [ResolvedAmount], { description: "For a relative amount, the amount in CNY for each league, from the imported minimum wage in force on `asOf` (the league's own class-I figure, else the region's); empty when no minimum wage has been imported." })
  resolvedAmounts(
    @Root() instrument: InstrumentNode,
    @Ctx() ctx: Context,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "The day (default: today)." }) asOf: string | null,
  ): Promise<ResolvedAmountValue[]> {
    return resolveForLeagues(ctx, instrument, asOf ?? today());
  }

  @FieldResolver(() => GroupEligibility, { nullable: true, description: "How the instrument is open to a group — named, named with a qualifier (conditional), or open to all — with the qualifiers; null when it is not open to the group." })
  async groupMatch(
    @Root() instrument: InstrumentNode,
    @Arg("group", () => BeneficiaryGroupCode, { description: "The group." }) group: string,
    @Ctx() ctx: Context,
  ): Promise<GroupEligibilityValue | null> {
    const m = groupMatch(instrument, await ctx.loaders.instrumentCriteria.load(instrument.code), group);
    return m ? { ...m, groupCode: group } : null;
  }
}

@Resolver(() => EligibilityCriterion)
export class EligibilityCriterionResolver {
  @FieldResolver(() => PolicySection, { description: "The section its words come from." })
  async section(@Root() c: Criterion, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(c.sectionCode))!;
  }

  @FieldResolver(() => BeneficiaryGroup, { nullable: true, description: "For BENEFICIARY_GROUP: the group." })
  group(@Root() c: Criterion, @Ctx() ctx: Context): Promise<GroupNode | null> {
    return c.groupCode ? ctx.loaders.group.load(c.groupCode) : Promise.resolve(null);
  }

  @FieldResolver(() => BeneficiaryGroup, { nullable: true, description: "The one named group this condition qualifies (e.g. 离校两年内 qualifies 高校毕业生); null when it applies to everyone." })
  appliesToGroup(@Root() c: Criterion, @Ctx() ctx: Context): Promise<GroupNode | null> {
    return c.appliesToGroup ? ctx.loaders.group.load(c.appliesToGroup) : Promise.resolve(null);
  }
}

@Resolver(() => GroupEligibility)
export class GroupEligibilityResolver {
  @FieldResolver(() => BeneficiaryGroup, { description: "The group asked about." })
  async group(@Root() g: GroupEligibilityValue, @Ctx() ctx: Context): Promise<GroupNode> {
    return (await ctx.loaders.group.load(g.groupCode))!;
  }

  @FieldResolver(() => [EligibilityCriterion], { description: "The group's own qualifiers, which a person of the group must also meet (empty for NAMED and OPEN)." })
  qualifiers(@Root() g: GroupEligibilityValue): Criterion[] {
    return g.qualifiers;
  }
}

@Resolver(() => MinimumWage)
export class MinimumWageResolver {
  @Query(() => MinimumWageConnection, { description: "Imported monthly minimum wages (dataset `minimum-wages`), oldest first; empty until a table is imported — the project invents none." })
  minimumWages(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return minimumWagesConnection(ctx.db, args, (r) => ({ ...r, currency: "CNY" }));
  }

  @FieldResolver(() => Region, { description: "The region it applies to: 150000 for the region-wide standard of its class, or a league." })
  async region(@Root() w: MinimumWageRow, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(w.regionCode))!;
  }
}

@Resolver(() => ResolvedAmount)
export class ResolvedAmountResolver {
  @FieldResolver(() => Region, { description: "The league it is worked out for." })
  async region(@Root() a: ResolvedAmountValue, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(a.regionCode))!;
  }

  @FieldResolver(() => MinimumWage, { description: "The minimum wage it is based on, with its source." })
  minimumWage(@Root() a: ResolvedAmountValue): MinimumWageRow & { currency: "CNY" } {
    return { ...a.wage, currency: "CNY" };
  }
}
