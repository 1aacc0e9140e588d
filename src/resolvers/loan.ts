import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Db } from "../db/client.js";
import { withViewerScope } from "../auth/scoped.js";
import { forbidden, requireScope, type PartnerViewer } from "../auth/viewer.js";
import { countLoanRows } from "../auth/usage.js";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { asBank, asLoan, type BankNode, type GroupNode, type LoanNode, type RegionNode } from "../graphql/nodes.js";
import { indexedConnection } from "../graphql/pagination.js";
import { checkFormat, checkOptionalFormat, checkRegionCode, found } from "../graphql/validate.js";
import { ConnectionArgs } from "../schema/connection.js";
import {
  DisclosureControl,
  GuaranteeLoan,
  GuaranteeLoanConnection,
  GuaranteeLoanFilter,
  GuaranteeLoanOrder,
  LoanStatisticsConnection,
  LoanStatisticsDimension,
  LoanStatisticsFilter,
  PARTNER_ONLY,
  PartnerBank,
  PartnerBankConnection,
} from "../schema/loan.js";
import { BeneficiaryGroup } from "../schema/instrument.js";
import { Region } from "../schema/region.js";
import { banksConnection, loanByRef, loansConnection } from "../services/loan.js";
import { disclosureControl } from "../services/disclosure.js";
import { publicStatisticsArgs } from "../graphql/list-filters.js";
import { loanStatistics, publicMeasures, statisticsDomain, type StatisticsRow } from "../services/statistics.js";

function toRow({ cell }: StatisticsRow) {
  return {
    leagueCode: cell.league,
    countyCode: cell.county,
    year: cell.year,
    quarter: cell.quarter,
    borrowerType: cell.borrowerType,
    beneficiaryGroupCode: cell.beneficiaryGroup,
    bankCode: cell.bank,
    ...publicMeasures(cell),
  };
}

@Resolver()
export class LoanResolver {
  @Query(() => PartnerBankConnection, { description: "The banks lending entrepreneurship guarantee loans, by code." })
  partnerBanks(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context) {
    return banksConnection(ctx.db, args, asBank);
  }

  @Query(() => PartnerBank, { nullable: true, description: "A partner bank by its code." })
  async partnerBank(@Arg("code", () => String, { description: "The bank's code, e.g. `abc-nmg`." }) code: string, @Ctx() ctx: Context): Promise<BankNode> {
    checkFormat(code, "slug", "code");
    return found(await ctx.loaders.bank.load(code), "PartnerBank", `the code ${JSON.stringify(code)}`);
  }

  @Query(() => DisclosureControl, { description: "How every published figure of guarantee loans is protected (the cell key method): its parameters and its whole perturbation table." })
  disclosureControl() {
    return disclosureControl();
  }

  @Query(() => LoanStatisticsConnection, {
    description:
      "Entrepreneurship guarantee loans aggregated by the chosen dimensions: loan count, total and average amount, jobs created. Public figures are protected by the cell key method (see `disclosureControl`): a cell of 1–9 loans is withheld, every other cell is published with a small perturbation fixed by the loans it holds, so the same cell has the same figures in every table and no subtraction of published cells recovers a withheld one exactly. Published parts need not add up to published totals. Answered from rollup tables, never from the raw loans.",
  })
  async loanStatistics(
    @Arg("groupBy", () => [LoanStatisticsDimension], { description: "Dimensions to group by (none: one row for everything). At most 4, counting filtered dimensions." }) groupBy: LoanStatisticsDimension[],
    @Arg("filterBy", () => LoanStatisticsFilter, { nullable: true, description: "Restrict to one value of some dimensions." }) filterBy: LoanStatisticsFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    const { filter, tableDims } = await publicStatisticsArgs(ctx, groupBy, filterBy);
    const table = await loanStatistics(ctx.db, groupBy, filter);
    const tag = `loan-statistics:${tableDims.join(",")}:${JSON.stringify(Object.values(filter))}`;
    return indexedConnection(table.total, args, tag, (ordinal) => toRow(table.at(ordinal)));
  }
}

export const LOAN_ORDER_DEFAULT = { field: "LOAN_REF", direction: "ASC" } as const;

/**
 * A loan filter as the viewer may apply it, checked (BAD_USER_INPUT naming the argument under
 * `at`; FORBIDDEN for another bank's code) — shared by the loan lists and bulk exports, which
 * must accept and refuse exactly the same filters.
 */
export async function loanFilterOf(ctx: Context, viewer: PartnerViewer, filterBy: GuaranteeLoanFilter | null, at = "filterBy") {
  const bankCode = checkOptionalFormat(filterBy?.bankCode, "slug", `${at}.bankCode`);
  if (bankCode && viewer.role === "BANK" && bankCode !== viewer.bankCode) {
    throw forbidden(`This key acts for the bank \`${viewer.bankCode}\` and sees only its loans; \`${at}.bankCode\` may name only that bank.`);
  }
  const beneficiaryGroup = filterBy?.beneficiaryGroup ?? null;
  if (beneficiaryGroup !== null && !(await statisticsDomain(ctx.db)).groups.includes(beneficiaryGroup)) {
    throw badInput(`${at}.beneficiaryGroup`, `Unknown beneficiary group ${JSON.stringify(beneficiaryGroup.slice(0, 50))}; use a BeneficiaryGroupCode value or NONE.`);
  }
  return {
    bankCode,
    regionCode: await checkRegionCode(ctx, filterBy?.regionCode, `${at}.regionCode`),
    status: filterBy?.status ?? null,
    borrowerType: filterBy?.borrowerType ?? null,
    beneficiaryGroup,
    issuedOnFrom: filterBy?.issuedOnFrom ?? null,
    issuedOnTo: filterBy?.issuedOnTo ?? null,
  };
}

/**
 * The loans the viewer may read, as a connection: the one path every loan list takes (the
 * root `guaranteeLoans` and `viewer.guaranteeLoans`). A bank sees its own; a programme manager
 * (scope `programme:read`) every bank's. Row-level security enforces it in the database.
 */
export async function viewerLoans(ctx: Context, filterBy: GuaranteeLoanFilter | null, orderBy: GuaranteeLoanOrder | null, args: ConnectionArgs) {
  const viewer = requireScope(ctx.viewer, "loans:read");
  if (viewer.role === "PROGRAMME_MANAGER") requireScope(viewer, "programme:read");
  const checked = await loanFilterOf(ctx, viewer, filterBy);
  // Row-level security decides what a bank reads; its policy (its bank, or any bank for a
  // programme manager: an OR) can use no index, so a bank's page read every loan of every bank.
  // Naming the bank in the query as well reads only its loans, from the index, in order.
  const filter = viewer.role === "BANK" ? { ...checked, bankCode: viewer.bankCode } : checked;
  const order = orderBy ?? LOAN_ORDER_DEFAULT;
  const scoped = <T>(work: (db: Db) => Promise<T>) => withViewerScope(ctx.database, viewer, work);
  const connection = await scoped((db) => loansConnection(db, scoped, filter, order, viewer.clientId, args, asLoan, viewer.role === "PROGRAMME_MANAGER"));
  // The audit log records how many loan rows a response carried (src/auth/usage.ts).
  countLoanRows(ctx, connection.nodes.length);
  return connection;
}

/** One loan by its global id's key (`bank/ref`), if the viewer may read it; null otherwise. */
export async function viewerLoan(ctx: Context, key: string): Promise<LoanNode | null> {
  const viewer = requireScope(ctx.viewer, "loans:read");
  if (viewer.role === "PROGRAMME_MANAGER") requireScope(viewer, "programme:read");
  const slash = key.indexOf("/");
  if (slash <= 0) return null;
  const row = await withViewerScope(ctx.database, viewer, (db) => loanByRef(db, key.slice(0, slash), key.slice(slash + 1)));
  if (row) countLoanRows(ctx, 1);
  return row ? asLoan(row) : null;
}

@Resolver(() => GuaranteeLoan)
export class GuaranteeLoanResolver {
  @Query(() => GuaranteeLoanConnection, {
    description: `${PARTNER_ONLY} Scope \`loans:read\`. Guarantee loans at loan level: a bank's key lists that bank's loans only; a programme manager's (scope \`programme:read\`) every bank's. Loans of other banks do not exist for the query: the database's row-level security hides them.`,
  })
  guaranteeLoans(
    @Arg("filterBy", () => GuaranteeLoanFilter, { nullable: true, description: "Restrict the list." }) filterBy: GuaranteeLoanFilter | null,
    @Arg("orderBy", () => GuaranteeLoanOrder, { nullable: true, description: "The order (default: bank and reference, ascending)." }) orderBy: GuaranteeLoanOrder | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return viewerLoans(ctx, filterBy, orderBy, args);
  }

  @FieldResolver(() => PartnerBank, { description: `${PARTNER_ONLY} The lending bank.` })
  async bank(@Root() loan: LoanNode, @Ctx() ctx: Context) {
    return ctx.loaders.bank.load(loan.bankCode);
  }

  @FieldResolver(() => Region, { description: `${PARTNER_ONLY} The borrower's county-level unit (its code is \`countyCode\`).` })
  async county(@Root() loan: LoanNode, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(loan.countyCode))!;
  }

  @FieldResolver(() => Region, { description: `${PARTNER_ONLY} The league-level unit of the borrower's county (its code is \`leagueCode\`).` })
  async league(@Root() loan: LoanNode, @Ctx() ctx: Context): Promise<RegionNode> {
    return (await ctx.loaders.region.load(loan.leagueCode))!;
  }

  @FieldResolver(() => BeneficiaryGroup, { nullable: true, description: `${PARTNER_ONLY} The borrower's beneficiary group, when the borrower belongs to one the plan names; null otherwise (and for enterprises).` })
  async beneficiaryGroup(@Root() loan: LoanNode, @Ctx() ctx: Context): Promise<GroupNode | null> {
    return loan.beneficiaryGroupCode ? ctx.loaders.group.load(loan.beneficiaryGroupCode) : null;
  }
}
