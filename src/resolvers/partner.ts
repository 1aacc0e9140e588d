import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { requireScope, unauthenticated, type PartnerViewer } from "../auth/viewer.js";
import type { Context } from "../graphql/context.js";
import { ConnectionArgs } from "../schema/connection.js";
import { GuaranteeLoanConnection, GuaranteeLoanFilter, GuaranteeLoanOrder, PARTNER_ONLY, PartnerBank } from "../schema/loan.js";
import { Viewer } from "../schema/partner.js";
import { viewerLoans } from "./loan.js";

function asViewer(v: PartnerViewer) {
  return { clientId: v.clientId, clientName: v.clientName, role: v.role, scopes: [...v.scopes].sort(), keyId: v.keyId, keyExpiresAt: v.keyExpiresAt ? new Date(v.keyExpiresAt.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")).toISOString() : null, bankCode: v.bankCode };
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: `${PARTNER_ONLY} The partner API client making the request: who it is, what its key may do, and its data.` })
  viewer(@Ctx() ctx: Context) {
    if (ctx.viewer.kind !== "partner") throw unauthenticated("`viewer` is for partner banks and programme managers: send `Authorization: Bearer <key>` (README, “Partner access”).");
    return asViewer(ctx.viewer);
  }

  @FieldResolver(() => PartnerBank, { nullable: true, description: `${PARTNER_ONLY} The bank the client acts for; null for programme managers.` })
  async bank(@Root() viewer: ReturnType<typeof asViewer>, @Ctx() ctx: Context) {
    return viewer.bankCode ? ctx.loaders.bank.load(viewer.bankCode) : null;
  }

  @FieldResolver(() => GuaranteeLoanConnection, { description: `${PARTNER_ONLY} Scope \`loans:read\`. The client's loans: the same list as the root \`guaranteeLoans\`.` })
  guaranteeLoans(
    @Arg("filterBy", () => GuaranteeLoanFilter, { nullable: true, description: "Restrict the list." }) filterBy: GuaranteeLoanFilter | null,
    @Arg("orderBy", () => GuaranteeLoanOrder, { nullable: true, description: "The order (default: bank and reference, ascending)." }) orderBy: GuaranteeLoanOrder | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    requireScope(ctx.viewer, "loans:read");
    return viewerLoans(ctx, filterBy, orderBy, args);
  }
}
