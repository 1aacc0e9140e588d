/**
 * The machine-readable catalogue: every public dataset and every file of the latest published
 * snapshot as DCAT-AP 3 in JSON-LD, at `GET /catalog.jsonld` (linked from every page with
 * `<link rel="alternate" type="application/ld+json">`), for portals and harvesters (CKAN's DCAT
 * harvester, data.europa.eu-style portals, Google Dataset Search reads the pages' schema.org).
 *
 * - The `@context` is inline: nothing has to be fetched from anywhere to interpret the document
 *   (test/dcat.test.ts expands it in jsonld.js's safe mode with a loader that refuses the network).
 * - Every URL is absolute: PUBLIC_BASE_URL when set, otherwise this request's origin
 *   (src/base-url.ts, the rule every page follows).
 * - Distributions point at the snapshot's own folder (`/exports/<snapshot>/<file>`), whose bytes
 *   never change, so the SHA-256 and byte size stated here stay true for as long as it exists;
 *   `/exports/latest/…` moves with each export.
 * - Vocabularies: DCAT 3, DCMI terms, FOAF, vCard, SPDX checksums; the EU's authority tables for
 *   frequency, data theme, language, access right and country; IANA media types.
 */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Cron } from "croner";
import type { FastifyInstance } from "fastify";
import fresh from "fresh";
import { requestBaseUrl } from "../base-url.js";
import { paths } from "../views/urls.js";
import { LICENSE, PUBLIC_DATASETS, PUBLISHER, SPATIAL_COVERAGE, TEMPORAL_COVERAGE, type DatasetDefinition } from "./catalogue.js";
import { FORMAT_FILES, type Format } from "./formats.js";
import { datasetInSnapshot, readChecksums, readPackage } from "./snapshots.js";
import { readLatest } from "./store.js";

export const CATALOGUE_PATH = "/catalog.jsonld";

const EU = "http://publications.europa.eu/resource/authority/";
const IANA = "https://www.iana.org/assignments/media-types/";

/**
 * The JSON-LD context, inline. Terms name DCAT-AP properties; `@container: @language` turns
 * `{"zh-CN": …, "en": …}` into language-tagged literals; IRIs and dates are typed so that the
 * expanded graph says what DCAT-AP expects (xsd:date, xsd:dateTime, xsd:nonNegativeInteger…).
 */
export const DCAT_CONTEXT = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  spdx: "http://spdx.org/rdf/terms#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  gsp: "http://www.opengis.net/ont/geosparql#",
  Catalog: "dcat:Catalog",
  Dataset: "dcat:Dataset",
  Distribution: "dcat:Distribution",
  Agent: "foaf:Agent",
  Organization: "vcard:Organization",
  PeriodOfTime: "dct:PeriodOfTime",
  Location: "dct:Location",
  LicenseDocument: "dct:LicenseDocument",
  Standard: "dct:Standard",
  ProvenanceStatement: "dct:ProvenanceStatement",
  Checksum: "spdx:Checksum",
  title: { "@id": "dct:title", "@container": "@language" },
  description: { "@id": "dct:description", "@container": "@language" },
  name: { "@id": "foaf:name", "@container": "@language" },
  fn: { "@id": "vcard:fn", "@container": "@language" },
  label: { "@id": "rdfs:label", "@container": "@language" },
  prefLabel: { "@id": "skos:prefLabel", "@container": "@language" },
  keyword: { "@id": "dcat:keyword", "@container": "@language" },
  identifier: { "@id": "dct:identifier" },
  notation: { "@id": "skos:notation" },
  homepage: { "@id": "foaf:homepage", "@type": "@id" },
  hasURL: { "@id": "vcard:hasURL", "@type": "@id" },
  publisher: { "@id": "dct:publisher", "@type": "@id" },
  creator: { "@id": "dct:creator", "@type": "@id" },
  contactPoint: { "@id": "dcat:contactPoint", "@type": "@id" },
  license: { "@id": "dct:license", "@type": "@id" },
  accessRights: { "@id": "dct:accessRights", "@type": "@id" },
  language: { "@id": "dct:language", "@type": "@id" },
  themeTaxonomy: { "@id": "dcat:themeTaxonomy", "@type": "@id" },
  theme: { "@id": "dcat:theme", "@type": "@id" },
  dataset: { "@id": "dcat:dataset", "@type": "@id" },
  landingPage: { "@id": "dcat:landingPage", "@type": "@id" },
  temporal: { "@id": "dct:temporal" },
  startDate: { "@id": "dcat:startDate", "@type": "xsd:date" },
  endDate: { "@id": "dcat:endDate", "@type": "xsd:date" },
  spatial: { "@id": "dct:spatial", "@type": "@id" },
  bbox: { "@id": "dcat:bbox", "@type": "gsp:wktLiteral" },
  accrualPeriodicity: { "@id": "dct:accrualPeriodicity", "@type": "@id" },
  modified: { "@id": "dct:modified", "@type": "xsd:dateTime" },
  provenance: { "@id": "dct:provenance" },
  distribution: { "@id": "dcat:distribution", "@type": "@id" },
  accessURL: { "@id": "dcat:accessURL", "@type": "@id" },
  downloadURL: { "@id": "dcat:downloadURL", "@type": "@id" },
  mediaType: { "@id": "dcat:mediaType", "@type": "@id" },
  compressFormat: { "@id": "dcat:compressFormat", "@type": "@id" },
  byteSize: { "@id": "dcat:byteSize", "@type": "xsd:nonNegativeInteger" },
  checksum: { "@id": "spdx:checksum" },
  algorithm: { "@id": "spdx:algorithm", "@type": "@id" },
  checksumValue: { "@id": "spdx:checksumValue", "@type": "xsd:hexBinary" },
  conformsTo: { "@id": "dct:conformsTo", "@type": "@id" },
} as const;

/** The export schedule, which sets how often the datasets are refreshed. */
export interface ExportScheduleSetting {
  /** Cron pattern, or null when exports run only by hand (EXPORT_SCHEDULE=off). */
  pattern: string | null;
  timezone: string;
}

export const DEFAULT_EXPORT_SCHEDULE: ExportScheduleSetting = { pattern: "0 3 * * *", timezone: "Asia/Shanghai" };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Longest gap between runs → the EU frequency it is at least as often as (an hour of slack for daylight saving). */
const FREQUENCIES: [number, string][] = [
  [HOUR, "HOURLY"],
  [DAY + HOUR, "DAILY"],
  [7 * DAY + HOUR, "WEEKLY"],
  [31 * DAY + HOUR, "MONTHLY"],
  [92 * DAY + HOUR, "QUARTERLY"],
  [366 * DAY + HOUR, "ANNUAL"],
];
const frequencies = new Map<string, string>();

/**
 * dct:accrualPeriodicity from the export schedule: the longest gap between its next runs,
 * rounded up to the EU frequency vocabulary (`0 3 * * *` → DAILY, `0 3 * * 1-5` → WEEKLY: a
 * weekend is longer than a day); IRREG when exports run only by hand.
 */
export function accrualPeriodicity(schedule: ExportScheduleSetting): string {
  const key = `${schedule.pattern}@${schedule.timezone}`;
  let code = frequencies.get(key);
  if (!code) {
    code = "IRREG";
    if (schedule.pattern) {
      try {
        // No callback: the Cron only computes dates, it schedules nothing.
        const runs = new Cron(schedule.pattern, { timezone: schedule.timezone }).nextRuns(25).map((d) => d.getTime());
        if (runs.length > 1) {
          const gap = Math.max(...runs.slice(1).map((t, i) => t - runs[i]!));
          code = FREQUENCIES.find(([most]) => gap <= most)?.[1] ?? "IRREG";
        }
      } catch {
        code = "IRREG";
      }
    }
    frequencies.set(key, code);
  }
  return `${EU}frequency/${code}`;
}

/** EU data themes beyond the two every dataset has (GOVE: a government programme; ECON: entrepreneurship and its finance). */
const EXTRA_THEMES: Record<string, string[]> = {
  regions: ["REGI"],
  "pilot-zones": ["REGI"],
  "target-unit-progress": ["REGI"],
  "training-lecturers": ["EDUC"],
  "training-delivered": ["EDUC"],
  "mentor-teams": ["EDUC"],
  mentors: ["EDUC"],
};

function themes(dataset: DatasetDefinition): string[] {
  return ["GOVE", "ECON", ...(EXTRA_THEMES[dataset.name] ?? [])].map((t) => `${EU}data-theme/${t}`);
}

/** Keywords as language-tagged literals: Chinese where they hold Han characters, English otherwise. */
function keywords(list: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of list) (out[/\p{Script=Han}/u.test(k) ? "zh-CN" : "en"] ??= []).push(k);
  return out;
}

const SAMPLE_PROVENANCE = {
  "zh-CN": "在导入官方记录之前可能含生成的示例行（不是官方数字）：见 provenance 列，示例名称以〔示例〕开头。",
  en: "May contain SAMPLE rows (generated, not official figures) until official records are imported: see the provenance column; sample names start with 〔示例〕 ([Sample] in English).",
};

/** What a file is, per format: IANA media type where one is registered, and the standards it follows. */
const FORMAT_META: Record<Format, { mediaType: string | null; conformsTo: string[] }> = {
  csv: { mediaType: `${IANA}text/csv`, conformsTo: ["https://www.rfc-editor.org/rfc/rfc4180"] },
  "excel-csv": { mediaType: `${IANA}text/csv`, conformsTo: [] },
  json: { mediaType: `${IANA}application/json`, conformsTo: ["https://www.rfc-editor.org/rfc/rfc8259"] },
  // NDJSON has no registered media type (application/x-ndjson is not in IANA's registry): no
  // dcat:mediaType, rather than an IRI that names nothing; the file follows the NDJSON spec.
  ndjson: { mediaType: null, conformsTo: ["https://github.com/ndjson/ndjson-spec"] },
};
const TABLE_SCHEMA_SPEC = "https://specs.frictionlessdata.io/table-schema/";
const SHA256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256";

/** One published file, as the catalogue states it. */
interface CatalogueFile {
  name: string;
  format: Format;
  gzip: boolean;
  bytes: number;
  sha256: string;
  /** JSON Pointer to its Table Schema inside the snapshot's datapackage.json (the CSV and its gzip twin). */
  schemaPointer: string | null;
}

interface SnapshotFiles {
  id: string;
  generatedAt: string;
  byDataset: Map<string, CatalogueFile[]>;
}

/** Snapshots never change once published: their files' facts are read once per folder. */
const snapshotCache = new Map<string, SnapshotFiles>();

async function snapshotFiles(dir: string, id: string): Promise<SnapshotFiles | null> {
  const folder = join(dir, id);
  const cached = snapshotCache.get(folder);
  if (cached) return cached;
  const [pkg, checksums] = await Promise.all([readPackage(folder), readChecksums(folder)]);
  if (!pkg || !checksums) return null;
  const byDataset = new Map<string, CatalogueFile[]>();
  let generatedAt: string | null = null;
  for (const dataset of PUBLIC_DATASETS) {
    const published = await datasetInSnapshot(dir, id, dataset.name);
    if (!published) continue;
    generatedAt ??= published.generatedAt;
    const files: CatalogueFile[] = [];
    for (const f of published.files) {
      const index = pkg.resources.findIndex((r) => r.path === f.fileName);
      const schemaPointer = index >= 0 && pkg.resources[index]!.schema ? `/resources/${index}/schema` : null;
      files.push({ name: f.fileName, format: f.format, gzip: false, bytes: f.bytes, sha256: f.sha256, schemaPointer });
      // The gzip twin: listed in SHA256SUMS (not in datapackage.json, which describes the data).
      const twin = `${f.fileName}.gz`;
      const twinHash = checksums.get(twin);
      const twinStat = twinHash ? await stat(join(folder, twin)).catch(() => null) : null;
      if (twinHash && twinStat) files.push({ name: twin, format: f.format, gzip: true, bytes: twinStat.size, sha256: twinHash, schemaPointer });
    }
    byDataset.set(dataset.name, files);
  }
  const info: SnapshotFiles = { id, generatedAt: generatedAt ?? pkg.created, byDataset };
  if (snapshotCache.size > 64) snapshotCache.delete(snapshotCache.keys().next().value!);
  snapshotCache.set(folder, info);
  return info;
}

function distribution(origin: string, snapshot: SnapshotFiles, f: CatalogueFile) {
  const folder = `${origin}/exports/${encodeURIComponent(snapshot.id)}`;
  const meta = FORMAT_META[f.format];
  const conformsTo = [
    ...meta.conformsTo,
    ...(f.schemaPointer ? [{ "@id": `${folder}/datapackage.json#${f.schemaPointer}`, "@type": "Standard", title: { en: `Table Schema of ${f.name.replace(/\.gz$/, "")} (Frictionless)` }, conformsTo: TABLE_SCHEMA_SPEC }] : []),
  ];
  const base = FORMAT_FILES[f.format].description;
  return {
    "@id": `${folder}/${encodeURIComponent(f.name)}`,
    "@type": "Distribution",
    title: { en: f.name },
    description: { en: f.gzip ? `The same file, gzip-compressed. ${base}` : base },
    accessURL: `${folder}/`,
    downloadURL: `${folder}/${encodeURIComponent(f.name)}`,
    ...(meta.mediaType ? { mediaType: meta.mediaType } : {}),
    ...(f.gzip ? { compressFormat: `${IANA}application/gzip` } : {}),
    byteSize: f.bytes,
    checksum: { "@type": "Checksum", algorithm: SHA256, checksumValue: f.sha256 },
    license: LICENSE.path,
    modified: snapshot.generatedAt,
    ...(conformsTo.length ? { conformsTo } : {}),
  };
}

/** Where the datasets are: our own page of the region, named by its GB/T 2260 code (there is no official IRI for those codes), in China. */
export function spatialCoverage(origin: string) {
  const { box } = SPATIAL_COVERAGE;
  return [
    {
      "@id": origin + paths.region(SPATIAL_COVERAGE.code),
      "@type": "Location",
      prefLabel: { "zh-CN": SPATIAL_COVERAGE.nameZh, en: SPATIAL_COVERAGE.nameEn },
      identifier: SPATIAL_COVERAGE.code,
      notation: [SPATIAL_COVERAGE.code, SPATIAL_COVERAGE.iso3166],
      bbox: `POLYGON((${box.west} ${box.south},${box.east} ${box.south},${box.east} ${box.north},${box.west} ${box.north},${box.west} ${box.south}))`,
    },
    `${EU}country/CHN`,
  ];
}

/** The DCAT-AP catalogue, with absolute URLs on `origin`. */
export async function buildCatalogue(origin: string, dir: string, schedule: ExportScheduleSetting): Promise<Record<string, unknown>> {
  const latest = await readLatest(dir);
  const snapshot = latest ? await snapshotFiles(dir, latest) : null;
  const publisherId = `${origin}/#publisher`;
  const contact = { "@type": "Organization", fn: { "zh-CN": PUBLISHER.nameZh, en: PUBLISHER.nameEn }, hasURL: `${origin}/` };
  const common = {
    publisher: publisherId,
    creator: publisherId,
    contactPoint: contact,
    license: LICENSE.path,
    accessRights: `${EU}access-right/PUBLIC`,
    language: [`${EU}language/ZHO`, `${EU}language/ENG`],
    temporal: { "@type": "PeriodOfTime", startDate: TEMPORAL_COVERAGE.start, endDate: TEMPORAL_COVERAGE.end },
    spatial: spatialCoverage(origin),
    accrualPeriodicity: accrualPeriodicity(schedule),
  };
  const datasets = PUBLIC_DATASETS.map((d) => {
    const files = snapshot?.byDataset.get(d.name) ?? [];
    return {
      "@id": `${origin}${paths.dataset(d.name)}#dataset`,
      "@type": "Dataset",
      identifier: d.name,
      title: { "zh-CN": d.titleZh, en: d.titleEn },
      description: { "zh-CN": d.descriptionZh, en: d.descriptionEn },
      keyword: keywords(d.keywords),
      theme: themes(d),
      landingPage: origin + paths.dataset(d.name),
      ...common,
      ...(d.mayHoldSamples ? { provenance: { "@type": "ProvenanceStatement", label: SAMPLE_PROVENANCE } } : {}),
      ...(snapshot && files.length ? { modified: snapshot.generatedAt, distribution: files.map((f) => distribution(origin, snapshot, f)) } : {}),
    };
  });
  return {
    "@context": DCAT_CONTEXT,
    "@id": `${origin}${CATALOGUE_PATH}#catalog`,
    "@type": "Catalog",
    title: { "zh-CN": "创业内蒙古开放数据目录", en: "Entrepreneurship Inner Mongolia Open Data: catalogue" },
    description: {
      "zh-CN": "“创业内蒙古行动”实施方案(2022-2025年)（内政办发〔2022〕31号）的开放数据：文件全文、目标、支持措施、责任单位、地区、孵化基地、品牌、经披露控制的创业担保贷款统计、指标和目标进度。运营数据在导入官方记录之前为示例数据。",
      en: "Open data of the Inner Mongolia Entrepreneurship Action (内政办发〔2022〕31号, 2022–2025): the policy text, targets, support instruments, departments, regions, incubator bases, brands, disclosure-controlled guarantee-loan statistics, indicators and target progress. Operational datasets hold SAMPLE rows until official records are imported.",
    },
    publisher: { "@id": publisherId, "@type": "Agent", name: { "zh-CN": PUBLISHER.nameZh, en: PUBLISHER.nameEn }, homepage: `${origin}/` },
    homepage: `${origin}/`,
    license: { "@id": LICENSE.path, "@type": "LicenseDocument", title: { en: LICENSE.title }, identifier: LICENSE.name },
    language: common.language,
    spatial: common.spatial,
    temporal: common.temporal,
    themeTaxonomy: `${EU}data-theme`,
    ...(snapshot ? { modified: snapshot.generatedAt } : {}),
    dataset: datasets,
  };
}

export interface CatalogueSettings {
  dir: string;
  publicBaseUrl: string | null;
  schedule: ExportScheduleSetting;
}

/** `GET /catalog.jsonld`: the catalogue, with an ETag (its SHA-256) and 304s, short shared caching (it moves with LATEST). */
export function registerCatalogueRoutes(app: FastifyInstance, settings: CatalogueSettings): void {
  app.get(CATALOGUE_PATH, async (request, reply) => {
    const origin = requestBaseUrl(request, settings.publicBaseUrl);
    const body = JSON.stringify(await buildCatalogue(origin, settings.dir, settings.schedule));
    const etag = `"${createHash("sha256").update(body).digest("hex")}"`;
    reply
      .header("content-type", "application/ld+json; charset=utf-8")
      .header("cache-control", "public, max-age=60")
      .header("access-control-allow-origin", "*")
      .header("x-content-type-options", "nosniff")
      .header("etag", etag);
    // Without PUBLIC_BASE_URL its URLs follow the request's (forwarded) origin: caches must keep them apart.
    if (!settings.publicBaseUrl) reply.header("vary", "x-forwarded-host, x-forwarded-proto");
    if (fresh(request.headers, { etag })) return reply.code(304).send();
    return reply.send(body);
  });
}
