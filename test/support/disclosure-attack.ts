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

/** The key of a cell within a table of the given dimensions: its values joined by "|" (a missing one is empty). */
export function keyOf(dims: readonly Dim[], c: Coordinates): string {
  // Called millions of times per test: one string built in place, no array to join.
  let key = "";
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    let v: unknown;
    if (d === "REGION_LEAGUE") v = c.league;
    else if (d === "REGION_COUNTY") v = c.county;
    else if (d === "YEAR") v = c.year;
    else if (d === "QUARTER") v = `${c.year}Q${c.quarter}`;
    else if (d === "BORROWER_TYPE") v = c.borrowerType;
    else if (d === "BENEFICIARY_GROUP") v = c.beneficiaryGroup;
    else v = c.bank;
    key += (i === 0 ? "" : "|") + (v == null ? "" : String(v));
  }
  return key;
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
  /** The position of the cell with this key, if the table has one. */
  position(key: string): number | undefined;
  /** The table's cells are variables offset … offset + cells.length - 1. */
  offset: number;
}

/** How many values a dimension takes in a table's domain (QUARTER: each year's four). */
function axisSize(d: Dim, axes: Axes): number {
  if (d === "REGION_LEAGUE") return axes.leagues.length;
  if (d === "REGION_COUNTY") return axes.counties.length;
  if (d === "YEAR") return axes.years.length;
  if (d === "QUARTER") return axes.years.length * 4;
  if (d === "BORROWER_TYPE") return axes.borrowerTypes.length;
  if (d === "BENEFICIARY_GROUP") return axes.groups.length;
  return axes.banks.length;
}

/**
 * Where each of `coordinates` (loans, say) falls in any table: `positionsIn(dims, keys)` gives, a
 * coordinate each, the position of its cell in the table of `dims` — the mixed-radix number
 * buildLattice numbers a table's cells by — with each coordinate's position on every axis found
 * once, up front. Truths summed into arrays by these positions instead of maps by cell key were
 * ≈ 1–2 s less CPU an attack test. Three coordinates a table are checked against their cell's key
 * (`keys`, the table's): a wrong position would make every figure some other cell's.
 */
export function cellPositions(axes: Axes, coordinates: readonly Coordinates[]): (dims: readonly Dim[], keys: readonly string[]) => Int32Array {
  const onAxis = <T,>(what: string, values: T[]) => {
    const index = new Map(values.map((v, i) => [v, i]));
    return (v: T) => {
      const i = index.get(v);
      if (i === undefined) throw new Error(`${what} ${String(v)} of a loan is not among the API's ${what} values`);
      return i;
    };
  };
  const leagueAt = onAxis("league", axes.leagues);
  const countyAt = onAxis("county", axes.counties.map((c) => c.county));
  const yearAt = onAxis("year", axes.years);
  const borrowerTypeAt = onAxis("borrower type", axes.borrowerTypes);
  const groupAt = onAxis("beneficiary group", axes.groups);
  const bankAt = onAxis("bank", axes.banks);
  const digits: Record<Dim, Int32Array> = {
    REGION_LEAGUE: Int32Array.from(coordinates, (c) => leagueAt(c.league!)),
    REGION_COUNTY: Int32Array.from(coordinates, (c) => countyAt(c.county!)),
    YEAR: Int32Array.from(coordinates, (c) => yearAt(c.year!)),
    QUARTER: Int32Array.from(coordinates, (c) => yearAt(c.year!) * 4 + c.quarter! - 1),
    BORROWER_TYPE: Int32Array.from(coordinates, (c) => borrowerTypeAt(c.borrowerType!)),
    BENEFICIARY_GROUP: Int32Array.from(coordinates, (c) => groupAt(c.beneficiaryGroup!)),
    BANK: Int32Array.from(coordinates, (c) => bankAt(c.bank!)),
  };
  return (dims, keys) => {
    const columns = dims.map((d) => digits[d]);
    const sizes = dims.map((d) => axisSize(d, axes));
    const at = new Int32Array(coordinates.length);
    for (let i = 0; i < coordinates.length; i++) {
      let p = 0;
      for (let k = 0; k < columns.length; k++) p = p * sizes[k]! + columns[k]![i]!;
      at[i] = p;
    }
    for (const i of coordinates.length ? [0, coordinates.length >> 1, coordinates.length - 1] : []) {
      const key = keyOf(dims, coordinates[i]!);
      if (keys[at[i]!] !== key) throw new Error(`${dims.join(",")}: coordinate ${i} is at ${keys[at[i]!]}, not ${key}`);
    }
    return at;
  };
}

export function buildLattice(shapes: Dim[][], axes: Axes): Lattice {
  const tables = new Map<string, LatticeTable>();
  let n = 0;
  // A key's position is read from its values' positions on their axes (a map of a million keys
  // took most of the time of building the lattice), and checked against the key at that position.
  const valueIndex = new Map(TABLE_DIMENSIONS.map((d) => [d, new Map(domainCells([d], axes).map((c, i) => [keyOf([d], c), i]))] as const));
  for (const dims of shapes) {
    const cells = domainCells(dims, axes);
    const keys = cells.map((c) => keyOf(dims, c));
    const sizes = dims.map((d) => axisSize(d, axes));
    const position = (key: string): number | undefined => {
      const values = dims.length === 0 ? [] : key.split("|");
      if (values.length !== dims.length) return undefined;
      let at = 0;
      for (let i = 0; i < dims.length; i++) {
        const digit = valueIndex.get(dims[i]!)!.get(values[i]!);
        if (digit === undefined) return undefined;
        at = at * sizes[i]! + digit;
      }
      return keys[at] === key ? at : undefined;
    };
    tables.set(dims.join(","), { name: dims.join(","), dims, cells, keys, position, offset: n });
    n += cells.length;
  }
  // A cell's position in its table is a mixed-radix number of its values' positions on their
  // axes, the last dimension varying fastest (domainCells' order): its parent along a dimension
  // follows by arithmetic — that digit dropped, a county's turned into its league's, a
  // quarter's into its year's — instead of building and looking up the parent's key. The
  // relations come out in the order a lookup by key gave them: by the parent's first child.
  const leagueOfCounty = axes.counties.map((c) => axes.leagues.indexOf(c.league));
  let relationBound = 0;
  let childCount = 0;
  for (const t of tables.values()) {
    for (const d of t.dims) relationBound += tables.get(parentShape(t.dims, d).join(","))?.cells.length ?? 0;
    childCount += t.cells.length * t.dims.length;
  }
  const parents = new Int32Array(relationBound);
  const starts = new Int32Array(relationBound + 1);
  const children = new Int32Array(childCount);
  let relations = 0;
  let filled = 0;
  for (const t of tables.values()) {
    const k = t.dims.length;
    const sizes = t.dims.map((d) => axisSize(d, axes));
    for (let j = 0; j < k; j++) {
      const d = t.dims[j]!;
      const pdims = parentShape(t.dims, d);
      const parent = tables.get(pdims.join(","));
      if (!parent) throw new Error(`no table ${pdims.join(",")}, the parent of ${t.name} along ${d}`);
      // The parent's digits are this table's, in the same order, with digit j mapped or dropped.
      const keep = d === "REGION_COUNTY" || d === "QUARTER";
      const digitsOfParent = keep ? t.dims.map((x, i) => (i !== j ? x : d === "QUARTER" ? "YEAR" : "REGION_LEAGUE")) : t.dims.filter((_, i) => i !== j);
      if (digitsOfParent.join(",") !== pdims.join(",")) throw new Error(`the dimensions of ${t.name} are not in the order of TABLE_DIMENSIONS`);
      // What digit i of a cell is worth in its parent's position (0 for the dropped one).
      const weight = new Array<number>(k).fill(0);
      for (let i = k - 1, w = 1; i >= 0; i--) {
        if (i === j && !keep) continue;
        weight[i] = w;
        w *= i === j ? (d === "QUARTER" ? sizes[i]! / 4 : axes.leagues.length) : sizes[i]!;
      }
      // Each cell's parent, counting an odometer of its digits.
      const parentOf = new Int32Array(t.cells.length);
      const digits = new Array<number>(k).fill(0);
      for (let i = 0; i < t.cells.length; i++) {
        let at = 0;
        for (let x = 0; x < k; x++) {
          if (x !== j) at += digits[x]! * weight[x]!;
          else if (keep) {
            const mapped = d === "QUARTER" ? Math.floor(digits[x]! / 4) : leagueOfCounty[digits[x]!]!;
            if (mapped < 0) throw new Error(`the table ${parent.name} lacks the parent of ${t.name} cell ${t.keys[i]}`);
            at += mapped * weight[x]!;
          }
        }
        parentOf[i] = at;
        for (let x = k - 1; x >= 0 && ++digits[x]! === sizes[x]!; x--) digits[x] = 0;
      }
      // Group the cells by parent (counting sort), parents in order of their first child.
      const relationOf = new Int32Array(parent.cells.length).fill(-1);
      const first = relations;
      for (let i = 0; i < t.cells.length; i++) {
        if (relationOf[parentOf[i]!] === -1) {
          relationOf[parentOf[i]!] = relations;
          parents[relations++] = parent.offset + parentOf[i]!;
        }
        starts[relationOf[parentOf[i]!]! + 1]!++;
      }
      starts[first] = filled;
      for (let r = first; r < relations; r++) starts[r + 1]! += starts[r]!;
      const next = starts.slice(first, relations);
      for (let i = 0; i < t.cells.length; i++) children[next[relationOf[parentOf[i]!]! - first]!++] = t.offset + i;
      filled = starts[relations]!;
    }
  }
  return { tables, cells: n, parents: parents.slice(0, relations), starts: starts.slice(0, relations + 1), children };
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
  /** The same by the cell's position in its table (LatticeTable.keys' order), for callers that walk a table by position: no key to parse. */
  intervalAt(dims: readonly Dim[], position: number): number[];
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
  // The relations each cell is in (as the parent or a child), so that a round visits only the
  // relations one of whose cells changed since they were last visited: visiting any other is a
  // no-op, so the rounds make exactly the changes, in the same order, that visiting every
  // relation every round made — and the result and the number of rounds are the same.
  const relationCount = parents.length;
  const memberships = new Int32Array(lattice.cells + 1);
  for (let r = 0; r < relationCount; r++) {
    memberships[parents[r]! + 1]!++;
    for (let i = starts[r]!; i < starts[r + 1]!; i++) memberships[children[i]! + 1]!++;
  }
  for (let c = 0; c < lattice.cells; c++) memberships[c + 1]! += memberships[c]!;
  const relationsOf = new Int32Array(memberships[lattice.cells]!);
  const filled = memberships.slice(0, lattice.cells);
  for (let r = 0; r < relationCount; r++) {
    relationsOf[filled[parents[r]!]!++] = r;
    for (let i = starts[r]!; i < starts[r + 1]!; i++) relationsOf[filled[children[i]!]!++] = r;
  }
  const dirty = new Uint8Array(relationCount).fill(1);
  const touch = (cell: number) => {
    for (let k = memberships[cell]!; k < memberships[cell + 1]!; k++) dirty[relationsOf[k]!] = 1;
  };
  let iterations = 0;
  let changed = true;
  while (changed && iterations < 500) {
    changed = false;
    iterations++;
    for (let r = 0; r < relationCount; r++) {
      if (!dirty[r]) continue;
      dirty[r] = 0;
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
          touch(parents[r]!);
        }
        if (infinite === 0 && sumHi < hi[pv]!) {
          hi[pv] = sumHi;
          changed = true;
          touch(parents[r]!);
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
              touch(children[i]!);
            }
          }
          const newHi = Math.floor(pHi - (sumLo - lo[cv]!) + 1e-9);
          if (newHi < hi[cv]!) {
            hi[cv] = newHi;
            changed = true;
            touch(children[i]!);
          }
        }
      }
    }
  }
  return {
    interval(dims, key) {
      const t = lattice.tables.get(dims.join(","));
      const at = t?.position(key);
      if (t === undefined || at === undefined) throw new Error(`no cell ${key} in ${dims.join(",")}`);
      const v = (t.offset + at) * MEASURES;
      return [lo[v]!, hi[v]!, lo[v + 1]!, hi[v + 1]!, lo[v + 2]!, hi[v + 2]!];
    },
    intervalAt(dims, position) {
      const t = lattice.tables.get(dims.join(","));
      if (t === undefined || !Number.isInteger(position) || position < 0 || position >= t.cells.length) throw new Error(`no cell at ${position} in ${dims.join(",")}`);
      const v = (t.offset + position) * MEASURES;
      return [lo[v]!, hi[v]!, lo[v + 1]!, hi[v + 1]!, lo[v + 2]!, hi[v + 2]!];
    },
    iterations,
  };
}
