/**
 * Looking ahead at what a query selects below a field, so that a list's own statement can also
 * fetch the to-one relations the query will ask for (PostGraphile's one statement per query,
 * for the common case): the rows it brings are primed into the request's DataLoaders, and the
 * field resolvers — unchanged — find them there instead of running a statement each.
 *
 * Conservative by design: a field under `@skip`/`@include` or inside a fragment on another type
 * still counts as selected. Fetching a relation nobody reads costs a join; missing one costs
 * only the statement the loader would have run anyway. Either way the answer is the same.
 */
import { getNamedType, isObjectType, Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from "graphql";

function fieldsNamed(sets: SelectionSetNode[], name: string, fragments: Record<string, FragmentDefinitionNode>): SelectionSetNode[] {
  const found: SelectionSetNode[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name && selection.selectionSet) found.push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const fragmentName = selection.name.value;
        const fragment = fragments[fragmentName];
        // Validation has refused cycles; `seen` only keeps a forged document from looping.
        if (fragment && !seen.has(fragmentName)) visit(fragment.selectionSet, new Set(seen).add(fragmentName));
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return found;
}

/**
 * What was looked up for a field's nodes, by the field's nodes: a compiled query (graphql-jit,
 * graphql/compiled-execution.ts) hands every run of a document the same `fieldNodes`, so a list
 * asked the same question request after request walks the selection once (walking it every time
 * was ≈ 2 % of an uncached page of measures' CPU: issue 11). The answers depend on the document
 * alone — directives count as selected, whatever the variables — so they cannot go stale; graphql-js
 * builds fresh arrays per run, which only miss. The fragments are the same document's.
 */
const looked = new WeakMap<readonly FieldNode[], Map<string, unknown>>();

function remembered<T>(fieldNodes: readonly FieldNode[], key: string, compute: () => T): T {
  let answers = looked.get(fieldNodes);
  if (!answers) looked.set(fieldNodes, (answers = new Map()));
  if (answers.has(key)) return answers.get(key) as T;
  const answer = compute();
  answers.set(key, answer);
  return answer;
}

/** Whether the selection below the current field reaches `path` (object fields, by name). */
export function selects(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): boolean {
  return remembered(info.fieldNodes, `selects ${path.join(".")}`, () => reaches(info, path));
}

function reaches(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): boolean {
  let sets = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const name of path) {
    sets = fieldsNamed(sets, name, info.fragments);
    if (sets.length === 0) return false;
  }
  return true;
}

/** Whether a connection field's items (`nodes { … }` or `edges { node { … } }`) select `path`. */
export function nodesSelect(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): boolean {
  return selects(info, ["nodes", ...path]) || selects(info, ["edges", "node", ...path]);
}

/**
 * The fields of each object type that read a property of the row as it is (no resolver of their
 * own), recorded when the schema is built — before Apollo wraps every resolver for its plugins.
 */
const plainFields = new WeakMap<GraphQLObjectType, ReadonlySet<string>>();

export function recordPlainFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    plainFields.set(type, new Set(Object.values(type.getFields()).filter((f) => !f.resolve).map((f) => f.name)));
  }
}

/** Names of the fields selected directly below `path` (fragments expanded), e.g. a connection's node fields. */
function selectedFieldNames(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[], into: Set<string>): void {
  let sets = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const name of path) sets = fieldsNamed(sets, name, info.fragments);
  const collect = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) into.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && !seen.has(selection.name.value)) collect(fragment.selectionSet, new Set(seen).add(selection.name.value));
      }
    }
  };
  for (const set of sets) collect(set, new Set());
}

/**
 * The columns a connection's query needs for what this request selects of its nodes, or null for
 * the whole row (issue 11: a page of 100 rows decoded and mapped every column, sent two).
 *
 * A node field is served by a column when it has no resolver of its own and names a column
 * (`code`, `name`, `titleEn`), or when `resolvedFrom` says which columns its resolver reads
 * (`region` → `countyCode`); `always` are the columns the list itself reads (the key, the sort
 * keys, what the node's type and id come from). Any other field — a resolver not declared, a field
 * of another type through a fragment — means the whole row: narrowing is an optimisation that
 * must never starve a resolver, so anything it cannot vouch for falls back.
 */
export function nodeColumns<C extends Record<string, unknown>>(
  info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments" | "returnType">,
  columns: C,
  options: { always: readonly (keyof C & string)[]; resolvedFrom?: Partial<Record<string, readonly (keyof C & string)[]>> },
): Partial<C> | null {
  const connection = getNamedType(info.returnType);
  if (!isObjectType(connection)) return null;
  const nodesField = connection.getFields()["nodes"];
  const nodeType = nodesField && getNamedType(nodesField.type);
  if (!nodeType || !isObjectType(nodeType)) return null;
  const plain = plainFields.get(nodeType);
  if (!plain) return null;
  const names = remembered(info.fieldNodes, "node fields", () => {
    const found = new Set<string>();
    selectedFieldNames(info, ["nodes"], found);
    selectedFieldNames(info, ["edges", "node"], found);
    return found as ReadonlySet<string>;
  });
  const picked: Partial<C> = {};
  for (const key of options.always) picked[key] = columns[key];
  for (const name of names) {
    if (name === "__typename") continue;
    const from = options.resolvedFrom?.[name];
    if (from) for (const key of from) picked[key as keyof C] = columns[key];
    else if (plain.has(name) && Object.hasOwn(columns, name)) picked[name as keyof C] = columns[name as keyof C];
    else return null;
  }
  return picked;
}
