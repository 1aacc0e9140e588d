// The seed against the real database: idempotent, complete, and faithful to the document.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.js";
import * as s from "../src/db/schema/index.js";
import { seedProgramme } from "../src/db/seed/index.js";
import type { TestDatabaseLocation } from "./support/engines.js";
import { openTestDatabase } from "./support/harness.js";

let location: TestDatabaseLocation;
let database: Database;
beforeAll(async () => {
  ({ location, database } = await openTestDatabase(2));
});
afterAll(async () => {
  await database?.close();
  await location?.drop();
});

const TABLES = {
  policy_documents: s.policyDocuments,
  policy_sections: s.policySections,
  departments: s.departments,
  measure_departments: s.measureDepartments,
  targets: s.targets,
  metrics: s.metrics,
  support_instruments: s.supportInstruments,
  beneficiary_groups: s.beneficiaryGroups,
  instrument_beneficiary_groups: s.instrumentBeneficiaryGroups,
  instrument_exclusions: s.instrumentExclusions,
  funds: s.funds,
  fund_mentions: s.fundMentions,
  instrument_funds: s.instrumentFunds,
  instrument_criteria: s.instrumentCriteria,
  regions: s.regions,
};

async function tableCounts() {
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES)) out[name] = (await database.db.select({ n: count() }).from(table))[0]!.n;
  return out;
}

describe("the programme seed", () => {
  it("holds the document's content in the expected numbers", async () => {
    expect(await tableCounts()).toEqual({
      policy_documents: 1,
      // preamble + 3 chapters + guiding idea + principles heading + 4 principles + work goal + 7 plans + 22 measures + 4 requirements
      policy_sections: 44,
      departments: 27,
      measure_departments: 108,
      targets: 18,
      // one per target's metric
      metrics: 18,
      support_instruments: 42,
      beneficiary_groups: 14,
      instrument_beneficiary_groups: 44,
      instrument_exclusions: 2,
      funds: 13,
      fund_mentions: 15,
      instrument_funds: 15,
      instrument_criteria: 101,
      regions: 116,
    });
  });

  it("is idempotent: seeding again, even forced, changes no count and no row", async () => {
    const before = await tableCounts();
    const measure = await database.db.select().from(s.policySections).where(eq(s.policySections.code, "P4-M2"));
    expect(await seedProgramme(database)).toMatchObject({ applied: false });
    expect(await seedProgramme(database, { force: true })).toMatchObject({ applied: true });
    expect(await tableCounts()).toEqual(before);
    expect(await database.db.select().from(s.policySections).where(eq(s.policySections.code, "P4-M2"))).toEqual(measure);
  });

  it("runs concurrently without duplicating anything (advisory lock + upserts)", async () => {
    const before = await tableCounts();
    await Promise.all([seedProgramme(database, { force: true }), seedProgramme(database, { force: true })]);
    expect(await tableCounts()).toEqual(before);
  });
});
