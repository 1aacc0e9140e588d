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
import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

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

/** Whether the selection below the current field reaches `path` (object fields, by name). */
export function selects(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): boolean {
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
