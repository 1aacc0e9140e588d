/**
 * Public guarantee-loan statistics, protected by the cell key method (src/disclosure).
 *
 * A query (groupBy D, filter F) is answered from one statistical table: the rollup grouped by
 * every dimension in D and in F. A table lists **every cell of its domain** — every league or
 * county, year or quarter, borrower type, group and bank the API knows, whether it holds loans
 * or not — so that a row's presence says nothing: a cell of no loans and a cell of 1–9 loans
 * are both WITHHELD, and only cells of 10 or more loans are published, perturbed by
 * `protect()`. The perturbation depends only on the loans in a cell, so the same cell has the
 * same figures in every table, through every filter, in the API and in the exports, and
 * subtracting published cells from published totals never cancels it.
 *
 * The domain of each dimension is public reference data (regions, groups, partner banks), the
 * programme's years 2022–2025 and any other year with at least 10 loans. Tables are cached per
 * process, keyed by the data version (which every seed and import changes in its transaction)
 * and the table's dimensions; rows are produced on demand from the domain, so a page of the
 * largest table (~200,000 cells) costs what a page of the smallest does.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { beneficiaryGroups, loanRollups, partnerBanks, regions } from "../db/schema/index.js";
import { MINIMUM_PUBLISHED_COUNT, protect, type CellAggregate, type ProtectedFigures } from "../disclosure/index.js";
import { levelOfCode } from "./region.js";
import { versionedCache } from "./versioned-cache.js";

export const DIMENSIONS = ["REGION_LEAGUE", "REGION_COUNTY", "YEAR", "QUARTER", "BORROWER_TYPE", "BENEFICIARY_GROUP", "BANK"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The years of the programme (内政办发〔2022〕31号, 2022–2025): always in the domain. */
export const PROGRAMME_YEARS = [2022, 2023, 2024, 2025] as const;
export const BORROWER_TYPES = ["INDIVIDUAL", "SMALL_MICRO_ENTERPRISE"] as const;
/** The group of borrowers outside the named groups (and of enterprises). */
export const NO_GROUP = "NONE";

export interface LoanStatisticsFilter {
  /** A league code (REGION_LEAGUE), a county code (REGION_COUNTY), or 150000 (no filter). */
  regionCode?: string | null;
  year?: number | null;
  borrowerType?: string | null;
  /** A group code, or "NONE" for borrowers outside the named groups. */
  beneficiaryGroup?: string | null;
  bankCode?: string | null;
  /** Only the cells published (PERTURBED) or only the withheld ones. */
  disclosure?: "PERTURBED" | "WITHHELD" | null;
}

/** Where a cell lies: the value of each dimension of its table (a county's league and a quarter's year too). */
export interface Coordinates {
  league: string | null;
  county: string | null;
  year: number | null;
  quarter: number | null;
  borrowerType: string | null;
  beneficiaryGroup: string | null;
  bank: string | null;
}

export interface StatisticsCell extends Coordinates {
  /** What may be published of it (its exact figures never leave the table's computation). */
  published: ProtectedFigures;
  /** SAMPLE while the loans are sample data: one value for the whole table, so that it says nothing of a cell. */
  provenance: "SAMPLE" | "SOURCE";
}

export interface StatisticsRow {
  cell: StatisticsCell;
  /** Position in the table's order, for pagination. */
  ordinal: number;
}

/** The columns of loan_rollups each dimension groups by. */
const COLUMNS: Record<Dimension, string[]> = {
  REGION_LEAGUE: ["league_code"],
  REGION_COUNTY: ["league_code", "county_code"],
  YEAR: ["year"],
  QUARTER: ["year", "quarter"],
  BORROWER_TYPE: ["borrower_type"],
  BENEFICIARY_GROUP: ["beneficiary_group_code"],
  BANK: ["bank_code"],
};

/** Drops dimensions implied by finer ones, and orders them canonically (the cache key). */
export function normalizeDimensions(dims: Iterable<Dimension>): Dimension[] {
  const set = new Set(dims);
  if (set.has("REGION_COUNTY")) set.delete("REGION_LEAGUE");
  if (set.has("QUARTER")) set.delete("YEAR");
  return DIMENSIONS.filter((d) => set.has(d));
}

/** The dimensions a filter fixes: the query is answered from the table grouped by them too. */
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

/** One value of a dimension's domain, as the coordinates it sets. */
type AxisValue = Partial<Coordinates>;

/** The public domain of every dimension, read from reference data once per data version. */
export interface Domain {
  leagues: string[];
  counties: { county: string; league: string }[];
  years: number[];
  groups: string[];
  banks: string[];
  /** Whether any loan is sample data. */
  sample: boolean;
}

const domains = versionedCache<string, Domain>(2);

export function statisticsDomain(db: Db): Promise<Domain> {
  return domains(db, "domain", async () => {
    const regionRows = await queryRows<{ code: string; parent_code: string | null; level: string }>(db, sql`select code, parent_code, cast(level as text) as level from ${regions} order by code`);
    const groupRows = await queryRows<{ code: string }>(db, sql`select code from ${beneficiaryGroups} order by code`);
    const bankRows = await queryRows<{ code: string }>(db, sql`select code from ${partnerBanks} order by code`);
    // Other years join the domain only when they hold enough loans to publish their total:
    // a year listed because it has 3 loans would say so.
    const yearRows = await queryRows<{ year: number; n: number; sample: boolean }>(
      db,
      sql`select year, cast(sum(loan_count) as integer) as n, sum(sample_count) > 0 as sample from ${loanRollups} group by year`,
    );
    const years = new Set<number>(PROGRAMME_YEARS);
    for (const r of yearRows) if (Number(r.n) >= MINIMUM_PUBLISHED_COUNT) years.add(Number(r.year));
    return {
      leagues: regionRows.filter((r) => r.level === "LEAGUE").map((r) => r.code),
      counties: regionRows.filter((r) => r.level === "COUNTY").map((r) => ({ county: r.code, league: r.parent_code! })),
      years: [...years].sort((a, b) => a - b),
      groups: [...groupRows.map((r) => r.code), NO_GROUP],
      banks: bankRows.map((r) => r.code),
      sample: yearRows.some((r) => r.sample === true || String(r.sample) === "true"),
    };
  });
}

/** The values of one dimension, restricted by the filter (a filter on a value outside the domain keeps that one value). */
function axis(domain: Domain, d: Dimension, filter: LoanStatisticsFilter): AxisValue[] {
  const region = filter.regionCode && filter.regionCode !== "150000" ? filter.regionCode : null;
  switch (d) {
    case "REGION_LEAGUE":
      return (region ? [region.slice(0, 4) + "00"] : domain.leagues).map((league) => ({ league }));
    case "REGION_COUNTY": {
      const counties = domain.counties.filter((c) => !region || (levelOfCode(region) === "LEAGUE" ? c.league === region : c.county === region));
      return counties.map((c) => ({ league: c.league, county: c.county }));
    }
    case "YEAR":
      return (filter.year != null ? [filter.year] : domain.years).map((year) => ({ year }));
    case "QUARTER":
      return (filter.year != null ? [filter.year] : domain.years).flatMap((year) => [1, 2, 3, 4].map((quarter) => ({ year, quarter })));
    case "BORROWER_TYPE":
      return (filter.borrowerType ? [filter.borrowerType] : [...BORROWER_TYPES]).map((borrowerType) => ({ borrowerType }));
    case "BENEFICIARY_GROUP":
      return (filter.beneficiaryGroup ? [filter.beneficiaryGroup] : domain.groups).map((beneficiaryGroup) => ({ beneficiaryGroup }));
    case "BANK":
      return (filter.bankCode ? [filter.bankCode] : domain.banks).map((bank) => ({ bank }));
  }
}

const EMPTY: Coordinates = { league: null, county: null, year: null, quarter: null, borrowerType: null, beneficiaryGroup: null, bank: null };

/** A cell's key within a table of the given dimensions. */
function keyOf(dims: Dimension[], c: Partial<Coordinates>): string {
  let key = "";
  for (const d of dims) {
    switch (d) {
      case "REGION_LEAGUE":
        key += `${c.league}|`;
        break;
      case "REGION_COUNTY":
        key += `${c.county}|`;
        break;
      case "YEAR":
        key += `${c.year}|`;
        break;
      case "QUARTER":
        key += `${c.year}Q${c.quarter}|`;
        break;
      case "BORROWER_TYPE":
        key += `${c.borrowerType}|`;
        break;
      case "BENEFICIARY_GROUP":
        key += `${c.beneficiaryGroup}|`;
        break;
      case "BANK":
        key += `${c.bank}|`;
        break;
    }
  }
  return key;
}

/** What every cell of fewer than 10 loans — or none — publishes. */
const WITHHELD = protect({ count: 0, amountCents: 0n, jobs: 0, keySum: 0n, maxAmountCents: 0n });

/**
 * The published cells of a table, by key. Only those are kept: every other cell of the domain
 * publishes the same WITHHELD row, so the cache holds a fifth of the cells at the sample's size.
 */
interface TableCell {
  coords: Partial<Coordinates>;
  published: ProtectedFigures;
}

async function computeCells(db: Db, dims: Dimension[]): Promise<Map<string, TableCell>> {
  const cols = [...new Set(dims.flatMap((d) => COLUMNS[d]))];
  const select = cols.length ? sql.raw(cols.join(", ") + ", ") : sql``;
  const groupBy = cols.length ? sql.raw(`group by ${cols.join(", ")}`) : sql``;
  const list = await queryRows(db, sql`
    select ${select}
           cast(sum(loan_count) as integer) as loan_count, cast(sum(total_amount) * 100 as text) as total_cents,
           cast(sum(jobs_created) as integer) as jobs_created,
           cast(sum(key_sum) as text) as key_sum, cast(max(max_amount) * 100 as text) as max_cents
    from ${loanRollups} ${groupBy}
    having sum(loan_count) >= ${MINIMUM_PUBLISHED_COUNT}`);
  const cells = new Map<string, TableCell>();
  for (const r of list) {
    if (r.loan_count === null) continue;
    const exact: CellAggregate = {
      count: Number(r.loan_count),
      amountCents: BigInt(String(r.total_cents).split(".")[0]!),
      jobs: Number(r.jobs_created),
      keySum: BigInt(String(r.key_sum)),
      maxAmountCents: BigInt(String(r.max_cents).split(".")[0]!),
    };
    const coords: Partial<Coordinates> = {
      league: (r.league_code as string | undefined) ?? null,
      county: (r.county_code as string | undefined) ?? null,
      year: r.year === undefined ? null : Number(r.year),
      quarter: r.quarter === undefined ? null : Number(r.quarter),
      borrowerType: (r.borrower_type as string | undefined) ?? null,
      beneficiaryGroup: r.beneficiary_group_code === undefined ? null : (r.beneficiary_group_code as string) || NO_GROUP,
      bank: (r.bank_code as string | undefined) ?? null,
    };
    const published = protect(exact);
    if (published.disclosure === "PERTURBED") cells.set(keyOf(dims, coords), { coords, published });
  }
  return cells;
}

// About 300 bytes a published cell (key, coordinates, figures, map entry): measured, not walked.
const tables = versionedCache<string, Map<string, TableCell>>({ maxEntries: 128, sizeOf: (cells) => 1_000 + cells.size * 300 });
/** Positions of the published cells of a filtered table (for `disclosure` filters), per data version. */
const publishedPositions = versionedCache<string, Int32Array>({ maxEntries: 512, maxBytes: 16 * 1024 * 1024, sizeOf: (a) => a.byteLength + 64 });

/**
 * Tables are built one at a time: each holds its rollup rows in memory while it is built, and
 * at a million loans a few large ones built at once were most of the heap's peak (the soak).
 */
let building: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = building.then(work, work);
  building = run.catch(() => undefined);
  return run;
}

/** The published cells of a table, computed once per data version. */
function tableCells(db: Db, dims: Dimension[]) {
  return tables(db, dims.join(","), () => oneAtATime(() => computeCells(db, dims)));
}

export interface StatisticsTable {
  /** The dimensions the client grouped by (the rows name these). */
  dimensions: Dimension[];
  /** Rows in the table's order: by dimension in the order of DIMENSIONS, each by its domain's order. */
  total: number;
  /** The row at a position (1-based). */
  at(ordinal: number): StatisticsRow;
}

/**
 * The rows of a statistics query: every cell of the table (groupBy ∪ filter dimensions) that
 * the filter selects, in dimension order, with or without loans. Dimensions the client did not
 * group by are blanked, so a filter-only dimension is not repeated on every row.
 */
export async function loanStatistics(db: Db, groupBy: Dimension[], filter: LoanStatisticsFilter): Promise<StatisticsTable> {
  const dims = normalizeDimensions([...groupBy, ...filterDimensions(filter)]);
  const shown = new Set(normalizeDimensions(groupBy));
  // A county row always names its league too; a quarter its year.
  if (shown.has("REGION_COUNTY")) shown.add("REGION_LEAGUE");
  if (shown.has("QUARTER")) shown.add("YEAR");
  const [domain, cells] = await Promise.all([statisticsDomain(db), tableCells(db, dims)]);
  const axes = dims.map((d) => axis(domain, d, filter));
  const provenance = domain.sample ? ("SAMPLE" as const) : ("SOURCE" as const);

  const cellAt = (index: number): StatisticsCell => {
    // Mixed radix: the last dimension varies fastest.
    const coords: Coordinates = { ...EMPTY };
    for (let i = axes.length - 1; i >= 0; i--) {
      const values = axes[i]!;
      Object.assign(coords, values[index % values.length]);
      index = Math.floor(index / values.length);
    }
    const found = cells.get(keyOf(dims, coords));
    return { ...coords, published: found?.published ?? WITHHELD, provenance };
  };
  const blank = (c: StatisticsCell): StatisticsCell => ({
    ...c,
    league: shown.has("REGION_LEAGUE") ? c.league : null,
    county: shown.has("REGION_COUNTY") ? c.county : null,
    year: shown.has("YEAR") ? c.year : null,
    quarter: shown.has("QUARTER") ? c.quarter : null,
    borrowerType: shown.has("BORROWER_TYPE") ? c.borrowerType : null,
    beneficiaryGroup: shown.has("BENEFICIARY_GROUP") ? c.beneficiaryGroup : null,
    bank: shown.has("BANK") ? c.bank : null,
  });

  const size = axes.reduce((n, values) => n * values.length, 1);
  if (!filter.disclosure) {
    return { dimensions: normalizeDimensions(groupBy), total: size, at: (ordinal) => ({ ordinal, cell: blank(cellAt(ordinal - 1)) }) };
  }
  // Only published (or only withheld) cells. The published ones are found among the table's
  // non-empty cells (never more than the loans), not by walking its whole domain: their
  // positions in the filtered domain, in order, remembered for the next page.
  const { disclosure: _which, ...selection } = filter;
  const published = await publishedPositions(db, `${dims.join(",")}|${JSON.stringify(selection)}`, () => {
    const positionOf = axes.map((values, i) => new Map(values.map((v, j) => [keyOf([dims[i]!], v), j])));
    const positions: number[] = [];
    for (const cell of cells.values()) {
      let index = 0;
      for (let i = 0; i < axes.length && index >= 0; i++) {
        const j = positionOf[i]!.get(keyOf([dims[i]!], cell.coords));
        index = j === undefined ? -1 : index * axes[i]!.length + j;
      }
      if (index >= 0) positions.push(index);
    }
    return Promise.resolve(Int32Array.from(positions).sort());
  });
  if (filter.disclosure === "PERTURBED") {
    return { dimensions: normalizeDimensions(groupBy), total: published.length, at: (ordinal) => ({ ordinal, cell: blank(cellAt(published[ordinal - 1]!)) }) };
  }
  // The k-th withheld position: the smallest p with p - (published positions ≤ p) = k - 1.
  const withheldAt = (k: number): number => {
    let lo = 0;
    let hi = published.length;
    // Find how many published positions precede the answer: the largest m with published[m-1] - (m-1) ≤ k-1 … by binary search.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (published[mid]! - mid <= k - 1) lo = mid + 1;
      else hi = mid;
    }
    return k - 1 + lo;
  };
  return { dimensions: normalizeDimensions(groupBy), total: size - published.length, at: (ordinal) => ({ ordinal, cell: blank(cellAt(withheldAt(ordinal))) }) };
}

/** Every row of a query, in order (for exports and progress, whose tables are small). */
export function allRows(table: StatisticsTable): StatisticsRow[] {
  const rows: StatisticsRow[] = [];
  for (let i = 1; i <= table.total; i++) rows.push(table.at(i));
  return rows;
}

/**
 * What the public sees of a cell. The API and the loan-statistics export both publish through
 * this, so they cannot disagree; the figures themselves come from src/disclosure.
 */
export function publicMeasures(cell: StatisticsCell) {
  const p = cell.published;
  const withheld = p.disclosure === "WITHHELD";
  return {
    disclosure: p.disclosure,
    suppressed: withheld,
    suppressionReason: withheld ? ("PRIMARY" as const) : null,
    loanCount: p.count,
    totalAmount: p.amountCents === null ? null : centsToDecimal(p.amountCents),
    averageAmount: p.amountCents === null || !p.count ? null : centsToDecimal(averageCents(p.amountCents, p.count)),
    jobsCreated: p.jobs,
    provenance: cell.provenance,
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
