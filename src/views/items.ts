/**
 * What pages and embed cards say about an item, in words: amounts, units, comparators, kinds.
 * Shared by the pages (pages.ts) and the cards (embed.ts), so both read the same.
 */
import type { SupportInstrumentRow, TargetRow } from "../db/schema/index.js";
import { formatAmount } from "./html.js";
import type { ProgrammeStatusValue } from "../services/policy.js";

const UNIT: Record<SupportInstrumentRow["amountUnit"], [string, string]> = {
  PERSON: ["每人", "per person"],
  HOUSEHOLD: ["每户", "per business"],
  NEW_EMPLOYEE: ["每新增1人", "per additional employee"],
  STUDIO: ["每个工作室", "per studio"],
  BASE: ["每个基地", "per base"],
  LOAN: ["每笔贷款", "per loan"],
  PERSON_MONTH: ["每人每月", "per person and month"],
  YEAR: ["每年", "per year"],
  NOT_APPLICABLE: ["", ""],
};

const KIND: Record<SupportInstrumentRow["kind"], [string, string]> = {
  SUBSIDY: ["补贴", "Subsidy"],
  REWARD: ["奖励", "Reward"],
  FUNDING: ["资金", "Funding"],
  EQUITY_INVESTMENT: ["股权投资", "Equity investment"],
  LOAN_RULE: ["贷款政策", "Loan rule"],
  PREMISES: ["场地", "Premises"],
  PERSONNEL_RULE: ["人事政策", "Personnel rule"],
  PREFERENTIAL_POLICY: ["优惠政策", "Preferential policy"],
};

export function instrumentKind(kind: SupportInstrumentRow["kind"]): [string, string] {
  return KIND[kind];
}

/** The amount in Chinese and English: `不低于 5,000 元 每人` · `at least CNY 5,000 per person`. */
export function describeAmount(i: Pick<SupportInstrumentRow, "amountType" | "amount" | "amountUnit" | "relativeBase" | "relativeBaseEn" | "relativeRate">): [string, string] {
  const [unitZh, unitEn] = UNIT[i.amountUnit];
  const amount = i.amount ? formatAmount(i.amount) : "";
  switch (i.amountType) {
    case "FIXED":
      return [`${amount} 元 ${unitZh}`.trim(), `CNY ${amount} ${unitEn}`.trim()];
    case "MINIMUM":
      return [`不低于 ${amount} 元 ${unitZh}`.trim(), `at least CNY ${amount} ${unitEn}`.trim()];
    case "MAXIMUM":
      return [`不超过 ${amount} 元 ${unitZh}`.trim(), `at most CNY ${amount} ${unitEn}`.trim()];
    case "RELATIVE": {
      const pct = i.relativeRate ? `${+(Number(i.relativeRate) * 100).toFixed(2)}%` : "";
      return [`${i.relativeBase ?? ""}的 ${pct} ${unitZh}`.trim(), `${pct} of ${i.relativeBaseEn ?? ""} ${unitEn}`.trim()];
    }
    default:
      return ["文件未规定金额", "no amount set by the document"];
  }
}

const TARGET_UNIT: Record<TargetRow["unit"], [string, string]> = {
  PERSONS: ["人", "persons"],
  PROJECTS: ["个项目", "projects"],
  CNY: ["元", "CNY"],
  BASES: ["个基地", "bases"],
  MAKER_SPACES: ["个众创空间", "maker spaces"],
  BRANDS: ["个品牌", "brands"],
  PERCENT: ["%", "%"],
};

const COMPARATOR: Record<TargetRow["comparator"], [string, string]> = {
  AT_LEAST: ["≥", "at least"],
  EXACTLY: ["", ""],
  AT_MOST: ["≤", "at most"],
};

const SCOPE: Record<TargetRow["scope"], [string, string]> = {
  REGION_WIDE: ["全区", "region-wide"],
  PER_LEAGUE: ["每个盟市", "per league"],
  PER_COUNTY: ["每个旗县(市、区)", "per county"],
  PER_MENTOR_TEAM: ["每个创业导师服务团", "per mentor team"],
  PER_PARK: ["每个园区/基地", "per park or base"],
};

/** `≥ 120,000 人 (全区, 2025)` · `at least 120,000 persons (region-wide, by 2025)`. */
export function describeTarget(t: Pick<TargetRow, "comparator" | "value" | "unit" | "scope" | "dueYear" | "period">): [string, string] {
  const [cz, ce] = COMPARATOR[t.comparator];
  const [uz, ue] = TARGET_UNIT[t.unit];
  const [sz, se] = SCOPE[t.scope];
  const v = formatAmount(t.value);
  const whenZh = t.period === "PER_YEAR" ? "每年" : t.dueYear ? `${t.dueYear}年` : "";
  const whenEn = t.period === "PER_YEAR" ? "every year" : t.dueYear ? `by ${t.dueYear}` : "";
  return [`${cz} ${v}${uz === "%" ? "%" : ` ${uz}`} (${[sz, whenZh].filter(Boolean).join("，")})`.trim(), `${ce} ${v} ${ue} (${[se, whenEn].filter(Boolean).join(", ")})`.trim()];
}

/** The share of a target reached, as a percentage for people: `"0.4567"` → `45.7%`. */
export function sharePercent(share: string | null): string | null {
  return share === null ? null : `${(Number(share) * 100).toFixed(1)}%`;
}

/** Whether the programme (and so the item) is in force today, in words: pages and cards say the same. */
export function describeStatus(s: ProgrammeStatusValue): [string, string] {
  if (s.status === "ENDED") return [`已结束：实施期已于 ${s.endedOn} 届满（截至 ${s.asOf}）`, `Ended: the programme period ended on ${s.endedOn} (as of ${s.asOf})`];
  if (s.status === "IN_FORCE") return [`实施中：${s.inForceFrom} 起，至 ${s.periodEndsOn}`, `In force: from ${s.inForceFrom} to ${s.periodEndsOn}`];
  return [`尚未施行：${s.inForceFrom} 起施行`, `Not yet in force: from ${s.inForceFrom}`];
}

const AUDIENCE: Record<SupportInstrumentRow["audiences"][number], [string, string]> = {
  INDIVIDUAL: ["个人", "individuals"],
  ENTERPRISE: ["企业", "enterprises"],
  BASE_OPERATOR: ["孵化基地运营方", "base operators"],
  INSTITUTION: ["机构", "institutions"],
  LOCAL_GOVERNMENT: ["地方政府", "local governments"],
};

/** `个人、企业` · `individuals, enterprises`. */
export function describeAudiences(audiences: readonly SupportInstrumentRow["audiences"][number][]): [string, string] {
  return [audiences.map((a) => AUDIENCE[a][0]).join("、"), audiences.map((a) => AUDIENCE[a][1]).join(", ")];
}
