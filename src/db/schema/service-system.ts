/**
 * The plan's service system (P2, P3, P5, P7, and the pilots of P1-M3) as datasets: the project
 * library (创业项目资源库), mentor teams and their members, training lecturers, training
 * delivered, model entrepreneurs, competitions and events, service points, and the pilot zones.
 * Every table but the pilot zones holds SAMPLE rows until official files are imported; the
 * pilot zones come from the document itself (SOURCE).
 *
 * No personal data beyond what is published: a mentor, lecturer or model entrepreneur is a
 * public name and a field, never an ID number, phone or address.
 */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { provenance } from "./common.js";
import { beneficiaryGroups } from "./instrument.js";
import { policySections } from "./policy.js";
import { regions } from "./region.js";

/** The fields P1-M3 names for policy preference, in its order, and OTHER. */
export const projectSector = pgEnum("project_sector", [
  "NEW_ENERGY",
  "NEW_MATERIALS",
  "BIOMEDICINE",
  "ELECTRONIC_INFORMATION",
  "ENERGY_SAVING_ENVIRONMENTAL",
  "CULTURAL_INDUSTRY",
  "MODERN_SERVICES",
  "CREATIVE_INDUSTRY",
  "INTERNET",
  "INTERNET_OF_THINGS",
  "MODERN_AGRICULTURE_HUSBANDRY",
  "PUBLIC_WELFARE_SERVICES",
  "OTHER",
]);
export const projectStage = pgEnum("project_stage", ["IDEA", "SEED", "STARTUP", "GROWTH"]);

/** 创业项目资源库: projects collected and published to society (P3-M1). */
export const projectLibraryProjects = pgTable(
  "project_library_projects",
  {
    /** Natural key given by the library (sample rows: `S-PJ-000001`). */
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    sector: projectSector("sector").notNull(),
    stage: projectStage("stage").notNull(),
    /** The county-level unit that developed or collected it (the ≥ 100 per county norm counts here). */
    countyCode: text("county_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    publishedOn: date("published_on", { mode: "string" }).notNull(),
    /** Where it is published (the 创业内蒙古 platform); null when not online. */
    link: text("link"),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [
    index("project_library_league_idx").on(t.leagueCode, t.code),
    index("project_library_county_idx").on(t.countyCode, t.code),
    index("project_library_published_idx").on(t.publishedOn, t.code),
    index("project_library_name_idx").on(sql`${t.name} collate "C"`, t.code),
  ],
);
export type ProjectRow = typeof projectLibraryProjects.$inferSelect;

export const mentorTeamLevel = pgEnum("mentor_team_level", ["LEAGUE", "COUNTY"]);
export const mentorRole = pgEnum("mentor_role", ["SUCCESSFUL_ENTREPRENEUR", "TRAINING_LECTURER", "ENTREPRENEUR_EXEMPLAR", "OTHER_EXPERT"]);

/** 创业导师服务团: one per league and per county-level unit (P3-M2). */
export const mentorTeams = pgTable(
  "mentor_teams",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    level: mentorTeamLevel("level").notNull(),
    /** The league or county whose team it is: one team per region. */
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    formedYear: integer("formed_year").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [uniqueIndex("mentor_teams_region_idx").on(t.regionCode), index("mentor_teams_league_idx").on(t.leagueCode, t.code)],
);
export type MentorTeamRow = typeof mentorTeams.$inferSelect;

/** Members of the mentor teams: a public name, a field and the role the document names. */
export const mentors = pgTable(
  "mentors",
  {
    code: text("code").primaryKey(),
    teamCode: text("team_code")
      .notNull()
      .references(() => mentorTeams.code, { onDelete: "cascade" }),
    /** The name the mentor is published under. */
    name: text("name").notNull(),
    /** Field of expertise, as published (电子商务, 现代农牧业 …). */
    field: text("field").notNull(),
    role: mentorRole("role").notNull(),
    joinedYear: integer("joined_year").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [index("mentors_team_idx").on(t.teamCode, t.code)],
);
export type MentorRow = typeof mentors.$inferSelect;

export const lecturerKind = pgEnum("lecturer_kind", ["ENTREPRENEURSHIP_TRAINING", "PRACTICAL_TRAINING", "ONLINE_TRAINING"]);

/** Entrepreneurship training lecturers (P3 goal: ≥ 1,000 high-level lecturers). */
export const trainingLecturers = pgTable(
  "training_lecturers",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    kind: lecturerKind("kind").notNull(),
    field: text("field").notNull(),
    /** Whether the lecturer is recognised as high-level (高水平): only those count toward the target. */
    highLevel: boolean("high_level").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    certifiedYear: integer("certified_year").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [index("training_lecturers_league_idx").on(t.leagueCode, t.code), index("training_lecturers_year_idx").on(t.certifiedYear, t.code)],
);
export type LecturerRow = typeof trainingLecturers.$inferSelect;

export const trainingProgramme = pgEnum("training_programme", ["MALANHUA", "INTERNET_PLUS", "STARTUP_CAMP", "GRADUATE_PRACTICAL_TRAINING"]);

/** Training delivered: people trained per county, year and programme. */
export const trainingDelivered = pgTable(
  "training_delivered",
  {
    countyCode: text("county_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    year: integer("year").notNull(),
    programme: trainingProgramme("programme").notNull(),
    trainees: integer("trainees").notNull(),
    /** Of the trainees, rural transferred labourers (农村牧区转移就业劳动力). */
    ruralLaborTrainees: integer("rural_labor_trainees").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.year, t.programme] }),
    index("training_delivered_league_idx").on(t.leagueCode, t.year),
    index("training_delivered_year_idx").on(t.year, t.countyCode),
    check("training_delivered_counts", sql`${t.trainees} >= 0 and ${t.ruralLaborTrainees} >= 0 and ${t.ruralLaborTrainees} <= ${t.trainees}`),
  ],
);
export type TrainingRow = typeof trainingDelivered.$inferSelect;

/** 创业者典型: the model entrepreneurs the region cultivates each year (P7-M2). */
export const modelEntrepreneurs = pgTable(
  "model_entrepreneurs",
  {
    code: text("code").primaryKey(),
    /** The public name the model is published under. */
    name: text("name").notNull(),
    /** The business they founded, as published. */
    business: text("business").notNull(),
    sector: projectSector("sector").notNull(),
    beneficiaryGroupCode: text("beneficiary_group_code").references(() => beneficiaryGroups.code),
    countyCode: text("county_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    year: integer("year").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [index("model_entrepreneurs_year_idx").on(t.year, t.code), index("model_entrepreneurs_league_idx").on(t.leagueCode, t.code)],
);
export type ModelEntrepreneurRow = typeof modelEntrepreneurs.$inferSelect;

export const eventKind = pgEnum("event_kind", [
  "COMPETITION",
  "INNOVATION_WEEK_VENUE",
  "PROJECT_SHOWCASE",
  "ACHIEVEMENT_SHOWCASE",
  "ROADSHOW",
  "CULTURE_FESTIVAL",
  "LECTURE",
  "SALON",
  "STORY_TALK",
  "FORUM",
  "TRAINING_CAMP",
]);
export const eventLevel = pgEnum("event_level", ["NATIONAL", "AUTONOMOUS_REGION", "LEAGUE", "COUNTY"]);

/** Competitions and events (P7-M3, P3-M1, P5-M1). */
export const entrepreneurshipEvents = pgTable(
  "entrepreneurship_events",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    kind: eventKind("kind").notNull(),
    level: eventLevel("level").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    /** The league or county where it takes place. */
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    venue: text("venue").notNull(),
    organiser: text("organiser").notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [
    index("entrepreneurship_events_starts_idx").on(t.startsOn, t.code),
    index("entrepreneurship_events_league_idx").on(t.leagueCode, t.code),
    check("entrepreneurship_events_dates", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);
export type EventRow = typeof entrepreneurshipEvents.$inferSelect;

export const servicePointKind = pgEnum("service_point_kind", ["ONE_WINDOW", "UNIVERSITY_GUIDANCE_STATION"]);

/** “一窗办” service windows (P2-M1) and university entrepreneurship guidance stations (P2-M3). */
export const servicePoints = pgTable(
  "service_points",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    kind: servicePointKind("kind").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    leagueCode: text("league_code")
      .notNull()
      .references(() => regions.code),
    /** The government service hall or the university that hosts it. */
    host: text("host").notNull(),
    openedOn: date("opened_on", { mode: "string" }).notNull(),
    provenance: provenance("provenance").notNull(),
  },
  (t) => [index("service_points_league_idx").on(t.leagueCode, t.code), index("service_points_kind_idx").on(t.kind, t.code)],
);
export type ServicePointRow = typeof servicePoints.$inferSelect;

export const pilotZoneKind = pgEnum("pilot_zone_kind", ["EXPERIMENTAL_ZONE", "PILOT"]);

/** The pilot zones of P1-M3, as groups of regions: from the document (SOURCE). */
export const pilotZones = pgTable("pilot_zones", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  nameEn: text("name_en").notNull(),
  kind: pilotZoneKind("kind").notNull(),
  /** The league-level city where the document places it. */
  seatCode: text("seat_code")
    .notNull()
    .references(() => regions.code),
  ordinal: integer("ordinal").notNull(),
  sectionCode: text("section_code")
    .notNull()
    .references(() => policySections.code),
  sourceQuote: text("source_quote").notNull(),
  provenance: provenance("provenance").notNull(),
});
export type PilotZoneRow = typeof pilotZones.$inferSelect;

export const pilotZoneMembers = pgTable(
  "pilot_zone_members",
  {
    zoneCode: text("zone_code")
      .notNull()
      .references(() => pilotZones.code, { onDelete: "cascade" }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    ordinal: integer("ordinal").notNull(),
  },
  (t) => [primaryKey({ columns: [t.zoneCode, t.regionCode] })],
);
