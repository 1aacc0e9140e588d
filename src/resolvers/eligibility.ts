import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { MinimumWageRow } from "../db/schema/index.js";
import type { Context } from "../graphql/context.js";
import { supportInstruments } from "../db/schema/index.js";
import { badInput } from "../graphql/errors.js";
import { asInstrument, type GroupNode, type InstrumentNode, type RegionNode, type SectionNode } from "../graphql/nodes.js";
import { checkRegionCode } from "../graphql/validate.js";
import { ConnectionArgs } from "../schema/connection.js";
import {
  AmountBase,
  AmountFormula,
  CriterionCheck,
  EligibilityAnswer,
  EligibilityCriterion,
  EligibilityProfileInput,
  EligibilityStatus,
  GroupEligibility,
  GroupMatch,
  InstrumentConflict,
  InstrumentEligibility,
  MinimumWage,
  MinimumWageConnection,
  ResolvedAmount,
} from "../schema/eligibility.js";
import { AmountType, AmountUnit, BeneficiaryGroup, BeneficiaryGroupCode, PaymentFrequency, SupportInstrument } from "../schema/instrument.js";
import { PolicySection } from "../schema/policy.js";
import { Region } from "../schema/region.js";
import { DateScalar, DecimalScalar } from "../schema/scalars.js";
import {
  applyRate,
  classIMinimumWages,
  eligibleInstruments,
  groupMatch,
  minimumWagesConnection,
  wageForLeague,
  type Check,
  type Criterion,
  type EngineAnswer,
  type EngineResult,
  type Profile,
} from "../services/eligibility.js";
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

// ——— The engine ———

type AnswerValue = EngineAnswer & { count: number; includeNotEligible: boolean };

function toProfile(input: EligibilityProfileInput, regionCode: string | null, receivable: Set<string>): Profile {
  for (const [name, value] of [["monthsSinceLeavingSchool", input.monthsSinceLeavingSchool], ["monthsOperating", input.monthsOperating], ["monthsSinceInternship", input.monthsSinceInternship]] as const) {
    if (value != null && (value < 0 || value > 1200)) throw badInput(`profile.${name}`, `\`profile.${name}\` must be between 0 and 1200 months, not ${value}.`);
  }
  if (input.loanAmount != null && Number(input.loanAmount) < 0) throw badInput("profile.loanAmount", "`profile.loanAmount` cannot be negative.");
  const received = input.receivedInstruments ?? [];
  if (received.length > 100) throw badInput("profile.receivedInstruments", "`profile.receivedInstruments` takes at most 100 codes.");
  for (const code of received) {
    if (!receivable.has(code)) throw badInput("profile.receivedInstruments", `\`profile.receivedInstruments\`: ${JSON.stringify(code.slice(0, 80))} is not a support instrument code.`);
  }
  const groups = new Set(input.groups ?? []);
  // 登记失业人员 is a group of the document: registering as unemployed places the person in it.
  if (input.registeredUnemployed) groups.add("REGISTERED_UNEMPLOYED");
  return {
    applicant: input.applicant,
    groups: [...groups],
    regionCode,
    monthsSinceLeavingSchool: input.monthsSinceLeavingSchool ?? null,
    employed: input.employed ?? null,
    registeredUnemployed: input.registeredUnemployed ?? null,
    inGraduatingYear: input.inGraduatingYear ?? null,
    returningHome: input.returningHome ?? null,
    firstTimeFounder: input.firstTimeFounder ?? null,
    monthsOperating: input.monthsOperating ?? null,
    employsOthers: input.employsOthers ?? null,
    filesTaxes: input.filesTaxes ?? null,
    monthsSinceInternship: input.monthsSinceInternship ?? null,
    businessType: input.businessType ?? null,
    sector: input.sector ?? null,
    loanAmount: input.loanAmount ?? null,
    roles: [...new Set(input.roles ?? [])],
    receivedInstruments: received,
    asOf: input.asOf ?? today(),
  };
}

@Resolver(() => EligibilityAnswer)
export class EligibilityResolver {
  @Query(() => EligibilityAnswer, {
    description:
      "What can this person or business get? Every instrument of the document the profile may receive — ELIGIBLE, or CONDITIONAL with what is still to be shown — with the amount (a relative one resolved from the imported minimum wage where possible), why it applies (the conditions met, quoting the document), what would exclude it, and which of them cannot be combined.",
  })
  async eligibleInstruments(@Arg("profile", () => EligibilityProfileInput, { description: "Who is asking, in the document's terms." }) input: EligibilityProfileInput, @Ctx() ctx: Context): Promise<AnswerValue> {
    const regionCode = await checkRegionCode(ctx, input.regionCode, "profile.regionCode");
    const codes = new Set((await ctx.db.select({ code: supportInstruments.code }).from(supportInstruments)).map((r) => r.code));
    const answer = await eligibleInstruments(ctx.db, toProfile(input, regionCode, codes));
    return { ...answer, count: answer.results.length, includeNotEligible: input.includeNotEligible };
  }

  @FieldResolver(() => [InstrumentEligibility], { description: "The instruments the profile may receive, ELIGIBLE or CONDITIONAL, in document order." })
  instruments(@Root() a: AnswerValue): EngineResult[] {
    return a.results;
  }

  @FieldResolver(() => [InstrumentEligibility], { description: "With `includeNotEligible`, the instruments for this kind of applicant that a condition rules out, with why; empty otherwise." })
  notEligible(@Root() a: AnswerValue): EngineResult[] {
    return a.includeNotEligible ? a.notEligible : [];
  }

  @FieldResolver(() => [InstrumentConflict], { description: "Instruments of the answer that may not be drawn together with another instrument (of the answer, or one paid to someone else on the applicant's behalf, such as the incubation subsidy a base claims), with the document's words." })
  conflicts(@Root() a: AnswerValue): EngineAnswer["conflicts"] {
    return a.conflicts;
  }

  @FieldResolver(() => Region, { nullable: true, description: "The league relative amounts were resolved for (from `profile.regionCode`); null when none was given." })
  league(@Root() a: AnswerValue, @Ctx() ctx: Context): Promise<RegionNode | null> {
    return a.leagueCode ? ctx.loaders.region.load(a.leagueCode) : Promise.resolve(null);
  }
}

@Resolver(() => InstrumentEligibility)
export class InstrumentEligibilityResolver {
  @FieldResolver(() => SupportInstrument, { description: "The instrument." })
  instrument(@Root() r: EngineResult): InstrumentNode {
    return asInstrument({ ...r.verdict.instrument });
  }

  @FieldResolver(() => EligibilityStatus, { description: "Eligible, conditional (something still to be shown) or not eligible." })
  status(@Root() r: EngineResult): string {
    return r.verdict.status;
  }

  @FieldResolver(() => GroupMatch, { nullable: true, description: "How the instrument is open to the profile's groups: NAMED, CONDITIONAL (a group qualifier applies), OPEN (no group named); null for applicants that are not persons or businesses, or when not eligible." })
  groupMatch(@Root() r: EngineResult): string | null {
    return r.verdict.groupMatch;
  }

  @FieldResolver(() => [BeneficiaryGroup], { description: "The profile's groups through which the instrument applies; empty when it names no group." })
  async viaGroups(@Root() r: EngineResult, @Ctx() ctx: Context): Promise<GroupNode[]> {
    return (await ctx.loaders.group.loadMany(r.verdict.viaGroups)).filter((g): g is GroupNode => !!g && !(g instanceof Error));
  }

  @FieldResolver(() => AmountType, { description: "How to read `amount`." })
  amountType(@Root() r: EngineResult): string {
    return r.verdict.instrument.amountType === "RELATIVE" && r.amount !== null ? "FIXED" : r.verdict.instrument.amountType;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, description: "The amount in CNY: the document's figure, or a relative amount resolved from the imported class-I minimum wage (then `amountType` is FIXED); null when neither gives one." })
  amount(@Root() r: EngineResult): string | null {
    return r.amount;
  }

  @FieldResolver(() => String, { description: "Currency (ISO 4217)." })
  currency(): string {
    return "CNY";
  }

  @FieldResolver(() => AmountUnit, { description: "What the amount is counted per." })
  amountUnit(@Root() r: EngineResult): string {
    return r.verdict.instrument.amountUnit;
  }

  @FieldResolver(() => PaymentFrequency, { description: "How often it is paid." })
  payment(@Root() r: EngineResult): string {
    return r.verdict.instrument.payment;
  }

  @FieldResolver(() => String, { nullable: true, description: "For a relative amount: how it was computed, with the minimum wage's source, or why it could not be." })
  amountNote(@Root() r: EngineResult): string | null {
    return r.amountNote;
  }

  @FieldResolver(() => [CriterionCheck], { description: "Why it applies: the conditions the profile meets, quoting the document." })
  met(@Root() r: EngineResult): Check[] {
    return r.verdict.met;
  }

  @FieldResolver(() => [CriterionCheck], { description: "What would exclude it: the conditions still to be shown (if one fails, the instrument is lost)." })
  toShow(@Root() r: EngineResult): Check[] {
    return r.verdict.toShow;
  }

  @FieldResolver(() => [CriterionCheck], { description: "The conditions the profile fails (for NOT_ELIGIBLE)." })
  failed(@Root() r: EngineResult): Check[] {
    return r.verdict.failed;
  }

  @FieldResolver(() => [SupportInstrument], { description: "Instruments it may not be drawn together with (不得重复享受): choose one — also when the other is paid to someone else for the same business." })
  async conflictsWith(@Root() r: EngineResult, @Ctx() ctx: Context): Promise<InstrumentNode[]> {
    return (await ctx.loaders.instrument.loadMany(r.conflictsWith)).filter((i): i is InstrumentNode => !!i && !(i instanceof Error));
  }
}

@Resolver(() => InstrumentConflict)
export class InstrumentConflictResolver {
  @FieldResolver(() => [SupportInstrument], { description: "The two instruments." })
  async instruments(@Root() c: EngineAnswer["conflicts"][number], @Ctx() ctx: Context): Promise<InstrumentNode[]> {
    return (await ctx.loaders.instrument.loadMany(c.codes)).filter((i): i is InstrumentNode => !!i && !(i instanceof Error));
  }
}
