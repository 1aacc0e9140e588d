/**
 * Requests derived from the schema: random root fields with random arguments (see
 * fuzz-values.ts), random selections of what each field returns (nested objects and
 * connections, within the depth and cost the API allows, mostly), inline and named fragments
 * on interfaces and unions, aliases, directives, variables or literals, GET or POST, and now and
 * then an oddity of the HTTP body itself. A request is a small tree rather than a string, so
 * that a failing one can be shrunk (fuzz-shrink.ts) and printed again.
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { isConnectionType } from "./fuzz-harvest.js";
import type { Rng } from "./fuzz-random.js";
import { DeepValue, deepValue, type Kind, type Slot, type Values } from "./fuzz-values.js";

export interface Arg {
  name: string;
  value: unknown;
  /** Sent as a variable of this declared type; otherwise printed as a literal. */
  variable?: string;
  /** The argument's GraphQL type, for printing enum literals. */
  type: GraphQLInputType;
}

export interface FieldSel {
  kind: "field";
  name: string;
  alias?: string;
  args: Arg[];
  /** The field returns an object: an empty selection is printed as `{ __typename }`. */
  composite: boolean;
  selections: Sel[];
  directive?: string;
}

export interface FragmentSel {
  kind: "fragment";
  /** `... on Type`; null for a fragment without a type condition. */
  on: string | null;
  /** Printed as a named fragment (`...F1` and `fragment F1 on …`). */
  named: boolean;
  selections: Sel[];
}

export type Sel = FieldSel | FragmentSel;

export type Quirk =
  | "variablesAsString"
  | "variablesArray"
  | "queryMissing"
  | "queryNumber"
  | "wrongOperationName"
  | "operationNameNumber"
  | "persistedQuery"
  | "unknownBodyKey"
  | "missingVariables"
  | "extraVariables"
  | "deepExtensions"
  | "deepVariable";

export interface FuzzRequest {
  index: number;
  method: "GET" | "POST";
  /** GET: send `apollo-require-preflight` (Apollo's CSRF prevention refuses a bare GET). */
  preflight: boolean;
  operation: "query" | "mutation" | "subscription";
  operationName?: string;
  /** A second operation in the document (then `operationName` picks one). */
  decoy: boolean;
  selections: FieldSel[];
  quirks: Quirk[];
  /** Sent to the service with the response cache on (set by the runner). */
  cached?: boolean;
}

export interface Rendered {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A JSON value as a GraphQL literal (enum values bare when the argument is an enum). */
export function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const nullable = type ? getNullableType(type) : undefined;
  if (value === null || value === undefined) return "null";
  if (value instanceof DeepValue) return value.literal();
  if (Array.isArray(value)) {
    const item = nullable && isListType(nullable) ? nullable.ofType : undefined;
    return `[${value.map((v) => literal(v, item)).join(", ")}]`;
  }
  if (typeof value === "object") {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    const entries = Object.keys(value).map((k) => `${NAME.test(k) ? k : JSON.stringify(k)}: ${literal((value as Record<string, unknown>)[k], fields[k]?.type)}`);
    return `{${entries.join(", ")}}`;
  }
  if (typeof value === "string") {
    const named = type ? getNamedType(type) : undefined;
    if (named && isEnumType(named) && NAME.test(value) && !["true", "false", "null"].includes(value)) return value;
    return JSON.stringify(value);
  }
  return String(value);
}

/** The request as GraphQL text and variables. */
export function render(request: FuzzRequest): Rendered {
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const fragments: string[] = [];
  let counter = 0;

  const printSelections = (selections: Sel[]): string => {
    if (!selections.length) return "__typename";
    return selections
      .map((sel) => {
        if (sel.kind === "fragment") {
          const body = printSelections(sel.selections);
          if (sel.named && sel.on) {
            const name = `F${fragments.length + 1}`;
            fragments.push(`fragment ${name} on ${sel.on} { ${body} }`);
            return `...${name}`;
          }
          return `... ${sel.on ? `on ${sel.on} ` : ""}{ ${body} }`;
        }
        const args = sel.args.map((a) => {
          if (a.variable === undefined) return `${a.name}: ${literal(a.value, a.type)}`;
          const name = `v${++counter}`;
          definitions.push(`$${name}: ${a.variable}`);
          variables[name] = a.value;
          return `${a.name}: $${name}`;
        });
        const head = `${sel.alias ? `${sel.alias}: ` : ""}${sel.name}${args.length ? `(${args.join(", ")})` : ""}${sel.directive ? ` ${sel.directive}` : ""}`;
        return sel.composite ? `${head} { ${printSelections(sel.selections)} }` : head;
      })
      .join(" ");
  };

  const body = printSelections(request.selections);
  const name = request.operationName ?? "";
  const head = `${request.operation}${name ? ` ${name}` : ""}${definitions.length ? `(${definitions.join(", ")})` : ""}`;
  const operations = [`${head} { ${body} }`];
  if (request.decoy) operations.push(`query Decoy { __typename }`);
  return { query: [...operations, ...fragments].join("\n"), variables, ...(name ? { operationName: name } : {}) };
}

/** Budget of one request: how deep it may nest and how many points it may cost (roughly). */
interface Budget {
  depth: number;
  /** Product of the list sizes above this point (the cost model multiplies by them). */
  multiplier: number;
  directives: number;
}

const PAGINATION = new Set(["first", "last", "after", "before"]);

export class Generator {
  /** "One hostile argument" mode of the current request: still to place, placed, or not this request. */
  private oneHostile: "pending" | "placed" | "off" = "off";

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly values: Values,
  ) {}

  request(index: number, rng: Rng): FuzzRequest {
    // A third of the requests are valid but for one argument: a hostile value among others would
    // mostly be refused for one of the others first, hiding what the deeper code does with it.
    // The rest mix valid and hostile values at some rate, from none to nearly all.
    const one = rng.chance(0.35);
    const hostility = one ? 0 : rng.weighted([[40, 0], [30, 0.1], [20, 0.4], [10, 0.9]]);
    this.oneHostile = one ? "pending" : "off";
    // Mutations are partners' (anonymous fuzz requests get UNAUTHENTICATED or a refusal first), but
    // their arguments still pass the checks every request gets: they are fuzzed like queries.
    const operation = rng.weighted([[985, "query" as const], [10, "mutation" as const], [5, "subscription" as const]]);
    const query = (operation === "mutation" ? this.schema.getMutationType() : null) ?? this.schema.getQueryType()!;
    const roots = Object.values(query.getFields());
    const count = rng.weighted([[60, 1], [25, 2], [10, 3], [5, rng.between(4, 8)]]);
    const budget: Budget = { depth: rng.weighted([[70, rng.between(2, 4)], [25, rng.between(5, 9)], [5, rng.between(10, 14)]]), multiplier: 1, directives: 0 };
    const selections: FieldSel[] = [];
    const used = new Set<string>();
    for (let i = 0; i < count; i++) {
      const field = rng.chance(0.02) ? this.introspectionField(rng) : rng.pick(roots);
      const sel = this.field(rng, query.name, field, budget, hostility, used, 1);
      selections.push(sel);
    }
    const quirks: Quirk[] = [];
    if (rng.chance(0.03 + hostility * 0.08)) {
      quirks.push(rng.pick<Quirk>(["variablesAsString", "variablesArray", "queryMissing", "queryNumber", "wrongOperationName", "operationNameNumber", "persistedQuery", "unknownBodyKey", "missingVariables", "extraVariables", "deepExtensions", "deepVariable"]));
    }
    const named = rng.chance(0.3);
    return {
      index,
      method: rng.chance(0.25) ? "GET" : "POST",
      preflight: rng.chance(0.97),
      operation,
      ...(named ? { operationName: rng.pick(["Fuzz", "Q", "query_1", "_"]) } : {}),
      decoy: named && rng.chance(0.1),
      selections,
      quirks,
    };
  }

  /** `__type(name:)` or `__schema`: introspection is part of the schema clients see. */
  private introspectionField(rng: Rng): GraphQLField<unknown, unknown> {
    return rng.chance(0.7) ? TypeMetaFieldDef : SchemaMetaFieldDef;
  }

  private field(rng: Rng, owner: string, field: GraphQLField<unknown, unknown>, budget: Budget, hostility: number, used: Set<string>, depth: number): FieldSel {
    const named = getNamedType(field.type);
    const args = this.args(rng, owner, field, hostility, depth);
    const key = field.name;
    const alias = used.has(key) || rng.chance(0.1) ? `a${used.size}_${field.name.replace(/^_+/, "")}` : undefined;
    used.add(alias ?? key);
    const sel: FieldSel = { kind: "field", name: field.name, args, composite: isCompositeType(named), selections: [] };
    if (alias) sel.alias = alias;
    if (budget.directives < 20 && rng.chance(0.015)) {
      budget.directives++;
      sel.directive = rng.weighted([[9, rng.pick(["@include(if: true)", "@skip(if: false)", "@include(if: false)", "@skip(if: true)"])], [1, rng.pick(["@deprecated", '@include(if: "yes")', "@skip"])]]);
    }
    if (isCompositeType(named)) {
      const size = this.listSize(field, args, owner);
      const inner: Budget = { ...budget, multiplier: budget.multiplier * size };
      sel.selections = this.selections(rng, named, inner, hostility, depth + 1);
      budget.directives = inner.directives;
    }
    return sel;
  }

  /** How many items the cost model counts for a field (page size, ids, or ten for a plain list). */
  private listSize(field: GraphQLField<unknown, unknown>, args: Arg[], owner: string): number {
    const page = args.find((a) => a.name === "first" || a.name === "last")?.value;
    if (field.args.some((a) => a.name === "first")) return typeof page === "number" && page >= 1 && page <= 100 ? page : 100;
    if (owner.endsWith("Connection") && (field.name === "nodes" || field.name === "edges")) return 1;
    if (isListType(getNullableType(field.type))) {
      const ids = args.find((a) => a.name === "ids")?.value;
      return Array.isArray(ids) ? Math.max(1, ids.length) : 10;
    }
    return 1;
  }

  private selections(rng: Rng, type: GraphQLCompositeType, budget: Budget, hostility: number, depth: number): Sel[] {
    if (isAbstractType(type)) {
      const out: Sel[] = [];
      const used = new Set<string>();
      if (rng.chance(0.6)) out.push({ kind: "field", name: "__typename", args: [], composite: false, selections: [] });
      if (isInterfaceType(type) && rng.chance(0.6)) out.push(...this.objectFields(rng, type, budget, hostility, depth, used));
      for (const possible of rng.sample(this.schema.getPossibleTypes(type), rng.between(1, 3))) {
        out.push({ kind: "fragment", on: possible.name, named: rng.chance(0.3), selections: this.objectFields(rng, possible, budget, hostility, depth, new Set(used)) });
      }
      return out;
    }
    const used = new Set<string>();
    const fields = this.objectFields(rng, type, budget, hostility, depth, used);
    if (rng.chance(0.08) && fields.length > 1) {
      // Part of the selection behind a fragment on the same type (or one without a type condition).
      const cut = rng.between(1, fields.length - 1);
      return [...fields.slice(0, cut), { kind: "fragment", on: rng.chance(0.8) ? type.name : null, named: rng.chance(0.5), selections: fields.slice(cut) }];
    }
    return fields;
  }

  private objectFields(rng: Rng, type: GraphQLCompositeType, budget: Budget, hostility: number, depth: number, used: Set<string>): Sel[] {
    if (!("getFields" in type)) return [];
    const all = Object.values(type.getFields());
    const leaves = all.filter((f) => isLeafType(getNamedType(f.type)));
    // Deep or costly enough: only leaves from here on (the cost model multiplies nested lists).
    const leavesOnly = depth >= budget.depth || budget.multiplier > 200;
    const candidates = leavesOnly ? leaves : all;
    const chosen = rng.sample(candidates.length ? candidates : all, rng.weighted([[60, rng.between(1, 2)], [30, rng.between(3, 4)], [8, rng.between(5, 6)], [2, all.length]]));
    const out: Sel[] = chosen.map((f) => this.field(rng, type.name, f, budget, hostility, used, depth));
    if (rng.chance(0.05) && chosen.length) {
      // The same field again under an alias, usually with other arguments.
      out.push(this.field(rng, type.name, rng.pick(chosen), budget, hostility, used, depth));
    }
    if (rng.chance(0.15)) out.push({ kind: "field", name: "__typename", args: [], composite: false, selections: [] });
    return out;
  }

  /** Arguments: required ones always (nearly), pagination as a client would mostly use it, others by chance. */
  private args(rng: Rng, owner: string, field: GraphQLField<unknown, unknown>, hostility: number, depth: number): Arg[] {
    const out: Arg[] = [];
    const returns = getNamedType(field.type) as GraphQLNamedType;
    const slotOf = (arg: GraphQLArgument): Slot => ({
      owner: `${owner}.${field.name}`,
      name: arg.name,
      type: arg.type,
      ...(isConnectionType(returns) ? { list: `${owner}.${field.name}` } : { returns: returns.name }),
    });
    const byName = new Map(field.args.map((a) => [a.name, a]));
    if (byName.has("first")) {
      const pattern = rng.weighted([[60, ["first"]], [10, ["last"]], [15, ["first", "after"]], [7, ["last", "before"]], [2 + hostility * 10, rng.sample(["first", "last", "after", "before"], rng.between(0, 4))]]);
      for (const name of pattern) {
        const arg = byName.get(name);
        if (arg) out.push(this.arg(rng, arg, slotOf(arg), hostility));
      }
    }
    for (const arg of field.args) {
      if (PAGINATION.has(arg.name)) continue;
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (required ? !rng.chance(hostility * 0.03) : rng.chance(0.45)) out.push(this.arg(rng, arg, slotOf(arg), hostility));
    }
    if (depth === 1 && rng.chance(hostility * 0.05)) out.push({ name: rng.pick(["limit", "where", "__proto__", "code"]), value: "x", type: this.schema.getType("String") as GraphQLInputType });
    return out;
  }

  private arg(rng: Rng, arg: GraphQLArgument, slot: Slot, requestHostility: number): Arg {
    let hostility = requestHostility;
    // Opaque arguments (cursors, ids) are where forged values get furthest: they go first.
    if (this.oneHostile === "pending" && rng.chance(/^(after|before|id|ids)$/.test(arg.name) ? 0.7 : 0.3)) {
      this.oneHostile = "placed";
      hostility = 1;
    }
    const value = this.input(rng, arg.type, slot, hostility, 0);
    const asVariable = rng.chance(0.4) || (typeof value === "object" && value !== null && rng.chance(0.5));
    if (!asVariable) return { name: arg.name, value, type: arg.type };
    // Usually the argument's own type; sometimes a looser or wrong declaration.
    const declared = rng.chance(hostility * 0.1) ? rng.pick(["String", "Int", "[String]", "ID!", "Boolean", String(getNullableType(arg.type)), "JSON"]) : String(arg.type);
    return { name: arg.name, value, type: arg.type, variable: declared };
  }

  /** A value of an input type: valid, boundary or hostile per leaf, with odd shapes for lists and input objects. */
  input(rng: Rng, type: GraphQLInputType, slot: Slot, hostility: number, depth: number): unknown {
    if (isNonNullType(type)) return rng.chance(hostility * 0.03) ? null : this.input(rng, type.ofType, slot, hostility, depth);
    if (depth > 0 && rng.chance(0.02)) return null;
    if (isListType(type)) {
      if (rng.chance(hostility * 0.1)) {
        return rng.pick<() => unknown>([
          () => [],
          () => Array.from({ length: rng.pick([101, 150, 500]) }, () => this.input(rng, type.ofType, slot, 0, depth + 1)),
          () => [[this.input(rng, type.ofType, slot, 0, depth + 1)]],
          () => [null],
          () => this.input(rng, type.ofType, slot, hostility, depth + 1),
          () => deepValue(rng),
        ])();
      }
      const item = type.ofType;
      const named = getNamedType(item);
      // A list of enum values: a random subset, sometimes with repeats.
      if (isEnumType(named) && rng.chance(0.8)) {
        const picked = rng.sample(named.getValues().map((v) => v.name), rng.weighted([[10, 0], [50, 1], [30, 2], [8, rng.between(3, 4)], [2, rng.between(5, 8)]]));
        if (rng.chance(0.05) && picked.length) picked.push(picked[0]!);
        return picked;
      }
      return Array.from({ length: rng.weighted([[10, 0], [50, 1], [30, rng.between(2, 5)], [10, rng.between(6, 20)]]) }, () => this.input(rng, item, slot, hostility, depth + 1));
    }
    if (isInputObjectType(type)) {
      if (rng.chance(hostility * 0.1)) {
        return rng.pick<() => unknown>([
          () => ({}),
          () => ({ [rng.pick(["unknownField", "where", "limit", "constructor"])]: 1 }),
          () => JSON.parse('{"__proto__": {"regionCode": "150102"}}'),
          () => deepValue(rng),
          () => [this.input(rng, type, slot, 0, depth + 1)],
          () => "x",
        ])();
      }
      const out: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (required || rng.chance(0.5)) {
          out[field.name] = this.input(rng, field.type, { owner: type.name, name: field.name, type: field.type }, hostility, depth + 1);
        }
      }
      return out;
    }
    const kind: Kind = rng.next() < hostility * 0.5 ? "hostile" : rng.next() < hostility ? "boundary" : "valid";
    return this.values.leaf(rng, slot, kind);
  }
}
