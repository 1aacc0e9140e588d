/**
 * How to cite a published version: one line of text (title, publisher, version, date, URL and
 * SHA-256), the same facts as a `citation` object in datapackage.json, and a CITATION.cff
 * (Citation File Format 1.2.0) in the version's folder. The SHA-256 is that of the version's
 * SHA256SUMS: that file lists the SHA-256 of every data file, so its own hash pins every byte of
 * the data (`sha256sum SHA256SUMS`, then `sha256sum -c SHA256SUMS`). datapackage.json cannot be
 * the one: it carries the citation, hash included.
 */
import { LICENSE, PUBLISHER } from "./catalogue.js";

export const PACKAGE_TITLE = "创业内蒙古 Open Data — “创业内蒙古行动”实施方案(2022-2025年) (内政办发〔2022〕31号)";
export const CITATION_PUBLISHER = `${PUBLISHER.nameZh} (${PUBLISHER.nameEn})`;
/** The file whose SHA-256 a citation gives. */
export const CITED_CHECKSUM_FILE = "SHA256SUMS";

export interface Citation {
  /** The line to paste into a reference list. */
  text: string;
  title: string;
  publisher: string;
  version: string;
  /** The publication date, YYYY-MM-DD (China Standard Time). */
  dateReleased: string;
  /** The version's folder: its files, each with its SHA-256. */
  url: string;
  /** SHA-256 of `sha256Of`, hex. */
  sha256: string;
  sha256Of: string;
  license: string;
  /** Where the version's CITATION.cff is. */
  cff: string;
}

/** The reference-list line: publisher (year). title [Data set], version, date. URL. SHA-256. licence. */
export function citationText(c: Omit<Citation, "text" | "cff">, dataset?: { name: string; title: string }): string {
  const part = dataset ? `, dataset “${dataset.name}” (${dataset.title})` : "";
  return `${c.publisher} (${c.dateReleased.slice(0, 4)}). ${c.title} [Data set]${part}, version ${c.version}, released ${c.dateReleased}. ${c.url} — SHA-256 of ${c.sha256Of}: ${c.sha256}. Licence: ${c.license}.`;
}

export function buildCitation(fields: { version: string; dateReleased: string; baseUrl: string; sha256: string }): Citation {
  const url = `${fields.baseUrl}/exports/${fields.version}/`;
  const c = { title: PACKAGE_TITLE, publisher: CITATION_PUBLISHER, version: fields.version, dateReleased: fields.dateReleased, url, sha256: fields.sha256, sha256Of: CITED_CHECKSUM_FILE, license: LICENSE.name };
  return { text: citationText(c), ...c, cff: `${url}CITATION.cff` };
}

/** A YAML scalar: JSON's double-quoted strings are YAML's too (YAML 1.2 reads JSON). */
const q = (s: string) => JSON.stringify(s);

/** CITATION.cff for a version, Citation File Format 1.2.0 (https://citation-file-format.github.io/). */
export function citationCff(c: Citation, extra: { abstract: string; keywords: string[]; homepage: string }): string {
  return [
    "# How to cite this version of the data: Citation File Format 1.2.0 (https://citation-file-format.github.io/).",
    "cff-version: 1.2.0",
    `message: ${q("If you use these data, please cite this version as below.")}`,
    "type: dataset",
    `title: ${q(c.title)}`,
    `abstract: ${q(extra.abstract)}`,
    "authors:",
    `  - name: ${q(c.publisher)}`,
    "    country: CN",
    `    website: ${q(extra.homepage)}`,
    `version: ${q(c.version)}`,
    `date-released: ${q(c.dateReleased)}`,
    `url: ${q(c.url)}`,
    `license: ${c.license}`,
    "keywords:",
    ...extra.keywords.map((k) => `  - ${q(k)}`),
    "identifiers:",
    "  - type: url",
    `    value: ${q(c.url)}`,
    `    description: ${q("This version's folder: every file, each with its SHA-256.")}`,
    "  - type: other",
    `    value: ${q(`sha256:${c.sha256}`)}`,
    `    description: ${q(`SHA-256 of this version's ${c.sha256Of}, which lists the SHA-256 of every data file.`)}`,
    "",
  ].join("\n");
}
