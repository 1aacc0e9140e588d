/**
 * The data dictionary (exports/README.md), generated from the catalogue so that it can never
 * disagree with the files. `npm run export:docs` rewrites it; a test fails when it is stale.
 */
import { LICENSE, PUBLIC_DATASETS, SOURCES, type DatasetColumn } from "./catalogue.js";
import { FORMAT_FILES, FORMATS, fileName } from "./formats.js";
import { DISCLOSURE_CONTROL } from "../disclosure/index.js";
import { loadPtable } from "../disclosure/ptable.js";

/** The section on the loan figures' protection, with the parameters read from the method itself. */
function disclosureSection(): string[] {
  const p = DISCLOSURE_CONTROL;
  const table = loadPtable().entries();
  const base = table.filter((r) => r.variable === "count" && r.original === p.minimumPublishedCount + p.maxCountPerturbation);
  return [
    "## Loan figures: disclosure control (cell key method)",
    "",
    "Datasets of guarantee-loan figures (`loan-statistics`) never show a loan, and never show the exact figures of a small group of",
    "borrowers. They are protected by the **cell key method**, as used by the Australian Bureau of Statistics' TableBuilder and the",
    "UK census's flexible tables:",
    "",
    "- every loan carries a secret random **record key** (an integer from 0 to 2^31 − 1), drawn once when the loan is recorded;",
    "  a cell's **cell key** is the sum of its loans' keys modulo 2^31, so it depends only on which loans the cell holds;",
    `- a cell of 1–${p.minimumPublishedCount - 1} loans is **withheld** (\`disclosure\` = \`WITHHELD\`; count, amount and jobs empty);`,
    `- every other cell is **perturbed** (\`disclosure\` = \`PERTURBED\`): its count moves by at most ±${p.maxCountPerturbation} and is never below ${p.minimumPublishedCount};`,
    `  its jobs by at most ±${p.maxJobsPerturbation}; its amount by at most ${p.magnitudeFactor} × the cell's largest single loan, rounded to the yuan; the`,
    "  average is the published amount divided by the published count;",
    "- the perturbation is read from a published **perturbation table** at the cell key, so the same cell has the same figures in",
    "  every table, every API query and every file: asking again, or through another table or filter, reveals nothing new, and",
    "  subtracting published cells from published totals leaves noise that no combination of tables removes.",
    "",
    "**What it means for sums.** Published parts need not add up to published totals: the counties of a league, the quarters of a",
    "year or the groups of a bank may sum to a little more or less than the league, year or bank row, because each row carries its",
    "own small perturbation. For totals, use the published total rather than summing its parts. Perturbations are unbiased away from",
    `the floor (their average is 0); counts just above ${p.minimumPublishedCount} lean slightly upwards, because none is published below it.`,
    "",
    `The perturbation of a count away from the floor (row \`${p.minimumPublishedCount + p.maxCountPerturbation}\` of the table, which serves every larger count):`,
    "",
    "| perturbation | " + base.map((r) => (r.perturbation > 0 ? `+${r.perturbation}` : String(r.perturbation))).join(" | ") + " |",
    "|---|" + base.map(() => "---").join("|") + "|",
    "| probability | " + base.map((r) => (r.partsPer10000 / 10_000).toFixed(4)).join(" | ") + " |",
    "",
    `Parameters (\`${p.version}\`) and the whole table (rows for every original value near the floors) are in the metadata: the`,
    "`disclosureControl` property of the dataset in `datapackage.json` and in `<dataset>.json`, and `disclosureControl` in GraphQL.",
    "",
  ];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function constraints(c: DatasetColumn): string {
  const parts: string[] = [];
  if (c.required) parts.push("required");
  if (c.unique) parts.push("unique");
  if (c.enum) parts.push(`one of ${c.enum.map((v) => `\`${v}\``).join(", ")}`);
  if (c.format) parts.push(`format \`${c.format}\` (e.g. 2025-03-01T08:00:00.124Z)`);
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
    "`provenance` column says, row by row, which are SAMPLE and which are SOURCE. Sample rows are not official figures. Every name",
    "of a sample row also says so itself: Chinese names (and operators) start with `〔示例〕`, English names with `[Sample] `, so a",
    "name copied out of its file cannot pass as real. Official rows never carry the marker (an import refuses names that do).",
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
    ...disclosureSection(),
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
