// The tests run the service's code in the mode `npm start` runs it in (vitest.config.ts): with
// NODE_ENV=production, as scripts/start.mjs sets it, not Vitest's default `test`. The mode is read
// by graphql-js once, as it loads: in any other, its `instanceof` checks look for a second copy of
// itself on every failure, work the deployed service never does.
import { isScalarType } from "graphql";
import { describe, expect, it } from "vitest";

describe("the tests' runtime mode", () => {
  it("is production, and graphql-js loaded in it", () => {
    expect(process.env.NODE_ENV).toBe("production");
    // An object that only names itself a scalar type: outside production graphql-js takes it for
    // a second copy of GraphQLScalarType and throws ("from another module or realm"); in
    // production it is simply not one.
    const impostor = { [Symbol.toStringTag]: "GraphQLScalarType" };
    expect(isScalarType(impostor)).toBe(false);
  });
});
