/**
 * Shrinks a failing fuzz request to a small one that fails the same way: drops body quirks,
 * other root fields, selections, directives, aliases and arguments, inlines variables and
 * cuts long values, keeping each change only while the failure (same field, same error
 * shape) persists. Greedy and bounded: a reproducer a person can read, within a few dozen
 * requests.
 */
import type { Arg, FieldSel, FuzzRequest, Sel } from "./fuzz-generate.js";
import { DeepValue } from "./fuzz-values.js";

type Edit = (request: FuzzRequest) => FuzzRequest | undefined;

/** Rebuilds a selection tree, visiting nodes in pre-order; `visit` may replace or drop (null) a node. */
function mapTree(selections: Sel[], visit: (sel: Sel) => Sel | null): Sel[] {
  const out: Sel[] = [];
  for (const sel of selections) {
    const next = visit(sel);
    if (next === null) continue;
    out.push({ ...next, selections: mapTree(next.selections, visit) } as Sel);
  }
  return out;
}

function countNodes(selections: Sel[]): number {
  return selections.reduce((n, s) => n + 1 + countNodes(s.selections), 0);
}

/** Applies `visit` to the node at pre-order position `target` only. */
function atNode(request: FuzzRequest, target: number, visit: (sel: Sel) => Sel | null): FuzzRequest {
  let i = 0;
  const selections = mapTree(request.selections, (sel) => (i++ === target ? visit(sel) : sel)) as FieldSel[];
  return { ...request, selections };
}

/** Smaller versions of a value: shorter strings, fewer items, fewer keys (one change each). */
export function smallerValues(value: unknown, depth = 0): unknown[] {
  if (typeof value === "string") return value.length > 24 ? [value.slice(0, 24), value.slice(0, 1)] : [];
  if (value instanceof DeepValue) return value.depth > 2 ? [new DeepValue(Math.ceil(value.depth / 2), value.shape, value.key), new DeepValue(Math.ceil(value.depth / 10), value.shape, value.key)] : [];
  if (depth > 3) return [];
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    if (value.length > 1) out.push([value[0]], value.slice(0, Math.ceil(value.length / 2)));
    value.slice(0, 3).forEach((item, i) => smallerValues(item, depth + 1).slice(0, 2).forEach((s) => out.push(value.map((v, j) => (j === i ? s : v)))));
    return out;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    const out: unknown[] = [];
    if (entries.length > 1) entries.forEach((_, i) => out.push(Object.fromEntries(entries.filter((__, j) => j !== i))));
    entries.forEach(([k, v]) => smallerValues(v, depth + 1).slice(0, 2).forEach((s) => out.push(Object.fromEntries(entries.map(([k2, v2]) => [k2, k2 === k ? s : v2])))));
    return out;
  }
  return [];
}

/** Every single-step simplification of the request, biggest first. */
function edits(request: FuzzRequest): Edit[] {
  const out: Edit[] = [];
  if (request.quirks.length) out.push((r) => ({ ...r, quirks: [] }));
  if (request.method === "GET") out.push((r) => ({ ...r, method: "POST", preflight: true }));
  if (request.cached) out.push((r) => ({ ...r, cached: false }));
  if (request.decoy || request.operationName) out.push(({ operationName: _drop, ...r }) => ({ ...r, decoy: false }));
  if (request.selections.length > 1) request.selections.forEach((_, i) => out.push((r) => ({ ...r, selections: [r.selections[i]!] })));
  const nodes = countNodes(request.selections);
  for (let i = 0; i < nodes; i++) out.push((r) => atNode(r, i, () => null));
  for (let i = 0; i < nodes; i++) {
    out.push((r) => atNode(r, i, (sel) => (sel.kind === "field" && (sel.alias || sel.directive) ? { ...sel, alias: undefined, directive: undefined } as FieldSel : sel)));
    out.push((r) => atNode(r, i, (sel) => (sel.kind === "fragment" && sel.named ? { ...sel, named: false } : sel)));
  }
  // Arguments: drop, inline, then smaller values.
  for (let i = 0; i < nodes; i++) {
    const withArg = (fn: (args: Arg[]) => Arg[] | undefined) => (r: FuzzRequest) => {
      let changed = false;
      const next = atNode(r, i, (sel) => {
        if (sel.kind !== "field" || !sel.args.length) return sel;
        const args = fn(sel.args);
        if (!args) return sel;
        changed = true;
        return { ...sel, args };
      });
      return changed ? next : undefined;
    };
    for (let a = 0; a < 6; a++) {
      out.push(withArg((args) => (a < args.length ? args.filter((_, j) => j !== a) : undefined)));
      out.push(withArg((args) => (a < args.length && args[a]!.variable !== undefined ? args.map((x, j) => (j === a ? { name: x.name, value: x.value, type: x.type } : x)) : undefined)));
      for (let k = 0; k < 6; k++) {
        out.push(withArg((args) => {
          const smaller = a < args.length ? smallerValues(args[a]!.value)[k] : undefined;
          return smaller === undefined ? undefined : args.map((x, j) => (j === a ? { ...x, value: smaller } : x));
        }));
      }
    }
  }
  return out;
}

/**
 * The smallest request found that still fails: `fails` sends a candidate and says whether it
 * fails the same way. At most `budget` candidates are sent.
 */
export async function shrink(request: FuzzRequest, fails: (candidate: FuzzRequest) => Promise<boolean>, budget = 120): Promise<{ request: FuzzRequest; tries: number }> {
  let current = request;
  let tries = 0;
  let progress = true;
  while (progress && tries < budget) {
    progress = false;
    for (const edit of edits(current)) {
      if (tries >= budget) break;
      const candidate = edit(current);
      if (!candidate || JSON.stringify(candidate) === JSON.stringify(current)) continue;
      tries++;
      if (await fails(candidate)) {
        current = candidate;
        progress = true;
        break;
      }
    }
  }
  return { request: current, tries };
}
