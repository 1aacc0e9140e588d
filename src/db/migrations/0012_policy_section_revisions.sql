CREATE TABLE "policy_section_revisions" (
	"code" text NOT NULL,
	"label" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"body" text NOT NULL,
	"responsibility_text" text,
	"superseded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "policy_section_revisions_code_superseded_at_pk" PRIMARY KEY("code","superseded_at")
);
--> statement-breakpoint
ALTER TABLE "policy_section_revisions" ADD CONSTRAINT "policy_section_revisions_code_policy_sections_code_fk" FOREIGN KEY ("code") REFERENCES "public"."policy_sections"("code") ON DELETE no action ON UPDATE no action;