import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { asRegion, type RegionNode } from "../graphql/nodes.js";
import { checkFormat, found } from "../graphql/validate.js";
import { regionFilterOf } from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { Region, RegionConnection, RegionFilter } from "../schema/region.js";
import { absoluteUrl, paths } from "../views/urls.js";
import { regionsConnection } from "../services/region.js";

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => RegionConnection, { description: "Inner Mongolia, its 12 league-level units and 103 county-level units, ordered by code." })
  async regions(
    @Arg("filterBy", () => RegionFilter, { nullable: true, description: "Conditions the regions must meet." }) filterBy: RegionFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return regionsConnection(ctx.db, await regionFilterOf(ctx, filterBy), args, asRegion);
  }

  @Query(() => Region, { nullable: true, description: "A region by its six-digit GB/T 2260 code, e.g. `150100` (呼和浩特市)." })
  async region(@Arg("code", () => String, { description: "Six-digit region code." }) code: string, @Ctx() ctx: Context): Promise<RegionNode> {
    checkFormat(code, "regionCode", "code");
    return found(await ctx.loaders.region.load(code), "Region", `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => String, { description: "Canonical URL of its page on this service: absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/regions/150100`." })
  url(@Root() region: RegionNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.region(region.code));
  }

  @FieldResolver(() => Region, { nullable: true, description: "The region one level up; null for Inner Mongolia itself." })
  parent(@Root() region: RegionNode, @Ctx() ctx: Context): RegionNode | Promise<RegionNode | null> | null {
    return region.parentCode ? ctx.loaders.region.now(region.parentCode) : null;
  }

  @FieldResolver(() => [Region], { description: "The regions one level down, ordered by code (at most a few dozen, so a plain list)." })
  children(@Root() region: RegionNode, @Ctx() ctx: Context): Promise<RegionNode[]> {
    return ctx.loaders.regionChildren.load(region.code);
  }
}
