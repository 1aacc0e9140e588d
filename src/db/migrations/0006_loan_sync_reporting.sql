CREATE TABLE "loan_figures_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "loan_figures_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "guarantee_loans_sync_idx";--> statement-breakpoint
DROP INDEX "loan_tombstones_sync_idx";--> statement-breakpoint
CREATE INDEX "guarantee_loans_sync_idx" ON "guarantee_loans" USING btree ("bank_code","updated_at","loan_ref" collate "C");--> statement-breakpoint
CREATE INDEX "loan_tombstones_sync_idx" ON "loan_tombstones" USING btree ("bank_code","deleted_at","loan_ref" collate "C");--> statement-breakpoint
-- Loans reported through the API: each write adds a row here in its own transaction; the
-- background refresh of the public figures deletes the rows it has folded in.
GRANT SELECT, INSERT, DELETE ON loan_figures_pending TO chuangye_api;--> statement-breakpoint
GRANT USAGE ON SEQUENCE loan_figures_pending_id_seq TO chuangye_api;--> statement-breakpoint
-- Incremental sync: the time a client can resume from without missing a change. A loan's
-- updated_at (a tombstone's deleted_at) is its writing transaction's START time, so a transaction
-- that started before a reader's snapshot and commits after it leaves times earlier than the
-- reader's clock. The safe point is therefore the start of the oldest transaction in progress on
-- this database when the function runs (or the statement's own time when there is none); a
-- reader calls it BEFORE the statement that reads the changes. SECURITY DEFINER: a role sees the
-- transaction start of its own sessions and of roles it is a member of in pg_stat_activity — the
-- owner sees its own (imports, seeds) and the API role's (reports); the API role would not see
-- the owner's.
CREATE FUNCTION loan_sync_horizon() RETURNS timestamptz LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT least(statement_timestamp(), min(a.xact_start))
  FROM pg_stat_activity a
  WHERE a.datname = current_database() AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL;
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION loan_sync_horizon() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION loan_sync_horizon() TO chuangye_api;
