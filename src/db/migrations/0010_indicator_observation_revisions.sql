CREATE TABLE "indicator_observation_revisions" (
	"metric" text NOT NULL,
	"region_code" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"value" numeric NOT NULL,
	"provenance" "provenance" NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "indicator_observation_revisions_metric_region_code_period_recorded_at_pk" PRIMARY KEY("metric","region_code","period","recorded_at")
);
--> statement-breakpoint
ALTER TABLE "indicator_observation_revisions" ADD CONSTRAINT "indicator_observation_revisions_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_observation_revisions_current_idx" ON "indicator_observation_revisions" USING btree ("metric","region_code","period") WHERE superseded_at is null;--> statement-breakpoint
CREATE INDEX "indicator_observation_revisions_order_idx" ON "indicator_observation_revisions" USING btree ("metric","region_code","period_end","period","recorded_at");