/**
 * One record's checks, shared by every way data enters: an official file (`npm run import`,
 * src/imports/run.ts) and a bank's report through the API (src/services/loan-reporting.ts).
 * Both run exactly these — control characters, each column's type and range, unknown columns,
 * then the dataset's references and cross-column rules (county codes, group codes, an
 * enterprise without a group, …) — so the API cannot accept what an import would refuse.
 */
import type { Db } from "../db/client.js";
import * as s from "../db/schema/index.js";
import { controlCharacter } from "./columns.js";
import type { DatasetDefinition, Lookups } from "./datasets.js";

export interface RecordIssue {
  /** The column (file header name) the problem is in. */
  column: string;
  /** A sentence naming the column as `label(column)` does. */
  message: string;
  /** The kind of problem: `PERSONAL_DATA` for personal data, `UNKNOWN_COLUMN`, else `INVALID_VALUE`. */
  code: string;
}

export interface CheckedRecord {
  /** Parsed values by column, with the fields `complete` derives (league codes …). */
  row: Record<string, unknown>;
  issues: RecordIssue[];
  /**
   * Whether every column parsed and no column was unknown, so that references and cross-column
   * rules were checked too, and the row's natural key can be compared with other rows'.
   */
  parsed: boolean;
}

/**
 * Checks one record (`values`: column → raw value, a CSV string or a JSON value) of `dataset`.
 * `label` names a column in messages: the file's header name for imports, the GraphQL field for
 * the API.
 */
export function checkRecord(dataset: DatasetDefinition, values: Record<string, unknown>, lookups: Lookups, label: (column: string) => string = (c) => c): CheckedRecord {
  const columns = Object.keys(dataset.columns);
  const row: Record<string, unknown> = {};
  const issues: RecordIssue[] = [];
  for (const column of columns) {
    // PostgreSQL cannot store NUL, and other control characters are never data: refuse them
    // before a type check quotes them back.
    const control = typeof values[column] === "string" ? controlCharacter(values[column]) : null;
    if (control) {
      issues.push({ column, message: `${label(column)} ${control}`, code: "INVALID_VALUE" });
      continue;
    }
    const parsed = dataset.columns[column]!.parse(values[column]);
    if (parsed.ok) row[column] = parsed.value;
    else issues.push({ column, message: `${label(column)} ${parsed.error}`, code: parsed.code ?? "INVALID_VALUE" });
  }
  for (const extra of Object.keys(values)) {
    if (!columns.includes(extra)) issues.push({ column: extra, message: `${label(extra)} is not a column of ${dataset.name}`, code: "UNKNOWN_COLUMN" });
  }
  if (issues.length > 0) return { row, issues, parsed: false };
  for (const problem of dataset.complete(row, lookups)) issues.push({ column: problem.column, message: `${label(problem.column)}: ${problem.message}`, code: "INVALID_VALUE" });
  return { row, issues, parsed: true };
}

/** The natural key of a checked row, to find a record given twice. */
export function recordKey(dataset: DatasetDefinition, row: Record<string, unknown>): string {
  return JSON.stringify(dataset.key.map((k) => row[k]));
}

/** The codes a record's references are checked against, read once per import or batch. */
export async function loadLookups(db: Db): Promise<Lookups> {
  const [regions, banks, groups, instruments, targets, teams] = await Promise.all([
    db.select({ code: s.regions.code, level: s.regions.level, parent: s.regions.parentCode }).from(s.regions),
    db.select({ code: s.partnerBanks.code }).from(s.partnerBanks),
    db.select({ code: s.beneficiaryGroups.code }).from(s.beneficiaryGroups),
    db.select({ code: s.supportInstruments.code }).from(s.supportInstruments),
    // Every metric with metadata (src/db/schema/metric.ts): derived series need to know whether it adds up.
    db.select({ metric: s.metrics.code }).from(s.metrics),
    db.select({ code: s.mentorTeams.code, provenance: s.mentorTeams.provenance }).from(s.mentorTeams),
  ]);
  return {
    regions: new Map(regions.map((r) => [r.code, { level: r.level, league: r.level === "COUNTY" ? r.parent : r.level === "LEAGUE" ? r.code : null }])),
    banks: new Set(banks.map((b) => b.code)),
    groups: new Set(groups.map((g) => g.code)),
    instruments: new Set(instruments.map((i) => i.code)),
    metrics: new Set(targets.map((t) => t.metric)),
    mentorTeams: new Map(teams.map((t) => [t.code, t.provenance])),
  };
}
