import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import type { BankNode, RegionNode } from "../graphql/nodes.js";
import { LoanRiskByBank, LoanRiskByLeague } from "../schema/loan-risk.js";
import { PARTNER_ONLY, PartnerBank } from "../schema/loan.js";
import { Region } from "../schema/region.js";

@Resolver(() => LoanRiskByBank)
export class LoanRiskByBankResolver {
  @FieldResolver(() => PartnerBank, { description: `${PARTNER_ONLY} The bank.` })
  async bank(@Root() row: { bankCode: string }, @Ctx() ctx: Context): Promise<BankNode> {
    return (await ctx.loaders.bank.load(row.bankCode))!;
  }
}

@Resolver(() => LoanRiskByLeague)
export class LoanRiskByLeagueResolver {
  @FieldResolver(() => Region, { description: `${PARTNER_ONLY} The league.` })
  async league(@Root() row: { leagueCode: string }, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(row.leagueCode))!;
  }
}
