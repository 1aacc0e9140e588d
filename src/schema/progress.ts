import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { DateScalar, DateTimeScalar, DecimalScalar } from "./scalars.js";

@ObjectType("IndicatorObservationRevision", { description: "One vintage of a reported figure: the value published, when it was recorded and when it was replaced." })
export class IndicatorObservationRevision {
  @Field(() => DecimalScalar, { description: "The figure as published then, exact." })
  value!: string;

  @Field(() => Provenance, { description: "SOURCE for an imported official figure; SAMPLE for a generated one." })
  provenance!: Provenance;

  @Field(() => DateTimeScalar, { description: "When the service recorded it (transaction time), rounded up to the millisecond." })
  recordedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it stopped being the published figure (replaced by a revised value, or withdrawn, as official figures withdraw the sample); null while it was still current at the as-of instant." })
  supersededAt!: Date | null;
}

export enum ObservationMethod {
  REPORTED = "REPORTED",
  SUM_OF_COUNTIES = "SUM_OF_COUNTIES",
  SUM_OF_LEAGUES = "SUM_OF_LEAGUES",
}
registerEnumType(ObservationMethod, {
  name: "ObservationMethod",
  description: "How an indicator figure was obtained.",
  valuesConfig: {
    REPORTED: { description: "Reported for this region as it stands (imported; a reported figure always wins over a sum)." },
    SUM_OF_COUNTIES: { description: "A league's figure derived as the sum of its counties' reported figures, for a period the league reported none (additive metrics only)." },
    SUM_OF_LEAGUES: { description: "The region-wide figure derived as the sum of the 12 leagues' figures — each reported or itself a sum of its counties — for a period with no reported region-wide figure (additive metrics only)." },
  },
});

@ObjectType("IndicatorObservation", { description: "A figure of an indicator series: one metric, one region, one period (a quarter such as `2023-Q2` or a year such as `2023`), reported or derived by summing the parts of the region (see `method`)." })
export class IndicatorObservation {
  @Field(() => String, { description: "The metric, as in `Target.metric` (e.g. `supported_entrepreneurs`)." })
  metric!: string;

  @Field(() => String, { description: "The region reported on (a league, a county, or 150000)." })
  regionCode!: string;

  @Field(() => String, { description: "The period: `2023-Q2` or `2023`." })
  period!: string;

  @Field(() => DateScalar, { description: "First day of the period." })
  periodStart!: string;

  @Field(() => DateScalar, { description: "Last day of the period." })
  periodEnd!: string;

  @Field(() => DecimalScalar, { description: "The figure, exact." })
  value!: string;

  @Field(() => Provenance, { description: "SOURCE for imported official figures; SAMPLE for generated ones, which are not official (a sum is SAMPLE when any of its parts is)." })
  provenance!: Provenance;

  @Field(() => ObservationMethod, { description: "How the figure was obtained: reported, or summed from the counties or the leagues." })
  method!: ObservationMethod;

  @Field(() => Int, { nullable: true, description: "For a sum: how many parts (counties or leagues) had a figure for the period; null for a reported figure." })
  partsSummed!: number | null;

  @Field(() => Int, { nullable: true, description: "For a sum: how many parts the region has (its counties, or the 12 leagues); null for a reported figure." })
  partsExpected!: number | null;

  @Field(() => Boolean, { description: "False for a sum with a part missing (partsSummed < partsExpected) or a part that is itself an incomplete sum: then the figure understates the region's and is published flagged, not dropped. True for reported figures." })
  complete!: boolean;
}

@InputType("IndicatorObservationFilter", { description: "Narrows a list of indicator observations." })
export class IndicatorObservationFilter {
  @Field(() => String, { nullable: true, description: "Only this metric." })
  metric?: string | null;

  @Field(() => String, { nullable: true, description: "Only this region (exactly: a league's own figures, reported or summed from its counties, not its counties'; `150000`: the region-wide series)." })
  regionCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Only periods ending on or after this date." })
  periodEndFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Only periods ending on or before this date." })
  periodEndTo?: string | null;

  @Field(() => ObservationMethod, { nullable: true, description: "Only figures obtained this way (e.g. REPORTED: the figures as reported, without derived sums)." })
  method?: ObservationMethod | null;
}

export const IndicatorObservationConnection = connectionType(IndicatorObservation, "IndicatorObservation", "indicator observations");

export enum ProgressSource {
  INDICATOR_OBSERVATIONS = "INDICATOR_OBSERVATIONS",
  GUARANTEE_LOANS = "GUARANTEE_LOANS",
  INCUBATOR_BASES = "INCUBATOR_BASES",
  DEMONSTRATION_BRANDS = "DEMONSTRATION_BRANDS",
  PROJECT_LIBRARY = "PROJECT_LIBRARY",
  MENTOR_TEAMS = "MENTOR_TEAMS",
  TRAINING_LECTURERS = "TRAINING_LECTURERS",
  TRAINING_DELIVERED = "TRAINING_DELIVERED",
  MODEL_ENTREPRENEURS = "MODEL_ENTREPRENEURS",
}
registerEnumType(ProgressSource, {
  name: "ProgressSource",
  description: "Where the figures behind a target's progress come from.",
  valuesConfig: {
    INDICATOR_OBSERVATIONS: { description: "Reported figures (`indicatorObservations`)." },
    GUARANTEE_LOANS: { description: "The guarantee loans (`loanStatistics`)." },
    INCUBATOR_BASES: { description: "The incubator bases (`incubatorBases`)." },
    DEMONSTRATION_BRANDS: { description: "The demonstration brands (`demonstrationBrands`)." },
    PROJECT_LIBRARY: { description: "The project library, 创业项目资源库 (`projectLibrary`)." },
    MENTOR_TEAMS: { description: "The mentor teams and their members (`mentorTeams`)." },
    TRAINING_LECTURERS: { description: "The training lecturers (`trainingLecturers`)." },
    TRAINING_DELIVERED: { description: "The training delivered by county, year and programme (`trainingDelivered`)." },
    MODEL_ENTREPRENEURS: { description: "The model entrepreneurs named each year (`modelEntrepreneurs`)." },
  },
});

@ObjectType("ProgressPoint", { description: "One period of a target's progress series." })
export class ProgressPoint {
  @Field(() => String, { description: "The period: `2023-Q2` or `2023`." })
  period!: string;

  @Field(() => DateScalar, { description: "Last day of the period." })
  periodEnd!: string;

  @Field(() => DecimalScalar, { description: "The period's own figure (for per-unit norms: the lowest unit's)." })
  value!: string;

  @Field(() => DecimalScalar, { description: "The running total up to this period (equal to `value` for levels)." })
  cumulativeValue!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Where the target's path stands at this period's end: for a target due in a year, the straight line from the baseline (the level at the end of 2021, 0 for what is counted since 2022) to the target value at the end of the due year, rounded to 2 decimals; for yearly targets and per-county norms, the target value itself. Null before 2022 and where the series is not in the target's terms (leagues with a brand)." })
  targetPath!: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the progress figure (`cumulativeValue`) is on the target's side of `targetPath` (at least it, or at most for AT_MOST targets); null where there is no path." })
  onTrack!: boolean | null;
}

@ObjectType("UnitProgress", { description: "One unit (a county or a league) of a norm every unit must meet: its own value and whether it meets the norm." })
export class UnitProgress {
  @Field(() => DecimalScalar, { description: "The unit's own value, in the target's unit (e.g. projects collected by this county)." })
  value!: string;

  @Field(() => Boolean, { description: "Whether this unit meets the norm." })
  met!: boolean;

  @Field(() => DecimalScalar, { description: "How far the unit is from the norm (target value − value) when it falls short; `0` when it meets it." })
  shortBy!: string;
}

@ObjectType("TargetProgress", { description: "How far a target is: the current value, its share of the target, and the series behind it." })
export class TargetProgress {
  @Field(() => DecimalScalar, { nullable: true, description: "The current value in the target's unit; for per-unit norms, the lowest unit's value. Null when nothing is reported." })
  currentValue!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Current value ÷ target value, 4 decimals (may exceed 1); for per-unit norms, units meeting ÷ units." })
  share!: string | null;

  @Field(() => Boolean, { description: "Whether the target is met by the current value (every year, for yearly targets; every unit, for norms)." })
  met!: boolean;

  @Field(() => DateScalar, { nullable: true, description: "End of the latest period behind the current value." })
  asOf!: string | null;

  @Field(() => Int, { nullable: true, description: "For per-unit norms: how many units meet it." })
  unitsMeeting!: number | null;

  @Field(() => Int, { nullable: true, description: "For per-unit norms: how many units there are." })
  unitsTotal!: number | null;

  @Field(() => [UnitProgress], { nullable: true, description: "For norms every county or league must meet (≥ 100 projects per county, ≥ 10 mentors per county team, one brand per league): every unit, in code order, with its value. Null for other targets." })
  units!: UnitProgress[] | null;

  @Field(() => [UnitProgress], { nullable: true, description: "For norms every county or league must meet: the units that fall short, in code order (empty when all meet it). Null for other targets." })
  shortfalls!: UnitProgress[] | null;

  @Field(() => [ProgressPoint], { description: "The figures behind the current value, in time order." })
  series!: ProgressPoint[];

  @Field(() => Boolean, { nullable: true, description: "Whether the latest point of the series is on track (`ProgressPoint.onTrack`); null without a series or a path." })
  onTrack!: boolean | null;

  @Field(() => ProgressSource, { description: "Where the figures come from." })
  source!: ProgressSource;

  @Field(() => String, { description: "How the current value is computed, in a sentence." })
  method!: string;

  @Field(() => Provenance, { description: "SAMPLE if any figure behind it is sample data: then it is not an official statement of progress." })
  provenance!: Provenance;

  @Field(() => Boolean, { description: "Whether the figures behind it keep every revision, so that `progress(asOf:)` answers exactly as the service did at that instant: true for reported figures (source INDICATOR_OBSERVATIONS). False for progress counted from datasets kept only in their current state (loans, bases, brands, the service system's datasets): those answer from the current data whatever `asOf` says." })
  revisionsKept!: boolean;
}
