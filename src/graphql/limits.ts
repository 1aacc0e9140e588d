/**
 * The limits of the public API: what a single request may ask for. Every limit is checked
 * before any resolver runs (so a rejected request costs the database nothing) and every
 * violation is a `QUERY_TOO_COMPLEX` error, HTTP 400, whose `extensions` say which `limit`
 * was hit, its `maximum` and, when known, the `actual` value.
 *
 * | limit        | checked by                                                     | default |
 * |--------------|----------------------------------------------------------------|---------|
 * | `tokens`     | graphql-js's parser (`maxLexicalTokens`), before anything else | 2,000   |
 * | `depth`      | GraphQL Armor's max-depth rule (validation)                    | 12      |
 * | `aliases`    | GraphQL Armor's max-aliases rule (validation)                  | 30      |
 * | `directives` | GraphQL Armor's max-directives rule (validation)               | 20      |
 * | `cost`       | graphql-query-complexity, with the request's variables         | 10,000  |
 * | `introspection` | fields of the introspection answer, counted on the schema (introspection-size.ts) | 20,000 |
 *
 * GraphQL Armor's Apollo max-tokens plugin is not used: it throws from `parsingDidStart`,
 * which Apollo answers with a 500 (graphql-armor issues #571, #751). graphql-js has the same
 * limit built into its parser. Armor's cost-limit is not used either: it does not know that
 * `first: 100` means a hundred items.
 *
 * **The cost model** (in the manner of Shopify's and GitHub's public APIs), in points:
 * - a scalar or enum field: 0;
 * - an object field (object, interface or union type): 1 plus its selection;
 * - a list of objects: per item, 1 plus its selection, for `ids.length` items when the field
 *   takes `ids` (`nodes(ids:)`), otherwise for an assumed {@link PLAIN_LIST_SIZE} items
 *   (the small fixed lists: a plan's measures, a measure's departments, a region's children);
 * - a connection (a field with `first`/`last`): 1 plus `first` (or `last`) times its
 *   selection, where `nodes`/`edges` inside it are not multiplied again; a missing or
 *   out-of-range page size counts as the maximum page size (the resolver will refuse it);
 * - introspection (`__schema`, `__type`, `__typename`): 0 — it has its own limit, below.
 * A field can override this with type-graphql's `complexity` field option (see SearchResultEdge).
 * For example `{ measures(first: 10) { nodes { code departments { name } } } }` costs
 * 1 + 10 × (1 + 10 × 1) = 111 points.
 *
 * **Introspection** touches no database, but it is not free: `__schema { types { fields { type
 * { … } } } }` under 30 aliases, or `fields { type { fields { … } } }` recursion, turns a 1 KB
 * request into megabytes of response and a second of CPU. Its answer is a function of the
 * schema in memory, so instead of being priced by a model it is counted exactly — the fields
 * it would return — before execution, and refused above `maxIntrospectionFields`. The default
 * is about twice what the fullest standard introspection query (graphql-js
 * `getIntrospectionQuery`, GraphiQL, code generators) returns for this schema (≈ 9,700 fields,
 * ≈ 190 KB): room for the schema to grow, and no more than ≈ 400 KB per request.
 * Depth does not apply to introspection (the standard query's `ofType` chain is deeper than
 * data queries need); the count bounds it instead.
 */
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import {
  getNamedType,
  getNullableType,
  BREAK,
  GraphQLError,
  isIntrospectionType,
  isLeafType,
  isListType,
  visit,
  type DocumentNode,
  type GraphQLFormattedError,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { fullIntrospectionFieldCount, introspectionFieldCount } from "./introspection-size.js";
import { MAX_PAGE_SIZE } from "./pagination.js";

export const LIMIT_ERROR_CODE = "QUERY_TOO_COMPLEX";

/** Nesting of introspection lists that graphql-js's MaxIntrospectionDepthRule allows (fixed in graphql-js). */
const INTROSPECTION_LIST_DEPTH = 3;

/** What a list without `first`/`last` or `ids` is assumed to hold, in the cost model. */
export const PLAIN_LIST_SIZE = 10;

export type LimitName = "tokens" | "depth" | "aliases" | "directives" | "cost" | "introspection" | "introspectionDepth";

export interface Limits {
  /** Lexical tokens in the document (`MAX_QUERY_TOKENS`). */
  maxTokens: number;
  /** Nesting of fields in an operation; fragments do not add levels (`MAX_QUERY_DEPTH`). */
  maxDepth: number;
  /** Aliased fields in an operation (`MAX_ALIASES`). */
  maxAliases: number;
  /** Directives (`@include`, `@skip`) in an operation (`MAX_DIRECTIVES`). */
  maxDirectives: number;
  /** Points of the cost model (`MAX_QUERY_COST`). */
  maxCost: number;
  /** Fields the introspection part of an operation may return (`MAX_INTROSPECTION_FIELDS`; 0 turns introspection off). */
  maxIntrospectionFields: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = { maxTokens: 2_000, maxDepth: 12, maxAliases: 30, maxDirectives: 20, maxCost: 10_000, maxIntrospectionFields: 40_000 };

/** The environment variable behind each limit, with the range it accepts. */
const VARIABLES: Record<keyof Limits, { name: string; min: number; max: number }> = {
  maxTokens: { name: "MAX_QUERY_TOKENS", min: 200, max: 1_000_000 },
  maxDepth: { name: "MAX_QUERY_DEPTH", min: 2, max: 100 },
  maxAliases: { name: "MAX_ALIASES", min: 0, max: 10_000 },
  maxDirectives: { name: "MAX_DIRECTIVES", min: 0, max: 10_000 },
  maxCost: { name: "MAX_QUERY_COST", min: 1, max: 100_000_000 },
  maxIntrospectionFields: { name: "MAX_INTROSPECTION_FIELDS", min: 0, max: 100_000_000 },
};

/** Reads the limits from the environment; an unset variable keeps its default, a bad one is refused. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(VARIABLES) as (keyof Limits)[]) {
    const { name, min, max } = VARIABLES[key];
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
    limits[key] = n;
  }
  return limits;
}

function limitError(limit: LimitName, maximum: number, actual: number | undefined, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: LIMIT_ERROR_CODE, limit, maximum, ...(actual === undefined ? {} : { actual }), ...extra, http: { status: 400 } },
  });
}

/** Loan lists that a bulk export job can deliver whole (src/exports/bulk.ts). */
const BULK_EXPORTABLE = new Set(["guaranteeLoans"]);

/**
 * A query too costly to answer at once that asks for loans is pointed to the asynchronous way
 * to get them all: the message says so, and `extensions.bulkExport` names the mutation.
 */
function bulkExportHint(document: DocumentNode): { text: string; extensions: Record<string, unknown> } {
  let asksForLoans = false;
  visit(document, {
    Field(node) {
      if (!BULK_EXPORTABLE.has(node.name.value)) return undefined;
      asksForLoans = true;
      return BREAK;
    },
  });
  if (!asksForLoans) return { text: "", extensions: {} };
  return {
    text: " To get more loans than a query may ask for, run a bulk export job: the mutation `bulkExportCreate` writes every loan of a `guaranteeLoans` query to files (README, “Bulk export”).",
    extensions: { bulkExport: "bulkExportCreate" },
  };
}

/**
 * GraphQL Armor reports e.g. `Syntax Error: Query depth limit of 12 exceeded, found 13.`:
 * it is not a syntax error, so the prefix goes; the numbers go into `extensions` too.
 */
function armorRejection(limit: LimitName, maximum: number) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const message = error.message.replace(/^Syntax Error: /, "");
    const actual = /found (\d+)/.exec(message)?.[1];
    context?.reportError(limitError(limit, maximum, actual === undefined ? undefined : Number(actual), message));
  };
}

/** The cost model described at the top of this file. */
const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection is answered from the schema in memory; `__typename` is free.
  if (field.name.startsWith("__") || isIntrospectionType(type)) return 0;
  if (isLeafType(getNamedType(field.type))) return 0;
  if (field.args.some((a) => a.name === "first" || a.name === "last")) {
    const requested = (args.first ?? args.last) as unknown;
    const size = typeof requested === "number" && requested >= 1 && requested <= MAX_PAGE_SIZE ? requested : MAX_PAGE_SIZE;
    return 1 + size * childComplexity;
  }
  if (isListType(getNullableType(field.type))) {
    // A connection's `nodes` and `edges` are its page, already multiplied by `first`/`last`.
    if (type.name.endsWith("Connection") && (field.name === "nodes" || field.name === "edges")) return 1 + childComplexity;
    const size = Array.isArray(args.ids) ? args.ids.length : PLAIN_LIST_SIZE;
    return size * (1 + childComplexity);
  }
  return 1 + childComplexity;
};

const ESTIMATORS: ComplexityEstimator[] = [fieldExtensionsEstimator(), costEstimator];

/** graphql-query-complexity stops after this many selections (fragments count at each use). */
const MAX_EVALUATED_NODES = 10_000;

/** Each request's cost, by its context, once computed: the rate limiter charges it (src/auth/rate-limit.ts). */
const requestCosts = new WeakMap<object, number>();

/** The cost of the request whose context this is, once the cost plugin has computed it (before execution). */
export function requestedQueryCostOf(contextValue: object): number | undefined {
  return requestCosts.get(contextValue);
}

function isVariableCoercionError(error: unknown): boolean {
  return error instanceof GraphQLError && error.nodes?.length === 1 && error.nodes[0]!.kind === "VariableDefinition";
}

/**
 * Computes the cost of the operation about to run (with its variables, so `first: $n` is
 * priced), refuses it above the maximum, and reports it in `extensions.cost` — merged with
 * what other plugins put there (`sqlStatements`).
 */
/**
 * What the limits measured for one operation with one set of variables. Both numbers are a
 * function of the schema (fixed for the process), the document, the operation and the variables
 * alone, so they are kept beside the parsed document (Apollo's document store hands back the same
 * `DocumentNode` for the same query text): a repeated request is not walked again. Measuring the
 * cost was ≈ 2 % of the CPU of an uncached list query (issue 11). A failure (a cost error) is
 * never stored, so it is raised again each time.
 */
interface Measured {
  introspectionFields?: number;
  cost?: number;
}
const MEASURED_PER_DOCUMENT = 64;
const measured = new WeakMap<DocumentNode, Map<string, Measured>>();

function measuredFor(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined): Measured {
  let perDocument = measured.get(document);
  if (!perDocument) measured.set(document, (perDocument = new Map()));
  const key = `${operationName ?? ""}\u0000${variables ? JSON.stringify(variables) : ""}`;
  let entry = perDocument.get(key);
  if (!entry) {
    // Bounded: a document sent with ever-new variables keeps only its latest measurements.
    if (perDocument.size >= MEASURED_PER_DOCUMENT) perDocument.delete(perDocument.keys().next().value!);
    // Very long variables are not worth keeping (and are bounded by the body limit anyway).
    entry = {};
    if (key.length <= 4_096) perDocument.set(key, entry);
  }
  return entry;
}

function costLimitPlugin(maxCost: number, maxIntrospectionFields: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let requestedQueryCost: number | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }: GraphQLRequestContextDidResolveOperation<any>) {
          // No such operation: Apollo refuses the request without executing anything.
          if (!operation) return;
          const memo = measuredFor(document, operation.name?.value, request.variables);
          const introspectionFields = (memo.introspectionFields ??= introspectionFieldCount(schema, document, operation, request.variables ?? {}, maxIntrospectionFields));
          if (introspectionFields > maxIntrospectionFields) {
            throw limitError(
              "introspection",
              maxIntrospectionFields,
              undefined,
              `Introspection limit of ${maxIntrospectionFields} fields exceeded: this operation's introspection would return more (the full introspection query returns ${fullIntrospectionFieldCount(schema)}). Ask for the schema once, without aliases or nested \`fields\` of field types.`,
            );
          }
          let cost: number;
          try {
            cost = memo.cost ??= getComplexity({
              schema,
              query: document,
              operationName: operation.name?.value,
              variables: request.variables ?? {},
              estimators: ESTIMATORS,
              maxQueryNodes: MAX_EVALUATED_NODES,
            });
          } catch (error) {
            // Invalid variables: execution refuses them (BAD_USER_INPUT) before any resolver runs.
            if (isVariableCoercionError(error)) return;
            const hint = bulkExportHint(document);
            throw limitError("cost", maxCost, undefined, `Query cost limit of ${maxCost} exceeded: the query expands to more than ${MAX_EVALUATED_NODES} fields (fragments counted at each use).${hint.text}`, hint.extensions);
          }
          requestedQueryCost = cost;
          if (contextValue && typeof contextValue === "object") requestCosts.set(contextValue, cost);
          if (cost > maxCost) {
            const hint = bulkExportHint(document);
            throw limitError("cost", maxCost, cost, `Query cost limit of ${maxCost} exceeded, found ${cost}. Ask for fewer items with \`first\`/\`last\`, select fewer nested lists, or split the query.${hint.text}`, hint.extensions);
          }
        },
        async willSendResponse({ response }) {
          if (requestedQueryCost === undefined || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const previous = (result.extensions?.cost ?? {}) as Record<string, unknown>;
          result.extensions = { ...result.extensions, cost: { ...previous, requestedQueryCost, maximumAvailable: maxCost } };
        },
      };
    },
  };
}

export interface QueryLimits {
  limits: Limits;
  /** Apollo's `parseOptions`: the token limit. */
  parseOptions: ParseOptions;
  /** Apollo's `validationRules`: depth, aliases, directives. */
  validationRules: ValidationRule[];
  /** Apollo plugins: the cost and introspection limits, and the cost report. */
  plugins: ApolloServerPlugin<any>[];
  /**
   * For Apollo's `formatError`: a limit violation as clients see it (`QUERY_TOO_COMPLEX`),
   * or undefined if the error is not one. Apollo files validation-rule errors under
   * `GRAPHQL_VALIDATION_FAILED` and the parser's token limit under `GRAPHQL_PARSE_FAILED`.
   */
  formatLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined;
}

export function queryLimits(limits: Limits = limitsFromEnv()): QueryLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, propagateOnRejection: false, onReject: [armorRejection("depth", limits.maxDepth)] },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [armorRejection("aliases", limits.maxAliases)] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [armorRejection("directives", limits.maxDirectives)] },
    // Replaced by graphql-js's own token limit and by the cost plugin (see the top of this file).
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // The schema is public and introspectable: "Did you mean …?" hides nothing and helps.
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules } = armor.protect();

  return {
    limits,
    parseOptions: { maxLexicalTokens: limits.maxTokens },
    validationRules,
    plugins: [costLimitPlugin(limits.maxCost, limits.maxIntrospectionFields)],
    formatLimitError(formatted, error) {
      const original = (error as { originalError?: unknown } | null)?.originalError;
      if (original instanceof GraphQLError && original.extensions.code === LIMIT_ERROR_CODE) {
        return { ...formatted, extensions: { ...formatted.extensions, code: LIMIT_ERROR_CODE } };
      }
      // graphql-js's own MaxIntrospectionDepthRule (part of its specified rules) refuses the
      // `fields { type { fields … } } }` recursion before our count sees it: the same kind of limit.
      if (formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED" && formatted.message === "Maximum introspection depth exceeded") {
        return {
          ...formatted,
          message: `Introspection depth limit of ${INTROSPECTION_LIST_DEPTH} exceeded: \`fields\`, \`inputFields\`, \`interfaces\` and \`possibleTypes\` may be nested at most ${INTROSPECTION_LIST_DEPTH} deep.`,
          extensions: { code: LIMIT_ERROR_CODE, limit: "introspectionDepth", maximum: INTROSPECTION_LIST_DEPTH },
        };
      }
      if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && /Document contains more th(?:an|at) \d+ tokens/.test(formatted.message)) {
        const { locations: _where, ...rest } = formatted;
        return {
          ...rest,
          message: `Token limit of ${limits.maxTokens} exceeded: the document has more than ${limits.maxTokens} lexical tokens.`,
          extensions: { code: LIMIT_ERROR_CODE, limit: "tokens", maximum: limits.maxTokens },
        };
      }
      return undefined;
    },
  };
}
