// Rewrites exports/README.md, the data dictionary, from the dataset catalogue.
import { writeFileSync } from "node:fs";
import { dataDictionary } from "../src/exports/dictionary.js";

const target = new URL("../exports/README.md", import.meta.url);
writeFileSync(target, dataDictionary());
console.log(`wrote ${target.pathname}`);
