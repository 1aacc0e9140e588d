/**
 * The checked arguments of the public lists: what a GraphQL filter input (as GraphQL coerced it)
 * becomes for the service that answers the list, with the same refusals — `BAD_USER_INPUT`
 * naming the argument — wherever it is asked. The resolvers call these, and so do the filtered
 * downloads (src/exports/query.ts), so that a download accepts, refuses and answers exactly
 * what the GraphQL query does: one implementation, not two that drift.
 *
 * `at` names the argument in messages: `filterBy` for GraphQL (`filterBy.regionCode`), `""` for a
 * download, whose query parameters are the filter's fields themselves (`regionCode`).
 */
import type { Loaders } from "../loaders/index.js";
import type { Db } from "../db/client.js";
import type { DemonstrationBrandFilter } from "../schema/brand.js";
import type { DepartmentFilter } from "../schema/department.js";
import type { FundFilter } from "../schema/fund.js";
import type { IncubatorBaseFilter } from "../schema/incubator.js";
import type { SupportInstrumentFilter } from "../schema/instrument.js";
import type { LoanStatisticsDimension, LoanStatisticsFilter } from "../schema/loan.js";
import type { MeasureFilter } from "../schema/policy.js";
import type { IndicatorObservationFilter } from "../schema/progress.js";
import type { RegionFilter } from "../schema/region.js";
import type {
  EntrepreneurshipEventFilter,
  LibraryProjectFilter,
  MentorFilter,
  MentorTeamFilter,
  ModelEntrepreneurFilter,
  ServicePointFilter,
  TrainingDeliveryFilter,
  TrainingLecturerFilter,
} from "../schema/service-system.js";
import type { TargetFilter } from "../schema/target.js";
import { periodBounds } from "../services/indicator.js";
import type { GroupMatchKind } from "../services/instrument.js";
import { filterDimensions, normalizeDimensions, statisticsDomain, type LoanStatisticsFilter as StatisticsFilter } from "../services/statistics.js";
import { checkAsOf } from "./as-of.js";
import { badInput } from "./errors.js";
import { checkOptionalFormat, checkRegionCode } from "./validate.js";

/** What the checks read: the request's database handle and loaders (region look-ups). */
export interface CheckContext {
  db: Db;
  loaders: Loaders;
}

/** `filterBy.regionCode` in GraphQL, `regionCode` in a download. */
export function argumentName(at: string, field: string): string {
  return at ? `${at}.${field}` : field;
}

/** Checks an inclusive range input: both ends within sane bounds, min ≤ max. */
export function checkRange(range: { min?: number | null; max?: number | null } | null | undefined, argumentName: string, bounds: [number, number] = [1900, 2100]) {
  const min = range?.min ?? null;
  const max = range?.max ?? null;
  for (const v of [min, max]) {
    if (v !== null && (v < bounds[0] || v > bounds[1])) throw badInput(argumentName, `\`${argumentName}\` must lie between ${bounds[0]} and ${bounds[1]}; got ${v}.`);
  }
  if (min !== null && max !== null && min > max) throw badInput(argumentName, `\`${argumentName}.min\` (${min}) is greater than \`${argumentName}.max\` (${max}).`);
  return { min, max };
}

/** A free-text filter: trimmed, 1–100 characters, or absent. */
export function checkText(text: string | null | undefined, argumentName: string): string | null {
  if (text == null) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw badInput(argumentName, `\`${argumentName}\` must be 1 to 100 characters.`);
  return trimmed;
}

/** An `orderBy` input, or the list's default ordering. */
export function orderOf<F extends string, D extends string>(orderBy: { field: F; direction: "ASC" | "DESC" } | null | undefined, defaultField: D): { field: F | D; direction: "ASC" | "DESC" } {
  return { field: orderBy?.field ?? defaultField, direction: orderBy?.direction ?? "ASC" };
}

export async function regionFilterOf(ctx: CheckContext, filterBy: RegionFilter | null | undefined, at = "filterBy") {
  return { level: filterBy?.level ?? null, parentCode: await checkRegionCode(ctx, filterBy?.parentCode, argumentName(at, "parentCode")) };
}

export function targetFilterOf(filterBy: TargetFilter | null | undefined, at = "filterBy") {
  return {
    planCode: checkOptionalFormat(filterBy?.planCode, "planCode", argumentName(at, "planCode")),
    scope: filterBy?.scope ?? null,
    unit: filterBy?.unit ?? null,
    dueYear: filterBy?.dueYear ?? null,
    beneficiaryGroup: filterBy?.beneficiaryGroup ?? null,
  };
}

export function measureFilterOf(filterBy: MeasureFilter | null | undefined, at = "filterBy") {
  return {
    planCode: checkOptionalFormat(filterBy?.planCode, "planCode", argumentName(at, "planCode")),
    departmentSlug: checkOptionalFormat(filterBy?.departmentSlug, "slug", argumentName(at, "departmentSlug")),
    beneficiaryGroup: filterBy?.beneficiaryGroup ?? null,
  };
}

export function departmentFilterOf(filterBy: DepartmentFilter | null | undefined) {
  return { kind: filterBy?.kind ?? null };
}

export async function incubatorFilterOf(ctx: CheckContext, filterBy: IncubatorBaseFilter | null | undefined, at = "filterBy") {
  const years = checkRange(filterBy?.recognizedYear, argumentName(at, "recognizedYear"));
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    kind: filterBy?.kind ?? null,
    level: filterBy?.level ?? null,
    recognizedYearMin: years.min,
    recognizedYearMax: years.max,
    text: checkText(filterBy?.text, argumentName(at, "text")),
    provenance: filterBy?.provenance ?? null,
  };
}

export async function brandFilterOf(ctx: CheckContext, filterBy: DemonstrationBrandFilter | null | undefined, at = "filterBy") {
  const years = checkRange(filterBy?.year, argumentName(at, "year"));
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    kind: filterBy?.kind ?? null,
    yearMin: years.min,
    yearMax: years.max,
    text: checkText(filterBy?.text, argumentName(at, "text")),
    provenance: filterBy?.provenance ?? null,
  };
}

/** The most periods `lastN` may ask for, per series. */
export const MAX_LAST_N = 400;

function checkPeriod(value: string | null | undefined, argumentName: string): { start: string; end: string } | null {
  if (value == null) return null;
  const bounds = value.length <= 20 ? periodBounds(value) : null;
  if (!bounds) throw badInput(argumentName, `\`${argumentName}\` ${JSON.stringify(value.slice(0, 20))} is not a period: use a year such as \`2023\` or a quarter such as \`2023-Q2\`.`);
  return bounds;
}

/** The field's own arguments beside `filterBy`: the instant the figures are answered as of, and SDMX's period arguments. */
export interface IndicatorArguments {
  asOf?: Date | null;
  startPeriod?: string | null;
  endPeriod?: string | null;
  lastN?: number | null;
}

export async function indicatorFilterOf(ctx: CheckContext, filterBy: IndicatorObservationFilter | null | undefined, args: IndicatorArguments, at = "filterBy") {
  const asOf = checkAsOf(args.asOf);
  const start = checkPeriod(args.startPeriod, "startPeriod");
  const end = checkPeriod(args.endPeriod, "endPeriod");
  if (start && end && start.start > end.end) throw badInput("startPeriod", `\`startPeriod\` ${args.startPeriod} begins after \`endPeriod\` ${args.endPeriod} ends: no period can lie between them.`);
  const lastN = args.lastN ?? null;
  if (lastN !== null && (!Number.isInteger(lastN) || lastN < 1 || lastN > MAX_LAST_N)) throw badInput("lastN", `\`lastN\` must be between 1 and ${MAX_LAST_N}; got ${lastN}.`);
  return {
    metric: filterBy?.metric ?? null,
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    periodEndFrom: filterBy?.periodEndFrom ?? null,
    periodEndTo: filterBy?.periodEndTo ?? null,
    asOf,
    method: filterBy?.method ?? null,
    startDate: start?.start ?? null,
    endDate: end?.end ?? null,
    lastN,
  };
}

/** More dimensions than this make tables of cells too small to publish anyway. */
export const MAX_TABLE_DIMENSIONS = 4;

/**
 * The checked arguments of a statistics query, public or partner (`viewer.loanStatistics`):
 * the same filter, the same refusals, the same limit on a table's dimensions.
 */
export async function checkStatisticsArgs(ctx: CheckContext, groupBy: LoanStatisticsDimension[], filterBy: LoanStatisticsFilter | null | undefined, at = "filterBy") {
  const filter = {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    year: filterBy?.year ?? null,
    borrowerType: filterBy?.borrowerType ?? null,
    beneficiaryGroup: filterBy?.beneficiaryGroup ?? null,
    bankCode: checkOptionalFormat(filterBy?.bankCode, "slug", argumentName(at, "bankCode")),
    disclosure: filterBy?.disclosure ?? null,
  };
  if (filter.year !== null && (filter.year < 2000 || filter.year > 2100)) throw badInput(argumentName(at, "year"), `\`${argumentName(at, "year")}\` must lie between 2000 and 2100; got ${filter.year}.`);
  const domain = await statisticsDomain(ctx.db);
  if (filter.beneficiaryGroup !== null && !domain.groups.includes(filter.beneficiaryGroup)) {
    throw badInput(argumentName(at, "beneficiaryGroup"), `Unknown beneficiary group ${JSON.stringify(filter.beneficiaryGroup.slice(0, 50))}; use a BeneficiaryGroupCode value or NONE.`);
  }
  if (filter.bankCode !== null && !domain.banks.includes(filter.bankCode)) {
    throw badInput(argumentName(at, "bankCode"), `Unknown partner bank ${JSON.stringify(filter.bankCode.slice(0, 50))}; \`partnerBanks\` lists their codes.`);
  }
  const tableDims = normalizeDimensions([...groupBy, ...filterDimensions(filter)]);
  if (tableDims.length > MAX_TABLE_DIMENSIONS) {
    throw badInput("groupBy", `Group and filter by at most ${MAX_TABLE_DIMENSIONS} dimensions together (a county implies its league, a quarter its year); got ${tableDims.length}: ${tableDims.join(", ")}.`);
  }
  return { filter, tableDims };
}

/** The public `loanStatistics`' arguments: a partner's `disclosure` values (EXACT, EXACT_OWN) are refused. */
export async function publicStatisticsArgs(ctx: CheckContext, groupBy: LoanStatisticsDimension[], filterBy: LoanStatisticsFilter | null | undefined, at = "filterBy") {
  const { filter, tableDims } = await checkStatisticsArgs(ctx, groupBy, filterBy, at);
  if (filter.disclosure === "EXACT" || filter.disclosure === "EXACT_OWN") {
    throw badInput(argumentName(at, "disclosure"), `No public cell is ${filter.disclosure}: exact figures are for partners, in \`viewer.loanStatistics\`. Use PERTURBED or WITHHELD.`);
  }
  return { filter: { ...filter, disclosure: filter.disclosure as StatisticsFilter["disclosure"] }, tableDims };
}

// ── Support instruments and funds ────────────────────────────────────────────

/** `groupMatch` narrows a group filter: it needs the group, and at least one kind of match. */
function checkGroupMatch(filterBy: SupportInstrumentFilter | null | undefined, at: string): GroupMatchKind[] | null {
  const matches = filterBy?.groupMatch;
  if (matches == null) return null;
  const name = argumentName(at, "groupMatch");
  if (!filterBy?.beneficiaryGroup) throw badInput(name, "`groupMatch` says how instruments are open to a group: pass `beneficiaryGroup` with it.");
  if (matches.length === 0) throw badInput(name, "`groupMatch` needs at least one of NAMED, CONDITIONAL, OPEN (omit it for all three).");
  return matches as unknown as GroupMatchKind[];
}

export function instrumentFilterOf(filterBy: SupportInstrumentFilter | null | undefined, at = "filterBy") {
  return {
    beneficiaryGroup: filterBy?.beneficiaryGroup ?? null,
    groupMatch: checkGroupMatch(filterBy, at),
    kind: filterBy?.kind ?? null,
    amountType: filterBy?.amountType ?? null,
    audience: filterBy?.audience ?? null,
    planCode: checkOptionalFormat(filterBy?.planCode, "planCode", argumentName(at, "planCode")),
    measureCode: checkOptionalFormat(filterBy?.measureCode, "measureCode", argumentName(at, "measureCode")),
  };
}

export function fundFilterOf(filterBy: FundFilter | null | undefined) {
  return { level: filterBy?.level ?? null };
}

// ── The service system ───────────────────────────────────────────────────────

/** A code argument: letters, digits, `-`, `_`, `.`; at most 100 characters. */
export function checkCode(value: string | null | undefined, argumentName: string): string | null {
  if (value == null) return null;
  if (value.length > 100 || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value)) throw badInput(argumentName, `\`${argumentName}\` ${JSON.stringify(value.slice(0, 100))} is not a code (letters, digits, '-', '_' or '.').`);
  return value;
}

/** Two optional dates, the first not after the second. */
export function checkDates(from: string | null | undefined, to: string | null | undefined, argumentName: string) {
  if (from && to && from > to) throw badInput(argumentName, `\`${argumentName}\`: the start (${from}) is after the end (${to}).`);
  return { from: from ?? null, to: to ?? null };
}

export async function projectFilterOf(ctx: CheckContext, filterBy: LibraryProjectFilter | null | undefined, at = "filterBy") {
  const dates = checkDates(filterBy?.publishedFrom, filterBy?.publishedTo, argumentName(at, "publishedFrom"));
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    sector: filterBy?.sector ?? null,
    stage: filterBy?.stage ?? null,
    publishedFrom: dates.from,
    publishedTo: dates.to,
    text: checkText(filterBy?.text, argumentName(at, "text")),
    provenance: filterBy?.provenance ?? null,
  };
}

export async function mentorTeamFilterOf(ctx: CheckContext, filterBy: MentorTeamFilter | null | undefined, at = "filterBy") {
  return { regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")), level: filterBy?.level ?? null, provenance: filterBy?.provenance ?? null };
}

export async function mentorFilterOf(ctx: CheckContext, filterBy: MentorFilter | null | undefined, at = "filterBy") {
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    teamCode: checkCode(filterBy?.teamCode, argumentName(at, "teamCode")),
    role: filterBy?.role ?? null,
    text: checkText(filterBy?.text, argumentName(at, "text")),
    provenance: filterBy?.provenance ?? null,
  };
}

export async function lecturerFilterOf(ctx: CheckContext, filterBy: TrainingLecturerFilter | null | undefined, at = "filterBy") {
  const years = checkRange(filterBy?.certifiedYear, argumentName(at, "certifiedYear"));
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    kind: filterBy?.kind ?? null,
    highLevel: filterBy?.highLevel ?? null,
    certifiedYearMin: years.min,
    certifiedYearMax: years.max,
    provenance: filterBy?.provenance ?? null,
  };
}

/** The training list's filter, and `trainingTotals`' (the same records, summed). */
export async function trainingFilterOf(ctx: CheckContext, filterBy: TrainingDeliveryFilter | null | undefined, at = "filterBy") {
  const years = checkRange(filterBy?.year, argumentName(at, "year"));
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    programme: filterBy?.programme ?? null,
    yearMin: years.min,
    yearMax: years.max,
    provenance: filterBy?.provenance ?? null,
  };
}

export async function modelEntrepreneurFilterOf(ctx: CheckContext, filterBy: ModelEntrepreneurFilter | null | undefined, at = "filterBy") {
  const years = checkRange(filterBy?.year, argumentName(at, "year"));
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    sector: filterBy?.sector ?? null,
    beneficiaryGroup: checkCode(filterBy?.beneficiaryGroup, argumentName(at, "beneficiaryGroup")),
    yearMin: years.min,
    yearMax: years.max,
    provenance: filterBy?.provenance ?? null,
  };
}

export async function eventFilterOf(ctx: CheckContext, filterBy: EntrepreneurshipEventFilter | null | undefined, at = "filterBy") {
  const dates = checkDates(filterBy?.startsFrom, filterBy?.startsTo, argumentName(at, "startsFrom"));
  return {
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")),
    kind: filterBy?.kind ?? null,
    level: filterBy?.level ?? null,
    startsFrom: dates.from,
    startsTo: dates.to,
    text: checkText(filterBy?.text, argumentName(at, "text")),
    provenance: filterBy?.provenance ?? null,
  };
}

export async function servicePointFilterOf(ctx: CheckContext, filterBy: ServicePointFilter | null | undefined, at = "filterBy") {
  return { regionCode: await checkRegionCode(ctx, filterBy?.regionCode, argumentName(at, "regionCode")), kind: filterBy?.kind ?? null, provenance: filterBy?.provenance ?? null };
}
