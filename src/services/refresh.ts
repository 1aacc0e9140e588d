import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { appMeta, guaranteeLoans, loanRollups } from "../db/schema/index.js";
import { rebuildSearchIndex } from "./search.js";

export const DATA_VERSION_KEY = "data:version";

/**
 * Re-aggregates every loan into loan_rollups at the API's finest grain. A full rewrite keeps
 * it obviously right (no drift from incremental updates); at 1,000,000 loans it is one
 * GROUP BY of a few seconds, paid once per import instead of on every request.
 */
export async function refreshLoanRollups(db: Db): Promise<void> {
  await db.delete(loanRollups);
  await db.execute(sql`
    insert into ${loanRollups} (county_code, league_code, year, quarter, borrower_type, beneficiary_group_code, bank_code, loan_count, total_amount, jobs_created, sample_count)
    select county_code, league_code, cast(extract(year from issued_on) as integer), cast(extract(quarter from issued_on) as integer),
           borrower_type, coalesce(beneficiary_group_code, ''), bank_code,
           cast(count(*) as integer), sum(amount), cast(sum(jobs_created) as integer),
           cast(count(*) filter (where provenance = 'SAMPLE') as integer)
    from ${guaranteeLoans}
    group by 1, 2, 3, 4, 5, 6, 7`);
}

/** Rebuilds everything derived from the base tables, and marks the data as changed. */
export async function refreshDerived(db: Db): Promise<string> {
  await refreshLoanRollups(db);
  await rebuildSearchIndex(db);
  const version = randomUUID();
  await db
    .insert(appMeta)
    .values({ key: DATA_VERSION_KEY, value: version })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: version, updatedAt: sql`now()` } });
  return version;
}

/** The current data version: caches of derived answers (statistics) are keyed by it. */
export async function dataVersion(db: Db): Promise<string> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, DATA_VERSION_KEY));
  return row?.value ?? "none";
}
