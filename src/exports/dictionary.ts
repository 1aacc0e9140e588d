/**
 * The data dictionary (exports/README.md), generated from the catalogue so that it can never
 * disagree with the files. `npm run export:docs` rewrites it; a test fails when it is stale.
 */
import { LICENSE, PUBLIC_DATASETS, SOURCES, type DatasetColumn } from "./catalogue.js";
import { FORMAT_FILES, FORMATS, fileName } from "./formats.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function constraints(c: DatasetColumn): string {
  const parts: string[] = [];
  if (c.required) parts.push("required");
  if (c.unique) parts.push("unique");
  if (c.enum) parts.push(`one of ${c.enum.map((v) => `\`${v}\``).join(", ")}`);
  if (c.excelText) parts.push("text in the Excel variant");
  return parts.join("; ");
}

export function dataDictionary(): string {
  const out: string[] = [];
  out.push(
    "# Open-data exports — data dictionary",
    "",
    "<!-- Generated from src/exports/catalogue.ts by `npm run export:docs`; do not edit by hand. -->",
    "",
    "创业内蒙古 Open Data publishes every dataset below as files, regenerated on a schedule (default: daily at 03:00 Asia/Shanghai,",
    "`EXPORT_SCHEDULE`, `EXPORT_TIMEZONE`) and on demand (`npm run export`). Each run writes a new **snapshot**: a folder named by its",
    "UTC time (e.g. `20261126T030000123Z`) holding every dataset in four formats, a Frictionless `datapackage.json` and `SHA256SUMS`.",
    "A snapshot appears only when complete (it is written under a temporary name, fsynced and renamed); `latest` always points at the",
    "newest complete one; older snapshots are kept up to `EXPORT_RETENTION` (default 7).",
    "",
    `Licence: [${LICENSE.title}](${LICENSE.path}) (${LICENSE.name}). Sources: ${SOURCES.map((s) => s.title).join("; ")}.`,
    "",
    "**Sample data.** Datasets marked *may hold samples* contain generated SAMPLE rows until official records are imported; their",
    "`provenance` column says, row by row, which are SAMPLE and which are SOURCE. Sample rows are not official figures.",
    "",
    "## Downloading",
    "",
    "| URL | what |",
    "|---|---|",
    "| `GET /exports` | the snapshots (JSON) |",
    "| `GET /exports/latest/<file>` | a file of the newest snapshot |",
    "| `GET /exports/<snapshot>/<file>` | a file of one snapshot (immutable: cached for a year) |",
    "| `GET /exports/latest/datapackage.json` | the Frictionless Data Package: every file's schema, bytes, SHA-256, rows, licence |",
    "| `GET /exports/latest/SHA256SUMS` | checksums of every file |",
    "",
    "Files are served with a strong `ETag` (their SHA-256), `Last-Modified`, `Range` requests (206, 416), conditional requests",
    "(`If-None-Match` → 304) and gzip when the client accepts it. GraphQL lists the same: `datasets`, `dataset(name:)` (columns,",
    "latest files with URL, bytes, rows, SHA-256; previous snapshots) and `exportRuns`.",
    "",
    "**Verify a download**: `sha256sum -c SHA256SUMS --ignore-missing` in the folder you downloaded to, or compare",
    "`sha256sum measures.csv` with `resources[].hash` in `datapackage.json` (written `sha256:<hex>`).",
    "",
    "## Formats",
    "",
    "| file | format |",
    "|---|---|",
    ...FORMATS.map((f) => `| \`<dataset>${FORMAT_FILES[f].suffix}\` | ${cell(FORMAT_FILES[f].description)} |`),
    "",
    "Every file also has a gzip twin (`<file>.gz`). Empty CSV cells mean “no value”. In JSON and NDJSON, integers are numbers and",
    "decimals (money, rates, target values) are exact strings such as `\"5000.00\"`, as in the API.",
    "",
    "## Datasets",
    "",
    "| dataset | title | rows are | may hold samples |",
    "|---|---|---|---|",
    ...PUBLIC_DATASETS.map((d) => `| [\`${d.name}\`](#${d.name}) | ${cell(d.titleZh)} — ${cell(d.titleEn)} | one per ${d.primaryKey.map((k) => `\`${k}\``).join(" + ")} | ${d.mayHoldSamples ? "yes" : "no"} |`),
    "",
  );
  for (const d of PUBLIC_DATASETS) {
    out.push(
      `### ${d.name}`,
      "",
      `**${d.titleZh}** — ${d.titleEn} (version ${d.version})`,
      "",
      d.descriptionZh,
      "",
      d.descriptionEn,
      "",
      `Files: ${FORMATS.map((f) => `\`${fileName(d.name, f)}\``).join(", ")}. Primary key: ${d.primaryKey.map((k) => `\`${k}\``).join(" + ")}.` +
        (d.foreignKeys?.length ? ` References: ${d.foreignKeys.map((fk) => `\`${fk.fields.join(", ")}\` → \`${fk.reference.resource}.${fk.reference.fields.join(", ")}\``).join("; ")}.` : ""),
      "",
      "| column | type | 中文 | English | 说明 | description | constraints |",
      "|---|---|---|---|---|---|---|",
      ...d.columns.map((c) => `| \`${c.name}\` | ${c.type} | ${cell(c.titleZh)} | ${cell(c.titleEn)} | ${cell(c.descriptionZh)} | ${cell(c.descriptionEn)} | ${cell(constraints(c))} |`),
      "",
    );
  }
  return out.join("\n");
}
