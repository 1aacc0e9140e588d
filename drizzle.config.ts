import { defineConfig } from "drizzle-kit";

// One set of migrations for both engines (PGlite and PostgreSQL): generated from the
// schema files, committed, and applied at start-up by src/db/migrate.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./src/db/migrations",
  strict: true,
  verbose: true,
});
