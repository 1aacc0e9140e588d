/**
 * Parses the committed scrape of 内政办发〔2022〕31号 into the document tree.
 *
 * The scrape (source/chuangye-neimenggu-2022-2025.txt) joined the whole notice into one
 * paragraph, kept the page footers (`- 2 -` … `- 19 -`) mid-sentence and put a space wherever
 * the original line wrapped. We remove exactly those artefacts and change nothing else: no
 * punctuation is normalised (the scrape's half-width `,` `(` `)` `:` stay as published).
 * Every structural marker below is searched for, and a missing one throws: if the source
 * ever changes, seeding fails loudly instead of publishing a mangled tree.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SOURCE_FILE = fileURLToPath(new URL("./source/chuangye-neimenggu-2022-2025.txt", import.meta.url));

export type SectionKind =
  | "PREAMBLE"
  | "CHAPTER"
  | "GUIDING_IDEA"
  | "PRINCIPLES"
  | "PRINCIPLE"
  | "WORK_GOAL"
  | "PLAN"
  | "MEASURE"
  | "REQUIREMENT";

export interface ParsedSection {
  /** Stable code: `C1`, `C1-2-1`, `P1`, `P1-M1`, `C3-4`, `PREAMBLE`. */
  code: string;
  parentCode: string | null;
  kind: SectionKind;
  /** Position among its siblings, from 1. */
  ordinal: number;
  /** Position in reading order across the whole document, from 1. */
  documentOrder: number;
  /** The label as printed: `一、`, `(一)`, `1.`, `——`. Empty for the preamble. */
  label: string;
  title: string;
  body: string;
  /** For measures: the parenthesised list of responsible parties, without the parentheses. */
  responsibilityText: string | null;
}

export interface ParsedDocument {
  title: string;
  docNumber: string;
  recipients: string;
  noticeBody: string;
  signedOnText: string;
  publicationNote: string;
  planTitle: string;
  copiedTo: string;
  printedBy: string;
  printedOnText: string;
  sections: ParsedSection[];
}

/** Removes the scrape's artefacts: page footers and line-wrap spaces. */
export function cleanText(raw: string): string {
  return raw
    .replace(/\s-\s\d{1,2}\s-(\s|$)/g, " ")
    .replace(/\s+/g, "");
}

/** The document proper: the one long line that starts with the issuer's name. */
export function extractDocumentLine(raw: string): string {
  const line = raw.split("\n").find((l) => l.startsWith("内蒙古自治区人民政府办公厅 关于印发"));
  if (!line) throw new Error("source: the document line was not found");
  return line;
}

const CN_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

class Cursor {
  constructor(
    private readonly text: string,
    public pos = 0,
  ) {}

  /** Position of `marker` at or after the cursor; throws when absent. */
  find(marker: string, from = this.pos): number {
    const at = this.text.indexOf(marker, from);
    if (at < 0) throw new Error(`source: marker ${JSON.stringify(marker)} not found after offset ${from}`);
    return at;
  }

  /** Text from the cursor up to `marker`; the cursor moves past the marker. */
  takeUntil(marker: string): string {
    const at = this.find(marker);
    const out = this.text.slice(this.pos, at);
    this.pos = at + marker.length;
    return out;
  }

  expect(marker: string): void {
    if (!this.text.startsWith(marker, this.pos)) {
      throw new Error(`source: expected ${JSON.stringify(marker)} at offset ${this.pos}, found ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))}`);
    }
    this.pos += marker.length;
  }

  slice(from: number, to: number): string {
    return this.text.slice(from, to);
  }
}

/** Splits `label + title + "。" + body` into title and body. */
function splitTitle(text: string): { title: string; body: string } {
  const end = text.indexOf("。");
  if (end < 0) throw new Error(`source: no title sentence in ${JSON.stringify(text.slice(0, 30))}`);
  return { title: text.slice(0, end), body: text.slice(end + 1) };
}

export function parseDocument(raw: string = readFileSync(SOURCE_FILE, "utf8")): ParsedDocument {
  const text = cleanText(extractDocumentLine(raw));
  const c = new Cursor(text);
  const sections: ParsedSection[] = [];
  let order = 0;
  const push = (s: Omit<ParsedSection, "documentOrder">) => sections.push({ ...s, documentOrder: ++order });

  const docNumberAt = c.find("内政办发〔");
  const title = c.slice(0, docNumberAt);
  c.pos = docNumberAt;
  const docNumber = c.takeUntil("号") + "号";
  const recipients = c.takeUntil(":");
  const noticeBody = c.takeUntil("。") + "。";
  const signedOnText = c.takeUntil("日") + "日";
  const publicationNote = c.takeUntil(")") + ")";
  const planTitle = c.takeUntil("年)") + "年)";
  const chapterStarts = ["一、", "二、", "三、"].map((m) => c.find(m));
  push({ code: "PREAMBLE", parentCode: null, kind: "PREAMBLE", ordinal: 1, label: "", title: "", body: c.slice(c.pos, chapterStarts[0]!), responsibilityText: null });

  const copiedAt = c.find("抄送:");
  const chapterText = (i: number) => c.slice(chapterStarts[i]!, i < 2 ? chapterStarts[i + 1]! : copiedAt);

  // Chapter 1 — 总体要求: guiding idea, four principles, work goal.
  {
    const t = chapterText(0);
    const s1 = t.indexOf("(一)指导思想。");
    const s2 = t.indexOf("(二)基本原则。");
    const s3 = t.indexOf("(三)工作目标。");
    if (s1 < 0 || s2 < 0 || s3 < 0) throw new Error("source: chapter 1 subsections not found");
    push({ code: "C1", parentCode: null, kind: "CHAPTER", ordinal: 1, label: "一、", title: t.slice(2, s1), body: "", responsibilityText: null });
    push({ code: "C1-1", parentCode: "C1", kind: "GUIDING_IDEA", ordinal: 1, label: "(一)", title: "指导思想", body: t.slice(s1 + "(一)指导思想。".length, s2), responsibilityText: null });
    push({ code: "C1-2", parentCode: "C1", kind: "PRINCIPLES", ordinal: 2, label: "(二)", title: "基本原则", body: "", responsibilityText: null });
    const principles = t.slice(s2 + "(二)基本原则。".length, s3).split("——").filter((p) => p.length > 0);
    if (principles.length !== 4) throw new Error(`source: expected 4 principles, found ${principles.length}`);
    principles.forEach((p, i) => {
      const { title: pt, body } = splitTitle(p);
      push({ code: `C1-2-${i + 1}`, parentCode: "C1-2", kind: "PRINCIPLE", ordinal: i + 1, label: "——", title: pt, body, responsibilityText: null });
    });
    push({ code: "C1-3", parentCode: "C1", kind: "WORK_GOAL", ordinal: 3, label: "(三)", title: "工作目标", body: t.slice(s3 + "(三)工作目标。".length), responsibilityText: null });
  }

  // Chapter 2 — 重点任务和措施: seven plans, each a goal and numbered measures.
  {
    const t = chapterText(1);
    const planStarts: number[] = [];
    for (let i = 0; ; i++) {
      const at = t.indexOf(`(${CN_NUMERALS[i]})实施“`, planStarts.at(-1) ?? 0);
      if (at < 0) break;
      planStarts.push(at);
    }
    if (planStarts.length !== 7) throw new Error(`source: expected 7 plans, found ${planStarts.length}`);
    push({ code: "C2", parentCode: null, kind: "CHAPTER", ordinal: 2, label: "二、", title: t.slice(2, planStarts[0]), body: "", responsibilityText: null });
    planStarts.forEach((start, pi) => {
      const planText = t.slice(start, planStarts[pi + 1] ?? t.length);
      const label = `(${CN_NUMERALS[pi]})`;
      const { title: planTitleText, body: rest } = splitTitle(planText.slice(label.length));
      const goalEnd = rest.indexOf("具体任务措施:");
      if (goalEnd < 0) throw new Error(`source: plan ${pi + 1} has no 具体任务措施`);
      const planCode = `P${pi + 1}`;
      push({ code: planCode, parentCode: "C2", kind: "PLAN", ordinal: pi + 1, label, title: planTitleText, body: rest.slice(0, goalEnd), responsibilityText: null });
      const measuresText = rest.slice(goalEnd + "具体任务措施:".length);
      // Measures are numbered `1.` `2.` …; a number followed by a digit (`1.5万个`) is not a marker.
      const starts: number[] = [];
      for (let n = 1; ; n++) {
        const re = new RegExp(`(^|[。)])${n}\\.(?!\\d)`, "g");
        re.lastIndex = starts.at(-1) ?? 0;
        const m = re.exec(measuresText);
        if (!m) break;
        starts.push(m.index + m[1]!.length);
      }
      starts.forEach((s, mi) => {
        const label = `${mi + 1}.`;
        const chunk = measuresText.slice(s + label.length, starts[mi + 1] ?? measuresText.length);
        const resp = /\(([^()]*负责)\)$/.exec(chunk);
        if (!resp) throw new Error(`source: measure ${planCode}-M${mi + 1} has no list of responsible parties`);
        const { title: mt, body } = splitTitle(chunk.slice(0, resp.index));
        push({ code: `${planCode}-M${mi + 1}`, parentCode: planCode, kind: "MEASURE", ordinal: mi + 1, label, title: mt, body, responsibilityText: resp[1]! });
      });
    });
  }

  // Chapter 3 — 工作要求: four requirements.
  {
    const t = chapterText(2);
    const starts = [0, 1, 2, 3].map((i) => t.indexOf(`(${CN_NUMERALS[i]})`));
    if (starts.some((s) => s < 0)) throw new Error("source: chapter 3 requirements not found");
    push({ code: "C3", parentCode: null, kind: "CHAPTER", ordinal: 3, label: "三、", title: t.slice(2, starts[0]), body: "", responsibilityText: null });
    starts.forEach((s, i) => {
      const label = `(${CN_NUMERALS[i]})`;
      const { title: rt, body } = splitTitle(t.slice(s + label.length, starts[i + 1] ?? t.length));
      push({ code: `C3-${i + 1}`, parentCode: "C3", kind: "REQUIREMENT", ordinal: i + 1, label, title: rt, body, responsibilityText: null });
    });
  }

  c.pos = copiedAt + "抄送:".length;
  const copiedTo = c.takeUntil("内蒙古自治区人民政府办公厅文电处");
  const printedBy = "内蒙古自治区人民政府办公厅文电处";
  const printedOnText = c.takeUntil("印发");
  return { title, docNumber, recipients, noticeBody, signedOnText, publicationNote, planTitle, copiedTo, printedBy, printedOnText, sections };
}

/** `2022年5月6日` → `2022-05-06`. */
export function chineseDateToIso(text: string): string {
  const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(text);
  if (!m) throw new Error(`source: not a date: ${text}`);
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

/**
 * Splits a measure's responsibility text into the parties it names, in order.
 *
 * The lists read `自治区财政厅、人力资源社会保障厅、地方金融监管局,内蒙古银保监局、…等部门,
 * 呼和浩特市、包头市…人民政府按照职责分工负责`: runs separated by `,`; a leading `自治区`
 * qualifies every name of its run, and a trailing `人民政府` every city of its run.
 */
export function splitResponsibleParties(text: string): string[] {
  const core = text.replace(/按照职责分工负责$/, "");
  const names: string[] = [];
  for (const rawRun of core.split(",")) {
    const run = rawRun.replace(/等部门$/, "");
    if (run.endsWith("人民政府")) {
      for (const city of run.slice(0, -"人民政府".length).split("、")) names.push(`${city}人民政府`);
    } else if (run.startsWith("自治区")) {
      for (const name of run.slice("自治区".length).split("、")) names.push(`自治区${name}`);
    } else {
      names.push(...run.split("、"));
    }
  }
  return names;
}
