import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { analyzeDatabase, type Database, type Db } from "../client.js";
import { withAdvisoryLock } from "../lock.js";
import * as s from "../schema/index.js";
import { SOURCE_FILE } from "./document.js";
import { refreshDerived } from "../../services/refresh.js";
import { buildProgrammeRows, REGIONS_FILE } from "./programme-rows.js";
import { DEFAULT_SAMPLE_LOANS, DEFAULT_SAMPLE_SEED, writeSample, type SampleCounts, type SampleOptions } from "./sample.js";

/** Bump when the shape of the seeded rows changes without the inputs changing. */
// 2: loan_rollups gained key sums and largest loans (the cell key method), rebuilt by refreshDerived.
const PROGRAMME_SEED_FORMAT = 2;
const PROGRAMME_SEED_KEY = "seed:programme";

/** `SET col = excluded.col` for every column but the key: an upsert that converges to the input. */
function excludedSet(table: PgTable, keys: string[]): Record<string, SQL> {
  const out: Record<string, SQL> = {};
  for (const [prop, column] of Object.entries(getTableColumns(table))) {
    if (!keys.includes(prop)) out[prop] = sql.raw(`excluded."${column.name}"`);
  }
  return out;
}

/** Fingerprint of everything the programme seed is made of; unchanged inputs skip the work. */
export async function programmeSeedVersion(): Promise<string> {
  const hash = createHash("sha256");
  hash.update(String(PROGRAMME_SEED_FORMAT));
  hash.update(readFileSync(SOURCE_FILE));
  hash.update(readFileSync(REGIONS_FILE));
  // Every curated fact, by sorted name: vitest's module namespace does not serialise like tsx's,
  // so hashing the namespace itself made every CLI run (tsx) re-seed a test database seeded
  // under vitest, changing its data version.
  const facts = (await import("./programme.js")) as Record<string, unknown>;
  const names = Object.keys(facts).sort();
  hash.update(JSON.stringify(Object.fromEntries(names.map((k) => [k, facts[k]]))));
  hash.update(JSON.stringify((await import("./programme-services.js")).PILOT_ZONES));
  return hash.digest("hex");
}

export interface SeedResult {
  /** False when the database already held this exact version of the seed. */
  applied: boolean;
  version: string;
}

/**
 * Writes the programme's source data: regions, the document tree, parties, targets and
 * instruments. Idempotent: rows are upserted by natural key and link tables rewritten, in one
 * transaction, under an advisory lock; running it twice changes nothing and duplicates nothing.
 */
export async function seedProgramme(database: Database, options: { force?: boolean } = {}): Promise<SeedResult> {
  const version = await programmeSeedVersion();
  return withAdvisoryLock(database, "seed", async () => {
    const [current] = await database.db.select().from(s.appMeta).where(eq(s.appMeta.key, PROGRAMME_SEED_KEY));
    if (current?.value === version && !options.force) return { applied: false, version };
    const rows = buildProgrammeRows();
    await database.db.transaction(async (tx) => {
      await writeProgramme(tx as unknown as Db, rows);
      await refreshDerived(tx as unknown as Db);
      await tx
        .insert(s.appMeta)
        .values({ key: PROGRAMME_SEED_KEY, value: version })
        .onConflictDoUpdate({ target: s.appMeta.key, set: { value: version, updatedAt: sql`now()` } });
    });
    return { applied: true, version };
  });
}

async function writeProgramme(db: Db, rows: ReturnType<typeof buildProgrammeRows>): Promise<void> {
  // Parents before children: codes sort province → league → county.
  await db.insert(s.regions).values(rows.regions).onConflictDoUpdate({ target: s.regions.code, set: excludedSet(s.regions, ["code"]) });
  await db.insert(s.policyDocuments).values(rows.document).onConflictDoUpdate({ target: s.policyDocuments.slug, set: excludedSet(s.policyDocuments, ["slug"]) });
  await db.insert(s.policySections).values(rows.sections).onConflictDoUpdate({ target: s.policySections.code, set: excludedSet(s.policySections, ["code"]) });
  await db.insert(s.departments).values(rows.departments).onConflictDoUpdate({ target: s.departments.slug, set: excludedSet(s.departments, ["slug"]) });
  await db.insert(s.beneficiaryGroups).values(rows.beneficiaryGroups).onConflictDoUpdate({ target: s.beneficiaryGroups.code, set: excludedSet(s.beneficiaryGroups, ["code"]) });
  await db.insert(s.metrics).values(rows.metrics).onConflictDoUpdate({ target: s.metrics.code, set: excludedSet(s.metrics, ["code"]) });
  await db.insert(s.targets).values(rows.targets).onConflictDoUpdate({ target: s.targets.code, set: excludedSet(s.targets, ["code"]) });
  await db.insert(s.supportInstruments).values(rows.instruments).onConflictDoUpdate({ target: s.supportInstruments.code, set: excludedSet(s.supportInstruments, ["code"]) });
  await db.insert(s.funds).values(rows.funds).onConflictDoUpdate({ target: s.funds.code, set: excludedSet(s.funds, ["code"]) });
  // Link tables mirror the document exactly: rewrite them rather than merge.
  await db.delete(s.measureDepartments);
  await db.insert(s.measureDepartments).values(rows.measureDepartments);
  await db.delete(s.instrumentBeneficiaryGroups);
  await db.insert(s.instrumentBeneficiaryGroups).values(rows.instrumentGroups);
  await db.delete(s.instrumentExclusions);
  await db.insert(s.instrumentExclusions).values(rows.instrumentExclusions);
  await db.insert(s.pilotZones).values(rows.pilotZones).onConflictDoUpdate({ target: s.pilotZones.code, set: excludedSet(s.pilotZones, ["code"]) });
  await db.delete(s.pilotZoneMembers);
  await db.insert(s.pilotZoneMembers).values(rows.pilotZoneMembers);
  await db.delete(s.fundMentions);
  await db.insert(s.fundMentions).values(rows.fundMentions);
  await db.delete(s.instrumentFunds);
  await db.insert(s.instrumentFunds).values(rows.instrumentFunds);
  await db.delete(s.instrumentCriteria);
  await db.insert(s.instrumentCriteria).values(rows.criteria);
}

const SAMPLE_SEED_KEY = "seed:sample";

export interface SampleSeedResult {
  applied: boolean;
  counts?: SampleCounts;
  ms?: number;
}

/**
 * Replaces the sample operational data (incubators, brands, banks, loans, indicators) with a
 * freshly generated one, and refreshes rollups and the search index, all in one transaction:
 * readers see the old sample or the new one, never half of it. With `onlyIfAbsent`, does
 * nothing when a sample or official operational data is already there (the start-up path).
 */
export async function seedSample(database: Database, options: SampleOptions & { onlyIfAbsent?: boolean } = {}): Promise<SampleSeedResult> {
  const started = performance.now();
  return withAdvisoryLock(database, "seed", async () => {
    if (options.onlyIfAbsent) {
      const [marker] = await database.db.select().from(s.appMeta).where(eq(s.appMeta.key, SAMPLE_SEED_KEY));
      const [anyLoan] = await database.db.select({ id: s.guaranteeLoans.id }).from(s.guaranteeLoans).limit(1);
      const [anyBase] = await database.db.select({ code: s.incubatorBases.code }).from(s.incubatorBases).limit(1);
      if (marker || anyLoan || anyBase) return { applied: false };
    }
    const counts = await database.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const written = await writeSample(db, options);
      await refreshDerived(db);
      const marker = JSON.stringify({ seed: options.seed ?? DEFAULT_SAMPLE_SEED, loans: options.loans ?? DEFAULT_SAMPLE_LOANS });
      await db.insert(s.appMeta).values({ key: SAMPLE_SEED_KEY, value: marker }).onConflictDoUpdate({ target: s.appMeta.key, set: { value: marker, updatedAt: sql`now()` } });
      return written;
    });
    await analyzeDatabase(database.db);
    return { applied: true, counts, ms: Math.round(performance.now() - started) };
  });
}
