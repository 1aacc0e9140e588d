/**
 * A version's metadata: a Frictionless Data Package (datapackage.json) describing every
 * file — a Table Schema for each CSV, bytes, SHA-256, row counts, licence, sources, which
 * datasets may hold sample rows, and how to cite the version (`citation`, a custom property) —
 * and SHA256SUMS, for `sha256sum -c`.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { LICENSE, PUBLISHER, SOURCES, type DatasetDefinition } from "./catalogue.js";
import { PACKAGE_TITLE, type Citation } from "./citation.js";
import { FORMAT_FILES, FORMATS, type Format } from "./formats.js";
import type { DatasetResult } from "./run.js";
import { disclosureControl } from "../services/disclosure.js";

export const PACKAGE_NAME = "chuangye-neimenggu-open-data";

/** A dataset's Table Schema (Frictionless): its columns, keys and references. */
export function tableSchema(dataset: DatasetDefinition) {
  return {
    fields: dataset.columns.map((c) => ({
      name: c.name,
      type: c.type,
      ...(c.format ? { format: c.format } : {}),
      title: `${c.titleZh} / ${c.titleEn}`,
      description: `${c.descriptionEn} ${c.descriptionZh}`,
      ...(c.required || c.unique || c.enum
        ? { constraints: { ...(c.required ? { required: true } : {}), ...(c.unique ? { unique: true } : {}), ...(c.enum ? { enum: [...c.enum] } : {}) } }
        : {}),
    })),
    missingValues: [""],
    primaryKey: dataset.primaryKey,
    ...(dataset.foreignKeys
      ? {
          foreignKeys: dataset.foreignKeys.map((fk) => ({
            fields: fk.fields,
            // A reference to the same resource is written as "" (Table Schema).
            reference: { resource: fk.reference.resource === dataset.name ? "" : fk.reference.resource, fields: fk.reference.fields },
          })),
        }
      : {}),
  };
}

const SAMPLE_NOTE = "May contain SAMPLE rows (generated, not official figures) until official records are imported: see the provenance column.";

function resourceName(dataset: string, format: Format): string {
  return format === "csv" ? dataset : `${dataset}-${format}`;
}

export const PACKAGE_DESCRIPTION =
  "Open data of the Inner Mongolia Entrepreneurship Action: the policy text, targets, support instruments, departments, regions, incubator bases, brands, disclosure-controlled guarantee-loan statistics, indicators and target progress. Operational datasets hold SAMPLE rows until official records are imported; each says so in its provenance column.";
export const PACKAGE_KEYWORDS = ["创业内蒙古", "Inner Mongolia", "entrepreneurship", "open data", "内政办发〔2022〕31号"];

/** What identifies a version in its descriptor; `citation` is absent while its content key is computed. */
export interface PackageVersion {
  /** The version id, e.g. `2026-11-26-1a2b3c4d`. */
  version: string;
  /** When it was published (ISO date-time). */
  created: string;
  /** The service's public address (no trailing slash): the descriptor's absolute homepage. */
  baseUrl: string;
  citation?: Citation;
}

export function buildDataPackage(v: PackageVersion, results: DatasetResult[]) {
  const resources = results.flatMap(({ dataset, rows, files }) =>
    FORMATS.map((format) => {
      const file = files[format];
      const common = {
        name: resourceName(dataset.name, format),
        path: basename(file.path),
        title: `${dataset.titleZh} / ${dataset.titleEn}`,
        description: `${dataset.descriptionEn} ${dataset.descriptionZh} ${FORMAT_FILES[format].description}${dataset.mayHoldSamples ? ` ${SAMPLE_NOTE}` : ""}`,
        format: format === "excel-csv" ? "csv" : format,
        mediatype: FORMAT_FILES[format].mediatype,
        encoding: "utf-8",
        bytes: file.bytes,
        hash: `sha256:${file.sha256}`,
        rows,
        mayHoldSamples: dataset.mayHoldSamples,
        licenses: [LICENSE],
        // A custom property (Frictionless allows them): the method and table behind the figures.
        ...(dataset.disclosureControl ? { disclosureControl: disclosureControl() } : {}),
      };
      if (format === "csv") {
        return {
          ...common,
          profile: "tabular-data-resource",
          dialect: { delimiter: ",", lineTerminator: "\r\n", quoteChar: '"', doubleQuote: true, header: true },
          schema: tableSchema(dataset),
        };
      }
      return { ...common, profile: "data-resource" };
    }),
  );
  const descriptor = {
    profile: "data-package",
    name: PACKAGE_NAME,
    id: `${PACKAGE_NAME}/${v.version}`,
    title: PACKAGE_TITLE,
    description: PACKAGE_DESCRIPTION,
    version: v.version,
    created: v.created,
    // Absolute: a descriptor is read away from the service (downloaded, cited, archived).
    homepage: `${v.baseUrl}/`,
    keywords: PACKAGE_KEYWORDS,
    licenses: [LICENSE],
    sources: SOURCES,
    contributors: [{ title: `${PUBLISHER.nameZh} (${PUBLISHER.nameEn})`, role: "publisher" }],
    // A custom property (Frictionless allows them): how to cite this version.
    ...(v.citation ? { citation: v.citation } : {}),
    resources,
  };
  const lines: string[] = [];
  for (const { files } of results) {
    for (const format of FORMATS) {
      const f = files[format];
      lines.push(`${f.sha256}  ${basename(f.path)}`);
      if (f.gzip) lines.push(`${f.gzip.sha256}  ${basename(f.gzip.path)}`);
    }
  }
  return { descriptor, checksums: lines.join("\n") + "\n" };
}

/**
 * The content key of a version: SHA-256 of its datapackage.json without what names or dates the
 * run (id, version, creation time, citation). What is left describes every file — its SHA-256,
 * bytes and rows — and every dataset's definition, licence, sources and homepage; and the files
 * themselves name no version or time (run.ts, datasetMetadata). So equal keys mean the same bytes.
 *
 * Why the output and not the data version in app_meta: the data version is a random id written by
 * every import and refresh, so it changes when nothing exported did (a re-import of the same file);
 * and the files change when it does not — a deployment that changes a dataset's SQL, its columns,
 * a computed dataset, the disclosure table, or adds a dataset; a write that bypasses the importer;
 * PUBLIC_BASE_URL (the homepage). Nothing computed depends on the clock today (target progress runs
 * on the reported periods, not on the current date), but if it ever does, the files show it and so
 * does this key: "unchanged" is true by construction. It costs a full export per run, which the
 * runs did anyway (every file is written, hashed, and thrown away when nothing changed).
 */
export function contentKey(baseUrl: string, results: DatasetResult[]): string {
  const { descriptor } = buildDataPackage({ version: "", created: "", baseUrl }, results);
  const { id: _id, version: _version, created: _created, ...stable } = descriptor;
  return createHash("sha256").update("chuangye-export-content/1\n").update(JSON.stringify(stable)).digest("hex");
}
