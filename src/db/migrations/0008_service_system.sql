CREATE TYPE "public"."event_kind" AS ENUM('COMPETITION', 'INNOVATION_WEEK_VENUE', 'PROJECT_SHOWCASE', 'ACHIEVEMENT_SHOWCASE', 'ROADSHOW', 'CULTURE_FESTIVAL', 'LECTURE', 'SALON', 'STORY_TALK', 'FORUM', 'TRAINING_CAMP');--> statement-breakpoint
CREATE TYPE "public"."event_level" AS ENUM('NATIONAL', 'AUTONOMOUS_REGION', 'LEAGUE', 'COUNTY');--> statement-breakpoint
CREATE TYPE "public"."lecturer_kind" AS ENUM('ENTREPRENEURSHIP_TRAINING', 'PRACTICAL_TRAINING', 'ONLINE_TRAINING');--> statement-breakpoint
CREATE TYPE "public"."mentor_role" AS ENUM('SUCCESSFUL_ENTREPRENEUR', 'TRAINING_LECTURER', 'ENTREPRENEUR_EXEMPLAR', 'OTHER_EXPERT');--> statement-breakpoint
CREATE TYPE "public"."mentor_team_level" AS ENUM('LEAGUE', 'COUNTY');--> statement-breakpoint
CREATE TYPE "public"."pilot_zone_kind" AS ENUM('EXPERIMENTAL_ZONE', 'PILOT');--> statement-breakpoint
CREATE TYPE "public"."project_sector" AS ENUM('NEW_ENERGY', 'NEW_MATERIALS', 'BIOMEDICINE', 'ELECTRONIC_INFORMATION', 'ENERGY_SAVING_ENVIRONMENTAL', 'CULTURAL_INDUSTRY', 'MODERN_SERVICES', 'CREATIVE_INDUSTRY', 'INTERNET', 'INTERNET_OF_THINGS', 'MODERN_AGRICULTURE_HUSBANDRY', 'PUBLIC_WELFARE_SERVICES', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."project_stage" AS ENUM('IDEA', 'SEED', 'STARTUP', 'GROWTH');--> statement-breakpoint
CREATE TYPE "public"."service_point_kind" AS ENUM('ONE_WINDOW', 'UNIVERSITY_GUIDANCE_STATION');--> statement-breakpoint
CREATE TYPE "public"."training_programme" AS ENUM('MALANHUA', 'INTERNET_PLUS', 'STARTUP_CAMP', 'GRADUATE_PRACTICAL_TRAINING');--> statement-breakpoint
CREATE TABLE "entrepreneurship_events" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "event_kind" NOT NULL,
	"level" "event_level" NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"region_code" text NOT NULL,
	"league_code" text NOT NULL,
	"venue" text NOT NULL,
	"organiser" text NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "entrepreneurship_events_dates" CHECK ("entrepreneurship_events"."ends_on" >= "entrepreneurship_events"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "mentor_teams" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"level" "mentor_team_level" NOT NULL,
	"region_code" text NOT NULL,
	"league_code" text NOT NULL,
	"formed_year" integer NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentors" (
	"code" text PRIMARY KEY NOT NULL,
	"team_code" text NOT NULL,
	"name" text NOT NULL,
	"field" text NOT NULL,
	"role" "mentor_role" NOT NULL,
	"joined_year" integer NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_entrepreneurs" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"business" text NOT NULL,
	"sector" "project_sector" NOT NULL,
	"beneficiary_group_code" text,
	"county_code" text NOT NULL,
	"league_code" text NOT NULL,
	"year" integer NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pilot_zone_members" (
	"zone_code" text NOT NULL,
	"region_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "pilot_zone_members_zone_code_region_code_pk" PRIMARY KEY("zone_code","region_code")
);
--> statement-breakpoint
CREATE TABLE "pilot_zones" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "pilot_zone_kind" NOT NULL,
	"seat_code" text NOT NULL,
	"ordinal" integer NOT NULL,
	"section_code" text NOT NULL,
	"source_quote" text NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_library_projects" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"sector" "project_sector" NOT NULL,
	"stage" "project_stage" NOT NULL,
	"county_code" text NOT NULL,
	"league_code" text NOT NULL,
	"published_on" date NOT NULL,
	"link" text,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_points" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "service_point_kind" NOT NULL,
	"region_code" text NOT NULL,
	"league_code" text NOT NULL,
	"host" text NOT NULL,
	"opened_on" date NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_delivered" (
	"county_code" text NOT NULL,
	"league_code" text NOT NULL,
	"year" integer NOT NULL,
	"programme" "training_programme" NOT NULL,
	"trainees" integer NOT NULL,
	"rural_labor_trainees" integer NOT NULL,
	"provenance" "provenance" NOT NULL,
	CONSTRAINT "training_delivered_county_code_year_programme_pk" PRIMARY KEY("county_code","year","programme"),
	CONSTRAINT "training_delivered_counts" CHECK ("training_delivered"."trainees" >= 0 and "training_delivered"."rural_labor_trainees" >= 0 and "training_delivered"."rural_labor_trainees" <= "training_delivered"."trainees")
);
--> statement-breakpoint
CREATE TABLE "training_lecturers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "lecturer_kind" NOT NULL,
	"field" text NOT NULL,
	"high_level" boolean NOT NULL,
	"region_code" text NOT NULL,
	"league_code" text NOT NULL,
	"certified_year" integer NOT NULL,
	"provenance" "provenance" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "entrepreneurship_events" ADD CONSTRAINT "entrepreneurship_events_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entrepreneurship_events" ADD CONSTRAINT "entrepreneurship_events_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_teams" ADD CONSTRAINT "mentor_teams_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_teams" ADD CONSTRAINT "mentor_teams_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentors" ADD CONSTRAINT "mentors_team_code_mentor_teams_code_fk" FOREIGN KEY ("team_code") REFERENCES "public"."mentor_teams"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_entrepreneurs" ADD CONSTRAINT "model_entrepreneurs_beneficiary_group_code_beneficiary_groups_code_fk" FOREIGN KEY ("beneficiary_group_code") REFERENCES "public"."beneficiary_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_entrepreneurs" ADD CONSTRAINT "model_entrepreneurs_county_code_regions_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_entrepreneurs" ADD CONSTRAINT "model_entrepreneurs_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_zone_members" ADD CONSTRAINT "pilot_zone_members_zone_code_pilot_zones_code_fk" FOREIGN KEY ("zone_code") REFERENCES "public"."pilot_zones"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_zone_members" ADD CONSTRAINT "pilot_zone_members_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_zones" ADD CONSTRAINT "pilot_zones_seat_code_regions_code_fk" FOREIGN KEY ("seat_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_zones" ADD CONSTRAINT "pilot_zones_section_code_policy_sections_code_fk" FOREIGN KEY ("section_code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_library_projects" ADD CONSTRAINT "project_library_projects_county_code_regions_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_library_projects" ADD CONSTRAINT "project_library_projects_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_points" ADD CONSTRAINT "service_points_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_points" ADD CONSTRAINT "service_points_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_delivered" ADD CONSTRAINT "training_delivered_county_code_regions_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_delivered" ADD CONSTRAINT "training_delivered_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_lecturers" ADD CONSTRAINT "training_lecturers_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_lecturers" ADD CONSTRAINT "training_lecturers_league_code_regions_code_fk" FOREIGN KEY ("league_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entrepreneurship_events_starts_idx" ON "entrepreneurship_events" USING btree ("starts_on","code");--> statement-breakpoint
CREATE INDEX "entrepreneurship_events_league_idx" ON "entrepreneurship_events" USING btree ("league_code","code");--> statement-breakpoint
CREATE UNIQUE INDEX "mentor_teams_region_idx" ON "mentor_teams" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "mentor_teams_league_idx" ON "mentor_teams" USING btree ("league_code","code");--> statement-breakpoint
CREATE INDEX "mentors_team_idx" ON "mentors" USING btree ("team_code","code");--> statement-breakpoint
CREATE INDEX "model_entrepreneurs_year_idx" ON "model_entrepreneurs" USING btree ("year","code");--> statement-breakpoint
CREATE INDEX "model_entrepreneurs_league_idx" ON "model_entrepreneurs" USING btree ("league_code","code");--> statement-breakpoint
CREATE INDEX "project_library_league_idx" ON "project_library_projects" USING btree ("league_code","code");--> statement-breakpoint
CREATE INDEX "project_library_county_idx" ON "project_library_projects" USING btree ("county_code","code");--> statement-breakpoint
CREATE INDEX "project_library_published_idx" ON "project_library_projects" USING btree ("published_on","code");--> statement-breakpoint
CREATE INDEX "project_library_name_idx" ON "project_library_projects" USING btree ("name" collate "C","code");--> statement-breakpoint
CREATE INDEX "service_points_league_idx" ON "service_points" USING btree ("league_code","code");--> statement-breakpoint
CREATE INDEX "service_points_kind_idx" ON "service_points" USING btree ("kind","code");--> statement-breakpoint
CREATE INDEX "training_delivered_league_idx" ON "training_delivered" USING btree ("league_code","year");--> statement-breakpoint
CREATE INDEX "training_delivered_year_idx" ON "training_delivered" USING btree ("year","county_code");--> statement-breakpoint
CREATE INDEX "training_lecturers_league_idx" ON "training_lecturers" USING btree ("league_code","code");--> statement-breakpoint
CREATE INDEX "training_lecturers_year_idx" ON "training_lecturers" USING btree ("certified_year","code");