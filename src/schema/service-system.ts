import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IntRange } from "./common-inputs.js";
import { connectionType } from "./connection.js";
import { OrderDirection, Provenance } from "./enums.js";
import { Node } from "./node.js";
import { DateScalar } from "./scalars.js";

const PROVENANCE = "SOURCE for imported official records; SAMPLE for generated sample records (their names start with 〔示例〕), which are not official.";
const PROVENANCE_FILTER = "Only official (SOURCE) or only sample (SAMPLE) records.";
const REGION_FILTER = "Only records in this region: a league includes its counties; `150000` means all.";

// ── Enums ────────────────────────────────────────────────────────────────────

export enum ProjectSector {
  NEW_ENERGY = "NEW_ENERGY",
  NEW_MATERIALS = "NEW_MATERIALS",
  BIOMEDICINE = "BIOMEDICINE",
  ELECTRONIC_INFORMATION = "ELECTRONIC_INFORMATION",
  ENERGY_SAVING_ENVIRONMENTAL = "ENERGY_SAVING_ENVIRONMENTAL",
  CULTURAL_INDUSTRY = "CULTURAL_INDUSTRY",
  MODERN_SERVICES = "MODERN_SERVICES",
  CREATIVE_INDUSTRY = "CREATIVE_INDUSTRY",
  INTERNET = "INTERNET",
  INTERNET_OF_THINGS = "INTERNET_OF_THINGS",
  MODERN_AGRICULTURE_HUSBANDRY = "MODERN_AGRICULTURE_HUSBANDRY",
  PUBLIC_WELFARE_SERVICES = "PUBLIC_WELFARE_SERVICES",
  OTHER = "OTHER",
}
registerEnumType(ProjectSector, {
  name: "ProjectSector",
  description: "The fields P1-M3 names for policy preference (in its order), and OTHER.",
  valuesConfig: {
    NEW_ENERGY: { description: "新能源 — new energy." },
    NEW_MATERIALS: { description: "新材料 — new materials." },
    BIOMEDICINE: { description: "生物医药 — biomedicine." },
    ELECTRONIC_INFORMATION: { description: "电子信息 — electronic information." },
    ENERGY_SAVING_ENVIRONMENTAL: { description: "节能环保 — energy saving and environmental protection." },
    CULTURAL_INDUSTRY: { description: "文化产业 — cultural industries." },
    MODERN_SERVICES: { description: "现代服务业 — modern services." },
    CREATIVE_INDUSTRY: { description: "创新创意产业 — innovative and creative industries." },
    INTERNET: { description: "互联网 — the internet." },
    INTERNET_OF_THINGS: { description: "物联网 — the internet of things." },
    MODERN_AGRICULTURE_HUSBANDRY: { description: "现代农牧业 — modern agriculture and animal husbandry." },
    PUBLIC_WELFARE_SERVICES: { description: "公益服务 — public-welfare services." },
    OTHER: { description: "Any other field." },
  },
});

export enum ProjectStage {
  IDEA = "IDEA",
  SEED = "SEED",
  STARTUP = "STARTUP",
  GROWTH = "GROWTH",
}
registerEnumType(ProjectStage, {
  name: "ProjectStage",
  description: "How far a project in the library has come.",
  valuesConfig: {
    IDEA: { description: "创意 — an idea ready to be taken up." },
    SEED: { description: "种子期 — seed stage." },
    STARTUP: { description: "初创期 — start-up stage." },
    GROWTH: { description: "成长期 — growing." },
  },
});

export enum MentorTeamLevel {
  LEAGUE = "LEAGUE",
  COUNTY = "COUNTY",
}
registerEnumType(MentorTeamLevel, {
  name: "MentorTeamLevel",
  description: "Whose mentor team it is (P3-M2: 各盟市和旗县(市、区) … 组建 … 创业导师服务团).",
  valuesConfig: {
    LEAGUE: { description: "A league's team." },
    COUNTY: { description: "A county-level unit's team; it should have at least 10 members." },
  },
});

export enum MentorRole {
  SUCCESSFUL_ENTREPRENEUR = "SUCCESSFUL_ENTREPRENEUR",
  TRAINING_LECTURER = "TRAINING_LECTURER",
  ENTREPRENEUR_EXEMPLAR = "ENTREPRENEUR_EXEMPLAR",
  OTHER_EXPERT = "OTHER_EXPERT",
}
registerEnumType(MentorRole, {
  name: "MentorRole",
  description: "Who a mentor is, in the terms of P3-M2 (由当地成功企业家、创业培训讲师(培训师)、创业成功典型等组成).",
  valuesConfig: {
    SUCCESSFUL_ENTREPRENEUR: { description: "当地成功企业家 — a successful local entrepreneur." },
    TRAINING_LECTURER: { description: "创业培训讲师(培训师) — an entrepreneurship training lecturer." },
    ENTREPRENEUR_EXEMPLAR: { description: "创业成功典型 — an exemplary successful founder." },
    OTHER_EXPERT: { description: "Another expert (the document's 等)." },
  },
});

export enum LecturerKind {
  ENTREPRENEURSHIP_TRAINING = "ENTREPRENEURSHIP_TRAINING",
  PRACTICAL_TRAINING = "PRACTICAL_TRAINING",
  ONLINE_TRAINING = "ONLINE_TRAINING",
}
registerEnumType(LecturerKind, {
  name: "LecturerKind",
  description: "The kinds of lecturer the P3 target counts (高水平创业培训讲师(含创业实训讲师、网络创业培训讲师)).",
  valuesConfig: {
    ENTREPRENEURSHIP_TRAINING: { description: "创业培训讲师 — entrepreneurship training lecturer." },
    PRACTICAL_TRAINING: { description: "创业实训讲师 — practical-training lecturer." },
    ONLINE_TRAINING: { description: "网络创业培训讲师 — online entrepreneurship training lecturer." },
  },
});

export enum TrainingProgramme {
  MALANHUA = "MALANHUA",
  INTERNET_PLUS = "INTERNET_PLUS",
  STARTUP_CAMP = "STARTUP_CAMP",
  GRADUATE_PRACTICAL_TRAINING = "GRADUATE_PRACTICAL_TRAINING",
}
registerEnumType(TrainingProgramme, {
  name: "TrainingProgramme",
  description: "The training programmes the plan names (P3-M3, P5).",
  valuesConfig: {
    MALANHUA: { description: "创业培训“马兰花”计划 — the Malanhua entrepreneurship training programme; counts toward people trained." },
    INTERNET_PLUS: { description: "“互联网+创业培训” — online entrepreneurship training; counts toward people trained." },
    STARTUP_CAMP: { description: "初创企业入门培训、创业训练营 — start-up courses and boot camps for college students; counts toward people trained." },
    GRADUATE_PRACTICAL_TRAINING: { description: "高校毕业生创业实训 — practical entrepreneurship training for college graduates; counts toward the graduates target, not toward people trained (the document counts 实训 apart from 培训)." },
  },
});

export enum EventKind {
  COMPETITION = "COMPETITION",
  INNOVATION_WEEK_VENUE = "INNOVATION_WEEK_VENUE",
  PROJECT_SHOWCASE = "PROJECT_SHOWCASE",
  ACHIEVEMENT_SHOWCASE = "ACHIEVEMENT_SHOWCASE",
  ROADSHOW = "ROADSHOW",
  CULTURE_FESTIVAL = "CULTURE_FESTIVAL",
  LECTURE = "LECTURE",
  SALON = "SALON",
  STORY_TALK = "STORY_TALK",
  FORUM = "FORUM",
  TRAINING_CAMP = "TRAINING_CAMP",
}
registerEnumType(EventKind, {
  name: "EventKind",
  description: "The kinds of competition and event the plan names (P7-M3, P3-M1, P5-M1).",
  valuesConfig: {
    COMPETITION: { description: "创业大赛 — entrepreneurship competition." },
    INNOVATION_WEEK_VENUE: { description: "全国大众创业万众创新活动周内蒙古主场 — the national innovation week's Inner Mongolia venue." },
    PROJECT_SHOWCASE: { description: "创业项目展示、项目巡展 — start-up project showcase (P3-M1)." },
    ACHIEVEMENT_SHOWCASE: { description: "创业成果展示 — exhibition of entrepreneurship achievements." },
    ROADSHOW: { description: "项目路演 — project roadshow." },
    CULTURE_FESTIVAL: { description: "创业文化节 — entrepreneurship culture festival." },
    LECTURE: { description: "创业讲堂 — entrepreneurship lecture." },
    SALON: { description: "创业沙龙 — entrepreneurship salon." },
    STORY_TALK: { description: "创业故事宣讲 — talks on entrepreneurs' stories." },
    FORUM: { description: "创业论坛 — entrepreneurship forum (P5-M1)." },
    TRAINING_CAMP: { description: "创业训练营 — entrepreneurship boot camp (P5-M1)." },
  },
});

export enum EventLevel {
  NATIONAL = "NATIONAL",
  AUTONOMOUS_REGION = "AUTONOMOUS_REGION",
  LEAGUE = "LEAGUE",
  COUNTY = "COUNTY",
}
registerEnumType(EventLevel, {
  name: "EventLevel",
  description: "At which level an event is held.",
  valuesConfig: {
    NATIONAL: { description: "Part of a national event (the innovation week's Inner Mongolia venue)." },
    AUTONOMOUS_REGION: { description: "Organised by the autonomous region (named “创业内蒙古行动”, P7-M2)." },
    LEAGUE: { description: "Organised by a league." },
    COUNTY: { description: "Organised by a county-level unit." },
  },
});

export enum ServicePointKind {
  ONE_WINDOW = "ONE_WINDOW",
  UNIVERSITY_GUIDANCE_STATION = "UNIVERSITY_GUIDANCE_STATION",
}
registerEnumType(ServicePointKind, {
  name: "ServicePointKind",
  description: "What kind of service point it is.",
  valuesConfig: {
    ONE_WINDOW: { description: "“一窗办”线下实体服务 — one-window entrepreneurship service in a government service hall (P2-M1)." },
    UNIVERSITY_GUIDANCE_STATION: { description: "高校创业指导站 — university entrepreneurship guidance station (P2-M3)." },
  },
});

export enum PilotZoneKind {
  EXPERIMENTAL_ZONE = "EXPERIMENTAL_ZONE",
  PILOT = "PILOT",
}
registerEnumType(PilotZoneKind, {
  name: "PilotZoneKind",
  description: "What the document calls it.",
  valuesConfig: {
    EXPERIMENTAL_ZONE: { description: "试验区 — experimental zone." },
    PILOT: { description: "试点 — pilot." },
  },
});

// ── Object types ─────────────────────────────────────────────────────────────

@ObjectType("LibraryProject", { implements: Node, description: "A project in the entrepreneurship project library (创业项目资源库, P3-M1), published to society for entrepreneurs to take up." })
export class LibraryProject extends Node {
  @Field(() => String, { description: "Natural key given by the library (sample records: `S-PJ-000001`)." })
  code!: string;

  @Field(() => String, { description: "Chinese name (sample records start with 〔示例〕)." })
  name!: string;

  @Field(() => String, { description: "English name (sample records start with `[Sample]`)." })
  nameEn!: string;

  @Field(() => ProjectSector, { description: "The field it is in." })
  sector!: ProjectSector;

  @Field(() => ProjectStage, { description: "How far it has come." })
  stage!: ProjectStage;

  @Field(() => DateScalar, { description: "Day it was published in the library." })
  publishedOn!: string;

  @Field(() => String, { nullable: true, description: "Where it is published (the 创业内蒙古 platform); null when it is not online." })
  link!: string | null;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("MentorTeam", { implements: Node, description: "An entrepreneurship mentor team (创业导师服务团) of a league or a county-level unit (P3-M2)." })
export class MentorTeam extends Node {
  @Field(() => String, { description: "Natural key (sample records: `S-MT-150102`)." })
  code!: string;

  @Field(() => String, { description: "Chinese name (sample records start with 〔示例〕)." })
  name!: string;

  @Field(() => String, { description: "English name." })
  nameEn!: string;

  @Field(() => MentorTeamLevel, { description: "Whether it is a league's or a county's team." })
  level!: MentorTeamLevel;

  @Field(() => Int, { description: "Year the team was formed." })
  formedYear!: number;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("Mentor", { implements: Node, description: "A member of a mentor team: a public name and a field, nothing more (no personal data)." })
export class Mentor extends Node {
  @Field(() => String, { description: "Natural key (sample records: `S-MN-00001`)." })
  code!: string;

  @Field(() => String, { description: "The name the mentor is published under (sample records start with 〔示例〕)." })
  name!: string;

  @Field(() => String, { description: "Field of expertise, as published (e.g. 电子商务)." })
  field!: string;

  @Field(() => MentorRole, { description: "Who the mentor is, in the document's terms." })
  role!: MentorRole;

  @Field(() => Int, { description: "Year the mentor joined the team." })
  joinedYear!: number;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("TrainingLecturer", { implements: Node, description: "An entrepreneurship training lecturer (P3: ≥ 1,000 high-level lecturers by 2025)." })
export class TrainingLecturer extends Node {
  @Field(() => String, { description: "Natural key (sample records: `S-TL-00001`)." })
  code!: string;

  @Field(() => String, { description: "The name the lecturer is published under (sample records start with 〔示例〕)." })
  name!: string;

  @Field(() => LecturerKind, { description: "What the lecturer teaches." })
  kind!: LecturerKind;

  @Field(() => String, { description: "Field of expertise, as published." })
  field!: string;

  @Field(() => Boolean, { description: "Whether recognised as high-level (高水平); only those count toward the target." })
  highLevel!: boolean;

  @Field(() => Int, { description: "Year certified as a lecturer." })
  certifiedYear!: number;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("TrainingDelivery", { implements: Node, description: "People trained in one county, one year, one programme." })
export class TrainingDelivery extends Node {
  @Field(() => Int, { description: "The year." })
  year!: number;

  @Field(() => TrainingProgramme, { description: "The programme." })
  programme!: TrainingProgramme;

  @Field(() => Int, { description: "People trained." })
  trainees!: number;

  @Field(() => Int, { description: "Of them, rural transferred labourers (农村牧区转移就业劳动力)." })
  ruralLaborTrainees!: number;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("TrainingTotals", { description: "Sums over the training records a filter selects." })
export class TrainingTotals {
  @Field(() => Int, { description: "Records summed." })
  records!: number;

  @Field(() => Int, { description: "People trained." })
  trainees!: number;

  @Field(() => Int, { description: "Of them, rural transferred labourers." })
  ruralLaborTrainees!: number;

  @Field(() => Provenance, { description: "SAMPLE when any record summed is sample data." })
  provenance!: Provenance;
}

@ObjectType("ModelEntrepreneur", { implements: Node, description: "A model entrepreneur (创业者典型) the region names (P7-M2: 100 a year)." })
export class ModelEntrepreneur extends Node {
  @Field(() => String, { description: "Natural key (sample records: `S-ME-2023-001`)." })
  code!: string;

  @Field(() => String, { description: "The name the model is published under (sample records start with 〔示例〕)." })
  name!: string;

  @Field(() => String, { description: "The business they founded, as published." })
  business!: string;

  @Field(() => ProjectSector, { description: "The business's field." })
  sector!: ProjectSector;

  @Field(() => Int, { description: "Year named." })
  year!: number;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("EntrepreneurshipEvent", { implements: Node, description: "A competition or event: 创业大赛, the innovation week's Inner Mongolia venue, roadshows, culture festivals …" })
export class EntrepreneurshipEvent extends Node {
  @Field(() => String, { description: "Natural key (sample records: `S-EV-0001`)." })
  code!: string;

  @Field(() => String, { description: "Chinese name (sample records start with 〔示例〕)." })
  name!: string;

  @Field(() => String, { description: "English name." })
  nameEn!: string;

  @Field(() => EventKind, { description: "What kind of event it is." })
  kind!: EventKind;

  @Field(() => EventLevel, { description: "At which level it is held." })
  level!: EventLevel;

  @Field(() => DateScalar, { description: "First day." })
  startsOn!: string;

  @Field(() => DateScalar, { description: "Last day." })
  endsOn!: string;

  @Field(() => String, { description: "Where it takes place, as published." })
  venue!: string;

  @Field(() => String, { description: "Who organises it, as published (sample organisers are placeholders, not real bodies)." })
  organiser!: string;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("ServicePoint", { implements: Node, description: "A place entrepreneurs are served: a “一窗办” window or a university guidance station." })
export class ServicePoint extends Node {
  @Field(() => String, { description: "Natural key (sample records: `S-SP-0001`)." })
  code!: string;

  @Field(() => String, { description: "Chinese name (sample records start with 〔示例〕)." })
  name!: string;

  @Field(() => String, { description: "English name." })
  nameEn!: string;

  @Field(() => ServicePointKind, { description: "What kind of service point it is." })
  kind!: ServicePointKind;

  @Field(() => String, { description: "The service hall or university that hosts it (sample hosts are placeholders)." })
  host!: string;

  @Field(() => DateScalar, { description: "Day it opened." })
  openedOn!: string;

  @Field(() => Provenance, { description: PROVENANCE })
  provenance!: Provenance;
}

@ObjectType("PilotZone", { implements: Node, description: "A pilot zone of P1-M3 as a group of regions: the “呼包鄂乌” experimental zone and the “双子星” pilots. From the document." })
export class PilotZone extends Node {
  @Field(() => String, { description: "Stable code, e.g. `hubaoewu-experimental-zone`." })
  code!: string;

  @Field(() => String, { description: "Chinese name." })
  name!: string;

  @Field(() => String, { description: "English name (unofficial)." })
  nameEn!: string;

  @Field(() => PilotZoneKind, { description: "Experimental zone (试验区) or pilot (试点)." })
  kind!: PilotZoneKind;

  @Field(() => String, { description: "The sentence of the document that sets it up, verbatim." })
  sourceQuote!: string;

  @Field(() => Provenance, { description: "SOURCE: it comes from the document." })
  provenance!: Provenance;
}

// ── Filters and orderings ────────────────────────────────────────────────────

@InputType("LibraryProjectFilter", { description: "Narrows the project library; all given conditions must hold." })
export class LibraryProjectFilter {
  @Field(() => String, { nullable: true, description: REGION_FILTER })
  regionCode?: string | null;

  @Field(() => ProjectSector, { nullable: true, description: "Only projects in this field." })
  sector?: ProjectSector | null;

  @Field(() => ProjectStage, { nullable: true, description: "Only projects at this stage." })
  stage?: ProjectStage | null;

  @Field(() => DateScalar, { nullable: true, description: "Only projects published on or after this day." })
  publishedFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Only projects published on or before this day." })
  publishedTo?: string | null;

  @Field(() => String, { nullable: true, description: "Only projects whose Chinese or English name contains this text." })
  text?: string | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

export enum LibraryProjectOrderField {
  CODE = "CODE",
  NAME = "NAME",
  PUBLISHED_ON = "PUBLISHED_ON",
}
registerEnumType(LibraryProjectOrderField, {
  name: "LibraryProjectOrderField",
  description: "What to order the project library by; ties are broken by code.",
  valuesConfig: {
    CODE: { description: "Code." },
    NAME: { description: "Chinese name, in Unicode code-point order." },
    PUBLISHED_ON: { description: "Day of publication." },
  },
});

@InputType("LibraryProjectOrder", { description: "An ordering of the project library." })
export class LibraryProjectOrder {
  @Field(() => LibraryProjectOrderField, { description: "The field to order by." })
  field!: LibraryProjectOrderField;

  @Field(() => OrderDirection, { description: "The direction." })
  direction!: OrderDirection;
}

@InputType("MentorTeamFilter", { description: "Narrows a list of mentor teams." })
export class MentorTeamFilter {
  @Field(() => String, { nullable: true, description: REGION_FILTER })
  regionCode?: string | null;

  @Field(() => MentorTeamLevel, { nullable: true, description: "Only league or only county teams." })
  level?: MentorTeamLevel | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

@InputType("MentorFilter", { description: "Narrows a list of mentors." })
export class MentorFilter {
  @Field(() => String, { nullable: true, description: "Only members of teams in this region: a league includes its counties' teams; `150000` means all." })
  regionCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only members of this team (its code)." })
  teamCode?: string | null;

  @Field(() => MentorRole, { nullable: true, description: "Only mentors of this role." })
  role?: MentorRole | null;

  @Field(() => String, { nullable: true, description: "Only mentors whose name or field contains this text." })
  text?: string | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

@InputType("TrainingLecturerFilter", { description: "Narrows a list of training lecturers." })
export class TrainingLecturerFilter {
  @Field(() => String, { nullable: true, description: REGION_FILTER })
  regionCode?: string | null;

  @Field(() => LecturerKind, { nullable: true, description: "Only lecturers of this kind." })
  kind?: LecturerKind | null;

  @Field(() => Boolean, { nullable: true, description: "Only high-level lecturers (true) or only the others (false)." })
  highLevel?: boolean | null;

  @Field(() => IntRange, { nullable: true, description: "Only lecturers certified in these years." })
  certifiedYear?: IntRange | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

@InputType("TrainingDeliveryFilter", { description: "Narrows a list of training records." })
export class TrainingDeliveryFilter {
  @Field(() => String, { nullable: true, description: REGION_FILTER })
  regionCode?: string | null;

  @Field(() => TrainingProgramme, { nullable: true, description: "Only this programme." })
  programme?: TrainingProgramme | null;

  @Field(() => IntRange, { nullable: true, description: "Only these years." })
  year?: IntRange | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

@InputType("ModelEntrepreneurFilter", { description: "Narrows a list of model entrepreneurs." })
export class ModelEntrepreneurFilter {
  @Field(() => String, { nullable: true, description: REGION_FILTER })
  regionCode?: string | null;

  @Field(() => ProjectSector, { nullable: true, description: "Only models whose business is in this field." })
  sector?: ProjectSector | null;

  @Field(() => String, { nullable: true, description: "Only models of this beneficiary group (its code, e.g. `COLLEGE_GRADUATES`)." })
  beneficiaryGroup?: string | null;

  @Field(() => IntRange, { nullable: true, description: "Only models named in these years." })
  year?: IntRange | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

@InputType("EntrepreneurshipEventFilter", { description: "Narrows a list of events." })
export class EntrepreneurshipEventFilter {
  @Field(() => String, { nullable: true, description: REGION_FILTER })
  regionCode?: string | null;

  @Field(() => EventKind, { nullable: true, description: "Only events of this kind." })
  kind?: EventKind | null;

  @Field(() => EventLevel, { nullable: true, description: "Only events at this level." })
  level?: EventLevel | null;

  @Field(() => DateScalar, { nullable: true, description: "Only events starting on or after this day." })
  startsFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Only events starting on or before this day." })
  startsTo?: string | null;

  @Field(() => String, { nullable: true, description: "Only events whose name, venue or organiser contains this text." })
  text?: string | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

export enum EntrepreneurshipEventOrderField {
  STARTS_ON = "STARTS_ON",
  CODE = "CODE",
}
registerEnumType(EntrepreneurshipEventOrderField, {
  name: "EntrepreneurshipEventOrderField",
  description: "What to order events by; ties are broken by code.",
  valuesConfig: { STARTS_ON: { description: "First day." }, CODE: { description: "Code." } },
});

@InputType("EntrepreneurshipEventOrder", { description: "An ordering of events." })
export class EntrepreneurshipEventOrder {
  @Field(() => EntrepreneurshipEventOrderField, { description: "The field to order by." })
  field!: EntrepreneurshipEventOrderField;

  @Field(() => OrderDirection, { description: "The direction." })
  direction!: OrderDirection;
}

@InputType("ServicePointFilter", { description: "Narrows a list of service points." })
export class ServicePointFilter {
  @Field(() => String, { nullable: true, description: REGION_FILTER })
  regionCode?: string | null;

  @Field(() => ServicePointKind, { nullable: true, description: "Only service points of this kind." })
  kind?: ServicePointKind | null;

  @Field(() => Provenance, { nullable: true, description: PROVENANCE_FILTER })
  provenance?: Provenance | null;
}

export const LibraryProjectConnection = connectionType(LibraryProject, "LibraryProject", "projects in the project library");
export const MentorTeamConnection = connectionType(MentorTeam, "MentorTeam", "mentor teams");
export const MentorConnection = connectionType(Mentor, "Mentor", "mentors");
export const TrainingLecturerConnection = connectionType(TrainingLecturer, "TrainingLecturer", "training lecturers");
export const TrainingDeliveryConnection = connectionType(TrainingDelivery, "TrainingDelivery", "training records");
export const ModelEntrepreneurConnection = connectionType(ModelEntrepreneur, "ModelEntrepreneur", "model entrepreneurs");
export const EntrepreneurshipEventConnection = connectionType(EntrepreneurshipEvent, "EntrepreneurshipEvent", "events");
export const ServicePointConnection = connectionType(ServicePoint, "ServicePoint", "service points");
