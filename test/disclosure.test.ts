// Disclosure control of loan statistics (the cell key method), attacked as an outsider would:
// every table shape and filter the API accepts, every subtraction across them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/imports/run.js";
import { BASE_DISTRIBUTION, generatePtable, PTABLE_FILE, ptableCsv } from "../src/disclosure/ptable.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";
import { allTableShapes, attack, buildLattice, cellPositions, keyOf, type AttackOptions, type Axes, type Coordinates, type Dim, type Lattice, type PublishedFigures } from "./support/disclosure-attack.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const FIELDS = `leagueCode countyCode year quarter borrowerType beneficiaryGroupCode bankCode disclosure suppressed loanCount totalAmount jobsCreated`;

/** Every row of a statistics query, page by page, and the table's total count. */
async function statistics(groupBy: string[], filterBy: Record<string, unknown> = {}) {
  const nodes: any[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const res: any = await server.gql(
      `query($g: [LoanStatisticsDimension!]!, $f: LoanStatisticsFilter, $a: String) { loanStatistics(groupBy: $g, filterBy: $f, first: 100, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { ${FIELDS} } } }`,
      { g: groupBy, f: filterBy, a: after },
    );
    expect(res.errors, JSON.stringify({ groupBy, filterBy })).toBeUndefined();
    totalCount = res.data.loanStatistics.totalCount;
    nodes.push(...res.data.loanStatistics.nodes);
    if (!res.data.loanStatistics.pageInfo.hasNextPage) return { nodes, totalCount };
    after = res.data.loanStatistics.pageInfo.endCursor;
  }
}

interface Ask {
  groupBy: string[];
  filterBy: Record<string, unknown>;
  /** 1 for just the total count. */
  first?: number;
}

/**
 * Asks many statistics queries at once — up to 20 aliases per request, within the API's limits
 * — following every cursor to the end. Returns each query's rows and total count, in order.
 */
async function statisticsMany(asks: Ask[]): Promise<{ nodes: any[]; totalCount: number }[]> {
  const results = asks.map(() => ({ nodes: [] as any[], totalCount: 0 }));
  let pending = asks.map((ask, i) => ({ ask, i, after: null as string | null }));
  while (pending.length) {
    const next: typeof pending = [];
    for (let start = 0; start < pending.length; start += 20) {
      const chunk = pending.slice(start, start + 20);
      const defs = chunk.map((_, j) => `$g${j}: [LoanStatisticsDimension!]!, $f${j}: LoanStatisticsFilter, $a${j}: String, $n${j}: Int`).join(", ");
      const fields = chunk.map((_, j) => `q${j}: loanStatistics(groupBy: $g${j}, filterBy: $f${j}, first: $n${j}, after: $a${j}) { ...page }`).join(" ");
      const variables: Record<string, unknown> = {};
      chunk.forEach((c, j) => Object.assign(variables, { [`g${j}`]: c.ask.groupBy, [`f${j}`]: c.ask.filterBy, [`a${j}`]: c.after, [`n${j}`]: c.ask.first ?? 100 }));
      const res: any = await server.gql(`query(${defs}) { ${fields} } fragment page on LoanStatisticsConnection { totalCount pageInfo { hasNextPage endCursor } nodes { ${FIELDS} } }`, variables);
      expect(res.errors, JSON.stringify(res.errors?.[0])).toBeUndefined();
      chunk.forEach((c, j) => {
        const page = res.data[`q${j}`];
        results[c.i]!.totalCount = page.totalCount;
        if ((c.ask.first ?? 100) === 1) return;
        results[c.i]!.nodes.push(...page.nodes);
        if (page.pageInfo.hasNextPage) next.push({ ...c, after: page.pageInfo.endCursor });
      });
    }
    pending = next;
  }
  return results;
}

const coordinates = (n: any): Coordinates => ({ league: n.leagueCode, county: n.countyCode, year: n.year, quarter: n.quarter, borrowerType: n.borrowerType, beneficiaryGroup: n.beneficiaryGroupCode, bank: n.bankCode });
const figures = (n: any): PublishedFigures => ({ count: n.loanCount, jobs: n.jobsCreated, amountCents: Number(String(n.totalAmount).replace(".", "")) });

/**
 * The true figures of every cell of a table (in fen) and its largest loan, by the cell's position
 * in its lattice table (LatticeTable.keys' order); empty cells hold zeros.
 */
interface TableTruth {
  keys: string[];
  position(key: string): number | undefined;
  count: Int32Array;
  jobs: Float64Array;
  amountCents: Float64Array;
  maxCents: Float64Array;
}

/**
 * The true figures of every cell of every table, from the raw loans (not the rollups the service
 * reads). Into arrays by the cell's position, a mixed-radix number of its values' positions on the
 * axes (as buildLattice numbers a table's cells), with each loan's positions found once: maps by
 * cell key, with an object a cell, for 68 tables were ≈ 1 s of CPU and much of this test's
 * garbage collection.
 */
async function truthOf(lattice: Lattice, axes: Axes): Promise<Map<string, TableTruth>> {
  const loans = await rows<{ league: string; county: string; year: number; quarter: number; bt: string; grp: string; bank: string; amount: string; jobs: number }>(
    server.database,
    sql`select league_code as league, county_code as county, cast(extract(year from issued_on) as integer) as year, cast(extract(quarter from issued_on) as integer) as quarter,
               cast(borrower_type as text) as bt, coalesce(beneficiary_group_code, 'NONE') as grp, bank_code as bank, cast(amount as text) as amount, jobs_created as jobs
        from guarantee_loans`,
  );
  const coordinates = loans.map((l): Coordinates => ({ league: l.league, county: l.county, year: Number(l.year), quarter: Number(l.quarter), borrowerType: l.bt, beneficiaryGroup: l.grp, bank: l.bank }));
  const positionsIn = cellPositions(axes, coordinates);
  const cents = Float64Array.from(loans, (l) => Number(l.amount.replace(".", "")));
  const jobs = Float64Array.from(loans, (l) => Number(l.jobs));
  const out = new Map<string, TableTruth>();
  for (const { name, dims, keys, cells, position } of lattice.tables.values()) {
    const t: TableTruth = { keys, position, count: new Int32Array(cells.length), jobs: new Float64Array(cells.length), amountCents: new Float64Array(cells.length), maxCents: new Float64Array(cells.length) };
    const at = positionsIn(dims, keys);
    for (let i = 0; i < loans.length; i++) {
      const p = at[i]!;
      t.count[p]!++;
      t.jobs[p]! += jobs[i]!;
      t.amountCents[p]! += cents[i]!;
      t.maxCents[p] = Math.max(t.maxCents[p]!, cents[i]!);
    }
    out.set(name, t);
  }
  return out;
}

/** The public axes, read from the API's one-dimension tables. */
async function axesFromApi(): Promise<Axes> {
  const col = async (dim: string, pick: (n: any) => any) => (await statistics([dim])).nodes.map(pick);
  return {
    leagues: await col("REGION_LEAGUE", (n) => n.leagueCode),
    counties: await col("REGION_COUNTY", (n) => ({ county: n.countyCode, league: n.leagueCode })),
    years: await col("YEAR", (n) => n.year),
    borrowerTypes: await col("BORROWER_TYPE", (n) => n.borrowerType),
    groups: await col("BENEFICIARY_GROUP", (n) => n.beneficiaryGroupCode),
    banks: await col("BANK", (n) => n.bankCode),
  };
}

const ENTERPRISES_HAVE_NO_GROUP = (c: Coordinates) => c.borrowerType === "SMALL_MICRO_ENTERPRISE" && !!c.beneficiaryGroup && c.beneficiaryGroup !== "NONE";

describe("disclosure control of loan statistics", () => {
  it("publishes the method and its whole perturbation table, unbiased and bounded, as committed", async () => {
    expect(readFileSync(PTABLE_FILE, "utf8")).toBe(ptableCsv(generatePtable()));
    const res = await server.gql(`{ disclosureControl { method version minimumPublishedCount maxCountPerturbation maxJobsPerturbation magnitudeFactor amountRounding keyModulus
      perturbationTable { variable original perturbation probability keyFrom keyTo } } }`);
    const d = res.data.disclosureControl;
    expect(d).toMatchObject({ method: "CELL_KEY", version: "cell-key/1", minimumPublishedCount: 10, maxCountPerturbation: 4, maxJobsPerturbation: 4, magnitudeFactor: "0.5", amountRounding: "1", keyModulus: 2 ** 31 });
    expect(d.perturbationTable).toEqual(generatePtable().map((r) => ({ variable: r.variable, original: r.original, perturbation: r.perturbation, probability: (r.partsPer10000 / 10_000).toFixed(4), keyFrom: r.keyFrom, keyTo: r.keyTo })));
    // Away from the floor: mean 0, at most ±4, the row's probabilities sum to 1 and tile every key.
    expect(BASE_DISTRIBUTION.reduce((s, [p, w]) => s + p * w, 0)).toBe(0);
    for (const variable of ["count", "jobs"]) {
      for (const original of new Set(d.perturbationTable.filter((r: any) => r.variable === variable).map((r: any) => r.original))) {
        const row = d.perturbationTable.filter((r: any) => r.variable === variable && r.original === original);
        expect(row.reduce((s: number, r: any) => s + Number(r.probability), 0)).toBeCloseTo(1, 10);
        expect(row[0].keyFrom).toBe(0);
        expect(row.at(-1).keyTo).toBe(2 ** 31);
        for (const r of row) expect(Math.abs(r.perturbation)).toBeLessThanOrEqual(4);
        // Never below the floor: a count is never published under 10, jobs never under 0.
        for (const r of row) expect(Number(original) + r.perturbation).toBeGreaterThanOrEqual(variable === "count" ? 10 : 0);
      }
    }
  });

  it("every table shape and filter: complete tables, exactly the cells of 10+ loans published, the same cell with the same figures everywhere, and no subtraction recovers a withheld cell", { timeout: 600_000 }, async () => {
    const started = performance.now();
    const lap = (what: string) => console.log(`disclosure attack: ${what} at ${Math.round(performance.now() - started)} ms`);
    const shapes = allTableShapes();
    expect(shapes).toHaveLength(68);
    const axes = await axesFromApi();
    expect(axes.years).toEqual([2022, 2023, 2024, 2025]);
    const lattice = buildLattice(shapes, axes);
    const truth = await truthOf(lattice, axes);
    const domainOf = (dims: Dim[]) => lattice.tables.get(dims.join(","))!.cells;

    // 1. Every shape, grouped: the table lists its whole domain, publishes a cell exactly when it
    //    holds 10 or more loans, and every published figure is within the method's bounds.
    const published = new Map<string, Map<string, PublishedFigures>>();
    const maxAmount = new Map<string, Map<string, number>>();
    let withheldSmall = 0;
    const outOfBounds: string[] = [];
    const answers = await statisticsMany(shapes.flatMap((dims) => [{ groupBy: dims, filterBy: { disclosure: "PERTURBED" } }, { groupBy: dims, filterBy: {}, first: 1 }]));
    shapes.forEach((dims, s) => {
      const name = dims.join(",");
      const { nodes, totalCount } = answers[2 * s]!;
      expect(answers[2 * s + 1]!.totalCount, `${name} lists its whole domain`).toBe(domainOf(dims).length);
      const cells = new Map<string, PublishedFigures>();
      for (const n of nodes) cells.set(keyOf(dims, coordinates(n)), figures(n));
      expect(totalCount).toBe(cells.size);
      const t = truth.get(name)!;
      const tenOrMore: string[] = [];
      const maxes = new Map<string, number>();
      for (let p = 0; p < t.count.length; p++) {
        if (t.count[p]! >= 10) tenOrMore.push(t.keys[p]!);
        if (t.count[p]! >= 1 && t.count[p]! <= 9) withheldSmall++;
        if (t.count[p]! > 0) maxes.set(t.keys[p]!, t.maxCents[p]!);
      }
      expect([...cells.keys()].sort(), `${name}: published exactly the cells of 10 or more loans`).toEqual(tenOrMore.sort());
      // Every figure within the method's bounds (collected: one expect per cell is most of the CPU time here).
      for (const [key, f] of cells) {
        const p = t.position(key)!;
        const v = { count: t.count[p]!, jobs: t.jobs[p]!, amountCents: t.amountCents[p]!, maxCents: t.maxCents[p]! };
        if (Math.abs(f.count - v.count) > 4 || Math.abs(f.jobs - v.jobs) > 4 || Math.abs(f.amountCents - v.amountCents) > v.maxCents / 2 + 50) outOfBounds.push(`${name}:${key} ${JSON.stringify({ published: f, truth: v })}`);
      }
      published.set(name, cells);
      maxAmount.set(name, maxes);
    });
    expect(outOfBounds, "published figures outside the method's bounds (count ±4, jobs ±4, amount ±half the largest loan + 0.50)").toEqual([]);
    lap(`${shapes.length} tables fetched`);
    expect(withheldSmall, "the sample must hold many small cells for this test to mean anything").toBeGreaterThan(10_000);

    // 2. Every combination of grouped and filtered dimensions: a filter only selects cells of
    //    the table it implies, with the figures that table has. Filter values come from a small
    //    published cell, so that small cells are among those selected.
    const checks: { dims: Dim[]; variant: Variant }[] = [];
    for (const dims of shapes) {
      const cells = published.get(dims.join(","))!;
      const t = truth.get(dims.join(","))!;
      const countOf = (key: string) => t.count[t.position(key)!]!;
      const sample = [...cells.keys()].sort((a, b) => countOf(a) - countOf(b))[0];
      if (!sample) continue;
      const at = domainOf(dims).find((c) => keyOf(dims, c) === sample)!;
      for (const variant of filterVariants(dims, at)) checks.push({ dims, variant });
    }
    const misplaced: string[] = [];
    const filtered = await statisticsMany(checks.flatMap(({ variant }) => [{ groupBy: variant.groupBy, filterBy: { ...variant.filterBy, disclosure: "PERTURBED" } }, { groupBy: variant.groupBy, filterBy: variant.filterBy, first: 1 }]));
    checks.forEach(({ dims, variant }, i) => {
      const cells = published.get(dims.join(","))!;
      const { nodes, totalCount } = filtered[2 * i]!;
      const expected = domainOf(dims).filter((c) => variant.selects(c));
      expect(filtered[2 * i + 1]!.totalCount).toBe(expected.length);
      const mine = expected.filter((c) => cells.has(keyOf(dims, c)));
      expect(totalCount, JSON.stringify(variant)).toBe(mine.length);
      nodes.forEach((n, j) => {
        // A row names the dimensions grouped by; the filtered ones are the filter's values.
        const c = { ...mine[j]!, ...Object.fromEntries(Object.entries(coordinates(n)).filter(([, v]) => v !== null)) };
        const f = figures(n);
        const want = cells.get(keyOf(dims, c));
        if (keyOf(dims, c) !== keyOf(dims, mine[j]!) || !want || f.count !== want.count || f.jobs !== want.jobs || f.amountCents !== want.amountCents) {
          misplaced.push(`${JSON.stringify(variant)} row ${j}: ${keyOf(dims, c)} ${JSON.stringify(f)}; expected ${keyOf(dims, mine[j]!)} ${JSON.stringify(want)}`);
        }
      });
    });
    expect(misplaced, "filtered rows that are not the grouped table's cell, in its order, with its figures").toEqual([]);
    const combinations = checks.length;
    lap(`${combinations} filter combinations checked`);
    expect(combinations).toBeGreaterThan(300);

    // 3. The attack: every subtraction across every table, chained and intersected.
    const options: AttackOptions = { minimumPublishedCount: 10, maxCountPerturbation: 4, maxJobsPerturbation: 4, magnitudeFactor: 0.5, amountRoundingCents: 100 };
    const result = attack(lattice, { published, maxAmountCents: maxAmount, structuralZero: ENTERPRISES_HAVE_NO_GROUP }, options);
    const recovered: string[] = [];
    const unsound: string[] = [];
    let narrowest = Infinity;
    for (const dims of shapes) {
      const t = truth.get(dims.join(","))!;
      for (let p = 0; p < t.count.length; p++) {
        const count = t.count[p]!;
        if (count === 0) continue;
        const [cLo, cHi, jLo, jHi, aLo, aHi] = result.intervalAt(dims, p) as [number, number, number, number, number, number];
        // Sound: the truth always lies within what the attacker derives (else this attacker is wrong).
        if (!(count >= cLo && count <= cHi && t.jobs[p]! >= jLo && t.jobs[p]! <= jHi && t.amountCents[p]! >= aLo && t.amountCents[p]! <= aHi)) unsound.push(`${dims}:${t.keys[p]}`);
        if (count >= 1 && count <= 9) {
          narrowest = Math.min(narrowest, cHi - cLo);
          if (cLo === cHi || jLo === jHi || aHi - aLo < 1) recovered.push(`${dims.join(",")}:${t.keys[p]}`);
        }
      }
    }
    lap(`attack: ${lattice.cells} cells, ${lattice.parents.length} relations, ${result.iterations} rounds`);
    expect(unsound, "cells whose true figures lie outside what the attacker derives (the attacker would be wrong)").toEqual([]);
    expect(recovered, "cells of 1–9 loans whose count, jobs or amount the attack pins down").toEqual([]);
    expect(narrowest).toBeGreaterThanOrEqual(1);

    // 4. The same attack on the same tables published without noise pins thousands of withheld
    //    cells: it is strong enough that its failure above means something.
    const exact = new Map<string, Map<string, PublishedFigures>>();
    for (const dims of shapes) {
      const t = truth.get(dims.join(","))!;
      exact.set(dims.join(","), new Map([...published.get(dims.join(","))!.keys()].map((k) => {
        const p = t.position(k)!;
        return [k, { count: t.count[p]!, jobs: t.jobs[p]!, amountCents: t.amountCents[p]! }];
      })));
    }
    const control = attack(lattice, { published: exact, maxAmountCents: maxAmount, structuralZero: ENTERPRISES_HAVE_NO_GROUP }, { ...options, maxCountPerturbation: 0, maxJobsPerturbation: 0, magnitudeFactor: 0, amountRoundingCents: 0 });
    let pinned = 0;
    for (const dims of shapes) {
      const { count } = truth.get(dims.join(","))!;
      for (let p = 0; p < count.length; p++) {
        if (count[p]! < 1 || count[p]! > 9) continue;
        const [cLo, cHi] = control.intervalAt(dims, p);
        if (cLo === cHi) pinned++;
      }
    }
    lap(`control attack pinned ${pinned} cells`);
    expect(pinned).toBeGreaterThan(1_000);
  });

  // Last in this file: an official import replaces the sample loans.
  it("gives every loan its record key once: an import that changes a loan keeps its key, and the published cell moves with the data only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chuangye-keys-"));
    const file = join(dir, "loans.csv");
    const header = "bank_code,loan_ref,county_code,borrower_type,beneficiary_group,amount,term_months,annual_rate,counter_guarantee_waived,issued_on,status,jobs_created";
    const loan = (ref: string, amount: string) => `abc-nmg,${ref},150102,INDIVIDUAL,VETERANS,${amount},36,0.0385,true,2024-03-05,ACTIVE,2`;
    const keys = () => rows<{ ref: string; key: number }>(server.database, sql`select loan_ref as ref, record_key as key from guarantee_loans where loan_ref like 'KEY-%' order by loan_ref`);
    writeFileSync(file, [header, ...Array.from({ length: 12 }, (_, i) => loan(`KEY-${String(i).padStart(2, "0")}`, "50000.00"))].join("\n") + "\n");
    expect((await importFile(server.database, "guarantee-loans", file)).committed).toBe(true);
    const before = await keys();
    expect(before).toHaveLength(12);
    // Drawn at random on the server, each in [0, 2^31).
    expect(new Set(before.map((k) => k.key)).size).toBe(12);
    for (const { key } of before) expect(key >= 0 && key < 2 ** 31).toBe(true);
    const cell = async () => (await server.gql(`{ loanStatistics(groupBy: [], filterBy: { regionCode: "150102" }, first: 1) { nodes { disclosure loanCount totalAmount } } }`)).data.loanStatistics.nodes[0];
    const first = await cell();
    expect(first.disclosure).toBe("PERTURBED");
    // The same file again changes nothing; a changed amount keeps every key.
    writeFileSync(file, [header, ...Array.from({ length: 12 }, (_, i) => loan(`KEY-${String(i).padStart(2, "0")}`, i === 0 ? "60000.00" : "50000.00"))].join("\n") + "\n");
    expect((await importFile(server.database, "guarantee-loans", file)).committed).toBe(true);
    expect(await keys()).toEqual(before);
    const second = await cell();
    // Same loans, same key: the count keeps its perturbation; only the amount follows the data.
    expect(second.loanCount).toBe(first.loanCount);
    expect(Math.abs(Number(second.totalAmount) - 610_000)).toBeLessThanOrEqual(30_000.5);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** One page, for a table's total count. */
async function statisticsPage(groupBy: string[], filterBy: Record<string, unknown>) {
  const res: any = await server.gql(`query($g: [LoanStatisticsDimension!]!, $f: LoanStatisticsFilter) { loanStatistics(groupBy: $g, filterBy: $f, first: 1) { totalCount } }`, { g: groupBy, f: filterBy });
  expect(res.errors).toBeUndefined();
  return res.data.loanStatistics as { totalCount: number };
}

interface Variant {
  groupBy: Dim[];
  filterBy: Record<string, unknown>;
  selects(c: Coordinates): boolean;
}

/**
 * Every way of asking for cells of the table `dims` with some of its dimensions as filters
 * (at the values of the cell `at`) instead of groupings: a league or county by `regionCode`,
 * a year by `year` (also under QUARTER), a county's league under REGION_COUNTY, a type, group
 * or bank by its filter.
 */
function filterVariants(dims: Dim[], at: Coordinates): Variant[] {
  type Option = { group: Dim[]; filter: Record<string, unknown>; selects: (c: Coordinates) => boolean };
  const options: Option[][] = dims.map((d) => {
    const grouped: Option = { group: [d], filter: {}, selects: () => true };
    switch (d) {
      case "REGION_LEAGUE":
        return [grouped, { group: [], filter: { regionCode: at.league }, selects: (c) => c.league === at.league }];
      case "REGION_COUNTY":
        return [
          grouped,
          { group: [], filter: { regionCode: at.county }, selects: (c) => c.county === at.county },
          { group: ["REGION_COUNTY"], filter: { regionCode: at.league }, selects: (c) => c.league === at.league },
        ];
      case "YEAR":
        return [grouped, { group: [], filter: { year: at.year }, selects: (c) => c.year === at.year }];
      case "QUARTER":
        return [grouped, { group: ["QUARTER"], filter: { year: at.year }, selects: (c) => c.year === at.year }];
      case "BORROWER_TYPE":
        return [grouped, { group: [], filter: { borrowerType: at.borrowerType }, selects: (c) => c.borrowerType === at.borrowerType }];
      case "BENEFICIARY_GROUP":
        return [grouped, { group: [], filter: { beneficiaryGroup: at.beneficiaryGroup }, selects: (c) => c.beneficiaryGroup === at.beneficiaryGroup }];
      case "BANK":
        return [grouped, { group: [], filter: { bankCode: at.bank }, selects: (c) => c.bank === at.bank }];
    }
  });
  let combos: Option[][] = [[]];
  for (const list of options) combos = combos.flatMap((prefix) => list.map((o) => [...prefix, o]));
  return combos
    .filter((combo) => combo.some((o) => Object.keys(o.filter).length > 0))
    .map((combo) => ({
      groupBy: combo.flatMap((o) => o.group),
      filterBy: Object.assign({}, ...combo.map((o) => o.filter)),
      selects: (c: Coordinates) => combo.every((o) => o.selects(c)),
    }));
}
