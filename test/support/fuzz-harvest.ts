/**
 * Real values for the fuzz, taken from the running API rather than written down: every list
 * the schema offers at the root is read (a few pages, in every ordering it accepts), and every
 * leaf value, global id and cursor met on the way is kept — `Region.code` → 150102…,
 * `Measure.code` → P1-M1…, cursors by the list that made them. Derived from the schema, so a
 * new root list or field is harvested without touching this file.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

export interface Harvest {
  /** Leaf values by `Type.field` (concrete and declared type), e.g. `Region.code`. */
  values: Map<string, string[]>;
  /** Leaf values by scalar type name: `Date`, `Int`, … */
  byScalar: Map<string, unknown[]>;
  /** Global ids met anywhere. */
  ids: string[];
  /** Cursors by the list that made them, `Owner.field` (e.g. `Query.regions`, `Department.measures`). */
  cursors: Map<string, string[]>;
  /** How many requests the harvest took. */
  requests: number;
}

export type Post = (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: unknown[] }>;

const fieldsOf = (type: GraphQLCompositeType) => (isAbstractType(type) && !isInterfaceType(type) ? [] : Object.values(type.getFields()));
const needsArgs = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** A connection: an object type with `edges { cursor }` and `pageInfo`. */
export function isConnectionType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && "edges" in type.getFields() && "pageInfo" in type.getFields();
}

export function connectionNodeType(type: GraphQLNamedType): GraphQLCompositeType | undefined {
  if (!isObjectType(type)) return undefined;
  const nodes = type.getFields().nodes;
  const named = nodes ? getNamedType(nodes.type) : undefined;
  return named && isCompositeType(named) ? named : undefined;
}

/** Leaves of a type (and, with `depth`, one level of objects and nested connections' cursors). */
function selection(schema: GraphQLSchema, type: GraphQLCompositeType, depth: number): string {
  const parts = ["__typename"];
  for (const field of fieldsOf(type)) {
    if (needsArgs(field)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth > 0 && isConnectionType(named) && field.args.some((a) => a.name === "first")) {
      parts.push(`${field.name}(first: 2) { edges { cursor } pageInfo { startCursor endCursor } }`);
    } else if (depth > 0 && isCompositeType(named) && !isConnectionType(named)) {
      parts.push(`${field.name} { ${selection(schema, named, depth - 1)} }`);
    }
  }
  if (isAbstractType(type)) {
    for (const possible of schema.getPossibleTypes(type)) parts.push(`... on ${possible.name} { ${selection(schema, possible, 0)} }`);
  }
  return parts.join(" ");
}

/** A plausible value for a required argument the harvest must pass (an enum's first value, a search word). */
function requiredValue(type: GraphQLInputType): string | undefined {
  const named = getNamedType(type);
  const item = isEnumType(named) ? named.getValues()[0]!.name : named.name === "String" ? '"贷款"' : named.name === "Int" ? "1" : undefined;
  if (item === undefined) return undefined;
  return isListType(isNonNullType(type) ? type.ofType : type) ? `[${item}]` : item;
}

/** Every combination of an `orderBy` input's enum fields, as GraphQL literals. */
function orderings(arg: GraphQLArgument | undefined): string[] {
  if (!arg) return [];
  const input = getNamedType(arg.type);
  if (!isInputObjectType(input)) return [];
  let combos: string[][] = [[]];
  for (const field of Object.values(input.getFields())) {
    const named = getNamedType(field.type);
    if (!isEnumType(named)) continue;
    combos = combos.flatMap((c) => named.getValues().map((v) => [...c, `${field.name}: ${v.name}`]));
  }
  return combos.map((c) => `{ ${c.join(", ")} }`);
}

class Collector {
  values = new Map<string, Set<string>>();
  byScalar = new Map<string, Set<unknown>>();
  ids = new Set<string>();
  cursors = new Map<string, Set<string>>();

  private add<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    if (set.size < 2_000) set.add(value);
  }

  cursor(list: string, cursor: unknown) {
    if (typeof cursor === "string") this.add(this.cursors, list, cursor);
  }

  /** Walks a response value of `type`, recording what it meets. */
  walk(schema: GraphQLSchema, type: GraphQLCompositeType, value: unknown): void {
    if (Array.isArray(value)) return value.forEach((v) => this.walk(schema, type, v));
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    const concrete = typeof record.__typename === "string" ? schema.getType(record.__typename) : undefined;
    const owners = [type, ...(concrete && concrete !== type && isCompositeType(concrete) ? [concrete] : [])];
    for (const owner of owners) {
      for (const field of fieldsOf(owner)) {
        const v = record[field.name];
        if (v === undefined || v === null) continue;
        const named = getNamedType(field.type);
        if (isLeafType(named)) {
          for (const leaf of Array.isArray(v) ? v : [v]) {
            if (leaf === null) continue;
            if (typeof leaf === "string") this.add(this.values, `${owner.name}.${field.name}`, leaf);
            this.add(this.byScalar, named.name, leaf);
            if (named.name === "ID" && typeof leaf === "string") this.ids.add(leaf);
          }
        } else if (isConnectionType(named)) {
          const conn = v as { edges?: { cursor?: unknown }[]; pageInfo?: { startCursor?: unknown; endCursor?: unknown } };
          const list = `${owner.name}.${field.name}`;
          conn.edges?.forEach((e) => this.cursor(list, e.cursor));
          this.cursor(list, conn.pageInfo?.startCursor);
          this.cursor(list, conn.pageInfo?.endCursor);
          const node = connectionNodeType(named);
          if (node) {
            this.walk(schema, node, (v as { nodes?: unknown }).nodes);
            this.walk(schema, node, conn.edges?.map((e) => (e as { node?: unknown }).node));
          }
        } else if (isCompositeType(named)) {
          this.walk(schema, named, v);
        }
      }
    }
  }

  result(requests: number): Harvest {
    const sorted = <T>(s: Set<T>) => [...s].sort();
    return {
      values: new Map([...this.values].map(([k, s]) => [k, sorted(s)])),
      byScalar: new Map([...this.byScalar].map(([k, s]) => [k, [...s]])),
      ids: sorted(this.ids),
      cursors: new Map([...this.cursors].map(([k, s]) => [k, sorted(s)])),
      requests,
    };
  }
}

/**
 * Reads every root list: connections page by page (forward three pages, backward one) in
 * each ordering, plain lists once. Sorted results keep the generated requests independent of
 * the order responses arrived in.
 */
export async function harvest(schema: GraphQLSchema, post: Post): Promise<Harvest> {
  const collector = new Collector();
  const query = schema.getQueryType()!;
  let requests = 0;
  const read = async (text: string, variables?: Record<string, unknown>) => {
    requests++;
    const res = await post(text, variables);
    if (res.data) collector.walk(schema, query, res.data);
    return res.data as Record<string, any> | null | undefined;
  };

  for (const field of Object.values(query.getFields())) {
    const named = getNamedType(field.type);
    if (!isCompositeType(named) || field.name.startsWith("__")) continue;
    const required: string[] = [];
    let possible = true;
    for (const arg of field.args) {
      if (!isNonNullType(arg.type) || arg.defaultValue !== undefined) continue;
      const value = requiredValue(arg.type);
      if (value === undefined) possible = false;
      else required.push(`${arg.name}: ${value}`);
    }
    if (!possible) continue;
    if (isConnectionType(named) && field.args.some((a) => a.name === "first")) {
      const node = connectionNodeType(named)!;
      const body = `{ edges { cursor node { ${selection(schema, node, 1)} } } pageInfo { startCursor endCursor hasNextPage } }`;
      const orders = orderings(field.args.find((a) => a.name === "orderBy"));
      for (const order of orders.length ? orders : [undefined]) {
        const args = [...required, ...(order ? [`orderBy: ${order}`] : [])];
        const pages = order ? 1 : 3;
        let after: string | null = null;
        for (let page = 0; page < pages; page++) {
          const data = await read(`query($after: String) { ${field.name}(${[...args, "first: 100", "after: $after"].join(", ")}) ${body} }`, { after });
          const info = data?.[field.name]?.pageInfo;
          if (!info?.hasNextPage) break;
          after = info.endCursor;
        }
        await read(`{ ${field.name}(${[...args, "last: 5"].join(", ")}) ${body} }`);
      }
    } else if (!field.args.length) {
      // Plain root lists (`plans`, `datasets` …); look-ups by key are fed from what these find.
      await read(`{ ${field.name} { ${selection(schema, named, 2)} } }`);
    }
  }
  return collector.result(requests);
}
