import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { ConnectionArgs } from "../schema/connection.js";
import { SearchResultConnection, SearchType } from "../schema/search.js";
import { searchConnection, type SearchHit, type SearchTypename } from "../services/search.js";
import { parseSearchQuery, textMatches } from "../services/search-text.js";

const TYPENAMES: Record<SearchType, SearchTypename> = {
  MEASURE: "Measure",
  PLAN: "Plan",
  SUPPORT_INSTRUMENT: "SupportInstrument",
  FUND: "Fund",
  TARGET: "Target",
  DEPARTMENT: "Department",
  INCUBATOR_BASE: "IncubatorBase",
  DEMONSTRATION_BRAND: "DemonstrationBrand",
  MENTOR_TEAM: "MentorTeam",
  EVENT: "EntrepreneurshipEvent",
  SERVICE_POINT: "ServicePoint",
  PILOT_ZONE: "PilotZone",
};

/** Loads the object behind a hit through this request's DataLoaders (one batch per type). */
function loadHit(ctx: Context, hit: SearchHit) {
  switch (hit.type) {
    case "Measure":
    case "Plan":
      return ctx.loaders.section.load(hit.key);
    case "SupportInstrument":
      return ctx.loaders.instrument.load(hit.key);
    case "Fund":
      return ctx.loaders.fund.load(hit.key);
    case "Target":
      return ctx.loaders.target.load(hit.key);
    case "Department":
      return ctx.loaders.department.load(hit.key);
    case "IncubatorBase":
      return ctx.loaders.incubator.load(hit.key);
    case "DemonstrationBrand":
      return ctx.loaders.brand.load(hit.key);
    case "MentorTeam":
      return ctx.loaders.mentorTeam.load(hit.key);
    case "EntrepreneurshipEvent":
      return ctx.loaders.event.load(hit.key);
    case "ServicePoint":
      return ctx.loaders.servicePoint.load(hit.key);
    case "PilotZone":
      return ctx.loaders.pilotZone.load(hit.key);
  }
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchResultConnection, {
    description:
      "Full-text search in Chinese and English across measures, plans, support instruments, funds, targets, departments, incubator bases, brands, and the service system's mentor teams, events, service points and pilot zones (the project library has its own `projectLibrary(filterBy: { text })`), most relevant first. Chinese is matched by characters and character pairs (担保贷款, 退役军人, 众创空间), English by word prefixes.",
  })
  async search(
    @Arg("query", () => String, { description: "What to look for, 1–100 characters." }) query: string,
    @Arg("types", () => [SearchType], { nullable: true, description: "Only these kinds of objects (default: all)." }) types: SearchType[] | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    const trimmed = query.trim();
    if (trimmed.length === 0 || trimmed.length > 100) throw badInput("query", "`query` must be 1 to 100 characters.");
    const parsed = parseSearchQuery(trimmed);
    if (!parsed) throw badInput("query", "`query` holds nothing searchable: use Chinese characters, letters or digits.");
    const page = await searchConnection(ctx.db, parsed, types?.map((t) => TYPENAMES[t]) ?? null, args, (hit) => hit);
    const nodes = await Promise.all(page.nodes.map((hit) => loadHit(ctx, hit)));
    const edges = page.edges.map((e, i) => ({
      cursor: e.cursor,
      node: nodes[i],
      rank: e.node.rank,
      textMatches: textMatches(
        [
          { name: "title", text: e.node.title },
          { name: "titleEn", text: e.node.titleEn },
          { name: "body", text: e.node.body },
        ],
        parsed.terms,
      ),
    }));
    return { edges, nodes, pageInfo: page.pageInfo, get totalCount() { return page.totalCount; } };
  }
}
