// The settings the service opens its database with, on both engines. On PGlite they are start
// parameters of its PostgreSQL (src/db/client.ts, pgliteStartParams): the statement timeout there
// was a statement of its own before, and its shared buffers were PostgreSQL's 128 MB, which PGlite
// zeroes at every start (≈ 0.4 s of a later start).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type Database } from "../src/db/client.js";
import { cloneTestDatabase, testEngine, type TestDatabaseLocation } from "./support/engines.js";

let location: TestDatabaseLocation;
let database: Database;

beforeAll(async () => {
  location = await cloneTestDatabase(testEngine(), { ownVersion: false });
  database = await openDatabase({ url: location.url, dataDir: location.dataDir, poolSize: 2, statementTimeoutMs: 300 });
});

afterAll(async () => {
  await database?.close();
  await location?.drop();
});

describe("the database as the service opens it", () => {
  it("has the statement timeout it was given, for the owner and for the API", async () => {
    for (const db of [database.db, database.api]) {
      const [shown] = await queryRows<{ statement_timeout: string }>(db, sql`show statement_timeout`);
      expect(shown!.statement_timeout).toBe("300ms");
    }
  });

  // README, "Safety": PGlite's PostgreSQL runs in the service's thread, with no timer signal to
  // cancel a statement; the same pg_sleep there runs to its end (measured: 2.0 s).
  it.skipIf(testEngine() !== "postgres")("on PostgreSQL, cancels a statement that outlasts it (57014), and the connection answers afterwards", async () => {
    for (const db of [database.db, database.api]) {
      await expect(queryRows(db, sql`select pg_sleep(2)`)).rejects.toMatchObject({ cause: { code: "57014" } });
      expect(await queryRows<{ n: number }>(db, sql`select 1 as n`)).toEqual([{ n: 1 }]);
    }
  });

  it.skipIf(testEngine() !== "pglite")("PGlite's shared buffers are 32 MB, not the 128 MB it would zero at every start", async () => {
    const [shown] = await queryRows<{ shared_buffers: string }>(database.db, sql`show shared_buffers`);
    expect(shown!.shared_buffers).toBe("32MB");
  });
});
