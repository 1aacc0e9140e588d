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

/**
 * graphql-scalars' `Date`, except that an argument arrives as its `YYYY-MM-DD` text instead of
 * a JavaScript Date: a Date passed on to SQL is rendered by each driver its own way (postgres.js
 * sends its `toString()`, "Sun Dec 31 2023 …", which PostgreSQL refuses as a date), while the
 * text means the same day on both engines and in every time zone. Validation (a real calendar
 * day) and output are graphql-scalars' own; the printed schema is unchanged.
 */
export const DateScalar = new GraphQLScalarType<Date | string, string>({
  ...DateResolver.toConfig(),
  parseValue: (value) => isoDate(DateResolver.parseValue(value)),
  parseLiteral: (ast, variables) => isoDate(DateResolver.parseLiteral(ast, variables)),
});

function isoDate(date: Date): string {
  // graphql-scalars accepts 0000-01-01; PostgreSQL has no year 0 ("date/time field value out of range").
  if (date.getUTCFullYear() < 1) throw new TypeError("Date cannot represent a day before 0001-01-01.");
  return date.toISOString().slice(0, 10);
}
export const DateTimeScalar = DateTimeResolver;
