import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { withViewerScope } from "../auth/scoped.js";
import { forbidden, requireScope, unauthenticated, type PartnerViewer } from "../auth/viewer.js";
import type { Db } from "../db/client.js";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { loadedIndexedConnection } from "../graphql/pagination.js";
import { checkOptionalFormat, checkRegionCode } from "../graphql/validate.js";
import { ConnectionArgs } from "../schema/connection.js";
import { LoanRisk, LoanRiskFilter } from "../schema/loan-risk.js";
import { GuaranteeLoanConnection, GuaranteeLoanFilter, GuaranteeLoanOrder, LoanStatisticsConnection, LoanStatisticsDimension, LoanStatisticsFilter, PARTNER_ONLY, PartnerBank } from "../schema/loan.js";
import { Viewer } from "../schema/partner.js";
import { loanRisk } from "../services/loan-risk.js";
import { partnerLoanStatistics, partnerMeasures, statisticsDomain, type ExactScope, type PartnerStatisticsCell } from "../services/statistics.js";
import { checkStatisticsArgs } from "../graphql/list-filters.js";
import { viewerLoans } from "./loan.js";

/**
 * Who may read figures over loans (exact statistics, risk measures): a bank with `loans:read`
 * (its own loans), a programme manager with `programme:read` (every bank's). Every partner
 * request — a manager's reads included — is written to the audit log (src/auth/audit.ts).
 */
function figuresReader(ctx: Context): PartnerViewer {
  if (ctx.viewer.kind === "partner" && ctx.viewer.role === "PROGRAMME_MANAGER") return requireScope(ctx.viewer, "programme:read");
  return requireScope(ctx.viewer, "loans:read");
}

/** A bank may name only its own bank in `filterBy.bankCode` where the figures are exact. */
function checkOwnBank(viewer: PartnerViewer, bankCode: string | null) {
  if (bankCode && viewer.role === "BANK" && bankCode !== viewer.bankCode) {
    throw forbidden(`This key acts for the bank \`${viewer.bankCode}\` and sees only its loans; \`filterBy.bankCode\` may name only that bank.`);
  }
}

function toPartnerRow({ cell }: { cell: PartnerStatisticsCell }) {
  return {
    leagueCode: cell.league,
    countyCode: cell.county,
    year: cell.year,
    quarter: cell.quarter,
    borrowerType: cell.borrowerType,
    beneficiaryGroupCode: cell.beneficiaryGroup,
    bankCode: cell.bank,
    ...partnerMeasures(cell),
  };
}

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

  @FieldResolver(() => LoanStatisticsConnection, {
    description: `${PARTNER_ONLY} Scope \`loans:read\` (a bank) or \`programme:read\` (a programme manager). The public \`loanStatistics\` table — same dimensions, filter, domain and order — with the figures this client may see exactly: a bank's own cells (its bank's cells of a table grouped or filtered by bank) exactly, marked EXACT_OWN, and every other cell exactly as the public sees it (PERTURBED or WITHHELD); a programme manager every cell exactly (EXACT). Never cached.`,
  })
  async loanStatistics(
    @Arg("groupBy", () => [LoanStatisticsDimension], { description: "Dimensions to group by (none: one row for everything). At most 4, counting filtered dimensions." }) groupBy: LoanStatisticsDimension[],
    @Arg("filterBy", () => LoanStatisticsFilter, { nullable: true, description: "Restrict to one value of some dimensions, or to the cells shown one way (`disclosure`)." }) filterBy: LoanStatisticsFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    const viewer = figuresReader(ctx);
    const { filter, tableDims } = await checkStatisticsArgs(ctx, groupBy, filterBy);
    const scope: ExactScope = viewer.role === "PROGRAMME_MANAGER" ? { kind: "ALL" } : { kind: "BANK", bankCode: viewer.bankCode! };
    const scoped = <T>(work: (db: Db) => Promise<T>) => withViewerScope(ctx.database, viewer, work);
    const table = await partnerLoanStatistics(ctx.db, groupBy, filter, scope, scoped);
    // Bound to the client, like its loan cursors: its rows are not anyone else's.
    const tag = `viewer-loan-statistics:${viewer.clientId}:${tableDims.join(",")}:${JSON.stringify(Object.values(filter))}`;
    return loadedIndexedConnection(table.total, args, tag, table.load, (ordinal) => toPartnerRow(table.at(ordinal)));
  }

  @FieldResolver(() => LoanRisk, {
    description: `${PARTNER_ONLY} Scope \`loans:read\` (a bank: its own loans) or \`programme:read\` (a programme manager: every bank's, or one bank's with \`bankCode\`). Overdue and default counts, amounts and rates, exact, in total and by bank, league and year of issue.`,
  })
  async loanRisk(@Arg("filterBy", () => LoanRiskFilter, { nullable: true, description: "Restrict the loans counted." }) filterBy: LoanRiskFilter | null, @Ctx() ctx: Context) {
    const viewer = figuresReader(ctx);
    const bankCode = checkOptionalFormat(filterBy?.bankCode, "slug", "filterBy.bankCode");
    checkOwnBank(viewer, bankCode);
    const beneficiaryGroup = filterBy?.beneficiaryGroup ?? null;
    if (beneficiaryGroup !== null && !(await statisticsDomain(ctx.db)).groups.includes(beneficiaryGroup)) {
      throw badInput("filterBy.beneficiaryGroup", `Unknown beneficiary group ${JSON.stringify(beneficiaryGroup.slice(0, 50))}; use a BeneficiaryGroupCode value or NONE.`);
    }
    const filter = {
      bankCode,
      regionCode: await checkRegionCode(ctx, filterBy?.regionCode, "filterBy.regionCode"),
      borrowerType: filterBy?.borrowerType ?? null,
      beneficiaryGroup,
      issuedOnFrom: filterBy?.issuedOnFrom ?? null,
      issuedOnTo: filterBy?.issuedOnTo ?? null,
    };
    return withViewerScope(ctx.database, viewer, (db) => loanRisk(db, filter));
  }
}
