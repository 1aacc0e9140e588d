CREATE TYPE "public"."export_status" AS ENUM('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');--> statement-breakpoint
CREATE TYPE "public"."export_trigger" AS ENUM('SCHEDULE', 'MANUAL', 'STARTUP');--> statement-breakpoint
CREATE TABLE "export_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "export_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"slot" text,
	"trigger" "export_trigger" NOT NULL,
	"status" "export_status" NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"snapshot_id" text,
	"dataset_rows" jsonb,
	"total_bytes" bigint,
	"error" text,
	"runner" text NOT NULL,
	CONSTRAINT "export_runs_slot_unique" UNIQUE("slot")
);
--> statement-breakpoint
CREATE INDEX "export_runs_started_idx" ON "export_runs" USING btree ("started_at","id");