// Writes the public contract, schema.graphql, from the code. test/schema.test.ts fails when
// the two differ, so every change to the API shows up as a diff of this file in review.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { printAppSchema } from "../src/graphql/schema.js";

const target = new URL("../schema.graphql", import.meta.url);
writeFileSync(target, (await printAppSchema()) + "\n");
console.log(`wrote ${target.pathname}`);
