CREATE TYPE "public"."incubator_kind" AS ENUM('INCUBATION_BASE', 'MAKER_SPACE', 'INNOVATION_DEMONSTRATION_BASE', 'RETURNEE_PARK', 'OVERSEAS_SCHOLAR_PARK', 'COLLEGE_STUDENT_PARK');--> statement-breakpoint
CREATE TYPE "public"."incubator_level" AS ENUM('NATIONAL', 'AUTONOMOUS_REGION', 'LEAGUE');--> statement-breakpoint
CREATE TYPE "public"."brand_kind" AS ENUM('REGIONAL_BRAND', 'ENTREPRENEURIAL_CITY', 'ENTREPRENEURIAL_COUNTY', 'MENTOR_STUDIO', 'PRACTICAL_TRAINING_BASE');--> statement-breakpoint
CREATE TYPE "public"."bank_kind" AS ENUM('STATE_OWNED', 'JOINT_STOCK', 'CITY_COMMERCIAL', 'RURAL', 'POLICY');--> statement-breakpoint
CREATE TYPE "public"."borrower_type" AS ENUM('INDIVIDUAL', 'SMALL_MICRO_ENTERPRISE');--> statement-breakpoint
CREATE TYPE "public"."loan_status" AS ENUM('ACTIVE', 'REPAID', 'OVERDUE', 'DEFAULTED');--> statement-breakpoint
CREATE TABLE "incubator_bases" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "incubator_kind" NOT NULL,
	"level" "incubator_level" NOT NULL,
	"county_code" text NOT NULL,
	"league_code" text NOT NULL,
	"operator" text NOT NULL,
	"recognized_year" integer NOT NULL,
	"area_sqm" integer NOT NULL,
	"government_built" boolean NOT NULL,
	"free_space_share" numeric(5, 4) NOT NULL,
	"tenants" integer NOT NULL,
	"graduates" integer NOT NULL,
	"jobs" integer NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "incubator_bases_free_space_share" CHECK ("incubator_bases"."free_space_share" between 0 and 1),
	CONSTRAINT "incubator_bases_counts" CHECK ("incubator_bases"."tenants" >= 0 and "incubator_bases"."graduates" >= 0 and "incubator_bases"."jobs" >= 0 and "incubator_bases"."area_sqm" > 0)
);
--> statement-breakpoint
CREATE TABLE "demonstration_brands" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "brand_kind" NOT NULL,
	"region_code" text NOT NULL,
	"league_code" text NOT NULL,
	"year" integer NOT NULL,
	"award_amount" numeric(14, 2),
	"instrument_code" text,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "demonstration_brands_award" CHECK ("demonstration_brands"."award_amount" is null or "demonstration_brands"."award_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "guarantee_loans" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "guarantee_loans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bank_code" text NOT NULL,
	"loan_ref" text NOT NULL,
	"county_code" text NOT NULL,
	"league_code" text NOT NULL,
	"borrower_type" "borrower_type" NOT NULL,
	"beneficiary_group_code" text,
	"amount" numeric(14, 2) NOT NULL,
	"term_months" integer NOT NULL,
	"annual_rate" numeric(6, 4) NOT NULL,
	"counter_guarantee_waived" boolean NOT NULL,
	"issued_on" date NOT NULL,
	"status" "loan_status" NOT NULL,
	"jobs_created" integer NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "guarantee_loans_bank_ref" UNIQUE("bank_code","loan_ref"),
	CONSTRAINT "guarantee_loans_amount" CHECK ("guarantee_loans"."amount" > 0),
	CONSTRAINT "guarantee_loans_term" CHECK ("guarantee_loans"."term_months" between 1 and 120),
	CONSTRAINT "guarantee_loans_rate" CHECK ("guarantee_loans"."annual_rate" >= 0 and "guarantee_loans"."annual_rate" < 1),
	CONSTRAINT "guarantee_loans_jobs" CHECK ("guarantee_loans"."jobs_created" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loan_rollups" (
	"county_code" text NOT NULL,
	"league_code" text NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"borrower_type" "borrower_type" NOT NULL,
	"beneficiary_group_code" text NOT NULL,
	"bank_code" text NOT NULL,
	"loan_count" integer NOT NULL,
	"total_amount" numeric(18, 2) NOT NULL,
	"jobs_created" integer NOT NULL,
	"sample_count" integer NOT NULL,
	CONSTRAINT "loan_rollups_county_code_year_quarter_borrower_type_beneficiary_group_code_bank_code_pk" PRIMARY KEY("county_code","year","quarter","borrower_type","beneficiary_group_code","bank_code")
);
--> statement-breakpoint
CREATE TABLE "partner_banks" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "bank_kind" NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "partner_banks_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "indicator_observations" (
	"metric" text NOT NULL,
	"region_code" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"value" numeric NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "indicator_observations_metric_region_code_period_pk" PRIMARY KEY("metric","region_code","period")
);
--> statement-breakpoint
CREATE TABLE "search_entries" (
	"type" text NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"body" text NOT NULL,
	"vector" "tsvector" NOT NULL,
	CONSTRAINT "search_entries_type_key_pk" PRIMARY KEY("type","key")
);
--> statement-breakpoint
ALTER TABLE "incubator_bases" ADD CONSTRAINT "incubator_bases_county_code_regions_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incubator_bases" ADD CONSTRAINT "incubator_bases_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demonstration_brands" ADD CONSTRAINT "demonstration_brands_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demonstration_brands" ADD CONSTRAINT "demonstration_brands_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demonstration_brands" ADD CONSTRAINT "demonstration_brands_instrument_code_support_instruments_code_fk" FOREIGN KEY ("instrument_code") REFERENCES "public"."support_instruments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD CONSTRAINT "guarantee_loans_bank_code_partner_banks_code_fk" FOREIGN KEY ("bank_code") REFERENCES "public"."partner_banks"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD CONSTRAINT "guarantee_loans_county_code_regions_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD CONSTRAINT "guarantee_loans_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD CONSTRAINT "guarantee_loans_beneficiary_group_code_beneficiary_groups_code_fk" FOREIGN KEY ("beneficiary_group_code") REFERENCES "public"."beneficiary_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_observations" ADD CONSTRAINT "indicator_observations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incubator_bases_league_idx" ON "incubator_bases" USING btree ("league_code","code");--> statement-breakpoint
CREATE INDEX "incubator_bases_county_idx" ON "incubator_bases" USING btree ("county_code","code");--> statement-breakpoint
CREATE INDEX "incubator_bases_name_idx" ON "incubator_bases" USING btree ("name" collate "C","code");--> statement-breakpoint
CREATE INDEX "incubator_bases_year_idx" ON "incubator_bases" USING btree ("recognized_year","code");--> statement-breakpoint
CREATE INDEX "incubator_bases_jobs_idx" ON "incubator_bases" USING btree ("jobs","code");--> statement-breakpoint
CREATE INDEX "incubator_bases_kind_level_idx" ON "incubator_bases" USING btree ("kind","level");--> statement-breakpoint
CREATE INDEX "demonstration_brands_league_idx" ON "demonstration_brands" USING btree ("league_code","code");--> statement-breakpoint
CREATE INDEX "demonstration_brands_region_idx" ON "demonstration_brands" USING btree ("region_code","code");--> statement-breakpoint
CREATE INDEX "demonstration_brands_name_idx" ON "demonstration_brands" USING btree ("name" collate "C","code");--> statement-breakpoint
CREATE INDEX "demonstration_brands_year_idx" ON "demonstration_brands" USING btree ("year","code");--> statement-breakpoint
CREATE INDEX "guarantee_loans_league_idx" ON "guarantee_loans" USING btree ("league_code");--> statement-breakpoint
CREATE INDEX "guarantee_loans_issued_idx" ON "guarantee_loans" USING btree ("issued_on");--> statement-breakpoint
CREATE INDEX "loan_rollups_league_idx" ON "loan_rollups" USING btree ("league_code");--> statement-breakpoint
CREATE INDEX "indicator_observations_period_idx" ON "indicator_observations" USING btree ("metric","period_end");--> statement-breakpoint
CREATE INDEX "search_entries_vector_idx" ON "search_entries" USING gin ("vector");