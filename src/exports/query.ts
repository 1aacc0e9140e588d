/**
 * Filtered downloads: the tables `GET /exports/query/<table>.<format>?…` streams (query-http.ts
 * serves them). Each is a public GraphQL list — its arguments are that field's `filterBy`,
 * `orderBy` and `groupBy`, and the other arguments a table names (`asOf`, also one of a field of
 * its rows: `Target.progress(asOf:)`) — answered by the very functions the resolver calls: the
 * checked filter (src/graphql/list-filters.ts), the service's connection, keyset page after keyset
 * page of the GraphQL page size, the request's loaders for what field resolvers answer (a
 * measure's plan, a team's member count, a target's progress), and for loan statistics the same
 * table and the same `publicMeasures` (src/disclosure through services/statistics.ts). So a
 * download holds exactly the rows paging through the GraphQL list returns, in its order, with the
 * same figures — and no more: it cannot ask for anything the API would not answer. No table has
 * SQL of its own here.
 *
 * Columns, names, titles and value formats are the published dataset's (catalogue.ts) where one
 * has the rows: a download of a whole list is the published file's content, as of now. Lists
 * whose rows no published file has (`beneficiaryGroups`) define their columns here.
 *
 * Public lists only: partner-only fields (loan-level data, `viewer`) are answered under the
 * caller's key and the database's row-level security, and a download has neither (test/downloads.test.ts
 * holds every table to a field an anonymous caller may ask). Left out on purpose: `datasets` and
 * `exportRuns` (the catalogue and the log of its files, which change with export runs, not with
 * the data version a download is tagged and cached by; the catalogue is at /exports and
 * /catalog.jsonld already), `search` (a ranking of mixed kinds for a query, not a table) and `nodes`.
 */
import type {
  DemonstrationBrandRow,
  DepartmentRow,
  EventRow,
  FundRow,
  IncubatorBaseRow,
  LecturerRow,
  MentorRow,
  MentorTeamRow,
  MetricRow,
  MinimumWageRow,
  ModelEntrepreneurRow,
  PartnerBankRow,
  PolicySectionRow,
  ProjectRow,
  RegionRow,
  ServicePointRow,
  SupportInstrumentRow,
  TargetRow,
  TrainingRow,
} from "../db/schema/index.js";
import { checkAsOf } from "../graphql/as-of.js";
import { userError } from "../graphql/errors.js";
import {
  brandFilterOf,
  departmentFilterOf,
  eventFilterOf,
  fundFilterOf,
  incubatorFilterOf,
  indicatorFilterOf,
  instrumentFilterOf,
  lecturerFilterOf,
  measureFilterOf,
  mentorFilterOf,
  mentorTeamFilterOf,
  modelEntrepreneurFilterOf,
  orderOf,
  projectFilterOf,
  publicStatisticsArgs,
  regionFilterOf,
  servicePointFilterOf,
  targetFilterOf,
  trainingFilterOf,
  type CheckContext,
  type IndicatorArguments,
} from "../graphql/list-filters.js";
import type { SectionNode } from "../graphql/nodes.js";
import type { Connection, ConnectionArgs } from "../graphql/pagination.js";
import { checkOptionalFormat } from "../graphql/validate.js";
import { loadTargetProgress, sectionsAt } from "../loaders/index.js";
import { brandsConnection, type BrandOrderField } from "../services/brand.js";
import { departmentsConnection } from "../services/department.js";
import { minimumWagesConnection } from "../services/eligibility.js";
import { fundsConnection } from "../services/fund.js";
import { incubatorsConnection, type IncubatorOrderField } from "../services/incubator.js";
import { indicatorsConnection, type SeriesRow } from "../services/indicator.js";
import { instrumentsConnection, listBeneficiaryGroups } from "../services/instrument.js";
import { banksConnection } from "../services/loan.js";
import { metricsConnection } from "../services/metric.js";
import { listDocuments, measuresConnection, sectionsOfKind } from "../services/policy.js";
import { publicProgress } from "../services/progress.js";
import { regionsConnection } from "../services/region.js";
import {
  allPilotZones,
  eventMeasure,
  eventsConnection,
  lecturersConnection,
  mentorsConnection,
  mentorTeamsConnection,
  modelEntrepreneursConnection,
  projectsConnection,
  servicePointsConnection,
  trainingConnection,
  type EventOrderField,
  type ProjectOrderField,
} from "../services/service-system.js";
import { loanStatistics, type Dimension } from "../services/statistics.js";
import { targetsConnection } from "../services/target.js";
import { datasetByName, statisticsRecord, type DatasetColumn, type DatasetDefinition, type Row } from "./catalogue.js";

/** The arguments of a download, as GraphQL coerced them (query-http.ts): the list field's own. */
export interface QueryArgs {
  groupBy: string[] | null;
  filterBy: Record<string, unknown> | null;
  orderBy: { field: string; direction: "ASC" | "DESC" } | null;
  /** The field's other arguments the table takes (`QueryTable.arguments`), e.g. `asOf` (a Date). */
  other: Record<string, unknown>;
}

/** A download, checked and counted, before its first row is sent. */
export interface OpenedQuery {
  columns: DatasetColumn[];
  primaryKey: string[];
  /** Rows it holds: known before streaming starts (the connection's `totalCount`, the table's size). */
  total: number;
  /** The rows, a page at a time, in the GraphQL list's order. */
  pages(): AsyncGenerator<Row[]>;
  /**
   * Whether the rows are read page by page from the tables (a keyset list): a change of the data
   * between two pages would mix two versions, so the sender checks the data version after each.
   * A statistics table is one snapshot of one data version already.
   */
  paged: boolean;
}

/** An argument a download takes beside `groupBy`, `filterBy` and `orderBy`, as a parameter of the same name. */
export interface TableArgument {
  name: string;
  /** Where it is declared when not on the list field itself: `Target.progress` (the rows' `progress(asOf:)`). */
  of?: string;
  /** What the parameter means in the download, when the argument's own description would not say it. */
  description?: string;
}

export interface QueryTable {
  /** The name in the URL: the published dataset's, or the list's where no dataset has its rows. */
  name: string;
  /** The GraphQL `Query` field whose arguments (and answer) it has. */
  field: string;
  /**
   * The field's arguments beside `groupBy`, `filterBy` and `orderBy` that the download takes as
   * parameters of the same name (`asOf`) — or an argument of a field of its rows (`Target.progress`).
   * Any other argument is not a parameter: a download cannot be asked for something it would not pass on.
   */
  arguments?: TableArgument[];
  /** The rows' definition: titles, licence, columns (the published dataset's, where one has these rows). */
  dataset: DatasetDefinition;
  titleZh: string;
  titleEn: string;
  descriptionEn: string;
  /** Checks the arguments (BAD_USER_INPUT as GraphQL would) and counts the rows. */
  open(ctx: CheckContext, args: QueryArgs, pageSize: number): Promise<OpenedQuery>;
}

function dataset(name: string): DatasetDefinition {
  const found = datasetByName(name);
  if (!found) throw new Error(`no dataset ${name}`);
  return found;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A service row as a dataset record: each column from the row's property of the same name in
 * camelCase (`name_en` ← `nameEn`), unless `derived` gives it. A column the row lacks is a
 * mistake here, not an empty cell: it throws (and the tests see it).
 */
function recordOf(row: object, columns: DatasetColumn[], derived: Record<string, unknown> = {}): Row {
  const out: Row = {};
  for (const c of columns) {
    if (c.name in derived) out[c.name] = derived[c.name];
    else {
      const key = camel(c.name);
      if (!(key in row)) throw new Error(`a ${c.name} column has no ${key} in the service's row`);
      out[c.name] = (row as Record<string, unknown>)[key];
    }
  }
  return out;
}

/**
 * A download of a keyset list: the service's connection, asked page after page with `first`
 * and `after` exactly as a GraphQL client pages through it. The first page (and the count, the
 * connection's `totalCount`) is read before streaming starts.
 */
async function pagedQuery<N>(columns: DatasetColumn[], primaryKey: string[], pageSize: number, page: (args: ConnectionArgs) => Promise<Connection<N>>, records: (nodes: N[]) => Row[] | Promise<Row[]>): Promise<OpenedQuery> {
  const first = await page({ first: pageSize });
  const total = await first.totalCount;
  return {
    columns,
    primaryKey,
    total,
    paged: true,
    async *pages() {
      let connection = first;
      for (;;) {
        if (connection.nodes.length) yield await records(connection.nodes);
        if (!connection.pageInfo.hasNextPage) return;
        connection = await page({ first: pageSize, after: connection.pageInfo.endCursor });
      }
    },
  };
}

/** Every node of a connection, page after page as a client pages it (for rows that expand into several, whose count no `totalCount` gives). */
async function allNodes<N>(page: (args: ConnectionArgs) => Promise<Connection<N>>, pageSize: number): Promise<N[]> {
  const nodes: N[] = [];
  let connection = await page({ first: pageSize });
  for (;;) {
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return nodes;
    connection = await page({ first: pageSize, after: connection.pageInfo.endCursor });
  }
}

/** How a list is read: its connection's pages, and the columns its rows do not hold themselves. */
interface ListReader<N> {
  page: (args: ConnectionArgs) => Promise<Connection<N>>;
  derive?: (nodes: N[]) => Promise<Record<string, unknown>[]> | Record<string, unknown>[];
}

interface TableOptions {
  /** The published dataset whose columns the rows have, when it is not the table's namesake (`plans`: policy-sections), or a definition of its own where none has them. */
  dataset?: string | DatasetDefinition;
  /** Titles when the rows are a part of the dataset's (`plans`). */
  titles?: Pick<DatasetDefinition, "titleZh" | "titleEn" | "descriptionZh" | "descriptionEn">;
  arguments?: (string | TableArgument)[];
  /** Columns beyond the published file's: what the list answers and the file does not (a derived figure's method). */
  extra?: DatasetColumn[];
}

/** The table's name, field, definition and arguments, from its options. */
function tableBase(name: string, field: string, options: TableOptions) {
  const published = typeof options.dataset === "object" ? options.dataset : dataset(options.dataset ?? name);
  const d: DatasetDefinition = { ...published, ...options.titles, name, columns: [...published.columns, ...(options.extra ?? [])] };
  return {
    name,
    field,
    arguments: (options.arguments ?? []).map((a) => (typeof a === "string" ? { name: a } : a)),
    dataset: d,
    titleZh: d.titleZh,
    titleEn: d.titleEn,
    descriptionEn: d.descriptionEn,
  };
}

/** A list whose rows map column by column onto its dataset's, read page by page from its connection. */
function listTable<N extends object>(name: string, field: string, reader: (ctx: CheckContext, args: QueryArgs) => Promise<ListReader<N>>, options: TableOptions = {}): QueryTable {
  const base = tableBase(name, field, options);
  const d = base.dataset;
  return {
    ...base,
    async open(ctx, args, pageSize) {
      const { page, derive } = await reader(ctx, args);
      return pagedQuery(d.columns, d.primaryKey, pageSize, page, async (nodes) => {
        const extra = derive ? await derive(nodes) : null;
        return nodes.map((n, i) => recordOf(n, d.columns, extra?.[i]));
      });
    },
  };
}

/** A row of a table read whole: the object whose properties give the columns, and those it does not hold. */
interface WholeRow {
  node: object;
  derived?: Record<string, unknown>;
}

/**
 * A table read whole before the first byte is sent: a plain GraphQL list (`plans`, `pilotZones`),
 * or a connection whose nodes expand into several rows each (a target into the periods of its
 * progress series), whose count no `totalCount` gives. Small by nature; every row is counted
 * before streaming, and read at one data version (query-http.ts opens it again if the version
 * moved while it was read).
 */
function wholeTable(name: string, field: string, read: (ctx: CheckContext, args: QueryArgs, pageSize: number) => Promise<WholeRow[]>, options: TableOptions = {}): QueryTable {
  const base = tableBase(name, field, options);
  const d = base.dataset;
  return {
    ...base,
    async open(ctx, args, pageSize) {
      const rows = (await read(ctx, args, pageSize)).map((r) => recordOf(r.node, d.columns, r.derived));
      return {
        columns: d.columns,
        primaryKey: d.primaryKey,
        total: rows.length,
        paged: false,
        async *pages() {
          for (let i = 0; i < rows.length; i += pageSize) yield rows.slice(i, i + pageSize);
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Loan statistics: the table of `loanStatistics(groupBy:, filterBy:)`, its columns by `groupBy`.

const statistics = dataset("loan-statistics");
const statisticsColumn = (name: string) => statistics.columns.find((c) => c.name === name)!;
const code = (name: string, zh: string, en: string, descriptionZh: string, descriptionEn: string, extra: Partial<DatasetColumn> = {}): DatasetColumn => ({ name, type: "string", titleZh: zh, titleEn: en, descriptionZh, descriptionEn, required: true, ...extra });

/** Every dimension's columns (a county names its league, a quarter its year), in the table's order. */
const DIMENSION_COLUMNS: Record<Dimension, DatasetColumn[]> = {
  REGION_LEAGUE: [statisticsColumn("league_code")],
  REGION_COUNTY: [statisticsColumn("league_code"), code("county_code", "旗县", "County", "旗县（市、区），GB/T 2260 六位代码。", "County-level unit: six-digit GB/T 2260 code.", { excelText: true })],
  YEAR: [statisticsColumn("year")],
  QUARTER: [statisticsColumn("year"), statisticsColumn("quarter")],
  BORROWER_TYPE: [code("borrower_type", "借款人类型", "Borrower type", "INDIVIDUAL 个人；SMALL_MICRO_ENTERPRISE 小微企业。", "INDIVIDUAL or SMALL_MICRO_ENTERPRISE.", { enum: ["INDIVIDUAL", "SMALL_MICRO_ENTERPRISE"] })],
  BENEFICIARY_GROUP: [statisticsColumn("beneficiary_group")],
  BANK: [code("bank_code", "合作银行", "Partner bank", "合作银行代码。", "The lending partner bank's code.")],
};
const MEASURE_COLUMNS = ["loan_count", "total_amount", "average_amount", "jobs_created", "disclosure", "suppressed", "provenance"].map(statisticsColumn);

/** The columns of a table grouped by `dimensions` (normalised: a county implies its league). */
export function statisticsColumns(dimensions: readonly Dimension[]): DatasetColumn[] {
  const seen = new Map<string, DatasetColumn>();
  for (const d of dimensions) for (const c of DIMENSION_COLUMNS[d]) seen.set(c.name, c);
  // In the order the columns are listed above, whatever the order of `groupBy`.
  const order = Object.values(DIMENSION_COLUMNS).flat().map((c) => c.name);
  const dims = [...seen.values()].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return [...dims, ...MEASURE_COLUMNS];
}

/** Statistics rows are made in memory from the table: this many per chunk sent. */
const STATISTICS_BATCH = 1_000;

const loanStatisticsTable: QueryTable = {
  name: "loan-statistics",
  field: "loanStatistics",
  dataset: statistics,
  titleZh: "创业担保贷款统计（已做披露控制）",
  titleEn: "Guarantee-loan statistics, grouped as asked (disclosure-controlled)",
  descriptionEn:
    "The rows of loanStatistics(groupBy:, filterBy:): every cell of the table, in its order, protected by the cell key method exactly as the API and the published files protect it (cells of 1–9 loans withheld, the others perturbed by a fixed amount that depends only on the loans in the cell). Published parts need not add up to published totals.",
  async open(ctx, args) {
    const groupBy = (args.groupBy ?? []) as Dimension[];
    const { filter } = await publicStatisticsArgs(ctx, groupBy as never, args.filterBy as never, "");
    const table = await loanStatistics(ctx.db, groupBy, filter);
    const columns = statisticsColumns(table.dimensions);
    return {
      columns,
      primaryKey: columns.filter((c) => !MEASURE_COLUMNS.includes(c)).map((c) => c.name),
      total: table.total,
      paged: false,
      async *pages() {
        for (let from = 1; from <= table.total; from += STATISTICS_BATCH) {
          const rows: Row[] = [];
          for (let i = from; i < Math.min(from + STATISTICS_BATCH, table.total + 1); i++) rows.push(statisticsRecord(table.at(i).cell));
          yield rows;
        }
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// The lists.

const self = <T>(r: T) => r;

/** Codes joined as the published files join them: `;`, and no value (not an empty text) for none. */
const joined = (codes: readonly string[]) => (codes.length ? codes.join(";") : null);

/** A loader's answers for several keys, failing as the resolver would on a missing one. */
function each<T>(answers: (T | Error | null)[], what: string): T[] {
  return answers.map((a, i) => {
    if (a === null || a instanceof Error) throw new Error(`${what} #${i} could not be loaded: ${a instanceof Error ? a.message : "missing"}`);
    return a;
  });
}

/** Measures with their plan and departments, as the published dataset has them. */
const measuresTable = listTable<PolicySectionRow>("measures", "measures", async (ctx, args) => {
  const filter = measureFilterOf(args.filterBy as never, "");
  // The page's own statement brings each measure's departments (measuresConnection's `primeDepartments`).
  const departments = new Map<string, DepartmentRow[]>();
  return {
    page: (page) => measuresConnection(ctx.db, filter, page, self, (code, list) => departments.set(code, list)),
    async derive(nodes) {
      const plans = await ctx.loaders.section.loadMany(nodes.map((n) => n.parentCode!));
      return nodes.map((n, i) => {
        const plan = plans[i];
        if (!plan || plan instanceof Error) throw new Error(`measure ${n.code} has no plan`);
        const list = departments.get(n.code) ?? [];
        return {
          measure_code: n.code,
          plan_code: plan.code,
          plan_title: plan.title,
          plan_title_en: plan.titleEn,
          department_slugs: list.map((d) => d.slug).join(";"),
          department_names: list.map((d) => d.name).join(";"),
        };
      });
    },
  };
});

// ---------------------------------------------------------------------------------------------
// The policy text: the document tree as `policySection(code:, asOf:)` and its `children` give it,
// the measures' departments (`measures { departments }`) and the plans (`plans`).

/**
 * The sections below `roots`, in the order nested `children { children { … } }` give them (each
 * section, then its children's subtrees: the document's reading order). One batched look-up per
 * level of the tree, not one per section.
 */
async function subtree(ctx: CheckContext, roots: SectionNode[]): Promise<SectionNode[]> {
  const childrenOf = new Map<string, SectionNode[]>();
  for (let level = roots; level.length; ) {
    const lists = each(await ctx.loaders.sectionChildren.loadMany(level.map((s) => s.code)), "children");
    level.forEach((s, i) => childrenOf.set(s.code, lists[i]!));
    level = lists.flat();
  }
  const out: SectionNode[] = [];
  const visit = (s: SectionNode) => {
    out.push(s);
    for (const child of childrenOf.get(s.code) ?? []) visit(child);
  };
  roots.forEach(visit);
  return out;
}

const POLICY_TABLES: QueryTable[] = [
  wholeTable(
    "policy-sections",
    "policySection",
    async (ctx, args) => {
      // The section asked for (`code`, checked as `policySection(code:)` checks it) and everything
      // below it; without `code`, every document's sections from the top (`policyDocument.sections`).
      const code = checkOptionalFormat(args.other.code as string | null | undefined, "sectionCode", "code");
      const at = checkAsOf(args.other.asOf as Date | null | undefined);
      let roots: SectionNode[];
      if (code) {
        const root = await ctx.loaders.section.load(code);
        if (!root) throw userError("NOT_FOUND", `Could not resolve to a PolicySection with the code ${JSON.stringify(code)}.`, { argumentName: "code" });
        roots = [root];
      } else {
        const documents = await listDocuments(ctx.db);
        roots = each(await ctx.loaders.documentRootSections.loadMany(documents.map((d) => d.slug)), "sections").flat();
      }
      // The text as of `asOf`, as `policySection(asOf:)` reads it and hands on to `children`.
      return (await sectionsAt(ctx.loaders, await subtree(ctx, roots), at)).map((node) => ({ node }));
    },
    {
      arguments: [
        { name: "code", description: "Only this section (e.g. `P1`, `C1-2`) and the sections below it; default: the whole document." },
        { name: "asOf", description: "The text as published on this service at this instant (RFC 3339 date-time): a section corrected since reads as it did then, as `policySection(asOf:)` answers. Default: now; a future instant is refused." },
      ],
    },
  ),
  // A row per responsible department of each measure of the list: `measures(filterBy:) { departments }`.
  wholeTable("measure-departments", "measures", async (ctx, args, pageSize) => {
    const filter = measureFilterOf(args.filterBy as never, "");
    const measures = await allNodes((page) => measuresConnection(ctx.db, filter, page, self), pageSize);
    const departments = each(await ctx.loaders.measureDepartments.loadMany(measures.map((m) => m.code)), "departments");
    return measures.flatMap((m, i) => departments[i]!.map((d, n) => ({ node: d, derived: { measure_code: m.code, department_slug: d.slug, ordinal: n + 1 } })));
  }),
  wholeTable("plans", "plans", async (ctx) => (await sectionsOfKind(ctx.db, "PLAN")).map((node) => ({ node })), {
    dataset: "policy-sections",
    titles: {
      titleZh: "七项计划",
      titleEn: "The seven plans of the programme",
      descriptionZh: "“创业内蒙古行动”的七项计划，按原文顺序，列与 policy-sections 相同。",
      descriptionEn: "The programme's seven plans in document order, with the columns of policy-sections.",
    },
  }),
];

// ---------------------------------------------------------------------------------------------
// Support instruments, funds, beneficiary groups, minimum wages, metrics.

/** The groups, which no published file lists on their own: the columns of the GraphQL type's scalar fields. */
const BENEFICIARY_GROUPS: DatasetDefinition = {
  name: "beneficiary-groups",
  version: 1,
  titleZh: "扶持对象群体",
  titleEn: "Beneficiary groups",
  descriptionZh: "文件点名扶持的群体，按首次出现顺序；代码与 support-instruments 的 eligible_groups 一致。",
  descriptionEn: "The groups the document singles out for support, in order of first mention; their codes are those of support-instruments' eligible_groups.",
  keywords: ["beneficiary groups", "群体"],
  primaryKey: ["code"],
  mayHoldSamples: false,
  public: true,
  columns: [
    { name: "code", type: "string", titleZh: "群体代码", titleEn: "Code", descriptionZh: "群体代码，如 VETERANS。", descriptionEn: "The group's code, e.g. VETERANS.", required: true, unique: true },
    { name: "name", type: "string", titleZh: "名称", titleEn: "Name", descriptionZh: "文件中的名称。", descriptionEn: "Name as the document gives it.", required: true, unique: true },
    { name: "name_en", type: "string", titleZh: "英文名称", titleEn: "Name (English)", descriptionZh: "英文名称。", descriptionEn: "English name.", required: true },
    { name: "provenance", type: "string", titleZh: "数据来源", titleEn: "Provenance", descriptionZh: "SOURCE：来自文件本身。", descriptionEn: "SOURCE: from the document itself.", required: true, enum: ["SOURCE", "SAMPLE"] },
  ],
};

const INSTRUMENT_TABLES: QueryTable[] = [
  listTable<SupportInstrumentRow>("support-instruments", "supportInstruments", async (ctx, args) => {
    const filter = instrumentFilterOf(args.filterBy as never, "");
    return {
      page: (page) => instrumentsConnection(ctx.db, filter, page, self),
      // What `measure`, `plan`, `eligibleGroups`, `exclusiveWith` and `funds` answer, through the same loaders.
      async derive(nodes) {
        const codes = nodes.map((n) => n.code);
        const [measures, groups, exclusions, funds] = await Promise.all([
          ctx.loaders.section.loadMany(nodes.map((n) => n.sectionCode)),
          ctx.loaders.instrumentGroups.loadMany(codes),
          ctx.loaders.instrumentExclusions.loadMany(codes),
          ctx.loaders.instrumentFunds.loadMany(codes),
        ]);
        const [m, g, x, f] = [each(measures, "measure"), each(groups, "groups"), each(exclusions, "exclusions"), each(funds, "funds")];
        return nodes.map((n, i) => ({
          measure_code: n.sectionCode,
          plan_code: m[i]!.parentCode,
          currency: "CNY",
          audiences: n.audiences.join(";"),
          eligible_groups: joined(g[i]!.map((x) => x.code)),
          exclusive_with: joined(x[i]!.map((x) => x.code)),
          fund_codes: joined(f[i]!.map((x) => x.code)),
        }));
      },
    };
  }),
  // A row per criterion of each instrument of the list: `supportInstruments(filterBy:) { criteria }`.
  wholeTable("instrument-criteria", "supportInstruments", async (ctx, args, pageSize) => {
    const filter = instrumentFilterOf(args.filterBy as never, "");
    const instruments = await allNodes((page) => instrumentsConnection(ctx.db, filter, page, self), pageSize);
    const criteria = each(await ctx.loaders.instrumentCriteria.loadMany(instruments.map((i) => i.code)), "criteria");
    return criteria.flat().map((c) => ({ node: c, derived: { values: c.values.join(";") } }));
  }),
  listTable<FundRow>("funds", "funds", async (ctx, args) => {
    const filter = fundFilterOf(args.filterBy as never);
    return {
      page: (page) => fundsConnection(ctx.db, filter, page, self),
      async derive(nodes) {
        const instruments = each(await ctx.loaders.fundInstruments.loadMany(nodes.map((n) => n.code)), "instruments");
        return nodes.map((_, i) => ({ instrument_codes: joined(instruments[i]!.map((x) => x.code)) }));
      },
    };
  }),
  wholeTable("beneficiary-groups", "beneficiaryGroups", async (ctx) => (await listBeneficiaryGroups(ctx.db)).map((node) => ({ node })), { dataset: BENEFICIARY_GROUPS }),
  listTable<MinimumWageRow>("minimum-wages", "minimumWages", async (ctx) => ({ page: (page) => minimumWagesConnection(ctx.db, page, self) })),
  listTable<MetricRow>("metrics", "metrics", async (ctx) => ({ page: (page) => metricsConnection(ctx.db, page, self) })),
];

// ---------------------------------------------------------------------------------------------
// Target progress: `targets(filterBy:) { progress(asOf:) { … series … units } }`, a row per
// target, per period of its series, per unit of a per-unit norm — the published progress
// datasets' rows, as of the instant asked.

type Progress = ReturnType<typeof publicProgress>;

const PROGRESS_ARGUMENTS: TableArgument[] = [
  {
    name: "asOf",
    of: "Target.progress",
    description:
      "Progress as this service would have answered at this instant (RFC 3339 date-time), as `progress(asOf:)` answers: the reported figures recorded by then. Figures counted from datasets without revisions (loans, bases, brands, the service system) are today's whatever the instant (`revisions_kept` false). Default: now; a future instant is refused.",
  },
];

const revisionsKept: DatasetColumn = {
  name: "revisions_kept",
  type: "boolean",
  titleZh: "保留各版本",
  titleEn: "Revisions kept",
  descriptionZh: "计算依据的数字是否保留全部版本（报告值为 true）：只有为 true 时，asOf 才按当时的数字作答。",
  descriptionEn: "Whether the figures behind it keep every revision (true for reported figures): only then does asOf answer with the figures of that instant; otherwise today's.",
  required: true,
};

/** Each target of the filtered list with its progress as of the instant asked, through the loaders `Target.progress` uses. */
function progressTable(name: string, expand: (target: TargetRow, progress: Progress) => WholeRow[], extra: DatasetColumn[] = []): QueryTable {
  return wholeTable(
    name,
    "targets",
    async (ctx, args, pageSize) => {
      const filter = targetFilterOf(args.filterBy as never, "");
      const at = checkAsOf(args.other.asOf as Date | null | undefined);
      const targets = await allNodes((page) => targetsConnection(ctx.db, filter, page, self), pageSize);
      const progress = await Promise.all(targets.map((t) => loadTargetProgress(ctx.loaders, t.code, at)));
      return targets.flatMap((t, i) => {
        if (!progress[i]) throw new Error(`target ${t.code} has no progress`);
        return expand(t, publicProgress(progress[i]!, t.value));
      });
    },
    { arguments: PROGRESS_ARGUMENTS, extra },
  );
}

const PROGRESS_TABLES: QueryTable[] = [
  progressTable("target-progress", (t, p) => [{ node: p, derived: { target_value: t.value } }], [
    { name: "on_track", type: "boolean", titleZh: "是否按进度", titleEn: "On track", descriptionZh: "序列最后一期是否按进度（见 target-progress-series）；无路径时为空。", descriptionEn: "Whether the latest point of the series is on track (see target-progress-series); empty without a path." },
    revisionsKept,
  ]),
  progressTable(
    "target-progress-series",
    (t, p) => p.series.map((point) => ({ node: point, derived: { target_code: t.code, target_value: t.value, provenance: p.provenance, revisions_kept: p.revisionsKept } })),
    [revisionsKept],
  ),
  progressTable("target-unit-progress", (t, p) => (p.units ?? []).map((unit) => ({ node: unit, derived: { target_code: t.code, target_value: t.value, source: p.source, provenance: p.provenance } }))),
];

// ---------------------------------------------------------------------------------------------
// The service system.

const SERVICE_SYSTEM_TABLES: QueryTable[] = [
  listTable<ProjectRow>("project-library", "projectLibrary", async (ctx, args) => {
    const filter = await projectFilterOf(ctx, args.filterBy as never, "");
    const order = orderOf(args.orderBy as { field: ProjectOrderField; direction: "ASC" | "DESC" } | null, "CODE");
    return { page: (page) => projectsConnection(ctx.db, filter, order, page, self) };
  }),
  listTable<MentorTeamRow>("mentor-teams", "mentorTeams", async (ctx, args) => {
    const filter = await mentorTeamFilterOf(ctx, args.filterBy as never, "");
    return {
      page: (page) => mentorTeamsConnection(ctx.db, filter, page, self),
      // `memberCount`, through its loader.
      async derive(nodes) {
        const sizes = await ctx.loaders.mentorTeamSize.loadMany(nodes.map((n) => n.code));
        return each(sizes, "member count").map((n) => ({ member_count: n }));
      },
    };
  }),
  listTable<MentorRow>("mentors", "mentors", async (ctx, args) => {
    const filter = await mentorFilterOf(ctx, args.filterBy as never, "");
    return { page: (page) => mentorsConnection(ctx.db, filter, page, self) };
  }),
  listTable<LecturerRow>("training-lecturers", "trainingLecturers", async (ctx, args) => {
    const filter = await lecturerFilterOf(ctx, args.filterBy as never, "");
    return { page: (page) => lecturersConnection(ctx.db, filter, page, self) };
  }),
  listTable<TrainingRow>("training-delivered", "trainingDelivered", async (ctx, args) => {
    const filter = await trainingFilterOf(ctx, args.filterBy as never, "");
    return { page: (page) => trainingConnection(ctx.db, filter, page, self) };
  }),
  listTable<ModelEntrepreneurRow>("model-entrepreneurs", "modelEntrepreneurs", async (ctx, args) => {
    const filter = await modelEntrepreneurFilterOf(ctx, args.filterBy as never, "");
    return { page: (page) => modelEntrepreneursConnection(ctx.db, filter, page, self), derive: (nodes) => nodes.map((n) => ({ beneficiary_group: n.beneficiaryGroupCode })) };
  }),
  listTable<EventRow>("entrepreneurship-events", "entrepreneurshipEvents", async (ctx, args) => {
    const filter = await eventFilterOf(ctx, args.filterBy as never, "");
    const order = orderOf(args.orderBy as { field: EventOrderField; direction: "ASC" | "DESC" } | null, "STARTS_ON");
    // `measure`: the measure that calls for the kind of event.
    return { page: (page) => eventsConnection(ctx.db, filter, order, page, self), derive: (nodes) => nodes.map((n) => ({ measure_code: eventMeasure(n.kind) })) };
  }),
  listTable<ServicePointRow>("service-points", "servicePoints", async (ctx, args) => {
    const filter = await servicePointFilterOf(ctx, args.filterBy as never, "");
    return { page: (page) => servicePointsConnection(ctx.db, filter, page, self) };
  }),
  // A row per member region of each zone, as the published file has them: `pilotZones { members }`.
  wholeTable("pilot-zones", "pilotZones", async (ctx) => {
    const zones = await allPilotZones(ctx.db);
    const members = each(await ctx.loaders.pilotZoneMembers.loadMany(zones.map((z) => z.code)), "members");
    return zones.flatMap((z, i) => members[i]!.map((region, m) => ({ node: z, derived: { zone_code: z.code, region_code: region, member_ordinal: m + 1, measure_code: z.sectionCode } })));
  }),
];

export const QUERY_TABLES: QueryTable[] = [
  loanStatisticsTable,
  listTable<RegionRow>("regions", "regions", async (ctx, args) => {
    const filter = await regionFilterOf(ctx, args.filterBy as never, "");
    return { page: (page) => regionsConnection(ctx.db, filter, page, self) };
  }),
  listTable<IncubatorBaseRow>("incubator-bases", "incubatorBases", async (ctx, args) => {
    const filter = await incubatorFilterOf(ctx, args.filterBy as never, "");
    const order = orderOf(args.orderBy as { field: IncubatorOrderField; direction: "ASC" | "DESC" } | null, "CODE");
    return { page: (page) => incubatorsConnection(ctx.db, filter, order, page, self) };
  }),
  listTable<DemonstrationBrandRow>("demonstration-brands", "demonstrationBrands", async (ctx, args) => {
    const filter = await brandFilterOf(ctx, args.filterBy as never, "");
    const order = orderOf(args.orderBy as { field: BrandOrderField; direction: "ASC" | "DESC" } | null, "CODE");
    return { page: (page) => brandsConnection(ctx.db, filter, order, page, self) };
  }),
  listTable<PartnerBankRow>("partner-banks", "partnerBanks", async (ctx) => ({ page: (page) => banksConnection(ctx.db, page, self) })),
  listTable<SeriesRow>(
    "indicator-observations",
    "indicatorObservations",
    async (ctx, args) => {
      // `asOf` (the figures as the service answered at that instant) and SDMX's periods, as in GraphQL.
      const filter = await indicatorFilterOf(ctx, args.filterBy as never, args.other as IndicatorArguments, "");
      return { page: (page) => indicatorsConnection(ctx.db, filter, page, self) };
    },
    {
      arguments: ["startPeriod", "endPeriod", "lastN", "asOf"],
      // The list holds derived region-wide sums beside the reported figures (the published file only
      // the latter): each row says which it is, as the API's fields do.
      extra: [
      { name: "method", type: "string", titleZh: "取得方式", titleEn: "Method", descriptionZh: "REPORTED 报告值；SUM_OF_COUNTIES 由旗县加总；SUM_OF_LEAGUES 由盟市加总。", descriptionEn: "REPORTED, or a sum: SUM_OF_COUNTIES (a league's) or SUM_OF_LEAGUES (the region's).", required: true, enum: ["REPORTED", "SUM_OF_COUNTIES", "SUM_OF_LEAGUES"] },
      { name: "parts_summed", type: "integer", titleZh: "已加总部分", titleEn: "Parts summed", descriptionZh: "加总值中有数值的部分数；报告值为空。", descriptionEn: "For a sum: how many parts had a figure; empty for a reported figure." },
      { name: "parts_expected", type: "integer", titleZh: "应有部分", titleEn: "Parts expected", descriptionZh: "该地区的部分数；报告值为空。", descriptionEn: "For a sum: how many parts the region has; empty for a reported figure." },
      { name: "complete", type: "boolean", titleZh: "是否完整", titleEn: "Complete", descriptionZh: "加总缺少部分时为 false；报告值为 true。", descriptionEn: "False for a sum with a part missing (it understates the region's figure); true for reported figures.", required: true },
      ],
    },
  ),
  listTable<TargetRow>("targets", "targets", async (ctx, args) => {
    const filter = targetFilterOf(args.filterBy as never, "");
    return {
      page: (page) => targetsConnection(ctx.db, filter, page, self),
      // The plan a target belongs to, as `Target.plan` finds it: its section if a plan, a measure's plan.
      async derive(nodes) {
        const sections = await ctx.loaders.section.loadMany(nodes.map((n) => n.sectionCode));
        return nodes.map((n, i) => {
          const s = sections[i];
          if (!s || s instanceof Error) throw new Error(`target ${n.code} has no section`);
          return { plan_code: s.kind === "PLAN" ? s.code : s.kind === "MEASURE" ? s.parentCode : null, beneficiary_group: n.beneficiaryGroupCode };
        });
      },
    };
  }),
  measuresTable,
  listTable<DepartmentRow>("departments", "departments", async (_ctx, args) => {
    const filter = departmentFilterOf(args.filterBy as never);
    return { page: (page) => departmentsConnection(_ctx.db, filter, page, self), derive: (nodes) => nodes.map((n) => ({ aliases: n.aliases.join(";") })) };
  }),
  ...POLICY_TABLES,
  ...INSTRUMENT_TABLES,
  ...PROGRESS_TABLES,
  ...SERVICE_SYSTEM_TABLES,
];

export function queryTable(name: string): QueryTable | undefined {
  return QUERY_TABLES.find((t) => t.name === name);
}
