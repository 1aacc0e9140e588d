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
import { and, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { beneficiaryGroups, guaranteeLoans, loanRollups, partnerBanks, regions } from "../db/schema/index.js";
import { MINIMUM_PUBLISHED_COUNT, protect, type CellAggregate, type ProtectedFigures } from "../disclosure/index.js";
import { loanConditions, type GuaranteeLoanFilter } from "./loan.js";
import { hasPendingFigures } from "./loan-figures.js";
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
export function filterDimensions(filter: Omit<LoanStatisticsFilter, "disclosure">): Dimension[] {
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

/** A grouped row's coordinates (columns named as in loan_rollups; a group of '' is NONE). */
function coordinatesOf(r: Record<string, unknown>): Partial<Coordinates> {
  return {
    league: (r.league_code as string | undefined) ?? null,
    county: (r.county_code as string | undefined) ?? null,
    year: r.year === undefined ? null : Number(r.year),
    quarter: r.quarter === undefined ? null : Number(r.quarter),
    borrowerType: (r.borrower_type as string | undefined) ?? null,
    beneficiaryGroup: r.beneficiary_group_code === undefined ? null : (r.beneficiary_group_code as string) || NO_GROUP,
    bank: (r.bank_code as string | undefined) ?? null,
  };
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
    const coords = coordinatesOf(r);
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

/** A statistics query's table before any `disclosure` filter: its domain, in order, and its public cells. */
interface TableView {
  /** The table's dimensions: grouped by and filtered on. */
  dims: Dimension[];
  /** The dimensions the client grouped by (the rows name these). */
  dimensions: Dimension[];
  axes: AxisValue[][];
  /** Cells in the (filtered) domain. */
  size: number;
  /** The cell at a 0-based position of the domain, with its public figures. */
  cellAt(index: number): StatisticsCell;
  /** Blanks the dimensions the client did not group by. */
  blank<C extends StatisticsCell>(c: C): C;
  /** The sorted positions of the published (PERTURBED) cells, remembered per data version. */
  publishedPositions(): Promise<Int32Array>;
}

async function tableView(db: Db, groupBy: Dimension[], filter: LoanStatisticsFilter): Promise<TableView> {
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
  const blank = <C extends StatisticsCell>(c: C): C => ({
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
  // The published cells are found among the table's non-empty cells (never more than the
  // loans), not by walking its whole domain: their positions in the filtered domain, in order,
  // remembered for the next page.
  const { disclosure: _which, ...selection } = filter;
  const published = () =>
    publishedPositions(db, `${dims.join(",")}|${JSON.stringify(selection)}`, () => {
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
  return { dims, dimensions: normalizeDimensions(groupBy), axes, size, cellAt, blank, publishedPositions: published };
}

/** The k-th (1-based) position of [0, ∞) that is not in `sorted` (ascending, distinct). */
function nthMissing(sorted: Int32Array, k: number): number {
  // The answer is k - 1 + m, where m counts the listed positions before it: the largest m with
  // sorted[m - 1] - (m - 1) ≤ k - 1, found by binary search.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! - mid <= k - 1) lo = mid + 1;
    else hi = mid;
  }
  return k - 1 + lo;
}

/**
 * The rows of a statistics query: every cell of the table (groupBy ∪ filter dimensions) that
 * the filter selects, in dimension order, with or without loans. Dimensions the client did not
 * group by are blanked, so a filter-only dimension is not repeated on every row.
 */
export async function loanStatistics(db: Db, groupBy: Dimension[], filter: LoanStatisticsFilter): Promise<StatisticsTable> {
  const view = await tableView(db, groupBy, filter);
  const { dimensions, size, cellAt, blank } = view;
  if (!filter.disclosure) {
    return { dimensions, total: size, at: (ordinal) => ({ ordinal, cell: blank(cellAt(ordinal - 1)) }) };
  }
  // Only published (or only withheld) cells.
  const published = await view.publishedPositions();
  if (filter.disclosure === "PERTURBED") {
    return { dimensions, total: published.length, at: (ordinal) => ({ ordinal, cell: blank(cellAt(published[ordinal - 1]!)) }) };
  }
  return { dimensions, total: size - published.length, at: (ordinal) => ({ ordinal, cell: blank(cellAt(nthMissing(published, ordinal))) }) };
}

// ---------------------------------------------------------------------------------------------
// Partner statistics: the caller's own cells exactly, every other cell as the public sees it.

/**
 * `viewer.loanStatistics`. The table — its domain, its order and every cell's public figures —
 * is the public query's (tableView above; the figures from protect() in src/disclosure, through
 * the same per-version cache). What differs is which cells are shown exactly:
 *
 * - a programme manager (scope `programme:read`) sees every cell exactly (`EXACT`);
 * - a bank sees exactly (`EXACT_OWN`) the cells whose BANK coordinate is its own bank, i.e. its
 *   cells of a table grouped or filtered by bank. Every other cell — any cell of a table without
 *   the bank dimension, any other bank's cell — is the public figure, the very value the
 *   anonymous query returns.
 *
 * Why combining own exact cells with the public ones reveals no other bank's small cell:
 *
 * 1. Which cells are exact is fixed by the query (the table's shape and its filter), never by
 *    the data. Had it depended on whether other banks lend in a cell ("exact when the cell holds
 *    only my loans"), the marking itself would leak: a cell shown protected would say "another
 *    bank lends here", and with 8 own loans in a withheld cell (1–9 loans) that pins the other
 *    banks' part at exactly 1 loan.
 * 2. Exact figures are computed from guarantee_loans inside the viewer's row-level-security scope
 *    (withViewerScope): for a bank, other banks' rows do not exist in that transaction, so no
 *    slip in this code can put another bank's loan into an exact figure. (The API role can read
 *    every bank's loan_rollups exactly; a bank's path never reads them — only a programme
 *    manager's, who may see every loan exactly: see exactAggregates.)
 * 3. What a bank learns here is therefore a function of its own loans and the public tables —
 *    and it reads its own loans one by one anyway (`guaranteeLoans`): it stands where a member
 *    of the public would who knew some loans exactly. Subtracting its exact cell from a public
 *    total leaves the other banks' part *plus that total's perturbation*, which depends on the
 *    record keys of all the cell's loans (secret: no response carries one) and is fixed — asking
 *    again, through another table or filter, gives the same noise, never a fresh draw to average
 *    away. Even its own cells' perturbations (public figure minus exact figure) say nothing of a
 *    mixed cell's key: that key adds the other banks' uniformly random keys. A withheld total
 *    says 0–9 loans; minus its own n it leaves the others 0…9 − n loans, one value only when
 *    n = 9 and the others hold none — a zero, which the public tables already tell anyone who
 *    knows those 9 loans.
 * 4. test/partner-statistics.test.ts attacks it: the disclosure test's attacker, given every
 *    public table *and* bank A's exact cells of every table shape, intersecting every chain of
 *    subtractions to a fixpoint, pins no cell of 1–9 loans of another bank.
 */
export type ExactScope = { kind: "BANK"; bankCode: string } | { kind: "ALL" };

export type PartnerDisclosure = "PERTURBED" | "WITHHELD" | "EXACT_OWN" | "EXACT";

export interface PartnerStatisticsFilter extends Omit<LoanStatisticsFilter, "disclosure"> {
  /** Only the cells shown this way. */
  disclosure?: PartnerDisclosure | null;
}

/** A cell's true figures, for a viewer entitled to them. */
export interface ExactFigures {
  disclosure: "EXACT_OWN" | "EXACT";
  count: number;
  /** In fen. */
  amountCents: bigint;
  jobs: number;
}

export interface PartnerStatisticsCell extends StatisticsCell {
  /** The exact figures, when the viewer may see them; null for a cell shown as the public sees it. */
  exact: ExactFigures | null;
}

export interface PartnerStatisticsTable {
  dimensions: Dimension[];
  total: number;
  /** Reads the exact figures of the rows `from` … `to` (ordinals; none when from > to); call it once, before `at`. */
  load(from: number, to: number): Promise<void>;
  /** A row of the loaded ordinals. */
  at(ordinal: number): { ordinal: number; cell: PartnerStatisticsCell };
}

/** Runs loan-level SQL in the viewer's row-level-security scope (src/auth/scoped.ts). */
export type ScopedQuery = <T>(work: (db: Db) => Promise<T>) => Promise<T>;

/**
 * Which positions of a table's domain are shown exactly, and the positions of the others
 * counted without them (`compress`/`expand`), so that the k-th perturbed or withheld cell among
 * them is found without walking the domain.
 */
interface ExactPositions {
  count: number;
  has(position: number): boolean;
  /** The position of the k-th (0-based) exact cell. */
  nth(k: number): number;
  /** Cells not shown exactly. */
  restSize: number;
  compress(position: number): number;
  expand(index: number): number;
}

function exactPositions(view: TableView, scope: ExactScope): ExactPositions {
  const identity = (p: number) => p;
  if (scope.kind === "ALL") return { count: view.size, has: () => true, nth: identity, restSize: 0, compress: identity, expand: identity };
  const none: ExactPositions = { count: 0, has: () => false, nth: identity, restSize: view.size, compress: identity, expand: identity };
  const b = view.dims.indexOf("BANK");
  if (b < 0) return none;
  const j = view.axes[b]!.findIndex((v) => v.bank === scope.bankCode);
  if (j < 0) return none;
  // Positions are mixed-radix numbers; the bank is one digit: own cells are those whose bank digit is j.
  const n = view.axes[b]!.length;
  const stride = view.axes.slice(b + 1).reduce((m, values) => m * values.length, 1);
  const digit = (p: number) => Math.floor(p / stride) % n;
  return {
    count: view.size / n,
    has: (p) => digit(p) === j,
    nth: (k) => Math.floor(k / stride) * n * stride + j * stride + (k % stride),
    restSize: view.size - view.size / n,
    compress: (p) => {
      const d = digit(p);
      return Math.floor(p / (n * stride)) * (n - 1) * stride + (d > j ? d - 1 : d) * stride + (p % stride);
    },
    expand: (q) => {
      const block = (n - 1) * stride;
      const d = Math.floor((q % block) / stride);
      return Math.floor(q / block) * n * stride + (d >= j ? d + 1 : d) * stride + (q % stride);
    },
  };
}

/** How guarantee_loans gives each dimension's columns (named as in loan_rollups). */
const LOAN_COLUMNS: Record<Dimension, [string, SQL][]> = {
  REGION_LEAGUE: [["league_code", sql`league_code`]],
  REGION_COUNTY: [
    ["league_code", sql`league_code`],
    ["county_code", sql`county_code`],
  ],
  YEAR: [["year", sql`cast(extract(year from issued_on) as integer)`]],
  QUARTER: [
    ["year", sql`cast(extract(year from issued_on) as integer)`],
    ["quarter", sql`cast(extract(quarter from issued_on) as integer)`],
  ],
  BORROWER_TYPE: [["borrower_type", sql`cast(borrower_type as text)`]],
  BENEFICIARY_GROUP: [["beneficiary_group_code", sql`coalesce(beneficiary_group_code, '')`]],
  BANK: [["bank_code", sql`bank_code`]],
};

/** Grouped rows (columns named as in loan_rollups) as exact figures by cell key. */
function exactByKey(dims: Dimension[], list: Record<string, unknown>[]): Map<string, Omit<ExactFigures, "disclosure">> {
  const out = new Map<string, Omit<ExactFigures, "disclosure">>();
  for (const r of list) {
    out.set(keyOf(dims, coordinatesOf(r)), { count: Number(r.loan_count), amountCents: BigInt(String(r.total_cents).split(".")[0]!), jobs: Number(r.jobs_created) });
  }
  return out;
}

/** A cell's value on each loan_rollups column (the group NONE is '' there). */
const ROLLUP_VALUE: Record<string, (c: Coordinates) => string | number | null> = {
  league_code: (c) => c.league,
  county_code: (c) => c.county,
  year: (c) => c.year,
  quarter: (c) => c.quarter,
  borrower_type: (c) => c.borrowerType,
  beneficiary_group_code: (c) => (c.beneficiaryGroup === NO_GROUP ? "" : c.beneficiaryGroup),
  bank_code: (c) => c.bank,
};

/**
 * The rows — of loan_rollups, or of the loans — that make up `cells` (a page's): on every column
 * the table groups by (`columns`: its name as in loan_rollups, and how the rows give it), one of
 * the values the cells take. That is the cells' cross product — a superset, which the lookup by
 * key narrows to the page — and it keeps every row of each cell, so that the cell's figures are
 * whole. For the rollups the primary key (county, year, quarter, …) serves it: a manager's page
 * of the finest table at 1,000,000 loans grouped all 107,764 rollup rows into 96,242 cells,
 * spilling to disk, to show 100 of them. For the loans the index on (county, bank) serves the
 * tables by county: a bank's page of county × quarter × group grouped all 220,314 of the
 * busiest bank's loans into 12,876 cells, to show the dozen or so of its own on a page.
 */
function rowsOfCells(columns: [string, SQL][], cells: readonly Coordinates[]): SQL | undefined {
  const grouped = new Set(columns.map(([col]) => col));
  // A county names its league: the league's own index would be no narrower than the county's.
  const conditions = columns.filter(([col]) => col !== "league_code" || !grouped.has("county_code")).map(([col, expr]) => {
    const values = [...new Set(cells.map(ROLLUP_VALUE[col]!))];
    if (values.some((v) => v === null)) throw new Error(`a cell of the table has no ${col}`);
    return sql`${expr} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
  });
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * The memory (`work_mem`; a hash table may take twice as much, hash_mem_multiplier) PostgreSQL
 * may give the grouping of loans into exact cells: a bank's, or every bank's for a programme
 * manager while a write waits for the refresher. With the default 4 MB the planner,
 * which cannot tell how many loans the row-level-security condition keeps, sorted the loans on
 * disk for the finer tables: at 1,000,000 loans the largest bank's 220,314 loans by county,
 * quarter, beneficiary group and bank (12,876 cells) took 0.85–1.0 s, sorting 15 MB in three
 * processes; with 16 MB it groups them in one hash table of 8 MB in memory, in 0.40 s. The
 * table is at most one cell per combination of the domain's values, whatever the number of
 * loans, and the setting holds for this one statement's transaction only.
 */
const EXACT_AGGREGATE_WORK_MEM = "16MB";

/**
 * The exact figures of a table's cells. `db` must be a viewer-scoped handle: row-level security
 * decides which loans exist (a bank's own; every bank's for a programme manager); a bank's query
 * names its bank as well.
 *
 * A programme manager's (every loan) come from loan_rollups, which holds every loan's figures
 * exactly at the API's finest grain, when no bank's write is waiting for the figures refresher
 * (loan_figures_pending empty: the rollups hold every committed loan); otherwise, and always for
 * a bank (its figures from the rows row-level security lets it read, never from a table of every
 * bank's), from the loans themselves. A manager's page of a table at 1,000,000 loans took
 * 1.5–1.8 s grouping every loan; from the rollups tens of ms. The two reads are separate
 * statements: a write committing between them leaves the figures exact as of the first.
 * Either way the figures are those of `cells` (the page's) and perhaps a few more (rowsOfCells).
 */
async function exactAggregates(db: Db, dims: Dimension[], filter: LoanStatisticsFilter, scope: ExactScope, cells: readonly Coordinates[]): Promise<Map<string, Omit<ExactFigures, "disclosure">>> {
  if (scope.kind === "ALL" && !(await hasPendingFigures(db))) {
    // Grouped by the table's dimensions, filters included (normalizeDimensions): the filter picks cells of the domain by key.
    const cols = [...new Set(dims.flatMap((d) => COLUMNS[d]))];
    const where = rowsOfCells(cols.map((col) => [col, sql.raw(col)]), cells);
    return exactByKey(
      dims,
      await queryRows(db, sql`
        select ${cols.length ? sql.raw(cols.join(", ") + ", ") : sql``}
               cast(coalesce(sum(loan_count), 0) as integer) as loan_count, cast(coalesce(sum(total_amount), 0) * 100 as text) as total_cents,
               cast(coalesce(sum(jobs_created), 0) as integer) as jobs_created
        from ${loanRollups} ${where ? sql`where ${where} ` : sql``}${cols.length ? sql.raw(`group by ${cols.join(", ")}`) : sql``}`),
    );
  }
  const columns = new Map<string, SQL>();
  for (const d of dims) for (const [alias, expr] of LOAN_COLUMNS[d]) columns.set(alias, expr);
  const select = [...columns].map(([alias, expr]) => sql`${expr} as ${sql.raw(alias)}`);
  const groupBy = columns.size ? sql` group by ${sql.raw([...columns.keys()].map((_, i) => i + 1).join(", "))}` : sql``;
  const where = and(
    scope.kind === "BANK" ? eq(guaranteeLoans.bankCode, scope.bankCode) : undefined,
    loanConditions({
      bankCode: filter.bankCode,
      regionCode: filter.regionCode,
      borrowerType: filter.borrowerType as GuaranteeLoanFilter["borrowerType"],
      beneficiaryGroup: filter.beneficiaryGroup,
      issuedOnFrom: filter.year != null ? `${filter.year}-01-01` : null,
      issuedOnTo: filter.year != null ? `${filter.year}-12-31` : null,
    }),
    rowsOfCells([...columns], cells),
  );
  // `db` is the viewer's own transaction (withViewerScope): the setting ends with it.
  await db.execute(sql.raw(`set local work_mem = '${EXACT_AGGREGATE_WORK_MEM}'`));
  return exactByKey(
    dims,
    await queryRows(db, sql`
      select ${sql.join([...select, sql`cast(count(*) as integer) as loan_count`], sql`, `)},
             cast(coalesce(sum(amount), 0) * 100 as text) as total_cents, cast(coalesce(sum(jobs_created), 0) as integer) as jobs_created
      from ${guaranteeLoans} ${where ? sql`where ${where}` : sql``}${groupBy}`),
  );
}

/**
 * The rows of a partner's statistics query: the public query's table, with the cells the
 * viewer may see exactly (see above) given exactly, and `disclosure` selecting by how a cell is
 * shown. `scoped` runs the exact figures' SQL under the viewer's row-level security.
 */
export async function partnerLoanStatistics(db: Db, groupBy: Dimension[], filter: PartnerStatisticsFilter, scope: ExactScope, scoped: ScopedQuery): Promise<PartnerStatisticsTable> {
  const { disclosure, ...selection } = filter;
  const view = await tableView(db, groupBy, selection);
  const exact = exactPositions(view, scope);
  const mark = scope.kind === "ALL" ? "EXACT" : "EXACT_OWN";
  // The loans are read only when a row can be an exact cell: a table filtered to its perturbed
  // or withheld cells never shows one, and paging through it (as a bank reading what the public
  // sees) scanned the bank's loans for every page to no end — most of the statement time of
  // test/partner-statistics.test.ts on PGlite.
  const readsFigures = exact.count > 0 && (!disclosure || disclosure === mark);
  let figures: Map<string, Omit<ExactFigures, "disclosure">> | null = null;
  let loaded = { from: 1, to: 0 };
  const cellAt = (position: number): PartnerStatisticsCell => {
    const cell = view.cellAt(position);
    if (!exact.has(position)) return { ...cell, exact: null };
    // A cell of the domain without loans is exactly empty.
    const f = figures!.get(keyOf(view.dims, cell)) ?? { count: 0, amountCents: 0n, jobs: 0 };
    return { ...cell, exact: { disclosure: mark, ...f } };
  };
  const rows = (total: number, position: (ordinal: number) => number): PartnerStatisticsTable => ({
    dimensions: view.dimensions,
    total,
    async load(from, to) {
      loaded = { from, to };
      const cells: Coordinates[] = [];
      for (let ordinal = from; ordinal <= to; ordinal++) {
        const p = position(ordinal);
        if (exact.has(p)) cells.push(view.cellAt(p));
      }
      // The figures of the page's exact cells only (rowsOfCells): from the rollups for a
      // manager, from its own loans for a bank.
      figures = readsFigures && cells.length ? await scoped((viewerDb) => exactAggregates(viewerDb, view.dims, selection, scope, cells)) : new Map();
    },
    at: (ordinal) => {
      if (ordinal < loaded.from || ordinal > loaded.to) throw new Error(`row ${ordinal} of a partner's statistics table was not loaded (${loaded.from}–${loaded.to})`);
      return { ordinal, cell: view.blank(cellAt(position(ordinal))) };
    },
  });
  if (!disclosure) return rows(view.size, (ordinal) => ordinal - 1);
  if (disclosure === mark) return rows(exact.count, (ordinal) => exact.nth(ordinal - 1));
  if (disclosure === "EXACT" || disclosure === "EXACT_OWN") return rows(0, (ordinal) => ordinal - 1);
  // Perturbed or withheld among the cells not shown exactly, counted as if those were the table.
  const published = await view.publishedPositions();
  const rest = Int32Array.from(exact.count ? Array.from(published).filter((p) => !exact.has(p)).map(exact.compress) : published);
  if (disclosure === "PERTURBED") return rows(rest.length, (ordinal) => exact.expand(rest[ordinal - 1]!));
  return rows(exact.restSize - rest.length, (ordinal) => exact.expand(nthMissing(rest, ordinal)));
}

/** What a partner sees of a cell: its exact figures when it may, else exactly what the public sees. */
export function partnerMeasures(cell: PartnerStatisticsCell) {
  const e = cell.exact;
  if (!e) return publicMeasures(cell);
  return {
    disclosure: e.disclosure,
    suppressed: false,
    suppressionReason: null,
    loanCount: e.count,
    totalAmount: centsToDecimal(e.amountCents),
    averageAmount: e.count ? centsToDecimal(averageCents(e.amountCents, e.count)) : null,
    jobsCreated: e.jobs,
    provenance: cell.provenance,
  };
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
