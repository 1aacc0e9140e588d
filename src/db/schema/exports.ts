import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const exportTrigger = pgEnum("export_trigger", ["SCHEDULE", "MANUAL", "STARTUP"]);
export const exportStatus = pgEnum("export_status", ["RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"]);

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
    snapshotId: text("snapshot_id"),
    /** Rows written per dataset, e.g. `{"measures": 22}`. */
    datasetRows: jsonb("dataset_rows").$type<Record<string, number>>(),
    totalBytes: bigint("total_bytes", { mode: "number" }),
    error: text("error"),
    /** Which process ran it (host and pid), for operators. */
    runner: text("runner").notNull(),
  },
  (t) => [index("export_runs_started_idx").on(t.startedAt, t.id)],
);

export type ExportRunRow = typeof exportRuns.$inferSelect;
