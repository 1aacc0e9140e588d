import { Arg, Ctx, ID, Info, Query, Resolver } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { fromGlobalId } from "../graphql/ids.js";
import { found } from "../graphql/validate.js";
import { Node } from "../schema/node.js";
import { eq } from "drizzle-orm";
import { exportRuns } from "../db/schema/index.js";
import { toRun, uncacheable } from "./exports.js";
import { viewerLoan } from "./loan.js";
import { viewerBulkExportJob } from "./bulk-export.js";
import type { GraphQLResolveInfo } from "graphql";

const MAX_IDS = 100;

type Lookup = (ctx: Context, key: string) => Promise<{ __typename: string } | null>;

/**
 * How to load each node type by the key inside its global id. A Map, not an object literal:
 * the type comes from the client, and `__proto__`, `constructor` or `toString` must be
 * unknown types (BAD_USER_INPUT), not Object.prototype's members.
 */
const LOOKUPS = new Map<string, Lookup>(Object.entries({
  PolicyDocument: (ctx, key) => ctx.loaders.document.load(key),
  Plan: (ctx, key) => ctx.loaders.section.load(key),
  Measure: (ctx, key) => ctx.loaders.section.load(key),
  DocumentSection: (ctx, key) => ctx.loaders.section.load(key),
  Department: (ctx, key) => ctx.loaders.department.load(key),
  Region: (ctx, key) => ctx.loaders.region.load(key),
  Target: (ctx, key) => ctx.loaders.target.load(key),
  Metric: (ctx, key) => ctx.loaders.metric.load(key),
  SupportInstrument: (ctx, key) => ctx.loaders.instrument.load(key),
  BeneficiaryGroup: (ctx, key) => ctx.loaders.group.load(key),
  Fund: (ctx, key) => ctx.loaders.fund.load(key),
  IncubatorBase: (ctx, key) => ctx.loaders.incubator.load(key),
  DemonstrationBrand: (ctx, key) => ctx.loaders.brand.load(key),
  PartnerBank: (ctx, key) => ctx.loaders.bank.load(key),
  LibraryProject: (ctx, key) => ctx.loaders.project.load(key),
  MentorTeam: (ctx, key) => ctx.loaders.mentorTeam.load(key),
  Mentor: (ctx, key) => ctx.loaders.mentor.load(key),
  TrainingLecturer: (ctx, key) => ctx.loaders.lecturer.load(key),
  TrainingDelivery: (ctx, key) => ctx.loaders.training.load(key),
  ModelEntrepreneur: (ctx, key) => ctx.loaders.modelEntrepreneur.load(key),
  EntrepreneurshipEvent: (ctx, key) => ctx.loaders.event.load(key),
  ServicePoint: (ctx, key) => ctx.loaders.servicePoint.load(key),
  PilotZone: (ctx, key) => ctx.loaders.pilotZone.load(key),
  // Partner only: null when the loan is not the caller's to see (row-level security decides).
  GuaranteeLoan: (ctx, key) => viewerLoan(ctx, key),
  // Partner only: a client's own bulk export jobs; null for any other's.
  BulkExportJob: (ctx, key) => viewerBulkExportJob(ctx, key),
  ExportRun: async (ctx, key) => {
    if (!/^\d{1,15}$/.test(key)) return null;
    const [row] = await ctx.db.select().from(exportRuns).where(eq(exportRuns.id, Number(key)));
    return row ? toRun(row) : null;
  },
} satisfies Record<string, Lookup>));

async function lookup(ctx: Context, id: string, argumentName: string) {
  const { type, key } = fromGlobalId(id, argumentName);
  const load = LOOKUPS.get(type);
  if (!load) throw badInput(argumentName, `${JSON.stringify(id.slice(0, 80))} is not a global id of this API.`);
  const value = await load(ctx, key);
  // A section id names its type: a Plan id must not fetch a Measure.
  return value && value.__typename === type ? value : null;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global ID." })
  async node(@Arg("id", () => ID, { description: "The global ID of the object." }) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const value = found(await lookup(ctx, id, "id"), "node", `the id ${JSON.stringify(id.slice(0, 80))}`);
    if (value.__typename === "ExportRun") uncacheable(info);
    return value;
  }

  @Query(() => [Node], { nullable: "items", description: `Several objects by their global IDs (at most ${MAX_IDS}), in the order asked; null where an ID matches nothing.` })
  async nodes(@Arg("ids", () => [ID], { description: "The global IDs of the objects." }) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > MAX_IDS) throw badInput("ids", `Pass at most ${MAX_IDS} ids; got ${ids.length}.`);
    // Every id is checked before any is loaded: one malformed id fails the call as a whole.
    for (const id of ids) fromGlobalId(id, "ids");
    return Promise.all(ids.map((id) => lookup(ctx, id, "ids")));
  }
}
