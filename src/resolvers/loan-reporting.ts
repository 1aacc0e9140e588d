import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { withViewerScope } from "../auth/scoped.js";
import { countLoanRows } from "../auth/usage.js";
import { forbidden, requireScope, type PartnerViewer } from "../auth/viewer.js";
import type { Db } from "../db/client.js";
import type { Context } from "../graphql/context.js";
import { badInput } from "../graphql/errors.js";
import { toGlobalId } from "../graphql/ids.js";
import { asLoan, isoTimestamp, type LoanNode } from "../graphql/nodes.js";
import { ConnectionArgs } from "../schema/connection.js";
import { PARTNER_ONLY, PartnerBank } from "../schema/loan.js";
import {
  GuaranteeLoanChange,
  GuaranteeLoanChangeConnection,
  GuaranteeLoansDeleteInput,
  GuaranteeLoansDeletePayload,
  GuaranteeLoansUpsertInput,
  GuaranteeLoansUpsertPayload,
} from "../schema/loan-reporting.js";
import { Viewer } from "../schema/partner.js";
import { DateTimeScalar } from "../schema/scalars.js";
import { figuresRefreshedAt } from "../services/loan-figures.js";
import { deleteLoans, MAX_BATCH, upsertLoans } from "../services/loan-reporting.js";
import { changesConnection, type LoanChange } from "../services/loan-sync.js";

export interface ChangeNode {
  kind: LoanChange["kind"];
  loanId: string;
  loanRef: string;
  bankCode: string;
  at: string;
  loan: LoanNode | null;
}

const asChange = (c: LoanChange): ChangeNode => ({
  kind: c.kind,
  loanId: toGlobalId("GuaranteeLoan", `${c.bankCode}/${c.loanRef}`),
  loanRef: c.loanRef,
  bankCode: c.bankCode,
  at: isoTimestamp(c.atText),
  loan: c.loan ? asLoan(c.loan) : null,
});

/** `since` as an ISO time PostgreSQL reads the same way; years outside 0001–9999 are the client's mistake. */
function checkSince(since: Date): string {
  const iso = Number.isFinite(since.getTime()) ? since.toISOString() : "";
  if (!/^\d{4}-/.test(iso) || iso.startsWith("0000")) throw badInput("since", "`since` must be a time between the years 0001 and 9999, e.g. the `resumeFrom` of your last sync, or `2000-01-01T00:00:00Z` for everything.");
  return iso;
}

/**
 * The changes the viewer may read since `since`: the one path of the root
 * `guaranteeLoanChanges` and `viewer.guaranteeLoanChanges`. A bank's own loans; a programme
 * manager's (scope `programme:read`) every bank's. Row-level security enforces it in the database.
 */
export async function viewerLoanChanges(ctx: Context, since: Date, args: ConnectionArgs) {
  const viewer = requireScope(ctx.viewer, "loans:read");
  if (viewer.role === "PROGRAMME_MANAGER") requireScope(viewer, "programme:read");
  const sinceIso = checkSince(since);
  const scoped = <T>(work: (db: Db) => Promise<T>) => withViewerScope(ctx.database, viewer, work);
  const connection = await scoped((db) =>
    changesConnection(db, scoped, { since: sinceIso, bankCode: viewer.role === "BANK" ? viewer.bankCode : null, clientId: viewer.clientId, args }, asChange),
  );
  // The audit log records how many loan rows a response carried (src/auth/usage.ts).
  countLoanRows(ctx, connection.nodes.filter((n) => n.loan !== null).length);
  return connection;
}

/** Writes are for banks, with `loans:write`: a programme manager reads and writes nothing. */
function writer(ctx: Context): PartnerViewer {
  const viewer = requireScope(ctx.viewer, "loans:write");
  if (viewer.role !== "BANK" || !viewer.bankCode) throw forbidden("Only a partner bank's key reports loans, and only its own.");
  return viewer;
}

const SYNC_DESCRIPTION =
  "Scope `loans:read`. Incremental sync: the loans created, changed or deleted (tombstones) since `since`, ordered by bank, time and reference, with `resumeFrom` to pass as `since` next time. A change may be delivered twice, never missed. A bank's key sees its own loans; a programme manager's every bank's.";

@Resolver()
export class LoanReportingResolver {
  @Query(() => GuaranteeLoanChangeConnection, { description: `${PARTNER_ONLY} ${SYNC_DESCRIPTION}` })
  guaranteeLoanChanges(
    @Arg("since", () => DateTimeScalar, { description: "Changes made at or after this time: the `resumeFrom` of your last sync (or an early time, for everything)." }) since: Date,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return viewerLoanChanges(ctx, since, args);
  }

  @Query(() => DateTimeScalar, {
    nullable: true,
    description:
      "When the public loan figures (statistics, the loan tables of the exports, target progress) were last rebuilt: every loan change committed before this time is in them. Loans reported through the API are brought in by a background refresh shortly after each batch (README, “Report loans”).",
  })
  async figuresRefreshedAt(@Ctx() ctx: Context) {
    const at = await figuresRefreshedAt(ctx.db);
    return at ? new Date(isoTimestamp(at)) : null;
  }

  @Mutation(() => GuaranteeLoansUpsertPayload, {
    description: `${PARTNER_ONLY} Scope \`loans:write\`. Reports up to ${MAX_BATCH.toLocaleString("en")} of your bank's loans: a new reference creates a loan, an existing one is replaced by what you send. All or nothing: any bad loan and nothing is applied, every problem in \`userErrors\`. A retry with the same \`idempotencyKey\` is answered from the first attempt.`,
    // One point per loan written, besides what the answer selects.
    complexity: ({ args, childComplexity }) => 1 + childComplexity + (Array.isArray(args.input?.loans) ? args.input.loans.length : MAX_BATCH),
  })
  async guaranteeLoansUpsert(@Arg("input", () => GuaranteeLoansUpsertInput, { description: "The batch." }) input: GuaranteeLoansUpsertInput, @Ctx() ctx: Context) {
    const result = await upsertLoans(ctx.database, writer(ctx), input);
    if (result.loans) countLoanRows(ctx, result.loans.length);
    return { ...result, loans: result.loans?.map(asLoan) ?? null };
  }

  @Mutation(() => GuaranteeLoansDeletePayload, {
    description: `${PARTNER_ONLY} Scope \`loans:write\`. Deletes up to ${MAX_BATCH.toLocaleString("en")} of your bank's loans by reference (reported by mistake); each leaves a tombstone that sync reports. All or nothing; a retry with the same \`idempotencyKey\` is answered from the first attempt.`,
    complexity: ({ args, childComplexity }) => 1 + childComplexity + (Array.isArray(args.input?.loanRefs) ? args.input.loanRefs.length : MAX_BATCH),
  })
  guaranteeLoansDelete(@Arg("input", () => GuaranteeLoansDeleteInput, { description: "The batch." }) input: GuaranteeLoansDeleteInput, @Ctx() ctx: Context) {
    return deleteLoans(ctx.database, writer(ctx), input);
  }
}

@Resolver(() => GuaranteeLoanChange)
export class GuaranteeLoanChangeResolver {
  @FieldResolver(() => PartnerBank, { description: `${PARTNER_ONLY} The lending bank.` })
  bank(@Root() change: ChangeNode, @Ctx() ctx: Context) {
    return ctx.loaders.bank.load(change.bankCode);
  }
}

@Resolver(() => Viewer)
export class ViewerLoanChangesResolver {
  @FieldResolver(() => GuaranteeLoanChangeConnection, { description: `${PARTNER_ONLY} ${SYNC_DESCRIPTION} The same list as the root \`guaranteeLoanChanges\`.` })
  guaranteeLoanChanges(
    @Arg("since", () => DateTimeScalar, { description: "Changes made at or after this time: the `resumeFrom` of your last sync (or an early time, for everything)." }) since: Date,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return viewerLoanChanges(ctx, since, args);
  }
}
