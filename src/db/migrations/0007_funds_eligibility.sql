CREATE TYPE "public"."instrument_audience" AS ENUM('INDIVIDUAL', 'ENTERPRISE', 'BASE_OPERATOR', 'INSTITUTION', 'LOCAL_GOVERNMENT');--> statement-breakpoint
CREATE TYPE "public"."fund_level" AS ENUM('NATIONAL', 'REGIONAL', 'ALL_LEVELS', 'UNIVERSITY', 'PARK', 'PRIVATE', 'NOT_STATED');--> statement-breakpoint
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
ALTER TABLE "support_instruments" ADD COLUMN "audiences" "instrument_audience"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "fund_mentions" ADD CONSTRAINT "fund_mentions_fund_code_funds_code_fk" FOREIGN KEY ("fund_code") REFERENCES "public"."funds"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_mentions" ADD CONSTRAINT "fund_mentions_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_funds" ADD CONSTRAINT "instrument_funds_instrument_code_support_instruments_code_fk" FOREIGN KEY ("instrument_code") REFERENCES "public"."support_instruments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_funds" ADD CONSTRAINT "instrument_funds_fund_code_funds_code_fk" FOREIGN KEY ("fund_code") REFERENCES "public"."funds"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fund_mentions_section_idx" ON "fund_mentions" USING btree ("section_code");--> statement-breakpoint
CREATE INDEX "instrument_funds_fund_idx" ON "instrument_funds" USING btree ("fund_code");