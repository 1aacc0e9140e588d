-- Rollups are derived data: emptied here, rebuilt (with their new key sums and largest loans) by
-- the programme seed, whose format version moves with this migration, at the same start-up.
DELETE FROM "loan_rollups";--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD COLUMN "record_key" integer DEFAULT floor(random() * 2147483648) NOT NULL;--> statement-breakpoint
ALTER TABLE "loan_rollups" ADD COLUMN "key_sum" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "loan_rollups" ADD COLUMN "max_amount" numeric(14, 2) NOT NULL;--> statement-breakpoint
ALTER TABLE "guarantee_loans" ADD CONSTRAINT "guarantee_loans_record_key" CHECK ("guarantee_loans"."record_key" >= 0);