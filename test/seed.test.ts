// The seed against the real database: idempotent, complete, and faithful to the document.
import { count, eq, getTableName, sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database, type Db } from "../src/db/client.js";
import { withEmptyTablesBulkLoaded } from "../src/db/bulk.js";
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

/** A table's foreign keys and its other indexes, as the catalog defines them. */
async function keysAndIndexes(db: Db, table: string) {
  return {
    foreignKeys: await queryRows<{ name: string; definition: string }>(
      db,
      sql`select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = to_regclass(${table}) and contype = 'f' order by 1`,
    ),
    indexes: await queryRows<{ name: string; definition: string; constraint: boolean }>(
      db,
      sql`select c.relname as name, pg_get_indexdef(i.indexrelid) as definition, exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) as "constraint"
          from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = to_regclass(${table}) order by 1`,
    ),
  };
}

/** How many ACCESS EXCLUSIVE locks this session holds on a table: readers of it wait behind one. */
async function exclusiveLocks(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_locks where relation = to_regclass(${table}) and mode = 'AccessExclusiveLock' and pid = pg_backend_pid()`,
  );
  return row!.n;
}

/** Rolls back whatever `work` did, once it has run (and passed its own expectations). */
async function inRolledBackTransaction(work: (db: Db) => Promise<void>): Promise<void> {
  const rollback = new Error("rollback");
  await expect(
    database.db.transaction(async (tx) => {
      await work(tx as unknown as Db);
      throw rollback;
    }),
  ).rejects.toBe(rollback);
}

describe("the sample seed's bulk load (src/db/bulk.ts, withEmptyTablesBulkLoaded)", () => {
  const loaded: PgTable[] = [s.guaranteeLoans, s.projectLibraryProjects];

  it("left the tables it loaded with exactly the foreign keys and indexes the schema declares", async () => {
    // This file's database was seeded through it (the template: the image on PGlite, the seed on PostgreSQL).
    for (const table of loaded) {
      const config = getTableConfig(table);
      const { foreignKeys, indexes } = await keysAndIndexes(database.db, getTableName(table));
      // PostgreSQL cuts names at 63 bytes.
      expect(foreignKeys.map((k) => k.name), config.name).toEqual(config.foreignKeys.map((k) => k.getName().slice(0, 63)).sort());
      expect(indexes.filter((i) => !i.constraint).map((i) => i.name), config.name).toEqual(config.indexes.map((i) => i.config.name!).sort());
    }
    // The loans' four keys spelled out: what they check, not only their names.
    expect((await keysAndIndexes(database.db, "guarantee_loans")).foreignKeys.map((k) => k.definition)).toEqual([
      "FOREIGN KEY (bank_code) REFERENCES partner_banks(code)",
      "FOREIGN KEY (beneficiary_group_code) REFERENCES beneficiary_groups(code)",
      "FOREIGN KEY (county_code) REFERENCES regions(code)",
      "FOREIGN KEY (league_code) REFERENCES regions(code)",
    ]);
  });

  it("sets aside an empty table's foreign keys and plain indexes while it loads, and puts back the same definitions under the same names", async () => {
    await inRolledBackTransaction(async (db) => {
      const before = await keysAndIndexes(db, "guarantee_loans");
      expect(before.foreignKeys).toHaveLength(4);
      expect(before.indexes.filter((i) => !i.constraint).length).toBeGreaterThanOrEqual(6);
      await db.execute(sql`create temporary table saved_loans on commit drop as select * from guarantee_loans`);
      await db.execute(sql`delete from guarantee_loans`);
      expect(await exclusiveLocks(db, "guarantee_loans")).toBe(0);
      let during: Awaited<ReturnType<typeof keysAndIndexes>> | undefined;
      await withEmptyTablesBulkLoaded(db, [s.guaranteeLoans], async () => {
        during = await keysAndIndexes(db, "guarantee_loans");
        // Why only empty tables: the table is locked against readers until the transaction ends.
        expect(await exclusiveLocks(db, "guarantee_loans")).toBe(1);
        await db.execute(sql`insert into guarantee_loans overriding system value select * from saved_loans`);
      });
      // While loading: no foreign key, only the indexes of the primary and unique keys.
      expect(during!.foreignKeys).toEqual([]);
      expect(during!.indexes).toEqual(before.indexes.filter((i) => i.constraint));
      expect(await keysAndIndexes(db, "guarantee_loans")).toEqual(before);
      expect(await queryRows(db, sql`select count(*)::int as n from guarantee_loans`)).toEqual([{ n: 32_000 }]);
    });
  });

  it("still refuses a row that breaks a foreign key — when the key is put back, failing the transaction whole", async () => {
    const before = await keysAndIndexes(database.db, "guarantee_loans");
    const loans = await queryRows(database.db, sql`select count(*)::int as n from guarantee_loans`);
    const failed = database.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      await db.execute(sql`create temporary table saved_loans on commit drop as select * from guarantee_loans`);
      await db.execute(sql`delete from guarantee_loans`);
      await withEmptyTablesBulkLoaded(db, [s.guaranteeLoans], async () => {
        await db.execute(sql`insert into guarantee_loans overriding system value select * from saved_loans`);
        // Accepted while the key is set aside: no such county.
        await db.execute(sql`update guarantee_loans set county_code = '159999' where id = (select min(id) from guarantee_loans)`);
      });
    });
    await expect(failed).rejects.toMatchObject({ cause: { code: "23503" } });
    expect(await keysAndIndexes(database.db, "guarantee_loans")).toEqual(before);
    expect(await queryRows(database.db, sql`select count(*)::int as n from guarantee_loans`)).toEqual(loans);
    expect(await queryRows(database.db, sql`select count(*)::int as n from guarantee_loans where county_code = '159999'`)).toEqual([{ n: 0 }]);
  });

  it("leaves a table that holds rows as it is: its keys are checked row by row, and nothing is locked for its readers", async () => {
    await inRolledBackTransaction(async (db) => {
      const before = await keysAndIndexes(db, "guarantee_loans");
      await withEmptyTablesBulkLoaded(db, [s.guaranteeLoans], async () => {
        expect(await keysAndIndexes(db, "guarantee_loans")).toEqual(before);
        expect(await exclusiveLocks(db, "guarantee_loans")).toBe(0);
        await expect(db.execute(sql`update guarantee_loans set county_code = '159999' where id = (select min(id) from guarantee_loans)`)).rejects.toMatchObject({ cause: { code: "23503" } });
      });
    });
  });
});
