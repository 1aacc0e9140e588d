import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { fromGlobalId } from "../graphql/ids.js";
import { nodeColumns, nodesSelect } from "../graphql/lookahead.js";
import { asIncubator, asRegion, type IncubatorNode, type RegionNode } from "../graphql/nodes.js";
import { found } from "../graphql/validate.js";
import { incubatorFilterOf, orderOf } from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { IncubatorBase, IncubatorBaseConnection, IncubatorBaseFilter, IncubatorBaseOrder } from "../schema/incubator.js";
import type { RegionRow } from "../db/schema/index.js";
import { Region } from "../schema/region.js";
import { INCUBATOR_LIST_COLUMNS, incubatorBaseColumns, incubatorsConnection } from "../services/incubator.js";

@Resolver(() => IncubatorBase)
export class IncubatorBaseResolver {
  @Query(() => IncubatorBaseConnection, { description: "Incubation demonstration bases, maker spaces and entrepreneurship parks. Operational records are SAMPLE data until official lists are imported." })
  async incubatorBases(
    @Arg("filterBy", () => IncubatorBaseFilter, { nullable: true, description: "Conditions the bases must meet." }) filterBy: IncubatorBaseFilter | null,
    @Arg("orderBy", () => IncubatorBaseOrder, { nullable: true, description: "Ordering; by default by code, ascending." }) orderBy: IncubatorBaseOrder | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const filter = await incubatorFilterOf(ctx, filterBy);
    // The regions the query will ask for come with the page (one statement, not three).
    const relations = {
      county: nodesSelect(info, ["region"]),
      countyParent: nodesSelect(info, ["region", "parent"]),
      league: nodesSelect(info, ["league"]),
      prime: (regions: RegionRow[]) => {
        for (const region of regions) ctx.loaders.region.prime(region.code, asRegion(region));
      },
    };
    // Only the columns the selected fields read (the id comes from the code).
    const columns = nodeColumns(info, incubatorBaseColumns, { always: INCUBATOR_LIST_COLUMNS, resolvedFrom: { id: ["code"], region: ["countyCode"], league: ["leagueCode"] } });
    return incubatorsConnection(ctx.db, filter, orderOf(orderBy, "CODE"), args, asIncubator, relations, columns);
  }

  @Query(() => IncubatorBase, { nullable: true, description: "One incubator base, by its global `id` or by its `code` (give exactly one)." })
  async incubatorBase(
    @Arg("id", () => ID, { nullable: true, description: "The base's global ID." }) id: string | null,
    @Arg("code", () => String, { nullable: true, description: "The base's code." }) code: string | null,
    @Ctx() ctx: Context,
  ): Promise<IncubatorNode> {
    if ((id == null) === (code == null)) throw badInput("id", "Pass exactly one of `id` and `code`.");
    let key = code;
    if (id != null) {
      const decoded = fromGlobalId(id);
      if (decoded.type !== "IncubatorBase") throw badInput("id", "This id is not an IncubatorBase id.");
      key = decoded.key;
    }
    if (key!.length > 100) throw badInput("code", "`code` is at most 100 characters.");
    return found(await ctx.loaders.incubator.load(key!), "IncubatorBase", id != null ? `the id ${JSON.stringify(id)}` : `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => Region, { description: "The county-level unit the base is in." })
  region(@Root() base: IncubatorNode, @Ctx() ctx: Context): RegionNode | Promise<RegionNode> {
    // Synchronous when the page's statement brought the region (see incubatorBases).
    return ctx.loaders.region.now(base.countyCode) as RegionNode | Promise<RegionNode>;
  }

  @FieldResolver(() => Region, { description: "The league-level unit the base is in." })
  league(@Root() base: IncubatorNode, @Ctx() ctx: Context): RegionNode | Promise<RegionNode> {
    return ctx.loaders.region.now(base.leagueCode) as RegionNode | Promise<RegionNode>;
  }
}
