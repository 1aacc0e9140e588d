/**
 * The perturbation table (ptable) of the cell key method, and how a cell key is looked up in it.
 *
 * A row gives, for one original value, the perturbation added to it when the cell key falls in
 * [key_from, key_to). Keys are uniform on [0, KEY_MODULUS), so a row's key range is its
 * probability. The table is generated from the parameters below by `npm run ptable`, committed
 * as `ptable.csv` (what the service reads at start-up and what the exports publish), and a test
 * regenerates it to prove the two agree.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

/** Record keys are drawn uniformly from [0, 2^31); a cell key is the sum of its records' keys modulo this. */
export const KEY_MODULUS = 2 ** 31;

/** Largest perturbation, in either direction, of a count or a job figure. */
export const MAX_PERTURBATION = 4;

/**
 * The perturbation distribution away from the floor, in parts per 10,000: 0 half of the time,
 * ±1 38 %, ±2 10 %, ±3 1.9 %, ±4 0.1 %. Symmetric, so unbiased; variance 0.967. The tails are
 * wide but rare on purpose: an attacker who subtracts published cells can only narrow a
 * withheld cell down to one value where several of the cells involved sit at the very edge of
 * their range at once (see README "Loan figures and disclosure control").
 */
export const BASE_DISTRIBUTION: ReadonlyArray<readonly [perturbation: number, partsPer10000: number]> = [
  [-4, 5],
  [-3, 95],
  [-2, 500],
  [-1, 1900],
  [0, 5000],
  [1, 1900],
  [2, 500],
  [3, 95],
  [4, 5],
];

export type PerturbedVariable = "count" | "jobs";

/**
 * The smallest value each variable may be published as: a published loan count is never below
 * 10 (cells of 1–9 loans are withheld, so a published count below 10 would only add noise to
 * cells that are not small); jobs are never negative.
 */
export const FLOORS: Record<PerturbedVariable, number> = { count: 10, jobs: 0 };

export interface PtableRow {
  variable: PerturbedVariable;
  /** The original value; the last row of a variable (floor + MAX_PERTURBATION) serves every larger value. */
  original: number;
  perturbation: number;
  /** Probability in parts per 10,000. */
  partsPer10000: number;
  keyFrom: number;
  keyTo: number;
}

/**
 * The table the parameters define. Near a floor the mass of perturbations that would cross it
 * is moved onto the floor (a count of 11 is never published as 9): a small upward bias for the
 * four values above the floor, none elsewhere.
 */
export function generatePtable(): PtableRow[] {
  const rows: PtableRow[] = [];
  for (const variable of ["count", "jobs"] as const) {
    const floor = FLOORS[variable];
    for (let original = floor; original <= floor + MAX_PERTURBATION; original++) {
      const mass = new Map<number, number>();
      for (const [p, parts] of BASE_DISTRIBUTION) {
        const clamped = Math.max(p, floor - original);
        mass.set(clamped, (mass.get(clamped) ?? 0) + parts);
      }
      let cumulative = 0;
      for (const [perturbation, parts] of [...mass.entries()].sort((a, b) => a[0] - b[0])) {
        const keyFrom = keyAt(cumulative);
        cumulative += parts;
        rows.push({ variable, original, perturbation, partsPer10000: parts, keyFrom, keyTo: keyAt(cumulative) });
      }
    }
  }
  return rows;
}

/** The key at a cumulative probability (parts per 10,000), exactly, in integers. */
function keyAt(cumulativeParts: number): number {
  return Number((BigInt(cumulativeParts) * BigInt(KEY_MODULUS)) / 10_000n);
}

export const PTABLE_COLUMNS = ["variable", "original", "perturbation", "probability", "key_from", "key_to"] as const;

/** The committed CSV text of a table (what `npm run ptable` writes). */
export function ptableCsv(rows: PtableRow[]): string {
  const lines = [PTABLE_COLUMNS.join(",")];
  for (const r of rows) lines.push([r.variable, r.original, r.perturbation, (r.partsPer10000 / 10_000).toFixed(4), r.keyFrom, r.keyTo].join(","));
  return lines.join("\n") + "\n";
}

export const PTABLE_FILE = new URL("./ptable.csv", import.meta.url);

/** Reads the committed table and checks that it is whole: every key of every row maps to exactly one perturbation. */
export function loadPtable(text = readFileSync(PTABLE_FILE, "utf8")): Lookup {
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows: PtableRow[] = records.map((r) => ({
    variable: r.variable as PerturbedVariable,
    original: Number(r.original),
    perturbation: Number(r.perturbation),
    partsPer10000: Math.round(Number(r.probability) * 10_000),
    keyFrom: Number(r.key_from),
    keyTo: Number(r.key_to),
  }));
  const byRow = new Map<string, PtableRow[]>();
  for (const r of rows) {
    const k = `${r.variable}:${r.original}`;
    byRow.set(k, [...(byRow.get(k) ?? []), r]);
  }
  for (const [k, list] of byRow) {
    let expected = 0;
    for (const r of list) {
      if (r.keyFrom !== expected || r.keyTo <= r.keyFrom) throw new Error(`ptable.csv: the key ranges of ${k} do not tile [0, ${KEY_MODULUS})`);
      expected = r.keyTo;
    }
    if (expected !== KEY_MODULUS) throw new Error(`ptable.csv: the key ranges of ${k} stop at ${expected}, not ${KEY_MODULUS}`);
  }
  return new Lookup(byRow);
}

export class Lookup {
  private readonly top: Record<PerturbedVariable, number> = { count: FLOORS.count + MAX_PERTURBATION, jobs: FLOORS.jobs + MAX_PERTURBATION };

  constructor(private readonly rows: Map<string, PtableRow[]>) {}

  /** Every row, in file order. */
  entries(): PtableRow[] {
    return [...this.rows.values()].flat();
  }

  /** The perturbation of `original` (at or above the variable's floor) for a key in [0, KEY_MODULUS). */
  perturbation(variable: PerturbedVariable, original: number, key: number): number {
    const row = this.rows.get(`${variable}:${Math.min(original, this.top[variable])}`);
    if (!row) throw new Error(`ptable: no row for ${variable} ${original}`);
    // At most nine entries: a linear scan is as fast as a search.
    for (const r of row) if (key < r.keyTo) return r.perturbation;
    return row.at(-1)!.perturbation;
  }
}
