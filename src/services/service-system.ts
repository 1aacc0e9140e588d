/**
 * The service system's datasets: filters, orderings and keyset-paginated lists over the project
 * library, mentor teams and mentors, training lecturers, training delivered, model
 * entrepreneurs, events, service points and pilot zones; and which target each record counts
 * toward, or which measure calls for it.
 */
import { and, asc, count, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import {
  entrepreneurshipEvents,
  mentors,
  mentorTeams,
  modelEntrepreneurs,
  pilotZoneMembers,
  pilotZones,
  projectLibraryProjects,
  servicePoints,
  trainingDelivered,
  trainingLecturers,
  type EventRow,
  type LecturerRow,
  type MentorRow,
  type MentorTeamRow,
  type ModelEntrepreneurRow,
  type ProjectRow,
  type ServicePointRow,
  type TrainingRow,
} from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder, type SortKey } from "../graphql/pagination.js";
import { containsText, withinRegion } from "./region.js";

type Direction = "ASC" | "DESC";

/**
 * The targets (by code, as seeded from the document) each kind of record counts toward. The
 * progress of those targets (services/progress.ts) is computed from these same tables.
 */
export const COUNTS_TOWARD = {
  project: ["project-bank-projects", "county-projects-collected"],
  /** The ≥ 10 members norm is the county teams' (旗县(市、区)创业导师服务团成员原则上不少于10人). */
  mentorTeam: (level: MentorTeamRow["level"]) => (level === "COUNTY" ? ["county-mentor-team-members"] : []),
  /** Only high-level lecturers count toward the ≥ 1,000 target. */
  lecturer: (highLevel: boolean) => (highLevel ? ["high-level-trainers"] : []),
  training: (r: Pick<TrainingRow, "programme" | "ruralLaborTrainees">) => [
    ...(r.programme === "GRADUATE_PRACTICAL_TRAINING" ? ["graduate-practical-trainees"] : ["entrepreneurship-trainees"]),
    ...(r.ruralLaborTrainees > 0 ? ["rural-labor-trainees"] : []),
  ],
  modelEntrepreneur: ["annual-model-entrepreneurs"],
} as const;

/** The measure that calls for each kind of event or service point. */
export function eventMeasure(kind: EventRow["kind"]): string {
  // 创业论坛、创业训练营: P5-M1; 创业项目展示活动: P3-M1; the rest are P7-M3's list.
  if (kind === "FORUM" || kind === "TRAINING_CAMP") return "P5-M1";
  if (kind === "PROJECT_SHOWCASE") return "P3-M1";
  return "P7-M3";
}
export function servicePointMeasure(kind: ServicePointRow["kind"]): string {
  return kind === "ONE_WINDOW" ? "P2-M1" : "P2-M3";
}

const text = <Row>(expr: AnyPgColumn | SQL, value: (r: Row) => string): SortKey<Row> => ({ expr, type: "text", value });
const int = <Row>(expr: AnyPgColumn | SQL, value: (r: Row) => number): SortKey<Row> => ({ expr, type: "int", value });
const date = <Row>(expr: AnyPgColumn | SQL, value: (r: Row) => string): SortKey<Row> => ({ expr, type: "date", value });

function order<Row>(tag: string, field: string, direction: Direction, first: SortKey<Row> | null, byCode: SortKey<Row>): KeysetOrder<Row> {
  return { tag: `${tag}:${field}:${direction}`, keys: first ? [first, byCode] : [byCode], direction };
}

/** One keyset-paginated list over `table` with `where`. */
function list<Row, N>(db: Db, table: PgTable, where: SQL | undefined, ordering: KeysetOrder<Row>, args: ConnectionArgs, toNode: (r: Row) => N) {
  return keysetConnection({
    args,
    order: ordering,
    fetch: (q) => db.select().from(table).where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit) as unknown as Promise<Row[]>,
    count: () => db.select({ n: count() }).from(table).where(where).then((r) => r[0]!.n),
    toNode,
  });
}

function range(c: (SQL | undefined)[], column: AnyPgColumn, min: number | string | null | undefined, max: number | string | null | undefined) {
  if (min != null) c.push(gte(column, min));
  if (max != null) c.push(lte(column, max));
}

// ── Project library ──────────────────────────────────────────────────────────

export interface ProjectFilter {
  regionCode?: string | null;
  sector?: ProjectRow["sector"] | null;
  stage?: ProjectRow["stage"] | null;
  publishedFrom?: string | null;
  publishedTo?: string | null;
  text?: string | null;
  provenance?: ProjectRow["provenance"] | null;
}
export type ProjectOrderField = "CODE" | "NAME" | "PUBLISHED_ON";

export function projectsConnection<N>(db: Db, f: ProjectFilter, o: { field: ProjectOrderField; direction: Direction }, args: ConnectionArgs, toNode: (r: ProjectRow) => N) {
  const t = projectLibraryProjects;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(withinRegion(f.regionCode, t.countyCode, t.leagueCode));
  if (f.sector) c.push(eq(t.sector, f.sector));
  if (f.stage) c.push(eq(t.stage, f.stage));
  range(c, t.publishedOn, f.publishedFrom, f.publishedTo);
  if (f.text) c.push(containsText([t.name, t.nameEn], f.text));
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  const first = { NAME: text<ProjectRow>(sql`${t.name} collate "C"`, (r) => r.name), PUBLISHED_ON: date<ProjectRow>(t.publishedOn, (r) => r.publishedOn), CODE: null }[o.field];
  return list(db, t, and(...c), order("project", o.field, o.direction, first, text<ProjectRow>(t.code, (r) => r.code)), args, toNode);
}

export const projectsByCodes = (db: Db, codes: readonly string[]) => db.select().from(projectLibraryProjects).where(inArray(projectLibraryProjects.code, [...codes]));

// ── Mentor teams and mentors ─────────────────────────────────────────────────

export interface MentorTeamFilter {
  regionCode?: string | null;
  level?: MentorTeamRow["level"] | null;
  provenance?: MentorTeamRow["provenance"] | null;
}

export function mentorTeamsConnection<N>(db: Db, f: MentorTeamFilter, args: ConnectionArgs, toNode: (r: MentorTeamRow) => N) {
  const t = mentorTeams;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(withinRegion(f.regionCode, t.regionCode, t.leagueCode));
  if (f.level) c.push(eq(t.level, f.level));
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  return list(db, t, and(...c), order<MentorTeamRow>("mentor-team", "CODE", "ASC", null, text(t.code, (r) => r.code)), args, toNode);
}

export interface MentorFilter {
  regionCode?: string | null;
  teamCode?: string | null;
  role?: MentorRow["role"] | null;
  text?: string | null;
  provenance?: MentorRow["provenance"] | null;
}

export function mentorsConnection<N>(db: Db, f: MentorFilter, args: ConnectionArgs, toNode: (r: MentorRow) => N) {
  const t = mentors;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(inArray(t.teamCode, db.select({ code: mentorTeams.code }).from(mentorTeams).where(withinRegion(f.regionCode, mentorTeams.regionCode, mentorTeams.leagueCode))));
  if (f.teamCode) c.push(eq(t.teamCode, f.teamCode));
  if (f.role) c.push(eq(t.role, f.role));
  if (f.text) c.push(containsText([t.name, t.field], f.text));
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  return list(db, t, and(...c), order<MentorRow>("mentor", "CODE", "ASC", null, text(t.code, (r) => r.code)), args, toNode);
}

export const mentorTeamsByCodes = (db: Db, codes: readonly string[]) => db.select().from(mentorTeams).where(inArray(mentorTeams.code, [...codes]));
export const mentorsByCodes = (db: Db, codes: readonly string[]) => db.select().from(mentors).where(inArray(mentors.code, [...codes]));
export const memberCountsByTeamCodes = (db: Db, codes: readonly string[]) =>
  db.select({ teamCode: mentors.teamCode, n: count() }).from(mentors).where(inArray(mentors.teamCode, [...codes])).groupBy(mentors.teamCode);

// ── Training lecturers, training delivered, model entrepreneurs ──────────────

export interface LecturerFilter {
  regionCode?: string | null;
  kind?: LecturerRow["kind"] | null;
  highLevel?: boolean | null;
  certifiedYearMin?: number | null;
  certifiedYearMax?: number | null;
  provenance?: LecturerRow["provenance"] | null;
}

export function lecturersConnection<N>(db: Db, f: LecturerFilter, args: ConnectionArgs, toNode: (r: LecturerRow) => N) {
  const t = trainingLecturers;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(withinRegion(f.regionCode, t.regionCode, t.leagueCode));
  if (f.kind) c.push(eq(t.kind, f.kind));
  if (f.highLevel != null) c.push(eq(t.highLevel, f.highLevel));
  range(c, t.certifiedYear, f.certifiedYearMin, f.certifiedYearMax);
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  return list(db, t, and(...c), order<LecturerRow>("lecturer", "CODE", "ASC", null, text(t.code, (r) => r.code)), args, toNode);
}
export const lecturersByCodes = (db: Db, codes: readonly string[]) => db.select().from(trainingLecturers).where(inArray(trainingLecturers.code, [...codes]));

export interface TrainingFilter {
  regionCode?: string | null;
  programme?: TrainingRow["programme"] | null;
  yearMin?: number | null;
  yearMax?: number | null;
  provenance?: TrainingRow["provenance"] | null;
}

/** The natural key of a training record, as its node id carries it: `150102/2024/MALANHUA`. */
export const trainingKey = (r: Pick<TrainingRow, "countyCode" | "year" | "programme">) => `${r.countyCode}/${r.year}/${r.programme}`;

function trainingConditions(f: TrainingFilter): SQL | undefined {
  const t = trainingDelivered;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(withinRegion(f.regionCode, t.countyCode, t.leagueCode));
  if (f.programme) c.push(eq(t.programme, f.programme));
  range(c, t.year, f.yearMin, f.yearMax);
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  return and(...c);
}

export function trainingConnection<N>(db: Db, f: TrainingFilter, args: ConnectionArgs, toNode: (r: TrainingRow) => N) {
  const t = trainingDelivered;
  // Ordered by year, county, programme: one key of three, unique together.
  const ordering: KeysetOrder<TrainingRow> = {
    tag: "training:YEAR:ASC",
    keys: [int<TrainingRow>(t.year, (r) => r.year), text<TrainingRow>(t.countyCode, (r) => r.countyCode), text<TrainingRow>(sql`cast(${t.programme} as text)`, (r) => r.programme)],
    direction: "ASC",
  };
  return list(db, t, trainingConditions(f), ordering, args, toNode);
}

/** Sums over the filtered training records, for `trainingTotals`. */
export async function trainingTotals(db: Db, f: TrainingFilter) {
  const t = trainingDelivered;
  const [r] = await db
    .select({ records: count(), trainees: sql<string>`cast(coalesce(sum(${t.trainees}), 0) as text)`, rural: sql<string>`cast(coalesce(sum(${t.ruralLaborTrainees}), 0) as text)` })
    .from(t)
    .where(trainingConditions(f));
  return { records: Number(r!.records), trainees: Number(r!.trainees), ruralLaborTrainees: Number(r!.rural) };
}

export function trainingByKeys(db: Db, keys: readonly string[]) {
  const parsed = keys.map((k) => k.split("/")).filter((p) => p.length === 3 && /^\d{6}$/.test(p[0]!) && /^\d{4}$/.test(p[1]!));
  if (!parsed.length) return Promise.resolve([] as TrainingRow[]);
  const t = trainingDelivered;
  return db
    .select()
    .from(t)
    .where(and(inArray(t.countyCode, parsed.map((p) => p[0]!)), inArray(t.year, parsed.map((p) => Number(p[1])))))
    .then((rows) => rows.filter((r) => keys.includes(trainingKey(r))));
}

export interface ModelEntrepreneurFilter {
  regionCode?: string | null;
  sector?: ModelEntrepreneurRow["sector"] | null;
  beneficiaryGroup?: string | null;
  yearMin?: number | null;
  yearMax?: number | null;
  provenance?: ModelEntrepreneurRow["provenance"] | null;
}

export function modelEntrepreneursConnection<N>(db: Db, f: ModelEntrepreneurFilter, args: ConnectionArgs, toNode: (r: ModelEntrepreneurRow) => N) {
  const t = modelEntrepreneurs;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(withinRegion(f.regionCode, t.countyCode, t.leagueCode));
  if (f.sector) c.push(eq(t.sector, f.sector));
  if (f.beneficiaryGroup) c.push(eq(t.beneficiaryGroupCode, f.beneficiaryGroup));
  range(c, t.year, f.yearMin, f.yearMax);
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  return list(db, t, and(...c), order<ModelEntrepreneurRow>("model", "YEAR", "ASC", int(t.year, (r) => r.year), text(t.code, (r) => r.code)), args, toNode);
}
export const modelEntrepreneursByCodes = (db: Db, codes: readonly string[]) => db.select().from(modelEntrepreneurs).where(inArray(modelEntrepreneurs.code, [...codes]));

// ── Events, service points, pilot zones ──────────────────────────────────────

export interface EventFilter {
  regionCode?: string | null;
  kind?: EventRow["kind"] | null;
  level?: EventRow["level"] | null;
  startsFrom?: string | null;
  startsTo?: string | null;
  text?: string | null;
  provenance?: EventRow["provenance"] | null;
}
export type EventOrderField = "STARTS_ON" | "CODE";

export function eventsConnection<N>(db: Db, f: EventFilter, o: { field: EventOrderField; direction: Direction }, args: ConnectionArgs, toNode: (r: EventRow) => N) {
  const t = entrepreneurshipEvents;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(withinRegion(f.regionCode, t.regionCode, t.leagueCode));
  if (f.kind) c.push(eq(t.kind, f.kind));
  if (f.level) c.push(eq(t.level, f.level));
  range(c, t.startsOn, f.startsFrom, f.startsTo);
  if (f.text) c.push(containsText([t.name, t.nameEn, t.organiser, t.venue], f.text));
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  const first = o.field === "STARTS_ON" ? date<EventRow>(t.startsOn, (r) => r.startsOn) : null;
  return list(db, t, and(...c), order("event", o.field, o.direction, first, text<EventRow>(t.code, (r) => r.code)), args, toNode);
}
export const eventsByCodes = (db: Db, codes: readonly string[]) => db.select().from(entrepreneurshipEvents).where(inArray(entrepreneurshipEvents.code, [...codes]));

export interface ServicePointFilter {
  regionCode?: string | null;
  kind?: ServicePointRow["kind"] | null;
  provenance?: ServicePointRow["provenance"] | null;
}

export function servicePointsConnection<N>(db: Db, f: ServicePointFilter, args: ConnectionArgs, toNode: (r: ServicePointRow) => N) {
  const t = servicePoints;
  const c: (SQL | undefined)[] = [];
  if (f.regionCode) c.push(withinRegion(f.regionCode, t.regionCode, t.leagueCode));
  if (f.kind) c.push(eq(t.kind, f.kind));
  if (f.provenance) c.push(eq(t.provenance, f.provenance));
  return list(db, t, and(...c), order<ServicePointRow>("service-point", "CODE", "ASC", null, text(t.code, (r) => r.code)), args, toNode);
}
export const servicePointsByCodes = (db: Db, codes: readonly string[]) => db.select().from(servicePoints).where(inArray(servicePoints.code, [...codes]));

export const allPilotZones = (db: Db) => db.select().from(pilotZones).orderBy(asc(pilotZones.ordinal));
export const pilotZonesByCodes = (db: Db, codes: readonly string[]) => db.select().from(pilotZones).where(inArray(pilotZones.code, [...codes]));
export const pilotZoneMembersByZoneCodes = (db: Db, codes: readonly string[]) =>
  db.select().from(pilotZoneMembers).where(inArray(pilotZoneMembers.zoneCode, [...codes])).orderBy(asc(pilotZoneMembers.zoneCode), asc(pilotZoneMembers.ordinal));
