// Every instrument and fund the document names, over HTTP, each checked against the words of
// the document (issue 9, item 1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const INSTRUMENT = `code name kind audiences amountType amount amountUnit payment fundingSource sourceQuote measure { code } eligibleGroups { code } funds { code }`;

describe("instruments the plan grants beyond subsidies and awards", () => {
  it("holds every instrument of the document, 42, in document order", async () => {
    const res = await server.gql(`{ supportInstruments(first: 100) { totalCount nodes { code measure { code } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.supportInstruments.totalCount).toBe(42);
    expect(res.data.supportInstruments.nodes.map((n: any) => n.code)).toEqual([
      "early-stage-venture-investment", "enterprise-bond-issuance",
      "guarantee-loan-no-residence-restriction", "guarantee-loan-higher-limits", "counter-guarantee-waiver", "small-enterprise-guarantee-loan-hiring-ratio",
      "startup-tax-preferences", "national-guidance-fund-support", "regional-development-fund-investment", "rent-subsidy", "one-time-startup-subsidy",
      "priority-support-for-excellent-projects", "industrial-policy-pilot-award",
      "internship-subsidy",
      "mentor-studio-award", "mentor-expense-allowance", "practical-training-subsidy",
      "incubation-platform-awards", "national-incubation-base-award", "incubation-subsidy", "job-creation-subsidy", "free-incubation-space", "college-student-park-designation",
      "research-facility-sharing-for-students", "student-practical-training-base-award",
      "new-agribusiness-tax-fee-reductions", "organised-farming-special-award", "family-farm-development-support", "cooperative-project-support", "agribusiness-loan-interest-subsidy", "rural-asset-mortgage-loans",
      "key-group-preferential-policies", "key-group-assistance-and-insurance",
      "researcher-leave-to-start-business", "researcher-leave-basic-salary", "researcher-appraisal-quota-exemption", "researcher-commendation", "in-service-founder-rights",
      "overseas-scholar-park-preferences", "overseas-scholar-seed-and-guarantee-funds", "returnee-green-channel",
      "student-study-suspension",
    ]);
  });

  it("the rent subsidy stands beside the one-time start-up subsidy in plan 1, paid from public funds", async () => {
    const res = await server.gql(`{ rent: supportInstrument(code: "rent-subsidy") { ${INSTRUMENT} } one: supportInstrument(code: "one-time-startup-subsidy") { audiences funds { code name } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.rent).toEqual({
      code: "rent-subsidy", name: "场租补贴", kind: "SUBSIDY", audiences: ["INDIVIDUAL", "ENTERPRISE"],
      amountType: "UNSPECIFIED", amount: null, amountUnit: "NOT_APPLICABLE", payment: "NOT_APPLICABLE", fundingSource: "财政资金",
      sourceQuote: "发挥财政资金杠杆放大效应,完善落实一次性创业补贴、场租补贴等政策",
      measure: { code: "P1-M2" }, eligibleGroups: [], funds: [{ code: "fiscal-funds" }],
    });
    expect(res.data.one).toEqual({ audiences: ["INDIVIDUAL"], funds: [{ code: "fiscal-funds", name: "财政资金" }] });
  });

  it("new agricultural and pastoral businesses: tax and fee cuts, organised-farming awards, family farms, cooperatives, interest subsidies", async () => {
    const res = await server.gql(`{ supportInstruments(first: 100, filterBy: { measureCode: "P5-M2" }) { nodes { code name kind audiences sourceQuote } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.supportInstruments.nodes).toEqual([
      { code: "new-agribusiness-tax-fee-reductions", name: "新型农牧业经营主体定向减税和普遍性降费", kind: "PREFERENTIAL_POLICY", audiences: ["ENTERPRISE"], sourceQuote: "支持发展家庭农场、农牧民合作社等新型农牧业经营主体,落实定向减税和普遍性降费政策" },
      { code: "organised-farming-special-award", name: "现代农牧业组织化经营专项奖补", kind: "REWARD", audiences: ["ENTERPRISE"], sourceQuote: "积极落实现代农牧业组织化经营专项奖补" },
      { code: "family-farm-development-support", name: "加快推进家庭农场发展政策", kind: "PREFERENTIAL_POLICY", audiences: ["ENTERPRISE"], sourceQuote: "加快推进家庭农场发展" },
      { code: "cooperative-project-support", name: "扶持合作社项目建设", kind: "PREFERENTIAL_POLICY", audiences: ["ENTERPRISE"], sourceQuote: "扶持合作社项目建设" },
      { code: "agribusiness-loan-interest-subsidy", name: "贷款贴息", kind: "SUBSIDY", audiences: ["INDIVIDUAL", "ENTERPRISE"], sourceQuote: "扶持合作社项目建设、贷款贴息等政策措施" },
      { code: "rural-asset-mortgage-loans", name: "农牧民工以承包土地、房屋、林地等资产抵押贷款", kind: "LOAN_RULE", audiences: ["INDIVIDUAL"], sourceQuote: "允许农牧民工利用承包土地、房屋、林地等资产进行抵押贷款" },
    ]);
  });

  it("researchers and staff: salary kept on leave, commendations, the rights of staff who found a business while in post", async () => {
    const res = await server.gql(`{
      salary: supportInstrument(code: "researcher-leave-basic-salary") { ${INSTRUMENT} }
      praise: supportInstrument(code: "researcher-commendation") { kind sourceQuote eligibleGroups { code } }
      rights: supportInstrument(code: "in-service-founder-rights") { kind audiences sourceQuote eligibleGroups { code } measure { code } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.salary).toEqual({
      code: "researcher-leave-basic-salary", name: "离岗创业期间保留人事关系、继续发放基本工资", kind: "PERSONNEL_RULE", audiences: ["INDIVIDUAL"],
      amountType: "UNSPECIFIED", amount: null, amountUnit: "PERSON_MONTH", payment: "MONTHLY", fundingSource: null,
      sourceQuote: "离岗创业人员可在离岗创业期限内保留人事关系,原单位继续发放基本工资",
      measure: { code: "P6-M1" }, eligibleGroups: [{ code: "RESEARCHERS" }], funds: [],
    });
    expect(res.data.praise).toEqual({ kind: "REWARD", sourceQuote: "经济效益或社会效益显著的,可按有关规定给予表彰奖励", eligibleGroups: [{ code: "RESEARCHERS" }] });
    expect(res.data.rights).toEqual({
      kind: "PERSONNEL_RULE", audiences: ["INDIVIDUAL"], measure: { code: "P6-M1" }, eligibleGroups: [],
      sourceQuote: "在职创办企业人员继续享有参加职称评审、项目申报、岗位竞聘、培训、考核、奖励等各方面权利,工资等各项福利待遇不受影响",
    });
  });

  it("returnees: the green channel, and parks' seed and guarantee funds for overseas scholars", async () => {
    const res = await server.gql(`{
      green: supportInstrument(code: "returnee-green-channel") { name sourceQuote eligibleGroups { code name } measure { code } }
      seed: supportInstrument(code: "overseas-scholar-seed-and-guarantee-funds") { kind audiences sourceQuote eligibleGroups { code } funds { code level } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.green).toEqual({
      name: "归国人才和外籍高层次人才“绿色通道”", sourceQuote: "健全归国人才和外籍高层次人才服务机制,开通“绿色通道”", measure: { code: "P6-M2" },
      eligibleGroups: [{ code: "RETURNED_OVERSEAS_SCHOLARS", name: "留学归国人员" }],
    });
    expect(res.data.seed).toEqual({
      kind: "FUNDING", audiences: ["INDIVIDUAL", "ENTERPRISE"], eligibleGroups: [{ code: "RETURNED_OVERSEAS_SCHOLARS" }], funds: [{ code: "park-seed-and-guarantee-funds", level: "PARK" }],
      sourceQuote: "鼓励支持有条件的创业园区建立为留学人员提供创业资本支持和融资担保的种子资金和担保资金",
    });
  });

  it("finance, tax and industry in plan 1: equity investment, bonds, tax preferences, fund support, priority for strategic sectors", async () => {
    const res = await server.gql(`{
      vc: supportInstrument(code: "early-stage-venture-investment") { kind audiences sourceQuote funds { code } }
      bond: supportInstrument(code: "enterprise-bond-issuance") { sourceQuote measure { code } }
      tax: supportInstrument(code: "startup-tax-preferences") { sourceQuote measure { code } }
      nat: supportInstrument(code: "national-guidance-fund-support") { kind sourceQuote funds { code level } }
      reg: supportInstrument(code: "regional-development-fund-investment") { sourceQuote funds { code level } }
      pri: supportInstrument(code: "priority-support-for-excellent-projects") { sourceQuote measure { code } }
      pilot: supportInstrument(code: "industrial-policy-pilot-award") { audiences funds { code } }
      labs: supportInstrument(code: "research-facility-sharing-for-students") { kind sourceQuote eligibleGroups { code } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.vc).toEqual({ kind: "EQUITY_INVESTMENT", audiences: ["ENTERPRISE"], sourceQuote: "更好发挥创业投资引导基金和私募股权基金作用,加大初创期、种子期投入", funds: [{ code: "venture-capital-guidance-fund" }, { code: "private-equity-funds" }] });
    expect(res.data.bond).toEqual({ sourceQuote: "支持符合条件的企业发行企业债券", measure: { code: "P1-M1" } });
    expect(res.data.tax).toEqual({ sourceQuote: "全面落实国家、自治区扶持创业税收优惠政策", measure: { code: "P1-M2" } });
    expect(res.data.nat).toEqual({
      kind: "EQUITY_INVESTMENT", sourceQuote: "积极争取国家新兴产业创业投资引导资金、国家中小企业发展基金、国家科技成果转化引导资金的支持",
      funds: [{ code: "national-emerging-industry-venture-guidance-fund", level: "NATIONAL" }, { code: "national-sme-development-fund", level: "NATIONAL" }, { code: "national-technology-transfer-guidance-fund", level: "NATIONAL" }],
    });
    expect(res.data.reg).toEqual({ sourceQuote: "认真落实自治区创业发展资金投入政策", funds: [{ code: "regional-entrepreneurship-development-fund", level: "REGIONAL" }] });
    expect(res.data.pri.sourceQuote).toBe("在新能源、新材料、生物医药、电子信息、节能环保等战略新兴产业以及文化产业、现代服务业、创新创意产业、互联网、物联网、现代农牧业、公益服务等领域,对优秀创业项目给予政策倾斜和重点扶持");
    expect(res.data.pilot).toEqual({ audiences: ["LOCAL_GOVERNMENT"], funds: [{ code: "regional-emerging-industry-startup-guidance-fund" }] });
    expect(res.data.labs).toEqual({ kind: "PREMISES", eligibleGroups: [{ code: "COLLEGE_STUDENTS" }], sourceQuote: "各地区、各高校和科研院所的实验室以及科研仪器、设施等科技创新资源可面向大学生开放共享,提供低价、优质的专业服务" });
  });

  it("mentors' travel and fee allowance, training subsidies and awards-instead-of-subsidies for training bases keep their funds", async () => {
    const res = await server.gql(`{
      mentor: supportInstrument(code: "mentor-expense-allowance") { audiences funds { code name } }
      training: supportInstrument(code: "practical-training-subsidy") { audiences sourceQuote }
      base: supportInstrument(code: "student-practical-training-base-award") { audiences funds { code name } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.mentor).toEqual({ audiences: ["INDIVIDUAL"], funds: [{ code: "employment-subsidy-fund", name: "就业补助资金" }] });
    expect(res.data.training).toEqual({ audiences: ["INDIVIDUAL", "INSTITUTION"], sourceQuote: "高校毕业生创业实训可采取全程网上培训、网上考核方式组织开展,并按规定给予培训补贴" });
    expect(res.data.base).toEqual({ audiences: ["BASE_OPERATOR", "INSTITUTION"], funds: [{ code: "employment-entrepreneurship-award-funds", name: "就业创业“以奖代补”资金" }] });
  });

  it("filters by audience", async () => {
    const res = await server.gql(`{ supportInstruments(first: 100, filterBy: { audience: LOCAL_GOVERNMENT }) { totalCount nodes { code } } }`);
    expect(res.data.supportInstruments).toEqual({ totalCount: 1, nodes: [{ code: "industrial-policy-pilot-award" }] });
  });
});

describe("every quote is the document's", () => {
  it("each instrument's source quote and each fund mention stands word for word in its section", async () => {
    const res = await server.gql(`{
      supportInstruments(first: 100) { nodes { code sourceQuote measure { title body } } }
      funds(first: 100) { nodes { code mentions { sourceQuote section { title body } } } }
    }`);
    expect(res.errors).toBeUndefined();
    for (const i of res.data.supportInstruments.nodes) expect(`${i.measure.title}。${i.measure.body}`, i.code).toContain(i.sourceQuote);
    let mentions = 0;
    for (const f of res.data.funds.nodes) {
      for (const m of f.mentions) {
        expect(`${m.section.title}。${m.section.body}`, f.code).toContain(m.sourceQuote);
        mentions++;
      }
    }
    expect(mentions).toBe(15);
  });
});

describe("funds", () => {
  it("lists every fund the document names, in order of first mention, with its level and words", async () => {
    const res = await server.gql(`{ funds(first: 100) { totalCount nodes { code name level sourceQuote section { code } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.funds.totalCount).toBe(13);
    expect(res.data.funds.nodes.map((f: any) => [f.code, f.name, f.level, f.section.code])).toEqual([
      ["venture-capital-guidance-fund", "创业投资引导基金", "NOT_STATED", "P1-M1"],
      ["private-equity-funds", "私募股权基金", "PRIVATE", "P1-M1"],
      ["national-emerging-industry-venture-guidance-fund", "国家新兴产业创业投资引导资金", "NATIONAL", "P1-M2"],
      ["national-sme-development-fund", "国家中小企业发展基金", "NATIONAL", "P1-M2"],
      ["national-technology-transfer-guidance-fund", "国家科技成果转化引导资金", "NATIONAL", "P1-M2"],
      ["regional-entrepreneurship-development-fund", "自治区创业发展资金", "REGIONAL", "P1-M2"],
      ["fiscal-funds", "财政资金", "ALL_LEVELS", "P1-M2"],
      ["regional-emerging-industry-startup-guidance-fund", "自治区新兴产业创业引导资金", "REGIONAL", "P1-M3"],
      ["employment-subsidy-fund", "就业补助资金", "ALL_LEVELS", "P3-M2"],
      ["regional-incubation-award-funds", "自治区创业平台载体奖补资金", "REGIONAL", "P4-M2"],
      ["employment-entrepreneurship-award-funds", "就业创业“以奖代补”资金", "NOT_STATED", "P5-M1"],
      ["park-seed-and-guarantee-funds", "创业园区种子资金和担保资金", "PARK", "P6-M2"],
      ["university-student-startup-funds", "高校面向大学生创业的专项资金", "UNIVERSITY", "C3-2"],
    ]);
    // Every quote is the document's own words, which name the fund.
    for (const f of res.data.funds.nodes) expect(f.sourceQuote.length).toBeGreaterThan(4);
    expect(res.data.funds.nodes.find((f: any) => f.code === "national-sme-development-fund").sourceQuote).toBe("国家中小企业发展基金");
  });

  it("a fund by code: its instruments, measures and every mention; the annual incubation budget as an exact decimal", async () => {
    const res = await server.gql(`{
      esf: fund(code: "employment-subsidy-fund") { id name level instruments { code } measures { code } mentions { sourceQuote section { code } } }
      awards: fund(code: "regional-incubation-award-funds") { amountType amount currency amountUnit sourceQuote instruments { code } }
      fiscal: fund(code: "fiscal-funds") { instruments { code } measures { code } mentions { section { __typename code } } }
      uni: fund(code: "university-student-startup-funds") { level sourceQuote instruments { code } measures { code } section { __typename code title } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.esf).toMatchObject({
      name: "就业补助资金", level: "ALL_LEVELS",
      instruments: [{ code: "mentor-expense-allowance" }, { code: "incubation-subsidy" }, { code: "job-creation-subsidy" }],
      measures: [{ code: "P3-M2" }, { code: "P4-M2" }],
      mentions: [{ sourceQuote: "所需资金从就业补助资金中列支", section: { code: "P3-M2" } }, { sourceQuote: "上述补贴资金从就业补助资金中列支", section: { code: "P4-M2" } }],
    });
    expect(res.data.awards).toEqual({
      amountType: "MINIMUM", amount: "60000000.00", currency: "CNY", amountUnit: "YEAR", instruments: [{ code: "incubation-platform-awards" }],
      sourceQuote: "自治区每年安排不低于6000万元的奖补资金,由盟市通过绩效评估方式给予奖补",
    });
    expect(res.data.fiscal).toEqual({
      instruments: [{ code: "rent-subsidy" }, { code: "one-time-startup-subsidy" }], measures: [{ code: "P1-M2" }],
      mentions: [{ section: { __typename: "Measure", code: "P1-M2" } }, { section: { __typename: "DocumentSection", code: "C3-2" } }],
    });
    expect(res.data.uni).toEqual({
      level: "UNIVERSITY", instruments: [], measures: [], section: { __typename: "DocumentSection", code: "C3-2", title: "加强资金保障" },
      sourceQuote: "各高校要统筹安排落实好面向大学生创业的专项资金,加大对创业教育和培训的投入力度",
    });
    const node = await server.gql(`query($id: ID!) { node(id: $id) { __typename ... on Fund { code } } }`, { id: res.data.esf.id });
    expect(node.data.node).toEqual({ __typename: "Fund", code: "employment-subsidy-fund" });
  });

  it("filters funds by level and pages them", async () => {
    const res = await server.gql(`{ funds(first: 2, filterBy: { level: NATIONAL }) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } }`);
    expect(res.data.funds.totalCount).toBe(3);
    expect(res.data.funds.nodes.map((n: any) => n.code)).toEqual(["national-emerging-industry-venture-guidance-fund", "national-sme-development-fund"]);
    const next = await server.gql(`query($a: String) { funds(first: 2, after: $a, filterBy: { level: NATIONAL }) { nodes { code } pageInfo { hasNextPage } } }`, { a: res.data.funds.pageInfo.endCursor });
    expect(next.data.funds).toEqual({ nodes: [{ code: "national-technology-transfer-guidance-fund" }], pageInfo: { hasNextPage: false } });
  });

  it("search finds funds in Chinese and English", async () => {
    const res = await server.gql(`{
      zh: search(query: "中小企业发展基金", types: [FUND], first: 3) { edges { node { ... on Fund { code } } } }
      en: search(query: "employment subsidy fund", types: [FUND], first: 3) { edges { node { ... on Fund { code } } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.zh.edges[0].node.code).toBe("national-sme-development-fund");
    expect(res.data.en.edges[0].node.code).toBe("employment-subsidy-fund");
  });

  it("a malformed code is BAD_USER_INPUT, an unknown one null with NOT_FOUND", async () => {
    const bad = await server.gql(`{ fund(code: "Not A Code") { code } }`);
    expect(bad.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const missing = await server.gql(`{ fund(code: "no-such-fund") { code } }`);
    expect(missing.data.fund).toBeNull();
    expect(missing.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});
