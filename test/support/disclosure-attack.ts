/**
 * An attacker on the published loan statistics, for the disclosure test. Given every table a
 * client can request — each listing every cell of its domain, published or withheld — it
 * narrows the true count, jobs and amount of every cell as far as any combination of
 * subtractions allows: parent minus published siblings, across tables, chained, with every
 * route intersected, by interval constraint propagation over all `parent = Σ children`
 * relations to a fixpoint.
 *
 * What it knows of a figure is the method's public promise — a published count lies within
 * ±maxPerturbation of the true one and is at least the floor; jobs within ±maxJobsPerturbation;
 * the amount within magnitudeFactor × the cell's largest loan (which it is even *told*, cell by
 * cell, to make it stronger) plus rounding; a withheld cell holds 0–9 loans — plus every
 * structural zero (enterprises have no beneficiary group). It is the attacker of issue 7, made
 * as strong as linear bounds reasoning gets.
 */
export const TABLE_DIMENSIONS = ["REGION_LEAGUE", "REGION_COUNTY", "YEAR", "QUARTER", "BORROWER_TYPE", "BENEFICIARY_GROUP", "BANK"] as const;
export type Dim = (typeof TABLE_DIMENSIONS)[number];

export interface Coordinates {
  league?: string | null;
  county?: string | null;
  year?: number | null;
  quarter?: number | null;
  borrowerType?: string | null;
  beneficiaryGroup?: string | null;
  bank?: string | null;
}

export interface PublishedFigures {
  count: number;
  jobs: number;
  /** In fen. */
  amountCents: number;
}

export interface AttackOptions {
  minimumPublishedCount: number;
  maxCountPerturbation: number;
  maxJobsPerturbation: number;
  magnitudeFactor: number;
  /** Published amounts are multiples of this many fen. */
  amountRoundingCents: number;
}

/** Every table shape the API accepts: a region level, a time level, any of the other three; at most 4 dimensions. */
export function allTableShapes(maxDimensions = 4): Dim[][] {
  const shapes: Dim[][] = [];
  for (const region of [[], ["REGION_LEAGUE"], ["REGION_COUNTY"]] as Dim[][]) {
    for (const time of [[], ["YEAR"], ["QUARTER"]] as Dim[][]) {
      for (let mask = 0; mask < 8; mask++) {
        const rest = (["BORROWER_TYPE", "BENEFICIARY_GROUP", "BANK"] as Dim[]).filter((_, i) => mask & (1 << i));
        const dims = [...region, ...time, ...rest];
        if (dims.length <= maxDimensions) shapes.push(dims);
      }
    }
  }
  return shapes;
}

/** The key of a cell within a table of the given dimensions. */
export function keyOf(dims: readonly Dim[], c: Coordinates): string {
  const parts: unknown[] = [];
  for (const d of dims) {
    if (d === "REGION_LEAGUE") parts.push(c.league);
    else if (d === "REGION_COUNTY") parts.push(c.county);
    else if (d === "YEAR") parts.push(c.year);
    else if (d === "QUARTER") parts.push(`${c.year}Q${c.quarter}`);
    else if (d === "BORROWER_TYPE") parts.push(c.borrowerType);
    else if (d === "BENEFICIARY_GROUP") parts.push(c.beneficiaryGroup);
    else parts.push(c.bank);
  }
  return parts.join("|");
}

/** The parent table of `dims` along `d`: d dropped, or a county rolled up to its league, a quarter to its year. */
export function parentShape(dims: readonly Dim[], d: Dim): Dim[] {
  const out = dims.filter((x) => x !== d);
  if (d === "REGION_COUNTY") out.push("REGION_LEAGUE");
  if (d === "QUARTER") out.push("YEAR");
  return TABLE_DIMENSIONS.filter((x) => out.includes(x));
}

/** The public axes of the tables: every value of every dimension (as the API's one-dimension tables list them). */
export interface Axes {
  leagues: string[];
  counties: { county: string; league: string }[];
  years: number[];
  borrowerTypes: string[];
  groups: string[];
  banks: string[];
}

/** Every cell of a table's domain, in the API's order (the last dimension varies fastest). */
export function domainCells(dims: readonly Dim[], axes: Axes): Coordinates[] {
  let out: Coordinates[] = [{ league: null, county: null, year: null, quarter: null, borrowerType: null, beneficiaryGroup: null, bank: null }];
  for (const d of dims) {
    const next: Coordinates[] = [];
    for (const o of out) {
      if (d === "REGION_LEAGUE") for (const league of axes.leagues) next.push({ ...o, league });
      else if (d === "REGION_COUNTY") for (const c of axes.counties) next.push({ ...o, league: c.league, county: c.county });
      else if (d === "YEAR") for (const year of axes.years) next.push({ ...o, year });
      else if (d === "QUARTER") for (const year of axes.years) for (const quarter of [1, 2, 3, 4]) next.push({ ...o, year, quarter });
      else if (d === "BORROWER_TYPE") for (const borrowerType of axes.borrowerTypes) next.push({ ...o, borrowerType });
      else if (d === "BENEFICIARY_GROUP") for (const beneficiaryGroup of axes.groups) next.push({ ...o, beneficiaryGroup });
      else for (const bank of axes.banks) next.push({ ...o, bank });
    }
    out = next;
  }
  return out;
}

/** Every cell of every table, and every `parent = Σ children` relation between them. */
export interface Lattice {
  tables: Map<string, LatticeTable>;
  cells: number;
  parents: Int32Array;
  /** Children of relation r: children[starts[r]] … children[starts[r + 1] - 1]. */
  starts: Int32Array;
  children: Int32Array;
}

interface LatticeTable {
  name: string;
  dims: Dim[];
  cells: Coordinates[];
  keys: string[];
  position: Map<string, number>;
  /** The table's cells are variables offset … offset + cells.length - 1. */
  offset: number;
}

export function buildLattice(shapes: Dim[][], axes: Axes): Lattice {
  const tables = new Map<string, LatticeTable>();
  let n = 0;
  for (const dims of shapes) {
    const cells = domainCells(dims, axes);
    const keys = cells.map((c) => keyOf(dims, c));
    tables.set(dims.join(","), { name: dims.join(","), dims, cells, keys, position: new Map(keys.map((k, i) => [k, i])), offset: n });
    n += cells.length;
  }
  const parents: number[] = [];
  const starts: number[] = [];
  const children: number[] = [];
  for (const t of tables.values()) {
    for (const d of t.dims) {
      const pdims = parentShape(t.dims, d);
      const parent = tables.get(pdims.join(","));
      if (!parent) throw new Error(`no table ${pdims.join(",")}, the parent of ${t.name} along ${d}`);
      const groups = new Map<number, number[]>();
      for (let i = 0; i < t.cells.length; i++) {
        const at = parent.position.get(keyOf(pdims, t.cells[i]!));
        if (at === undefined) throw new Error(`the table ${parent.name} lacks the parent of ${t.name} cell ${t.keys[i]}`);
        const list = groups.get(at);
        if (list) list.push(t.offset + i);
        else groups.set(at, [t.offset + i]);
      }
      for (const [at, list] of groups) {
        parents.push(parent.offset + at);
        starts.push(children.length);
        for (const c of list) children.push(c);
      }
    }
  }
  starts.push(children.length);
  return { tables, cells: n, parents: Int32Array.from(parents), starts: Int32Array.from(starts), children: Int32Array.from(children) };
}

export interface AttackInput {
  /** Per table (its dimensions joined by ","), the published figures of each published cell by key; a cell not there is withheld. */
  published: Map<string, Map<string, PublishedFigures>>;
  /** Per table, each non-empty cell's largest loan in fen (the attacker is told it). */
  maxAmountCents: Map<string, Map<string, number>>;
  /** Cells known to be empty whatever the data (enterprises have no beneficiary group). */
  structuralZero(c: Coordinates): boolean;
  /** Per table, cells the attacker knows exactly (a partner bank's own cells), by key. */
  exact?: Map<string, Map<string, PublishedFigures>>;
  /** Tables nobody publishes (finer than the API's), present only for their relations: a cell not known exactly is anything ≥ 0. */
  unpublished?: Set<string>;
}

export interface AttackResult {
  /** The interval of each measure of a cell: [countLo, countHi, jobsLo, jobsHi, amountLo, amountHi]. */
  interval(dims: readonly Dim[], key: string): number[];
  iterations: number;
}

const MEASURES = 3;

/** Runs the attack on a lattice to a fixpoint. */
export function attack(lattice: Lattice, input: AttackInput, o: AttackOptions): AttackResult {
  const lo = new Float64Array(lattice.cells * MEASURES);
  const hi = new Float64Array(lattice.cells * MEASURES);
  for (const t of lattice.tables.values()) {
    const published = input.published.get(t.name) ?? new Map<string, PublishedFigures>();
    const maxes = input.maxAmountCents.get(t.name) ?? new Map<string, number>();
    const exact = input.exact?.get(t.name);
    for (let i = 0; i < t.cells.length; i++) {
      const v = (t.offset + i) * MEASURES;
      if (input.structuralZero(t.cells[i]!)) continue; // [0, 0]
      const known = exact?.get(t.keys[i]!);
      if (known) {
        lo[v] = hi[v] = known.count;
        lo[v + 1] = hi[v + 1] = known.jobs;
        lo[v + 2] = hi[v + 2] = known.amountCents;
        continue;
      }
      if (input.unpublished?.has(t.name)) {
        hi[v] = hi[v + 1] = hi[v + 2] = Infinity;
        continue;
      }
      const p = published.get(t.keys[i]!);
      if (!p) {
        hi[v] = o.minimumPublishedCount - 1;
        hi[v + 1] = Infinity;
        hi[v + 2] = Infinity;
        continue;
      }
      const slack = o.magnitudeFactor * (maxes.get(t.keys[i]!) ?? 0) + o.amountRoundingCents / 2;
      lo[v] = Math.max(o.minimumPublishedCount, p.count - o.maxCountPerturbation);
      hi[v] = p.count + o.maxCountPerturbation;
      lo[v + 1] = Math.max(0, p.jobs - o.maxJobsPerturbation);
      hi[v + 1] = p.jobs + o.maxJobsPerturbation;
      lo[v + 2] = Math.max(0, Math.ceil(p.amountCents - slack));
      hi[v + 2] = Math.floor(p.amountCents + slack);
    }
  }
  const { parents, starts, children } = lattice;
  let iterations = 0;
  let changed = true;
  while (changed && iterations < 500) {
    changed = false;
    iterations++;
    for (let r = 0; r < parents.length; r++) {
      const from = starts[r]!;
      const to = starts[r + 1]!;
      for (let m = 0; m < MEASURES; m++) {
        const pv = parents[r]! * MEASURES + m;
        let sumLo = 0;
        let sumHi = 0;
        let infinite = 0;
        for (let i = from; i < to; i++) {
          const cv = children[i]! * MEASURES + m;
          sumLo += lo[cv]!;
          if (hi[cv] === Infinity) infinite++;
          else sumHi += hi[cv]!;
        }
        if (sumLo > lo[pv]!) {
          lo[pv] = sumLo;
          changed = true;
        }
        if (infinite === 0 && sumHi < hi[pv]!) {
          hi[pv] = sumHi;
          changed = true;
        }
        const pLo = lo[pv]!;
        const pHi = hi[pv]!;
        for (let i = from; i < to; i++) {
          const cv = children[i]! * MEASURES + m;
          const own = hi[cv] === Infinity;
          // Every measure is whole (counts, jobs, fen): bounds round inwards. Sums taken before
          // this relation's own updates are wider than the current ones, so still sound.
          if (infinite - (own ? 1 : 0) === 0) {
            const newLo = Math.ceil(pLo - (sumHi - (own ? 0 : hi[cv]!)) - 1e-9);
            if (newLo > lo[cv]!) {
              lo[cv] = newLo;
              changed = true;
            }
          }
          const newHi = Math.floor(pHi - (sumLo - lo[cv]!) + 1e-9);
          if (newHi < hi[cv]!) {
            hi[cv] = newHi;
            changed = true;
          }
        }
      }
    }
  }
  return {
    interval(dims, key) {
      const t = lattice.tables.get(dims.join(","));
      const at = t?.position.get(key);
      if (t === undefined || at === undefined) throw new Error(`no cell ${key} in ${dims.join(",")}`);
      const v = (t.offset + at) * MEASURES;
      return [lo[v]!, hi[v]!, lo[v + 1]!, hi[v + 1]!, lo[v + 2]!, hi[v + 2]!];
    },
    iterations,
  };
}
