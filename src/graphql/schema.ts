import { recordPlainFields } from "./lookahead.js";
import { assertValidSchema, GraphQLScalarType, isAbstractType, printSchema, type GraphQLSchema, type GraphQLTypeResolver } from "graphql";
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

let cached: GraphQLSchema | undefined;

/** The public schema. Built once per process: type-graphql's metadata is global anyway. */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  if (!cached) plainLeafFields();
  cached ??= await buildSchema({
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
  synchronousTypeResolution(cached);
  assertValidSchema(cached);
  // Which fields read the row as it is: list queries select only the columns a request needs (lookahead.ts).
  recordPlainFields(cached);
  // type-graphql has no decorator for the root type itself; its description is set here.
  cached.getQueryType()!.description = "The entry points of the 创业内蒙古 Open Data API: the programme's policy text, targets and their progress, support instruments, departments, regions, incubator bases, brands, the service system (project library, mentor teams, lecturers, training, model entrepreneurs, events, service points, pilot zones), guarantee-loan statistics, search, and the open-data catalogue.";
  // Mutations are partners' only (the API is otherwise read-only): each names the scope it needs.
  const mutation = cached.getMutationType();
  if (mutation) mutation.description = "Writes, for partners only (an API key): each mutation says which scope it needs, e.g. `loans:write` to report, correct and delete a bank's own loans.";
  return cached;
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

export async function printAppSchema(): Promise<string> {
  return printSchema(await buildAppSchema());
}
