/**
 * The programme's structured facts that a parser cannot read off the text by itself:
 * English names, department kinds, and every target and support instrument with its
 * numbers as data. Each target and instrument carries `sourceQuote`, copied verbatim from the
 * section it cites; the seed refuses to run if a quote is not found word for word in that
 * section's cleaned text, so this file cannot drift from the document.
 */

export const DOCUMENT = {
  slug: "nzbf-2022-31",
  titleEn:
    "Notice of the General Office of the People's Government of Inner Mongolia Autonomous Region on Issuing the Implementation Plan of the \"Entrepreneurship Inner Mongolia Action\" (2022–2025)",
  planTitleEn: "Implementation Plan of the \"Entrepreneurship Inner Mongolia Action\" (2022–2025)",
  issuer: "内蒙古自治区人民政府办公厅",
  issuerEn: "General Office of the People's Government of Inner Mongolia Autonomous Region",
  periodStart: 2022,
  periodEnd: 2025,
  sourceNote:
    "Text of 内政办发〔2022〕31号 as published for the public (此件公开发布), from a web copy; page footers and line-wrap spaces removed, wording unchanged.",
} as const;

/** English titles of every section, by section code. */
export const SECTION_TITLES_EN: Record<string, string> = {
  PREAMBLE: "Preamble",
  C1: "General requirements",
  "C1-1": "Guiding ideology",
  "C1-2": "Basic principles",
  "C1-2-1": "Keep employment as the orientation",
  "C1-2-2": "Rely on government incentives",
  "C1-2-3": "Rely on social support",
  "C1-2-4": "Encourage self-employment",
  "C1-3": "Work goals",
  C2: "Key tasks and measures",
  P1: "Implement the \"Policy Support for Entrepreneurship\" plan",
  "P1-M1": "Strengthen financial policy support",
  "P1-M2": "Implement fiscal and tax policies",
  "P1-M3": "Integrate industrial policies",
  P2: "Implement the \"Full-Process Services for Entrepreneurship\" plan",
  "P2-M1": "Improve the entrepreneurship service system",
  "P2-M2": "Broaden entrepreneurship services",
  "P2-M3": "Innovate the entrepreneurship service model",
  P3: "Implement the \"Escort and Upgrade to Assist Entrepreneurship\" plan",
  "P3-M1": "Build an entrepreneurship project bank",
  "P3-M2": "Strengthen the corps of entrepreneurship mentors",
  "P3-M3": "Innovate entrepreneurship training and education",
  P4: "Implement the \"Nest-Building and Incubation for Entrepreneurship\" plan",
  "P4-M1": "Build a public entrepreneurship service platform",
  "P4-M2": "Upgrade entrepreneurship parks and incubation bases",
  "P4-M3": "Develop diverse entrepreneurship carriers",
  P5: "Implement the \"Support for Key Groups' Entrepreneurship\" plan",
  "P5-M1": "Launch start-up campaigns for college graduates and other young people",
  "P5-M2": "Step up support for rural migrant workers starting businesses at home",
  "P5-M3": "Bring more groups into entrepreneurship",
  P6: "Implement the \"Attracting and Cultivating Talent for Entrepreneurship\" plan",
  "P6-M1": "Support researchers leaving their posts to start companies",
  "P6-M2": "Encourage returned overseas scholars to start businesses in the region",
  "P6-M3": "Cultivate entrepreneurial talent",
  P7: "Implement the \"Fostering an Entrepreneurial Ecosystem\" plan",
  "P7-M1": "Improve the environment for entrepreneurship",
  "P7-M2": "Build entrepreneurship brands",
  "P7-M3": "Innovate the forms of entrepreneurship events",
  "P7-M4": "Step up publicity",
  C3: "Work requirements",
  "C3-1": "Strengthen organisation and leadership",
  "C3-2": "Secure funding",
  "C3-3": "Strengthen coordination",
  "C3-4": "Strengthen supervision and inspection",
};

export type DepartmentKind =
  | "REGIONAL_GOVERNMENT_DEPARTMENT"
  | "CENTRAL_AGENCY_BRANCH"
  | "PARTY_ORGAN"
  | "PEOPLES_ORGANIZATION"
  | "CITY_GOVERNMENT";

export interface DepartmentFact {
  slug: string;
  nameEn: string;
  kind: DepartmentKind;
  /** The full official name, when the document uses a shorter one. */
  officialName?: string;
  regionCode?: string;
}

/**
 * Every responsible party, keyed by the name the parser derives from the document
 * (`自治区` distributed over its run). The seed fails if the document names a party that is
 * missing here, or if a party here is never named.
 */
export const DEPARTMENTS: Record<string, DepartmentFact> = {
  自治区财政厅: { slug: "finance-department", nameEn: "Department of Finance of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区财政厅" },
  自治区人力资源社会保障厅: { slug: "human-resources-social-security-department", nameEn: "Department of Human Resources and Social Security of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区人力资源和社会保障厅" },
  自治区地方金融监管局: { slug: "local-financial-supervision-bureau", nameEn: "Local Financial Supervision and Administration Bureau of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区地方金融监督管理局" },
  内蒙古银保监局: { slug: "cbirc-inner-mongolia-office", nameEn: "Inner Mongolia Office of the China Banking and Insurance Regulatory Commission", kind: "CENTRAL_AGENCY_BRANCH", officialName: "中国银行保险监督管理委员会内蒙古监管局" },
  人民银行呼和浩特中心支行: { slug: "pboc-hohhot-central-sub-branch", nameEn: "Hohhot Central Sub-branch of the People's Bank of China", kind: "CENTRAL_AGENCY_BRANCH", officialName: "中国人民银行呼和浩特中心支行" },
  自治区发展改革委: { slug: "development-reform-commission", nameEn: "Development and Reform Commission of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区发展和改革委员会" },
  自治区教育厅: { slug: "education-department", nameEn: "Department of Education of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区教育厅" },
  自治区科技厅: { slug: "science-technology-department", nameEn: "Department of Science and Technology of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区科学技术厅" },
  自治区民政厅: { slug: "civil-affairs-department", nameEn: "Department of Civil Affairs of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区民政厅" },
  自治区农牧厅: { slug: "agriculture-animal-husbandry-department", nameEn: "Department of Agriculture and Animal Husbandry of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区农牧厅" },
  自治区退役军人事务厅: { slug: "veterans-affairs-department", nameEn: "Department of Veterans Affairs of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区退役军人事务厅" },
  自治区乡村振兴局: { slug: "rural-revitalization-bureau", nameEn: "Rural Revitalization Bureau of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区乡村振兴局" },
  内蒙古税务局: { slug: "inner-mongolia-tax-service", nameEn: "Inner Mongolia Tax Service of the State Taxation Administration", kind: "CENTRAL_AGENCY_BRANCH", officialName: "国家税务总局内蒙古自治区税务局" },
  呼和浩特市人民政府: { slug: "hohhot-municipal-government", nameEn: "People's Government of Hohhot", kind: "CITY_GOVERNMENT", regionCode: "150100" },
  包头市人民政府: { slug: "baotou-municipal-government", nameEn: "People's Government of Baotou", kind: "CITY_GOVERNMENT", regionCode: "150200" },
  通辽市人民政府: { slug: "tongliao-municipal-government", nameEn: "People's Government of Tongliao", kind: "CITY_GOVERNMENT", regionCode: "150500" },
  赤峰市人民政府: { slug: "chifeng-municipal-government", nameEn: "People's Government of Chifeng", kind: "CITY_GOVERNMENT", regionCode: "150400" },
  乌兰察布市人民政府: { slug: "ulanqab-municipal-government", nameEn: "People's Government of Ulanqab", kind: "CITY_GOVERNMENT", regionCode: "150900" },
  鄂尔多斯市人民政府: { slug: "ordos-municipal-government", nameEn: "People's Government of Ordos", kind: "CITY_GOVERNMENT", regionCode: "150600" },
  自治区工业和信息化厅: { slug: "industry-information-technology-department", nameEn: "Department of Industry and Information Technology of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区工业和信息化厅" },
  自治区市场监管局: { slug: "market-regulation-administration", nameEn: "Administration for Market Regulation of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区市场监督管理局" },
  自治区司法厅: { slug: "justice-department", nameEn: "Department of Justice of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区司法厅" },
  自治区住房城乡建设厅: { slug: "housing-urban-rural-development-department", nameEn: "Department of Housing and Urban-Rural Development of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区住房和城乡建设厅" },
  自治区残联: { slug: "disabled-persons-federation", nameEn: "Inner Mongolia Disabled Persons' Federation", kind: "PEOPLES_ORGANIZATION", officialName: "内蒙古自治区残疾人联合会" },
  自治区党委编办: { slug: "party-committee-establishment-office", nameEn: "Office of the Institutional Organization Commission of the CPC Inner Mongolia Autonomous Region Committee", kind: "PARTY_ORGAN", officialName: "中共内蒙古自治区委员会机构编制委员会办公室" },
  自治区政务服务局: { slug: "government-services-bureau", nameEn: "Government Services Bureau of Inner Mongolia Autonomous Region", kind: "REGIONAL_GOVERNMENT_DEPARTMENT", officialName: "内蒙古自治区政务服务局" },
  自治区党委宣传部: { slug: "party-committee-publicity-department", nameEn: "Publicity Department of the CPC Inner Mongolia Autonomous Region Committee", kind: "PARTY_ORGAN", officialName: "中共内蒙古自治区委员会宣传部" },
};

// The groups are a closed set the API's enum is built from: they live beside their table.
export { BENEFICIARY_GROUPS, type BeneficiaryGroupFact } from "../schema/instrument.js";

export interface TargetFact {
  code: string;
  sectionCode: string;
  metric: string;
  metricName: string;
  metricNameEn: string;
  comparator: "AT_LEAST" | "EXACTLY" | "AT_MOST";
  value: string;
  unit: "PERSONS" | "PROJECTS" | "CNY" | "BASES" | "MAKER_SPACES" | "BRANDS" | "PERCENT";
  scope: "REGION_WIDE" | "PER_LEAGUE" | "PER_COUNTY" | "PER_MENTOR_TEAM" | "PER_PARK";
  period: "BY_DUE_YEAR" | "CUMULATIVE_BY_DUE_YEAR" | "PER_YEAR" | "STANDING";
  dueYear: number | null;
  sourceQuote: string;
  beneficiaryGroupCode?: string;
}

/** Every quantitative target, in document order. */
export const TARGETS: TargetFact[] = [
  { code: "supported-entrepreneurs", sectionCode: "C1-3", metric: "supported_entrepreneurs", metricName: "扶持创业人数", metricNameEn: "People supported in starting a business", comparator: "AT_LEAST", value: "120000", unit: "PERSONS", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "到2025年,全区扶持创业12万人以上" },
  { code: "jobs-created", sectionCode: "C1-3", metric: "jobs_created", metricName: "带动就业人数", metricNameEn: "Jobs created by entrepreneurship", comparator: "AT_LEAST", value: "350000", unit: "PERSONS", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "带动就业35万人以上" },
  { code: "guarantee-loans-issued", sectionCode: "P1", metric: "guarantee_loans_issued_amount", metricName: "累计发放创业担保贷款", metricNameEn: "Cumulative entrepreneurship guarantee loans issued", comparator: "AT_LEAST", value: "5000000000", unit: "CNY", scope: "REGION_WIDE", period: "CUMULATIVE_BY_DUE_YEAR", dueYear: 2025, sourceQuote: "力争到2025年,全区累计发放创业担保贷款50亿元以上" },
  { code: "project-bank-projects", sectionCode: "P3", metric: "project_bank_projects", metricName: "创业项目库储备创业项目", metricNameEn: "Projects held in the entrepreneurship project bank", comparator: "AT_LEAST", value: "15000", unit: "PROJECTS", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "到2025年,全区创业项目库储备创业项目1.5万个以上" },
  { code: "high-level-trainers", sectionCode: "P3", metric: "high_level_trainers", metricName: "高水平创业培训讲师", metricNameEn: "High-level entrepreneurship trainers (incl. practical-training and online-training trainers)", comparator: "AT_LEAST", value: "1000", unit: "PERSONS", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "全区高水平创业培训讲师(含创业实训讲师、网络创业培训讲师)规模达到1000名以上" },
  { code: "entrepreneurship-trainees", sectionCode: "P3", metric: "entrepreneurship_trainees", metricName: "组织开展创业培训人数", metricNameEn: "People given entrepreneurship training", comparator: "AT_LEAST", value: "100000", unit: "PERSONS", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "全区组织开展创业培训10万人以上" },
  { code: "county-projects-collected", sectionCode: "P3-M1", metric: "county_projects_collected", metricName: "每个旗县(市、区)开发、收集创业项目", metricNameEn: "Entrepreneurship projects developed or collected per county-level unit", comparator: "AT_LEAST", value: "100", unit: "PROJECTS", scope: "PER_COUNTY", period: "STANDING", dueYear: null, sourceQuote: "每个旗县(市、区)开发、收集符合当地创业条件的创业项目不少于100个" },
  { code: "county-mentor-team-members", sectionCode: "P3-M2", metric: "county_mentor_team_members", metricName: "旗县(市、区)创业导师服务团成员", metricNameEn: "Members of each county-level entrepreneurship mentor team", comparator: "AT_LEAST", value: "10", unit: "PERSONS", scope: "PER_MENTOR_TEAM", period: "STANDING", dueYear: null, sourceQuote: "旗县(市、区)创业导师服务团成员原则上不少于10人" },
  { code: "national-incubation-bases", sectionCode: "P4", metric: "national_incubation_bases", metricName: "国家级创业孵化示范基地", metricNameEn: "National-level entrepreneurship incubation demonstration bases", comparator: "AT_LEAST", value: "8", unit: "BASES", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "力争建成国家级创业孵化示范基地8个以上" },
  { code: "national-maker-spaces", sectionCode: "P4", metric: "national_maker_spaces", metricName: "国家级众创空间", metricNameEn: "National-level maker spaces", comparator: "AT_LEAST", value: "60", unit: "MAKER_SPACES", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "众创空间60个以上" },
  { code: "regional-incubation-bases", sectionCode: "P4", metric: "regional_incubation_bases", metricName: "自治区级创业孵化示范基地", metricNameEn: "Autonomous-region-level entrepreneurship incubation demonstration bases", comparator: "AT_LEAST", value: "70", unit: "BASES", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "建成自治区级创业孵化示范基地70个以上" },
  { code: "regional-maker-spaces", sectionCode: "P4", metric: "regional_maker_spaces", metricName: "自治区级众创空间", metricNameEn: "Autonomous-region-level maker spaces", comparator: "AT_LEAST", value: "210", unit: "MAKER_SPACES", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "众创空间210个以上" },
  { code: "annual-incubation-award-funding", sectionCode: "P4-M2", metric: "annual_incubation_award_funding", metricName: "自治区每年安排的创业平台载体奖补资金", metricNameEn: "Annual regional award-and-subsidy funding for entrepreneurship platforms", comparator: "AT_LEAST", value: "60000000", unit: "CNY", scope: "REGION_WIDE", period: "PER_YEAR", dueYear: null, sourceQuote: "自治区每年安排不低于6000万元的奖补资金" },
  { code: "park-free-space-share", sectionCode: "P4-M2", metric: "park_free_space_share", metricName: "政府开发的创业园孵化基地免费场地比例", metricNameEn: "Share of space in government-built parks and incubation bases offered free of charge", comparator: "AT_LEAST", value: "30", unit: "PERCENT", scope: "PER_PARK", period: "STANDING", dueYear: null, sourceQuote: "政府开发的创业园孵化基地应安排不低于30%的场地" },
  { code: "graduate-practical-trainees", sectionCode: "P5", metric: "graduate_practical_trainees", metricName: "组织高校毕业生创业实训人数", metricNameEn: "College graduates given practical entrepreneurship training", comparator: "AT_LEAST", value: "40000", unit: "PERSONS", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "组织高校毕业生创业实训4万人以上", beneficiaryGroupCode: "COLLEGE_GRADUATES" },
  { code: "rural-labor-trainees", sectionCode: "P5", metric: "rural_labor_trainees", metricName: "农村牧区转移就业劳动力创业培训人数", metricNameEn: "Rural transferred labourers given entrepreneurship training", comparator: "AT_LEAST", value: "30000", unit: "PERSONS", scope: "REGION_WIDE", period: "BY_DUE_YEAR", dueYear: 2025, sourceQuote: "农村牧区转移就业劳动力创业培训3万人以上", beneficiaryGroupCode: "RURAL_TRANSFERRED_LABOR" },
  { code: "annual-model-entrepreneurs", sectionCode: "P7-M2", metric: "annual_model_entrepreneurs", metricName: "自治区每年培养各类创业者典型", metricNameEn: "Model entrepreneurs cultivated by the region each year", comparator: "EXACTLY", value: "100", unit: "PERSONS", scope: "REGION_WIDE", period: "PER_YEAR", dueYear: null, sourceQuote: "自治区每年培养100名各类创业者典型" },
  { code: "league-regional-brands", sectionCode: "P7-M2", metric: "league_regional_brands", metricName: "每个盟市培育地区性创业品牌", metricNameEn: "Influential regional entrepreneurship brands per league-level unit", comparator: "AT_LEAST", value: "1", unit: "BRANDS", scope: "PER_LEAGUE", period: "STANDING", dueYear: null, sourceQuote: "每个盟市至少培育1个有影响力、叫得响的地区性创业品牌" },
];

/**
 * How each metric's figures behave (src/db/schema/metric.ts): stock or flow, whether the figures
 * of parts add up to the whole, how often they come, and what one figure is. Keyed by the metric
 * code; a metric of a target takes its names and unit from the target, so they cannot disagree.
 * Per-unit norms, shares and per-league counts are NOT_ADDITIVE: what matters is each unit's own
 * figure, which a sum hides.
 */
export interface MetricFact {
  kind: "STOCK" | "FLOW";
  additivity: "ADDITIVE" | "NOT_ADDITIVE";
  /** Why a NOT_ADDITIVE metric is not summed: [Chinese, English]. */
  additivityNote?: [string, string];
  frequency: "QUARTERLY" | "ANNUAL";
  /** What one figure is: [Chinese, English]. */
  description: [string, string];
}

const PER_COUNTY_NORM: [string, string] = [
  "每个旗县（市、区）各自须达到的标准：看每个旗县自己的数字（最低者），各旗县相加的总数说明不了是否达标。",
  "A norm each county-level unit must meet on its own: each county's figure counts (the lowest one), and a total over counties says nothing about whether each meets it.",
];

export const METRICS: Record<string, MetricFact> = {
  supported_entrepreneurs: { kind: "FLOW", additivity: "ADDITIVE", frequency: "QUARTERLY", description: ["当季扶持创业的人数（各盟市报告）。", "People supported in starting a business during the quarter, as each league reports them."] },
  jobs_created: { kind: "FLOW", additivity: "ADDITIVE", frequency: "QUARTERLY", description: ["当季创业带动就业的人数（各盟市报告）。", "Jobs created by entrepreneurship during the quarter, as each league reports them."] },
  guarantee_loans_issued_amount: { kind: "FLOW", additivity: "ADDITIVE", frequency: "QUARTERLY", description: ["当季发放的创业担保贷款金额（元），即 loanStatistics 按季度公布的数（经单元键法保护）。", "Guarantee loans issued during the quarter (CNY): the quarterly figures loanStatistics publishes (protected by the cell key method)."] },
  project_bank_projects: { kind: "STOCK", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["年末创业项目库储备的项目数。", "Projects held in the project library at the end of the year."] },
  high_level_trainers: { kind: "STOCK", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["年末高水平创业培训讲师人数。", "High-level entrepreneurship trainers certified by the end of the year."] },
  entrepreneurship_trainees: { kind: "FLOW", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["当年组织创业培训的人数。", "People given entrepreneurship training during the year."] },
  county_projects_collected: { kind: "STOCK", additivity: "NOT_ADDITIVE", additivityNote: PER_COUNTY_NORM, frequency: "ANNUAL", description: ["年末每个旗县（市、区）开发、收集的创业项目数。", "Entrepreneurship projects each county-level unit has developed or collected by the end of the year."] },
  county_mentor_team_members: { kind: "STOCK", additivity: "NOT_ADDITIVE", additivityNote: PER_COUNTY_NORM, frequency: "ANNUAL", description: ["年末每个旗县创业导师服务团的成员数。", "Members of each county-level mentor team at the end of the year."] },
  national_incubation_bases: { kind: "STOCK", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["年末已认定的国家级创业孵化示范基地数。", "National-level incubation demonstration bases recognised by the end of the year."] },
  national_maker_spaces: { kind: "STOCK", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["年末已认定的国家级众创空间数。", "National-level maker spaces recognised by the end of the year."] },
  regional_incubation_bases: { kind: "STOCK", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["年末已认定的自治区级创业孵化示范基地数。", "Autonomous-region-level incubation demonstration bases recognised by the end of the year."] },
  regional_maker_spaces: { kind: "STOCK", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["年末已认定的自治区级众创空间数。", "Autonomous-region-level maker spaces recognised by the end of the year."] },
  annual_incubation_award_funding: { kind: "FLOW", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["自治区当年安排的创业平台载体奖补资金（元）。", "Award-and-subsidy funding the region arranges for entrepreneurship platforms during the year (CNY)."] },
  park_free_space_share: {
    kind: "STOCK",
    additivity: "NOT_ADDITIVE",
    additivityNote: ["比例（百分比）不能相加；且标准针对每个政府开发的园区、基地各自适用。", "A share (percent) of each park's space: shares do not add up, and the norm applies to each government-built park on its own."],
    frequency: "ANNUAL",
    description: ["政府开发的创业园、孵化基地免费提供的场地比例（百分比）。", "Share of space a government-built park or incubation base offers free of charge (percent)."],
  },
  graduate_practical_trainees: { kind: "FLOW", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["当年组织高校毕业生创业实训的人数。", "College graduates given practical entrepreneurship training during the year."] },
  rural_labor_trainees: { kind: "FLOW", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["当年农村牧区转移就业劳动力接受创业培训的人数。", "Rural transferred labourers given entrepreneurship training during the year."] },
  annual_model_entrepreneurs: { kind: "FLOW", additivity: "ADDITIVE", frequency: "ANNUAL", description: ["当年培养的各类创业者典型人数。", "Model entrepreneurs named during the year."] },
  league_regional_brands: {
    kind: "STOCK",
    additivity: "NOT_ADDITIVE",
    additivityNote: ["每个盟市各自须达到的标准（至少1个地区性创业品牌）：各盟市相加的总数看不出哪个盟市还没有。", "A norm each league must meet on its own (at least one regional brand each): a total over leagues cannot show a league that has none."],
    frequency: "ANNUAL",
    description: ["年末每个盟市已培育的地区性创业品牌数。", "Regional entrepreneurship brands each league has cultivated by the end of the year."],
  },
};

export type InstrumentAudience = "INDIVIDUAL" | "ENTERPRISE" | "BASE_OPERATOR" | "INSTITUTION" | "LOCAL_GOVERNMENT";

export interface InstrumentFact {
  code: string;
  sectionCode: string;
  kind: "SUBSIDY" | "REWARD" | "FUNDING" | "EQUITY_INVESTMENT" | "LOAN_RULE" | "PREMISES" | "PERSONNEL_RULE" | "PREFERENTIAL_POLICY";
  /** Who receives it: a person, a business, the operator of a base/park/studio, an institution, a local government. */
  audiences: InstrumentAudience[];
  /** Funds (FUNDS codes) the instrument draws on or is paid from. */
  funds?: string[];
  name: string;
  nameEn: string;
  amountType: "FIXED" | "MINIMUM" | "MAXIMUM" | "RELATIVE" | "UNSPECIFIED";
  /** CNY with two decimals, or null. */
  amount: string | null;
  amountUnit: "PERSON" | "HOUSEHOLD" | "NEW_EMPLOYEE" | "STUDIO" | "BASE" | "LOAN" | "PERSON_MONTH" | "YEAR" | "NOT_APPLICABLE";
  payment: "ONE_OFF" | "MONTHLY" | "ANNUAL" | "NOT_APPLICABLE";
  relative?: { base: string; baseEn: string; baseCode: "CLASS_I_MINIMUM_WAGE"; rate: string };
  maxDurationMonths?: number;
  conditions: string;
  conditionsEn: string;
  fundingSource?: string;
  sourceQuote: string;
  groups: string[];
  exclusiveWith?: string[];
}

/** Every subsidy, reward, loan rule and personnel rule, in document order. */
export const INSTRUMENTS: InstrumentFact[] = [
  {
    code: "early-stage-venture-investment", sectionCode: "P1-M1", kind: "EQUITY_INVESTMENT",
    audiences: ["ENTERPRISE"], funds: ["venture-capital-guidance-fund", "private-equity-funds"],
    name: "创业投资引导基金和私募股权基金加大初创期、种子期投入", nameEn: "More venture-guidance and private-equity investment in seed- and start-up-stage firms",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "初创期、种子期创业企业", conditionsEn: "Start-ups in their seed or early stage, through the venture-capital guidance fund and private equity funds.",
    sourceQuote: "更好发挥创业投资引导基金和私募股权基金作用,加大初创期、种子期投入", groups: [],
  },
  {
    code: "enterprise-bond-issuance", sectionCode: "P1-M1", kind: "PREFERENTIAL_POLICY",
    audiences: ["ENTERPRISE"],
    name: "支持符合条件的企业发行企业债券", nameEn: "Support for eligible enterprises issuing corporate bonds",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "符合条件的企业", conditionsEn: "Enterprises that meet the (national) conditions for issuing corporate bonds.",
    sourceQuote: "支持符合条件的企业发行企业债券", groups: [],
  },
  {
    code: "guarantee-loan-no-residence-restriction", sectionCode: "P1-M1", kind: "LOAN_RULE",
    audiences: ["INDIVIDUAL", "ENTERPRISE"],
    name: "创业担保贷款不受户籍所在地限制", nameEn: "Guarantee loans regardless of household registration",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "在自治区范围内申请创业担保贷款", conditionsEn: "Applies to entrepreneurship guarantee loans applied for anywhere in the autonomous region; where the borrower's household is registered does not matter.",
    sourceQuote: "落实创业担保贷款政策,在自治区范围内申请贷款不受户籍所在地限制", groups: [],
  },
  {
    code: "guarantee-loan-higher-limits", sectionCode: "P1-M1", kind: "LOAN_RULE",
    audiences: ["INDIVIDUAL"],
    name: "提高个人单笔贷款最高额度、延长贷款期限", nameEn: "Higher individual loan ceilings and longer terms where conditions permit",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "LOAN", payment: "NOT_APPLICABLE",
    conditions: "有条件的地区", conditionsEn: "Leagues and counties that can afford it may raise the ceiling of a single individual guarantee loan and extend its term.",
    sourceQuote: "有条件的地区可适当提高个人单笔贷款最高额度,延长贷款期限", groups: [],
  },
  {
    code: "counter-guarantee-waiver", sectionCode: "P1-M1", kind: "LOAN_RULE",
    audiences: ["INDIVIDUAL"],
    name: "取消反担保", nameEn: "Counter-guarantee waived",
    amountType: "MAXIMUM", amount: "100000.00", amountUnit: "LOAN", payment: "NOT_APPLICABLE",
    conditions: "个人10万元以下创业担保贷款、获得盟市级以上荣誉称号以及金融机构评估认定信用良好的创业者,原则上取消反担保",
    conditionsEn: "In principle no counter-guarantee is required for individual guarantee loans of 100,000 CNY or less, for entrepreneurs holding an honorary title of league level or above, and for entrepreneurs rated creditworthy by the lending institution.",
    sourceQuote: "对个人10万元以下创业担保贷款、获得盟市级以上荣誉称号以及金融机构评估认定信用良好的创业者,原则上取消反担保", groups: [],
  },
  {
    code: "small-enterprise-guarantee-loan-hiring-ratio", sectionCode: "P1-M1", kind: "LOAN_RULE",
    audiences: ["ENTERPRISE"],
    name: "小微企业创业担保贷款招用符合条件人员降低比例", nameEn: "Lower hiring ratio for small and micro enterprise guarantee loans",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "LOAN", payment: "NOT_APPLICABLE",
    conditions: "小微企业申请创业担保贷款", conditionsEn: "Small and micro enterprises qualify for a guarantee loan with a lower share of newly hired eligible workers.",
    sourceQuote: "落实小微企业创业担保贷款招用符合条件人员降低比例政策", groups: [],
  },
  {
    code: "startup-tax-preferences", sectionCode: "P1-M2", kind: "PREFERENTIAL_POLICY",
    audiences: ["INDIVIDUAL", "ENTERPRISE"],
    name: "国家、自治区扶持创业税收优惠政策", nameEn: "National and regional tax preferences for start-ups",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "按国家、自治区扶持创业税收优惠政策的规定", conditionsEn: "As the national and regional tax-preference rules for start-ups provide; the document sets no conditions of its own.",
    sourceQuote: "全面落实国家、自治区扶持创业税收优惠政策", groups: [],
  },
  {
    code: "national-guidance-fund-support", sectionCode: "P1-M2", kind: "EQUITY_INVESTMENT",
    audiences: ["ENTERPRISE"], funds: ["national-emerging-industry-venture-guidance-fund", "national-sme-development-fund", "national-technology-transfer-guidance-fund"],
    name: "争取国家新兴产业创业投资引导资金、国家中小企业发展基金、国家科技成果转化引导资金支持", nameEn: "Support sought from the national emerging-industry venture guidance fund, the national SME development fund and the national technology-transfer guidance fund",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "按各国家基金的规定", conditionsEn: "The region seeks the national funds' support for its start-ups; who receives it is decided under each fund's own rules.",
    sourceQuote: "积极争取国家新兴产业创业投资引导资金、国家中小企业发展基金、国家科技成果转化引导资金的支持", groups: [],
  },
  {
    code: "regional-development-fund-investment", sectionCode: "P1-M2", kind: "EQUITY_INVESTMENT",
    audiences: ["ENTERPRISE"], funds: ["regional-entrepreneurship-development-fund"],
    name: "自治区创业发展资金投入", nameEn: "Investment from the regional entrepreneurship development fund",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "按自治区创业发展资金投入政策", conditionsEn: "Under the investment policy of the autonomous region's entrepreneurship development fund.",
    sourceQuote: "认真落实自治区创业发展资金投入政策", groups: [],
  },
  {
    code: "rent-subsidy", sectionCode: "P1-M2", kind: "SUBSIDY",
    audiences: ["INDIVIDUAL", "ENTERPRISE"], funds: ["fiscal-funds"],
    name: "场租补贴", nameEn: "Rent subsidy for business premises",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "完善落实场租补贴政策;本文件未规定对象和标准", conditionsEn: "The document names it without conditions or an amount; who qualifies and how much are left to local rules.",
    fundingSource: "财政资金",
    sourceQuote: "发挥财政资金杠杆放大效应,完善落实一次性创业补贴、场租补贴等政策", groups: [],
  },
  {
    code: "one-time-startup-subsidy", sectionCode: "P1-M2", kind: "SUBSIDY",
    audiences: ["INDIVIDUAL"], funds: ["fiscal-funds"],
    name: "一次性创业补贴", nameEn: "One-time start-up subsidy",
    amountType: "MINIMUM", amount: "5000.00", amountUnit: "PERSON", payment: "ONE_OFF",
    conditions: "首次成功创业,在相关部门登记注册正常经营1年以上,带动其他劳动者就业且正常申报纳税",
    conditionsEn: "First successful business, registered and operating normally for more than one year, employing other workers and filing taxes normally.",
    fundingSource: "财政资金",
    sourceQuote: "对首次成功创业的登记失业人员、就业困难人员、离校两年内未就业高校毕业生(含在校生)、退役军人、返乡入乡创业农牧民工、残疾人等,在相关部门登记注册正常经营1年以上,带动其他劳动者就业且正常申报纳税的,给予不低于5000元一次性创业补贴",
    groups: ["REGISTERED_UNEMPLOYED", "PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", "COLLEGE_GRADUATES", "COLLEGE_STUDENTS", "VETERANS", "RURAL_MIGRANT_WORKERS", "PEOPLE_WITH_DISABILITIES"],
    exclusiveWith: ["incubation-subsidy"],
  },
  {
    code: "priority-support-for-excellent-projects", sectionCode: "P1-M3", kind: "PREFERENTIAL_POLICY",
    audiences: ["INDIVIDUAL", "ENTERPRISE"],
    name: "优秀创业项目政策倾斜和重点扶持", nameEn: "Policy priority and focused support for excellent start-up projects in strategic sectors",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "新能源、新材料、生物医药、电子信息、节能环保等战略新兴产业以及文化产业、现代服务业、创新创意产业、互联网、物联网、现代农牧业、公益服务等领域的优秀创业项目",
    conditionsEn: "Excellent start-up projects in strategic emerging industries (new energy, new materials, biomedicine, electronic information, energy saving and environmental protection) and in culture, modern services, creative industries, the internet, the internet of things, modern agriculture and animal husbandry, and public-interest services.",
    sourceQuote: "在新能源、新材料、生物医药、电子信息、节能环保等战略新兴产业以及文化产业、现代服务业、创新创意产业、互联网、物联网、现代农牧业、公益服务等领域,对优秀创业项目给予政策倾斜和重点扶持", groups: [],
  },
  {
    code: "industrial-policy-pilot-award", sectionCode: "P1-M3", kind: "REWARD",
    audiences: ["LOCAL_GOVERNMENT"], funds: ["regional-emerging-industry-startup-guidance-fund"],
    name: "产业政策融合支持创新创业试验区(试点)奖补", nameEn: "Awards for industrial-policy integration pilot zones",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "呼和浩特市“呼包鄂乌”试验区,通辽市、赤峰市“双子星”试点", conditionsEn: "The Hohhot–Baotou–Ordos–Ulanqab pilot zone led by Hohhot and the Tongliao/Chifeng \"twin stars\" pilots.",
    fundingSource: "自治区新兴产业创业引导资金",
    sourceQuote: "并从自治区新兴产业创业引导资金中给予奖补支持", groups: [],
  },
  {
    code: "internship-subsidy", sectionCode: "P2-M2", kind: "SUBSIDY",
    audiences: ["INDIVIDUAL"],
    name: "创业见习补贴", nameEn: "Entrepreneurship internship subsidy",
    amountType: "RELATIVE", amount: null, amountUnit: "PERSON_MONTH", payment: "MONTHLY",
    relative: { base: "自治区一类地区最低工资标准", baseEn: "the autonomous region's class-I area minimum wage", baseCode: "CLASS_I_MINIMUM_WAGE", rate: "0.6000" },
    maxDurationMonths: 12,
    conditions: "参加“见习+孵化”后6个月内成功创业", conditionsEn: "Young college students who start a business successfully within 6 months of an \"internship + incubation\" placement; 60% of the class-I minimum wage, for at most 12 months.",
    sourceQuote: "对参加“见习+孵化”后6个月内成功创业的,按自治区一类地区最低工资标准60%给予创业见习补贴,见习期限最长不超过12个月",
    groups: ["COLLEGE_STUDENTS", "COLLEGE_GRADUATES"],
  },
  {
    code: "mentor-studio-award", sectionCode: "P3-M2", kind: "REWARD",
    audiences: ["BASE_OPERATOR"],
    name: "创业指导大师工作室一次性奖补", nameEn: "One-off award for master entrepreneurship-mentor studios",
    amountType: "FIXED", amount: "100000.00", amountUnit: "STUDIO", payment: "ONE_OFF",
    conditions: "自治区征集公布的“创业指导大师工作室”", conditionsEn: "Studios selected and announced by the autonomous region.",
    sourceQuote: "对自治区征集公布的“创业指导大师工作室”按照10万元的标准给予一次性奖补", groups: [],
  },
  {
    code: "mentor-expense-allowance", sectionCode: "P3-M2", kind: "SUBSIDY",
    audiences: ["INDIVIDUAL"], funds: ["employment-subsidy-fund"],
    name: "创业导师交通和师资费补助", nameEn: "Travel and fee allowance for entrepreneurship mentors",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "PERSON", payment: "NOT_APPLICABLE",
    conditions: "各地区按照相关规定", conditionsEn: "Paid by leagues and counties under the relevant rules.",
    fundingSource: "就业补助资金",
    sourceQuote: "各地区可按照相关规定,对创业导师交通和师资费给予补助,所需资金从就业补助资金中列支", groups: [],
  },
  {
    code: "practical-training-subsidy", sectionCode: "P3-M3", kind: "SUBSIDY",
    audiences: ["INDIVIDUAL", "INSTITUTION"],
    name: "高校毕业生创业实训培训补贴", nameEn: "Training subsidy for college graduates' practical entrepreneurship training",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "PERSON", payment: "NOT_APPLICABLE",
    conditions: "高校毕业生创业实训可采取全程网上培训、网上考核方式组织开展", conditionsEn: "Practical training for college graduates, which may be delivered and assessed fully online.",
    sourceQuote: "高校毕业生创业实训可采取全程网上培训、网上考核方式组织开展,并按规定给予培训补贴", groups: ["COLLEGE_STUDENTS", "COLLEGE_GRADUATES"],
  },
  {
    code: "incubation-platform-awards", sectionCode: "P4-M2", kind: "FUNDING",
    audiences: ["BASE_OPERATOR"], funds: ["regional-incubation-award-funds"],
    name: "创业平台载体奖补资金", nameEn: "Annual award-and-subsidy fund for entrepreneurship platforms",
    amountType: "MINIMUM", amount: "60000000.00", amountUnit: "YEAR", payment: "ANNUAL",
    conditions: "由盟市通过绩效评估方式给予奖补", conditionsEn: "At least 60 million CNY a year from the autonomous region, awarded by the leagues after performance evaluation.",
    sourceQuote: "自治区每年安排不低于6000万元的奖补资金,由盟市通过绩效评估方式给予奖补", groups: [],
  },
  {
    code: "national-incubation-base-award", sectionCode: "P4-M2", kind: "REWARD",
    audiences: ["BASE_OPERATOR"],
    name: "国家级创业孵化示范基地一次性奖励", nameEn: "One-off award for newly announced national incubation demonstration bases",
    amountType: "MAXIMUM", amount: "1000000.00", amountUnit: "BASE", payment: "ONE_OFF",
    conditions: "新公布的国家级创业孵化示范基地", conditionsEn: "Bases newly announced as national-level entrepreneurship incubation demonstration bases.",
    sourceQuote: "对新公布的国家级创业孵化示范基地,一次性给予不超过100万元的奖励", groups: [],
  },
  {
    code: "incubation-subsidy", sectionCode: "P4-M2", kind: "SUBSIDY",
    audiences: ["BASE_OPERATOR"], funds: ["employment-subsidy-fund"],
    name: "创业孵化补贴", nameEn: "Incubation subsidy",
    amountType: "MAXIMUM", amount: "5000.00", amountUnit: "HOUSEHOLD", payment: "ONE_OFF",
    conditions: "依法设立、促进就业成效明显的各类创业园孵化基地,按实际孵化成功(注册登记并搬离基地)户数",
    conditionsEn: "Paid to lawfully established parks and incubation bases with clear employment results, per tenant successfully incubated (registered and moved out of the base).",
    fundingSource: "就业补助资金",
    sourceQuote: "可按实际孵化成功(注册登记并搬离基地)户数给予每户不超过5000元的创业孵化补贴(创业孵化补贴与一次性创业补贴不得重复享受)",
    groups: [], exclusiveWith: ["one-time-startup-subsidy"],
  },
  {
    code: "job-creation-subsidy", sectionCode: "P4-M2", kind: "SUBSIDY",
    audiences: ["ENTERPRISE"], funds: ["employment-subsidy-fund"],
    name: "创业带动就业补贴", nameEn: "Job-creation subsidy for incubated enterprises",
    amountType: "FIXED", amount: "3000.00", amountUnit: "NEW_EMPLOYEE", payment: "ONE_OFF",
    conditions: "带动就业质量好、人员留用率高的在孵企业", conditionsEn: "Incubated enterprises that create good-quality jobs and retain their staff, per additional employee.",
    fundingSource: "就业补助资金",
    sourceQuote: "对带动就业质量好、人员留用率高的在孵企业,可按每新增1人给予3000元的创业带动就业补贴", groups: [],
  },
  {
    code: "free-incubation-space", sectionCode: "P4-M2", kind: "PREMISES",
    audiences: ["INDIVIDUAL"],
    name: "政府开发的创业园孵化基地免费场地", nameEn: "Free space in government-built parks and incubation bases",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    maxDurationMonths: 36,
    conditions: "政府开发的创业园孵化基地应安排不低于30%的场地免费提供,孵化期一般不超过3年",
    conditionsEn: "Government-built parks and incubation bases reserve at least 30% of their space, free of charge, for eligible groups; incubation generally lasts no more than 3 years.",
    sourceQuote: "政府开发的创业园孵化基地应安排不低于30%的场地,免费提供给高校毕业生、农牧民工、退役军人、残疾人等符合条件的创业群体,孵化期一般不超过3年",
    groups: ["COLLEGE_GRADUATES", "RURAL_MIGRANT_WORKERS", "VETERANS", "PEOPLE_WITH_DISABILITIES"],
  },
  {
    code: "college-student-park-designation", sectionCode: "P4-M2", kind: "PREFERENTIAL_POLICY",
    audiences: ["BASE_OPERATOR"],
    name: "申请为大学生创业园孵化基地", nameEn: "Designation as a college-student entrepreneurship park",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "毕业5年内高校毕业生和在校生创办的在孵企业占总户数50%及以上", conditionsEn: "Parks where firms founded by students or by graduates within 5 years of graduation make up at least 50% of tenants may apply.",
    sourceQuote: "毕业5年内高校毕业生和在校生创办的在孵企业占总户数50%及以上的创业园孵化基地,可申请为大学生创业园孵化基地",
    groups: ["COLLEGE_GRADUATES", "COLLEGE_STUDENTS"],
  },
  {
    code: "research-facility-sharing-for-students", sectionCode: "P5-M1", kind: "PREMISES",
    audiences: ["INDIVIDUAL"],
    name: "实验室和科研仪器、设施向大学生开放共享", nameEn: "Laboratories, instruments and facilities opened to college students at low prices",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "大学生", conditionsEn: "College students get shared access to laboratories, research instruments and facilities, with low-priced professional services.",
    sourceQuote: "各地区、各高校和科研院所的实验室以及科研仪器、设施等科技创新资源可面向大学生开放共享,提供低价、优质的专业服务", groups: ["COLLEGE_STUDENTS"],
  },
  {
    code: "student-practical-training-base-award", sectionCode: "P5-M1", kind: "REWARD",
    audiences: ["BASE_OPERATOR", "INSTITUTION"], funds: ["employment-entrepreneurship-award-funds"],
    name: "自治区级大学生创业(模拟)实训基地“以奖代补”资金", nameEn: "Awards in lieu of subsidies for regional college-student (simulated) practical-training bases",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "BASE", payment: "NOT_APPLICABLE",
    conditions: "征集公布的集创业培训、创业实训和创业训练营“多维一体”的自治区级大学生创业(模拟)实训基地",
    conditionsEn: "Regional practical-training bases for college students that combine training, practice and boot camps, selected and announced by the region.",
    sourceQuote: "组织开展集创业培训、创业实训和创业训练营“多维一体”的自治区级大学生创业(模拟)实训基地征集公布工作,并给予就业创业“以奖代补”资金支持",
    groups: ["COLLEGE_STUDENTS", "COLLEGE_GRADUATES"],
  },
  {
    code: "new-agribusiness-tax-fee-reductions", sectionCode: "P5-M2", kind: "PREFERENTIAL_POLICY",
    audiences: ["ENTERPRISE"],
    name: "新型农牧业经营主体定向减税和普遍性降费", nameEn: "Targeted tax cuts and general fee reductions for new agricultural and pastoral businesses",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "家庭农场、农牧民合作社等新型农牧业经营主体", conditionsEn: "Family farms, farmers' and herders' cooperatives and other new types of agricultural and pastoral business.",
    sourceQuote: "支持发展家庭农场、农牧民合作社等新型农牧业经营主体,落实定向减税和普遍性降费政策", groups: [],
  },
  {
    code: "organised-farming-special-award", sectionCode: "P5-M2", kind: "REWARD",
    audiences: ["ENTERPRISE"],
    name: "现代农牧业组织化经营专项奖补", nameEn: "Special awards for organised modern farming and herding",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "现代农牧业组织化经营", conditionsEn: "Businesses that farm or herd in an organised, modern way (new agricultural and pastoral businesses).",
    sourceQuote: "积极落实现代农牧业组织化经营专项奖补", groups: [],
  },
  {
    code: "family-farm-development-support", sectionCode: "P5-M2", kind: "PREFERENTIAL_POLICY",
    audiences: ["ENTERPRISE"],
    name: "加快推进家庭农场发展政策", nameEn: "Measures to speed up the development of family farms",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "家庭农场", conditionsEn: "Family farms.",
    sourceQuote: "加快推进家庭农场发展", groups: [],
  },
  {
    code: "cooperative-project-support", sectionCode: "P5-M2", kind: "PREFERENTIAL_POLICY",
    audiences: ["ENTERPRISE"],
    name: "扶持合作社项目建设", nameEn: "Support for cooperatives' construction projects",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "农牧民合作社", conditionsEn: "Farmers' and herders' cooperatives.",
    sourceQuote: "扶持合作社项目建设", groups: [],
  },
  {
    code: "agribusiness-loan-interest-subsidy", sectionCode: "P5-M2", kind: "SUBSIDY",
    audiences: ["INDIVIDUAL", "ENTERPRISE"],
    name: "贷款贴息", nameEn: "Loan interest subsidies",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "LOAN", payment: "NOT_APPLICABLE",
    conditions: "与现代农牧业组织化经营专项奖补、家庭农场、合作社扶持一并列为农牧民工返乡入乡创业支持措施;本文件未规定标准",
    conditionsEn: "Listed with the support for organised farming, family farms and cooperatives among the measures for rural migrant workers starting businesses at home; the document sets no rate.",
    sourceQuote: "扶持合作社项目建设、贷款贴息等政策措施", groups: ["RURAL_MIGRANT_WORKERS"],
  },
  {
    code: "rural-asset-mortgage-loans", sectionCode: "P5-M2", kind: "LOAN_RULE",
    audiences: ["INDIVIDUAL"],
    name: "农牧民工以承包土地、房屋、林地等资产抵押贷款", nameEn: "Loans secured on contracted land, housing and forest land for rural migrant workers",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "LOAN", payment: "NOT_APPLICABLE",
    conditions: "农牧民工返乡入乡创业", conditionsEn: "Rural migrant workers starting a business in their home area may pledge contracted land, housing, forest land and similar assets.",
    sourceQuote: "允许农牧民工利用承包土地、房屋、林地等资产进行抵押贷款", groups: ["RURAL_MIGRANT_WORKERS"],
  },
  {
    code: "key-group-preferential-policies", sectionCode: "P5-M3", kind: "PREFERENTIAL_POLICY",
    audiences: ["INDIVIDUAL"],
    name: "重点群体自主创业贷款、场地、税收优惠政策", nameEn: "Loan, premises and tax preferences for key groups starting their own business",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "就业困难人员、城镇失业人员、脱贫劳动力(含防止返贫监测对象)、城乡未继续升学初高中毕业生、退役军人、残疾人、刑满释放人员等自主创业",
    conditionsEn: "Key groups who start their own business get the loan, premises and tax preferences, and are brought into employment assistance, social insurance and relief.",
    sourceQuote: "鼓励就业困难人员、城镇失业人员、脱贫劳动力(含防止返贫监测对象)、城乡未继续升学初高中毕业生、退役军人、残疾人、刑满释放人员等自主创业,落实贷款、场地、税收等优惠政策",
    groups: ["PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", "URBAN_UNEMPLOYED", "WORKERS_LIFTED_OUT_OF_POVERTY", "SCHOOL_LEAVERS", "VETERANS", "PEOPLE_WITH_DISABILITIES", "RELEASED_PRISONERS"],
  },
  {
    code: "key-group-assistance-and-insurance", sectionCode: "P5-M3", kind: "PREFERENTIAL_POLICY",
    audiences: ["INDIVIDUAL"],
    name: "重点群体创业人员纳入就业援助、社会保险和救助体系", nameEn: "Key-group founders brought into employment assistance, social insurance and relief",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "按规定将重点群体创业人员纳入就业援助、社会保险和救助体系", conditionsEn: "Founders from the key groups are brought, as the rules provide, into employment assistance, social insurance and social relief; start-up support is offered to them as a package in employment-assistance campaigns.",
    sourceQuote: "按规定将重点群体创业人员纳入就业援助、社会保险和救助体系", groups: ["PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", "URBAN_UNEMPLOYED", "WORKERS_LIFTED_OUT_OF_POVERTY", "SCHOOL_LEAVERS", "VETERANS", "PEOPLE_WITH_DISABILITIES", "RELEASED_PRISONERS"],
  },
  {
    code: "researcher-leave-to-start-business", sectionCode: "P6-M1", kind: "PERSONNEL_RULE",
    audiences: ["INDIVIDUAL"],
    name: "科研人员离岗创办企业", nameEn: "Leave for researchers to start a company",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    maxDurationMonths: 72,
    conditions: "离岗创业期申请应经事业单位批准,期限不超过3年,期满后创办企业尚未实现盈利的可以申请延长1次,延长期限不超过3年;在同一事业单位累计不超过6年;保留人事关系,原单位继续发放基本工资",
    conditionsEn: "Approved by the public institution; up to 3 years, extendable once by up to 3 years if the company is not yet profitable, at most 6 years in total at one institution; the researcher keeps the post and basic salary.",
    sourceQuote: "离岗创业期申请应经事业单位批准,期限不超过3年,期满后创办企业尚未实现盈利的可以申请延长1次,延长期限不超过3年。在同一事业单位申请离岗创办企业的期限累计不超过6年",
    groups: ["RESEARCHERS"],
  },
  {
    code: "researcher-leave-basic-salary", sectionCode: "P6-M1", kind: "PERSONNEL_RULE",
    audiences: ["INDIVIDUAL"],
    name: "离岗创业期间保留人事关系、继续发放基本工资", nameEn: "Post and basic salary kept during start-up leave",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "PERSON_MONTH", payment: "MONTHLY",
    conditions: "离岗创业人员在离岗创业期限内", conditionsEn: "Researchers on approved start-up leave keep their personnel relationship with the institution, which keeps paying their basic salary, for the leave period.",
    sourceQuote: "离岗创业人员可在离岗创业期限内保留人事关系,原单位继续发放基本工资", groups: ["RESEARCHERS"],
  },
  {
    code: "researcher-appraisal-quota-exemption", sectionCode: "P6-M1", kind: "PERSONNEL_RULE",
    audiences: ["INDIVIDUAL"],
    name: "离岗创业科研人员考核优秀不占比例", nameEn: "Excellent appraisals of researchers on start-up leave outside the quota",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "离岗创办企业业绩突出的科研人员,其年度考核被确定为优秀档次", conditionsEn: "Researchers on start-up leave whose annual appraisal is 'excellent' do not count against the institution's quota of excellent ratings; outstanding results may be commended.",
    sourceQuote: "离岗创办企业业绩突出的科研人员,其年度考核被确定为优秀档次的,不占事业单位考核优秀比例", groups: ["RESEARCHERS"],
  },
  {
    code: "researcher-commendation", sectionCode: "P6-M1", kind: "REWARD",
    audiences: ["INDIVIDUAL"],
    name: "离岗创业科研人员表彰奖励", nameEn: "Commendations for researchers on start-up leave with significant results",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "PERSON", payment: "NOT_APPLICABLE",
    conditions: "离岗创办企业业绩突出的科研人员,经济效益或社会效益显著的", conditionsEn: "Researchers on start-up leave whose company brings significant economic or social benefits may be commended and rewarded under the relevant rules.",
    sourceQuote: "经济效益或社会效益显著的,可按有关规定给予表彰奖励", groups: ["RESEARCHERS"],
  },
  {
    code: "in-service-founder-rights", sectionCode: "P6-M1", kind: "PERSONNEL_RULE",
    audiences: ["INDIVIDUAL"],
    name: "在职创办企业人员权利和待遇不受影响", nameEn: "Rights and pay kept by staff who found a business while staying in post",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "在职创办企业人员", conditionsEn: "Staff who found a company while staying in their post keep every right (title evaluation, project applications, competition for posts, training, appraisal, awards) and their pay and benefits.",
    sourceQuote: "在职创办企业人员继续享有参加职称评审、项目申报、岗位竞聘、培训、考核、奖励等各方面权利,工资等各项福利待遇不受影响", groups: [],
  },
  {
    code: "overseas-scholar-park-preferences", sectionCode: "P6-M2", kind: "PREFERENTIAL_POLICY",
    audiences: ["BASE_OPERATOR"],
    name: "留学人员创业园区享受孵化机构优惠政策", nameEn: "Incubator preferences for overseas-scholar entrepreneurship parks",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "留学人员创业园区", conditionsEn: "Overseas-scholar parks enjoy the preferences of incubators in high-tech and economic-and-technological development zones.",
    sourceQuote: "支持发展留学人员创业园区,享受高新技术开发区和经济技术开发区内孵化机构的优惠政策", groups: ["RETURNED_OVERSEAS_SCHOLARS"],
  },
  {
    code: "overseas-scholar-seed-and-guarantee-funds", sectionCode: "P6-M2", kind: "FUNDING",
    audiences: ["INDIVIDUAL", "ENTERPRISE"], funds: ["park-seed-and-guarantee-funds"],
    name: "创业园区为留学人员提供创业资本支持和融资担保", nameEn: "Seed capital and loan guarantees for overseas scholars from entrepreneurship parks",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "有条件的创业园区建立的种子资金和担保资金;留学人员", conditionsEn: "Where a park has set up seed and guarantee funds, returned overseas scholars get start-up capital and financing guarantees from them.",
    sourceQuote: "鼓励支持有条件的创业园区建立为留学人员提供创业资本支持和融资担保的种子资金和担保资金", groups: ["RETURNED_OVERSEAS_SCHOLARS"],
  },
  {
    code: "returnee-green-channel", sectionCode: "P6-M2", kind: "PREFERENTIAL_POLICY",
    audiences: ["INDIVIDUAL"],
    name: "归国人才和外籍高层次人才“绿色通道”", nameEn: "Green channel for returned and foreign high-level talent",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "归国人才和外籍高层次人才", conditionsEn: "Returned talent and foreign high-level talent get a fast lane (green channel) for starting businesses and innovating.",
    sourceQuote: "健全归国人才和外籍高层次人才服务机制,开通“绿色通道”", groups: ["RETURNED_OVERSEAS_SCHOLARS"],
  },
  {
    code: "student-study-suspension", sectionCode: "P6-M3", kind: "PERSONNEL_RULE",
    audiences: ["INDIVIDUAL"],
    name: "保留学籍休学创业", nameEn: "Suspending studies to start a business",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE",
    conditions: "有意向创业的大学生", conditionsEn: "College students who want to start a business may adjust their course of study and suspend their studies while keeping their student status.",
    sourceQuote: "允许有意向创业的大学生调整学业进程、保留学籍休学创业", groups: ["COLLEGE_STUDENTS"],
  },
];

export type FundLevel = "NATIONAL" | "REGIONAL" | "ALL_LEVELS" | "UNIVERSITY" | "PARK" | "PRIVATE" | "NOT_STATED";

export interface FundFact {
  code: string;
  name: string;
  nameEn: string;
  level: FundLevel;
  /** Why this level: the document's words, or that it says nothing. */
  levelNote: string;
  /** An amount the document commits, if any (CNY, two decimals), with how to read it. */
  amountType: "MINIMUM" | "UNSPECIFIED";
  amount: string | null;
  amountUnit: "YEAR" | "NOT_APPLICABLE";
  /** Every place the document names the fund, in document order: section and verbatim words. */
  mentions: { sectionCode: string; sourceQuote: string }[];
}

/**
 * Every fund the document relies on, in order of first mention. Instruments link to them by
 * `InstrumentFact.funds`; measures by the sections of `mentions`.
 */
export const FUNDS: FundFact[] = [
  {
    code: "venture-capital-guidance-fund", name: "创业投资引导基金", nameEn: "Venture capital guidance fund",
    level: "NOT_STATED", levelNote: "The document names the fund without saying which government sets it up.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P1-M1", sourceQuote: "更好发挥创业投资引导基金和私募股权基金作用,加大初创期、种子期投入" }],
  },
  {
    code: "private-equity-funds", name: "私募股权基金", nameEn: "Private equity funds",
    level: "PRIVATE", levelNote: "Private funds whose role the government means to strengthen.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P1-M1", sourceQuote: "更好发挥创业投资引导基金和私募股权基金作用" }],
  },
  {
    code: "national-emerging-industry-venture-guidance-fund", name: "国家新兴产业创业投资引导资金", nameEn: "National emerging-industry venture capital guidance fund",
    level: "NATIONAL", levelNote: "国家: a central-government fund whose support the region seeks.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P1-M2", sourceQuote: "积极争取国家新兴产业创业投资引导资金" }],
  },
  {
    code: "national-sme-development-fund", name: "国家中小企业发展基金", nameEn: "National SME development fund",
    level: "NATIONAL", levelNote: "国家: a central-government fund whose support the region seeks.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P1-M2", sourceQuote: "国家中小企业发展基金" }],
  },
  {
    code: "national-technology-transfer-guidance-fund", name: "国家科技成果转化引导资金", nameEn: "National guidance fund for the transfer of scientific and technological achievements",
    level: "NATIONAL", levelNote: "国家: a central-government fund whose support the region seeks.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P1-M2", sourceQuote: "国家科技成果转化引导资金的支持" }],
  },
  {
    code: "regional-entrepreneurship-development-fund", name: "自治区创业发展资金", nameEn: "Regional entrepreneurship development fund",
    level: "REGIONAL", levelNote: "自治区: the autonomous region's own fund.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P1-M2", sourceQuote: "认真落实自治区创业发展资金投入政策" }],
  },
  {
    code: "fiscal-funds", name: "财政资金", nameEn: "Public (fiscal) funds at every level of government",
    level: "ALL_LEVELS", levelNote: "各级财政: every level's budget; the subsidies it pays are set by each level.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [
      { sectionCode: "P1-M2", sourceQuote: "发挥财政资金杠杆放大效应,完善落实一次性创业补贴、场租补贴等政策" },
      { sectionCode: "C3-2", sourceQuote: "各级财政要根据创业就业工作目标,在财政预算中合理安排支持创业相关资金" },
    ],
  },
  {
    code: "regional-emerging-industry-startup-guidance-fund", name: "自治区新兴产业创业引导资金", nameEn: "Regional emerging-industry entrepreneurship guidance fund",
    level: "REGIONAL", levelNote: "自治区: the autonomous region's own fund.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P1-M3", sourceQuote: "并从自治区新兴产业创业引导资金中给予奖补支持" }],
  },
  {
    code: "employment-subsidy-fund", name: "就业补助资金", nameEn: "Employment subsidy fund",
    level: "ALL_LEVELS", levelNote: "The document names the fund without its level; it pays the mentor, incubation and job-creation subsidies the leagues administer.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [
      { sectionCode: "P3-M2", sourceQuote: "所需资金从就业补助资金中列支" },
      { sectionCode: "P4-M2", sourceQuote: "上述补贴资金从就业补助资金中列支" },
    ],
  },
  {
    code: "regional-incubation-award-funds", name: "自治区创业平台载体奖补资金", nameEn: "Regional award-and-subsidy funds for entrepreneurship platforms",
    level: "REGIONAL", levelNote: "自治区每年安排: the autonomous region budgets it every year.",
    amountType: "MINIMUM", amount: "60000000.00", amountUnit: "YEAR",
    mentions: [{ sectionCode: "P4-M2", sourceQuote: "自治区每年安排不低于6000万元的奖补资金,由盟市通过绩效评估方式给予奖补" }],
  },
  {
    code: "employment-entrepreneurship-award-funds", name: "就业创业“以奖代补”资金", nameEn: "Employment and entrepreneurship awards-in-lieu-of-subsidies funds",
    level: "NOT_STATED", levelNote: "The document names the funds for regional-level practical-training bases without saying whose budget pays them.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P5-M1", sourceQuote: "并给予就业创业“以奖代补”资金支持" }],
  },
  {
    code: "park-seed-and-guarantee-funds", name: "创业园区种子资金和担保资金", nameEn: "Entrepreneurship parks' seed and guarantee funds for overseas scholars",
    level: "PARK", levelNote: "有条件的创业园区: set up by parks that can afford it.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "P6-M2", sourceQuote: "鼓励支持有条件的创业园区建立为留学人员提供创业资本支持和融资担保的种子资金和担保资金" }],
  },
  {
    code: "university-student-startup-funds", name: "高校面向大学生创业的专项资金", nameEn: "Universities' special funds for student start-ups",
    level: "UNIVERSITY", levelNote: "各高校: each university arranges its own.",
    amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE",
    mentions: [{ sectionCode: "C3-2", sourceQuote: "各高校要统筹安排落实好面向大学生创业的专项资金,加大对创业教育和培训的投入力度" }],
  },
];

export { BUSINESS_TYPES, ROLES, SECTORS } from "../schema/eligibility.js";

export type CriterionKind =
  | "BENEFICIARY_GROUP" | "MAX_MONTHS_SINCE_LEAVING_SCHOOL" | "NOT_EMPLOYED" | "IN_GRADUATING_YEAR" | "RETURNING_HOME" | "FIRST_TIME_FOUNDER"
  | "MIN_MONTHS_OPERATING" | "EMPLOYS_OTHERS" | "FILES_TAXES" | "MAX_MONTHS_AFTER_INTERNSHIP" | "BUSINESS_TYPE" | "SECTOR" | "LOCATION"
  | "MAX_LOAN_AMOUNT" | "ROLE" | "EXCLUSIVE_WITH" | "OTHER";

export interface CriterionFact {
  kind: CriterionKind;
  /** The document's words for the condition, verbatim, in `sectionCode` (default: the instrument's section). */
  text: string;
  noteEn: string;
  sectionCode?: string;
  group?: string;
  appliesToGroup?: string;
  months?: number;
  amount?: string;
  values?: string[];
  anyOf?: string;
}

const group = (code: string, text: string, noteEn: string, more: Partial<CriterionFact> = {}): CriterionFact => ({ kind: "BENEFICIARY_GROUP", group: code, text, noteEn, ...more });
const other = (text: string, noteEn: string, more: Partial<CriterionFact> = {}): CriterionFact => ({ kind: "OTHER", text, noteEn, ...more });
const NEW_AGRIBUSINESS = ["FAMILY_FARM", "FARMER_COOPERATIVE", "OTHER_NEW_AGRIBUSINESS"];

/**
 * Every instrument's conditions as typed criteria, each beside the words it comes from. The
 * seed checks every text against its section, and that the groups here are exactly the
 * instrument's `groups`. `OTHER` is a condition only an office can judge (an honour, a good
 * appraisal, a local rule): the engine reports it as still to be shown, never as met.
 */
export const CRITERIA: Record<string, CriterionFact[]> = {
  "early-stage-venture-investment": [other("初创期、种子期", "Firms in their seed or start-up stage; each fund decides what it invests in.")],
  "enterprise-bond-issuance": [other("符合条件的企业", "Enterprises meeting the (national) conditions for issuing corporate bonds.")],
  "guarantee-loan-no-residence-restriction": [{ kind: "LOCATION", values: ["150000"], text: "在自治区范围内申请贷款不受户籍所在地限制", noteEn: "Applying anywhere in Inner Mongolia; household registration does not matter." }],
  "guarantee-loan-higher-limits": [other("有条件的地区", "Only where the league or county chooses to raise the ceiling or extend the term.")],
  "counter-guarantee-waiver": [
    { kind: "MAX_LOAN_AMOUNT", amount: "100000.00", anyOf: "waiver", text: "个人10万元以下创业担保贷款", noteEn: "An individual guarantee loan of 100,000 CNY or less; or:" },
    other("获得盟市级以上荣誉称号", "An honorary title of league level or above; or:", { anyOf: "waiver" }),
    other("金融机构评估认定信用良好的创业者", "Rated creditworthy by the lending institution.", { anyOf: "waiver" }),
  ],
  "small-enterprise-guarantee-loan-hiring-ratio": [
    { kind: "BUSINESS_TYPE", values: ["SMALL_MICRO_ENTERPRISE"], text: "小微企业", noteEn: "A small or micro enterprise." },
    other("招用符合条件人员", "Hiring the required share of eligible workers (set by the national loan rules, lowered here)."),
  ],
  "startup-tax-preferences": [other("全面落实国家、自治区扶持创业税收优惠政策", "Who qualifies is set by the national and regional tax rules, not by this document.")],
  "national-guidance-fund-support": [other("积极争取", "The region seeks the funds' support; each national fund selects under its own rules.")],
  "regional-development-fund-investment": [other("认真落实自治区创业发展资金投入政策", "Under the regional fund's investment policy.")],
  "rent-subsidy": [other("完善落实一次性创业补贴、场租补贴等政策", "The document sets no recipients or amount for the rent subsidy: local rules do.")],
  "one-time-startup-subsidy": [
    group("REGISTERED_UNEMPLOYED", "登记失业人员", "Registered unemployed people."),
    group("PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", "就业困难人员", "People with employment difficulties."),
    group("COLLEGE_GRADUATES", "离校两年内未就业高校毕业生", "College graduates — only within two years of leaving school and not employed."),
    { kind: "MAX_MONTHS_SINCE_LEAVING_SCHOOL", appliesToGroup: "COLLEGE_GRADUATES", months: 24, text: "离校两年内", noteEn: "Graduates: at most 24 months since leaving school." },
    { kind: "NOT_EMPLOYED", appliesToGroup: "COLLEGE_GRADUATES", text: "未就业高校毕业生", noteEn: "Graduates: not employed." },
    group("COLLEGE_STUDENTS", "(含在校生)", "Students still at college count as well."),
    group("VETERANS", "退役军人", "Veterans."),
    group("RURAL_MIGRANT_WORKERS", "返乡入乡创业农牧民工", "Rural migrant workers — only those returning (or moving) to the countryside to start a business."),
    { kind: "RETURNING_HOME", appliesToGroup: "RURAL_MIGRANT_WORKERS", text: "返乡入乡创业", noteEn: "Rural migrant workers: starting the business back home or in the countryside." },
    group("PEOPLE_WITH_DISABILITIES", "残疾人", "People with disabilities."),
    { kind: "FIRST_TIME_FOUNDER", text: "首次成功创业", noteEn: "The founder's first successful business." },
    { kind: "MIN_MONTHS_OPERATING", months: 12, text: "在相关部门登记注册正常经营1年以上", noteEn: "Registered and operating normally for at least 12 months." },
    { kind: "EMPLOYS_OTHERS", text: "带动其他劳动者就业", noteEn: "Employs other workers." },
    { kind: "FILES_TAXES", text: "正常申报纳税", noteEn: "Files its taxes normally." },
    { kind: "EXCLUSIVE_WITH", values: ["incubation-subsidy"], sectionCode: "P4-M2", text: "创业孵化补贴与一次性创业补贴不得重复享受", noteEn: "Not together with the incubation subsidy for the same business." },
  ],
  "priority-support-for-excellent-projects": [
    { kind: "SECTOR", values: ["NEW_ENERGY", "NEW_MATERIALS", "BIOMEDICINE", "ELECTRONIC_INFORMATION", "ENERGY_SAVING_ENVIRONMENTAL_PROTECTION", "CULTURAL_INDUSTRY", "MODERN_SERVICES", "CREATIVE_INDUSTRY", "INTERNET", "INTERNET_OF_THINGS", "MODERN_AGRICULTURE_ANIMAL_HUSBANDRY", "PUBLIC_WELFARE_SERVICES"], text: "在新能源、新材料、生物医药、电子信息、节能环保等战略新兴产业以及文化产业、现代服务业、创新创意产业、互联网、物联网、现代农牧业、公益服务等领域", noteEn: "A project in one of the named sectors." },
    other("对优秀创业项目", "Judged an excellent project."),
  ],
  "industrial-policy-pilot-award": [{ kind: "LOCATION", values: ["150100", "150500", "150400"], text: "在呼和浩特市探索建设“呼包鄂乌”产业政策融合支持创新创业试验区,在通辽市、赤峰市分别探索建设“双子星”产业政策融合支持创新创业试点", noteEn: "The pilot zones of Hohhot, Tongliao and Chifeng." }],
  "internship-subsidy": [
    group("COLLEGE_STUDENTS", "青年大学生", "Young college students."),
    group("COLLEGE_GRADUATES", "青年大学生", "Young college graduates."),
    { kind: "MAX_MONTHS_AFTER_INTERNSHIP", months: 6, text: "对参加“见习+孵化”后6个月内成功创业的", noteEn: "Started a business successfully within 6 months of an \"internship + incubation\" placement." },
  ],
  "mentor-studio-award": [other("自治区征集公布的“创业指导大师工作室”", "Selected and announced by the autonomous region.")],
  "mentor-expense-allowance": [
    { kind: "ROLE", values: ["MENTOR"], text: "对创业导师交通和师资费给予补助", noteEn: "A mentor of a mentor team." },
    other("各地区可按照相关规定", "Where the league or county provides for it."),
  ],
  "practical-training-subsidy": [
    group("COLLEGE_STUDENTS", "毕业学年的高校学生(含技师学院)", "Students in their graduating year (technician colleges included).", { sectionCode: "P5-M1" }),
    { kind: "IN_GRADUATING_YEAR", appliesToGroup: "COLLEGE_STUDENTS", sectionCode: "P5-M1", text: "毕业学年的高校学生", noteEn: "Students: only in the graduating year." },
    group("COLLEGE_GRADUATES", "离校两年内未就业的高校毕业生", "Graduates within two years of leaving school and not employed.", { sectionCode: "P5-M1" }),
    { kind: "MAX_MONTHS_SINCE_LEAVING_SCHOOL", appliesToGroup: "COLLEGE_GRADUATES", months: 24, sectionCode: "P5-M1", text: "离校两年内", noteEn: "Graduates: at most 24 months since leaving school." },
    { kind: "NOT_EMPLOYED", appliesToGroup: "COLLEGE_GRADUATES", sectionCode: "P5-M1", text: "未就业的高校毕业生", noteEn: "Graduates: not employed." },
    other("按规定给予培训补贴", "Paid under the training-subsidy rules for completed practical training."),
  ],
  "incubation-platform-awards": [other("由盟市通过绩效评估方式给予奖补", "Awarded by the leagues after a performance evaluation.")],
  "national-incubation-base-award": [other("对新公布的国家级创业孵化示范基地", "Newly announced as a national-level demonstration base.")],
  "incubation-subsidy": [
    other("依法设立、促进就业成效明显的各类创业园孵化基地", "A lawfully established park or base with clear employment results, per tenant incubated successfully."),
    { kind: "EXCLUSIVE_WITH", values: ["one-time-startup-subsidy"], text: "创业孵化补贴与一次性创业补贴不得重复享受", noteEn: "Not together with the one-time start-up subsidy for the same business." },
  ],
  "job-creation-subsidy": [other("带动就业质量好、人员留用率高的在孵企业", "An incubated enterprise with good-quality jobs and high staff retention.")],
  "free-incubation-space": [
    group("COLLEGE_GRADUATES", "高校毕业生", "College graduates."),
    group("RURAL_MIGRANT_WORKERS", "农牧民工", "Rural migrant workers."),
    group("VETERANS", "退役军人", "Veterans."),
    group("PEOPLE_WITH_DISABILITIES", "残疾人", "People with disabilities."),
    other("等符合条件的创业群体", "Who meet the park's conditions, in a government-built park; incubation generally at most 3 years."),
  ],
  "college-student-park-designation": [
    group("COLLEGE_GRADUATES", "毕业5年内高校毕业生", "The tenants it serves: graduates within 5 years of graduation.", { appliesToGroup: undefined }),
    group("COLLEGE_STUDENTS", "在校生", "The tenants it serves: students."),
    other("毕业5年内高校毕业生和在校生创办的在孵企业占总户数50%及以上", "At least half the tenants founded by students or by graduates within 5 years."),
  ],
  "research-facility-sharing-for-students": [group("COLLEGE_STUDENTS", "面向大学生开放共享", "College students.")],
  "student-practical-training-base-award": [
    group("COLLEGE_STUDENTS", "自治区级大学生创业(模拟)实训基地", "The trainees it serves: college students."),
    group("COLLEGE_GRADUATES", "离校两年内未就业的高校毕业生", "The trainees it serves: graduates within two years of leaving school."),
    other("征集公布", "Selected and announced as a regional practical-training base."),
  ],
  "new-agribusiness-tax-fee-reductions": [{ kind: "BUSINESS_TYPE", values: NEW_AGRIBUSINESS, text: "家庭农场、农牧民合作社等新型农牧业经营主体", noteEn: "A family farm, cooperative or other new-type agricultural or pastoral business." }],
  "organised-farming-special-award": [{ kind: "BUSINESS_TYPE", values: NEW_AGRIBUSINESS, text: "现代农牧业组织化经营", noteEn: "Organised modern farming or herding: a new-type agricultural or pastoral business." }],
  "family-farm-development-support": [{ kind: "BUSINESS_TYPE", values: ["FAMILY_FARM"], text: "家庭农场", noteEn: "A family farm." }],
  "cooperative-project-support": [{ kind: "BUSINESS_TYPE", values: ["FARMER_COOPERATIVE"], text: "扶持合作社", noteEn: "A farmers' and herders' cooperative." }],
  "agribusiness-loan-interest-subsidy": [
    group("RURAL_MIGRANT_WORKERS", "落实农牧民工返乡入乡创业支持政策", "Listed among the support for rural migrant workers starting businesses at home (the measure's subject)."),
    { kind: "RETURNING_HOME", appliesToGroup: "RURAL_MIGRANT_WORKERS", text: "返乡入乡创业", noteEn: "Starting the business back home or in the countryside." },
    other("贷款贴息等政策措施", "The document sets no rate; the subsidised loans and rates are set by the schemes that pay it."),
  ],
  "rural-asset-mortgage-loans": [
    group("RURAL_MIGRANT_WORKERS", "允许农牧民工利用承包土地", "Rural migrant workers."),
    { kind: "RETURNING_HOME", appliesToGroup: "RURAL_MIGRANT_WORKERS", text: "降低农牧民工返乡入乡创业成本", noteEn: "Starting the business back home or in the countryside." },
  ],
  "key-group-preferential-policies": [
    group("PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", "就业困难人员", "People with employment difficulties."),
    group("URBAN_UNEMPLOYED", "城镇失业人员", "Urban unemployed people."),
    group("WORKERS_LIFTED_OUT_OF_POVERTY", "脱贫劳动力(含防止返贫监测对象)", "Workers lifted out of poverty, including those monitored against relapse."),
    group("SCHOOL_LEAVERS", "城乡未继续升学初高中毕业生", "School leavers not continuing their studies."),
    group("VETERANS", "退役军人", "Veterans."),
    group("PEOPLE_WITH_DISABILITIES", "残疾人", "People with disabilities."),
    group("RELEASED_PRISONERS", "刑满释放人员", "People released after serving a sentence."),
  ],
  "key-group-assistance-and-insurance": [
    group("PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", "就业困难人员", "People with employment difficulties (重点群体, as listed in the measure)."),
    group("URBAN_UNEMPLOYED", "城镇失业人员", "Urban unemployed people."),
    group("WORKERS_LIFTED_OUT_OF_POVERTY", "脱贫劳动力(含防止返贫监测对象)", "Workers lifted out of poverty, including those monitored against relapse."),
    group("SCHOOL_LEAVERS", "城乡未继续升学初高中毕业生", "School leavers not continuing their studies."),
    group("VETERANS", "退役军人", "Veterans."),
    group("PEOPLE_WITH_DISABILITIES", "残疾人", "People with disabilities."),
    group("RELEASED_PRISONERS", "刑满释放人员", "People released after serving a sentence."),
    other("按规定", "As the rules of each scheme provide."),
  ],
  "researcher-leave-to-start-business": [
    group("RESEARCHERS", "科研人员开展“双创”活动可申请离岗创办企业", "Researchers; title, age, seniority, the form of their results, awards and patents are no bar (职称、年龄、资历、科技成果形式、获奖层次、获得专利与否均不作为限制离岗创办企业的条件)."),
    { kind: "ROLE", values: ["PUBLIC_INSTITUTION_STAFF"], text: "离岗创业期申请应经事业单位批准", noteEn: "Staff of a public institution, which approves the leave." },
  ],
  "researcher-leave-basic-salary": [
    group("RESEARCHERS", "科研人员", "Researchers."),
    { kind: "ROLE", values: ["ON_START_UP_LEAVE"], text: "离岗创业人员可在离岗创业期限内", noteEn: "On approved start-up leave, for its duration." },
  ],
  "researcher-appraisal-quota-exemption": [
    group("RESEARCHERS", "科研人员", "Researchers."),
    { kind: "ROLE", values: ["ON_START_UP_LEAVE"], text: "离岗创办企业业绩突出的科研人员", noteEn: "On start-up leave with outstanding results." },
    other("其年度考核被确定为优秀档次的", "Whose annual appraisal is 'excellent'."),
  ],
  "researcher-commendation": [
    group("RESEARCHERS", "科研人员", "Researchers."),
    { kind: "ROLE", values: ["ON_START_UP_LEAVE"], text: "离岗创办企业业绩突出的科研人员", noteEn: "On start-up leave with outstanding results." },
    other("经济效益或社会效益显著的", "Whose company brings significant economic or social benefits."),
  ],
  "in-service-founder-rights": [{ kind: "ROLE", values: ["FOUNDING_WHILE_IN_POST"], text: "在职创办企业人员", noteEn: "Founding a company while staying in the post (not on leave)." }],
  "overseas-scholar-park-preferences": [
    group("RETURNED_OVERSEAS_SCHOLARS", "留学人员", "The founders it serves: returned overseas scholars."),
    other("留学人员创业园区", "An overseas-scholar entrepreneurship park."),
  ],
  "overseas-scholar-seed-and-guarantee-funds": [
    group("RETURNED_OVERSEAS_SCHOLARS", "为留学人员提供创业资本支持和融资担保", "Returned overseas scholars."),
    other("有条件的创业园区", "Only in parks that have set up seed and guarantee funds."),
  ],
  "returnee-green-channel": [group("RETURNED_OVERSEAS_SCHOLARS", "归国人才", "Returned talent (foreign high-level talent, 外籍高层次人才, also use the channel; they are not a beneficiary group of the programme).")],
  "student-study-suspension": [group("COLLEGE_STUDENTS", "有意向创业的大学生", "College students who intend to start a business.")],
};
