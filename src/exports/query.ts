/**
 * Filtered downloads: the tables `GET /exports/query/<table>.<format>?…` streams (query-http.ts
 * serves them). Each is a public GraphQL list — its arguments are that field's `filterBy`,
 * `orderBy` and `groupBy` — answered by the very functions the resolver calls: the checked
 * filter (src/graphql/list-filters.ts), the service's connection, keyset page after keyset page
 * of the GraphQL page size, and for loan statistics the same table and the same `publicMeasures`
 * (src/disclosure through services/statistics.ts). So a download holds exactly the rows paging
 * through the GraphQL connection returns, in its order, with the same figures — and no more: it
 * cannot ask for anything the API would not answer. No table has SQL of its own here.
 *
 * Columns, names, titles and value formats are the published dataset's (catalogue.ts): a
 * download of a whole list is the published file's content, as of now.
 */
import type { DemonstrationBrandRow, DepartmentRow, IncubatorBaseRow, PartnerBankRow, PolicySectionRow, RegionRow, TargetRow } from "../db/schema/index.js";
import {
  brandFilterOf,
  departmentFilterOf,
  incubatorFilterOf,
  indicatorFilterOf,
  measureFilterOf,
  orderOf,
  publicStatisticsArgs,
  regionFilterOf,
  targetFilterOf,
  type CheckContext,
  type IndicatorArguments,
} from "../graphql/list-filters.js";
import type { Connection, ConnectionArgs } from "../graphql/pagination.js";
import { brandsConnection, type BrandOrderField } from "../services/brand.js";
import { departmentsConnection } from "../services/department.js";
import { incubatorsConnection, type IncubatorOrderField } from "../services/incubator.js";
import { indicatorsConnection, type SeriesRow } from "../services/indicator.js";
import { banksConnection } from "../services/loan.js";
import { measuresConnection } from "../services/policy.js";
import { regionsConnection } from "../services/region.js";
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

export interface QueryTable {
  /** The name in the URL: the published dataset's. */
  name: string;
  /** The GraphQL `Query` field whose arguments (and answer) it has. */
  field: string;
  /**
   * The field's arguments beside `groupBy`, `filterBy` and `orderBy` that the download takes as
   * parameters of the same name (`asOf`). Any other argument is not a parameter: a download
   * cannot be asked for something it would not pass on.
   */
  arguments?: string[];
  /** The published dataset: titles, licence, columns. */
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

/** How a list is read: its connection's pages, and the columns its rows do not hold themselves. */
interface ListReader<N> {
  page: (args: ConnectionArgs) => Promise<Connection<N>>;
  derive?: (nodes: N[]) => Promise<Record<string, unknown>[]> | Record<string, unknown>[];
}

/**
 * A list whose rows map column by column onto its published dataset — and onto `extra` columns,
 * for what the list answers beyond the published file (a derived figure's method).
 */
function listTable<N extends object>(
  name: string,
  field: string,
  reader: (ctx: CheckContext, args: QueryArgs) => Promise<ListReader<N>>,
  other: string[] = [],
  extra: DatasetColumn[] = [],
): QueryTable {
  const published = dataset(name);
  const d = { ...published, columns: [...published.columns, ...extra] };
  return {
    name,
    field,
    arguments: other,
    dataset: d,
    titleZh: d.titleZh,
    titleEn: d.titleEn,
    descriptionEn: d.descriptionEn,
    async open(ctx, args, pageSize) {
      const { page, derive } = await reader(ctx, args);
      return pagedQuery(d.columns, d.primaryKey, pageSize, page, async (nodes) => {
        const extra = derive ? await derive(nodes) : null;
        return nodes.map((n, i) => recordOf(n, d.columns, extra?.[i]));
      });
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
    ["startPeriod", "endPeriod", "lastN", "asOf"],
    // The list holds derived region-wide sums beside the reported figures (the published file only
    // the latter): each row says which it is, as the API's fields do.
    [
      { name: "method", type: "string", titleZh: "取得方式", titleEn: "Method", descriptionZh: "REPORTED 报告值；SUM_OF_COUNTIES 由旗县加总；SUM_OF_LEAGUES 由盟市加总。", descriptionEn: "REPORTED, or a sum: SUM_OF_COUNTIES (a league's) or SUM_OF_LEAGUES (the region's).", required: true, enum: ["REPORTED", "SUM_OF_COUNTIES", "SUM_OF_LEAGUES"] },
      { name: "parts_summed", type: "integer", titleZh: "已加总部分", titleEn: "Parts summed", descriptionZh: "加总值中有数值的部分数；报告值为空。", descriptionEn: "For a sum: how many parts had a figure; empty for a reported figure." },
      { name: "parts_expected", type: "integer", titleZh: "应有部分", titleEn: "Parts expected", descriptionZh: "该地区的部分数；报告值为空。", descriptionEn: "For a sum: how many parts the region has; empty for a reported figure." },
      { name: "complete", type: "boolean", titleZh: "是否完整", titleEn: "Complete", descriptionZh: "加总缺少部分时为 false；报告值为 true。", descriptionEn: "False for a sum with a part missing (it understates the region's figure); true for reported figures.", required: true },
    ],
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
];

export function queryTable(name: string): QueryTable | undefined {
  return QUERY_TABLES.find((t) => t.name === name);
}
