import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import {
  asEvent,
  asLecturer,
  asMentor,
  asMentorTeam,
  asModelEntrepreneur,
  asPilotZone,
  asProject,
  asServicePoint,
  asTraining,
  type EventNode,
  type GroupNode,
  type LecturerNode,
  type MentorNode,
  type MentorTeamNode,
  type ModelEntrepreneurNode,
  type PilotZoneNode,
  type ProjectNode,
  type RegionNode,
  type SectionNode,
  type ServicePointNode,
  type TargetNode,
  type TrainingNode,
} from "../graphql/nodes.js";
import { found } from "../graphql/validate.js";
import {
  checkCode,
  eventFilterOf,
  lecturerFilterOf,
  mentorFilterOf,
  mentorTeamFilterOf,
  modelEntrepreneurFilterOf,
  orderOf,
  projectFilterOf,
  servicePointFilterOf,
  trainingFilterOf,
} from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { BeneficiaryGroup } from "../schema/instrument.js";
import { Measure } from "../schema/policy.js";
import { Region } from "../schema/region.js";
import {
  EntrepreneurshipEvent,
  EntrepreneurshipEventConnection,
  EntrepreneurshipEventFilter,
  EntrepreneurshipEventOrder,
  LibraryProject,
  LibraryProjectConnection,
  LibraryProjectFilter,
  LibraryProjectOrder,
  Mentor,
  MentorConnection,
  MentorFilter,
  MentorTeam,
  MentorTeamConnection,
  MentorTeamFilter,
  ModelEntrepreneur,
  ModelEntrepreneurConnection,
  ModelEntrepreneurFilter,
  PilotZone,
  ServicePoint,
  ServicePointConnection,
  ServicePointFilter,
  TrainingDelivery,
  TrainingDeliveryConnection,
  TrainingDeliveryFilter,
  TrainingLecturer,
  TrainingLecturerConnection,
  TrainingLecturerFilter,
  TrainingTotals,
} from "../schema/service-system.js";
import { Target } from "../schema/target.js";
import {
  allPilotZones,
  COUNTS_TOWARD,
  eventMeasure,
  eventsConnection,
  lecturersConnection,
  mentorsConnection,
  mentorTeamsConnection,
  modelEntrepreneursConnection,
  projectsConnection,
  servicePointMeasure,
  servicePointsConnection,
  trainingConnection,
  trainingTotals,
} from "../services/service-system.js";

const SAMPLE_NOTE = "SAMPLE data (names start with 〔示例〕) until official files are imported.";
const FILTER = "Conditions the records must meet.";

async function targets(ctx: Context, codes: readonly string[]): Promise<TargetNode[]> {
  return (await ctx.loaders.target.loadMany([...codes])).filter((t): t is TargetNode => t !== null && !(t instanceof Error));
}
const region = async (ctx: Context, code: string): Promise<RegionNode> => (await ctx.loaders.region.load(code))!;
const COUNTS_TOWARD_TEXT = "The targets this record counts toward (their `progress` is computed from this dataset).";

@Resolver(() => LibraryProject)
export class LibraryProjectResolver {
  @Query(() => LibraryProjectConnection, { description: `The entrepreneurship project library (创业项目资源库, P3-M1): projects collected by each county and published to society. ${SAMPLE_NOTE}` })
  async projectLibrary(
    @Arg("filterBy", () => LibraryProjectFilter, { nullable: true, description: FILTER }) filterBy: LibraryProjectFilter | null,
    @Arg("orderBy", () => LibraryProjectOrder, { nullable: true, description: "Ordering; by default by code, ascending." }) orderBy: LibraryProjectOrder | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return projectsConnection(ctx.db, await projectFilterOf(ctx, filterBy), orderOf(orderBy, "CODE"), args, asProject);
  }

  @FieldResolver(() => Region, { description: "The county-level unit that collected it." })
  region(@Root() p: ProjectNode, @Ctx() ctx: Context) {
    return region(ctx, p.countyCode);
  }

  @FieldResolver(() => Region, { description: "The league of that county." })
  league(@Root() p: ProjectNode, @Ctx() ctx: Context) {
    return region(ctx, p.leagueCode);
  }

  @FieldResolver(() => [Target], { description: COUNTS_TOWARD_TEXT })
  countsToward(@Root() _p: ProjectNode, @Ctx() ctx: Context) {
    return targets(ctx, COUNTS_TOWARD.project);
  }
}

@Resolver(() => MentorTeam)
export class MentorTeamResolver {
  @Query(() => MentorTeamConnection, { description: `Entrepreneurship mentor teams (创业导师服务团, P3-M2) of the leagues and counties, by code. ${SAMPLE_NOTE}` })
  async mentorTeams(
    @Arg("filterBy", () => MentorTeamFilter, { nullable: true, description: FILTER }) filterBy: MentorTeamFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return mentorTeamsConnection(ctx.db, await mentorTeamFilterOf(ctx, filterBy), args, asMentorTeam);
  }

  @Query(() => MentorConnection, { description: `Members of the mentor teams: a public name and a field each, by code. ${SAMPLE_NOTE}` })
  async mentors(
    @Arg("filterBy", () => MentorFilter, { nullable: true, description: FILTER }) filterBy: MentorFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return mentorsConnection(ctx.db, await mentorFilterOf(ctx, filterBy), args, asMentor);
  }

  @Query(() => MentorTeam, { nullable: true, description: "One mentor team, by its code (e.g. `S-MT-150102` in the sample)." })
  async mentorTeam(@Arg("code", () => String, { description: "The team's code." }) code: string, @Ctx() ctx: Context): Promise<MentorTeamNode> {
    checkCode(code, "code");
    return found(await ctx.loaders.mentorTeam.load(code), "MentorTeam", `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => Region, { description: "The league or county whose team it is." })
  region(@Root() t: MentorTeamNode, @Ctx() ctx: Context) {
    return region(ctx, t.regionCode);
  }

  @FieldResolver(() => Region, { description: "The league (the region itself for a league's team)." })
  league(@Root() t: MentorTeamNode, @Ctx() ctx: Context) {
    return region(ctx, t.leagueCode);
  }

  @FieldResolver(() => Int, { description: "How many members the team has (a county team should have at least 10)." })
  memberCount(@Root() t: MentorTeamNode, @Ctx() ctx: Context) {
    return ctx.loaders.mentorTeamSize.load(t.code);
  }

  @FieldResolver(() => MentorConnection, { description: "The team's members, by code." })
  members(@Root() t: MentorTeamNode, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return mentorsConnection(ctx.db, { teamCode: t.code }, args, asMentor);
  }

  @FieldResolver(() => [Target], { description: "The targets the team counts toward: a county team's members count toward the ≥ 10 members norm; a league team counts toward none." })
  countsToward(@Root() t: MentorTeamNode, @Ctx() ctx: Context) {
    return targets(ctx, COUNTS_TOWARD.mentorTeam(t.level));
  }
}

@Resolver(() => Mentor)
export class MentorResolver {
  @FieldResolver(() => MentorTeam, { description: "The team the mentor belongs to." })
  async team(@Root() m: MentorNode, @Ctx() ctx: Context): Promise<MentorTeamNode> {
    return (await ctx.loaders.mentorTeam.load(m.teamCode))!;
  }
}

@Resolver(() => TrainingLecturer)
export class TrainingLecturerResolver {
  @Query(() => TrainingLecturerConnection, { description: `Entrepreneurship training lecturers (incl. practical-training and online-training lecturers), by code. ${SAMPLE_NOTE}` })
  async trainingLecturers(
    @Arg("filterBy", () => TrainingLecturerFilter, { nullable: true, description: FILTER }) filterBy: TrainingLecturerFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return lecturersConnection(ctx.db, await lecturerFilterOf(ctx, filterBy), args, asLecturer);
  }

  @FieldResolver(() => Region, { description: "The league or county the lecturer is registered with." })
  region(@Root() l: LecturerNode, @Ctx() ctx: Context) {
    return region(ctx, l.regionCode);
  }

  @FieldResolver(() => Region, { description: "The league." })
  league(@Root() l: LecturerNode, @Ctx() ctx: Context) {
    return region(ctx, l.leagueCode);
  }

  @FieldResolver(() => [Target], { description: "The targets the lecturer counts toward: high-level lecturers count toward the ≥ 1,000 target; others toward none." })
  countsToward(@Root() l: LecturerNode, @Ctx() ctx: Context) {
    return targets(ctx, COUNTS_TOWARD.lecturer(l.highLevel));
  }
}

@Resolver(() => TrainingDelivery)
export class TrainingDeliveryResolver {
  @Query(() => TrainingDeliveryConnection, { description: `People trained per county, year and programme (马兰花, 互联网+, boot camps, graduates' practical training), by year, county and programme. ${SAMPLE_NOTE}` })
  async trainingDelivered(
    @Arg("filterBy", () => TrainingDeliveryFilter, { nullable: true, description: FILTER }) filterBy: TrainingDeliveryFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return trainingConnection(ctx.db, await trainingFilterOf(ctx, filterBy), args, asTraining);
  }

  @Query(() => TrainingTotals, { description: "Sums of people trained over the records a filter selects (e.g. one league, one programme, some years)." })
  async trainingTotals(@Arg("filterBy", () => TrainingDeliveryFilter, { nullable: true, description: FILTER }) filterBy: TrainingDeliveryFilter | null, @Ctx() ctx: Context) {
    const filter = await trainingFilterOf(ctx, filterBy);
    const [totals, sample] = await Promise.all([trainingTotals(ctx.db, filter), trainingTotals(ctx.db, { ...filter, provenance: "SAMPLE" })]);
    return { ...totals, provenance: sample.records > 0 ? "SAMPLE" : "SOURCE" };
  }

  @FieldResolver(() => Region, { description: "The county-level unit." })
  region(@Root() t: TrainingNode, @Ctx() ctx: Context) {
    return region(ctx, t.countyCode);
  }

  @FieldResolver(() => Region, { description: "The league of that county." })
  league(@Root() t: TrainingNode, @Ctx() ctx: Context) {
    return region(ctx, t.leagueCode);
  }

  @FieldResolver(() => [Target], { description: "The targets the record counts toward: practical training for graduates toward the graduates target, other programmes toward people trained, and rural labourers trained toward theirs." })
  countsToward(@Root() t: TrainingNode, @Ctx() ctx: Context) {
    return targets(ctx, COUNTS_TOWARD.training(t));
  }
}

@Resolver(() => ModelEntrepreneur)
export class ModelEntrepreneurResolver {
  @Query(() => ModelEntrepreneurConnection, { description: `Model entrepreneurs (创业者典型) named by the region, by year and code. ${SAMPLE_NOTE}` })
  async modelEntrepreneurs(
    @Arg("filterBy", () => ModelEntrepreneurFilter, { nullable: true, description: FILTER }) filterBy: ModelEntrepreneurFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return modelEntrepreneursConnection(ctx.db, await modelEntrepreneurFilterOf(ctx, filterBy), args, asModelEntrepreneur);
  }

  @FieldResolver(() => Region, { description: "The county-level unit where the business is." })
  region(@Root() m: ModelEntrepreneurNode, @Ctx() ctx: Context) {
    return region(ctx, m.countyCode);
  }

  @FieldResolver(() => Region, { description: "The league of that county." })
  league(@Root() m: ModelEntrepreneurNode, @Ctx() ctx: Context) {
    return region(ctx, m.leagueCode);
  }

  @FieldResolver(() => BeneficiaryGroup, { nullable: true, description: "The beneficiary group the model belongs to, when published." })
  beneficiaryGroup(@Root() m: ModelEntrepreneurNode, @Ctx() ctx: Context): Promise<GroupNode | null> | null {
    return m.beneficiaryGroupCode ? ctx.loaders.group.load(m.beneficiaryGroupCode) : null;
  }

  @FieldResolver(() => [Target], { description: COUNTS_TOWARD_TEXT })
  countsToward(@Root() _m: ModelEntrepreneurNode, @Ctx() ctx: Context) {
    return targets(ctx, COUNTS_TOWARD.modelEntrepreneur);
  }
}

@Resolver(() => EntrepreneurshipEvent)
export class EntrepreneurshipEventResolver {
  @Query(() => EntrepreneurshipEventConnection, { description: `Competitions and events: 创业大赛, the national innovation week's Inner Mongolia venue, showcases, roadshows, culture festivals, lectures, salons. ${SAMPLE_NOTE}` })
  async entrepreneurshipEvents(
    @Arg("filterBy", () => EntrepreneurshipEventFilter, { nullable: true, description: FILTER }) filterBy: EntrepreneurshipEventFilter | null,
    @Arg("orderBy", () => EntrepreneurshipEventOrder, { nullable: true, description: "Ordering; by default by first day, ascending." }) orderBy: EntrepreneurshipEventOrder | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return eventsConnection(ctx.db, await eventFilterOf(ctx, filterBy), orderOf(orderBy, "STARTS_ON"), args, asEvent);
  }

  @FieldResolver(() => Region, { description: "The league or county where it takes place." })
  region(@Root() e: EventNode, @Ctx() ctx: Context) {
    return region(ctx, e.regionCode);
  }

  @FieldResolver(() => Region, { description: "The league." })
  league(@Root() e: EventNode, @Ctx() ctx: Context) {
    return region(ctx, e.leagueCode);
  }

  @FieldResolver(() => Measure, { description: "The measure that calls for this kind of event (P7-M3; P3-M1 for project showcases; P5-M1 for forums and boot camps)." })
  async measure(@Root() e: EventNode, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(eventMeasure(e.kind)))!;
  }
}

@Resolver(() => ServicePoint)
export class ServicePointResolver {
  @Query(() => ServicePointConnection, { description: `Service points: “一窗办” windows in the leagues and counties and university entrepreneurship guidance stations, by code. ${SAMPLE_NOTE}` })
  async servicePoints(
    @Arg("filterBy", () => ServicePointFilter, { nullable: true, description: FILTER }) filterBy: ServicePointFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return servicePointsConnection(ctx.db, await servicePointFilterOf(ctx, filterBy), args, asServicePoint);
  }

  @FieldResolver(() => Region, { description: "The league or county it serves." })
  region(@Root() p: ServicePointNode, @Ctx() ctx: Context) {
    return region(ctx, p.regionCode);
  }

  @FieldResolver(() => Region, { description: "The league." })
  league(@Root() p: ServicePointNode, @Ctx() ctx: Context) {
    return region(ctx, p.leagueCode);
  }

  @FieldResolver(() => Measure, { description: "The measure that calls for it (P2-M1 for “一窗办”, P2-M3 for guidance stations)." })
  async measure(@Root() p: ServicePointNode, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(servicePointMeasure(p.kind)))!;
  }
}

@Resolver(() => PilotZone)
export class PilotZoneResolver {
  @Query(() => [PilotZone], { description: "The pilot zones of P1-M3 in document order: the “呼包鄂乌” experimental zone around Hohhot and the “双子星” pilots in Tongliao and Chifeng. A fixed list from the document." })
  async pilotZones(@Ctx() ctx: Context): Promise<PilotZoneNode[]> {
    return (await allPilotZones(ctx.db)).map(asPilotZone);
  }

  @FieldResolver(() => Region, { description: "The league-level city where the document places it." })
  seat(@Root() z: PilotZoneNode, @Ctx() ctx: Context) {
    return region(ctx, z.seatCode);
  }

  @FieldResolver(() => [Region], { description: "The regions it groups, in order (呼包鄂乌: Hohhot, Baotou, Ordos, Ulanqab)." })
  async members(@Root() z: PilotZoneNode, @Ctx() ctx: Context): Promise<RegionNode[]> {
    const codes = await ctx.loaders.pilotZoneMembers.load(z.code);
    return Promise.all(codes.map((c) => region(ctx, c)));
  }

  @FieldResolver(() => Measure, { description: "The measure that sets it up." })
  async measure(@Root() z: PilotZoneNode, @Ctx() ctx: Context): Promise<SectionNode> {
    return (await ctx.loaders.section.load(z.sectionCode))!;
  }
}
