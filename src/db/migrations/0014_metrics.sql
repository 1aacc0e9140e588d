CREATE TYPE "public"."metric_additivity" AS ENUM('ADDITIVE', 'NOT_ADDITIVE');--> statement-breakpoint
CREATE TYPE "public"."metric_frequency" AS ENUM('QUARTERLY', 'ANNUAL');--> statement-breakpoint
CREATE TYPE "public"."metric_kind" AS ENUM('STOCK', 'FLOW');--> statement-breakpoint
CREATE TABLE "metrics" (
	"code" text PRIMARY KEY NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" "target_unit" NOT NULL,
	"kind" "metric_kind" NOT NULL,
	"additivity" "metric_additivity" NOT NULL,
	"additivity_note" text,
	"additivity_note_en" text,
	"frequency" "metric_frequency" NOT NULL,
	"description" text NOT NULL,
	"description_en" text NOT NULL,
	CONSTRAINT "metrics_not_additive_says_why" CHECK ("metrics"."additivity" = 'ADDITIVE' or ("metrics"."additivity_note" is not null and "metrics"."additivity_note_en" is not null))
);
