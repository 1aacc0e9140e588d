import { SafeIntResolver } from "graphql-scalars";
import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { DatasetFormat } from "./exports.js";
import { GuaranteeLoanFilter, GuaranteeLoanOrder, PARTNER_ONLY } from "./loan.js";
import { Node } from "./node.js";
import { DateTimeScalar } from "./scalars.js";

export enum BulkExportStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
  EXPIRED = "EXPIRED",
}
registerEnumType(BulkExportStatus, {
  name: "BulkExportStatus",
  description: `${PARTNER_ONLY} Where a bulk export job stands.`,
  valuesConfig: {
    QUEUED: { description: "Waiting for a worker." },
    RUNNING: { description: "Being written." },
    SUCCEEDED: { description: "Written: its files can be downloaded until `expiresAt`." },
    FAILED: { description: "Did not finish; `errorMessage` says why." },
    EXPIRED: { description: "Its files have passed `expiresAt` and were deleted." },
  },
});

@ObjectType("BulkExportFile", { description: `${PARTNER_ONLY} One file of a finished bulk export job, downloadable by the client that created the job.` })
export class BulkExportFile {
  @Field(() => String, { description: `${PARTNER_ONLY} File name, e.g. \`guarantee-loans.csv\` or \`manifest.json\`.` })
  name!: string;

  @Field(() => DatasetFormat, { nullable: true, description: `${PARTNER_ONLY} Its format; null for manifest.json (the job, its query, row count, and every file's bytes and SHA-256).` })
  format!: DatasetFormat | null;

  @Field(() => String, { description: `${PARTNER_ONLY} Media type, e.g. \`text/csv\`.` })
  mediaType!: string;

  @Field(() => String, { description: `${PARTNER_ONLY} Download path on this service, e.g. \`/partner/exports/bx_…/guarantee-loans.csv\`: GET it with the same \`Authorization: Bearer <key>\` header.` })
  path!: string;

  @Field(() => String, { nullable: true, description: `${PARTNER_ONLY} Absolute download URL, when the service knows its public address (PUBLIC_BASE_URL).` })
  url!: string | null;

  @Field(() => SafeIntResolver, { description: `${PARTNER_ONLY} Size in bytes.` })
  bytes!: number;

  @Field(() => String, { description: `${PARTNER_ONLY} SHA-256 of the file, hex; also its HTTP ETag.` })
  sha256!: string;
}

@ObjectType("BulkExportJob", {
  implements: Node,
  description: `${PARTNER_ONLY} An asynchronous export of the client's loans (\`bulkExportCreate\`): every loan its query matches, in CSV, JSON and the other formats asked for, with a manifest of SHA-256 hashes. Visible to the client that created it only.`,
})
export class BulkExportJob extends Node {
  @Field(() => BulkExportStatus, { description: `${PARTNER_ONLY} Where the job stands.` })
  status!: BulkExportStatus;

  @Field(() => [DatasetFormat], { description: `${PARTNER_ONLY} The formats asked for.` })
  formats!: DatasetFormat[];

  @Field(() => SafeIntResolver, { nullable: true, description: `${PARTNER_ONLY} Loans written; null until the job has succeeded.` })
  rowCount!: number | null;

  @Field(() => [BulkExportFile], { description: `${PARTNER_ONLY} The files to download (data files, then manifest.json) while the job is SUCCEEDED; empty otherwise.` })
  files!: BulkExportFile[];

  @Field(() => DateTimeScalar, { description: `${PARTNER_ONLY} When the job was created.` })
  createdAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: `${PARTNER_ONLY} When a worker started it; null while queued.` })
  startedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: `${PARTNER_ONLY} When it succeeded or failed.` })
  finishedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: `${PARTNER_ONLY} When its files stop being downloadable and are deleted; null until it has succeeded.` })
  expiresAt!: string | null;

  @Field(() => String, { nullable: true, description: `${PARTNER_ONLY} Why the job failed (e.g. too many rows, or the key was revoked before it ran); null unless FAILED.` })
  errorMessage!: string | null;
}

export const BulkExportJobConnection = connectionType(BulkExportJob, "BulkExportJob", "bulk export jobs");

@InputType("BulkExportCreateInput", { description: `${PARTNER_ONLY} What to export: the same filter and order as the \`guaranteeLoans\` list, and the formats.` })
export class BulkExportCreateInput {
  @Field(() => GuaranteeLoanFilter, { nullable: true, description: "Restrict the export, as `guaranteeLoans(filterBy:)` does (default: every loan the key may read)." })
  filterBy?: GuaranteeLoanFilter | null;

  @Field(() => GuaranteeLoanOrder, { nullable: true, description: "The order of the rows (default: bank and reference, ascending)." })
  orderBy?: GuaranteeLoanOrder | null;

  @Field(() => [DatasetFormat], { nullable: true, description: "The formats to write (default: CSV and JSON); a manifest is always written." })
  formats?: DatasetFormat[] | null;
}

export enum BulkExportUserErrorCode {
  INVALID = "INVALID",
  TOO_MANY_JOBS = "TOO_MANY_JOBS",
}
registerEnumType(BulkExportUserErrorCode, {
  name: "BulkExportUserErrorCode",
  description: `${PARTNER_ONLY} Why a bulk export job was not created.`,
  valuesConfig: {
    INVALID: { description: "A value of the input is not accepted (`field` says which)." },
    TOO_MANY_JOBS: { description: "The client already has as many jobs queued or running as it may; wait for one to finish." },
  },
});

@ObjectType("BulkExportUserError", { description: `${PARTNER_ONLY} A problem with the input of \`bulkExportCreate\`, for the client to fix.` })
export class BulkExportUserError {
  @Field(() => [String], { nullable: true, description: `${PARTNER_ONLY} The path to the input field at fault, e.g. \`["input", "filterBy", "regionCode"]\`; null when it is not one field.` })
  field!: string[] | null;

  @Field(() => String, { description: `${PARTNER_ONLY} What is wrong, and what would be accepted.` })
  message!: string;

  @Field(() => BulkExportUserErrorCode, { description: `${PARTNER_ONLY} The kind of problem.` })
  code!: BulkExportUserErrorCode;
}

@ObjectType("BulkExportCreatePayload", { description: `${PARTNER_ONLY} The result of \`bulkExportCreate\`.` })
export class BulkExportCreatePayload {
  @Field(() => BulkExportJob, { nullable: true, description: `${PARTNER_ONLY} The queued job; null when \`userErrors\` is not empty.` })
  job!: BulkExportJob | null;

  @Field(() => [BulkExportUserError], { description: `${PARTNER_ONLY} Problems with the input; empty when the job was created.` })
  userErrors!: BulkExportUserError[];
}
