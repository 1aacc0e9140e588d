import { SafeIntResolver } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Node } from "./node.js";
import { DisclosureControl } from "./loan.js";
import { DateTimeScalar } from "./scalars.js";

export enum DatasetFormat {
  CSV = "CSV",
  EXCEL_CSV = "EXCEL_CSV",
  JSON = "JSON",
  NDJSON = "NDJSON",
}
registerEnumType(DatasetFormat, {
  name: "DatasetFormat",
  description: "A file format of an open-data export.",
  valuesConfig: {
    CSV: { description: "CSV (RFC 4180): UTF-8, header row, CRLF line ends; described by a Table Schema in datapackage.json." },
    EXCEL_CSV: { description: "CSV for Microsoft Excel: UTF-8 with BOM, codes kept as text (=\"150102\"), headers in Chinese and English." },
    JSON: { description: "JSON: the dataset's metadata and a `data` array of records; decimals as exact strings." },
    NDJSON: { description: "NDJSON: one JSON record per line." },
  },
});

@ObjectType("DatasetColumn", { description: "A column of a dataset: its name, type and meaning in Chinese and English." })
export class DatasetColumn {
  @Field(() => String, { description: "Column name, stable across releases of the dataset version." })
  name!: string;

  @Field(() => String, { description: "Table Schema type: string, integer, number, date, datetime or boolean." })
  type!: string;

  @Field(() => String, { description: "Title in Chinese." })
  title!: string;

  @Field(() => String, { description: "Title in English." })
  titleEn!: string;

  @Field(() => String, { description: "Description in Chinese." })
  description!: string;

  @Field(() => String, { description: "Description in English." })
  descriptionEn!: string;

  @Field(() => Boolean, { description: "Whether every row has a value." })
  required!: boolean;

  @Field(() => Boolean, { description: "Whether values are unique across rows." })
  unique!: boolean;

  @Field(() => [String], { nullable: true, description: "The allowed values, for coded columns." })
  enumValues!: string[] | null;
}

@ObjectType("DatasetFile", { description: "One downloadable file of a dataset in one snapshot." })
export class DatasetFile {
  @Field(() => DatasetFormat, { description: "Its format." })
  format!: DatasetFormat;

  @Field(() => String, { description: "File name, e.g. `measures.csv`." })
  fileName!: string;

  @Field(() => String, { description: "Download path on this service, e.g. `/exports/latest/measures.csv`." })
  path!: string;

  @Field(() => String, { nullable: true, description: "Absolute download URL, when the service knows its public address (PUBLIC_BASE_URL)." })
  url!: string | null;

  @Field(() => SafeIntResolver, { description: "Size in bytes." })
  bytes!: number;

  @Field(() => SafeIntResolver, { description: "Data rows (without the header)." })
  rows!: number;

  @Field(() => String, { description: "SHA-256 of the file, hex; also its HTTP ETag." })
  sha256!: string;
}

@ObjectType("DatasetSnapshot", { description: "A dataset as published by one export run." })
export class DatasetSnapshot {
  @Field(() => String, { description: "Snapshot id (its UTC time), e.g. `20261126T030000123Z`." })
  snapshotId!: string;

  @Field(() => DateTimeScalar, { description: "When the snapshot was generated." })
  generatedAt!: string;

  @Field(() => [DatasetFile], { description: "Its files, one per format." })
  files!: DatasetFile[];
}

@ObjectType("License", { description: "A licence under which data is published." })
export class License {
  @Field(() => String, { description: "SPDX identifier, e.g. `CC-BY-4.0`." })
  name!: string;

  @Field(() => String, { description: "Full title." })
  title!: string;

  @Field(() => String, { description: "Where the licence text is." })
  url!: string;
}

@ObjectType("Dataset", { description: "An open-data dataset: its definition and the files of its latest and previous exports." })
export class Dataset {
  @Field(() => String, { description: "Stable name, e.g. `measures`; file names start with it." })
  name!: string;

  @Field(() => Int, { description: "Version of its columns; a change to names or codes is a new version." })
  version!: number;

  @Field(() => String, { description: "Title in Chinese." })
  title!: string;

  @Field(() => String, { description: "Title in English." })
  titleEn!: string;

  @Field(() => String, { description: "Description in Chinese." })
  description!: string;

  @Field(() => String, { description: "Description in English." })
  descriptionEn!: string;

  @Field(() => [String], { description: "Keywords." })
  keywords!: string[];

  @Field(() => String, { description: "How often it is exported, e.g. `daily`." })
  updateFrequency!: string;

  @Field(() => String, { description: "Who publishes it." })
  publisher!: string;

  @Field(() => License, { description: "Its licence." })
  license!: License;

  @Field(() => [String], { description: "Columns that identify a row." })
  primaryKey!: string[];

  @Field(() => [DatasetColumn], { description: "Its columns, in file order." })
  columns!: DatasetColumn[];

  @Field(() => Boolean, { description: "Whether rows may be SAMPLE data (then a `provenance` column says which)." })
  mayHoldSamples!: boolean;

  @Field(() => DisclosureControl, { nullable: true, description: "How its figures are protected, for datasets of guarantee-loan figures (the cell key method); null for the others." })
  disclosureControl!: DisclosureControl | null;
}

export enum ExportRunStatus {
  RUNNING = "RUNNING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
  SKIPPED = "SKIPPED",
}
registerEnumType(ExportRunStatus, {
  name: "ExportRunStatus",
  description: "How an export run ended.",
  valuesConfig: {
    RUNNING: { description: "Still running." },
    SUCCEEDED: { description: "Published a snapshot." },
    FAILED: { description: "Stopped with an error, or died (then marked by the next run); nothing was published." },
    SKIPPED: { description: "Did nothing: another run was in progress, or its schedule slot was already exported." },
  },
});

export enum ExportTrigger {
  SCHEDULE = "SCHEDULE",
  MANUAL = "MANUAL",
  STARTUP = "STARTUP",
}
registerEnumType(ExportTrigger, {
  name: "ExportTrigger",
  description: "What started an export run.",
  valuesConfig: { SCHEDULE: { description: "The cron schedule." }, MANUAL: { description: "`npm run export`." }, STARTUP: { description: "A start with nothing published yet." } },
});

@ObjectType("DatasetRowCount", { description: "Rows a run wrote for one dataset." })
export class DatasetRowCount {
  @Field(() => String, { description: "Dataset name." })
  dataset!: string;

  @Field(() => SafeIntResolver, { description: "Rows written." })
  rows!: number;
}

@ObjectType("ExportRun", { implements: Node, description: "One run of the exporter." })
export class ExportRun extends Node {
  @Field(() => Int, { description: "Sequential number of the run." })
  databaseId!: number;

  @Field(() => ExportTrigger, { description: "What started it." })
  trigger!: ExportTrigger;

  @Field(() => ExportRunStatus, { description: "How it ended." })
  status!: ExportRunStatus;

  @Field(() => String, { nullable: true, description: "The schedule slot it served, for scheduled runs." })
  slot!: string | null;

  @Field(() => DateTimeScalar, { description: "When it started." })
  startedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it ended." })
  finishedAt!: string | null;

  @Field(() => String, { nullable: true, description: "The snapshot it published." })
  snapshotId!: string | null;

  @Field(() => [DatasetRowCount], { description: "Rows written per dataset." })
  datasetRows!: DatasetRowCount[];

  @Field(() => SafeIntResolver, { nullable: true, description: "Bytes written (all formats, without gzip twins)." })
  totalBytes!: number | null;

  @Field(() => String, { nullable: true, description: "Why it failed or was skipped." })
  error!: string | null;
}

export const ExportRunConnection = connectionType(ExportRun, "ExportRun", "export runs");
