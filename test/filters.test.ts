// Every filter field of every connection works on both engines and selects exactly what the
// database holds. The cases are a table keyed `<Input>.<field>`; the schema is read by
// introspection, so a new filter field without a case here fails the coverage test.
import { sql, type SQL } from "drizzle-orm";
import { astFromValue, buildClientSchema, getIntrospectionQuery, getNamedType, isInputObjectType, print, type GraphQLInputType, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/services/partner.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
let schema: GraphQLSchema;
beforeAll(async () => {
  server = await startTestServer();
  // All operational records are SAMPLE until an import: a few are marked official here, so
  // that `provenance` selects a part of each list, not all of it or nothing.
  await rows(server.database, sql`update incubator_bases set provenance = 'SOURCE' where code in (select code from incubator_bases order by code limit 3)`);
  await rows(server.database, sql`update demonstration_brands set provenance = 'SOURCE' where code in (select code from demonstration_brands order by code limit 2)`);
  for (const table of ["project_library_projects", "mentor_teams", "mentors", "training_lecturers", "model_entrepreneurs", "entrepreneurship_events", "service_points"]) {
    await rows(server.database, sql`update ${sql.raw(table)} set provenance = 'SOURCE' where code in (select code from ${sql.raw(table)} order by code limit 3)`);
  }
  await rows(server.database, sql`update training_delivered set provenance = 'SOURCE' where (county_code, year) in (select county_code, year from training_delivered order by county_code, year limit 1)`);
  schema = buildClientSchema((await server.gql(getIntrospectionQuery())).data);
  // Loan lists are partner-only: a programme manager's key sees every bank, as the SQL below does.
  managerKey = (await createClient(server.database.db, { id: "filters-manager", name: "Filters test", role: "PROGRAMME_MANAGER" })).key;
});
let managerKey = "";
/** The key a list needs, if any. */
const keyFor = (field: string) => (field === "guaranteeLoans" ? { key: managerKey } : undefined);
afterAll(async () => {
  await server?.close();
});

/** How to read a connection's items: the key each node is identified by, as selected and as SQL computes it. */
const KEYS: Record<string, { selection: string; of: (node: any) => string }> = {
  departments: { selection: "slug", of: (n) => n.slug },
  supportInstruments: { selection: "code", of: (n) => n.code },
  funds: { selection: "code", of: (n) => n.code },
  measures: { selection: "code", of: (n) => n.code },
  regions: { selection: "code", of: (n) => n.code },
  targets: { selection: "code", of: (n) => n.code },
  demonstrationBrands: { selection: "code", of: (n) => n.code },
  incubatorBases: { selection: "code", of: (n) => n.code },
  indicatorObservations: { selection: "metric regionCode period", of: (n) => `${n.metric}/${n.regionCode}/${n.period}` },
  guaranteeLoans: { selection: "loanRef bank { code }", of: (n) => `${n.bank.code}/${n.loanRef}` },
  projectLibrary: { selection: "code", of: (n) => n.code },
  mentorTeams: { selection: "code", of: (n) => n.code },
  mentors: { selection: "code", of: (n) => n.code },
  trainingLecturers: { selection: "code", of: (n) => n.code },
  trainingDelivered: { selection: "year programme region { code }", of: (n) => `${n.region.code}/${n.year}/${n.programme}` },
  modelEntrepreneurs: { selection: "code", of: (n) => n.code },
  entrepreneurshipEvents: { selection: "code", of: (n) => n.code },
  servicePoints: { selection: "code", of: (n) => n.code },
};
/** Filtered aggregates rather than lists; their filters are the lists' own (trainingTotals: trainingDelivered's), checked in their own tests. */
const AGGREGATES = ["loanStatistics", "trainingTotals"];

/** A filter value and the keys (column `k`) of exactly the items it must select. */
interface ListCase {
  value: unknown;
  /** Other fields the field needs beside it (e.g. `groupMatch` narrows `beneficiaryGroup`). */
  with?: Record<string, unknown>;
  expected: SQL;
}

/**
 * Loan statistics are perturbed tables, not lists of rows: a filter value, the dimensions to
 * group by (the filtered one, so that rows show it), what every row must show, and the loans
 * behind the single row; its published count may differ from them by the perturbation.
 */
interface LoanCase {
  value: unknown;
  groupBy: string[];
  row: (row: any) => boolean;
  loans?: SQL;
}

const PLAN_SECTIONS = (plan: string) => sql.raw(`(select code from policy_sections where code = '${plan}' or parent_code = '${plan}')`);

/** Keys of the indicator series (reported figures and the leagues' region-wide sums, written in SQL of its own) that meet a condition. */
const SERIES = (where: string) =>
  sql.raw(`select k from (
    select metric || '/' || region_code || '/' || period as k, metric, region_code, period_end, 'REPORTED' as method from indicator_observations
    union all
    select o.metric || '/150000/' || o.period, o.metric, '150000', max(o.period_end), 'SUM_OF_LEAGUES'
    from indicator_observations o join regions r on r.code = o.region_code and r.level = 'LEAGUE' join metrics m on m.code = o.metric and m.additivity = 'ADDITIVE'
    where not exists (select 1 from indicator_observations x where x.metric = o.metric and x.region_code = '150000' and x.period = o.period)
    group by o.metric, o.period) s where ${where}`);

const OPEN_TO_VETERANS = sql.raw(
  `'INDIVIDUAL' = any(i.audiences) and (exists (select 1 from instrument_criteria c where c.instrument_code = i.code and c.kind = 'BENEFICIARY_GROUP' and c.group_code = 'VETERANS')
     or not exists (select 1 from instrument_criteria c where c.instrument_code = i.code and c.kind = 'BENEFICIARY_GROUP'))`,
);

const CASES: Record<string, ListCase | LoanCase> = {
  "DepartmentFilter.kind": { value: "CITY_GOVERNMENT", expected: sql`select slug as k from departments where kind = 'CITY_GOVERNMENT'` },

  "SupportInstrumentFilter.beneficiaryGroup": {
    value: "VETERANS",
    // For persons: instruments naming the group, or naming none (open to every person) — the engine's rule, written in SQL.
    expected: sql`select i.code as k from support_instruments i where ${OPEN_TO_VETERANS}`,
  },
  "SupportInstrumentFilter.groupMatch": {
    value: ["NAMED", "CONDITIONAL"],
    with: { beneficiaryGroup: "VETERANS" },
    // Only the instruments that name the group (with or without a qualifier of its own).
    expected: sql`select i.code as k from support_instruments i where 'INDIVIDUAL' = any(i.audiences) and exists (select 1 from instrument_criteria c where c.instrument_code = i.code and c.kind = 'BENEFICIARY_GROUP' and c.group_code = 'VETERANS')`,
  },
  "SupportInstrumentFilter.kind": { value: "SUBSIDY", expected: sql`select code as k from support_instruments where kind = 'SUBSIDY'` },
  "SupportInstrumentFilter.audience": { value: "BASE_OPERATOR", expected: sql`select code as k from support_instruments where 'BASE_OPERATOR' = any(audiences)` },
  "FundFilter.level": { value: "NATIONAL", expected: sql`select code as k from funds where level = 'NATIONAL'` },
  "SupportInstrumentFilter.amountType": { value: "MAXIMUM", expected: sql`select code as k from support_instruments where amount_type = 'MAXIMUM'` },
  "SupportInstrumentFilter.planCode": { value: "P1", expected: sql`select code as k from support_instruments where section_code in ${PLAN_SECTIONS("P1")}` },
  "SupportInstrumentFilter.measureCode": { value: "P1-M2", expected: sql`select code as k from support_instruments where section_code = 'P1-M2'` },

  "MeasureFilter.planCode": { value: "P2", expected: sql`select code as k from policy_sections where kind = 'MEASURE' and parent_code = 'P2'` },
  "MeasureFilter.departmentSlug": {
    value: "finance-department",
    expected: sql`select s.code as k from policy_sections s where s.kind = 'MEASURE' and exists (select 1 from measure_departments d where d.measure_code = s.code and d.department_slug = 'finance-department')`,
  },
  "MeasureFilter.beneficiaryGroup": {
    value: "VETERANS",
    expected: sql`select s.code as k from policy_sections s where s.kind = 'MEASURE' and exists (select 1 from support_instruments i where i.section_code = s.code and ${OPEN_TO_VETERANS})`,
  },

  "RegionFilter.level": { value: "LEAGUE", expected: sql`select code as k from regions where level = 'LEAGUE'` },
  "RegionFilter.parentCode": { value: "150100", expected: sql`select code as k from regions where parent_code = '150100'` },

  "TargetFilter.planCode": { value: "P1", expected: sql`select code as k from targets where section_code in ${PLAN_SECTIONS("P1")}` },
  "TargetFilter.scope": { value: "PER_LEAGUE", expected: sql`select code as k from targets where scope = 'PER_LEAGUE'` },
  "TargetFilter.unit": { value: "PERSONS", expected: sql`select code as k from targets where unit = 'PERSONS'` },
  "TargetFilter.dueYear": { value: 2025, expected: sql`select code as k from targets where due_year = 2025` },
  "TargetFilter.beneficiaryGroup": { value: "COLLEGE_GRADUATES", expected: sql`select code as k from targets where beneficiary_group_code = 'COLLEGE_GRADUATES'` },

  // A league includes its counties.
  "DemonstrationBrandFilter.regionCode": { value: "150100", expected: sql`select code as k from demonstration_brands where league_code = '150100'` },
  "DemonstrationBrandFilter.kind": { value: "MENTOR_STUDIO", expected: sql`select code as k from demonstration_brands where kind = 'MENTOR_STUDIO'` },
  "DemonstrationBrandFilter.year": { value: { min: 2023, max: 2024 }, expected: sql`select code as k from demonstration_brands where year between 2023 and 2024` },
  "DemonstrationBrandFilter.text": { value: "Studio", expected: sql`select code as k from demonstration_brands where name ilike '%studio%' or name_en ilike '%studio%'` },
  "DemonstrationBrandFilter.provenance": { value: "SOURCE", expected: sql`select code as k from demonstration_brands where provenance = 'SOURCE'` },

  "IncubatorBaseFilter.regionCode": { value: "150105", expected: sql`select code as k from incubator_bases where county_code = '150105'` },
  "IncubatorBaseFilter.kind": { value: "MAKER_SPACE", expected: sql`select code as k from incubator_bases where kind = 'MAKER_SPACE'` },
  "IncubatorBaseFilter.level": { value: "NATIONAL", expected: sql`select code as k from incubator_bases where level = 'NATIONAL'` },
  "IncubatorBaseFilter.recognizedYear": { value: { min: 2019, max: 2021 }, expected: sql`select code as k from incubator_bases where recognized_year between 2019 and 2021` },
  "IncubatorBaseFilter.text": { value: "众创空间", expected: sql`select code as k from incubator_bases where name ilike '%众创空间%' or name_en ilike '%众创空间%' or operator ilike '%众创空间%'` },
  "IncubatorBaseFilter.provenance": { value: "SAMPLE", expected: sql`select code as k from incubator_bases where provenance = 'SAMPLE'` },

  "GuaranteeLoanFilter.bankCode": { value: "psbc-nmg", expected: sql`select bank_code || '/' || loan_ref as k from guarantee_loans where bank_code = 'psbc-nmg'` },
  "GuaranteeLoanFilter.regionCode": { value: "150700", expected: sql`select bank_code || '/' || loan_ref as k from guarantee_loans where league_code = '150700'` },
  "GuaranteeLoanFilter.status": { value: "DEFAULTED", expected: sql`select bank_code || '/' || loan_ref as k from guarantee_loans where status = 'DEFAULTED'` },
  "GuaranteeLoanFilter.borrowerType": { value: "SMALL_MICRO_ENTERPRISE", expected: sql`select bank_code || '/' || loan_ref as k from guarantee_loans where borrower_type = 'SMALL_MICRO_ENTERPRISE'` },
  "GuaranteeLoanFilter.beneficiaryGroup": { value: "VETERANS", expected: sql`select bank_code || '/' || loan_ref as k from guarantee_loans where beneficiary_group_code = 'VETERANS'` },
  "GuaranteeLoanFilter.issuedOnFrom": { value: "2025-12-01", expected: sql`select bank_code || '/' || loan_ref as k from guarantee_loans where issued_on >= '2025-12-01'` },
  "GuaranteeLoanFilter.issuedOnTo": { value: "2022-01-31", expected: sql`select bank_code || '/' || loan_ref as k from guarantee_loans where issued_on <= '2022-01-31'` },

  // The series: the reported figures and, for additive metrics, the region-wide sums of the leagues (the sample has no county figures to sum).
  "IndicatorObservationFilter.metric": { value: "jobs_created", expected: SERIES("metric = 'jobs_created'") },
  "IndicatorObservationFilter.regionCode": { value: "150100", expected: SERIES("region_code = '150100'") },
  "IndicatorObservationFilter.periodEndFrom": { value: "2024-01-01", expected: SERIES("period_end >= '2024-01-01'") },
  "IndicatorObservationFilter.periodEndTo": { value: "2023-06-30", expected: SERIES("period_end <= '2023-06-30'") },
  "IndicatorObservationFilter.method": { value: "SUM_OF_LEAGUES", expected: SERIES("method = 'SUM_OF_LEAGUES'") },

  "LibraryProjectFilter.regionCode": { value: "150102", expected: sql`select code as k from project_library_projects where county_code = '150102'` },
  "LibraryProjectFilter.sector": { value: "BIOMEDICINE", expected: sql`select code as k from project_library_projects where sector = 'BIOMEDICINE'` },
  "LibraryProjectFilter.stage": { value: "GROWTH", expected: sql`select code as k from project_library_projects where stage = 'GROWTH'` },
  "LibraryProjectFilter.publishedFrom": { value: "2026-06-01", expected: sql`select code as k from project_library_projects where published_on >= '2026-06-01'` },
  "LibraryProjectFilter.publishedTo": { value: "2022-01-31", expected: sql`select code as k from project_library_projects where published_on <= '2022-01-31'` },
  "LibraryProjectFilter.text": { value: "新城区", expected: sql`select code as k from project_library_projects where name ilike '%新城区%' or name_en ilike '%新城区%'` },
  "LibraryProjectFilter.provenance": { value: "SOURCE", expected: sql`select code as k from project_library_projects where provenance = 'SOURCE'` },

  "MentorTeamFilter.regionCode": { value: "150200", expected: sql`select code as k from mentor_teams where league_code = '150200'` },
  "MentorTeamFilter.level": { value: "LEAGUE", expected: sql`select code as k from mentor_teams where level = 'LEAGUE'` },
  "MentorTeamFilter.provenance": { value: "SOURCE", expected: sql`select code as k from mentor_teams where provenance = 'SOURCE'` },

  "MentorFilter.regionCode": { value: "150102", expected: sql`select m.code as k from mentors m join mentor_teams t on t.code = m.team_code where t.region_code = '150102'` },
  "MentorFilter.teamCode": { value: "S-MT-150100", expected: sql`select code as k from mentors where team_code = 'S-MT-150100'` },
  "MentorFilter.role": { value: "OTHER_EXPERT", expected: sql`select code as k from mentors where role = 'OTHER_EXPERT'` },
  "MentorFilter.text": { value: "法律", expected: sql`select code as k from mentors where name ilike '%法律%' or field ilike '%法律%'` },
  "MentorFilter.provenance": { value: "SOURCE", expected: sql`select code as k from mentors where provenance = 'SOURCE'` },

  "TrainingLecturerFilter.regionCode": { value: "150300", expected: sql`select code as k from training_lecturers where league_code = '150300'` },
  "TrainingLecturerFilter.kind": { value: "ONLINE_TRAINING", expected: sql`select code as k from training_lecturers where kind = 'ONLINE_TRAINING'` },
  "TrainingLecturerFilter.highLevel": { value: false, expected: sql`select code as k from training_lecturers where not high_level` },
  "TrainingLecturerFilter.certifiedYear": { value: { min: 2016, max: 2017 }, expected: sql`select code as k from training_lecturers where certified_year between 2016 and 2017` },
  "TrainingLecturerFilter.provenance": { value: "SOURCE", expected: sql`select code as k from training_lecturers where provenance = 'SOURCE'` },

  "TrainingDeliveryFilter.regionCode": { value: "150102", expected: sql`select county_code || '/' || year || '/' || programme as k from training_delivered where county_code = '150102'` },
  "TrainingDeliveryFilter.programme": { value: "STARTUP_CAMP", expected: sql`select county_code || '/' || year || '/' || programme as k from training_delivered where programme = 'STARTUP_CAMP'` },
  "TrainingDeliveryFilter.year": { value: { min: 2025, max: 2025 }, expected: sql`select county_code || '/' || year || '/' || programme as k from training_delivered where year = 2025` },
  "TrainingDeliveryFilter.provenance": { value: "SOURCE", expected: sql`select county_code || '/' || year || '/' || programme as k from training_delivered where provenance = 'SOURCE'` },

  "ModelEntrepreneurFilter.regionCode": { value: "150200", expected: sql`select code as k from model_entrepreneurs where league_code = '150200'` },
  "ModelEntrepreneurFilter.sector": { value: "NEW_ENERGY", expected: sql`select code as k from model_entrepreneurs where sector = 'NEW_ENERGY'` },
  "ModelEntrepreneurFilter.beneficiaryGroup": { value: "VETERANS", expected: sql`select code as k from model_entrepreneurs where beneficiary_group_code = 'VETERANS'` },
  "ModelEntrepreneurFilter.year": { value: { min: 2022, max: 2022 }, expected: sql`select code as k from model_entrepreneurs where year = 2022` },
  "ModelEntrepreneurFilter.provenance": { value: "SOURCE", expected: sql`select code as k from model_entrepreneurs where provenance = 'SOURCE'` },

  "EntrepreneurshipEventFilter.regionCode": { value: "150100", expected: sql`select code as k from entrepreneurship_events where league_code = '150100'` },
  "EntrepreneurshipEventFilter.kind": { value: "ROADSHOW", expected: sql`select code as k from entrepreneurship_events where kind = 'ROADSHOW'` },
  "EntrepreneurshipEventFilter.level": { value: "COUNTY", expected: sql`select code as k from entrepreneurship_events where level = 'COUNTY'` },
  "EntrepreneurshipEventFilter.startsFrom": { value: "2025-09-01", expected: sql`select code as k from entrepreneurship_events where starts_on >= '2025-09-01'` },
  "EntrepreneurshipEventFilter.startsTo": { value: "2022-05-01", expected: sql`select code as k from entrepreneurship_events where starts_on <= '2022-05-01'` },
  "EntrepreneurshipEventFilter.text": { value: "路演", expected: sql`select code as k from entrepreneurship_events where name ilike '%路演%' or name_en ilike '%路演%' or organiser ilike '%路演%' or venue ilike '%路演%'` },
  "EntrepreneurshipEventFilter.provenance": { value: "SOURCE", expected: sql`select code as k from entrepreneurship_events where provenance = 'SOURCE'` },

  "ServicePointFilter.regionCode": { value: "150100", expected: sql`select code as k from service_points where league_code = '150100'` },
  "ServicePointFilter.kind": { value: "UNIVERSITY_GUIDANCE_STATION", expected: sql`select code as k from service_points where kind = 'UNIVERSITY_GUIDANCE_STATION'` },
  "ServicePointFilter.provenance": { value: "SOURCE", expected: sql`select code as k from service_points where provenance = 'SOURCE'` },

  "LoanStatisticsFilter.regionCode": { value: "150200", groupBy: ["REGION_LEAGUE"], row: (r) => r.leagueCode === "150200", loans: sql`select count(*) as n from guarantee_loans where league_code = '150200'` },
  "LoanStatisticsFilter.year": { value: 2023, groupBy: ["YEAR"], row: (r) => r.year === 2023, loans: sql`select count(*) as n from guarantee_loans where issued_on between '2023-01-01' and '2023-12-31'` },
  "LoanStatisticsFilter.borrowerType": {
    value: "SMALL_MICRO_ENTERPRISE",
    groupBy: ["BORROWER_TYPE"],
    row: (r) => r.borrowerType === "SMALL_MICRO_ENTERPRISE",
    loans: sql`select count(*) as n from guarantee_loans where borrower_type = 'SMALL_MICRO_ENTERPRISE'`,
  },
  "LoanStatisticsFilter.beneficiaryGroup": { value: "VETERANS", groupBy: ["BENEFICIARY_GROUP"], row: (r) => r.beneficiaryGroupCode === "VETERANS", loans: sql`select count(*) as n from guarantee_loans where beneficiary_group_code = 'VETERANS'` },
  "LoanStatisticsFilter.bankCode": { value: "psbc-nmg", groupBy: ["BANK"], row: (r) => r.bankCode === "psbc-nmg", loans: sql`select count(*) as n from guarantee_loans where bank_code = 'psbc-nmg'` },
  // Withheld cells are the small ones: counties by quarter have some, and not only those.
  "LoanStatisticsFilter.disclosure": { value: "WITHHELD", groupBy: ["REGION_COUNTY", "QUARTER"], row: (r) => r.suppressed === true && r.loanCount === null },
};

/** Every filter input of the schema: the connection field that takes it and its fields. */
function filterInputs() {
  const found: { field: string; input: string; fields: string[] }[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const arg = field.args.find((a) => a.name === "filterBy");
    if (!arg) continue;
    const input = getNamedType(arg.type);
    if (isInputObjectType(input)) found.push({ field: field.name, input: input.name, fields: Object.keys(input.getFields()) });
  }
  return found;
}

/** `{ field: value }` written as a GraphQL literal, for the inline form of each case. */
function literal(inputName: string, fieldName: string, value: unknown, extra: Record<string, unknown> = {}): string {
  const input = schema.getType(inputName);
  if (!isInputObjectType(input)) throw new Error(inputName);
  return print(astFromValue({ ...extra, [fieldName]: value }, input as GraphQLInputType)!);
}

const isLoanCase = (c: ListCase | LoanCase): c is LoanCase => "groupBy" in c;

describe("filters", () => {
  it("the table has a case for every filter field of every connection in the schema", () => {
    const inputs = filterInputs();
    expect(inputs.map((i) => i.field).sort()).toEqual([...Object.keys(KEYS), ...AGGREGATES].sort());
    const wanted = inputs.flatMap((i) => i.fields.map((f) => `${i.input}.${f}`));
    expect(wanted.filter((w) => !(w in CASES))).toEqual([]);
    expect(wanted.length).toBeGreaterThanOrEqual(43);
  });

  it("every filter field of a list selects exactly the rows the database has for it, as a variable and as a literal", async () => {
    let checked = 0;
    for (const { field, input, fields } of filterInputs()) {
      if (AGGREGATES.includes(field)) continue;
      const key = KEYS[field]!;
      const all = (await server.gql(`{ ${field}(first: 1) { totalCount } }`, {}, keyFor(field))).data[field].totalCount as number;
      for (const name of fields) {
        const c = CASES[`${input}.${name}`] as ListCase;
        const expected = (await rows<{ k: string }>(server.database, c.expected)).map((r) => r.k).sort();
        const label = `${input}.${name} = ${JSON.stringify(c.value)}`;
        // Non-trivial: the value selects some of the list, neither nothing nor everything.
        expect(expected.length, label).toBeGreaterThan(0);
        expect(expected.length, label).toBeLessThan(all);
        const selection = `{ totalCount nodes { ${key.selection} } }`;
        const byVariable = await server.gql(`query($f: ${input}) { ${field}(first: 100, filterBy: $f) ${selection} }`, { f: { ...c.with, [name]: c.value } }, keyFor(field));
        const byLiteral = await server.gql(`{ ${field}(first: 100, filterBy: ${literal(input, name, c.value, c.with)}) ${selection} }`, {}, keyFor(field));
        for (const res of [byVariable, byLiteral]) {
          expect(res.errors, label).toBeUndefined();
          const conn = res.data[field];
          expect(conn.totalCount, label).toBe(expected.length);
          const keys = conn.nodes.map(key.of).sort();
          if (expected.length <= 100) expect(keys, label).toEqual(expected);
          else expect(keys.filter((k: string) => !expected.includes(k)), label).toEqual([]);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it("every filter field of loanStatistics answers rows of exactly that value, with the loans behind them", async () => {
    const rowType = schema.getType("LoanStatisticsRow");
    const rowFields = rowType && "getFields" in rowType ? Object.keys(rowType.getFields()) : [];
    const selection = ["leagueCode", "countyCode", "year", "borrowerType", "beneficiaryGroupCode", "bankCode", "suppressed", "loanCount"].filter((f) => rowFields.includes(f)).join(" ");
    const input = filterInputs().find((i) => i.field === "loanStatistics")!;
    const everything = await server.gql(`{ loanStatistics(groupBy: [], first: 1) { nodes { loanCount } } }`);
    const total = everything.data.loanStatistics.nodes[0].loanCount as number;
    for (const name of input.fields) {
      const c = CASES[`${input.input}.${name}`] as LoanCase;
      expect(isLoanCase(c), name).toBe(true);
      const label = `${input.input}.${name} = ${JSON.stringify(c.value)}`;
      const query = (filter: string, vars: string) => `query${vars ? `(${vars})` : ""} { loanStatistics(groupBy: [${c.groupBy.join(", ")}], first: 100, filterBy: ${filter}) { totalCount nodes { ${selection} } } }`;
      const byVariable = await server.gql(query("$f", `$f: ${input.input}`), { f: { [name]: c.value } });
      const byLiteral = await server.gql(query(literal(input.input, name, c.value), ""));
      for (const res of [byVariable, byLiteral]) {
        expect(res.errors, label).toBeUndefined();
        const nodes = res.data.loanStatistics.nodes as any[];
        expect(nodes.length, label).toBeGreaterThan(0);
        expect(nodes.filter((r) => !c.row(r)), label).toEqual([]);
        if (c.loans) {
          const loans = Number((await rows<{ n: number | string }>(server.database, c.loans))[0]!.n);
          expect(loans, label).toBeGreaterThan(0);
          expect(loans, label).toBeLessThan(total);
          // Published counts are perturbed by a few loans (see `disclosureControl`), never by 1 %.
          expect(nodes, label).toHaveLength(1);
          expect(Math.abs(nodes[0].loanCount - loans), label).toBeLessThanOrEqual(Math.max(10, loans / 100));
        } else {
          const unfiltered = await server.gql(`{ loanStatistics(groupBy: [${c.groupBy.join(", ")}], first: 1) { totalCount } }`);
          expect(res.data.loanStatistics.totalCount, label).toBeLessThan(unfiltered.data.loanStatistics.totalCount);
        }
      }
    }
  });

  it("date filters take real calendar days only, as typed errors", async () => {
    for (const bad of ["2024-02-30", "2023-02-29", "0000-01-01", "2024-1-1", "yesterday"]) {
      const res = await server.gql(`query($f: IndicatorObservationFilter) { indicatorObservations(first: 1, filterBy: $f) { totalCount } }`, { f: { periodEndFrom: bad } });
      expect(res.status, bad).toBe(400);
      expect(res.errors![0]!.extensions!.code, bad).toBe("BAD_USER_INPUT");
    }
    const literal = await server.gql(`{ indicatorObservations(first: 1, filterBy: { periodEndTo: "2023-02-29" }) { totalCount } }`);
    expect(literal.status).toBe(400);
    expect(literal.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
