import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { asDepartment, type DepartmentNode, type RegionNode, type SectionNode } from "../graphql/nodes.js";
import { arrayConnection } from "../graphql/pagination.js";
import { checkFormat, found } from "../graphql/validate.js";
import { departmentFilterOf } from "../graphql/list-filters.js";
import { ConnectionArgs } from "../schema/connection.js";
import { Department, DepartmentConnection, DepartmentFilter } from "../schema/department.js";
import { MeasureConnection } from "../schema/policy.js";
import { Region } from "../schema/region.js";
import { absoluteUrl, paths } from "../views/urls.js";
import { departmentsConnection } from "../services/department.js";

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => DepartmentConnection, { description: "Every party the document holds responsible for a measure (27), in order of first mention." })
  departments(
    @Arg("filterBy", () => DepartmentFilter, { nullable: true, description: "Conditions the departments must meet." }) filterBy: DepartmentFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return departmentsConnection(ctx.db, departmentFilterOf(filterBy), args, asDepartment);
  }

  @Query(() => Department, { nullable: true, description: "A department by its slug, e.g. `human-resources-social-security-department`." })
  async department(@Arg("slug", () => String, { description: "The department's slug." }) slug: string, @Ctx() ctx: Context): Promise<DepartmentNode> {
    checkFormat(slug, "slug", "slug");
    return found(await ctx.loaders.department.load(slug), "Department", `the slug ${JSON.stringify(slug)}`);
  }

  @FieldResolver(() => String, { description: "Canonical URL of its page on this service: absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/departments/finance-department`." })
  url(@Root() department: DepartmentNode, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.department(department.slug));
  }

  @FieldResolver(() => MeasureConnection, { description: "The measures this department answers for, in document order." })
  async measures(@Root() department: DepartmentNode, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    const codes = await ctx.loaders.departmentMeasureCodes.load(department.slug);
    const measures = (await ctx.loaders.section.loadMany(codes)).filter((m): m is SectionNode => m !== null && !(m instanceof Error));
    return arrayConnection(measures, args, "department-measures:documentOrder", (m) => m.documentOrder);
  }

  @FieldResolver(() => Region, { nullable: true, description: "For a city government: the city (league-level region) it governs." })
  region(@Root() department: DepartmentNode, @Ctx() ctx: Context): Promise<RegionNode | null> | null {
    return department.regionCode ? ctx.loaders.region.load(department.regionCode) : null;
  }
}
