/**
 * The snapshot's metadata: a Frictionless Data Package (datapackage.json) describing every
 * file — a Table Schema for each CSV, bytes, SHA-256, row counts, licence, sources, and which
 * datasets may hold sample rows — and SHA256SUMS, for `sha256sum -c`.
 */
import { basename } from "node:path";
import { LICENSE, PUBLISHER, SOURCES, type DatasetDefinition } from "./catalogue.js";
import { FORMAT_FILES, FORMATS, type Format } from "./formats.js";
import type { DatasetResult } from "./run.js";
import { snapshotTime } from "./store.js";
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

export function buildDataPackage(snapshotId: string, results: DatasetResult[]) {
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
    id: `${PACKAGE_NAME}/${snapshotId}`,
    title: "创业内蒙古 Open Data — “创业内蒙古行动”实施方案(2022-2025年) (内政办发〔2022〕31号)",
    description:
      "Open data of the Inner Mongolia Entrepreneurship Action: the policy text, targets, support instruments, departments, regions, incubator bases, brands, disclosure-controlled guarantee-loan statistics, indicators and target progress. Operational datasets hold SAMPLE rows until official records are imported; each says so in its provenance column.",
    version: snapshotTime(snapshotId),
    created: snapshotTime(snapshotId),
    homepage: "/",
    keywords: ["创业内蒙古", "Inner Mongolia", "entrepreneurship", "open data", "内政办发〔2022〕31号"],
    licenses: [LICENSE],
    sources: SOURCES,
    contributors: [{ title: `${PUBLISHER.nameZh} (${PUBLISHER.nameEn})`, role: "publisher" }],
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
