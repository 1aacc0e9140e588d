/**
 * Public guarantee-loan statistics with small-cell suppression.
 *
 * A query (groupBy D, filter F) is answered from one statistical table: the rollup grouped by
 * every dimension in D and in F. The whole table is computed and suppressed at once, then the
 * cells matching F are returned. Suppression is therefore a property of the table, never of
 * the filter: asking for one cell through a filter shows exactly what the full table shows.
 *
 * The rule:
 *  1. Primary: a cell whose loan count is 1–9 has its measures withheld.
 *  2. Complementary: every total a client could obtain from another query — the table with one
 *     dimension dropped, or a county rolled up to its league, a quarter to its year — must
 *     not reveal a withheld cell by subtraction. So along every such line of the table, if
 *     exactly one cell is withheld, the smallest other cell of the line is withheld too.
 *     Repeated until no line has exactly one withheld cell.
 *
 * Tables are cached per process, keyed by the data version (which every seed and import
 * changes in its transaction) and the table's dimensions: a repeated query costs one
 * one-row SQL statement (the version check), and every replica computes the same result.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { loanRollups } from "../db/schema/index.js";
import { levelOfCode } from "./region.js";
import { versionedCache } from "./versioned-cache.js";

export const SUPPRESSION_THRESHOLD = 10;

export const DIMENSIONS = ["REGION_LEAGUE", "REGION_COUNTY", "YEAR", "QUARTER", "BORROWER_TYPE", "BENEFICIARY_GROUP", "BANK"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Dimensions a table is really grouped by: a county implies its league, a quarter its year. */
type TableDimension = Dimension;

export interface LoanStatisticsFilter {
  /** A league code (REGION_LEAGUE), a county code (REGION_COUNTY), or 150000 (no filter). */
  regionCode?: string | null;
  year?: number | null;
  borrowerType?: string | null;
  /** A group code, or "NONE" for borrowers outside the named groups. */
  beneficiaryGroup?: string | null;
  bankCode?: string | null;
}

export interface StatisticsCell {
  league: string | null;
  county: string | null;
  year: number | null;
  quarter: number | null;
  borrowerType: string | null;
  beneficiaryGroup: string | null;
  bank: string | null;
  loanCount: number;
  /** CNY in fen (cents), exact. */
  totalCents: bigint;
  jobsCreated: number;
  sampleCount: number;
  suppressed: "PRIMARY" | "COMPLEMENTARY" | null;
}

export interface StatisticsRow {
  cell: StatisticsCell;
  /** Position in the table's order, for pagination. */
  ordinal: number;
}

/** The columns of loan_rollups each dimension groups by. */
const COLUMNS: Record<TableDimension, string[]> = {
  REGION_LEAGUE: ["league_code"],
  REGION_COUNTY: ["league_code", "county_code"],
  YEAR: ["year"],
  QUARTER: ["year", "quarter"],
  BORROWER_TYPE: ["borrower_type"],
  BENEFICIARY_GROUP: ["beneficiary_group_code"],
  BANK: ["bank_code"],
};

/** Drops dimensions implied by finer ones, and orders them canonically (the cache key). */
export function normalizeDimensions(dims: Iterable<Dimension>): TableDimension[] {
  const set = new Set(dims);
  if (set.has("REGION_COUNTY")) set.delete("REGION_LEAGUE");
  if (set.has("QUARTER")) set.delete("YEAR");
  return DIMENSIONS.filter((d) => set.has(d));
}

/** The dimensions a filter fixes, which become part of the table (see the module comment). */
export function filterDimensions(filter: LoanStatisticsFilter): Dimension[] {
  const dims: Dimension[] = [];
  const level = filter.regionCode ? levelOfCode(filter.regionCode) : "PROVINCE";
  if (level !== "PROVINCE") dims.push(level === "LEAGUE" ? "REGION_LEAGUE" : "REGION_COUNTY");
  if (filter.year != null) dims.push("YEAR");
  if (filter.borrowerType) dims.push("BORROWER_TYPE");
  if (filter.beneficiaryGroup) dims.push("BENEFICIARY_GROUP");
  if (filter.bankCode) dims.push("BANK");
  return dims;
}

function cellKey(c: StatisticsCell, dims: TableDimension[], except?: TableDimension): string {
  const parts: unknown[] = [];
  for (const d of dims) {
    if (d === except) {
      // A line along a county runs within its league; along a quarter, within its year:
      // league and year totals are published too.
      if (d === "REGION_COUNTY") parts.push(c.league);
      if (d === "QUARTER") parts.push(c.year);
      continue;
    }
    parts.push(valueOf(c, d));
  }
  return JSON.stringify(parts);
}

function valueOf(c: StatisticsCell, d: TableDimension): unknown {
  switch (d) {
    case "REGION_LEAGUE":
      return c.league;
    case "REGION_COUNTY":
      return c.county;
    case "YEAR":
      return c.year;
    case "QUARTER":
      return `${c.year}-${c.quarter}`;
    case "BORROWER_TYPE":
      return c.borrowerType;
    case "BENEFICIARY_GROUP":
      return c.beneficiaryGroup;
    case "BANK":
      return c.bank;
  }
}

/** Applies primary and complementary suppression to a whole table, in place. */
export function suppress(cells: StatisticsCell[], dims: TableDimension[]): void {
  for (const c of cells) c.suppressed = c.loanCount >= 1 && c.loanCount < SUPPRESSION_THRESHOLD ? "PRIMARY" : null;
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of dims) {
      const lines = new Map<string, StatisticsCell[]>();
      for (const c of cells) {
        const key = cellKey(c, dims, d);
        const line = lines.get(key);
        if (line) line.push(c);
        else lines.set(key, [c]);
      }
      for (const line of lines.values()) {
        let withheld = 0;
        for (const c of line) if (c.suppressed) withheld++;
        if (withheld !== 1) continue;
        let partner: StatisticsCell | undefined;
        for (const c of line) if (!c.suppressed && c.loanCount > 0 && (!partner || c.loanCount < partner.loanCount || (c.loanCount === partner.loanCount && cellKey(c, dims) < cellKey(partner, dims)))) partner = c;
        // A line of one cell needs no partner: its total is that cell, withheld wherever it is published.
        if (partner) {
          partner.suppressed = "COMPLEMENTARY";
          changed = true;
        }
      }
    }
  }
}

async function computeTable(db: Db, dims: TableDimension[]): Promise<StatisticsCell[]> {
  const cols = [...new Set(dims.flatMap((d) => COLUMNS[d]))];
  const select = cols.length ? sql.raw(cols.join(", ") + ", ") : sql``;
  const groupBy = cols.length ? sql.raw(`group by ${cols.join(", ")}`) : sql``;
  const list = await queryRows(db, sql`
    select ${select}
           cast(sum(loan_count) as integer) as loan_count, cast(sum(total_amount) * 100 as text) as total_cents,
           cast(sum(jobs_created) as integer) as jobs_created, cast(sum(sample_count) as integer) as sample_count
    from ${loanRollups} ${groupBy}`);
  return list
    .filter((r) => r.loan_count !== null)
    .map((r) => ({
      league: (r.league_code as string | undefined) ?? null,
      county: (r.county_code as string | undefined) ?? null,
      year: r.year === undefined ? null : Number(r.year),
      quarter: r.quarter === undefined ? null : Number(r.quarter),
      borrowerType: (r.borrower_type as string | undefined) ?? null,
      beneficiaryGroup: r.beneficiary_group_code === undefined ? null : (r.beneficiary_group_code as string) || "NONE",
      bank: (r.bank_code as string | undefined) ?? null,
      loanCount: Number(r.loan_count),
      totalCents: BigInt(String(r.total_cents).split(".")[0]!),
      jobsCreated: Number(r.jobs_created),
      sampleCount: Number(r.sample_count),
      suppressed: null,
    }));
}

function compareCells(a: StatisticsCell, b: StatisticsCell, dims: TableDimension[]): number {
  for (const d of dims) {
    const x = String(valueOf(a, d));
    const y = String(valueOf(b, d));
    if (d === "QUARTER") {
      const diff = a.year! * 10 + a.quarter! - (b.year! * 10 + b.quarter!);
      if (diff !== 0) return diff;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const tables = versionedCache<string, StatisticsCell[]>(64);

/** The suppressed table for a set of dimensions, computed once per data version. */
function table(db: Db, dims: TableDimension[]): Promise<StatisticsCell[]> {
  return tables(db, dims.join(","), async () => {
    const cells = await computeTable(db, dims);
    suppress(cells, dims);
    return cells.sort((a, b) => compareCells(a, b, dims));
  });
}

function matches(c: StatisticsCell, f: LoanStatisticsFilter): boolean {
  const level = f.regionCode ? levelOfCode(f.regionCode) : "PROVINCE";
  if (level !== "PROVINCE" && (level === "LEAGUE" ? c.league : c.county) !== f.regionCode) return false;
  if (f.year != null && c.year !== f.year) return false;
  if (f.borrowerType && c.borrowerType !== f.borrowerType) return false;
  if (f.beneficiaryGroup && c.beneficiaryGroup !== f.beneficiaryGroup) return false;
  if (f.bankCode && c.bank !== f.bankCode) return false;
  return true;
}

/**
 * The rows of a statistics query: cells of the table (groupBy ∪ filter dimensions) that
 * match the filter, in dimension order. Dimensions the client did not group by are blanked,
 * so a filter-only dimension is not repeated on every row.
 */
export async function loanStatistics(db: Db, groupBy: Dimension[], filter: LoanStatisticsFilter): Promise<{ rows: StatisticsRow[]; dimensions: TableDimension[] }> {
  const dims = normalizeDimensions([...groupBy, ...filterDimensions(filter)]);
  const shown = new Set(normalizeDimensions(groupBy));
  // A county row always names its league too; a quarter its year.
  if (shown.has("REGION_COUNTY")) shown.add("REGION_LEAGUE");
  if (shown.has("QUARTER")) shown.add("YEAR");
  const cells = (await table(db, dims)).filter((c) => matches(c, filter));
  const rows = cells.map((c, i) => ({
    ordinal: i + 1,
    cell: {
      ...c,
      league: shown.has("REGION_LEAGUE") ? c.league : null,
      county: shown.has("REGION_COUNTY") ? c.county : null,
      year: shown.has("YEAR") ? c.year : null,
      quarter: shown.has("QUARTER") ? c.quarter : null,
      borrowerType: shown.has("BORROWER_TYPE") ? c.borrowerType : null,
      beneficiaryGroup: shown.has("BENEFICIARY_GROUP") ? c.beneficiaryGroup : null,
      bank: shown.has("BANK") ? c.bank : null,
    },
  }));
  return { rows, dimensions: normalizeDimensions(groupBy) };
}

/**
 * What the public may see of a cell: its measures, or nulls where it is withheld. The API and
 * the loan-statistics export both publish through this, so they cannot disagree.
 */
export function publicMeasures(cell: StatisticsCell) {
  const withheld = cell.suppressed !== null;
  return {
    suppressed: withheld,
    suppressionReason: cell.suppressed,
    loanCount: withheld ? null : cell.loanCount,
    totalAmount: withheld ? null : centsToDecimal(cell.totalCents),
    averageAmount: withheld ? null : centsToDecimal(averageCents(cell.totalCents, cell.loanCount)),
    jobsCreated: withheld ? null : cell.jobsCreated,
    provenance: cell.sampleCount > 0 ? ("SAMPLE" as const) : ("SOURCE" as const),
  };
}

/** Fen → a decimal string with two places, exactly. */
export function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** Average of `count` loans totalling `cents`, rounded half-up to the fen. */
export function averageCents(cents: bigint, count: number): bigint {
  return (cents * 2n + BigInt(count)) / (2n * BigInt(count));
}
