/**
 * The audit log: one row in `audit_log` for every request made with a valid partner key (a
 * bank's or a programme manager's — every manager read is there): key, client, role, bank,
 * operation name and type, cost, loan rows returned, HTTP status, error codes, duration.
 * Never loan contents: the row count comes from `countLoanRows` (src/auth/usage.ts), which
 * loan-level fields call with a number.
 *
 * **Not on the request's path.** A row is queued after the response has been sent (Fastify's
 * `onResponse`) and written in batches — one transaction per {@link FLUSH_DELAY_MS} or per
 * {@link MAX_BATCH} rows, as the API role (`chuangye_api`, which may INSERT into audit_log and
 * nothing more there) — so it adds no latency to any request. The same transaction moves each
 * key's `api_keys.last_used_at` (the one column of api_keys that role may update).
 *
 * **Reliability.** A batch that fails (the database is away) is kept and retried, backing off
 * up to 30 s; past {@link MAX_PENDING} waiting rows the oldest are written to the service's log
 * instead (as JSON lines, `"msg":"audit rows not written to the database"`), never silently
 * dropped. Shutting down (`app.close()`, SIGTERM/SIGINT) flushes the queue first, and what
 * still cannot be written goes to the log. A crash (SIGKILL, out of memory, power) loses the
 * rows of at most the last {@link FLUSH_DELAY_MS} — the requests answered in that moment.
 *
 * **Refused keys are not audited** in the table: a key that is unknown, malformed, revoked or
 * expired has no valid key id to file the row under (and a made-up id must not look like a
 * client's activity). Each such refusal is a log line instead (`"msg":"partner authentication
 * failed"`) with the address and the key id the caller claimed, never the secret. Requests
 * refused before the key is read (a malformed body) are not partner requests either.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { sql } from "drizzle-orm";
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import { API_ROLE, type Database, type Db } from "../db/client.js";
import { auditLog } from "../db/schema/partner.js";
import type { Context } from "../graphql/context.js";
import { requestedQueryCostOf } from "../graphql/limits.js";
import { noteErrorCodes, usageOf } from "./usage.js";

/** How long a row waits for others to share its INSERT. */
export const FLUSH_DELAY_MS = 200;
/** Rows per INSERT at most (a full batch is written at once). */
export const MAX_BATCH = 500;
/** Rows kept for retrying while the database is away; beyond, the oldest go to the log. */
export const MAX_PENDING = 10_000;
const MAX_BACKOFF_MS = 30_000;

export type AuditRow = typeof auditLog.$inferInsert;

export class AuditLog {
  private queue: AuditRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly database: Pick<Database, "api" | "apiRole">,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Queues a row; it is written within {@link FLUSH_DELAY_MS} (sooner when a batch fills). */
  record(row: AuditRow): void {
    if (this.closed) {
      this.spill([row], "the service was shutting down");
      return;
    }
    this.queue.push(row);
    // A full batch goes at once — unless the database is failing: then the retry's back-off holds.
    if (this.queue.length >= MAX_BATCH && this.failures === 0) void this.flush();
    else this.schedule(FLUSH_DELAY_MS);
  }

  /** Writes everything queued so far (tests, and shutdown, wait for it). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One writer at a time; rows queued meanwhile go in the next round.
    while (this.writing) await this.writing;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    // Through the shared handle, not a request's counted one: its SQL is no request's cost (db/stats.ts).
    this.writing = this.write(batch);
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
    if (this.queue.length > 0) this.schedule(this.failures > 0 ? Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (this.failures - 1)) : 0);
  }

  /** Flushes, then sends whatever could not be written to the log. No row is lost on a clean stop. */
  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } catch {
      // write() never throws; nothing to do.
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.queue.length > 0) this.spill(this.queue.splice(0), "the database could not be reached before shutdown");
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  private async write(batch: AuditRow[]): Promise<void> {
    try {
      await this.database.api.transaction(async (tx) => {
        const db = tx as unknown as Db;
        // PGlite: one connection, logged in as its superuser; take the API role for this transaction.
        if (this.database.apiRole === "set-role") await db.execute(sql.raw(`set local role ${API_ROLE}`));
        await db.insert(auditLog).values(batch);
        // `npm run partner -- list` shows when each key was last used: the API role may set only that column.
        const lastUse = new Map<string, string>();
        for (const row of batch) if (row.at && !(lastUse.get(row.keyId)! >= row.at)) lastUse.set(row.keyId, row.at);
        const used = sql.join([...lastUse].map(([id, at]) => sql`(${id}, cast(${at} as timestamptz))`), sql`, `);
        await db.execute(sql`update api_keys set last_used_at = v.at from (values ${used}) as v(id, at)
                              where api_keys.id = v.id and (api_keys.last_used_at is null or api_keys.last_used_at < v.at)`);
      });
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      this.log.error({ err, rows: batch.length, failures: this.failures }, "audit rows could not be written; retrying");
      this.queue.unshift(...batch);
      if (this.queue.length > MAX_PENDING) this.spill(this.queue.splice(0, this.queue.length - MAX_PENDING), "too many rows were waiting for the database");
    }
  }

  /** The log is the audit trail of last resort: rows hold no loan contents, so they may go there. */
  private spill(rows: AuditRow[], why: string): void {
    this.log.error({ auditRows: rows, why }, "audit rows not written to the database");
  }
}

/**
 * The Apollo plugin that notes, for a partner's request, what the audit row needs from Apollo:
 * the operation, its cost, the error codes and status of the answer. It must come after the
 * rate limiter's plugin, whose willSendResponse may still turn the answer into a 429.
 */
export const auditPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    if (contextValue.viewer.kind !== "partner") return;
    const usage = contextValue.usage;
    return {
      async willSendResponse({ response, operation, operationName }) {
        usage.operationName = operationName ?? null;
        usage.operationType = operation?.operation ?? null;
        usage.queryCost = requestedQueryCostOf(contextValue) ?? null;
        usage.graphqlStatus = response.http.status ?? 200;
        if (response.body.kind === "single") noteErrorCodes(usage, response.body.singleResult.errors);
      },
    };
  },
};

/**
 * Fastify `onSend` hook for the GraphQL route, after every hook that may replace Apollo's
 * answer (the response-size limit, the rate limiter): when the status is no longer Apollo's,
 * the answer that goes out is a small error body, and its codes are the ones to record.
 */
export async function auditOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const usage = usageOf(request);
  if (usage.viewer?.kind !== "partner" || reply.statusCode === usage.graphqlStatus) return payload;
  usage.errorCodes = [];
  if (typeof payload === "string" && payload.length <= 65_536) {
    try {
      const body = JSON.parse(payload) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
      noteErrorCodes(usage, body.errors);
      if (body.data === undefined) usage.loanRows = 0;
    } catch {
      usage.errorCodes.push("UNKNOWN");
    }
  }
  return payload;
}

const CLAIMED_KEY_ID = /^Bearer cyk_([a-z0-9]{12})_/;

/** Fastify `onResponse` hook for the GraphQL route: the row, once the response has gone. */
export function auditOnResponse(audit: AuditLog) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const usage = usageOf(request);
    const viewer = usage.viewer;
    if (viewer?.kind === "partner") {
      audit.record({
        at: new Date(Date.now() - reply.elapsedTime).toISOString(),
        clientId: viewer.clientId,
        keyId: viewer.keyId,
        role: viewer.role,
        bankCode: viewer.bankCode,
        operationName: usage.operationName,
        operationType: usage.operationType,
        cost: usage.queryCost,
        rows: usage.loanRows,
        httpStatus: reply.statusCode,
        errorCodes: usage.errorCodes.length > 0 ? usage.errorCodes.join(",") : null,
        durationMs: Math.round(reply.elapsedTime),
      });
    } else if (reply.statusCode === 401) {
      const claimed = CLAIMED_KEY_ID.exec(request.headers.authorization ?? "")?.[1] ?? null;
      request.log.info({ ip: usage.ip, claimedKeyId: claimed }, "partner authentication failed");
    }
  };
}
