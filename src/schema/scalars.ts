import { GraphQLScalarType, Kind } from "graphql";
import { DateResolver, DateTimeResolver } from "graphql-scalars";

const DECIMAL = /^-?\d{1,20}(\.\d{1,6})?$/;

/**
 * Exact decimal numbers travel as strings: a JSON float cannot hold 5000000000.00 CNY and
 * 0.1 + 0.2 safely, and banks reconcile to the fen.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description: "An exact decimal number as a string, e.g. `\"5000.00\"`. Money (in CNY) and target values use it; it is never a float.",
  serialize(value) {
    const text = typeof value === "number" ? String(value) : value;
    if (typeof text !== "string" || !DECIMAL.test(text)) throw new TypeError(`Decimal cannot represent ${String(value)}`);
    return text;
  },
  parseValue(value) {
    if (typeof value !== "string" || !DECIMAL.test(value)) throw new TypeError("Decimal must be a string such as \"5000.00\"");
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !DECIMAL.test(ast.value)) throw new TypeError("Decimal must be a string such as \"5000.00\"");
    return ast.value;
  },
});

export const DateScalar = DateResolver;
export const DateTimeScalar = DateTimeResolver;
