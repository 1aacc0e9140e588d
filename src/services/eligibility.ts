/**
 * Eligibility as data, and the engine over it. One function decides how an instrument is open
 * to a group (`groupMatch`) and one evaluates a profile (`evaluate`); the group filters of the
 * API (`supportInstruments(filterBy: { beneficiaryGroup })`, `measures(filterBy: …)`,
 * `BeneficiaryGroup.supportInstruments`) call the first, the engine both — so a filter can never
 * promise what the engine would refuse.
 */
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { instrumentCriteria, minimumWages, regions, supportInstruments, type InstrumentCriterionRow, type MinimumWageRow, type SupportInstrumentRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

export type Criterion = InstrumentCriterionRow;
export type Outcome = "MET" | "NOT_MET" | "UNKNOWN";
export type Match = "NAMED" | "CONDITIONAL" | "OPEN";

export function criteriaByInstrumentCodes(db: Db, codes: readonly string[]) {
  return db.select().from(instrumentCriteria).where(inArray(instrumentCriteria.instrumentCode, [...codes])).orderBy(asc(instrumentCriteria.ordinal));
}

/** Every instrument with its criteria, in document order: the whole rule book is small (≈ 40 × 3). */
export async function loadRuleBook(db: Db): Promise<{ instrument: SupportInstrumentRow; criteria: Criterion[] }[]> {
  const [instruments, criteria] = await Promise.all([
    db.select().from(supportInstruments).orderBy(asc(supportInstruments.ordinal)),
    db.select().from(instrumentCriteria).orderBy(asc(instrumentCriteria.instrumentCode), asc(instrumentCriteria.ordinal)),
  ]);
  const by = new Map<string, Criterion[]>();
  for (const c of criteria) (by.get(c.instrumentCode) ?? by.set(c.instrumentCode, []).get(c.instrumentCode)!).push(c);
  return instruments.map((instrument) => ({ instrument, criteria: by.get(instrument.code) ?? [] }));
}

/**
 * How an instrument is open to the people of one group, or null when it is not: instruments for
 * persons only (base operators, institutions and governments are not people of a group); named
 * groups as the document names them, with the group's own qualifiers (CONDITIONAL); instruments
 * naming no group are OPEN — never silently dropped.
 */
export function groupMatch(instrument: Pick<SupportInstrumentRow, "audiences">, criteria: Criterion[], group: string): { match: Match; qualifiers: Criterion[] } | null {
  if (!instrument.audiences.includes("INDIVIDUAL")) return null;
  const named = criteria.filter((c) => c.kind === "BENEFICIARY_GROUP");
  if (named.length === 0) return { match: "OPEN", qualifiers: [] };
  if (!named.some((c) => c.groupCode === group)) return null;
  const qualifiers = criteria.filter((c) => c.appliesToGroup === group);
  return { match: qualifiers.length ? "CONDITIONAL" : "NAMED", qualifiers };
}


export interface Profile {
  applicant: SupportInstrumentRow["audiences"][number];
  groups: string[];
  regionCode: string | null;
  monthsSinceLeavingSchool: number | null;
  employed: boolean | null;
  registeredUnemployed: boolean | null;
  inGraduatingYear: boolean | null;
  returningHome: boolean | null;
  firstTimeFounder: boolean | null;
  monthsOperating: number | null;
  employsOthers: boolean | null;
  filesTaxes: boolean | null;
  monthsSinceInternship: number | null;
  businessType: string | null;
  sector: string | null;
  loanAmount: string | null;
  roles: string[];
  receivedInstruments: string[];
  asOf: string;
}

export interface Check {
  criterion: Criterion;
  outcome: Outcome;
  explanation: string;
}

const yesNo = (value: boolean | null, what: string): [Outcome, string] =>
  value === null ? ["UNKNOWN", `the profile does not say whether ${what}`] : value ? ["MET", `${what}: yes`] : ["NOT_MET", `${what}: no`];

/** One criterion against a profile; `ancestors` are the profile region's codes up to 150000. */
function check(c: Criterion, p: Profile, ancestors: string[]): Check {
  const r = (outcome: Outcome, explanation: string): Check => ({ criterion: c, outcome, explanation });
  switch (c.kind) {
    case "BENEFICIARY_GROUP":
      return p.groups.includes(c.groupCode!) ? r("MET", `belongs to ${c.groupCode}`) : r("NOT_MET", `not in ${c.groupCode}`);
    case "MAX_MONTHS_SINCE_LEAVING_SCHOOL":
      if (p.monthsSinceLeavingSchool === null) return r("UNKNOWN", "the profile does not say how long since leaving school");
      return p.monthsSinceLeavingSchool <= c.months! ? r("MET", `${p.monthsSinceLeavingSchool} months since leaving school ≤ ${c.months}`) : r("NOT_MET", `${p.monthsSinceLeavingSchool} months since leaving school > ${c.months}`);
    case "NOT_EMPLOYED":
      return p.employed === null ? r("UNKNOWN", "the profile does not say whether the person is employed") : p.employed ? r("NOT_MET", "employed") : r("MET", "not employed");
    case "IN_GRADUATING_YEAR":
      return r(...yesNo(p.inGraduatingYear, "in the graduating year"));
    case "RETURNING_HOME":
      return r(...yesNo(p.returningHome, "starting the business back home"));
    case "FIRST_TIME_FOUNDER":
      return r(...yesNo(p.firstTimeFounder, "a first business"));
    case "EMPLOYS_OTHERS":
      return r(...yesNo(p.employsOthers, "employs other workers"));
    case "FILES_TAXES":
      return r(...yesNo(p.filesTaxes, "files taxes normally"));
    case "MIN_MONTHS_OPERATING":
      if (p.monthsOperating === null) return r("UNKNOWN", `the profile does not say how long the business has operated (at least ${c.months} months needed)`);
      return p.monthsOperating >= c.months! ? r("MET", `operating ${p.monthsOperating} months ≥ ${c.months}`) : r("NOT_MET", `operating ${p.monthsOperating} months < ${c.months}`);
    case "MAX_MONTHS_AFTER_INTERNSHIP":
      if (p.monthsSinceInternship === null) return r("UNKNOWN", `the profile names no internship + incubation placement (business started within ${c.months} months of one)`);
      return p.monthsSinceInternship <= c.months! ? r("MET", `started ${p.monthsSinceInternship} months after the placement ≤ ${c.months}`) : r("NOT_MET", `started ${p.monthsSinceInternship} months after the placement > ${c.months}`);
    case "BUSINESS_TYPE":
      if (p.businessType === null) return r("UNKNOWN", `the profile names no business type (${c.values.join(" or ")} needed)`);
      return c.values.includes(p.businessType) ? r("MET", `business type ${p.businessType}`) : r("NOT_MET", `business type ${p.businessType}, not ${c.values.join(" or ")}`);
    case "SECTOR":
      if (p.sector === null) return r("UNKNOWN", "the profile names no sector");
      return c.values.includes(p.sector) ? r("MET", `sector ${p.sector}`) : r("NOT_MET", `sector ${p.sector} is not one of those named`);
    case "LOCATION":
      if (p.regionCode === null) return r("UNKNOWN", `the profile names no region (${c.values.join(", ")} needed)`);
      return c.values.some((v) => ancestors.includes(v)) ? r("MET", `region ${p.regionCode} lies in ${c.values.filter((v) => ancestors.includes(v)).join(", ")}`) : r("NOT_MET", `region ${p.regionCode} lies outside ${c.values.join(", ")}`);
    case "MAX_LOAN_AMOUNT":
      if (p.loanAmount === null) return r("UNKNOWN", "the profile names no loan amount");
      return Number(p.loanAmount) <= Number(c.amount) ? r("MET", `loan ${p.loanAmount} ≤ ${c.amount}`) : r("NOT_MET", `loan ${p.loanAmount} > ${c.amount}`);
    case "ROLE":
      return c.values.some((v) => p.roles.includes(v)) ? r("MET", `role ${c.values.filter((v) => p.roles.includes(v)).join(", ")}`) : r("NOT_MET", `not ${c.values.join(" or ")}`);
    case "EXCLUSIVE_WITH": {
      const drawn = c.values.filter((v) => p.receivedInstruments.includes(v));
      return drawn.length ? r("NOT_MET", `already drew ${drawn.join(", ")}`) : r("MET", `has not drawn ${c.values.join(", ")} (the two cannot be combined)`);
    }
    case "OTHER":
      return r("UNKNOWN", "to be judged by the office");
  }
}

const combine = (outcomes: Outcome[], any: boolean): Outcome =>
  any
    ? outcomes.includes("MET") ? "MET" : outcomes.includes("UNKNOWN") ? "UNKNOWN" : "NOT_MET"
    : outcomes.includes("NOT_MET") ? "NOT_MET" : outcomes.includes("UNKNOWN") ? "UNKNOWN" : "MET";

export interface Verdict {
  instrument: SupportInstrumentRow;
  status: "ELIGIBLE" | "CONDITIONAL" | "NOT_ELIGIBLE";
  groupMatch: Match | null;
  viaGroups: string[];
  met: Check[];
  toShow: Check[];
  failed: Check[];
}

/**
 * An instrument against a profile. Audience first (a person is not a base operator; a person who
 * names a business type is also asked about as that business). Groups are alternatives, each
 * together with its own qualifiers; `anyOf` sets are alternatives; every other criterion is
 * required. Any failure excludes; anything unknown makes the verdict CONDITIONAL.
 */
export function evaluate(instrument: SupportInstrumentRow, criteria: Criterion[], p: Profile, ancestors: string[]): Verdict | null {
  const asBusiness = p.applicant === "INDIVIDUAL" && p.businessType !== null && instrument.audiences.includes("ENTERPRISE");
  if (!instrument.audiences.includes(p.applicant) && !asBusiness) return null;
  const people = p.applicant === "INDIVIDUAL" || p.applicant === "ENTERPRISE";
  const checks = new Map<Criterion, Check>();
  const outcomes: Outcome[] = [];
  const named = criteria.filter((c) => c.kind === "BENEFICIARY_GROUP");
  let viaGroups: string[] = [];
  let match: Match | null = null;
  if (people && named.length) {
    // Per group: the group itself and its qualifiers; the best group decides.
    const perGroup = named.map((g) => {
      const own = [g, ...criteria.filter((c) => c.appliesToGroup === g.groupCode)].map((c) => check(c, p, ancestors));
      return { g, own, outcome: combine(own.map((c) => c.outcome), false) };
    });
    const overall = combine(perGroup.map((x) => x.outcome), true);
    outcomes.push(overall);
    const chosen = perGroup.filter((x) => x.outcome === overall);
    for (const x of overall === "NOT_MET" ? perGroup.filter((y) => y.own[0]!.outcome === "MET") : chosen) for (const c of x.own) checks.set(c.criterion, c);
    if (overall === "NOT_MET" && checks.size === 0) checks.set(named[0]!, { criterion: named[0]!, outcome: "NOT_MET", explanation: `in none of the groups named (${named.map((c) => c.groupCode).join(", ")})` });
    viaGroups = overall === "NOT_MET" ? [] : [...new Set(chosen.map((x) => x.g.groupCode!))];
    match = viaGroups.length ? (chosen.some((x) => x.own.length === 1) ? "NAMED" : "CONDITIONAL") : null;
  } else if (people) {
    match = "OPEN";
  }
  const rest = criteria.filter((c) => c.kind !== "BENEFICIARY_GROUP" && !c.appliesToGroup);
  const sets = new Map<string, Criterion[]>();
  for (const c of rest) {
    if (c.anyOf) (sets.get(c.anyOf) ?? sets.set(c.anyOf, []).get(c.anyOf)!).push(c);
    else {
      const k = check(c, p, ancestors);
      checks.set(c, k);
      outcomes.push(k.outcome);
    }
  }
  for (const members of sets.values()) {
    const ks = members.map((c) => check(c, p, ancestors));
    const o = combine(ks.map((k) => k.outcome), true);
    outcomes.push(o);
    for (const k of o === "MET" ? ks.filter((x) => x.outcome === "MET") : ks) checks.set(k.criterion, k);
  }
  const status = combine(outcomes, false);
  const list = [...checks.values()].sort((a, b) => a.criterion.ordinal - b.criterion.ordinal);
  return {
    instrument,
    status: status === "MET" ? "ELIGIBLE" : status === "UNKNOWN" ? "CONDITIONAL" : "NOT_ELIGIBLE",
    groupMatch: status === "NOT_MET" ? null : match,
    viaGroups,
    met: list.filter((c) => c.outcome === "MET"),
    toShow: list.filter((c) => c.outcome === "UNKNOWN"),
    failed: list.filter((c) => c.outcome === "NOT_MET"),
  };
}

/** The region's codes from itself up to 150000 (a county, its league, the region). */
export async function regionAncestors(db: Db, code: string | null): Promise<string[]> {
  const out: string[] = [];
  let current = code;
  while (current) {
    const [row] = await db.select({ code: regions.code, parent: regions.parentCode }).from(regions).where(eq(regions.code, current));
    if (!row) break;
    out.push(row.code);
    current = row.parent;
  }
  return out;
}

/**
 * The class-I minimum wage in force on `asOf` for a league: the league's own figure if one was
 * imported, else the autonomous region's; null when none has been imported.
 */
export async function classIMinimumWages(db: Db, asOf: string): Promise<MinimumWageRow[]> {
  // Latest row per region in force on the day.
  return db
    .selectDistinctOn([minimumWages.regionCode])
    .from(minimumWages)
    .where(and(eq(minimumWages.wageClass, "I"), lte(minimumWages.effectiveFrom, asOf)))
    .orderBy(minimumWages.regionCode, desc(minimumWages.effectiveFrom));
}

export function wageForLeague(wages: MinimumWageRow[], leagueCode: string | null): MinimumWageRow | null {
  return (leagueCode ? wages.find((w) => w.regionCode === leagueCode) : undefined) ?? wages.find((w) => w.regionCode === "150000") ?? null;
}

/** `rate × base`, to the fen, as exact decimal text (rates have 4 places, wages 2: scaled integers, no float error). */
export function applyRate(rate: string, base: string): { amount: string; computation: string } {
  const [ri, rf = ""] = rate.split(".");
  const [bi, bf = ""] = base.split(".");
  const r = BigInt(ri! + rf.padEnd(4, "0").slice(0, 4));
  const b = BigInt(bi! + bf.padEnd(2, "0").slice(0, 2));
  const product = r * b; // scale 6
  const fen = (product + 5_000n) / 10_000n; // scale 6 → 2, rounding half up
  const amount = `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`;
  const rateShown = rate.replace(/\.?0+$/, "");
  return { amount, computation: `${rateShown} × ${base} = ${amount}` };
}

const byEffective: KeysetOrder<MinimumWageRow> = {
  tag: "minimum-wage:effective",
  keys: [
    { expr: minimumWages.effectiveFrom, type: "date", value: (r) => r.effectiveFrom },
    { expr: minimumWages.regionCode, type: "text", value: (r) => r.regionCode },
    { expr: sql`${minimumWages.wageClass}::text`, type: "text", value: (r) => r.wageClass },
  ],
  direction: "ASC",
};

export function minimumWagesConnection<N>(db: Db, args: ConnectionArgs, toNode: (r: MinimumWageRow) => N) {
  return keysetConnection({
    args,
    order: byEffective,
    fetch: (q) => db.select().from(minimumWages).where(q.after).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: sql<number>`cast(count(*) as int)` }).from(minimumWages).then((r) => r[0]!.n),
    toNode,
  });
}

export interface EngineResult {
  verdict: Verdict;
  amount: string | null;
  amountNote: string | null;
  conflictsWith: string[];
}

export interface EngineAnswer {
  results: EngineResult[];
  notEligible: EngineResult[];
  /** Pairs (an instrument of the answer, one it may not be combined with) and the words that forbid it. */
  conflicts: { codes: [string, string]; sourceText: string }[];
  asOf: string;
  leagueCode: string | null;
}

/**
 * "What can this person or business get?": every instrument evaluated against the profile; the
 * amount as the document gives it, or a relative amount resolved from the imported class-I
 * minimum wage for the profile's league (else the region's); and the pairs of instruments in
 * the answer that cannot be combined.
 */
export async function eligibleInstruments(db: Db, p: Profile): Promise<EngineAnswer> {
  const [book, ancestors] = await Promise.all([loadRuleBook(db), regionAncestors(db, p.regionCode)]);
  // ancestors: [county?, league?, 150000]; the league is the one just below the region.
  const leagueCode = ancestors.length >= 2 ? ancestors[ancestors.length - 2]! : null;
  let wages: MinimumWageRow[] | null = null;
  const all: EngineResult[] = [];
  for (const { instrument, criteria } of book) {
    const verdict = evaluate(instrument, criteria, p, ancestors);
    if (!verdict) continue;
    let amount = instrument.amount;
    let amountNote: string | null = null;
    if (instrument.amountType === "RELATIVE" && instrument.relativeBaseCode === "CLASS_I_MINIMUM_WAGE") {
      wages ??= await classIMinimumWages(db, p.asOf);
      const wage = wageForLeague(wages, leagueCode);
      const rate = instrument.relativeRate!.replace(/\.?0+$/, "");
      if (wage) {
        const r = applyRate(instrument.relativeRate!, wage.monthlyAmount);
        amount = r.amount;
        amountNote = `${r.computation} (${instrument.relativeBase} ${wage.monthlyAmount}, ${wage.regionCode}, from ${wage.effectiveFrom}; source: ${wage.source})`;
      } else {
        amountNote = `${rate} × ${instrument.relativeBase}: no class-I minimum wage in force on ${p.asOf} has been imported (dataset minimum-wages)`;
      }
    }
    all.push({ verdict, amount, amountNote, conflictsWith: [] });
  }
  const results = all.filter((r) => r.verdict.status !== "NOT_ELIGIBLE");
  // Every exclusion touching the answer, also with an instrument paid to someone else on the
  // applicant's behalf (the incubation subsidy goes to the base that incubated the founder).
  const conflicts: EngineAnswer["conflicts"] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const { criterion } of [...r.verdict.met, ...r.verdict.toShow, ...r.verdict.failed]) {
      if (criterion.kind !== "EXCLUSIVE_WITH") continue;
      for (const other of criterion.values) {
        r.conflictsWith.push(other);
        const key = [r.verdict.instrument.code, other].sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          conflicts.push({ codes: [r.verdict.instrument.code, other], sourceText: criterion.sourceText });
        }
      }
    }
  }
  return { results, notEligible: all.filter((r) => r.verdict.status === "NOT_ELIGIBLE"), conflicts, asOf: p.asOf, leagueCode };
}
