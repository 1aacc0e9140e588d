CREATE TYPE "public"."api_client_role" AS ENUM('BANK', 'PROGRAMME_MANAGER');--> statement-breakpoint
CREATE TYPE "public"."bulk_export_status" AS ENUM('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'EXPIRED');--> statement-breakpoint
CREATE TABLE "api_clients" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" "api_client_role" NOT NULL,
	"bank_code" text,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_clients_bank_role" CHECK (("api_clients"."role" = 'BANK') = ("api_clients"."bank_code" is not null))
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"client_id" text NOT NULL,
	"key_id" text NOT NULL,
	"role" "api_client_role" NOT NULL,
	"bank_code" text,
	"operation_name" text,
	"operation_type" text,
	"cost" integer,
	"rows" integer,
	"http_status" integer NOT NULL,
	"error_codes" text,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "bulk_export_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"bank_code" text,
	"request" jsonb NOT NULL,
	"status" "bulk_export_status" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"rows" bigint,
	"files" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"client_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_client_id_key_pk" PRIMARY KEY("client_id","key")
);
--> statement-breakpoint
CREATE TABLE "loan_tombstones" (
	"bank_code" text NOT NULL,
	"loan_ref" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_tombstones_bank_code_loan_ref_pk" PRIMARY KEY("bank_code","loan_ref")
);
--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD COLUMN "interest_subsidy_share" numeric(5, 4) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_bank_code_partner_banks_code_fk" FOREIGN KEY ("bank_code") REFERENCES "public"."partner_banks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_client_id_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_tombstones" ADD CONSTRAINT "loan_tombstones_bank_code_partner_banks_code_fk" FOREIGN KEY ("bank_code") REFERENCES "public"."partner_banks"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_client_idx" ON "api_keys" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "audit_log_client_at_idx" ON "audit_log" USING btree ("client_id","at");--> statement-breakpoint
CREATE INDEX "bulk_export_jobs_client_idx" ON "bulk_export_jobs" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "loan_tombstones_sync_idx" ON "loan_tombstones" USING btree ("bank_code","deleted_at");--> statement-breakpoint
CREATE INDEX "guarantee_loans_sync_idx" ON "guarantee_loans" USING btree ("bank_code","updated_at","id");--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD CONSTRAINT "guarantee_loans_subsidy" CHECK ("guarantee_loans"."interest_subsidy_share" between 0 and 1);--> statement-breakpoint
-- Row-level security for loan-level data. The service's API connection (PostgreSQL) logs in as
-- chuangye_api, which owns nothing and cannot bypass RLS; on PGlite, partner work runs under
-- SET LOCAL ROLE chuangye_api. Each partner transaction names its bank (and role) with
-- set_config('app.bank_code', $1, true) / set_config('app.role', $2, true): without them a query
-- on guarantee_loans or loan_tombstones returns no row at all. The owner (migrations, seeds,
-- imports, exports, rollups) is not subject to these policies.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'chuangye_api') THEN
    CREATE ROLE chuangye_api LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  -- Another database of the same cluster created it at the same moment.
  NULL;
END $$;--> statement-breakpoint
DO $$
BEGIN
  -- The owner may act as chuangye_api (SET ROLE: the PGlite path, and tests of the raw role).
  IF NOT pg_has_role(current_user, 'chuangye_api', 'MEMBER') THEN
    EXECUTE format('GRANT chuangye_api TO %I', current_user);
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO chuangye_api;--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA public TO chuangye_api;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO chuangye_api;--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON guarantee_loans, loan_tombstones TO chuangye_api;--> statement-breakpoint
GRANT INSERT ON audit_log TO chuangye_api;--> statement-breakpoint
GRANT INSERT, UPDATE ON bulk_export_jobs, idempotency_keys TO chuangye_api;--> statement-breakpoint
GRANT DELETE ON idempotency_keys TO chuangye_api;--> statement-breakpoint
GRANT UPDATE (last_used_at) ON api_keys TO chuangye_api;--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chuangye_api;--> statement-breakpoint
ALTER TABLE guarantee_loans ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE loan_tombstones ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY guarantee_loans_read ON guarantee_loans FOR SELECT TO chuangye_api
  USING (bank_code = current_setting('app.bank_code', true) OR current_setting('app.role', true) = 'PROGRAMME_MANAGER');--> statement-breakpoint
CREATE POLICY guarantee_loans_insert ON guarantee_loans FOR INSERT TO chuangye_api
  WITH CHECK (bank_code = current_setting('app.bank_code', true));--> statement-breakpoint
CREATE POLICY guarantee_loans_update ON guarantee_loans FOR UPDATE TO chuangye_api
  USING (bank_code = current_setting('app.bank_code', true)) WITH CHECK (bank_code = current_setting('app.bank_code', true));--> statement-breakpoint
CREATE POLICY guarantee_loans_delete ON guarantee_loans FOR DELETE TO chuangye_api
  USING (bank_code = current_setting('app.bank_code', true));--> statement-breakpoint
CREATE POLICY loan_tombstones_read ON loan_tombstones FOR SELECT TO chuangye_api
  USING (bank_code = current_setting('app.bank_code', true) OR current_setting('app.role', true) = 'PROGRAMME_MANAGER');--> statement-breakpoint
CREATE POLICY loan_tombstones_write ON loan_tombstones FOR ALL TO chuangye_api
  USING (bank_code = current_setting('app.bank_code', true)) WITH CHECK (bank_code = current_setting('app.bank_code', true));--> statement-breakpoint
-- Incremental sync: updated_at moves only when a row really changes, whoever changes it.
CREATE FUNCTION guarantee_loans_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF row(NEW.*) IS DISTINCT FROM row(OLD.*) THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER guarantee_loans_touch BEFORE UPDATE ON guarantee_loans FOR EACH ROW EXECUTE FUNCTION guarantee_loans_touch();--> statement-breakpoint
-- Every removal leaves a tombstone (an API delete, an official import replacing the sample, a
-- re-seed), and every (re-)creation removes it: sync hands out exactly what changed.
CREATE FUNCTION guarantee_loans_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO loan_tombstones (bank_code, loan_ref, deleted_at)
  SELECT bank_code, loan_ref, now() FROM removed
  ON CONFLICT (bank_code, loan_ref) DO UPDATE SET deleted_at = excluded.deleted_at;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER guarantee_loans_tombstone AFTER DELETE ON guarantee_loans REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION guarantee_loans_tombstone();--> statement-breakpoint
CREATE FUNCTION guarantee_loans_revive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM loan_tombstones t USING added a WHERE t.bank_code = a.bank_code AND t.loan_ref = a.loan_ref;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER guarantee_loans_revive AFTER INSERT ON guarantee_loans REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION guarantee_loans_revive();--> statement-breakpoint
-- After a bank reports loans, the public figures are rebuilt from every bank's loans: a
-- function the owner defines, so the API role can run it without reading other banks' rows.
CREATE FUNCTION refresh_loan_rollups() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  DELETE FROM loan_rollups;
  INSERT INTO loan_rollups (county_code, league_code, year, quarter, borrower_type, beneficiary_group_code, bank_code, loan_count, total_amount, jobs_created, sample_count, key_sum, max_amount)
  SELECT county_code, league_code, cast(extract(year from issued_on) as integer), cast(extract(quarter from issued_on) as integer),
         borrower_type, coalesce(beneficiary_group_code, ''), bank_code,
         cast(count(*) as integer), sum(amount), cast(sum(jobs_created) as integer),
         cast(count(*) filter (where provenance = 'SAMPLE') as integer),
         sum(cast(record_key as bigint)), max(amount)
  FROM guarantee_loans
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION refresh_loan_rollups() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION refresh_loan_rollups() TO chuangye_api;
--> statement-breakpoint
-- Publishing a new data version (src/services/refresh.ts: key and channel are its constants),
-- so that the API role can announce the figures it refreshed without writing app_meta itself.
CREATE FUNCTION publish_data_version(version text) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO app_meta (key, value) VALUES ('data:version', version)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now();
  SELECT pg_notify('chuangye_data_version', version);
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION publish_data_version(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION publish_data_version(text) TO chuangye_api;
