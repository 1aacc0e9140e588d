/**
 * What a department can import: one definition per dataset, its columns (the file's header
 * names), how a row's references are checked against the database, and its natural key.
 */
import type { PgTable } from "drizzle-orm/pg-core";
import * as s from "../db/schema/index.js";
import { boolean, date, decimal, integer, officialName, oneOf, optional, required, string, type ColumnType } from "./columns.js";
import { noContactData, noPersonalData } from "./personal-data.js";
import { periodBounds } from "../services/indicator.js";
import { metricsCountedFromDatasets } from "../services/progress.js";

export interface Lookups {
  /** Region code → level and league. */
  regions: Map<string, { level: string; league: string | null }>;
  banks: Set<string>;
  groups: Set<string>;
  instruments: Set<string>;
  metrics: Set<string>;
  /** Mentor team code → provenance: mentors join official teams only. */
  mentorTeams: Map<string, string>;
}

export interface RowIssue {
  column: string;
  message: string;
}

export interface DatasetDefinition {
  name: string;
  title: string;
  table: PgTable;
  /** File column → type. Column names are the header row of a CSV, the keys of a JSON record. */
  columns: Record<string, ColumnType>;
  /** Columns that identify a record; a second row with the same key is an error. */
  key: string[];
  /** Checks references and cross-column rules; adds derived fields (league codes…). */
  complete(row: Record<string, unknown>, lookups: Lookups): RowIssue[];
  /** drizzle property name of each column, for the upsert. */
  toRecord(row: Record<string, unknown>): Record<string, unknown>;
  /** drizzle columns of the natural key (conflict target). */
  conflictTarget: string[];
}

const code = (max = 64) => string(max, /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "a code of letters, digits, '-', '_' or '.'");
const regionCode = () => string(6, /^\d{6}$/, "a six-digit region code");
const YEAR = integer(1990, 2100);

function county(lookups: Lookups, value: unknown, column: string, issues: RowIssue[]): string | null {
  const region = lookups.regions.get(String(value));
  if (!region) issues.push({ column, message: `${value} is not a known region code` });
  else if (region.level !== "COUNTY") issues.push({ column, message: `${value} is not a county-level unit (it is ${region.level})` });
  else return region.league;
  return null;
}

/** A league or a county (not the autonomous region): sets `league_code` from it. */
function leagueOrCounty(lookups: Lookups, row: Record<string, unknown>, column: string, issues: RowIssue[]): string | null {
  const region = lookups.regions.get(String(row[column]));
  if (!region || region.level === "PROVINCE") issues.push({ column, message: `${row[column]} is not a league- or county-level region code` });
  else return (row.league_code = region.league);
  return null;
}

const link = () => string(500, /^https?:\/\/[^\s]+$/, "an http(s) address");
const DAY = date("2000-01-01", "2100-12-31");
const DATASET_METRICS = metricsCountedFromDatasets();

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function byCamelCase(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v]));
}

export const DATASETS: Record<string, DatasetDefinition> = {
  "incubator-bases": {
    name: "incubator-bases",
    title: "Incubator bases, maker spaces and parks",
    table: s.incubatorBases,
    columns: {
      code: required(code()),
      name: required(officialName(200)),
      name_en: required(officialName(300)),
      kind: required(oneOf(s.incubatorKind.enumValues)),
      level: required(oneOf(s.incubatorLevel.enumValues)),
      county_code: required(regionCode()),
      operator: required(officialName(200)),
      recognized_year: required(YEAR),
      area_sqm: required(integer(1, 10_000_000)),
      government_built: required(boolean()),
      free_space_share: required(decimal(4, 0, 1)),
      tenants: required(integer(0, 1_000_000)),
      graduates: required(integer(0, 1_000_000)),
      jobs: required(integer(0, 10_000_000)),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      row.league_code = county(lookups, row.county_code, "county_code", issues);
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
  "demonstration-brands": {
    name: "demonstration-brands",
    title: "Demonstration brands",
    table: s.demonstrationBrands,
    columns: {
      code: required(code()),
      name: required(officialName(200)),
      name_en: required(officialName(300)),
      kind: required(oneOf(s.brandKind.enumValues)),
      region_code: required(regionCode()),
      year: required(YEAR),
      award_amount: optional(decimal(2, 0, 1_000_000_000)),
      instrument_code: optional(code()),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      const region = lookups.regions.get(String(row.region_code));
      if (!region || region.level === "PROVINCE") issues.push({ column: "region_code", message: `${row.region_code} is not a league- or county-level region code` });
      else row.league_code = region.level === "LEAGUE" ? row.region_code : region.league;
      if (row.instrument_code && !lookups.instruments.has(String(row.instrument_code))) issues.push({ column: "instrument_code", message: `${row.instrument_code} is not a support instrument code` });
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
  "partner-banks": {
    name: "partner-banks",
    title: "Partner banks",
    table: s.partnerBanks,
    columns: {
      code: required(code()),
      name: required(officialName(200)),
      name_en: required(officialName(300)),
      kind: required(oneOf(s.bankKind.enumValues)),
    },
    key: ["code"],
    complete: () => [],
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
  "guarantee-loans": {
    name: "guarantee-loans",
    title: "Entrepreneurship guarantee loans (no personal data)",
    table: s.guaranteeLoans,
    columns: {
      bank_code: required(code()),
      loan_ref: required(noPersonalData(code(100))),
      county_code: required(regionCode()),
      borrower_type: required(oneOf(s.borrowerType.enumValues)),
      beneficiary_group: optional(noPersonalData(code())),
      amount: required(decimal(2, 0, 100_000_000, true)),
      term_months: required(integer(1, 120)),
      annual_rate: required(decimal(4, 0, 0.9999)),
      // Share of the interest the guarantee fund pays (贷款贴息); an empty cell or a file without the column is 0.
      interest_subsidy_share: optional(decimal(4, 0, 1)),
      counter_guarantee_waived: required(boolean()),
      issued_on: required(date("2000-01-01", "2100-12-31")),
      status: required(oneOf(s.loanStatus.enumValues)),
      jobs_created: required(integer(0, 100_000)),
    },
    key: ["bank_code", "loan_ref"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      if (!lookups.banks.has(String(row.bank_code))) issues.push({ column: "bank_code", message: `${row.bank_code} is not a partner bank code (import partner-banks first)` });
      row.league_code = county(lookups, row.county_code, "county_code", issues);
      if (row.beneficiary_group != null && !lookups.groups.has(String(row.beneficiary_group))) issues.push({ column: "beneficiary_group", message: `${row.beneficiary_group} is not a beneficiary group code` });
      if (row.borrower_type === "SMALL_MICRO_ENTERPRISE" && row.beneficiary_group != null) issues.push({ column: "beneficiary_group", message: "an enterprise borrower has no beneficiary group; leave it empty" });
      return issues;
    },
    toRecord: (row) => {
      const { beneficiaryGroup, interestSubsidyShare, ...rest } = byCamelCase(row);
      return { ...rest, beneficiaryGroupCode: beneficiaryGroup ?? null, interestSubsidyShare: interestSubsidyShare ?? "0" };
    },
    conflictTarget: ["bankCode", "loanRef"],
  },
  "minimum-wages": {
    name: "minimum-wages",
    title: "Monthly minimum wages by area class (最低工资标准), with their source",
    table: s.minimumWages,
    columns: {
      // 150000 for the autonomous region's standard of a class, a league code for a league's own figure.
      region_code: required(regionCode()),
      wage_class: required(oneOf(s.wageClass.enumValues)),
      effective_from: required(date("1994-01-01", "2100-12-31")),
      monthly_amount: required(decimal(2, 0, 100_000, true)),
      // Where the figure was published: without it a figure cannot be told from an invented one.
      source: required(string(500, /\S/, "the notice, title or URL the figure was published in")),
    },
    key: ["region_code", "wage_class", "effective_from"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      const region = lookups.regions.get(String(row.region_code));
      if (!region) issues.push({ column: "region_code", message: `${row.region_code} is not a known region code` });
      else if (region.level === "COUNTY") issues.push({ column: "region_code", message: `${row.region_code} is a county: give 150000 (the region's standard) or a league code` });
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["regionCode", "wageClass", "effectiveFrom"],
  },
  "indicator-observations": {
    name: "indicator-observations",
    title: "Indicator observations (reported figures)",
    table: s.indicatorObservations,
    columns: {
      metric: required(code()),
      region_code: required(regionCode()),
      period: required(string(7, /^\d{4}(-Q[1-4])?$/, "a period such as 2023-Q2 or 2023")),
      value: required(decimal(4, 0, 1e15)),
    },
    key: ["metric", "region_code", "period"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      if (!lookups.metrics.has(String(row.metric))) issues.push({ column: "metric", message: `${row.metric} is not a known metric (the \`metrics\` list)` });
      else if (DATASET_METRICS.has(String(row.metric))) issues.push({ column: "metric", message: `${row.metric} is counted from its own dataset (project library, mentor teams, lecturers, training delivered, model entrepreneurs): import that dataset instead` });
      if (!lookups.regions.has(String(row.region_code))) issues.push({ column: "region_code", message: `${row.region_code} is not a known region code` });
      const bounds = periodBounds(String(row.period));
      if (bounds) {
        row.period_start = bounds.start;
        row.period_end = bounds.end;
      } else {
        issues.push({ column: "period", message: `${row.period} is not a period: a year such as 2023 or a quarter such as 2023-Q2` });
      }
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["metric", "regionCode", "period"],
  },
  "project-library": {
    name: "project-library",
    title: "Project library (创业项目资源库)",
    table: s.projectLibraryProjects,
    columns: {
      code: required(code()),
      name: required(officialName(200)),
      name_en: required(officialName(300)),
      sector: required(oneOf(s.projectSector.enumValues)),
      stage: required(oneOf(s.projectStage.enumValues)),
      county_code: required(regionCode()),
      published_on: required(DAY),
      link: optional(link()),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      row.league_code = county(lookups, row.county_code, "county_code", issues);
      return issues;
    },
    toRecord: (row) => ({ ...byCamelCase(row), link: row.link ?? null }),
    conflictTarget: ["code"],
  },
  "mentor-teams": {
    name: "mentor-teams",
    title: "Entrepreneurship mentor teams (创业导师服务团)",
    table: s.mentorTeams,
    columns: {
      code: required(code()),
      name: required(officialName(200)),
      name_en: required(officialName(300)),
      level: required(oneOf(s.mentorTeamLevel.enumValues)),
      region_code: required(regionCode()),
      formed_year: required(YEAR),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      const region = lookups.regions.get(String(row.region_code));
      if (!region) issues.push({ column: "region_code", message: `${row.region_code} is not a known region code` });
      else if (region.level !== row.level) issues.push({ column: "region_code", message: `${row.region_code} is a ${region.level.toLowerCase()}-level region, but the team's level is ${row.level}` });
      else row.league_code = region.league;
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
  mentors: {
    name: "mentors",
    title: "Members of the mentor teams (public name and field only)",
    table: s.mentors,
    columns: {
      code: required(code()),
      team_code: required(code()),
      name: required(noContactData(officialName(100))),
      field: required(noContactData(string(100))),
      role: required(oneOf(s.mentorRole.enumValues)),
      joined_year: required(YEAR),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      const team = lookups.mentorTeams.get(String(row.team_code));
      if (!team) issues.push({ column: "team_code", message: `${row.team_code} is not a mentor team code (import mentor-teams first)` });
      else if (team === "SAMPLE") issues.push({ column: "team_code", message: `${row.team_code} is a sample team: import the official mentor-teams first` });
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
  "training-lecturers": {
    name: "training-lecturers",
    title: "Entrepreneurship training lecturers (public name and field only)",
    table: s.trainingLecturers,
    columns: {
      code: required(code()),
      name: required(noContactData(officialName(100))),
      kind: required(oneOf(s.lecturerKind.enumValues)),
      field: required(noContactData(string(100))),
      high_level: required(boolean()),
      region_code: required(regionCode()),
      certified_year: required(YEAR),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      leagueOrCounty(lookups, row, "region_code", issues);
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
  "training-delivered": {
    name: "training-delivered",
    title: "Training delivered (people trained per county, year and programme)",
    table: s.trainingDelivered,
    columns: {
      county_code: required(regionCode()),
      year: required(YEAR),
      programme: required(oneOf(s.trainingProgramme.enumValues)),
      trainees: required(integer(0, 10_000_000)),
      rural_labor_trainees: required(integer(0, 10_000_000)),
    },
    key: ["county_code", "year", "programme"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      row.league_code = county(lookups, row.county_code, "county_code", issues);
      if (Number(row.rural_labor_trainees) > Number(row.trainees)) issues.push({ column: "rural_labor_trainees", message: `${row.rural_labor_trainees} is more than the ${row.trainees} trainees it is part of` });
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["countyCode", "year", "programme"],
  },
  "model-entrepreneurs": {
    name: "model-entrepreneurs",
    title: "Model entrepreneurs (创业者典型)",
    table: s.modelEntrepreneurs,
    columns: {
      code: required(code()),
      name: required(noContactData(officialName(100))),
      business: required(noContactData(string(200))),
      sector: required(oneOf(s.projectSector.enumValues)),
      beneficiary_group: optional(code()),
      county_code: required(regionCode()),
      year: required(YEAR),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      row.league_code = county(lookups, row.county_code, "county_code", issues);
      if (row.beneficiary_group != null && !lookups.groups.has(String(row.beneficiary_group))) issues.push({ column: "beneficiary_group", message: `${row.beneficiary_group} is not a beneficiary group code` });
      return issues;
    },
    toRecord: (row) => {
      const { beneficiaryGroup, ...rest } = byCamelCase(row);
      return { ...rest, beneficiaryGroupCode: beneficiaryGroup ?? null };
    },
    conflictTarget: ["code"],
  },
  "entrepreneurship-events": {
    name: "entrepreneurship-events",
    title: "Competitions and events",
    table: s.entrepreneurshipEvents,
    columns: {
      code: required(code()),
      name: required(officialName(200)),
      name_en: required(officialName(300)),
      kind: required(oneOf(s.eventKind.enumValues)),
      level: required(oneOf(s.eventLevel.enumValues)),
      starts_on: required(DAY),
      ends_on: required(DAY),
      region_code: required(regionCode()),
      venue: required(string(200)),
      organiser: required(officialName(200)),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      leagueOrCounty(lookups, row, "region_code", issues);
      if (String(row.ends_on) < String(row.starts_on)) issues.push({ column: "ends_on", message: `${row.ends_on} is before the first day, ${row.starts_on}` });
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
  "service-points": {
    name: "service-points",
    title: "Service points (“一窗办” windows, university guidance stations)",
    table: s.servicePoints,
    columns: {
      code: required(code()),
      name: required(officialName(200)),
      name_en: required(officialName(300)),
      kind: required(oneOf(s.servicePointKind.enumValues)),
      region_code: required(regionCode()),
      host: required(officialName(200)),
      opened_on: required(DAY),
    },
    key: ["code"],
    complete(row, lookups) {
      const issues: RowIssue[] = [];
      leagueOrCounty(lookups, row, "region_code", issues);
      return issues;
    },
    toRecord: byCamelCase,
    conflictTarget: ["code"],
  },
};
