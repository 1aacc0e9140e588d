// The policy API over HTTP, asserting the document's exact content.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("the policy document", () => {
  it("has its number, titles, dates and period", async () => {
    const res = await server.gql(`{
      policyDocument(docNumber: "内政办发〔2022〕31号") {
        slug docNumber title planTitle issuer signedOn printedOn periodStart periodEnd publicationNote recipients provenance
        sections { code kind title }
        plans { code }
      }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.policyDocument).toEqual({
      slug: "nzbf-2022-31",
      docNumber: "内政办发〔2022〕31号",
      title: "内蒙古自治区人民政府办公厅关于印发《“创业内蒙古行动”实施方案(2022-2025年)》的通知",
      planTitle: "“创业内蒙古行动”实施方案(2022-2025年)",
      issuer: "内蒙古自治区人民政府办公厅",
      signedOn: "2022-05-06",
      printedOn: "2022-05-10",
      periodStart: 2022,
      periodEnd: 2025,
      publicationNote: "(此件公开发布)",
      recipients: "各盟行政公署、市人民政府,自治区各委、办、厅、局,各大企业、事业单位",
      provenance: "SOURCE",
      sections: [
        { code: "PREAMBLE", kind: "PREAMBLE", title: "" },
        { code: "C1", kind: "CHAPTER", title: "总体要求" },
        { code: "C2", kind: "CHAPTER", title: "重点任务和措施" },
        { code: "C3", kind: "CHAPTER", title: "工作要求" },
      ],
      plans: ["P1", "P2", "P3", "P4", "P5", "P6", "P7"].map((code) => ({ code })),
    });
  });

  it("holds the general requirements: guiding idea, 4 principles, work goal", async () => {
    const res = await server.gql(`{ policySection(code: "C1") { title children { code kind title children { code title } } } }`);
    expect(res.data.policySection.children.map((c: any) => [c.code, c.kind, c.title])).toEqual([
      ["C1-1", "GUIDING_IDEA", "指导思想"],
      ["C1-2", "PRINCIPLES", "基本原则"],
      ["C1-3", "WORK_GOAL", "工作目标"],
    ]);
    expect(res.data.policySection.children[1].children.map((c: any) => c.title)).toEqual(["坚持就业导向", "坚持政府激励", "坚持社会支持", "坚持自主创业"]);
  });

  it("lists the 7 plans with their goals", async () => {
    const res = await server.gql(`{ plans { code title goal measures { code } } }`);
    expect(res.data.plans).toHaveLength(7);
    expect(res.data.plans[0]).toEqual({
      code: "P1",
      title: "实施“政策支撑促创”计划",
      goal: "完善落实金融、财税和产业等创业政策,政府激励创业、社会支持创业、劳动者勇于创业的新机制更加健全。力争到2025年,全区累计发放创业担保贷款50亿元以上。",
      measures: [{ code: "P1-M1" }, { code: "P1-M2" }, { code: "P1-M3" }],
    });
    expect(res.data.plans[6].measures).toHaveLength(4);
  });
});

describe("measures", () => {
  it("P1-M1 has its exact title, body and 5 responsible parties in document order", async () => {
    const res = await server.gql(`{
      measure(code: "P1-M1") {
        code label title titleEn body responsibilityText
        plan { code }
        departments { slug name kind }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const m = res.data.measure;
    expect(m.label).toBe("1.");
    expect(m.title).toBe("加强金融政策支持");
    expect(m.titleEn).toBe("Strengthen financial policy support");
    expect(m.body).toBe(
      "进一步改善融资环境,落实国家金融支持优惠政策,拓展创业企业融资渠道,健全投资生态链,更好发挥创业投资引导基金和私募股权基金作用,加大初创期、种子期投入。" +
        "鼓励引导金融机构推出支持创新企业发展的金融产品,充分发挥自治区区域股权市场功能,孵化培育创业企业改制上市,支持符合条件的企业发行企业债券。" +
        "落实创业担保贷款政策,在自治区范围内申请贷款不受户籍所在地限制,有条件的地区可适当提高个人单笔贷款最高额度,延长贷款期限。" +
        "对个人10万元以下创业担保贷款、获得盟市级以上荣誉称号以及金融机构评估认定信用良好的创业者,原则上取消反担保。" +
        "落实小微企业创业担保贷款招用符合条件人员降低比例政策,促进创业型小微企业健康发展。",
    );
    expect(m.responsibilityText).toBe("自治区财政厅、人力资源社会保障厅、地方金融监管局,内蒙古银保监局、人民银行呼和浩特中心支行等部门按照职责分工负责");
    expect(m.plan).toEqual({ code: "P1" });
    expect(m.departments).toEqual([
      { slug: "finance-department", name: "自治区财政厅", kind: "REGIONAL_GOVERNMENT_DEPARTMENT" },
      { slug: "human-resources-social-security-department", name: "自治区人力资源社会保障厅", kind: "REGIONAL_GOVERNMENT_DEPARTMENT" },
      { slug: "local-financial-supervision-bureau", name: "自治区地方金融监管局", kind: "REGIONAL_GOVERNMENT_DEPARTMENT" },
      { slug: "cbirc-inner-mongolia-office", name: "内蒙古银保监局", kind: "CENTRAL_AGENCY_BRANCH" },
      { slug: "pboc-hohhot-central-sub-branch", name: "人民银行呼和浩特中心支行", kind: "CENTRAL_AGENCY_BRANCH" },
    ]);
  });

  it("P7-M4 is the last measure and names the Party publicity department first", async () => {
    const res = await server.gql(`{ measure(code: "P7-M4") { title departments { name kind } } }`);
    expect(res.data.measure).toEqual({
      title: "加大宣传力度",
      departments: [
        { name: "自治区党委宣传部", kind: "PARTY_ORGAN" },
        { name: "自治区人力资源社会保障厅", kind: "REGIONAL_GOVERNMENT_DEPARTMENT" },
      ],
    });
  });

  it("a page of measures brings every measure's departments in its own statement, as the database lists them", async () => {
    const fields = "slug name nameEn kind aliases ordinal provenance region { code }";
    const q = `{ measures(first: 22) { nodes { code departments { ${fields} } } } }`;
    // The departments come from an index read once per data version (departmentIndex): the first
    // page of a version reads it, one statement more; every later page is one statement.
    await server.gql(`{ measures(first: 1) { nodes { departments { slug } } } }`);
    const page = await server.gql(q);
    // One statement (issue 11): each row carries its departments' slugs, primed into the loader.
    expect(page.extensions!.cost!.sqlStatements).toBe(1 + 1); // + the departments' regions
    expect((await server.gql(`{ measures(first: 22) { nodes { code departments { slug name nameEn } } } }`)).extensions!.cost!.sqlStatements).toBe(1);
    const expected = await rows<{ measure_code: string; slug: string; name: string; name_en: string; kind: string; aliases: string[]; ordinal: number; provenance: string; region_code: string | null }>(
      server.database,
      sql`select md.measure_code, d.* from measure_departments md join departments d on d.slug = md.department_slug order by md.measure_code, md.ordinal`,
    );
    expect(expected.length).toBeGreaterThan(22);
    for (const m of page.data.measures.nodes) {
      const own = expected.filter((r) => r.measure_code === m.code);
      expect(own.length).toBeGreaterThan(0);
      expect(m.departments).toEqual(own.map((r) => ({ slug: r.slug, name: r.name, nameEn: r.name_en, kind: r.kind, aliases: r.aliases, ordinal: r.ordinal, provenance: r.provenance, region: r.region_code ? { code: r.region_code } : null })));
      // The same as the loader answers one measure at a time.
      const one = await server.gql(`{ measure(code: "${m.code}") { departments { ${fields} } } }`);
      expect(one.data.measure.departments).toEqual(m.departments);
    }
  });

  it("the departments of a page are never older than the data version: a renamed department shows on the next page", async () => {
    const q = `{ measures(first: 1) { nodes { code departments { slug name } } } }`;
    const before = (await server.gql(q)).data.measures.nodes[0];
    const { slug, name: old } = before.departments[0] as { slug: string; name: string };
    // Another process's change, as the service learns of it: a write and a new data version.
    const { publishDataVersion } = await import("../src/services/refresh.js");
    try {
      await server.database.db.execute(sql`update departments set name = ${`${old}（更正）`} where slug = ${slug}`);
      await publishDataVersion(server.database.db);
      let after = (await server.gql(q)).data.measures.nodes[0];
      for (let i = 0; i < 50 && after.departments[0].name === old; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = (await server.gql(q)).data.measures.nodes[0];
      }
      expect(after).toEqual({ ...before, departments: [{ slug, name: `${old}（更正）` }, ...before.departments.slice(1)] });
    } finally {
      await server.database.db.execute(sql`update departments set name = ${old} where slug = ${slug}`);
      await publishDataVersion(server.database.db);
    }
  });

  it("a page of measures answers every field as the one-measure lookup does, whichever fields are asked (the list reads only the columns they need)", async () => {
    const fragment = " fragment M on Measure { responsibilityText plan { title } }";
    const all = "id code kind label title titleEn body ordinal documentOrder path provenance url responsibilityText status { status } plan { code } departments { slug } targets { code } supportInstruments { code }";
    for (const fields of [all, "code title", "code titleEn departments { name }", "code ... on Node { id } ...M", "__typename code body"]) {
      const withFragment = fields.includes("...M") ? fragment : "";
      const page = await server.gql(`{ measures(first: 22) { edges { node { ${fields} } } } }${withFragment}`);
      expect(page.errors).toBeUndefined();
      expect(page.data.measures.edges).toHaveLength(22);
      for (const { node } of page.data.measures.edges) {
        const one = await server.gql(`{ measure(code: "${node.code}") { ${fields} } }${withFragment}`);
        expect(one.data.measure).toEqual(node);
      }
    }
  });

  it("lists all 22 in document order and no text has a page marker or a stray space", async () => {
    const res = await server.gql(`{ measures(first: 100) { totalCount nodes { code title body } } }`);
    expect(res.data.measures.totalCount).toBe(22);
    const codes = res.data.measures.nodes.map((n: any) => n.code);
    expect(codes).toEqual([
      "P1-M1", "P1-M2", "P1-M3", "P2-M1", "P2-M2", "P2-M3", "P3-M1", "P3-M2", "P3-M3", "P4-M1", "P4-M2",
      "P4-M3", "P5-M1", "P5-M2", "P5-M3", "P6-M1", "P6-M2", "P6-M3", "P7-M1", "P7-M2", "P7-M3", "P7-M4",
    ]);
    for (const n of res.data.measures.nodes) {
      expect(n.body).not.toMatch(/\s/);
      expect(n.body).not.toMatch(/-\s*\d+\s*-/);
    }
  });

  it("filters by plan, department and beneficiary group", async () => {
    const res = await server.gql(`{
      byPlan: measures(first: 10, filterBy: { planCode: "P7" }) { nodes { code } }
      byDept: measures(first: 10, filterBy: { departmentSlug: "disabled-persons-federation" }) { nodes { code } }
      byCity: measures(first: 10, filterBy: { departmentSlug: "hohhot-municipal-government" }) { nodes { code } }
      byGroup: measures(first: 10, filterBy: { beneficiaryGroup: VETERANS }) { nodes { code } }
    }`);
    expect(res.data.byPlan.nodes.map((n: any) => n.code)).toEqual(["P7-M1", "P7-M2", "P7-M3", "P7-M4"]);
    expect(res.data.byDept.nodes.map((n: any) => n.code)).toEqual(["P5-M3"]);
    expect(res.data.byCity.nodes.map((n: any) => n.code)).toEqual(["P1-M3", "P4-M1"]);
    // Measures naming veterans (P1-M2, P4-M2, P5-M3) and those with an instrument open to every person.
    expect(res.data.byGroup.nodes.map((n: any) => n.code)).toEqual(["P1-M1", "P1-M2", "P1-M3", "P3-M2", "P4-M2", "P5-M3", "P6-M1"]);
  });
});

describe("departments", () => {
  it("lists the 27 responsible parties in order of first mention, with kinds", async () => {
    const res = await server.gql(`{ departments(first: 100) { totalCount nodes { name kind } } }`);
    expect(res.data.departments.totalCount).toBe(27);
    expect(res.data.departments.nodes.map((d: any) => d.name)).toEqual([
      "自治区财政厅", "自治区人力资源社会保障厅", "自治区地方金融监管局", "内蒙古银保监局", "人民银行呼和浩特中心支行",
      "自治区发展改革委", "自治区教育厅", "自治区科技厅", "自治区民政厅", "自治区农牧厅", "自治区退役军人事务厅",
      "自治区乡村振兴局", "内蒙古税务局", "呼和浩特市人民政府", "包头市人民政府", "通辽市人民政府", "赤峰市人民政府",
      "乌兰察布市人民政府", "鄂尔多斯市人民政府", "自治区工业和信息化厅", "自治区市场监管局", "自治区司法厅",
      "自治区住房城乡建设厅", "自治区残联", "自治区党委编办", "自治区政务服务局", "自治区党委宣传部",
    ]);
    const kinds = res.data.departments.nodes.reduce((acc: Record<string, number>, d: any) => ({ ...acc, [d.kind]: (acc[d.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ REGIONAL_GOVERNMENT_DEPARTMENT: 15, CENTRAL_AGENCY_BRANCH: 3, CITY_GOVERNMENT: 6, PEOPLES_ORGANIZATION: 1, PARTY_ORGAN: 2 });
  });

  it("gives a department its measures and a city government its region", async () => {
    const res = await server.gql(`{
      hrss: department(slug: "human-resources-social-security-department") { nameEn measures(first: 100) { totalCount } }
      ordos: department(slug: "ordos-municipal-government") { region { code name } measures(first: 5) { nodes { code } } }
      kind: departments(first: 10, filterBy: { kind: CITY_GOVERNMENT }) { totalCount }
    }`);
    expect(res.data.hrss).toEqual({ nameEn: "Department of Human Resources and Social Security of Inner Mongolia Autonomous Region", measures: { totalCount: 22 } });
    expect(res.data.ordos).toEqual({ region: { code: "150600", name: "鄂尔多斯市" }, measures: { nodes: [{ code: "P1-M3" }] } });
    expect(res.data.kind.totalCount).toBe(6);
  });
});

describe("targets", () => {
  it("returns every quantitative target with its exact value", async () => {
    const res = await server.gql(`{ targets(first: 100) { totalCount nodes { code comparator value unit scope period dueYear plan { code } section { code } } } }`);
    expect(res.errors).toBeUndefined();
    const rows = res.data.targets.nodes.map((t: any) => [t.code, t.comparator, t.value, t.unit, t.scope, t.dueYear, t.section.code]);
    expect(rows).toEqual([
      ["supported-entrepreneurs", "AT_LEAST", "120000", "PERSONS", "REGION_WIDE", 2025, "C1-3"],
      ["jobs-created", "AT_LEAST", "350000", "PERSONS", "REGION_WIDE", 2025, "C1-3"],
      ["guarantee-loans-issued", "AT_LEAST", "5000000000", "CNY", "REGION_WIDE", 2025, "P1"],
      ["project-bank-projects", "AT_LEAST", "15000", "PROJECTS", "REGION_WIDE", 2025, "P3"],
      ["high-level-trainers", "AT_LEAST", "1000", "PERSONS", "REGION_WIDE", 2025, "P3"],
      ["entrepreneurship-trainees", "AT_LEAST", "100000", "PERSONS", "REGION_WIDE", 2025, "P3"],
      ["county-projects-collected", "AT_LEAST", "100", "PROJECTS", "PER_COUNTY", null, "P3-M1"],
      ["county-mentor-team-members", "AT_LEAST", "10", "PERSONS", "PER_MENTOR_TEAM", null, "P3-M2"],
      ["national-incubation-bases", "AT_LEAST", "8", "BASES", "REGION_WIDE", 2025, "P4"],
      ["national-maker-spaces", "AT_LEAST", "60", "MAKER_SPACES", "REGION_WIDE", 2025, "P4"],
      ["regional-incubation-bases", "AT_LEAST", "70", "BASES", "REGION_WIDE", 2025, "P4"],
      ["regional-maker-spaces", "AT_LEAST", "210", "MAKER_SPACES", "REGION_WIDE", 2025, "P4"],
      ["annual-incubation-award-funding", "AT_LEAST", "60000000", "CNY", "REGION_WIDE", null, "P4-M2"],
      ["park-free-space-share", "AT_LEAST", "30", "PERCENT", "PER_PARK", null, "P4-M2"],
      ["graduate-practical-trainees", "AT_LEAST", "40000", "PERSONS", "REGION_WIDE", 2025, "P5"],
      ["rural-labor-trainees", "AT_LEAST", "30000", "PERSONS", "REGION_WIDE", 2025, "P5"],
      ["annual-model-entrepreneurs", "EXACTLY", "100", "PERSONS", "REGION_WIDE", null, "P7-M2"],
      ["league-regional-brands", "AT_LEAST", "1", "BRANDS", "PER_LEAGUE", null, "P7-M2"],
    ]);
    expect(res.data.targets.totalCount).toBe(18);
    // Work goals belong to no plan; a measure's target belongs to the measure's plan.
    expect(res.data.targets.nodes[0].plan).toBeNull();
    expect(res.data.targets.nodes[6].plan).toEqual({ code: "P3" });
  });

  it("quotes the sentence that sets each target, and that sentence is in its section", async () => {
    const res = await server.gql(`{ targets(first: 100) { nodes { sourceQuote section { title body } } } }`);
    for (const t of res.data.targets.nodes) expect(`${t.section.title}。${t.section.body}`).toContain(t.sourceQuote);
    const loans = await server.gql(`{ target(code: "guarantee-loans-issued") { sourceQuote metricName } }`);
    expect(loans.data.target).toEqual({ sourceQuote: "力争到2025年,全区累计发放创业担保贷款50亿元以上", metricName: "累计发放创业担保贷款" });
  });

  it("filters by plan and scope", async () => {
    const res = await server.gql(`{
      p4: targets(first: 100, filterBy: { planCode: "P4" }) { nodes { code } }
      perLeague: targets(first: 100, filterBy: { scope: PER_LEAGUE }) { nodes { code } }
      group: targets(first: 100, filterBy: { beneficiaryGroup: COLLEGE_GRADUATES }) { nodes { code } }
    }`);
    expect(res.data.p4.nodes.map((n: any) => n.code)).toEqual([
      "national-incubation-bases", "national-maker-spaces", "regional-incubation-bases", "regional-maker-spaces", "annual-incubation-award-funding", "park-free-space-share",
    ]);
    expect(res.data.perLeague.nodes).toEqual([{ code: "league-regional-brands" }]);
    expect(res.data.group.nodes).toEqual([{ code: "graduate-practical-trainees" }]);
  });
});

describe("support instruments", () => {
  it("answers 'what can a veteran get?'", async () => {
    const res = await server.gql(`{
      supportInstruments(first: 100, filterBy: { beneficiaryGroup: VETERANS }) {
        totalCount
        nodes { code name kind amountType amount currency amountUnit payment measure { code } eligibleGroups { code } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    // The four that name veterans, and eight open to every person (see test/eligibility-engine.test.ts).
    expect(res.data.supportInstruments.totalCount).toBe(12);
    const named = res.data.supportInstruments.nodes.filter((n: any) => n.eligibleGroups.some((g: any) => g.code === "VETERANS"));
    expect(named.map((n: any) => [n.code, n.name, n.amountType, n.amount, n.measure.code])).toEqual([
      ["one-time-startup-subsidy", "一次性创业补贴", "MINIMUM", "5000.00", "P1-M2"],
      ["free-incubation-space", "政府开发的创业园孵化基地免费场地", "UNSPECIFIED", null, "P4-M2"],
      ["key-group-preferential-policies", "重点群体自主创业贷款、场地、税收优惠政策", "UNSPECIFIED", null, "P5-M3"],
      ["key-group-assistance-and-insurance", "重点群体创业人员纳入就业援助、社会保险和救助体系", "UNSPECIFIED", null, "P5-M3"],
    ]);
    const subsidy = named[0];
    expect(subsidy).toMatchObject({ currency: "CNY", amountUnit: "PERSON", payment: "ONE_OFF" });
    expect(subsidy.eligibleGroups.map((g: any) => g.code)).toEqual([
      "REGISTERED_UNEMPLOYED", "PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", "COLLEGE_GRADUATES", "COLLEGE_STUDENTS", "VETERANS", "RURAL_MIGRANT_WORKERS", "PEOPLE_WITH_DISABILITIES",
    ]);
  });

  it("carries amounts as exact decimals with floor, cap, fixed and relative semantics", async () => {
    const res = await server.gql(`{
      mentor: supportInstrument(code: "mentor-studio-award") { amountType amount amountUnit payment }
      national: supportInstrument(code: "national-incubation-base-award") { amountType amount amountUnit }
      incubation: supportInstrument(code: "incubation-subsidy") { amountType amount amountUnit exclusiveWith { code } }
      jobs: supportInstrument(code: "job-creation-subsidy") { amountType amount amountUnit }
      waiver: supportInstrument(code: "counter-guarantee-waiver") { kind amountType amount amountUnit }
      intern: supportInstrument(code: "internship-subsidy") { amountType amount relativeBase relativeRate maxDurationMonths payment }
      leave: supportInstrument(code: "researcher-leave-to-start-business") { kind maxDurationMonths eligibleGroups { code } }
      all: supportInstruments(first: 100) { totalCount }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.mentor).toEqual({ amountType: "FIXED", amount: "100000.00", amountUnit: "STUDIO", payment: "ONE_OFF" });
    expect(res.data.national).toEqual({ amountType: "MAXIMUM", amount: "1000000.00", amountUnit: "BASE" });
    expect(res.data.incubation).toEqual({ amountType: "MAXIMUM", amount: "5000.00", amountUnit: "HOUSEHOLD", exclusiveWith: [{ code: "one-time-startup-subsidy" }] });
    expect(res.data.jobs).toEqual({ amountType: "FIXED", amount: "3000.00", amountUnit: "NEW_EMPLOYEE" });
    expect(res.data.waiver).toEqual({ kind: "LOAN_RULE", amountType: "MAXIMUM", amount: "100000.00", amountUnit: "LOAN" });
    expect(res.data.intern).toEqual({ amountType: "RELATIVE", amount: null, relativeBase: "自治区一类地区最低工资标准", relativeRate: "0.6000", maxDurationMonths: 12, payment: "MONTHLY" });
    expect(res.data.leave).toEqual({ kind: "PERSONNEL_RULE", maxDurationMonths: 72, eligibleGroups: [{ code: "RESEARCHERS" }] });
    expect(res.data.all.totalCount).toBe(42);
  });

  it("lists beneficiary groups and what each is eligible for", async () => {
    const res = await server.gql(`{ beneficiaryGroup(code: PEOPLE_WITH_DISABILITIES) { name supportInstruments { code eligibleGroups { code } } } beneficiaryGroups { code } }`);
    expect(res.data.beneficiaryGroup.name).toBe("残疾人");
    // Named for people with disabilities; the others are open to every person.
    expect(res.data.beneficiaryGroup.supportInstruments.filter((i: any) => i.eligibleGroups.length > 0).map((i: any) => i.code)).toEqual(["one-time-startup-subsidy", "free-incubation-space", "key-group-preferential-policies", "key-group-assistance-and-insurance"]);
    expect(res.data.beneficiaryGroup.supportInstruments).toHaveLength(12);
    expect(res.data.beneficiaryGroups).toHaveLength(14);
  });
});

describe("regions", () => {
  it("holds Inner Mongolia, 12 league-level and 103 county-level units", async () => {
    const res = await server.gql(`{
      all: regions(first: 100) { totalCount }
      leagues: regions(first: 100, filterBy: { level: LEAGUE }) { totalCount nodes { code name nameEn } }
      counties: regions(first: 100, filterBy: { level: COUNTY }) { totalCount }
      root: region(code: "150000") { name nameEn level parent { code } }
    }`);
    expect(res.data.all.totalCount).toBe(116);
    expect(res.data.leagues.totalCount).toBe(12);
    expect(res.data.counties.totalCount).toBe(103);
    expect(res.data.leagues.nodes.map((n: any) => n.code)).toEqual([
      "150100", "150200", "150300", "150400", "150500", "150600", "150700", "150800", "150900", "152200", "152500", "152900",
    ]);
    expect(res.data.leagues.nodes[0]).toEqual({ code: "150100", name: "呼和浩特市", nameEn: "Hohhot City" });
    expect(res.data.root).toEqual({ name: "内蒙古自治区", nameEn: "Inner Mongolia Autonomous Region", level: "PROVINCE", parent: null });
  });

  it("links a region to its parent and children", async () => {
    const res = await server.gql(`{ region(code: "150100") { name parent { code } children { name } } county: region(code: "150121") { name pinyin parent { name } } }`);
    expect(res.data.region).toEqual({
      name: "呼和浩特市",
      parent: { code: "150000" },
      children: ["新城区", "回民区", "玉泉区", "赛罕区", "土默特左旗", "托克托县", "和林格尔县", "清水河县", "武川县"].map((name) => ({ name })),
    });
    expect(res.data.county).toEqual({ name: "土默特左旗", pinyin: "Tumote Zuoqi", parent: { name: "呼和浩特市" } });
  });

  it("pages through all 116 regions with stable cursors", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res: any = await server.gql(`query($after: String) { regions(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { code } } }`, { after });
      seen.push(...res.data.regions.nodes.map((n: any) => n.code));
      if (!res.data.regions.pageInfo.hasNextPage) break;
      after = res.data.regions.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(116);
    expect(new Set(seen).size).toBe(116);
    expect([...seen].sort()).toEqual(seen);
  });
});

describe("global ids", () => {
  it("node(id:) and nodes(ids:) return any object by its opaque id", async () => {
    const ids = await server.gql(`{ measure(code: "P1-M1") { id } department(slug: "finance-department") { id } region(code: "150600") { id } }`);
    const { measure, department, region } = ids.data;
    const res = await server.gql(
      `query($m: ID!, $ids: [ID!]!) {
        node(id: $m) { __typename id ... on Measure { code title } }
        nodes(ids: $ids) { __typename ... on Department { slug } ... on Region { name } }
      }`,
      { m: measure.id, ids: [department.id, region.id] },
    );
    expect(res.data.node).toEqual({ __typename: "Measure", id: measure.id, code: "P1-M1", title: "加强金融政策支持" });
    expect(res.data.nodes).toEqual([{ __typename: "Department", slug: "finance-department" }, { __typename: "Region", name: "鄂尔多斯市" }]);
  });
});

describe("whether the programme is in force", () => {
  // The document: signed “2022 年 5 月 6 日”; its title's period “(2022-2025年)”; no measure sets a period of its own.
  const STATUS = `status(asOf: $asOf) { status asOf inForceFrom periodEndsOn endedOn basis }`;
  const query = `query($asOf: Date) { policyDocument(docNumber: "内政办发〔2022〕31号") { ${STATUS} } plan(code: "P1") { ${STATUS} } measure(code: "P4-M2") { ${STATUS} } }`;

  it.each([
    ["2022-05-05", "NOT_YET_IN_FORCE", null],
    ["2022-05-06", "IN_FORCE", null],
    ["2025-12-31", "IN_FORCE", null],
    ["2026-01-01", "ENDED", "2025-12-31"],
  ])("on %s the document, a plan and a measure are %s", async (asOf, status, endedOn) => {
    const res = await server.gql(query, { asOf });
    expect(res.errors).toBeUndefined();
    for (const item of [res.data.policyDocument, res.data.plan, res.data.measure]) {
      expect(item.status).toMatchObject({ status, asOf, inForceFrom: "2022-05-06", periodEndsOn: "2025-12-31", endedOn });
    }
    if (status === "ENDED") expect(res.data.measure.status.basis).toBe("The period of 内政办发〔2022〕31号, 2022–2025, ended on 2025-12-31; the document names no extension.");
  });

  it("answers for today in China (UTC+8) when no date is given, and refuses a date that is not one", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    const res = await server.gql(`{ measure(code: "P1-M1") { status { status asOf endedOn } } }`);
    expect(res.data.measure.status).toEqual({ asOf: today, status: today > "2025-12-31" ? "ENDED" : "IN_FORCE", endedOn: today > "2025-12-31" ? "2025-12-31" : null });
    const bad = await server.gql(query, { asOf: "2025-02-30" });
    expect([bad.status, bad.errors![0]!.extensions!.code]).toEqual([400, "BAD_USER_INPUT"]);
  });
});
