import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { PageInfo } from "./connection.js";
import { BorrowerType, GuaranteeLoan, GuaranteeLoanStatus, PARTNER_ONLY, PartnerBank } from "./loan.js";
import { DateScalar, DateTimeScalar, DecimalScalar } from "./scalars.js";

export enum GuaranteeLoanChangeKind {
  UPSERTED = "UPSERTED",
  DELETED = "DELETED",
}
registerEnumType(GuaranteeLoanChangeKind, {
  name: "GuaranteeLoanChangeKind",
  description: "What happened to a loan, as incremental sync reports it.",
  valuesConfig: {
    UPSERTED: { description: "The loan was created or changed: `loan` holds it as it is now." },
    DELETED: { description: "The loan was deleted (a tombstone): remove it from your copy." },
  },
});

@ObjectType("GuaranteeLoanChange", { description: `${PARTNER_ONLY} A loan created, changed or deleted since the \`since\` of a sync.` })
export class GuaranteeLoanChange {
  @Field(() => GuaranteeLoanChangeKind, { description: `${PARTNER_ONLY} Created or changed (UPSERTED), or deleted (DELETED).` })
  kind!: GuaranteeLoanChangeKind;

  @Field(() => ID, { description: `${PARTNER_ONLY} The loan's global id (also for a deleted loan: the id it had).` })
  loanId!: string;

  @Field(() => String, { description: `${PARTNER_ONLY} The bank's own reference for the loan.` })
  loanRef!: string;

  @Field(() => PartnerBank, { description: `${PARTNER_ONLY} The lending bank.` })
  bank!: PartnerBank;

  @Field(() => DateTimeScalar, { description: `${PARTNER_ONLY} When the change was made (the loan's \`updatedAt\`, or when it was deleted).` })
  at!: string;

  @Field(() => GuaranteeLoan, { nullable: true, description: `${PARTNER_ONLY} The loan as it is now; null for a deletion.` })
  loan!: GuaranteeLoan | null;
}

@ObjectType("GuaranteeLoanChangeEdge", { description: "An edge in a list of loan changes." })
export class GuaranteeLoanChangeEdge {
  @Field(() => String, { description: "An opaque cursor for this item, to pass as `after` or `before`." })
  cursor!: string;

  @Field(() => GuaranteeLoanChange, { description: "The item at the end of the edge." })
  node!: GuaranteeLoanChange;
}

@ObjectType("GuaranteeLoanChangeConnection", {
  description: `${PARTNER_ONLY} A page of loan changes, with the time to resume the next sync from.`,
})
export class GuaranteeLoanChangeConnection {
  @Field(() => [GuaranteeLoanChangeEdge], { description: "The items of this page, with their cursors." })
  edges!: GuaranteeLoanChangeEdge[];

  @Field(() => [GuaranteeLoanChange], { description: "The items of this page, without cursors." })
  nodes!: GuaranteeLoanChange[];

  @Field(() => PageInfo, { description: "Where this page sits in the whole list." })
  pageInfo!: PageInfo;

  // A promise (counted when read): it keeps a resolver, which compiled queries wait for (graphql/schema.ts, plainLeafFields).
  @Field(() => Int, { simple: false, description: "How many changes the whole list holds (counted only when asked for)." })
  totalCount!: number;

  @Field(() => DateTimeScalar, {
    description: `${PARTNER_ONLY} Pass this as \`since\` to your next sync, once you have read every page of this one. It is the same on every page of a pass and lies a little before the first page was read (before any write still in progress then), so a change may come twice but is never missed.`,
  })
  resumeFrom!: string;
}

@InputType("GuaranteeLoanInput", { description: `${PARTNER_ONLY} One loan as the lending bank reports it — no personal data. The bank is the key's; \`loanRef\` identifies the loan within it.` })
export class GuaranteeLoanInput {
  @Field(() => String, { description: "The bank's own reference for the loan (letters, digits, `-`, `_`, `.`; at most 100); never a name, ID card or phone number." })
  loanRef!: string;

  @Field(() => String, { description: "The borrower's county-level unit (a six-digit GB/T 2260 code of Inner Mongolia, e.g. `150102`)." })
  countyCode!: string;

  @Field(() => BorrowerType, { description: "Individual or small/micro enterprise." })
  borrowerType!: BorrowerType;

  @Field(() => String, { nullable: true, description: "The borrower's beneficiary group code (e.g. `VETERANS`); empty for enterprises and for borrowers outside the named groups." })
  beneficiaryGroup?: string | null;

  @Field(() => DecimalScalar, { description: "Amount lent, CNY, more than 0 and at most 100,000,000, at most 2 decimals, e.g. `\"200000.00\"`." })
  amount!: string;

  @Field(() => Int, { description: "Term in months, 1 to 120." })
  termMonths!: number;

  @Field(() => DecimalScalar, { description: "Annual interest rate as a fraction, 0 to 0.9999, at most 4 decimals, e.g. `\"0.0385\"`." })
  annualRate!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Share of the interest the guarantee fund pays (贷款贴息), 0 to 1, at most 4 decimals; 0 when omitted." })
  interestSubsidyShare?: string | null;

  @Field(() => Boolean, { description: "Whether the counter-guarantee (反担保) was waived." })
  counterGuaranteeWaived!: boolean;

  @Field(() => DateScalar, { description: "Date the loan was issued (2000-01-01 to 2100-12-31)." })
  issuedOn!: string;

  @Field(() => GuaranteeLoanStatus, { description: "Where the loan stands." })
  status!: GuaranteeLoanStatus;

  @Field(() => Int, { description: "Jobs the borrower reports creating, 0 to 100,000." })
  jobsCreated!: number;
}

@InputType("GuaranteeLoansUpsertInput", { description: `${PARTNER_ONLY} A batch of loans to create or correct.` })
export class GuaranteeLoansUpsertInput {
  @Field(() => String, { description: "A key you choose for this batch (a UUID will do): a retry with the same key and the same loans is answered from the first attempt, never applied twice." })
  idempotencyKey!: string;

  @Field(() => [GuaranteeLoanInput], { description: "1 to 1,000 loans, each reference once; an existing reference is replaced by what you send." })
  loans!: GuaranteeLoanInput[];
}

@InputType("GuaranteeLoansDeleteInput", { description: `${PARTNER_ONLY} A batch of the bank's loans to delete (reported by mistake).` })
export class GuaranteeLoansDeleteInput {
  @Field(() => String, { description: "A key you choose for this batch: a retry with the same key and the same references is answered from the first attempt." })
  idempotencyKey!: string;

  @Field(() => [String], { description: "1 to 1,000 of your bank's loan references, each once." })
  loanRefs!: string[];
}

export enum LoanReportErrorCode {
  INVALID_VALUE = "INVALID_VALUE",
  PERSONAL_DATA = "PERSONAL_DATA",
  DUPLICATE = "DUPLICATE",
  NOT_FOUND = "NOT_FOUND",
  BATCH_SIZE = "BATCH_SIZE",
  INVALID_IDEMPOTENCY_KEY = "INVALID_IDEMPOTENCY_KEY",
  IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED",
}
registerEnumType(LoanReportErrorCode, {
  name: "LoanReportErrorCode",
  description: "Why a batch of reported loans was refused.",
  valuesConfig: {
    INVALID_VALUE: { description: "A value is out of range, malformed, or names a code that does not exist (a county, a beneficiary group), or breaks a rule (an enterprise has no beneficiary group)." },
    PERSONAL_DATA: { description: "A value looks like personal data: a name, an ID card number, a phone number or an e-mail address." },
    DUPLICATE: { description: "The same loan reference appears twice in the batch." },
    NOT_FOUND: { description: "Your bank has no loan with this reference." },
    BATCH_SIZE: { description: "A batch holds 1 to 1,000 items." },
    INVALID_IDEMPOTENCY_KEY: { description: "The idempotency key is not 1–100 characters of letters, digits, `_`, `.`, `:` and `-`." },
    IDEMPOTENCY_KEY_REUSED: { description: "The idempotency key was used for a different request in the last 24 hours." },
  },
});

@ObjectType("LoanReportUserError", { description: `${PARTNER_ONLY} Why (part of) a batch was refused. A refused batch changes nothing.` })
export class LoanReportUserError {
  @Field(() => Int, { nullable: true, description: "The position (from 0) of the item in `loans` or `loanRefs`; null for the batch as a whole." })
  index!: number | null;

  @Field(() => String, { nullable: true, description: "The input field at fault, e.g. `countyCode` or `idempotencyKey`; null for a whole item." })
  field!: string | null;

  @Field(() => String, { description: "What is wrong, in a sentence you can act on." })
  message!: string;

  @Field(() => LoanReportErrorCode, { description: "The kind of problem." })
  code!: LoanReportErrorCode;
}

@ObjectType("GuaranteeLoansUpsertPayload", { description: `${PARTNER_ONLY} The result of a batch of reported loans: applied whole, or refused whole with \`userErrors\`.` })
export class GuaranteeLoansUpsertPayload {
  @Field(() => [GuaranteeLoan], { nullable: true, description: `${PARTNER_ONLY} The batch's loans as stored now, in the order sent; null when the batch was refused.` })
  loans!: GuaranteeLoan[] | null;

  @Field(() => Int, { description: "Loans created by the batch." })
  inserted!: number;

  @Field(() => Int, { description: "Existing loans the batch changed." })
  updated!: number;

  @Field(() => Int, { description: "Existing loans that already held exactly what was sent (their `updatedAt` did not move)." })
  unchanged!: number;

  @Field(() => Int, { description: "Your bank's SAMPLE loans removed because this was its first report (they show as deletions in sync)." })
  sampleLoansRemoved!: number;

  @Field(() => Boolean, { description: "True when this answers a retry: the batch was applied by an earlier request with the same idempotency key, and nothing was applied now." })
  replayed!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the background refresh that brings this batch into the public figures (statistics, exports) is due to start; null when nothing changed. `figuresRefreshedAt` says when it has happened." })
  figuresRefreshScheduledAt!: Date | null;

  @Field(() => [LoanReportUserError], { description: "Every problem found; empty when the batch was applied." })
  userErrors!: LoanReportUserError[];
}

@ObjectType("GuaranteeLoansDeletePayload", { description: `${PARTNER_ONLY} The result of a batch of deletions: applied whole, or refused whole with \`userErrors\`.` })
export class GuaranteeLoansDeletePayload {
  @Field(() => [String], { nullable: true, description: "The references deleted (each leaves a tombstone for sync); null when the batch was refused." })
  deletedLoanRefs!: string[] | null;

  @Field(() => Boolean, { description: "True when this answers a retry: the batch was applied by an earlier request with the same idempotency key, and nothing was applied now." })
  replayed!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the background refresh that brings this batch into the public figures is due to start; null when nothing changed now." })
  figuresRefreshScheduledAt!: Date | null;

  @Field(() => [LoanReportUserError], { description: "Every problem found; empty when the batch was applied." })
  userErrors!: LoanReportUserError[];
}
