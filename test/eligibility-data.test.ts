// Eligibility as data (issue 9, item 2): every instrument's conditions as typed criteria beside
// the document's words, relative amounts as a formula, and minimum wages imported with their
// source and resolved per league.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/imports/run.js";
import { startTestServer, type TestServer } from "./support/harness.js";

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "chuangye-wages-"));
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const CRITERION = `ordinal kind sourceText months amount values anyOf group { code } appliesToGroup { code } section { code }`;

describe("criteria", () => {
  it("every criterion of every instrument quotes its section word for word", async () => {
    const res = await server.gql(`{ supportInstruments(first: 100) { nodes { code criteria { kind sourceText section { code title body } } } } }`);
    expect(res.errors).toBeUndefined();
    let n = 0;
    for (const i of res.data.supportInstruments.nodes) {
      expect(i.criteria.length, i.code).toBeGreaterThan(0);
      for (const c of i.criteria) {
        expect(`${c.section.title}。${c.section.body}`, `${i.code}: ${c.sourceText}`).toContain(c.sourceText);
        n++;
      }
    }
    expect(n).toBe(101);
  });

  it("the one-time start-up subsidy: groups as alternatives, the graduates' and migrant workers' own qualifiers, the general conditions, the exclusion", async () => {
    const res = await server.gql(`{ supportInstrument(code: "one-time-startup-subsidy") { criteria { ${CRITERION} } } }`);
    expect(res.errors).toBeUndefined();
    const rows = res.data.supportInstrument.criteria.map((c: any) => [c.kind, c.sourceText, c.group?.code ?? c.appliesToGroup?.code ?? null, c.months, c.values, c.section.code]);
    expect(rows).toEqual([
      ["BENEFICIARY_GROUP", "登记失业人员", "REGISTERED_UNEMPLOYED", null, [], "P1-M2"],
      ["BENEFICIARY_GROUP", "就业困难人员", "PEOPLE_WITH_EMPLOYMENT_DIFFICULTIES", null, [], "P1-M2"],
      ["BENEFICIARY_GROUP", "离校两年内未就业高校毕业生", "COLLEGE_GRADUATES", null, [], "P1-M2"],
      ["MAX_MONTHS_SINCE_LEAVING_SCHOOL", "离校两年内", "COLLEGE_GRADUATES", 24, [], "P1-M2"],
      ["NOT_EMPLOYED", "未就业高校毕业生", "COLLEGE_GRADUATES", null, [], "P1-M2"],
      ["BENEFICIARY_GROUP", "(含在校生)", "COLLEGE_STUDENTS", null, [], "P1-M2"],
      ["BENEFICIARY_GROUP", "退役军人", "VETERANS", null, [], "P1-M2"],
      ["BENEFICIARY_GROUP", "返乡入乡创业农牧民工", "RURAL_MIGRANT_WORKERS", null, [], "P1-M2"],
      ["RETURNING_HOME", "返乡入乡创业", "RURAL_MIGRANT_WORKERS", null, [], "P1-M2"],
      ["BENEFICIARY_GROUP", "残疾人", "PEOPLE_WITH_DISABILITIES", null, [], "P1-M2"],
      ["FIRST_TIME_FOUNDER", "首次成功创业", null, null, [], "P1-M2"],
      ["MIN_MONTHS_OPERATING", "在相关部门登记注册正常经营1年以上", null, 12, [], "P1-M2"],
      ["EMPLOYS_OTHERS", "带动其他劳动者就业", null, null, [], "P1-M2"],
      ["FILES_TAXES", "正常申报纳税", null, null, [], "P1-M2"],
      ["EXCLUSIVE_WITH", "创业孵化补贴与一次性创业补贴不得重复享受", null, null, ["incubation-subsidy"], "P4-M2"],
    ]);
  });

  it("loan, location, business-type, sector and role conditions are typed", async () => {
    const res = await server.gql(`{
      waiver: supportInstrument(code: "counter-guarantee-waiver") { criteria { kind sourceText amount anyOf } }
      pilot: supportInstrument(code: "industrial-policy-pilot-award") { criteria { kind values sourceText } }
      farms: supportInstrument(code: "new-agribusiness-tax-fee-reductions") { criteria { kind values sourceText } }
      rights: supportInstrument(code: "in-service-founder-rights") { criteria { kind values sourceText } }
      intern: supportInstrument(code: "internship-subsidy") { criteria { kind months sourceText } }
      training: supportInstrument(code: "practical-training-subsidy") { criteria { kind sourceText months section { code } appliesToGroup { code } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.waiver.criteria).toEqual([
      { kind: "MAX_LOAN_AMOUNT", sourceText: "个人10万元以下创业担保贷款", amount: "100000.00", anyOf: "waiver" },
      { kind: "OTHER", sourceText: "获得盟市级以上荣誉称号", amount: null, anyOf: "waiver" },
      { kind: "OTHER", sourceText: "金融机构评估认定信用良好的创业者", amount: null, anyOf: "waiver" },
    ]);
    expect(res.data.pilot.criteria).toEqual([{ kind: "LOCATION", values: ["150100", "150500", "150400"], sourceText: "在呼和浩特市探索建设“呼包鄂乌”产业政策融合支持创新创业试验区,在通辽市、赤峰市分别探索建设“双子星”产业政策融合支持创新创业试点" }]);
    expect(res.data.farms.criteria).toEqual([{ kind: "BUSINESS_TYPE", values: ["FAMILY_FARM", "FARMER_COOPERATIVE", "OTHER_NEW_AGRIBUSINESS"], sourceText: "家庭农场、农牧民合作社等新型农牧业经营主体" }]);
    expect(res.data.rights.criteria).toEqual([{ kind: "ROLE", values: ["FOUNDING_WHILE_IN_POST"], sourceText: "在职创办企业人员" }]);
    expect(res.data.intern.criteria.at(-1)).toEqual({ kind: "MAX_MONTHS_AFTER_INTERNSHIP", months: 6, sourceText: "对参加“见习+孵化”后6个月内成功创业的" });
    // 将高校毕业生创业实训人员范围调整为毕业学年的高校学生(含技师学院)和离校两年内未就业的高校毕业生 (P5-M1) decides who gets the training subsidy of P3-M3.
    expect(res.data.training.criteria.slice(0, 5)).toEqual([
      { kind: "BENEFICIARY_GROUP", sourceText: "毕业学年的高校学生(含技师学院)", months: null, section: { code: "P5-M1" }, appliesToGroup: null },
      { kind: "IN_GRADUATING_YEAR", sourceText: "毕业学年的高校学生", months: null, section: { code: "P5-M1" }, appliesToGroup: { code: "COLLEGE_STUDENTS" } },
      { kind: "BENEFICIARY_GROUP", sourceText: "离校两年内未就业的高校毕业生", months: null, section: { code: "P5-M1" }, appliesToGroup: null },
      { kind: "MAX_MONTHS_SINCE_LEAVING_SCHOOL", sourceText: "离校两年内", months: 24, section: { code: "P5-M1" }, appliesToGroup: { code: "COLLEGE_GRADUATES" } },
      { kind: "NOT_EMPLOYED", sourceText: "未就业的高校毕业生", months: null, section: { code: "P5-M1" }, appliesToGroup: { code: "COLLEGE_GRADUATES" } },
    ]);
  });
});

describe("relative amounts and minimum wages", () => {
  it("the internship subsidy is a formula on the class-I minimum wage, unresolved while no minimum wage is imported", async () => {
    const res = await server.gql(`{
      intern: supportInstrument(code: "internship-subsidy") { amountFormula { rate base baseName baseNameEn expression } resolvedAmounts { amount } }
      fixed: supportInstrument(code: "mentor-studio-award") { amountFormula { rate } resolvedAmounts { amount } }
      minimumWages(first: 10) { totalCount }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.intern).toEqual({
      amountFormula: { rate: "0.6000", base: "CLASS_I_MINIMUM_WAGE", baseName: "自治区一类地区最低工资标准", baseNameEn: "the autonomous region's class-I area minimum wage", expression: "0.6 × 自治区一类地区最低工资标准" },
      resolvedAmounts: [],
    });
    expect(res.data.fixed).toEqual({ amountFormula: null, resolvedAmounts: [] });
    expect(res.data.minimumWages.totalCount).toBe(0);
  });

  it("the minimum-wages import rejects bad rows, all or nothing, naming line and column", async () => {
    const header = "region_code,wage_class,effective_from,monthly_amount,source";
    const bad = file("bad.csv", [
      header,
      "150000,I,2030-01-01,2000.00,test fixture — not an official figure",
      "150102,I,2030-01-01,2000.00,test fixture", // a county
      "159999,I,2030-01-01,2000.00,test fixture", // no such region
      "150000,V,2030-01-01,2000.00,test fixture", // no such class
      "150000,II,2030-01-01,-5,test fixture", // negative
      "150000,III,2030-01-01,1800.00,", // no source
      "150000,I,2030-01-01,2100.00,test fixture", // duplicate key
    ].join("\n"));
    const report = await importFile(server.database, "minimum-wages", bad);
    expect(report.committed).toBe(false);
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "region_code"], [4, "region_code"], [5, "wage_class"], [6, "monthly_amount"], [7, "source"], [8, "region_code+wage_class+effective_from"],
    ]);
    expect(report.errors[0]!.message).toContain("is a county");
    expect((await server.gql(`{ minimumWages(first: 10) { totalCount } }`)).data.minimumWages.totalCount).toBe(0);
  });

  it("once imported (with its source), resolves the subsidy to CNY per league: a league's own figure wins, and only from its date", async () => {
    const good = file("good.csv", [
      "region_code,wage_class,effective_from,monthly_amount,source",
      "150000,I,2030-01-01,2000.00,test fixture — not an official figure",
      "150000,II,2030-01-01,1900.00,test fixture — not an official figure",
      "150200,I,2031-01-01,2100.00,test fixture — not an official figure",
    ].join("\n"));
    const report = await importFile(server.database, "minimum-wages", good);
    expect(report).toMatchObject({ committed: true, inserted: 3, errors: [] });
    const q = (asOf: string) => server.gql(`{ supportInstrument(code: "internship-subsidy") { resolvedAmounts(asOf: "${asOf}") { amount currency computation region { code } minimumWage { wageClass monthlyAmount effectiveFrom source provenance region { code } } } } }`);
    const before = await q("2029-12-31");
    expect(before.data.supportInstrument.resolvedAmounts).toEqual([]);
    const y2030 = (await q("2030-06-01")).data.supportInstrument.resolvedAmounts;
    expect(y2030).toHaveLength(12);
    expect(y2030.every((a: any) => a.amount === "1200.00" && a.minimumWage.region.code === "150000")).toBe(true);
    expect(y2030[0]).toEqual({
      amount: "1200.00", currency: "CNY", computation: "0.6 × 2000.00 = 1200.00", region: { code: "150100" },
      minimumWage: { wageClass: "I", monthlyAmount: "2000.00", effectiveFrom: "2030-01-01", source: "test fixture — not an official figure", provenance: "SOURCE", region: { code: "150000" } },
    });
    const y2031 = (await q("2031-01-01")).data.supportInstrument.resolvedAmounts;
    expect(y2031.find((a: any) => a.region.code === "150200")).toMatchObject({ amount: "1260.00", computation: "0.6 × 2100.00 = 1260.00" });
    expect(y2031.filter((a: any) => a.amount === "1200.00")).toHaveLength(11);
    const list = await server.gql(`{ minimumWages(first: 10) { totalCount nodes { wageClass effectiveFrom monthlyAmount region { code } } } }`);
    expect(list.data.minimumWages.nodes).toEqual([
      { wageClass: "I", effectiveFrom: "2030-01-01", monthlyAmount: "2000.00", region: { code: "150000" } },
      { wageClass: "II", effectiveFrom: "2030-01-01", monthlyAmount: "1900.00", region: { code: "150000" } },
      { wageClass: "I", effectiveFrom: "2031-01-01", monthlyAmount: "2100.00", region: { code: "150200" } },
    ]);
  });
});
