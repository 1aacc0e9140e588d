/**
 * Turns the parsed document and the curated facts into table rows, checking on the way that
 * the two agree. Pure: no database. The seed writes these rows; nothing else invents them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as schema from "../schema/index.js";
import { chineseDateToIso, parseDocument, splitResponsibleParties, type ParsedDocument } from "./document.js";
import { BENEFICIARY_GROUPS, BUSINESS_TYPES, CRITERIA, DEPARTMENTS, DOCUMENT, FUNDS, INSTRUMENTS, METRICS, ROLES, SECTION_TITLES_EN, SECTORS, TARGETS } from "./programme.js";
import { PILOT_ZONES } from "./programme-services.js";

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

export interface RegionsFile {
  source: string;
  sourceYear: number;
  licence: string;
  note: string;
  regions: { code: string; name: string; nameEn: string; pinyin: string; level: "PROVINCE" | "LEAGUE" | "COUNTY"; parentCode: string | null }[];
}

export const REGIONS_FILE = fileURLToPath(new URL("./data/regions.json", import.meta.url));

export function loadRegions(): RegionsFile {
  return JSON.parse(readFileSync(REGIONS_FILE, "utf8")) as RegionsFile;
}

export interface ProgrammeRows {
  document: Insert<typeof schema.policyDocuments>;
  sections: Insert<typeof schema.policySections>[];
  departments: Insert<typeof schema.departments>[];
  measureDepartments: Insert<typeof schema.measureDepartments>[];
  beneficiaryGroups: Insert<typeof schema.beneficiaryGroups>[];
  targets: Insert<typeof schema.targets>[];
  metrics: Insert<typeof schema.metrics>[];
  instruments: Insert<typeof schema.supportInstruments>[];
  instrumentGroups: Insert<typeof schema.instrumentBeneficiaryGroups>[];
  instrumentExclusions: Insert<typeof schema.instrumentExclusions>[];
  funds: Insert<typeof schema.funds>[];
  fundMentions: Insert<typeof schema.fundMentions>[];
  instrumentFunds: Insert<typeof schema.instrumentFunds>[];
  criteria: Insert<typeof schema.instrumentCriteria>[];
  regions: Insert<typeof schema.regions>[];
  pilotZones: Insert<typeof schema.pilotZones>[];
  pilotZoneMembers: Insert<typeof schema.pilotZoneMembers>[];
}

function fail(message: string): never {
  throw new Error(`seed data: ${message}`);
}

export function buildProgrammeRows(parsed: ParsedDocument = parseDocument(), regionsFile: RegionsFile = loadRegions()): ProgrammeRows {
  const document: ProgrammeRows["document"] = {
    slug: DOCUMENT.slug,
    docNumber: parsed.docNumber,
    title: parsed.title,
    titleEn: DOCUMENT.titleEn,
    planTitle: parsed.planTitle,
    planTitleEn: DOCUMENT.planTitleEn,
    issuer: DOCUMENT.issuer,
    issuerEn: DOCUMENT.issuerEn,
    recipients: parsed.recipients,
    noticeBody: parsed.noticeBody,
    signedOn: chineseDateToIso(parsed.signedOnText),
    printedOn: chineseDateToIso(parsed.printedOnText),
    printedBy: parsed.printedBy,
    publicationNote: parsed.publicationNote,
    copiedTo: parsed.copiedTo,
    periodStart: DOCUMENT.periodStart,
    periodEnd: DOCUMENT.periodEnd,
    provenance: "SOURCE",
    sourceNote: DOCUMENT.sourceNote,
  };
  if (!parsed.title.startsWith(DOCUMENT.issuer)) fail(`the title does not start with the issuer ${DOCUMENT.issuer}`);

  const byCode = new Map(parsed.sections.map((s) => [s.code, s]));
  const pathOf = (code: string): string => {
    const s = byCode.get(code) ?? fail(`unknown section ${code}`);
    return s.parentCode ? `${pathOf(s.parentCode)}/${code}` : code;
  };
  const sections = parsed.sections.map((s) => ({
    code: s.code,
    documentSlug: DOCUMENT.slug,
    parentCode: s.parentCode,
    kind: s.kind,
    ordinal: s.ordinal,
    documentOrder: s.documentOrder,
    path: pathOf(s.code),
    label: s.label,
    title: s.title,
    titleEn: SECTION_TITLES_EN[s.code] ?? fail(`no English title for section ${s.code}`),
    body: s.body,
    responsibilityText: s.responsibilityText,
    provenance: "SOURCE" as const,
  }));

  // Parties: numbered in order of first mention; every mention must be known and vice versa.
  const departments: ProgrammeRows["departments"] = [];
  const measureDepartments: ProgrammeRows["measureDepartments"] = [];
  const seen = new Map<string, string>();
  for (const s of parsed.sections) {
    if (!s.responsibilityText) continue;
    splitResponsibleParties(s.responsibilityText).forEach((name, i) => {
      const fact = DEPARTMENTS[name] ?? fail(`the document names ${name} in ${s.code}, which has no entry in DEPARTMENTS`);
      if (!seen.has(name)) {
        seen.set(name, fact.slug);
        const shortName = name.startsWith("自治区") ? name.slice("自治区".length) : null;
        departments.push({
          slug: fact.slug,
          name,
          nameEn: fact.nameEn,
          kind: fact.kind,
          aliases: [...new Set([fact.officialName, shortName].filter((a): a is string => !!a && a !== name))],
          regionCode: fact.regionCode ?? null,
          ordinal: departments.length + 1,
          provenance: "SOURCE",
        });
      }
      measureDepartments.push({ measureCode: s.code, departmentSlug: fact.slug, ordinal: i + 1 });
    });
  }
  for (const name of Object.keys(DEPARTMENTS)) if (!seen.has(name)) fail(`DEPARTMENTS lists ${name}, which the document never names`);

  const quoteIn = (sectionCode: string, quote: string, what: string) => {
    const s = byCode.get(sectionCode) ?? fail(`${what} cites unknown section ${sectionCode}`);
    if (!`${s.title}。${s.body}`.includes(quote)) fail(`${what}: its source quote is not in section ${sectionCode} word for word`);
  };

  const groupCodes = new Set(BENEFICIARY_GROUPS.map((g) => g.code));
  const beneficiaryGroups = BENEFICIARY_GROUPS.map((g, i) => ({ ...g, ordinal: i + 1, provenance: "SOURCE" as const }));

  const targets = TARGETS.map((t, i) => {
    quoteIn(t.sectionCode, t.sourceQuote, `target ${t.code}`);
    if (t.beneficiaryGroupCode && !groupCodes.has(t.beneficiaryGroupCode)) fail(`target ${t.code}: unknown group ${t.beneficiaryGroupCode}`);
    return { ...t, beneficiaryGroupCode: t.beneficiaryGroupCode ?? null, ordinal: i + 1, provenance: "SOURCE" as const };
  });

  // Every target's metric has its metadata, and every metric is a target's (names and unit come from it).
  const targetByMetric = new Map(TARGETS.map((t) => [t.metric, t]));
  for (const t of TARGETS) if (!METRICS[t.metric]) fail(`target ${t.code}: metric ${t.metric} has no entry in METRICS`);
  const metrics = Object.entries(METRICS).map(([code, m]) => {
    const t = targetByMetric.get(code) ?? fail(`METRICS lists ${code}, which no target measures`);
    if ((m.additivity === "NOT_ADDITIVE") !== (m.additivityNote !== undefined)) fail(`metric ${code}: a NOT_ADDITIVE metric, and only one, says why (additivityNote)`);
    return {
      code,
      ordinal: TARGETS.indexOf(t) + 1,
      name: t.metricName,
      nameEn: t.metricNameEn,
      unit: t.unit,
      kind: m.kind,
      additivity: m.additivity,
      additivityNote: m.additivityNote?.[0] ?? null,
      additivityNoteEn: m.additivityNote?.[1] ?? null,
      frequency: m.frequency,
      description: m.description[0],
      descriptionEn: m.description[1],
    };
  });

  const fundCodes = new Set(FUNDS.map((f) => f.code));
  const fundMentions: ProgrammeRows["fundMentions"] = [];
  const funds = FUNDS.map((f, i) => {
    if (f.mentions.length === 0) fail(`fund ${f.code}: no mention`);
    if ((f.amountType === "UNSPECIFIED") !== (f.amount === null)) fail(`fund ${f.code}: amount and amountType disagree`);
    f.mentions.forEach((m, mi) => {
      quoteIn(m.sectionCode, m.sourceQuote, `fund ${f.code}`);
      fundMentions.push({ fundCode: f.code, ordinal: mi + 1, sectionCode: m.sectionCode, sourceQuote: m.sourceQuote });
    });
    const { mentions, ...rest } = f;
    return { ...rest, ordinal: i + 1, sectionCode: mentions[0]!.sectionCode, sourceQuote: mentions[0]!.sourceQuote, provenance: "SOURCE" as const };
  });
  const instrumentFunds: ProgrammeRows["instrumentFunds"] = [];

  const instrumentCodes = new Set(INSTRUMENTS.map((x) => x.code));
  const instrumentGroups: ProgrammeRows["instrumentGroups"] = [];
  const instrumentExclusions: ProgrammeRows["instrumentExclusions"] = [];
  const instruments = INSTRUMENTS.map((x, i) => {
    quoteIn(x.sectionCode, x.sourceQuote, `instrument ${x.code}`);
    if ((x.amountType === "UNSPECIFIED" || x.amountType === "RELATIVE") !== (x.amount === null)) fail(`instrument ${x.code}: amount and amountType disagree`);
    if ((x.amountType === "RELATIVE") !== !!x.relative) fail(`instrument ${x.code}: a RELATIVE amount needs its base and rate`);
    x.groups.forEach((g, gi) => {
      if (!groupCodes.has(g)) fail(`instrument ${x.code}: unknown group ${g}`);
      instrumentGroups.push({ instrumentCode: x.code, groupCode: g, ordinal: gi + 1 });
    });
    if (x.audiences.length === 0) fail(`instrument ${x.code}: no audience`);
    (x.funds ?? []).forEach((f, fi) => {
      if (!fundCodes.has(f)) fail(`instrument ${x.code}: unknown fund ${f}`);
      instrumentFunds.push({ instrumentCode: x.code, fundCode: f, ordinal: fi + 1 });
    });
    for (const other of x.exclusiveWith ?? []) {
      if (!instrumentCodes.has(other)) fail(`instrument ${x.code}: unknown exclusive instrument ${other}`);
      instrumentExclusions.push({ instrumentCode: x.code, excludedCode: other });
    }
    return {
      code: x.code,
      sectionCode: x.sectionCode,
      ordinal: i + 1,
      kind: x.kind,
      audiences: x.audiences,
      name: x.name,
      nameEn: x.nameEn,
      amountType: x.amountType,
      amount: x.amount,
      amountUnit: x.amountUnit,
      payment: x.payment,
      relativeBase: x.relative?.base ?? null,
      relativeBaseEn: x.relative?.baseEn ?? null,
      relativeBaseCode: x.relative?.baseCode ?? null,
      relativeRate: x.relative?.rate ?? null,
      maxDurationMonths: x.maxDurationMonths ?? null,
      conditions: x.conditions,
      conditionsEn: x.conditionsEn,
      fundingSource: x.fundingSource ?? null,
      sourceQuote: x.sourceQuote,
      provenance: "SOURCE" as const,
    };
  });

  // Criteria: every instrument has its list (possibly empty); each text is the document's own;
  // the groups are exactly the instrument's groups, the exclusions exactly its exclusions.
  const regionCodes = new Set(regionsFile.regions.map((r) => r.code));
  for (const code of Object.keys(CRITERIA)) if (!instrumentCodes.has(code)) fail(`CRITERIA lists ${code}, which is no instrument`);
  const criteria: ProgrammeRows["criteria"] = [];
  for (const x of INSTRUMENTS) {
    const list = CRITERIA[x.code] ?? fail(`instrument ${x.code} has no entry in CRITERIA`);
    const groupsHere = list.filter((c) => c.kind === "BENEFICIARY_GROUP").map((c) => c.group!);
    if ([...new Set(groupsHere)].sort().join() !== [...x.groups].sort().join()) fail(`instrument ${x.code}: the groups of its criteria (${groupsHere}) are not its groups (${x.groups})`);
    const excluded = list.filter((c) => c.kind === "EXCLUSIVE_WITH").flatMap((c) => c.values ?? []);
    if (excluded.sort().join() !== [...(x.exclusiveWith ?? [])].sort().join()) fail(`instrument ${x.code}: EXCLUSIVE_WITH criteria disagree with exclusiveWith`);
    list.forEach((c, i) => {
      const what = `criterion ${i + 1} of ${x.code}`;
      quoteIn(c.sectionCode ?? x.sectionCode, c.text, what);
      const values = c.values ?? [];
      const known: Record<string, (v: string) => boolean> = {
        BUSINESS_TYPE: (v) => v in BUSINESS_TYPES,
        SECTOR: (v) => v in SECTORS,
        ROLE: (v) => v in ROLES,
        LOCATION: (v) => regionCodes.has(v),
        EXCLUSIVE_WITH: (v) => instrumentCodes.has(v),
      };
      if (known[c.kind]) {
        if (values.length === 0) fail(`${what}: ${c.kind} needs values`);
        for (const v of values) if (!known[c.kind]!(v)) fail(`${what}: unknown ${c.kind} value ${v}`);
      } else if (values.length) fail(`${what}: ${c.kind} takes no values`);
      if ((c.kind === "BENEFICIARY_GROUP") !== !!c.group) fail(`${what}: group only with BENEFICIARY_GROUP`);
      if (c.group && !groupCodes.has(c.group)) fail(`${what}: unknown group ${c.group}`);
      if (c.appliesToGroup && !groupsHere.includes(c.appliesToGroup)) fail(`${what}: qualifies ${c.appliesToGroup}, which the instrument does not name`);
      if (/MONTHS/.test(c.kind) !== (c.months !== undefined)) fail(`${what}: months only with a MONTHS criterion`);
      if ((c.kind === "MAX_LOAN_AMOUNT") !== (c.amount !== undefined)) fail(`${what}: amount only with MAX_LOAN_AMOUNT`);
      criteria.push({
        instrumentCode: x.code, ordinal: i + 1, kind: c.kind, groupCode: c.group ?? null, appliesToGroup: c.appliesToGroup ?? null,
        months: c.months ?? null, amount: c.amount ?? null, values, anyOf: c.anyOf ?? null,
        sectionCode: c.sectionCode ?? x.sectionCode, sourceText: c.text, noteEn: c.noteEn,
      });
    });
  }

  const regions = regionsFile.regions.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, pinyin: r.pinyin, level: r.level, parentCode: r.parentCode, provenance: "SOURCE" as const }));

  const pilotZoneMembers: ProgrammeRows["pilotZoneMembers"] = [];
  const pilotZones = PILOT_ZONES.map(({ members, ...z }, i) => {
    quoteIn(z.sectionCode, z.sourceQuote, `pilot zone ${z.code}`);
    for (const code of [z.seatCode, ...members]) if (!regionCodes.has(code)) fail(`pilot zone ${z.code}: unknown region ${code}`);
    members.forEach((regionCode, mi) => pilotZoneMembers.push({ zoneCode: z.code, regionCode, ordinal: mi + 1 }));
    return { ...z, ordinal: i + 1, provenance: "SOURCE" as const };
  });

  return { document, sections, departments, measureDepartments, beneficiaryGroups, targets, metrics, instruments, instrumentGroups, instrumentExclusions, funds, fundMentions, instrumentFunds, criteria, regions, pilotZones, pilotZoneMembers };
}
