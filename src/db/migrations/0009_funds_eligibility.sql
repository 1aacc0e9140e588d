CREATE TYPE "public"."amount_base" AS ENUM('CLASS_I_MINIMUM_WAGE');--> statement-breakpoint
CREATE TYPE "public"."instrument_audience" AS ENUM('INDIVIDUAL', 'ENTERPRISE', 'BASE_OPERATOR', 'INSTITUTION', 'LOCAL_GOVERNMENT');--> statement-breakpoint
CREATE TYPE "public"."fund_level" AS ENUM('NATIONAL', 'REGIONAL', 'ALL_LEVELS', 'UNIVERSITY', 'PARK', 'PRIVATE', 'NOT_STATED');--> statement-breakpoint
CREATE TYPE "public"."criterion_kind" AS ENUM('BENEFICIARY_GROUP', 'MAX_MONTHS_SINCE_LEAVING_SCHOOL', 'NOT_EMPLOYED', 'IN_GRADUATING_YEAR', 'RETURNING_HOME', 'FIRST_TIME_FOUNDER', 'MIN_MONTHS_OPERATING', 'EMPLOYS_OTHERS', 'FILES_TAXES', 'MAX_MONTHS_AFTER_INTERNSHIP', 'BUSINESS_TYPE', 'SECTOR', 'LOCATION', 'MAX_LOAN_AMOUNT', 'ROLE', 'EXCLUSIVE_WITH', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."wage_class" AS ENUM('I', 'II', 'III', 'IV');--> statement-breakpoint
ALTER TYPE "public"."instrument_kind" ADD VALUE 'EQUITY_INVESTMENT' BEFORE 'LOAN_RULE';--> statement-breakpoint
CREATE TABLE "fund_mentions" (
	"fund_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	"section_code" text NOT NULL,
	"source_quote" text NOT NULL,
	CONSTRAINT "fund_mentions_fund_code_ordinal_pk" PRIMARY KEY("fund_code","ordinal")
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"code" text PRIMARY KEY NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"level" "fund_level" NOT NULL,
	"level_note" text NOT NULL,
	"amount_type" "amount_type" NOT NULL,
	"amount" numeric(14, 2),
	"amount_unit" "amount_unit" NOT NULL,
	"section_code" text NOT NULL,
	"source_quote" text NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instrument_funds" (
	"instrument_code" text NOT NULL,
	"fund_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "instrument_funds_instrument_code_fund_code_pk" PRIMARY KEY("instrument_code","fund_code")
);
--> statement-breakpoint
CREATE TABLE "instrument_criteria" (
	"instrument_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	"kind" "criterion_kind" NOT NULL,
	"group_code" text,
	"applies_to_group" text,
	"months" integer,
	"amount" numeric(14, 2),
	"values" text[] NOT NULL,
	"any_of" text,
	"section_code" text NOT NULL,
	"source_text" text NOT NULL,
	"note_en" text NOT NULL,
	CONSTRAINT "instrument_criteria_instrument_code_ordinal_pk" PRIMARY KEY("instrument_code","ordinal")
);
--> statement-breakpoint
CREATE TABLE "minimum_wages" (
	"region_code" text NOT NULL,
	"wage_class" "wage_class" NOT NULL,
	"effective_from" date NOT NULL,
	"monthly_amount" numeric(10, 2) NOT NULL,
	"source" text NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "minimum_wages_region_code_wage_class_effective_from_pk" PRIMARY KEY("region_code","wage_class","effective_from")
);
--> statement-breakpoint
ALTER TABLE "support_instruments" ADD COLUMN "audiences" "instrument_audience"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "support_instruments" ADD COLUMN "relative_base_code" "amount_base";--> statement-breakpoint
ALTER TABLE "fund_mentions" ADD CONSTRAINT "fund_mentions_fund_code_funds_code_fk" FOREIGN KEY ("fund_code") REFERENCES "public"."funds"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_mentions" ADD CONSTRAINT "fund_mentions_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_funds" ADD CONSTRAINT "instrument_funds_instrument_code_support_instruments_code_fk" FOREIGN KEY ("instrument_code") REFERENCES "public"."support_instruments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_funds" ADD CONSTRAINT "instrument_funds_fund_code_funds_code_fk" FOREIGN KEY ("fund_code") REFERENCES "public"."funds"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_criteria" ADD CONSTRAINT "instrument_criteria_instrument_code_support_instruments_code_fk" FOREIGN KEY ("instrument_code") REFERENCES "public"."support_instruments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_criteria" ADD CONSTRAINT "instrument_criteria_group_code_beneficiary_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."beneficiary_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_criteria" ADD CONSTRAINT "instrument_criteria_applies_to_group_beneficiary_groups_code_fk" FOREIGN KEY ("applies_to_group") REFERENCES "public"."beneficiary_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_criteria" ADD CONSTRAINT "instrument_criteria_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minimum_wages" ADD CONSTRAINT "minimum_wages_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fund_mentions_section_idx" ON "fund_mentions" USING btree ("section_code");--> statement-breakpoint
CREATE INDEX "instrument_funds_fund_idx" ON "instrument_funds" USING btree ("fund_code");--> statement-breakpoint
CREATE INDEX "instrument_criteria_group_idx" ON "instrument_criteria" USING btree ("group_code");