import { recordPlainFields } from "./lookahead.js";
import { assertValidSchema, GraphQLScalarType, isAbstractType, isInterfaceType, isObjectType, printSchema, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { DepartmentResolver } from "../resolvers/department.js";
import { BeneficiaryGroupResolver, SupportInstrumentResolver } from "../resolvers/instrument.js";
import { NodeResolver } from "../resolvers/node.js";
import { FundMentionResolver, FundResolver } from "../resolvers/fund.js";
import {
  EligibilityCriterionResolver,
  EligibilityResolver,
  GroupEligibilityResolver,
  InstrumentConflictResolver,
  InstrumentEligibilityFieldsResolver,
  InstrumentEligibilityResolver,
  MinimumWageResolver,
  ResolvedAmountResolver,
} from "../resolvers/eligibility.js";
import { MeasureResolver, PlanResolver, PolicyDocumentResolver, PolicyQueryResolver, PolicySectionResolver } from "../resolvers/policy.js";
import { RegionResolver } from "../resolvers/region.js";
import { TargetResolver } from "../resolvers/target.js";
import { MetricResolver, TargetMetricResolver } from "../resolvers/metric.js";
import { DemonstrationBrandResolver } from "../resolvers/brand.js";
import { IncubatorBaseResolver } from "../resolvers/incubator.js";
import { GuaranteeLoanResolver, LoanResolver } from "../resolvers/loan.js";
import { ViewerResolver } from "../resolvers/partner.js";
import { GuaranteeLoanChangeResolver, LoanReportingResolver, ViewerLoanChangesResolver } from "../resolvers/loan-reporting.js";
import { BulkExportResolver, ViewerBulkExportResolver } from "../resolvers/bulk-export.js";
import { LoanRiskByBankResolver, LoanRiskByLeagueResolver } from "../resolvers/loan-risk.js";
import { IndicatorObservationResolver, IndicatorResolver, TargetProgressResolver, UnitProgressResolver } from "../resolvers/progress.js";
import { SearchResolver } from "../resolvers/search.js";
import {
  EntrepreneurshipEventResolver,
  LibraryProjectResolver,
  MentorResolver,
  MentorTeamResolver,
  ModelEntrepreneurResolver,
  PilotZoneResolver,
  ServicePointResolver,
  TrainingDeliveryResolver,
  TrainingLecturerResolver,
} from "../resolvers/service-system.js";
import { DatasetResolver, ExportRunResolver } from "../resolvers/exports.js";
import { DocumentSection, Measure, Plan } from "../schema/policy.js";

let cached: Promise<GraphQLSchema> | undefined;

/**
 * The public schema. Built once per process: type-graphql's metadata is global anyway. Every
 * server of the process shares it, and what is done to it below is done once, before any server
 * exists: Apollo later wraps its resolvers for its plugins (cache control), and doing it again for
 * a second server (tests start several in one process) would undo that wrapping.
 */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= build();
  return cached;
}

async function build(): Promise<GraphQLSchema> {
  plainLeafFields();
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      PolicyQueryResolver,
      PolicyDocumentResolver,
      PolicySectionResolver,
      PlanResolver,
      MeasureResolver,
      DepartmentResolver,
      RegionResolver,
      TargetResolver,
      MetricResolver,
      TargetMetricResolver,
      SupportInstrumentResolver,
      BeneficiaryGroupResolver,
      FundResolver,
      FundMentionResolver,
      InstrumentEligibilityFieldsResolver,
      EligibilityCriterionResolver,
      GroupEligibilityResolver,
      MinimumWageResolver,
      ResolvedAmountResolver,
      EligibilityResolver,
      InstrumentEligibilityResolver,
      InstrumentConflictResolver,
      IncubatorBaseResolver,
      DemonstrationBrandResolver,
      LibraryProjectResolver,
      MentorTeamResolver,
      MentorResolver,
      TrainingLecturerResolver,
      TrainingDeliveryResolver,
      ModelEntrepreneurResolver,
      EntrepreneurshipEventResolver,
      ServicePointResolver,
      PilotZoneResolver,
      LoanResolver,
      GuaranteeLoanResolver,
      ViewerResolver,
      LoanReportingResolver,
      GuaranteeLoanChangeResolver,
      ViewerLoanChangesResolver,
      BulkExportResolver,
      ViewerBulkExportResolver,
      LoanRiskByBankResolver,
      LoanRiskByLeagueResolver,
      TargetProgressResolver,
      UnitProgressResolver,
      IndicatorResolver,
      IndicatorObservationResolver,
      SearchResolver,
      DatasetResolver,
      ExportRunResolver,
    ],
    // Types reachable only through interfaces must be named, or they would not be emitted.
    orphanedTypes: [DocumentSection, Plan, Measure],
    // Arguments are checked by hand (pagination, key formats) with typed errors.
    validate: false,
    emitSchemaFile: false,
    // type-graphql checks a new schema by running the whole introspection query over it
    // (0.1–0.25 s of every start). The check that matters is graphql-js's own validation,
    // run just below so that a broken schema still fails at start, not at the first request.
    skipCheck: true,
  });
  synchronousTypeResolution(schema);
  directFieldResolvers(schema);
  assertValidSchema(schema);
  // Which fields read the row as it is: list queries select only the columns a request needs (lookahead.ts).
  recordPlainFields(schema);
  // type-graphql has no decorator for the root type itself; its description is set here.
  schema.getQueryType()!.description = "The entry points of the 创业内蒙古 Open Data API: the programme's policy text, targets and their progress, support instruments, departments, regions, incubator bases, brands, the service system (project library, mentor teams, lecturers, training, model entrepreneurs, events, service points, pilot zones), guarantee-loan statistics, search, and the open-data catalogue.";
  // Mutations are partners' only (the API is otherwise read-only): each names the scope it needs.
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = "Writes, for partners only (an API key): each mutation says which scope it needs, e.g. `loans:write` to report, correct and delete a bank's own loans.";
  return schema;
}

/**
 * A scalar or enum field that only reads a property of its object gets no resolver of its own
 * (type-graphql's `simple` fields): graphql-js reads the property itself, compiled queries read it
 * inline (graphql/compiled-execution.ts), and list queries know which columns it needs
 * (lookahead.ts: it looks for fields without a resolver). type-graphql otherwise gives every field
 * a resolver that does the same read through its middleware machinery (this schema has no
 * middlewares, guards or renamed fields).
 *
 * Only leaves: a compiled query does not wait for a promise held in a property read without a
 * resolver (graphql-jit's one documented difference from graphql-js). A leaf whose value may be a
 * promise says `simple: false` (the connections' `totalCount`, counted only when read); a promise
 * in any other leaf fails loudly (its scalar refuses to serialize it), and object fields keep
 * their resolvers, so such a value is never silently lost.
 */
function plainLeafFields(): void {
  const storage = getMetadataStorage();
  const enums = new Set<unknown>(storage.enums.map((e) => e.enumObj));
  const leaf = (type: unknown) => type instanceof GraphQLScalarType || type === String || type === Number || type === Boolean || type === Date || enums.has(type);
  for (const field of storage.fields) if (field.simple === undefined && leaf(field.getType())) field.simple = true;
}

/**
 * type-graphql wraps a type's own `resolveType` (Node, PolicySection, SearchResultItem: each
 * reads the `__typename` a service stamps) in an async function, so every object of an
 * interface or union type found its type through a promise. graphql-js waits for it; compiled
 * queries (graphql/compiled-execution.ts, graphql-jit) take only a synchronous answer. The same
 * functions are called here directly, with type-graphql's mapping of a returned class to its name.
 */
function synchronousTypeResolution(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const names = new Map<unknown, string>(storage.objectTypes.map((t) => [t.target, t.name]));
  const own = new Map<string, (...args: Parameters<GraphQLTypeResolver<unknown, unknown>>) => unknown>();
  for (const t of storage.interfaceTypes) if (t.resolveType) own.set(t.name, t.resolveType as never);
  for (const u of storage.unions) if (u.resolveType) own.set(u.name, u.resolveType as never);
  for (const type of Object.values(schema.getTypeMap())) {
    const resolve = isAbstractType(type) ? own.get(type.name) : undefined;
    if (!resolve || !isAbstractType(type)) continue;
    type.resolveType = (value, context, info, abstractType) => {
      const resolved = resolve(value, context, info, abstractType);
      if (resolved === null || resolved === undefined || typeof resolved === "string") return resolved ?? undefined;
      if (typeof (resolved as PromiseLike<unknown>).then === "function") throw new Error(`${type.name}: resolveType must answer synchronously (compiled queries do not wait for it)`);
      return names.get(resolved);
    };
  }
}

type ParamKind = "root" | "context" | "info";
type FieldResolverMetadata = {
  kind: string;
  target: new () => Record<string, unknown>;
  methodName: string;
  schemaName: string;
  getObjectType?: () => unknown;
  params: { kind: string; index: number; propertyName?: string; getType?: unknown }[];
  middlewares: unknown[];
  roles?: unknown[];
};

/**
 * A field resolver that takes only the object, the context and the resolve info (`region(@Root()
 * base, @Ctx() ctx)`: 121 of the schema's 133) is called directly. type-graphql's own wrapper
 * does the same call through its machinery on every object of every list: it looks the resolver
 * class's instance up by a linear search of every class, sorts the parameters anew and maps them,
 * and runs the (empty) middleware chain — ≈ 5 % of an uncached page of 100 bases with their
 * regions (issue 11). This schema has no middlewares, guards or validation (buildSchema above),
 * and a resolver class holds no state, so calling the method with the same arguments on an
 * instance of its own is what type-graphql does. Only a field whose resolver is declared for
 * exactly that type is replaced; resolvers with arguments, and fields an interface's resolver
 * answers, keep type-graphql's wrapper.
 */
function directFieldResolvers(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const typeNames = new Map<unknown, string>([...storage.objectTypes, ...storage.interfaceTypes].map((t) => [t.target, t.name]));
  const instances = new Map<unknown, Record<string, unknown>>();
  const byField = new Map<string, FieldResolverMetadata[]>();
  for (const r of storage.fieldResolvers as unknown as FieldResolverMetadata[]) {
    const typeName = typeNames.get(r.getObjectType?.());
    if (!typeName) continue;
    const key = `${typeName}.${r.schemaName}`;
    byField.set(key, [...(byField.get(key) ?? []), r]);
  }
  for (const [key, found] of byField) {
    const [typeName, fieldName] = key.split(".") as [string, string];
    const type = schema.getType(typeName);
    const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[fieldName] : undefined;
    const r = found.length === 1 ? found[0]! : undefined;
    if (!field || !r || r.kind !== "external" || r.middlewares.length > 0 || (r.roles?.length ?? 0) > 0) continue;
    const params = [...r.params].sort((a, b) => a.index - b.index);
    if (!params.every((p) => (p.kind === "root" || p.kind === "context" || p.kind === "info") && !p.propertyName && !p.getType)) continue;
    if (!instances.has(r.target)) instances.set(r.target, new r.target());
    const instance = instances.get(r.target)!;
    const method = instance[r.methodName];
    if (typeof method !== "function") continue;
    const kinds = params.map((p) => p.kind as ParamKind).join(",");
    field.resolve =
      kinds === "root,context"
        ? (root, _args, context) => method.call(instance, root, context)
        : kinds === "root"
          ? (root) => method.call(instance, root)
          : (root, _args, context, info) => method.apply(instance, params.map((p) => (p.kind === "root" ? root : p.kind === "context" ? context : info)));
  }
}

export async function printAppSchema(): Promise<string> {
  return printSchema(await buildAppSchema());
}
