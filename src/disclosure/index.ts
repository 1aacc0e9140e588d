/**
 * Disclosure control for every published figure of guarantee loans: the one module that the
 * GraphQL API, the open-data exports and (later) partner views of other banks' loans call.
 *
 * The method is the **cell key method** (as in the Australian Bureau of Statistics' TableBuilder
 * and the UK census's flexible tables), with a floor on small counts:
 *
 * 1. Every loan carries a **record key**, an integer drawn uniformly from [0, 2^31) once, when the
 *    loan is written (`guarantee_loans.record_key`), and never published.
 * 2. A cell's **cell key** is the sum of its loans' record keys modulo 2^31. It depends only on
 *    which loans the cell holds, so the same cell has the same key — and the same published
 *    values — in every table, query, filter and file, however it is asked for.
 * 3. A cell of **1–9 loans is withheld**: count, amount and jobs are not published (`WITHHELD`).
 * 4. Otherwise the **count** is published as count + p, where p is read from the committed
 *    perturbation table (`ptable.csv`) at the row of the count and the column the cell key falls
 *    in: p ∈ [−4, 4], 0 half of the time, never below the floor of 10.
 * 5. **Jobs** are perturbed the same way, from the same table (floor 0), at a second key derived
 *    from the cell key, so count and jobs noise are not identical.
 * 6. The **amount** is published as amount + s × 0.5 × (the largest loan in the cell), rounded to
 *    the yuan, with s ∈ [−1, 1) from a third derived key: the noise is never smaller than half the
 *    largest single loan, so no subtraction of published amounts can pin down what one
 *    borrower — or a withheld cell — borrowed.
 *
 * Differencing published cells therefore yields the withheld cell plus the sum of several
 * independent perturbations, which no number of tables can take away (the same cell always has
 * the same noise: asking again, or through another table, gives nothing new). The cost: published
 * parts need not add up exactly to published totals. Records' keys, and so the noise, are secret;
 * the method and the table are public (README, exports/README.md, datapackage.json).
 */
import { KEY_MODULUS, loadPtable, MAX_PERTURBATION, FLOORS } from "./ptable.js";

export { KEY_MODULUS, MAX_PERTURBATION } from "./ptable.js";

/** Cells with fewer loans than this (and more than none) are withheld. */
export const MINIMUM_PUBLISHED_COUNT = FLOORS.count;

/** The amount's noise is up to this share of the cell's largest loan, in either direction. */
export const MAGNITUDE_FACTOR = 0.5;

/** The version of the method and its parameters, for metadata and citations. */
export const METHOD_VERSION = "cell-key/1";

const ptable = loadPtable();

/** What a cell holds, exactly (never published as such). */
export interface CellAggregate {
  count: number;
  /** Total amount, in fen (CNY cents). */
  amountCents: bigint;
  jobs: number;
  /** Sum of the cell's record keys (any size: only its value modulo KEY_MODULUS matters). */
  keySum: bigint;
  /** The largest single loan of the cell, in fen. */
  maxAmountCents: bigint;
}

export type Disclosure = "PERTURBED" | "WITHHELD";

/** What may be published of a cell. */
export interface ProtectedFigures {
  disclosure: Disclosure;
  count: number | null;
  /** Perturbed total in fen, a whole number of yuan. */
  amountCents: bigint | null;
  jobs: number | null;
}

/** The cell key: the record keys' sum modulo KEY_MODULUS. */
export function cellKey(keySum: bigint): number {
  const m = BigInt(KEY_MODULUS);
  return Number(((keySum % m) + m) % m);
}

/**
 * Derives a further uniform key from the cell key (murmur3's 32-bit finaliser, a bijection):
 * the jobs and amount perturbations read their own keys, not the count's.
 */
export function derivedKey(key: number, salt: number): number {
  let h = (key ^ salt) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  // Top 31 bits: uniform on [0, KEY_MODULUS).
  return h >>> 1;
}

const JOBS_SALT = 0x6a6f6273; // "jobs"
const AMOUNT_SALT = 0x616d6e74; // "amnt"

/** The published figures of one cell. */
export function protect(cell: CellAggregate): ProtectedFigures {
  if (cell.count < MINIMUM_PUBLISHED_COUNT) return { disclosure: "WITHHELD", count: null, amountCents: null, jobs: null };
  const key = cellKey(cell.keySum);
  const count = cell.count + ptable.perturbation("count", cell.count, key);
  const jobs = cell.jobs + ptable.perturbation("jobs", cell.jobs, derivedKey(key, JOBS_SALT));
  const s = (2 * derivedKey(key, AMOUNT_SALT)) / KEY_MODULUS - 1;
  const noisyCents = Number(cell.amountCents) + s * MAGNITUDE_FACTOR * Number(cell.maxAmountCents);
  // To the yuan: the noise is far larger than a fen, so fen would be false precision.
  const amountCents = BigInt(Math.round(noisyCents / 100)) * 100n;
  return { disclosure: "PERTURBED", count, amountCents, jobs };
}

/** The method and its parameters, as published in the API, the README and the dataset metadata. */
export const DISCLOSURE_CONTROL = {
  method: "CELL_KEY",
  version: METHOD_VERSION,
  minimumPublishedCount: MINIMUM_PUBLISHED_COUNT,
  maxCountPerturbation: MAX_PERTURBATION,
  maxJobsPerturbation: MAX_PERTURBATION,
  /** As a decimal string, like every other number of the API that is not a count. */
  magnitudeFactor: String(MAGNITUDE_FACTOR),
  /** CNY. */
  amountRounding: "1",
  keyModulus: KEY_MODULUS,
} as const;
