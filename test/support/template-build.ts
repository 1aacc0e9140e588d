/**
 * Builds the PGlite template in a process of its own (`node --import tsx test/support/template-build.ts <dir>`),
 * started by the global setup (template.ts), then writes `<dir>.ready` — what test files wait
 * for before they copy it (engines.ts).
 */
import "reflect-metadata";
import { rmSync, writeFileSync } from "node:fs";
import { buildPgliteDatabase } from "./template.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: template-build.ts <dir>");
rmSync(dir, { recursive: true, force: true });
await buildPgliteDatabase(dir);
writeFileSync(`${dir}.ready`, "");
