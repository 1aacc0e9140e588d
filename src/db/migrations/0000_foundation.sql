CREATE TYPE "public"."provenance" AS ENUM('SOURCE', 'SAMPLE');--> statement-breakpoint
CREATE TYPE "public"."section_kind" AS ENUM('PREAMBLE', 'CHAPTER', 'GUIDING_IDEA', 'PRINCIPLES', 'PRINCIPLE', 'WORK_GOAL', 'PLAN', 'MEASURE', 'REQUIREMENT');--> statement-breakpoint
CREATE TYPE "public"."department_kind" AS ENUM('REGIONAL_GOVERNMENT_DEPARTMENT', 'CENTRAL_AGENCY_BRANCH', 'PARTY_ORGAN', 'PEOPLES_ORGANIZATION', 'CITY_GOVERNMENT');--> statement-breakpoint
CREATE TYPE "public"."region_level" AS ENUM('PROVINCE', 'LEAGUE', 'COUNTY');--> statement-breakpoint
CREATE TYPE "public"."target_comparator" AS ENUM('AT_LEAST', 'EXACTLY', 'AT_MOST');--> statement-breakpoint
CREATE TYPE "public"."target_period" AS ENUM('BY_DUE_YEAR', 'CUMULATIVE_BY_DUE_YEAR', 'PER_YEAR', 'STANDING');--> statement-breakpoint
CREATE TYPE "public"."target_scope" AS ENUM('REGION_WIDE', 'PER_LEAGUE', 'PER_COUNTY', 'PER_MENTOR_TEAM', 'PER_PARK');--> statement-breakpoint
CREATE TYPE "public"."target_unit" AS ENUM('PERSONS', 'PROJECTS', 'CNY', 'BASES', 'MAKER_SPACES', 'BRANDS', 'PERCENT');--> statement-breakpoint
CREATE TYPE "public"."amount_type" AS ENUM('FIXED', 'MINIMUM', 'MAXIMUM', 'RELATIVE', 'UNSPECIFIED');--> statement-breakpoint
CREATE TYPE "public"."amount_unit" AS ENUM('PERSON', 'HOUSEHOLD', 'NEW_EMPLOYEE', 'STUDIO', 'BASE', 'LOAN', 'PERSON_MONTH', 'YEAR', 'NOT_APPLICABLE');--> statement-breakpoint
CREATE TYPE "public"."instrument_kind" AS ENUM('SUBSIDY', 'REWARD', 'FUNDING', 'LOAN_RULE', 'PREMISES', 'PERSONNEL_RULE', 'PREFERENTIAL_POLICY');--> statement-breakpoint
CREATE TYPE "public"."payment_frequency" AS ENUM('ONE_OFF', 'MONTHLY', 'ANNUAL', 'NOT_APPLICABLE');--> statement-breakpoint
CREATE TABLE "policy_documents" (
	"slug" text PRIMARY KEY NOT NULL,
	"doc_number" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"plan_title" text NOT NULL,
	"plan_title_en" text NOT NULL,
	"issuer" text NOT NULL,
	"issuer_en" text NOT NULL,
	"recipients" text NOT NULL,
	"notice_body" text NOT NULL,
	"signed_on" date NOT NULL,
	"printed_on" date NOT NULL,
	"printed_by" text NOT NULL,
	"publication_note" text NOT NULL,
	"copied_to" text NOT NULL,
	"period_start" integer NOT NULL,
	"period_end" integer NOT NULL,
	"provenance" "provenance" NOT NULL,
	"source_note" text NOT NULL,
	CONSTRAINT "policy_documents_doc_number_unique" UNIQUE("doc_number")
);
--> statement-breakpoint
CREATE TABLE "policy_sections" (
	"code" text PRIMARY KEY NOT NULL,
	"document_slug" text NOT NULL,
	"parent_code" text,
	"kind" "section_kind" NOT NULL,
	"ordinal" integer NOT NULL,
	"document_order" integer NOT NULL,
	"path" text NOT NULL,
	"label" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"body" text NOT NULL,
	"responsibility_text" text,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "department_kind" NOT NULL,
	"aliases" text[] NOT NULL,
	"region_code" text,
	"ordinal" integer NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "departments_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "measure_departments" (
	"measure_code" text NOT NULL,
	"department_slug" text NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "measure_departments_measure_code_department_slug_pk" PRIMARY KEY("measure_code","department_slug")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"pinyin" text NOT NULL,
	"level" "region_level" NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"code" text PRIMARY KEY NOT NULL,
	"section_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	"metric" text NOT NULL,
	"metric_name" text NOT NULL,
	"metric_name_en" text NOT NULL,
	"comparator" "target_comparator" NOT NULL,
	"value" numeric NOT NULL,
	"unit" "target_unit" NOT NULL,
	"scope" "target_scope" NOT NULL,
	"period" "target_period" NOT NULL,
	"due_year" integer,
	"source_quote" text NOT NULL,
	"beneficiary_group_code" text,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "targets_metric_unique" UNIQUE("metric")
);
--> statement-breakpoint
CREATE TABLE "beneficiary_groups" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "beneficiary_groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "instrument_beneficiary_groups" (
	"instrument_code" text NOT NULL,
	"group_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "instrument_beneficiary_groups_instrument_code_group_code_pk" PRIMARY KEY("instrument_code","group_code")
);
--> statement-breakpoint
CREATE TABLE "instrument_exclusions" (
	"instrument_code" text NOT NULL,
	"excluded_code" text NOT NULL,
	CONSTRAINT "instrument_exclusions_instrument_code_excluded_code_pk" PRIMARY KEY("instrument_code","excluded_code")
);
--> statement-breakpoint
CREATE TABLE "support_instruments" (
	"code" text PRIMARY KEY NOT NULL,
	"section_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	"kind" "instrument_kind" NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"amount_type" "amount_type" NOT NULL,
	"amount" numeric(14, 2),
	"amount_unit" "amount_unit" NOT NULL,
	"payment" "payment_frequency" NOT NULL,
	"relative_base" text,
	"relative_base_en" text,
	"relative_rate" numeric(6, 4),
	"max_duration_months" integer,
	"conditions" text NOT NULL,
	"conditions_en" text NOT NULL,
	"funding_source" text,
	"source_quote" text NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policy_sections" ADD CONSTRAINT "policy_sections_document_slug_policy_documents_slug_fk" FOREIGN KEY ("document_slug") REFERENCES "public"."policy_documents"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_departments" ADD CONSTRAINT "measure_departments_measure_code_policy_sections_code_fk" FOREIGN KEY ("measure_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_departments" ADD CONSTRAINT "measure_departments_department_slug_departments_slug_fk" FOREIGN KEY ("department_slug") REFERENCES "public"."departments"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_beneficiary_group_code_beneficiary_groups_code_fk" FOREIGN KEY ("beneficiary_group_code") REFERENCES "public"."beneficiary_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_beneficiary_groups" ADD CONSTRAINT "instrument_beneficiary_groups_instrument_code_support_instruments_code_fk" FOREIGN KEY ("instrument_code") REFERENCES "public"."support_instruments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_beneficiary_groups" ADD CONSTRAINT "instrument_beneficiary_groups_group_code_beneficiary_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."beneficiary_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_exclusions" ADD CONSTRAINT "instrument_exclusions_instrument_code_support_instruments_code_fk" FOREIGN KEY ("instrument_code") REFERENCES "public"."support_instruments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_exclusions" ADD CONSTRAINT "instrument_exclusions_excluded_code_support_instruments_code_fk" FOREIGN KEY ("excluded_code") REFERENCES "public"."support_instruments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_instruments" ADD CONSTRAINT "support_instruments_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_sections_parent_idx" ON "policy_sections" USING btree ("parent_code","ordinal");--> statement-breakpoint
CREATE INDEX "policy_sections_kind_order_idx" ON "policy_sections" USING btree ("kind","document_order");--> statement-breakpoint
CREATE INDEX "measure_departments_department_idx" ON "measure_departments" USING btree ("department_slug");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code","code");--> statement-breakpoint
CREATE INDEX "regions_level_idx" ON "regions" USING btree ("level","code");--> statement-breakpoint
CREATE INDEX "targets_section_idx" ON "targets" USING btree ("section_code");--> statement-breakpoint
CREATE INDEX "instrument_groups_group_idx" ON "instrument_beneficiary_groups" USING btree ("group_code");--> statement-breakpoint
CREATE INDEX "support_instruments_section_idx" ON "support_instruments" USING btree ("section_code");