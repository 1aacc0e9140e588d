import { Field, InputType, Int, InterfaceType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { Node } from "./node.js";
import { DateScalar, DateTimeScalar } from "./scalars.js";
import { BeneficiaryGroupCode } from "./instrument-enums.js";

export enum SectionKind {
  PREAMBLE = "PREAMBLE",
  CHAPTER = "CHAPTER",
  GUIDING_IDEA = "GUIDING_IDEA",
  PRINCIPLES = "PRINCIPLES",
  PRINCIPLE = "PRINCIPLE",
  WORK_GOAL = "WORK_GOAL",
  PLAN = "PLAN",
  MEASURE = "MEASURE",
  REQUIREMENT = "REQUIREMENT",
}
registerEnumType(SectionKind, {
  name: "SectionKind",
  description: "What part of the document a section is.",
  valuesConfig: {
    PREAMBLE: { description: "The opening paragraph of the plan (创业带动就业是…制定本方案。)." },
    CHAPTER: { description: "One of the three chapters (一、总体要求; 二、重点任务和措施; 三、工作要求)." },
    GUIDING_IDEA: { description: "指导思想 — the guiding ideology." },
    PRINCIPLES: { description: "基本原则 — the heading over the four basic principles." },
    PRINCIPLE: { description: "One basic principle (——坚持…)." },
    WORK_GOAL: { description: "工作目标 — the programme's overall goal for 2025." },
    PLAN: { description: "One of the seven plans (计划) of chapter 2." },
    MEASURE: { description: "One of the 22 concrete measures (具体任务措施) of a plan." },
    REQUIREMENT: { description: "One of the four work requirements (工作要求) of chapter 3." },
  },
});

/** Fields every part of the document has; plans and measures add their own. */
@InterfaceType("PolicySection", {
  implements: Node,
  description: "A part of the policy document: chapter, principle, plan, measure or requirement. Text is exact: as published, without the scrape's page markers or line-wrap spaces.",
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class PolicySection extends Node {
  @Field(() => String, { description: "Stable code of the section: `C1`, `C1-2-1`, `P1` … `P7`, `P1-M1` … `P7-M4`, `C3-4`, `PREAMBLE`." })
  code!: string;

  @Field(() => SectionKind, { description: "What part of the document this is." })
  kind!: SectionKind;

  @Field(() => String, { description: "The number as printed: `一、`, `(一)`, `1.`, `——`; empty for the preamble." })
  label!: string;

  @Field(() => String, { description: "Title in Chinese, exactly as published (without label and final `。`); empty for the preamble." })
  title!: string;

  @Field(() => String, { description: "Title in English (an unofficial translation)." })
  titleEn!: string;

  @Field(() => String, { description: "Full text in Chinese, exactly as published. For a plan: its stated goal; for a measure: the text before the list of responsible parties." })
  body!: string;

  @Field(() => Int, { description: "Position among its siblings, from 1." })
  ordinal!: number;

  @Field(() => Int, { description: "Position in reading order across the whole document, from 1." })
  documentOrder!: number;

  @Field(() => String, { description: "Codes from the top of the tree down to this section, joined by `/`, e.g. `C2/P1/P1-M1`." })
  path!: string;

  @Field(() => Provenance, { description: "Where the text comes from (always `SOURCE`: the published document)." })
  provenance!: Provenance;
}

@ObjectType("PolicySectionRevision", { description: "An earlier text of a policy section, kept when the text was corrected." })
export class PolicySectionRevision {
  @Field(() => String, { description: "The number as printed then." })
  label!: string;

  @Field(() => String, { description: "The Chinese title then." })
  title!: string;

  @Field(() => String, { description: "The English title then." })
  titleEn!: string;

  @Field(() => String, { description: "The full Chinese text then." })
  body!: string;

  @Field(() => String, { nullable: true, description: "For a measure, the list of responsible parties then; null for other sections." })
  responsibilityText!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When this text was put in place (the previous revision's `supersededAt`); null when it predates the keeping of revisions." })
  recordedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: "When it was replaced by a corrected text, rounded up to the millisecond." })
  supersededAt!: Date;
}

@ObjectType("DocumentSection", { implements: [Node, PolicySection], description: "A section of the document other than a plan or a measure: preamble, chapter, guiding idea, principle, work goal or requirement." })
export class DocumentSection extends PolicySection {}

@ObjectType("Plan", { implements: [Node, PolicySection], description: "One of the seven plans (计划) of the programme, with its goal, measures and targets." })
export class Plan extends PolicySection {}

@ObjectType("Measure", { implements: [Node, PolicySection], description: "One of the 22 concrete measures (具体任务措施), with the parties responsible for it in document order." })
export class Measure extends PolicySection {
  @Field(() => String, { description: "The list of responsible parties exactly as published, e.g. `自治区财政厅、人力资源社会保障厅…等部门按照职责分工负责`." })
  responsibilityText!: string;
}

@ObjectType("PolicyDocument", { implements: Node, description: "A published policy document: today the notice 内政办发〔2022〕31号 and the plan it distributes." })
export class PolicyDocument extends Node {
  @Field(() => String, { description: "Stable slug of the document, e.g. `nzbf-2022-31`." })
  slug!: string;

  @Field(() => String, { description: "Document number (发文字号), e.g. `内政办发〔2022〕31号`." })
  docNumber!: string;

  @Field(() => String, { description: "Title of the notice in Chinese, exactly as published." })
  title!: string;

  @Field(() => String, { description: "Title of the notice in English (an unofficial translation)." })
  titleEn!: string;

  @Field(() => String, { description: "Title of the plan the notice distributes, e.g. `“创业内蒙古行动”实施方案(2022-2025年)`." })
  planTitle!: string;

  @Field(() => String, { description: "Title of the plan in English." })
  planTitleEn!: string;

  @Field(() => String, { description: "Issuing body in Chinese." })
  issuer!: string;

  @Field(() => String, { description: "Issuing body in English." })
  issuerEn!: string;

  @Field(() => String, { description: "Addressees (主送), as published." })
  recipients!: string;

  @Field(() => String, { description: "The text of the notice itself, as published." })
  noticeBody!: string;

  @Field(() => DateScalar, { description: "Date of signature (成文日期)." })
  signedOn!: string;

  @Field(() => DateScalar, { description: "Date of printing and distribution (印发日期)." })
  printedOn!: string;

  @Field(() => String, { description: "The office that printed and distributed it." })
  printedBy!: string;

  @Field(() => String, { description: "Publication note as printed, e.g. `(此件公开发布)` (published for the public)." })
  publicationNote!: string;

  @Field(() => String, { description: "Bodies sent a copy (抄送), as published." })
  copiedTo!: string;

  @Field(() => Int, { description: "First year of the programme period." })
  periodStart!: number;

  @Field(() => Int, { description: "Last year of the programme period." })
  periodEnd!: number;

  @Field(() => Provenance, { description: "Where the record comes from." })
  provenance!: Provenance;

  @Field(() => String, { description: "How the published text was obtained and cleaned." })
  sourceNote!: string;
}

@InputType("MeasureFilter", { description: "Narrows a list of measures; all given conditions must hold." })
export class MeasureFilter {
  @Field(() => String, { nullable: true, description: "Only measures of this plan, by code (`P1` … `P7`)." })
  planCode?: string | null;

  @Field(() => String, { nullable: true, description: "Only measures this department answers for, by slug (e.g. `finance-department`)." })
  departmentSlug?: string | null;

  @Field(() => BeneficiaryGroupCode, { nullable: true, description: "Only measures with an instrument open to a person of this group — named, named with a qualifier, or open to every person — by the same rule as `eligibleInstruments`." })
  beneficiaryGroup?: BeneficiaryGroupCode | null;
}

export const MeasureConnection = connectionType(Measure, "Measure", "measures");
export const PolicyDocumentConnection = connectionType(PolicyDocument, "PolicyDocument", "policy documents");

export enum ProgrammeStatusKind {
  NOT_YET_IN_FORCE = "NOT_YET_IN_FORCE",
  IN_FORCE = "IN_FORCE",
  ENDED = "ENDED",
}
registerEnumType(ProgrammeStatusKind, {
  name: "ProgrammeStatusKind",
  description: "Whether the programme (and so each of its plans and measures) applies on a date.",
  valuesConfig: {
    NOT_YET_IN_FORCE: { description: "Before the document was signed." },
    IN_FORCE: { description: "From the day the document was signed to the last day of its period (2025-12-31)." },
    ENDED: { description: "After the last day of its period: the plan's own period (2022–2025) has ended." },
  },
});

@ObjectType("ProgrammeStatus", {
  description:
    "Whether the programme applies on a date, as the document itself defines it: from its signature to the end of the period in its title (`(2022-2025年)`). No plan or measure sets a period of its own, so each has the programme's status. Rules it implements may continue under other documents (e.g. national guarantee-loan rules); this API says nothing about those.",
})
export class ProgrammeStatus {
  @Field(() => ProgrammeStatusKind, { description: "In force, ended, or not yet in force on `asOf`." })
  status!: ProgrammeStatusKind;

  @Field(() => DateScalar, { description: "The date asked about (today in China, UTC+8, unless `asOf` was given)." })
  asOf!: string;

  @Field(() => DateScalar, { description: "First day in force: the date of signature (成文日期)." })
  inForceFrom!: string;

  @Field(() => DateScalar, { description: "Last day of the programme's period: 31 December of its last year." })
  periodEndsOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "The day it ended (the last day of the period), when `status` is `ENDED`; null otherwise." })
  endedOn!: string | null;

  @Field(() => String, { description: "Why, in a sentence (English)." })
  basis!: string;
}
