// Every GraphQL example in the README is a valid operation of the schema the code builds: a
// renamed field or argument breaks this test, not a newcomer's first query.
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { buildAppSchema } from "../src/graphql/schema.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The ```graphql blocks, and the "query" strings of the curl examples (JSON-escaped in the shell line). */
function examples(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const m of README.matchAll(/```graphql\n([\s\S]*?)```/g)) out.push({ where: `graphql block at offset ${m.index}`, text: m[1]! });
  for (const m of README.matchAll(/"query":\s*\n?\s*"((?:[^"\\]|\\.)*)"/g)) {
    const text = JSON.parse(`"${m[1]!}"`) as string;
    out.push({ where: `curl query at offset ${m.index}`, text });
  }
  return out;
}

describe("the README's GraphQL examples", () => {
  it("are valid operations of the schema", async () => {
    const schema = await buildAppSchema();
    const found = examples();
    expect(found.length).toBeGreaterThanOrEqual(10);
    const broken = found.flatMap(({ where, text }) => {
      try {
        const errors = validate(schema, parse(text));
        return errors.length ? [`${where}: ${errors.map((e) => e.message).join("; ")}\n${text}`] : [];
      } catch (err) {
        return [`${where}: ${(err as Error).message}\n${text}`];
      }
    });
    expect(broken).toEqual([]);
  });
});
