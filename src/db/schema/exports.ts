import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const exportTrigger = pgEnum("export_trigger", ["SCHEDULE", "MANUAL", "STARTUP"]);
/** UNCHANGED: the run found the content of the latest version and published nothing (snapshot_id names that version). */
export const exportStatus = pgEnum("export_status", ["RUNNING", "SUCCEEDED", "FAILED", "SKIPPED", "UNCHANGED"]);

/** Every export run: when, why, how it ended, what it wrote. */
export const exportRuns = pgTable(
  "export_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /**
     * The schedule slot a scheduled run serves (e.g. `0 3 * * *@2026-11-26T19:00:00.000Z`);
     * unique, so several replicas firing for the same slot produce one export. Null for
     * manual and start-up runs.
     */
    slot: text("slot").unique(),
    trigger: exportTrigger("trigger").notNull(),
    status: exportStatus("status").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "string" }),
    /** The version published; for UNCHANGED, the latest version whose content the run found. */
    snapshotId: text("snapshot_id"),
    /** Rows written per dataset, e.g. `{"measures": 22}`. */
    datasetRows: jsonb("dataset_rows").$type<Record<string, number>>(),
    totalBytes: bigint("total_bytes", { mode: "number" }),
    /** Why it failed or was skipped, why nothing new was published, or that LATEST went back to an earlier version. */
    error: text("error"),
    /** Which process ran it (host and pid), for operators. */
    runner: text("runner").notNull(),
  },
  (t) => [index("export_runs_started_idx").on(t.startedAt, t.id)],
);

export type ExportRunRow = typeof exportRuns.$inferSelect;
