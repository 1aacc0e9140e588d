// The disclosure attack of test/disclosure.test.ts at benchmark scale: every table shape of the
// loan statistics on the benchmark database (1,000,000 sample loans by default), every
// subtraction across them, and the same attack on noise-free tables as a control. Writes the
// "Disclosure audit" section of BENCHMARKS.md; exits 1 if any cell of 1–9 loans is pinned down.
//
//   npm run audit:disclosure                        (the benchmark database, as for npm run bench)
//   BENCH_DATABASE_URL=postgres://… BENCH_LOANS=… npm run audit:disclosure
//   AUDIT_WRITE=off npm run audit:disclosure        (BENCHMARKS.md untouched)
import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../src/db/client.js";
import { DISCLOSURE_CONTROL } from "../src/disclosure/index.js";
import { allRows, BORROWER_TYPES, loanStatistics, publicMeasures, statisticsDomain, type Dimension } from "../src/services/statistics.js";
import { allTableShapes, attack, buildLattice, keyOf, type AttackOptions, type Dim, type PublishedFigures } from "../test/support/disclosure-attack.js";
import { BENCH_DATABASE_URL, ensureBenchDatabase, prepareBenchDatabase, replaceMarkdownSection } from "./bench-support.js";

/** The SQL of each dimension over the raw loans, named as the attack's coordinates. */
const COLUMNS: Record<Dim, [expression: string, name: string][]> = {
  REGION_LEAGUE: [["league_code", "league"]],
  REGION_COUNTY: [["league_code", "league"], ["county_code", "county"]],
  YEAR: [["cast(extract(year from issued_on) as integer)", "year"]],
  QUARTER: [["cast(extract(year from issued_on) as integer)", "year"], ["cast(extract(quarter from issued_on) as integer)", "quarter"]],
  BORROWER_TYPE: [["cast(borrower_type as text)", "borrowerType"]],
  BENEFICIARY_GROUP: [["coalesce(beneficiary_group_code, 'NONE')", "beneficiaryGroup"]],
  BANK: [["bank_code", "bank"]],
};

if (!(await ensureBenchDatabase())) throw new Error(`no PostgreSQL at ${BENCH_DATABASE_URL}`);
const database = await openDatabase({ url: BENCH_DATABASE_URL, statementTimeoutMs: 3_600_000, poolSize: 2 });
const { loans } = await prepareBenchDatabase(database);
const db = database.db;
const started = performance.now();
const shapes = allTableShapes();
const domain = await statisticsDomain(db);
const axes = { leagues: domain.leagues, counties: domain.counties, years: domain.years, borrowerTypes: [...BORROWER_TYPES], groups: domain.groups, banks: domain.banks };

// What the API publishes (through the same service), and the truth from the raw loans.
const published = new Map<string, Map<string, PublishedFigures>>();
const exact = new Map<string, Map<string, PublishedFigures>>();
const maxAmount = new Map<string, Map<string, number>>();
const truth = new Map<string, Map<string, { count: number; jobs: number; amountCents: number }>>();
for (const dims of shapes) {
  const name = dims.join(",");
  const cells = new Map<string, PublishedFigures>();
  for (const { cell } of allRows(await loanStatistics(db, dims as Dimension[], { disclosure: "PERTURBED" }))) {
    const m = publicMeasures(cell);
    cells.set(keyOf(dims, cell), { count: m.loanCount!, jobs: m.jobsCreated!, amountCents: Number(m.totalAmount!.replace(".", "")) });
  }
  published.set(name, cells);
  const columns = dims.flatMap((d) => COLUMNS[d]);
  const select = columns.map(([expr, as]) => `${expr} as "${as}"`).join(", ");
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql.raw(`select ${select}${select ? ", " : ""}count(*) as n, sum(jobs_created) as jobs, cast(sum(amount) * 100 as text) as cents, cast(max(amount) * 100 as text) as max
             from guarantee_loans${columns.length ? ` group by ${columns.map(([expr]) => expr).join(", ")}` : ""}`),
  );
  const t = new Map<string, { count: number; jobs: number; amountCents: number }>();
  const m = new Map<string, number>();
  const e = new Map<string, PublishedFigures>();
  for (const r of rows) {
    const key = keyOf(dims, { ...r, year: r.year == null ? null : Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) });
    const v = { count: Number(r.n), jobs: Number(r.jobs), amountCents: Number(String(r.cents).split(".")[0]) };
    t.set(key, v);
    m.set(key, Number(String(r.max).split(".")[0]));
    if (cells.has(key)) e.set(key, v);
  }
  truth.set(name, t);
  maxAmount.set(name, m);
  exact.set(name, e);
}
const fetched = performance.now();

const options: AttackOptions = {
  minimumPublishedCount: DISCLOSURE_CONTROL.minimumPublishedCount,
  maxCountPerturbation: DISCLOSURE_CONTROL.maxCountPerturbation,
  maxJobsPerturbation: DISCLOSURE_CONTROL.maxJobsPerturbation,
  magnitudeFactor: Number(DISCLOSURE_CONTROL.magnitudeFactor),
  amountRoundingCents: Number(DISCLOSURE_CONTROL.amountRounding) * 100,
};
const structuralZero = (c: { borrowerType?: string | null; beneficiaryGroup?: string | null }) => c.borrowerType === "SMALL_MICRO_ENTERPRISE" && !!c.beneficiaryGroup && c.beneficiaryGroup !== "NONE";
const lattice = buildLattice(shapes, axes);
const result = attack(lattice, { published, maxAmountCents: maxAmount, structuralZero }, options);
const control = attack(lattice, { published: exact, maxAmountCents: maxAmount, structuralZero }, { ...options, maxCountPerturbation: 0, maxJobsPerturbation: 0, magnitudeFactor: 0, amountRoundingCents: 0 });

let small = 0;
let publishedCells = 0;
let unsound = 0;
const pinned = { count: 0, jobs: 0, amount: 0 };
let controlPinned = 0;
const widths = new Map<number, number>();
for (const dims of shapes) {
  publishedCells += published.get(dims.join(","))!.size;
  for (const [key, v] of truth.get(dims.join(","))!) {
    const [cLo, cHi, jLo, jHi, aLo, aHi] = result.interval(dims, key) as [number, number, number, number, number, number];
    if (v.count < cLo || v.count > cHi || v.jobs < jLo || v.jobs > jHi || v.amountCents < aLo || v.amountCents > aHi) unsound++;
    if (v.count < 1 || v.count > 9) continue;
    small++;
    widths.set(cHi - cLo + 1, (widths.get(cHi - cLo + 1) ?? 0) + 1);
    if (cLo === cHi) pinned.count++;
    if (jLo === jHi) pinned.jobs++;
    if (aHi - aLo < 1) pinned.amount++;
    const [xLo, xHi] = control.interval(dims, key);
    if (xLo === xHi) controlPinned++;
  }
}
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const failed = unsound > 0 || pinned.count + pinned.jobs + pinned.amount > 0;
const lines = [
  "## Disclosure audit",
  "",
  `\`npm run audit:disclosure\` on ${new Date().toISOString().slice(0, 10)}: the attack of test/disclosure.test.ts on ${loans.toLocaleString("en")} sample loans (PostgreSQL) —`,
  `every one of the ${shapes.length} table shapes of \`loanStatistics\`, every \`parent = Σ children\` relation between them`,
  `(${lattice.cells.toLocaleString("en")} cells, ${lattice.parents.length.toLocaleString("en")} relations), narrowed by interval propagation to a fixpoint (${result.iterations} rounds).`,
  "The attacker knows the method's bounds, every structural zero and even each cell's largest loan.",
  "",
  "| | value |",
  "|---|---|",
  `| published cells (10+ loans, perturbed) | ${publishedCells.toLocaleString("en")} |`,
  `| withheld cells holding 1–9 loans | ${small.toLocaleString("en")} |`,
  `| of those, count pinned to one value / jobs / amount | ${pinned.count} / ${pinned.jobs} / ${pinned.amount} |`,
  `| narrowest interval left for such a count | ${Math.min(...widths.keys())} values |`,
  `| cells whose truth fell outside the attacker's interval (must be 0) | ${unsound} |`,
  `| control: the same attack on the same tables without noise pins | ${controlPinned.toLocaleString("en")} counts |`,
  `| time: tables + truth / attack + control | ${seconds(fetched - started)} s / ${seconds(performance.now() - fetched)} s |`,
  "",
  `Intervals left for the counts of 1–9-loan cells (values → cells): ${[...widths.entries()].sort((a, b) => a[0] - b[0]).map(([w, n]) => `${w}: ${n.toLocaleString("en")}`).join(", ")}.`,
  "",
];
console.log(lines.join("\n"));
if (process.env.AUDIT_WRITE !== "off") {
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  writeFileSync(file, replaceMarkdownSection(readFileSync(file, "utf8"), "Disclosure audit", lines.join("\n")));
  console.log("BENCHMARKS.md: ## Disclosure audit written");
}
await database.close();
process.exitCode = failed ? 1 : 0;
