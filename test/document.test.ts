// The parser against the committed scrape: structure and text fidelity, without a database.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanText, parseDocument, SOURCE_FILE, splitResponsibleParties } from "../src/db/seed/document.js";

const doc = parseDocument();
const ofKind = (kind: string) => doc.sections.filter((s) => s.kind === kind);

describe("parsing 内政办发〔2022〕31号", () => {
  it("finds the document's structure: 3 chapters, 4 principles, 7 plans, 22 measures, 4 requirements", () => {
    expect(ofKind("CHAPTER").map((s) => s.title)).toEqual(["总体要求", "重点任务和措施", "工作要求"]);
    expect(ofKind("PRINCIPLE").map((s) => s.title)).toEqual(["坚持就业导向", "坚持政府激励", "坚持社会支持", "坚持自主创业"]);
    expect(ofKind("PLAN").map((s) => s.title)).toEqual([
      "实施“政策支撑促创”计划",
      "实施“服务全程优创”计划",
      "实施“护航提升助创”计划",
      "实施“筑巢孵化育创”计划",
      "实施“重点群体扶创”计划",
      "实施“引才育才智创”计划",
      "实施“厚植生态宜创”计划",
    ]);
    expect(ofKind("MEASURE")).toHaveLength(22);
    // Measures per plan: 3,3,3,3,3,3,4.
    expect(ofKind("PLAN").map((p) => doc.sections.filter((s) => s.parentCode === p.code).length)).toEqual([3, 3, 3, 3, 3, 3, 4]);
    expect(ofKind("REQUIREMENT").map((s) => s.title)).toEqual(["加强组织领导", "加强资金保障", "加强工作协调", "加强督促检查"]);
    expect(ofKind("GUIDING_IDEA")).toHaveLength(1);
    expect(ofKind("WORK_GOAL")[0]!.body).toMatch(/到2025年,全区扶持创业12万人以上,带动就业35万人以上。$/);
  });

  it("reads the notice's header and footer exactly", () => {
    expect(doc.docNumber).toBe("内政办发〔2022〕31号");
    expect(doc.title).toBe("内蒙古自治区人民政府办公厅关于印发《“创业内蒙古行动”实施方案(2022-2025年)》的通知");
    expect(doc.signedOnText).toBe("2022年5月6日");
    expect(doc.printedOnText).toBe("2022年5月10日");
    expect(doc.publicationNote).toBe("(此件公开发布)");
    expect(doc.recipients).toBe("各盟行政公署、市人民政府,自治区各委、办、厅、局,各大企业、事业单位");
  });

  it("removes page markers and line-wrap spaces and nothing else", () => {
    const raw = readFileSync(SOURCE_FILE, "utf8");
    for (const s of doc.sections) {
      expect(s.body).not.toMatch(/\s/);
      expect(s.title).not.toMatch(/\s/);
      expect(s.body).not.toMatch(/-\d+-/);
    }
    // A sentence that the scrape split across the page 4/5 footer is whole again.
    expect(raw).toContain("促进创业型小微企业 - 4 - 健康发展");
    expect(doc.sections.find((s) => s.code === "P1-M1")!.body).toContain("促进创业型小微企业健康发展。");
    // Every character of the cleaned text is a character of the scrape, in order: nothing invented.
    const cleaned = cleanText(raw.split("\n").find((l) => l.startsWith("内蒙古自治区人民政府办公厅 关于印发"))!);
    let at = 0;
    for (const s of doc.sections.filter((x) => x.body)) {
      const found = cleaned.indexOf(s.body, at);
      expect(found, s.code).toBeGreaterThanOrEqual(0);
      at = found + s.body.length;
    }
  });

  it("distributes 自治区 over a run of parties and 人民政府 over a run of cities", () => {
    expect(splitResponsibleParties("自治区财政厅、人力资源社会保障厅、地方金融监管局,内蒙古银保监局、人民银行呼和浩特中心支行等部门按照职责分工负责")).toEqual([
      "自治区财政厅",
      "自治区人力资源社会保障厅",
      "自治区地方金融监管局",
      "内蒙古银保监局",
      "人民银行呼和浩特中心支行",
    ]);
    expect(splitResponsibleParties("自治区人力资源社会保障厅等部门,呼和浩特市、包头市人民政府按照职责分工负责")).toEqual(["自治区人力资源社会保障厅", "呼和浩特市人民政府", "包头市人民政府"]);
  });

  it("names 27 distinct responsible parties across the 22 measures", () => {
    const names = new Set(ofKind("MEASURE").flatMap((m) => splitResponsibleParties(m.responsibilityText!)));
    expect(names.size).toBe(27);
    // 人力资源社会保障厅 answers for every measure.
    for (const m of ofKind("MEASURE")) expect(splitResponsibleParties(m.responsibilityText!)).toContain("自治区人力资源社会保障厅");
  });
});
