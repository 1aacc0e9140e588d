import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { asBrand, type BrandNode, type InstrumentNode, type RegionNode } from "../graphql/nodes.js";
import { badInput } from "../graphql/errors.js";
import { found } from "../graphql/validate.js";
import { brandFilterOf, orderOf } from "../graphql/list-filters.js";
import { DemonstrationBrand, DemonstrationBrandConnection, DemonstrationBrandFilter, DemonstrationBrandOrder } from "../schema/brand.js";
import { ConnectionArgs } from "../schema/connection.js";
import { SupportInstrument } from "../schema/instrument.js";
import { Region } from "../schema/region.js";
import { brandsConnection } from "../services/brand.js";

@Resolver(() => DemonstrationBrand)
export class DemonstrationBrandResolver {
  @Query(() => DemonstrationBrandConnection, { description: "Regional brands, entrepreneurial cities and counties, mentor studios and training bases. SAMPLE data until official lists are imported." })
  async demonstrationBrands(
    @Arg("filterBy", () => DemonstrationBrandFilter, { nullable: true, description: "Conditions the brands must meet." }) filterBy: DemonstrationBrandFilter | null,
    @Arg("orderBy", () => DemonstrationBrandOrder, { nullable: true, description: "Ordering; by default by code, ascending." }) orderBy: DemonstrationBrandOrder | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return brandsConnection(ctx.db, await brandFilterOf(ctx, filterBy), orderOf(orderBy, "CODE"), args, asBrand);
  }

  @Query(() => DemonstrationBrand, { nullable: true, description: "A demonstration brand by its code." })
  async demonstrationBrand(@Arg("code", () => String, { description: "The brand's code." }) code: string, @Ctx() ctx: Context): Promise<BrandNode> {
    if (code.length > 100) throw badInput("code", "`code` is at most 100 characters.");
    return found(await ctx.loaders.brand.load(code), "DemonstrationBrand", `the code ${JSON.stringify(code)}`);
  }

  @FieldResolver(() => Region, { description: "The league or county recognised, or where the studio or base is." })
  async region(@Root() brand: BrandNode, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(brand.regionCode))!;
  }

  @FieldResolver(() => Region, { description: "The league-level unit." })
  async league(@Root() brand: BrandNode, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(brand.leagueCode))!;
  }

  @FieldResolver(() => SupportInstrument, { nullable: true, description: "The support instrument the award is paid under (e.g. the mentor-studio award of P3-M2)." })
  instrument(@Root() brand: BrandNode, @Ctx() ctx: Context): Promise<InstrumentNode | null> | null {
    return brand.instrumentCode ? ctx.loaders.instrument.load(brand.instrumentCode) : null;
  }
}
