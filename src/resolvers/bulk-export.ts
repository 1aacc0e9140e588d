import { GraphQLError } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver } from "type-graphql";
import { requireScope, type PartnerViewer, type Viewer as ContextViewer } from "../auth/viewer.js";
import type { BulkExportJobRow } from "../db/schema/index.js";
import { downloadPath } from "../exports/bulk-http.js";
import { notifyJobQueued } from "../exports/bulk.js";
import type { Format } from "../exports/formats.js";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { fromGlobalId, toGlobalId } from "../graphql/ids.js";
import { isoTimestamp } from "../graphql/nodes.js";
import { found } from "../graphql/validate.js";
import { BulkExportCreateInput, BulkExportCreatePayload, BulkExportJob, BulkExportJobConnection, BulkExportUserErrorCode } from "../schema/bulk-export.js";
import { ConnectionArgs } from "../schema/connection.js";
import { DatasetFormat } from "../schema/exports.js";
import { PARTNER_ONLY } from "../schema/loan.js";
import { Viewer } from "../schema/partner.js";
import { createJob, isExpired, jobFiles, jobOfClient, jobRequest, jobsConnection, MAX_ACTIVE_JOBS_PER_CLIENT, type BulkExportRequest } from "../services/bulk-export.js";
import { LOAN_ORDER_DEFAULT, loanFilterOf } from "./loan.js";

const FORMAT_OF: Record<DatasetFormat, Format> = { CSV: "csv", EXCEL_CSV: "excel-csv", JSON: "json", NDJSON: "ndjson" };
const ENUM_OF: Record<Format, DatasetFormat> = { csv: DatasetFormat.CSV, "excel-csv": DatasetFormat.EXCEL_CSV, json: DatasetFormat.JSON, ndjson: DatasetFormat.NDJSON };
const DEFAULT_FORMATS: Format[] = ["csv", "json"];

export type BulkExportJobNode = ReturnType<typeof asJob>;

/** A job row as the GraphQL object: its global id, its files with download paths while they can be downloaded. */
export function asJob(row: BulkExportJobRow, publicBaseUrl: string | null) {
  const expired = isExpired(row);
  const status = expired ? "EXPIRED" : row.status;
  return {
    __typename: "BulkExportJob" as const,
    id: toGlobalId("BulkExportJob", row.id),
    status,
    formats: jobRequest(row).formats.map((f) => ENUM_OF[f]),
    rowCount: row.rows,
    files:
      status === "SUCCEEDED"
        ? jobFiles(row).map((f) => {
            const path = downloadPath(row.id, f.name);
            return { name: f.name, format: f.format === "manifest" ? null : ENUM_OF[f.format], mediaType: f.mediatype, path, url: publicBaseUrl ? `${publicBaseUrl}${path}` : null, bytes: f.bytes, sha256: f.sha256 };
          })
        : [],
    createdAt: isoTimestamp(row.createdAt),
    startedAt: row.startedAt ? isoTimestamp(row.startedAt) : null,
    finishedAt: row.finishedAt ? isoTimestamp(row.finishedAt) : null,
    expiresAt: row.expiresAt ? isoTimestamp(row.expiresAt) : null,
    errorMessage: row.status === "FAILED" ? row.error : null,
  };
}

/** Jobs are the client's own: a bank's or a programme manager's key sees the jobs its client created, and no other's. */
function jobViewer(viewer: ContextViewer): PartnerViewer {
  return requireScope(viewer, "exports:bulk");
}

/** The viewer's job by its database id (the key of its global id); null if it is not the viewer's. */
export async function viewerBulkExportJob(ctx: Context, key: string): Promise<BulkExportJobNode | null> {
  const viewer = jobViewer(ctx.viewer);
  const row = await jobOfClient(ctx.db, viewer.clientId, key);
  return row ? asJob(row, ctx.exports.publicBaseUrl) : null;
}

@Resolver(() => BulkExportJob)
export class BulkExportResolver {
  @Query(() => BulkExportJob, { nullable: true, description: `${PARTNER_ONLY} Scope \`exports:bulk\`. A bulk export job of the calling client by its id; null (NOT_FOUND) for any other client's job.` })
  async bulkExportJob(@Arg("id", () => ID, { description: "The job's global id (`BulkExportJob.id`)." }) id: string, @Ctx() ctx: Context) {
    jobViewer(ctx.viewer);
    const { type, key } = fromGlobalId(id, "id");
    if (type !== "BulkExportJob") throw badInput("id", `${JSON.stringify(id.slice(0, 80))} is not the id of a bulk export job; use \`BulkExportJob.id\`.`);
    return found(await viewerBulkExportJob(ctx, key), "BulkExportJob", `the id ${JSON.stringify(id.slice(0, 80))}`);
  }

  @Mutation(() => BulkExportCreatePayload, {
    description: `${PARTNER_ONLY} Scopes \`exports:bulk\` and \`loans:read\`. Exports every loan the client may read that matches \`filterBy\` — as the \`guaranteeLoans\` list would give them, page after page — asynchronously, into files (CSV, JSON …) with a manifest of SHA-256 hashes, downloadable by this client for a limited time. Poll \`bulkExportJob(id:)\` until it is SUCCEEDED. For more loans than a query may ask for at once.`,
  })
  async bulkExportCreate(@Arg("input", () => BulkExportCreateInput, { description: "What to export." }) input: BulkExportCreateInput, @Ctx() ctx: Context) {
    const viewer = jobViewer(ctx.viewer);
    // The export reads loans: it needs what the loan list needs.
    requireScope(viewer, "loans:read");
    if (viewer.role === "PROGRAMME_MANAGER") requireScope(viewer, "programme:read");
    let filterBy: BulkExportRequest["filterBy"];
    try {
      filterBy = await loanFilterOf(ctx, viewer, input.filterBy ?? null, "input.filterBy");
    } catch (err) {
      // A value the list would refuse is the input's problem (a userError); FORBIDDEN (another bank) stays an error, as in the list.
      if (err instanceof GraphQLError && err.extensions.code === "BAD_USER_INPUT") {
        const argumentName = err.extensions.argumentName;
        return { job: null, userErrors: [{ field: typeof argumentName === "string" ? argumentName.split(".") : null, message: err.message, code: BulkExportUserErrorCode.INVALID }] };
      }
      throw err;
    }
    if (input.formats && input.formats.length === 0) {
      return { job: null, userErrors: [{ field: ["input", "formats"], message: "Ask for at least one format (CSV, EXCEL_CSV, JSON, NDJSON), or leave `formats` out for CSV and JSON.", code: BulkExportUserErrorCode.INVALID }] };
    }
    const formats = input.formats ? [...new Set(input.formats.map((f) => FORMAT_OF[f]))] : DEFAULT_FORMATS;
    const orderBy = input.orderBy ?? LOAN_ORDER_DEFAULT;
    const request: BulkExportRequest = {
      // Only the conditions given: the manifest shows the query as the client meant it.
      filterBy: Object.fromEntries(Object.entries(filterBy).filter(([, v]) => v !== null)),
      orderBy: { field: orderBy.field, direction: orderBy.direction },
      formats,
      keyId: viewer.keyId,
    };
    const created = await createJob(ctx.db, viewer, request);
    if ("active" in created) {
      return {
        job: null,
        userErrors: [{ field: null, message: `This client already has ${created.active} bulk export jobs queued or running, the most it may have (${MAX_ACTIVE_JOBS_PER_CLIENT}). Wait for one to finish (\`viewer.bulkExportJobs\`).`, code: BulkExportUserErrorCode.TOO_MANY_JOBS }],
      };
    }
    notifyJobQueued();
    return { job: asJob(created.job, ctx.exports.publicBaseUrl), userErrors: [] };
  }
}

@Resolver(() => Viewer)
export class ViewerBulkExportResolver {
  @FieldResolver(() => BulkExportJobConnection, { description: `${PARTNER_ONLY} Scope \`exports:bulk\`. The client's bulk export jobs, newest first (a programme manager's list holds its own jobs, not banks').` })
  bulkExportJobs(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    const viewer = jobViewer(ctx.viewer);
    return jobsConnection(ctx.db, viewer.clientId, args, (row) => asJob(row, ctx.exports.publicBaseUrl));
  }
}
