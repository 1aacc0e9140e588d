/**
 * The export schedule, inside the service process: a cron pattern in a time zone (default
 * daily at 03:00 Asia/Shanghai). Every replica runs the schedule; for each slot (the minute it
 * fires) only one exports — and publishes a version only when the content changed — the slot is claimed in export_runs, and the export
 * lock covers overlapping runs. With no snapshot published yet, a run starts right away.
 */
import { Cron } from "croner";
import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../db/client.js";
import { runExport, type ExportTrigger } from "./run.js";
import { readLatest } from "./store.js";

export interface ScheduleOptions {
  dir: string;
  /** Cron pattern, or null for no schedule. */
  pattern: string | null;
  timezone: string;
  /** Short-lived versions to keep (EXPORT_RETENTION). */
  retention: number;
  exportOnStart: boolean;
  /** The address written into datapackage.json and the citations (src/base-url.ts, exportBaseUrl). */
  publicBaseUrl?: string;
}

export function scheduleExports(database: Database, options: ScheduleOptions, log: FastifyBaseLogger): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = (trigger: ExportTrigger, slot: string | null) => {
    running = runExport(database, { dir: options.dir, trigger, slot, retention: options.retention, publicBaseUrl: options.publicBaseUrl })
      .then((r) => log.info({ status: r.status, snapshot: r.snapshotId, reason: r.reason, ms: r.ms, trigger, slot }, "export run finished"))
      .catch((err) => log.error({ err, trigger, slot }, "export run failed"));
    return running;
  };
  const cron = options.pattern
    ? new Cron(options.pattern, { timezone: options.timezone, protect: true }, async () => {
        // All replicas that fire in the same minute share the slot; the first claims it.
        const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
        await run("SCHEDULE", `${options.pattern}@${minute}`);
      })
    : null;
  if (options.exportOnStart) {
    void readLatest(options.dir).then((latest) => {
      if (!latest) void run("STARTUP", null);
    });
  }
  if (cron) log.info({ pattern: options.pattern, timezone: options.timezone, next: cron.nextRun()?.toISOString() }, "export schedule started");
  return {
    async stop() {
      cron?.stop();
      await running;
    },
  };
}
