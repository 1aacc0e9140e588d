import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { BUSINESS_TYPES, ROLES, SECTORS } from "../db/schema/eligibility.js";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { BeneficiaryGroupCode, GroupMatch } from "./instrument-enums.js";

export { GroupMatch };
import { AmountType, AmountUnit, InstrumentAudience, PaymentFrequency } from "./instrument.js";
import { DateScalar, DecimalScalar } from "./scalars.js";

export enum CriterionKind {
  BENEFICIARY_GROUP = "BENEFICIARY_GROUP",
  MAX_MONTHS_SINCE_LEAVING_SCHOOL = "MAX_MONTHS_SINCE_LEAVING_SCHOOL",
  NOT_EMPLOYED = "NOT_EMPLOYED",
  IN_GRADUATING_YEAR = "IN_GRADUATING_YEAR",
  RETURNING_HOME = "RETURNING_HOME",
  FIRST_TIME_FOUNDER = "FIRST_TIME_FOUNDER",
  MIN_MONTHS_OPERATING = "MIN_MONTHS_OPERATING",
  EMPLOYS_OTHERS = "EMPLOYS_OTHERS",
  FILES_TAXES = "FILES_TAXES",
  MAX_MONTHS_AFTER_INTERNSHIP = "MAX_MONTHS_AFTER_INTERNSHIP",
  BUSINESS_TYPE = "BUSINESS_TYPE",
  SECTOR = "SECTOR",
  LOCATION = "LOCATION",
  MAX_LOAN_AMOUNT = "MAX_LOAN_AMOUNT",
  ROLE = "ROLE",
  EXCLUSIVE_WITH = "EXCLUSIVE_WITH",
  OTHER = "OTHER",
}
registerEnumType(CriterionKind, {
  name: "CriterionKind",
  description: "What one condition of an instrument tests.",
  valuesConfig: {
    BENEFICIARY_GROUP: { description: "Belonging to the group in `group` (groups of one instrument are alternatives)." },
    MAX_MONTHS_SINCE_LEAVING_SCHOOL: { description: "At most `months` since leaving school (离校两年内: 24)." },
    NOT_EMPLOYED: { description: "Not employed (未就业)." },
    IN_GRADUATING_YEAR: { description: "A student in the graduating year (毕业学年)." },
    RETURNING_HOME: { description: "Starting the business back home or in the countryside (返乡入乡创业)." },
    FIRST_TIME_FOUNDER: { description: "The founder's first successful business (首次成功创业)." },
    MIN_MONTHS_OPERATING: { description: "Operating normally for at least `months` (正常经营1年以上: 12)." },
    EMPLOYS_OTHERS: { description: "Employs other workers (带动其他劳动者就业)." },
    FILES_TAXES: { description: "Files taxes normally (正常申报纳税)." },
    MAX_MONTHS_AFTER_INTERNSHIP: { description: "Started the business at most `months` after an internship + incubation placement." },
    BUSINESS_TYPE: { description: "The business is of one of the types in `values` (`BusinessType` codes)." },
    SECTOR: { description: "The business is in one of the sectors in `values` (`Sector` codes)." },
    LOCATION: { description: "Located in one of the regions in `values` (region codes; a region includes its counties)." },
    MAX_LOAN_AMOUNT: { description: "A loan of at most `amount` CNY." },
    ROLE: { description: "The person has one of the roles in `values` (`ApplicantRole` codes)." },
    EXCLUSIVE_WITH: { description: "Not drawn together with the instruments in `values` (不得重复享受)." },
    OTHER: { description: "A condition only the office can judge (an honour, an appraisal, a local rule); never taken as met." },
  },
});

const enumOf = (name: string, description: string, facts: Record<string, { name: string; nameEn: string }>) => {
  const e = Object.fromEntries(Object.keys(facts).map((k) => [k, k])) as Record<string, string>;
  registerEnumType(e, { name, description, valuesConfig: Object.fromEntries(Object.entries(facts).map(([k, f]) => [k, { description: `${f.name} — ${f.nameEn}.` }])) });
  return e;
};
export const BusinessType = enumOf("BusinessType", "A type of business the document names.", BUSINESS_TYPES);
export const Sector = enumOf("Sector", "A sector the document singles out for priority support (P1-M3).", SECTORS);
export const ApplicantRole = enumOf("ApplicantRole", "What a person does that an instrument's conditions ask about.", ROLES);

export enum AmountBase {
  CLASS_I_MINIMUM_WAGE = "CLASS_I_MINIMUM_WAGE",
}
registerEnumType(AmountBase, {
  name: "AmountBase",
  description: "What a relative amount is a share of.",
  valuesConfig: { CLASS_I_MINIMUM_WAGE: { description: "The autonomous region's monthly minimum wage for class-I areas (自治区一类地区最低工资标准)." } },
});

export enum WageClass {
  I = "I",
  II = "II",
  III = "III",
  IV = "IV",
}
registerEnumType(WageClass, {
  name: "WageClass",
  description: "Area class of a minimum wage (一类 … 四类地区).",
  valuesConfig: { I: { description: "Class I (一类地区)." }, II: { description: "Class II (二类地区)." }, III: { description: "Class III (三类地区)." }, IV: { description: "Class IV (四类地区)." } },
});

@ObjectType("EligibilityCriterion", { description: "One condition of an instrument as data, beside the document's words for it." })
export class EligibilityCriterion {
  @Field(() => Int, { description: "Order among the instrument's conditions, from 1." })
  ordinal!: number;

  @Field(() => CriterionKind, { description: "What the condition tests." })
  kind!: CriterionKind;

  @Field(() => String, { description: "The document's words for the condition, verbatim." })
  sourceText!: string;

  @Field(() => String, { description: "The condition in English." })
  noteEn!: string;

  @Field(() => Int, { nullable: true, description: "Months, for the MAX_MONTHS_* and MIN_MONTHS_OPERATING kinds." })
  months!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "CNY, for MAX_LOAN_AMOUNT." })
  amount!: string | null;

  @Field(() => [String], { description: "Codes the condition accepts: business types, sectors, region codes, roles or instrument codes, per `kind`." })
  values!: string[];

  @Field(() => String, { nullable: true, description: "Conditions sharing this label are alternatives: any one suffices. Null: required on its own (groups are always alternatives of each other)." })
  anyOf!: string | null;
}

@ObjectType("AmountFormula", { description: "A relative amount as a formula: `rate` × the reference amount `base`." })
export class AmountFormula {
  @Field(() => DecimalScalar, { description: "The share, e.g. `\"0.6000\"` for 60%." })
  rate!: string;

  @Field(() => AmountBase, { description: "The reference amount, as a code." })
  base!: AmountBase;

  @Field(() => String, { description: "The reference amount in the document's words." })
  baseName!: string;

  @Field(() => String, { description: "The reference amount in English." })
  baseNameEn!: string;

  @Field(() => String, { description: "The formula written out, e.g. `0.6 × 自治区一类地区最低工资标准`." })
  expression!: string;
}

@ObjectType("MinimumWage", { description: "A published monthly minimum wage, imported with its source (dataset `minimum-wages`)." })
export class MinimumWage {
  @Field(() => WageClass, { description: "Area class." })
  wageClass!: WageClass;

  @Field(() => DateScalar, { description: "First day it applies." })
  effectiveFrom!: string;

  @Field(() => DecimalScalar, { description: "CNY per month, exact decimal." })
  monthlyAmount!: string;

  @Field(() => String, { description: "Currency (ISO 4217)." })
  currency!: string;

  @Field(() => String, { description: "Where the figure was published (notice, title or URL), as imported." })
  source!: string;

  @Field(() => Provenance, { description: "`SOURCE` when imported from an official file; `SAMPLE` would mark an invented figure (the project seeds none)." })
  provenance!: Provenance;
}

export const MinimumWageConnection = connectionType(MinimumWage, "MinimumWage", "minimum wages");

@ObjectType("ResolvedAmount", { description: "A relative amount worked out in CNY for one league, from an imported minimum wage." })
export class ResolvedAmount {
  @Field(() => DecimalScalar, { description: "CNY per `amountUnit` of the instrument (per month for the internship subsidy), rounded to the fen." })
  amount!: string;

  @Field(() => String, { description: "Currency (ISO 4217)." })
  currency!: string;

  @Field(() => String, { description: "How it was computed, e.g. `0.6 × 2000.00 = 1200.00`." })
  computation!: string;
}

export enum EligibilityStatus {
  ELIGIBLE = "ELIGIBLE",
  CONDITIONAL = "CONDITIONAL",
  NOT_ELIGIBLE = "NOT_ELIGIBLE",
}
registerEnumType(EligibilityStatus, {
  name: "EligibilityStatus",
  description: "What the engine concludes for one instrument and one profile.",
  valuesConfig: {
    ELIGIBLE: { description: "Every condition is met by what the profile says." },
    CONDITIONAL: { description: "Nothing excludes it, but some conditions are still to be shown (the profile does not say, or only an office can judge): see `toShow`." },
    NOT_ELIGIBLE: { description: "A condition fails: see `failed`." },
  },
});

export enum CriterionOutcome {
  MET = "MET",
  NOT_MET = "NOT_MET",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(CriterionOutcome, {
  name: "CriterionOutcome",
  description: "How a profile fares against one condition.",
  valuesConfig: {
    MET: { description: "The profile meets it." },
    NOT_MET: { description: "The profile does not meet it." },
    UNKNOWN: { description: "The profile does not say, or only an office can judge." },
  },
});

@ObjectType("CriterionCheck", { description: "One condition of an instrument and how the profile fares against it." })
export class CriterionCheck {
  @Field(() => EligibilityCriterion, { description: "The condition, with the document's words." })
  criterion!: EligibilityCriterion;

  @Field(() => CriterionOutcome, { description: "Met, not met, or still to be shown." })
  outcome!: CriterionOutcome;

  @Field(() => String, { description: "Why, in English (e.g. `12 months since leaving school ≤ 24`)." })
  explanation!: string;
}

@ObjectType("GroupEligibility", { description: "How an instrument is open to one beneficiary group, with the qualifiers the group must still meet." })
export class GroupEligibility {
  @Field(() => GroupMatch, { description: "Named, named with a qualifier, or open to all." })
  match!: GroupMatch;
}

@ObjectType("InstrumentConflict", { description: "An instrument of the answer and another it may not be drawn together with (不得重复享受)." })
export class InstrumentConflict {
  @Field(() => String, { description: "The document's words that forbid combining them." })
  sourceText!: string;
}

@ObjectType("InstrumentEligibility", { description: "One instrument in the engine's answer: the verdict, the amount, why it applies and what would exclude it." })
export class InstrumentEligibility {
  @Field(() => EligibilityStatus, { description: "Eligible, conditional (something still to be shown) or not eligible." })
  status!: EligibilityStatus;

  @Field(() => GroupMatch, { nullable: true, description: "How the instrument is open to the profile's groups: null when the applicant is not a person or a business (group conditions do not apply to base operators, institutions or governments)." })
  groupMatch!: GroupMatch | null;

  @Field(() => AmountType, { description: "How to read `amount`." })
  amountType!: AmountType;

  @Field(() => DecimalScalar, { nullable: true, description: "The amount in CNY: the document's figure, or a relative amount resolved from an imported minimum wage for the profile's league (or region-wide); null when neither gives one." })
  amount!: string | null;

  @Field(() => String, { description: "Currency (ISO 4217)." })
  currency!: string;

  @Field(() => AmountUnit, { description: "What the amount is counted per." })
  amountUnit!: AmountUnit;

  @Field(() => PaymentFrequency, { description: "How often it is paid." })
  payment!: PaymentFrequency;

  @Field(() => String, { nullable: true, description: "For a relative amount, how it was computed (e.g. `0.6 × 2000.00 = 1200.00`), or why it could not be (no minimum wage imported)." })
  amountNote!: string | null;

  @Field(() => [CriterionCheck], { description: "Why it applies: the conditions the profile meets, quoting the document." })
  met!: CriterionCheck[];

  @Field(() => [CriterionCheck], { description: "What would exclude it: conditions still to be shown; if any fails, the instrument is lost." })
  toShow!: CriterionCheck[];

  @Field(() => [CriterionCheck], { description: "The conditions the profile fails (for NOT_ELIGIBLE)." })
  failed!: CriterionCheck[];
}

@ObjectType("EligibilityAnswer", { description: "What a person or business can get under the programme, instrument by instrument." })
export class EligibilityAnswer {
  @Field(() => Int, { description: "How many instruments are ELIGIBLE or CONDITIONAL." })
  count!: number;

  @Field(() => DateScalar, { description: "The day relative amounts were resolved for." })
  asOf!: string;
}

@InputType("EligibilityProfileInput", { description: "Who is asking: a person or a business, described in the terms the document uses. Leave out what you do not know: the engine then reports the condition as still to be shown, never as met." })
export class EligibilityProfileInput {
  @Field(() => InstrumentAudience, { defaultValue: "INDIVIDUAL", description: "Who would receive it. A person (`INDIVIDUAL`) who gives `businessType` is asked about as the owner of that business too." })
  applicant!: InstrumentAudience;

  @Field(() => [BeneficiaryGroupCode], { nullable: true, description: "The groups the person belongs to (a veteran may also be a graduate)." })
  groups?: string[] | null;

  @Field(() => String, { nullable: true, description: "Where: a county, league or 150000; resolves relative amounts for the league and checks location conditions." })
  regionCode?: string | null;

  @Field(() => Int, { nullable: true, description: "Months since leaving school (graduates)." })
  monthsSinceLeavingSchool?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the person is employed now." })
  employed?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Registered as unemployed (登记失业); true also places the person in `REGISTERED_UNEMPLOYED`." })
  registeredUnemployed?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "A student in the graduating year (毕业学年)." })
  inGraduatingYear?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Starting the business back home or in the countryside (返乡入乡)." })
  returningHome?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "The founder's first business (首次创业)." })
  firstTimeFounder?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Months the business has been registered and operating normally." })
  monthsOperating?: number | null;

  @Field(() => Boolean, { nullable: true, description: "The business employs other workers." })
  employsOthers?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "The business files its taxes normally." })
  filesTaxes?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Months between the end of an internship + incubation placement (见习+孵化) and starting the business; leave out if there was none." })
  monthsSinceInternship?: number | null;

  @Field(() => BusinessType, { nullable: true, description: "The type of the business." })
  businessType?: string | null;

  @Field(() => Sector, { nullable: true, description: "The sector of the business." })
  sector?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "The guarantee loan applied for, in CNY." })
  loanAmount?: string | null;

  @Field(() => [ApplicantRole], { nullable: true, description: "What the person does (public-institution staff, on start-up leave, founding while in post, mentor)." })
  roles?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Codes of instruments already drawn, for the conditions that forbid combining them." })
  receivedInstruments?: string[] | null;

  @Field(() => DateScalar, { nullable: true, description: "The day to resolve relative amounts for (default: today)." })
  asOf?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: "Also list the instruments the profile is not eligible for, with why." })
  includeNotEligible!: boolean;
}
