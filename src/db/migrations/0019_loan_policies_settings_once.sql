-- The row-level-security policies of migration 0005, with the same meaning, read the viewer's
-- settings once per statement instead of once per row. A bare current_setting() in a policy is
-- a function call PostgreSQL evaluates for every row it checks; wrapped in a scalar subquery it
-- becomes an InitPlan, run once, whose value every row is compared with. A bank's exact
-- statistics read every loan of the bank: at 1,000,000 loans (220,314 of the largest bank) that
-- statement took 0.88 s, 0.4 s of it calling current_setting 440,000 times, and sorted the rows
-- on disk; with the settings read once the planner's estimate changed and it grouped them in
-- memory: 0.24–0.34 s (BENCHMARKS.md, "Partner pages").
ALTER POLICY guarantee_loans_read ON guarantee_loans
  USING (bank_code = (SELECT current_setting('app.bank_code', true)) OR (SELECT current_setting('app.role', true)) = 'PROGRAMME_MANAGER');--> statement-breakpoint
ALTER POLICY guarantee_loans_insert ON guarantee_loans
  WITH CHECK (bank_code = (SELECT current_setting('app.bank_code', true)));--> statement-breakpoint
ALTER POLICY guarantee_loans_update ON guarantee_loans
  USING (bank_code = (SELECT current_setting('app.bank_code', true))) WITH CHECK (bank_code = (SELECT current_setting('app.bank_code', true)));--> statement-breakpoint
ALTER POLICY guarantee_loans_delete ON guarantee_loans
  USING (bank_code = (SELECT current_setting('app.bank_code', true)));--> statement-breakpoint
ALTER POLICY loan_tombstones_read ON loan_tombstones
  USING (bank_code = (SELECT current_setting('app.bank_code', true)) OR (SELECT current_setting('app.role', true)) = 'PROGRAMME_MANAGER');--> statement-breakpoint
ALTER POLICY loan_tombstones_write ON loan_tombstones
  USING (bank_code = (SELECT current_setting('app.bank_code', true))) WITH CHECK (bank_code = (SELECT current_setting('app.bank_code', true)));
