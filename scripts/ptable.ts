/**
 * Writes the committed perturbation table of the cell key method (src/disclosure/ptable.csv)
 * from the parameters in src/disclosure/ptable.ts. Run after changing them; a test checks that
 * the committed file is what the parameters produce.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generatePtable, PTABLE_FILE, ptableCsv } from "../src/disclosure/ptable.js";

const rows = generatePtable();
writeFileSync(PTABLE_FILE, ptableCsv(rows));
console.log(`wrote ${rows.length} rows to ${fileURLToPath(PTABLE_FILE)}`);
