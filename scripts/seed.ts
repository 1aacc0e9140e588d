// Migrates and seeds the configured database (DATABASE_URL, or PGlite in PGLITE_DIR), then exits.
// `--force` rewrites the programme data even if the database already holds this version.
import "reflect-metadata";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme } from "../src/db/seed/index.js";

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir, statementTimeoutMs: 600_000 });
try {
  await migrateDatabase(database);
  const result = await seedProgramme(database, { force: process.argv.includes("--force") });
  console.log(`${database.engine} ${database.location}: programme seed ${result.applied ? "written" : "already current"} (${result.version.slice(0, 12)})`);
} finally {
  await database.close();
}
