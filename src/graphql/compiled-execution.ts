/**
 * Compiled execution: graphql-jit turns a query document into JavaScript once, and every later
 * request with that document runs the generated code instead of graphql-js's interpreter (which
 * walks the AST, collects fields and builds a resolve-info object for every field of every row).
 *
 * Apollo Server 5 has no `executor` option; its gateway interface is the documented way to run
 * operations with another executor: `load()` hands Apollo the schema and an executor. Everything
 * before execution (parsing, the document store, validation, limits and cost, the rate limiter)
 * and after it (error formatting, the cost report, cache-control headers, the response cache) is
 * Apollo's pipeline as before; only `execute` changes.
 *
 * What keeps the answers those of graphql-js:
 * - **Only queries**, and only once a document has been run `compileAfter` times (default 2): a
 *   one-off document is not worth compiling (compiling costs more than running it once), and
 *   mutations keep graphql-js's serial execution.
 * - **Fallback**: a document graphql-jit cannot compile is run by graphql-js, and so is a request
 *   whose variables graphql-js refuses (graphql-js's errors are the ones clients get: Apollo turns
 *   them into `BAD_USER_INPUT`, HTTP 400), or graphql-jit does (it refuses a required input field
 *   with a default, `applicant: InstrumentAudience! = INDIVIDUAL`, when it is left out).
 * - **Variables inside literals** (`profile: { regionCode: $r }`, `ids: [$a, "b"]`) are never
 *   compiled: graphql-jit puts null where graphql-js leaves a field out or takes its default when
 *   the variable is not given. A variable as a whole argument (`first: $n`) is the same in both.
 * - **Errors**: a compiled run that ends with any error is not answered; graphql-js runs the
 *   request again from the start and answers it, after the request's context is put back as it
 *   was (`restart`: its statement count, loaders and usage; server.ts). graphql-jit propagates
 *   nulls as graphql-js does, but it reports every error below a nulled field where graphql-js
 *   reports the first one, lists errors in another order, and builds them differently (no
 *   `extensions` object when the thrown error had none, which Apollo's error formatting needs).
 *   Errors are the rare path (a refused argument, an unknown code); an answer without errors is
 *   the same from both. This also covers a promise held in a scalar property read without a
 *   resolver (see plainLeafFields in graphql/schema.ts): its scalar refuses it, and graphql-js,
 *   which waits for it, answers instead.
 * - **Leaf serialization stays on** (`disableLeafSerialization: false`): `Decimal`, `Date` and
 *   the other scalars check and format every value, as with graphql-js.
 * - **Plugins' field hooks** (Apollo's `willResolveField`, used by the cache-control plugin) wrap
 *   the schema's resolvers themselves (Apollo's schemaInstrumentation), so they run under the
 *   compiled code as well: graphql-jit calls the same resolver functions, with a resolve info
 *   that has the fields they read (`returnType`, `parentType`, `fieldName`, `path`). (With the
 *   response cache on, that wrapper gives every field a resolver, so compiled code reads no
 *   property inline: it saves less than with the cache off.)
 * graphql-jit's documented difference — a property read without a resolver is not awaited when
 * it holds a promise — is covered above for scalars; object fields keep their resolvers.
 *
 * Compiled documents are kept in a bounded LRU, keyed by the query's hash and operation name, by
 * entries and by approximate heap bytes (generated code and the document it keeps, estimated
 * from the length of the query as the document store does: graphql/caches.ts).
 *
 * Settings (environment, read when the server is built): `GRAPHQL_JIT=off` runs every request
 * with graphql-js; `GRAPHQL_JIT_COMPILE_AFTER` (runs before compiling, default 2),
 * `GRAPHQL_JIT_MAX_ENTRIES` (default 1,000), `GRAPHQL_JIT_MAX_BYTES` (default 16 MiB).
 */
import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { BREAK, execute, getVariableValues, visit, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";

type Gateway = ApolloServerOptionsWithGateway<never>["gateway"];
type Executor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;
type ExecutionRequest = Parameters<Executor>[0];

export interface CompiledExecutionSettings {
  /** Runs of a document before it is compiled (1: at its first run). */
  compileAfter: number;
  /** Documents kept (compiled, or counted towards compiling), least recently used out first. */
  maxEntries: number;
  /** Approximate heap bytes of the compiled documents kept. */
  maxBytes: number;
}

export const DEFAULT_COMPILED_EXECUTION: Readonly<CompiledExecutionSettings> = { compileAfter: 2, maxEntries: 1_000, maxBytes: 16 * 1024 * 1024 };

/**
 * Heap bytes per character of query, compiled: the generated functions (source and bytecode), the
 * closures and resolve-info factories per field, and the document itself. Measured with
 * graphql-jit 0.8 on this schema: the standard introspection query (1,927 characters) ≈ 200 KiB
 * before its first run; the generated code's bytecode comes on top once it runs.
 */
export const COMPILED_BYTES_PER_CHAR = 300;
/** A document counted but not compiled: its key and bookkeeping. */
const ENTRY_BYTES = 300;

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  return n;
}

/** The settings from the environment, or false (`GRAPHQL_JIT=off`). */
export function compiledExecutionFromEnv(env: NodeJS.ProcessEnv = process.env): CompiledExecutionSettings | false {
  const switchedOn = env.GRAPHQL_JIT ?? "on";
  if (switchedOn === "off") return false;
  if (switchedOn !== "on") throw new Error(`GRAPHQL_JIT must be on or off; got ${JSON.stringify(switchedOn)}`);
  return {
    compileAfter: intFrom(env, "GRAPHQL_JIT_COMPILE_AFTER", DEFAULT_COMPILED_EXECUTION.compileAfter, 1, 1_000_000),
    maxEntries: intFrom(env, "GRAPHQL_JIT_MAX_ENTRIES", DEFAULT_COMPILED_EXECUTION.maxEntries, 1, 10_000_000),
    maxBytes: intFrom(env, "GRAPHQL_JIT_MAX_BYTES", DEFAULT_COMPILED_EXECUTION.maxBytes, 1024, 16 * 1024 ** 3),
  };
}

export interface CompiledExecutionStats {
  /** Documents compiled (still kept or not). */
  compiled: number;
  /** Documents not compiled, run by graphql-js: graphql-jit could not compile them, or they hold variables inside literals. */
  notCompilable: number;
  /** Requests run by compiled code. */
  compiledRuns: number;
  /** Requests answered by graphql-js: not yet compiled, not compilable, a mutation, refused variables, or retried. */
  interpretedRuns: number;
  /** Compiled runs that ended with errors, answered by graphql-js instead. */
  retried: number;
  /** Compiled documents kept now, and their approximate heap bytes. */
  entries: number;
  bytes: number;
}

interface Entry {
  runs: number;
  /** Approximate heap bytes (see COMPILED_BYTES_PER_CHAR). */
  bytes: number;
  /** The compiled query once there is one; null when graphql-jit could not compile the document. */
  compiled?: CompiledQuery | null;
}

/** Whether a variable stands inside an object or list literal anywhere in the document. */
function variablesInsideLiterals(document: DocumentNode): boolean {
  let literals = 0;
  let found = false;
  const enter = () => {
    literals += 1;
  };
  const leave = () => {
    literals -= 1;
  };
  visit(document, {
    ObjectValue: { enter, leave },
    ListValue: { enter, leave },
    Variable() {
      if (literals > 0) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function compileOrNull(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  try {
    const compiled = compileQuery(schema, document, operationName, { disableLeafSerialization: false });
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    // graphql-jit reports what it cannot compile as errors; anything it throws means the same.
    return null;
  }
}

/** A gateway (in Apollo's sense) that serves one in-process schema and executes with compiled queries. */
export class CompiledExecution implements Gateway {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  private readonly counters = { compiled: 0, notCompilable: 0, compiledRuns: 0, interpretedRuns: 0, retried: 0 };
  private listener: Parameters<Gateway["onSchemaLoadOrUpdate"]>[0] | null = null;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly settings: CompiledExecutionSettings = DEFAULT_COMPILED_EXECUTION,
    /** Called before a compiled run: returns what puts the context back as it is now, for graphql-js to run the request again. */
    private readonly restart: (context: never) => () => void = () => () => {},
  ) {}

  stats(): CompiledExecutionStats {
    let entries = 0;
    for (const entry of this.entries.values()) if (entry.compiled) entries += 1;
    return { ...this.counters, entries, bytes: this.totalBytes };
  }

  onSchemaLoadOrUpdate(callback: Parameters<Gateway["onSchemaLoadOrUpdate"]>[0]): () => void {
    this.listener = callback;
    return () => {
      this.listener = null;
    };
  }

  async load(): ReturnType<Gateway["load"]> {
    // Apollo learns the schema from this callback (its SchemaManager), before load() returns.
    // The SDL is for Apollo's schema reporting, which this service does not use: printed if read.
    const schema = this.schema;
    this.listener?.({
      apiSchema: schema,
      get coreSupergraphSdl() {
        return printSchema(schema);
      },
    });
    return { executor: (request) => this.execute(request) };
  }

  async stop(): Promise<void> {
    this.entries.clear();
    this.totalBytes = 0;
  }

  private async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const { document, operation, context } = request;
    const variables = request.request.variables;
    // No operation (an unknown operation name): graphql-js words the error Apollo expects.
    const compiled = operation?.operation === "query" ? this.compiledFor(request) : null;
    if (compiled) {
      // graphql-js decides which variables are valid (and words the refusal).
      const valid = !operation.variableDefinitions?.length || !("errors" in getVariableValues(this.schema, operation.variableDefinitions, variables ?? {}));
      if (valid) {
        const restore = this.restart(context as never);
        const result = await compiled.query(undefined, context, variables);
        if (!result.errors) {
          this.counters.compiledRuns += 1;
          return result;
        }
        // Errors (or variables graphql-jit refused where graphql-js took them): graphql-js answers.
        if ("data" in result) this.counters.retried += 1;
        restore();
      }
    }
    this.counters.interpretedRuns += 1;
    return execute({ schema: this.schema, document, contextValue: context, variableValues: variables, operationName: request.request.operationName });
  }

  /** The compiled query for this request's document and operation, once it has run often enough; null otherwise. */
  private compiledFor(request: ExecutionRequest): CompiledQuery | null {
    const operationName = request.operationName ?? undefined;
    const key = `${request.queryHash}\u0000${operationName ?? ""}`;
    let entry = this.entries.get(key);
    if (entry) {
      // Map order is insertion order: re-inserting keeps the least recently used first.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = { runs: 0, bytes: ENTRY_BYTES + 2 * key.length };
      this.entries.set(key, entry);
      this.totalBytes += entry.bytes;
    }
    entry.runs += 1;
    if (entry.compiled === undefined && entry.runs >= this.settings.compileAfter) {
      const compiled = variablesInsideLiterals(request.document) ? null : compileOrNull(this.schema, request.document, operationName);
      if (compiled) {
        this.counters.compiled += 1;
        entry.compiled = compiled;
        const bytes = Math.max(1, request.document.loc?.end ?? request.source.length) * COMPILED_BYTES_PER_CHAR;
        entry.bytes += bytes;
        this.totalBytes += bytes;
      } else {
        this.counters.notCompilable += 1;
        entry.compiled = null;
      }
    }
    this.evict();
    // Evicted at once (larger than the whole bound): used this time, not kept.
    return entry.compiled ?? null;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.settings.maxEntries && this.totalBytes <= this.settings.maxBytes) break;
      this.entries.delete(key);
      this.totalBytes -= entry.bytes;
    }
  }
}
