import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { nodeColumns, nodesSelect } from "../graphql/lookahead.js";
import type { DepartmentRow } from "../db/schema/index.js";
import { asDepartment, asSection, type DocumentNode, type InstrumentNode, type SectionNode, type TargetNode } from "../graphql/nodes.js";
import { checkFormat, found } from "../graphql/validate.js";
import { measureFilterOf } from "../graphql/list-filters.js";
import { documentByNumber, MEASURE_LIST_COLUMNS, measuresConnection, sectionColumns, programmeStatus, sectionsOfKind, type ProgrammeStatusValue } from "../services/policy.js";
import { sectionsAt } from "../loaders/index.js";
import { checkAsOf, POLICY_AS_OF_DESCRIPTION } from "../graphql/as-of.js";
import { DateScalar, DateTimeScalar } from "../schema/scalars.js";
import { ConnectionArgs } from "../schema/connection.js";
import { Department } from "../schema/department.js";
import { SupportInstrument } from "../schema/instrument.js";
import { Measure, MeasureConnection, MeasureFilter, Plan, PolicyDocument, PolicySection, PolicySectionRevision, ProgrammeStatus } from "../schema/policy.js";
import { Target } from "../schema/target.js";
import { asDocument } from "../graphql/nodes.js";
import { absoluteUrl, paths, sectionPath } from "../views/urls.js";

/** A section asked for as of an instant (`asOfInstant`): its text then, and the instant goes on to its parent, children and revisions. */
type SectionAt = SectionNode & { asOfInstant?: Date | null };

/** Sections with their text as of `at` (unchanged for null: now). */
const textAt = <S extends SectionNode | null>(ctx: Context, sections: S[], at: Date | null | undefined): Promise<S[]> => sectionsAt(ctx.loaders, sections, at);

const one = async <S extends SectionNode | null>(ctx: Context, section: S, at: Date | null | undefined): Promise<S> => (await textAt(ctx, [section], at))[0]!;

@Resolver()
export class PolicyQueryResolver {
  @Query(() => PolicyDocument, { nullable: true, description: "A policy document by its document number, e.g. `内政办发〔2022〕31号`." })
  async policyDocument(
    @Arg("docNumber", () => String, { description: "The document number (发文字号) exactly as printed, e.g. `内政办发〔2022〕31号`." }) docNumber: string,
    @Ctx() ctx: Context,
  ): Promise<DocumentNode> {
    const row = docNumber.length <= 100 ? await documentByNumber(ctx.db, docNumber) : null;
    return found(row && asDocument(row), "PolicyDocument", `the document number ${JSON.stringify(docNumber.slice(0, 100))}`);
  }

  @Query(() => [Plan], { description: "The seven plans of the programme, in document order." })
  async plans(@Ctx() ctx: Context): Promise<SectionNode[]> {
    return (await sectionsOfKind(ctx.db, "PLAN")).map(asSection);
  }

  @Query(() => Plan, { nullable: true, description: "A plan by its code, `P1` … `P7`." })
  async plan(
    @Arg("code", () => String, { description: "Plan code, `P1` … `P7`." }) code: string,
    @Ctx() ctx: Context,
    @Arg("asOf", () => DateTimeScalar, { nullable: true, description: POLICY_AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<SectionNode> {
    checkFormat(code, "planCode", "code");
    const at = checkAsOf(asOf);
    return found(await one(ctx, await ctx.loaders.section.load(code), at), "Plan", `the code ${JSON.stringify(code)}`);
  }

  @Query(() => MeasureConnection, { description: "The 22 measures in document order, optionally narrowed by plan, department or beneficiary group." })
  measures(
    @Arg("filterBy", () => MeasureFilter, { nullable: true, description: "Conditions the measures must meet." }) filterBy: MeasureFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const filter = measureFilterOf(filterBy);
    // The departments the query will ask for come with the page (one statement, not two).
    const primeDepartments = nodesSelect(info, ["departments"])
      ? (code: string, departments: DepartmentRow[]) => ctx.loaders.measureDepartments.prime(code, departments.map(asDepartment))
      : undefined;
    // Only the columns the selected fields read (the id comes from the code and kind).
    const columns = nodeColumns(info, sectionColumns, { always: MEASURE_LIST_COLUMNS, resolvedFrom: { id: ["code", "kind"], departments: ["code"] } });
    return measuresConnection(ctx.db, filter, args, asSection, primeDepartments, columns);
  }

  @Query(() => Measure, { nullable: true, description: "A measure by its code, `P1-M1` … `P7-M4` (plan number, measure number)." })
  async measure(
    @Arg("code", () => String, { description: "Measure code, e.g. `P1-M1`." }) code: string,
    @Ctx() ctx: Context,
    @Arg("asOf", () => DateTimeScalar, { nullable: true, description: POLICY_AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<SectionNode> {
    checkFormat(code, "measureCode", "code");
    const at = checkAsOf(asOf);
    const section = await ctx.loaders.section.load(code);
    return found(await one(ctx, section?.kind === "MEASURE" ? section : null, at), "Measure", `the code ${JSON.stringify(code)}`);
  }

  @Query(() => PolicySection, { nullable: true, description: "Any section of the document by its code (`PREAMBLE`, `C1`, `C1-2-1`, `P1`, `P1-M1`, `C3-4`…)." })
  async policySection(
    @Arg("code", () => String, { description: "Section code." }) code: string,
    @Ctx() ctx: Context,
    @Arg("asOf", () => DateTimeScalar, { nullable: true, description: POLICY_AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<SectionNode> {
    checkFormat(code, "sectionCode", "code");
    const at = checkAsOf(asOf);
    return found(await one(ctx, await ctx.loaders.section.load(code), at), "PolicySection", `the code ${JSON.stringify(code)}`);
  }
}

@Resolver(() => PolicyDocument)
export class PolicyDocumentResolver {
  @FieldResolver(() => String, { description: "Canonical URL of its page on this service: absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/documents/nzbf-2022-31`." })
  url(@Root() doc: DocumentNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.document(doc.slug));
  }

  @FieldResolver(() => [PolicySection], { description: "The top of the document tree: the preamble and the three chapters, in order." })
  sections(@Root() doc: DocumentNode, @Ctx() ctx: Context): Promise<SectionNode[]> {
    return ctx.loaders.documentRootSections.load(doc.slug);
  }

  @FieldResolver(() => [Plan], { description: "The plans of the document, in order." })
  async plans(@Root() doc: DocumentNode, @Ctx() ctx: Context): Promise<SectionNode[]> {
    const chapters = await ctx.loaders.documentRootSections.load(doc.slug);
    const children = await ctx.loaders.sectionChildren.loadMany(chapters.map((c) => c.code));
    return children.flatMap((c) => (c instanceof Error ? [] : c)).filter((s) => s.kind === "PLAN");
  }

  @FieldResolver(() => ProgrammeStatus, { description: "Whether the programme is in force on a date (today in China by default): `IN_FORCE`, or `ENDED` after 2025-12-31, with the date it ended." })
  status(@Root() doc: DocumentNode, @Arg("asOf", () => DateScalar, { nullable: true, description: "The date to answer for (ISO `YYYY-MM-DD`); default today in China (UTC+8)." }) asOf?: string | null): ProgrammeStatusValue {
    return programmeStatus(doc, asOf ?? undefined);
  }
}

/** Fields every section type has; type-graphql applies interface field resolvers to Plan, Measure and DocumentSection. */
@Resolver(() => PolicySection)
export class PolicySectionResolver {
  @FieldResolver(() => String, { description: "Canonical URL of the section: its own page for a plan or a measure (`/measures/P1-M1`), else its anchor in the document page (`/documents/nzbf-2022-31#C1`); absolute when the service knows its public address (PUBLIC_BASE_URL)." })
  url(@Root() section: SectionNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, sectionPath(section));
  }

  @FieldResolver(() => PolicyDocument, { description: "The document this section belongs to." })
  async document(@Root() section: SectionNode, @Ctx() ctx: Context): Promise<DocumentNode> {
    return (await ctx.loaders.document.load(section.documentSlug))!;
  }

  @FieldResolver(() => PolicySection, { nullable: true, description: "The enclosing section; null at the top of the tree." })
  parent(@Root() section: SectionAt, @Ctx() ctx: Context): Promise<SectionNode | null> | null {
    if (!section.parentCode) return null;
    const parent = ctx.loaders.section.load(section.parentCode);
    return section.asOfInstant ? parent.then((p) => one(ctx, p, section.asOfInstant)) : parent;
  }

  @FieldResolver(() => [PolicySection], { description: "The sections directly inside this one, in order." })
  children(@Root() section: SectionAt, @Ctx() ctx: Context): Promise<SectionNode[]> {
    const children = ctx.loaders.sectionChildren.load(section.code);
    return section.asOfInstant ? children.then((c) => textAt(ctx, c, section.asOfInstant)) : children;
  }

  @FieldResolver(() => [PolicySectionRevision], {
    description: "Earlier texts of this section, oldest first, each with when it was corrected: the text is kept whenever it changes. Empty when it was never corrected (as known at the as-of instant the section was asked for).",
  })
  async revisions(@Root() section: SectionAt, @Ctx() ctx: Context) {
    const all = await ctx.loaders.sectionRevisions.load(section.code);
    const at = section.asOfInstant?.getTime() ?? Infinity;
    return all
      .filter((r) => r.supersededAt <= at)
      .map((r, i, list) => ({ ...r, recordedAt: i > 0 ? new Date(list[i - 1]!.supersededAt) : null, supersededAt: new Date(r.supersededAt) }));
  }

  @FieldResolver(() => ProgrammeStatus, {
    description: "Whether this plan, measure or section applies on a date (today in China by default). No part of the document sets a period of its own: each has the programme's status — `IN_FORCE` from the signature to 2025-12-31, `ENDED` after it, with the date it ended.",
  })
  async status(
    @Root() section: SectionNode,
    @Ctx() ctx: Context,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "The date to answer for (ISO `YYYY-MM-DD`); default today in China (UTC+8)." }) asOf?: string | null,
  ): Promise<ProgrammeStatusValue> {
    return programmeStatus((await ctx.loaders.document.load(section.documentSlug))!, asOf ?? undefined);
  }
}

@Resolver(() => Plan)
export class PlanResolver {
  @FieldResolver(() => String, { description: "The plan's stated goal, exactly as published (the same text as `body`)." })
  goal(@Root() plan: SectionNode): string {
    return plan.body;
  }

  @FieldResolver(() => [Measure], { description: "The plan's measures, in order." })
  measures(@Root() plan: SectionAt, @Ctx() ctx: Context): Promise<SectionNode[]> {
    const measures = ctx.loaders.sectionChildren.load(plan.code);
    return plan.asOfInstant ? measures.then((m) => textAt(ctx, m, plan.asOfInstant)) : measures;
  }

  @FieldResolver(() => [Target], { description: "Targets set in the plan's goal or in its measures, in document order." })
  async targets(@Root() plan: SectionNode, @Ctx() ctx: Context): Promise<TargetNode[]> {
    const measures = await ctx.loaders.sectionChildren.load(plan.code);
    const lists = await ctx.loaders.sectionTargets.loadMany([plan.code, ...measures.map((m) => m.code)]);
    return lists.flatMap((l) => (l instanceof Error ? [] : l));
  }

  @FieldResolver(() => [SupportInstrument], { description: "Support instruments granted by the plan's measures, in document order." })
  async supportInstruments(@Root() plan: SectionNode, @Ctx() ctx: Context): Promise<InstrumentNode[]> {
    const measures = await ctx.loaders.sectionChildren.load(plan.code);
    const lists = await ctx.loaders.sectionInstruments.loadMany(measures.map((m) => m.code));
    return lists.flatMap((l) => (l instanceof Error ? [] : l));
  }
}

@Resolver(() => Measure)
export class MeasureResolver {
  @FieldResolver(() => Plan, { description: "The plan this measure belongs to." })
  async plan(@Root() measure: SectionAt, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await one(ctx, await ctx.loaders.section.load(measure.parentCode!), measure.asOfInstant))!;
  }

  @FieldResolver(() => [Department], { description: "The parties responsible for the measure, in the order the document lists them." })
  departments(@Root() measure: SectionNode, @Ctx() ctx: Context) {
    return ctx.loaders.measureDepartments.now(measure.code);
  }

  @FieldResolver(() => [Target], { description: "Targets the measure sets, in document order." })
  targets(@Root() measure: SectionNode, @Ctx() ctx: Context): Promise<TargetNode[]> {
    return ctx.loaders.sectionTargets.load(measure.code);
  }

  @FieldResolver(() => [SupportInstrument], { description: "Support instruments the measure grants, in document order." })
  supportInstruments(@Root() measure: SectionNode, @Ctx() ctx: Context): Promise<InstrumentNode[]> {
    return ctx.loaders.sectionInstruments.load(measure.code);
  }
}
