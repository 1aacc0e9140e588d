/**
 * Bad input refused in one place, before any resolver runs: every string a client sends as an
 * argument (inline in the document or through a variable, at any depth of input objects and
 * lists) is checked for forbidden characters (see characters.ts), nothing a client sends may
 * nest deeper than {@link MAX_INPUT_DEPTH} levels, and operation types the schema does not
 * have (`subscription`) fail validation. Resolvers keep the checks that need
 * meaning (formats, ranges, whether a region exists); this module keeps the ones that hold for
 * every argument of every field, so a new field cannot forget them.
 *
 * | bad input                                    | answer                                   |
 * |----------------------------------------------|------------------------------------------|
 * | a forbidden character in any string argument | `BAD_USER_INPUT`, HTTP 400, no execution |
 * | body, `variables` or `extensions` too deep   | `BAD_REQUEST`, HTTP 400, nothing parsed further |
 * | a document too deeply nested to parse        | `GRAPHQL_PARSE_FAILED`, HTTP 400          |
 * | `subscription { … }`                         | `GRAPHQL_VALIDATION_FAILED`, HTTP 400     |
 *
 * Why depth matters: V8's JSON.stringify recurses (it overflows the stack at a few thousand
 * levels), and Apollo's response-cache key and graphql-js's variable coercion walk variables
 * recursively; a 10,000-level array in `variables` used to be a 500. JSON.parse itself is
 * iterative, and bodies are size-limited, so refusing by depth right after parsing is enough.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import { GraphQLError, visit, BREAK, Kind, type ASTNode, type DocumentNode, type GraphQLFormattedError, type StringValueNode, type ValidationContext, type ASTVisitor } from "graphql";
import { forbiddenCharacter } from "./characters.js";

/**
 * The deepest nesting of arrays and objects accepted in a request body, `variables` or
 * `extensions`. The deepest argument of this API is three levels (`variables` → `filterBy` →
 * `recognizedYear` → `min`); 32 leaves room for any client's envelope and none for an attack.
 */
export const MAX_INPUT_DEPTH = 32;

interface Finding {
  /** Where, e.g. `$filter.text` or `variables.v[0][0]`. */
  path: string;
  kind: "depth" | "character";
  character?: string;
}

/**
 * Walks a parsed JSON value without recursion (the value may be 100,000 levels deep) and
 * reports the first string with a forbidden character (when `checkText`) or the first
 * container deeper than {@link MAX_INPUT_DEPTH}.
 */
function inspectJson(value: unknown, path: string, checkText: boolean, depth = 0): Finding | null {
  const stack: [unknown, string, number][] = [[value, path, depth]];
  while (stack.length > 0) {
    const [v, p, d] = stack.pop()!;
    if (typeof v === "string") {
      const character = checkText ? forbiddenCharacter(v) : null;
      if (character) return { path: p, kind: "character", character };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (d >= MAX_INPUT_DEPTH) return { path: p, kind: "depth" };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`, d + 1]);
    } else {
      for (const key of Object.keys(v).reverse()) stack.push([(v as Record<string, unknown>)[key], `${p}.${key}`, d + 1]);
    }
  }
  return null;
}

const shortPath = (path: string) => (path.length > 60 ? `${path.slice(0, 60)}…` : path);

function tooDeep(where: string, finding: Finding): GraphQLError {
  return new GraphQLError(
    `${where} nests deeper than ${MAX_INPUT_DEPTH} levels (at ${shortPath(finding.path)}); no argument of this API needs more than a few levels.`,
    { extensions: { code: "BAD_REQUEST", maximumDepth: MAX_INPUT_DEPTH, http: { status: 400 } } },
  );
}

function forbidden(what: string, character: string, extensions: Record<string, unknown>, nodes?: ASTNode): GraphQLError {
  return new GraphQLError(
    `${what} holds the character ${character}: control characters (other than tab, line feed and carriage return) and unpaired surrogates are not accepted in any argument.`,
    { nodes, extensions: { code: "BAD_USER_INPUT", ...extensions, http: { status: 400 } } },
  );
}

/** Checks `variables` (characters and depth) and `extensions` (depth) of one request. */
function checkRequestValues(variables: Record<string, unknown> | undefined, extensions: Record<string, unknown> | undefined): GraphQLError | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const finding = inspectJson(value, `$${name}`, true, 1);
    if (finding?.kind === "depth") return tooDeep("`variables`", finding);
    if (finding) return forbidden(`Variable "$${name}"${finding.path === `$${name}` ? "" : ` (at ${shortPath(finding.path)})`}`, finding.character!, { variableName: name });
  }
  const finding = inspectJson(extensions ?? {}, "extensions", false);
  return finding ? tooDeep("`extensions`", finding) : null;
}

/** The argument a string literal belongs to, e.g. `filterBy.text`, or `$t` for a variable's default value. */
function argumentPath(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  const names: string[] = [];
  for (const a of ancestors) {
    if (Array.isArray(a)) continue;
    const node = a as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) names.push(node.name.value);
    else if (node.kind === Kind.VARIABLE_DEFINITION) names.push(`$${node.variable.name.value}`);
  }
  return names.join(".");
}

/** The first string literal of a document holding a forbidden character, as an error. */
function findInDocument(document: DocumentNode): GraphQLError | null {
  let error: GraphQLError | null = null;
  visit(document, {
    StringValue(node: StringValueNode, _key, parent, _path, ancestors) {
      const character = forbiddenCharacter(node.value);
      if (!character) return undefined;
      // `ancestors` stops above the direct parent (an Argument or ObjectField, usually).
      const argumentName = argumentPath(parent ? [...ancestors, parent] : ancestors);
      error = forbidden(`\`${argumentName || "a string"}\``, character, { argumentName }, node);
      return BREAK;
    },
  });
  return error;
}

/**
 * Parsed documents are reused by Apollo's document store, so each is inspected once. The
 * error is rebuilt per request (an error object is per response).
 */
const documentVerdicts = new WeakMap<DocumentNode, boolean>();

/** The Apollo plugin: refuses bad variables and extensions first, bad literals once the document is known. */
export const badInputPlugin: ApolloServerPlugin<any> = {
  async requestDidStart() {
    return {
      // The first hook whose errors Apollo answers with their own HTTP status (thrown from
      // requestDidStart they become a 500), and still before anything reads the variables:
      // parsing and validation look only at the document. The plugin comes before the cost
      // limit, whose variable coercion recurses, so its refusal is the one reported.
      async didResolveOperation({ request, document }) {
        const error = checkRequestValues(request.variables, request.extensions);
        if (error) throw error;
        if (documentVerdicts.get(document) === true) return;
        const found = findInDocument(document);
        if (found) throw found;
        documentVerdicts.set(document, true);
      },
    };
  },
};

/**
 * graphql-js 16 validates `mutation { … }` against a schema without a Mutation type as if it
 * were fine and fails only in execution ("Schema is not configured to execute mutation
 * operation"), which Apollo answered as an internal error. graphql-js 17 has this rule.
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation)) {
        context.reportError(new GraphQLError(`This API has no ${node.operation} operations: it answers queries (\`query { … }\` or \`{ … }\`) and, for partners with an API key, mutations (\`mutation { … }\`, over POST).`, { nodes: node }));
      }
    },
  };
}

/**
 * Fastify `preValidation` hook for the GraphQL route: a POST body (every part of it, not only
 * the parts Apollo reads) may not nest deeper than {@link MAX_INPUT_DEPTH}. GET requests carry
 * `variables` and `extensions` as JSON text, which the Apollo plugin checks once Apollo has
 * parsed them.
 */
export async function refuseDeepBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  // The document first, POST or GET: see documentNesting.
  const text = request.method === "GET" || request.method === "HEAD" ? (request.query as { query?: unknown } | undefined)?.query : (request.body as { query?: unknown } | null | undefined)?.query;
  if (typeof text === "string" && documentNesting(text) > MAX_DOCUMENT_NESTING) {
    await reply.code(400).type("application/json; charset=utf-8").send({ errors: [{ message: DOCUMENT_TOO_DEEP, extensions: { code: "GRAPHQL_PARSE_FAILED" } }] });
    return;
  }
  if (request.body === undefined || request.body === null || typeof request.body !== "object") return;
  const finding = inspectJson(request.body, "body", false);
  if (!finding) return;
  const error = tooDeep("The request body", finding);
  await reply.code(400).type("application/json; charset=utf-8").send({ errors: [{ message: error.message, extensions: { code: "BAD_REQUEST", maximumDepth: MAX_INPUT_DEPTH } }] });
}

const DOCUMENT_TOO_DEEP = "Syntax Error: the document is nested too deeply to parse; no query of this API needs more than a few dozen levels.";

/**
 * How deep a document may nest `[`, `{` and `(` before it is refused unparsed. graphql-js's
 * parser recurses: a document nested thousands of levels deep either overflows the stack or
 * reaches the token limit first, depending on how much stack the process has left at that moment
 * — so the same request got GRAPHQL_PARSE_FAILED or QUERY_TOO_COMPLEX. Counted before parsing, the
 * answer is always the same. 256 is far beyond any query the depth limit (12) lets through.
 */
export const MAX_DOCUMENT_NESTING = 256;

/**
 * How deep `[`, `{` and `(` nest in GraphQL text, outside strings, block strings and comments;
 * stops counting once past `limit`. A linear scan, no allocation.
 */
export function documentNesting(text: string, limit = MAX_DOCUMENT_NESTING): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23) {
      // # … to the end of the line
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === 0x22) {
      if (text.startsWith('"""', i)) {
        i += 3;
        while (i < text.length && !text.startsWith('"""', i)) i += text.startsWith('\\"""', i) ? 4 : 1;
        i += 2;
      } else {
        i++;
        while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      }
    } else if (c === 0x5b || c === 0x7b || c === 0x28) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x5d || c === 0x7d || c === 0x29) {
      depth--;
    }
  }
  return max;
}

/**
 * For Apollo's `formatError`: graphql-js's parser recurses, so a document nested thousands
 * of levels deep (`[[[[…]]]]` in an argument) overflows the stack while parsing; Apollo files it
 * as a parse failure (HTTP 400) with V8's message, which is replaced by one a person can act on.
 */
export function formatBadInputError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && /Maximum call stack size exceeded/.test(formatted.message)) {
    return { message: DOCUMENT_TOO_DEEP, extensions: { code: "GRAPHQL_PARSE_FAILED" } };
  }
  return undefined;
}
