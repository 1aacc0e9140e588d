/**
 * Downloading a bulk export's files: `GET /partner/exports/<job>/<file>`, for the client that
 * created the job and nobody else, with the same `Authorization: Bearer <key>` as /graphql
 * (src/auth/viewer.ts). The files are served by the open-data exports' own code (http.ts:
 * strong ETag = SHA-256, 304, byte ranges, gzip twins), from the bulk export folder, which no
 * public route reaches.
 *
 * | situation                                              | answer |
 * |--------------------------------------------------------|--------|
 * | no key, or a key that is malformed, unknown, revoked or expired | 401 `UNAUTHENTICATED` (+ `WWW-Authenticate: Bearer`) |
 * | a key without the scope `exports:bulk`                  | 403 `FORBIDDEN` |
 * | a job that does not exist, or is another client's; a file the job does not have (or not yet) | 404 `NOT_FOUND` |
 * | a job whose files have expired                          | 410 `EXPIRED` |
 *
 * Another client's job is a 404, exactly like a job that does not exist: nothing tells a caller
 * that an id it guessed or copied belongs to someone.
 *
 * Every download with a valid key is a row of the audit log (src/auth/audit.ts), as every GraphQL
 * request of a partner is: operation type `download`, the file as the operation name, and as
 * rows the loans the file holds (its job's row count; none for the manifest).
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { GraphQLError } from "graphql";
import { authenticate, type PartnerViewer, type Viewer } from "../auth/viewer.js";
import type { Database } from "../db/client.js";
import { isExpired, jobFiles, jobOfClient, JOB_ID } from "../services/bulk-export.js";
import type { BulkExportSettings } from "./bulk.js";
import { sendStoredFile } from "./http.js";

export const DOWNLOAD_PREFIX = "/partner/exports";

/** The download path of a job's file. */
export function downloadPath(jobId: string, file: string): string {
  return `${DOWNLOAD_PREFIX}/${jobId}/${file}`;
}

function refuse(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).type("application/json; charset=utf-8").send({ error, message });
}

/** Where audit rows go (the service's AuditLog); the row's shape is audit_log's. */
export interface AuditSink {
  record(row: {
    at: string;
    clientId: string;
    keyId: string;
    role: PartnerViewer["role"];
    bankCode: string | null;
    operationName: string | null;
    operationType: string | null;
    cost: number | null;
    rows: number | null;
    httpStatus: number;
    errorCodes: string | null;
    durationMs: number;
  }): void;
}

/** What a download's audit row needs, noted while the request is answered. */
const downloads = new WeakMap<FastifyRequest, { viewer: PartnerViewer; rows: number }>();

export function registerBulkExportRoutes(app: FastifyInstance, database: Pick<Database, "api">, settings: Pick<BulkExportSettings, "dir">, audit?: AuditSink): void {
  const onResponse = async (request: FastifyRequest, reply: FastifyReply) => {
    const noted = downloads.get(request);
    if (!noted || !audit) return;
    const { viewer, rows } = noted;
    const ok = reply.statusCode < 400;
    audit.record({
      at: new Date(Date.now() - reply.elapsedTime).toISOString(),
      clientId: viewer.clientId,
      keyId: viewer.keyId,
      role: viewer.role,
      bankCode: viewer.bankCode,
      operationName: `${(request.params as { file?: string }).file ?? ""}`.slice(0, 200),
      operationType: "download",
      cost: null,
      rows: ok && reply.statusCode !== 304 && request.method === "GET" ? rows : 0,
      httpStatus: reply.statusCode,
      errorCodes: ok ? null : (({ 403: "FORBIDDEN", 404: "NOT_FOUND", 410: "EXPIRED" }) as Record<number, string>)[reply.statusCode] ?? "BAD_REQUEST",
      durationMs: Math.round(reply.elapsedTime),
    });
  };
  app.get<{ Params: { job: string; file: string } }>(`${DOWNLOAD_PREFIX}/:job/:file`, { onResponse }, async (request, reply) => {
    // A partner's files are for that partner alone: no shared cache may keep them, or any answer about them.
    reply.header("Cache-Control", "private, no-store");
    reply.header("Vary", "Authorization, Accept-Encoding");
    let viewer: Viewer;
    try {
      viewer = await authenticate(database.api, request.headers.authorization);
    } catch (err) {
      if (!(err instanceof GraphQLError) || err.extensions.code !== "UNAUTHENTICATED") throw err;
      reply.header("WWW-Authenticate", 'Bearer realm="chuangye-open-data"');
      return refuse(reply, 401, "UNAUTHENTICATED", err.message);
    }
    if (viewer.kind !== "partner") {
      reply.header("WWW-Authenticate", 'Bearer realm="chuangye-open-data"');
      return refuse(reply, 401, "UNAUTHENTICATED", "Bulk export files are for the partner that created the job: send `Authorization: Bearer <key>` (README, “Partner access”).");
    }
    downloads.set(request, { viewer, rows: 0 });
    if (!viewer.scopes.has("exports:bulk")) return refuse(reply, 403, "FORBIDDEN", "This API key lacks the scope `exports:bulk` that bulk export downloads need.");

    const { job: jobId, file } = request.params;
    const notFound = () => refuse(reply, 404, "NOT_FOUND", "No such bulk export file: check the job id (`bulkExportJob(id:)` lists its files and their paths).");
    if (!JOB_ID.test(jobId)) return notFound();
    const job = await jobOfClient(database.api, viewer.clientId, jobId);
    if (!job) return notFound();
    if (isExpired(job)) return refuse(reply, 410, "EXPIRED", "This bulk export's files have expired and were deleted. Create the job again (`bulkExportCreate`).");
    if (job.status !== "SUCCEEDED") return refuse(reply, 404, "NOT_FOUND", `This bulk export has no files (its status is ${job.status}).`);
    // Only names the job recorded are served: nothing else in (or above) its folder can be reached.
    const record = jobFiles(job).find((f) => f.name === file || f.gzip?.name === file);
    if (!record) return notFound();
    const folder = join(settings.dir, job.id);
    const gzipTwin = record.gzip?.name === file;
    if (record.format !== "manifest") downloads.set(request, { viewer, rows: job.rows ?? 0 });
    // The worker deletes expired folders; a folder that vanished otherwise is gone just the same.
    if (!(await stat(join(folder, file)).catch(() => null))) return refuse(reply, 410, "EXPIRED", "This bulk export's files are no longer stored. Create the job again (`bulkExportCreate`).");
    return sendStoredFile(request, reply, {
      folder,
      file,
      sha256: gzipTwin ? record.gzip!.sha256 : record.sha256,
      gzipSha256: gzipTwin ? null : (record.gzip?.sha256 ?? null),
      cacheControl: "private, no-store",
      vary: "Authorization, Accept-Encoding",
      anyOrigin: false,
    });
  });
}
