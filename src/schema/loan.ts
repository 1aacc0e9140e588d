import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { OrderDirection, Provenance } from "./enums.js";
import { Node } from "./node.js";
import { DateScalar, DateTimeScalar, DecimalScalar } from "./scalars.js";

export enum BankKind {
  STATE_OWNED = "STATE_OWNED",
  JOINT_STOCK = "JOINT_STOCK",
  CITY_COMMERCIAL = "CITY_COMMERCIAL",
  RURAL = "RURAL",
  POLICY = "POLICY",
}
registerEnumType(BankKind, {
  name: "BankKind",
  description: "What kind of bank a partner bank is.",
  valuesConfig: {
    STATE_OWNED: { description: "A large state-owned commercial bank (branch)." },
    JOINT_STOCK: { description: "A joint-stock commercial bank (branch)." },
    CITY_COMMERCIAL: { description: "A city commercial bank." },
    RURAL: { description: "A rural commercial bank or rural credit union." },
    POLICY: { description: "A policy bank (branch)." },
  },
});

@ObjectType("PartnerBank", { implements: Node, description: "A bank that lends entrepreneurship guarantee loans (创业担保贷款)." })
export class PartnerBank extends Node {
  @Field(() => String, { description: "Stable code, e.g. `abc-nmg`." })
  code!: string;

  @Field(() => String, { description: "Chinese name. A SAMPLE record's starts with `〔示例〕`, so the name itself says it is invented." })
  name!: string;

  @Field(() => String, { description: "English name. A SAMPLE record's starts with `[Sample] `." })
  nameEn!: string;

  @Field(() => BankKind, { description: "What kind of bank it is." })
  kind!: BankKind;

  @Field(() => Provenance, { description: "SOURCE for an imported official list; SAMPLE while the list is sample data." })
  provenance!: Provenance;
}

export const PartnerBankConnection = connectionType(PartnerBank, "PartnerBank", "partner banks");

export enum BorrowerType {
  INDIVIDUAL = "INDIVIDUAL",
  SMALL_MICRO_ENTERPRISE = "SMALL_MICRO_ENTERPRISE",
}
registerEnumType(BorrowerType, {
  name: "BorrowerType",
  description: "Who borrowed a guarantee loan.",
  valuesConfig: { INDIVIDUAL: { description: "A person starting a business (个人)." }, SMALL_MICRO_ENTERPRISE: { description: "A small or micro enterprise (小微企业)." } },
});

export enum LoanStatisticsDimension {
  REGION_LEAGUE = "REGION_LEAGUE",
  REGION_COUNTY = "REGION_COUNTY",
  YEAR = "YEAR",
  QUARTER = "QUARTER",
  BORROWER_TYPE = "BORROWER_TYPE",
  BENEFICIARY_GROUP = "BENEFICIARY_GROUP",
  BANK = "BANK",
}
registerEnumType(LoanStatisticsDimension, {
  name: "LoanStatisticsDimension",
  description: "A dimension to group guarantee-loan statistics by.",
  valuesConfig: {
    REGION_LEAGUE: { description: "The borrower's league-level unit." },
    REGION_COUNTY: { description: "The borrower's county-level unit (rows also name the league)." },
    YEAR: { description: "Year the loan was issued." },
    QUARTER: { description: "Quarter the loan was issued (rows also name the year)." },
    BORROWER_TYPE: { description: "Individual or small/micro enterprise." },
    BENEFICIARY_GROUP: { description: "The borrower's beneficiary group; `NONE` for borrowers outside the named groups (and enterprises)." },
    BANK: { description: "The lending partner bank." },
  },
});

export enum SuppressionReason {
  PRIMARY = "PRIMARY",
  COMPLEMENTARY = "COMPLEMENTARY",
}
registerEnumType(SuppressionReason, {
  name: "SuppressionReason",
  description: "Why a statistics cell's measures are withheld. Superseded by `CellDisclosure`.",
  valuesConfig: {
    PRIMARY: { description: "The cell counts 1–9 loans: too few to publish without risk of identifying borrowers." },
    COMPLEMENTARY: { description: "Never returned since loan statistics are protected by the cell key method (no cell is withheld to protect another).", deprecationReason: "No longer used: the cell key method replaced complementary suppression. Removal on 2027-06-30." },
  },
});

export enum CellDisclosure {
  PERTURBED = "PERTURBED",
  WITHHELD = "WITHHELD",
  EXACT_OWN = "EXACT_OWN",
  EXACT = "EXACT",
}
registerEnumType(CellDisclosure, {
  name: "CellDisclosure",
  description: "How a published statistics cell is protected (the cell key method; see `disclosureControl`).",
  valuesConfig: {
    PERTURBED: { description: "Published with a small, fixed perturbation: the count within ±4 of the true count (never below 10), jobs within ±4, the amount within half the cell's largest loan, rounded to the yuan. The same cell has the same figures in every table, query and file." },
    WITHHELD: { description: "The cell counts 1–9 loans: its count, amount and jobs are not published." },
    EXACT_OWN: { description: "**Partner only** (`viewer.loanStatistics`, a bank's key): a cell of the calling bank's own loans — a cell of its bank in a table grouped or filtered by bank — given exactly: count, amount to the fen, jobs. Never in the public `loanStatistics`." },
    EXACT: { description: "**Partner only** (`viewer.loanStatistics`, a programme manager's key, scope `programme:read`): the cell's exact figures. Never in the public `loanStatistics`." },
  },
});

@ObjectType("PerturbationTableEntry", { description: "One entry of the cell key method's perturbation table: the perturbation added to an original value when the cell key falls in [keyFrom, keyTo)." })
export class PerturbationTableEntry {
  @Field(() => String, { description: "`count` (loan counts) or `jobs` (jobs created)." })
  variable!: string;

  @Field(() => Int, { description: "The original value; the largest original of a variable serves every larger value too." })
  original!: number;

  @Field(() => Int, { description: "What is added to the original value." })
  perturbation!: number;

  @Field(() => DecimalScalar, { description: "The probability of this perturbation for this original value, e.g. `\"0.5000\"`." })
  probability!: string;

  @Field(() => Float, { description: "First cell key of the range (keys are integers from 0 to 2^31 − 1)." })
  keyFrom!: number;

  @Field(() => Float, { description: "First cell key after the range." })
  keyTo!: number;
}

@ObjectType("DisclosureControl", {
  description:
    "How every published figure of guarantee loans is protected: the cell key method with a floor on small counts. Every loan has a secret random record key; a cell's key is the sum of its loans' keys modulo 2^31; the perturbation of a cell is read from a published table at that key. The same cell therefore has the same figures in every table, filter, query and file, and subtracting published cells from published totals leaves noise that no combination of queries removes. Published parts need not add up to published totals.",
})
export class DisclosureControl {
  @Field(() => String, { description: "The method: `CELL_KEY`." })
  method!: string;

  @Field(() => String, { description: "Version of the method and its parameters, e.g. `cell-key/1`." })
  version!: string;

  @Field(() => Int, { description: "Cells with fewer loans than this (and at least one) are withheld; a published count is never below it." })
  minimumPublishedCount!: number;

  @Field(() => Int, { description: "Largest perturbation of a loan count, in either direction." })
  maxCountPerturbation!: number;

  @Field(() => Int, { description: "Largest perturbation of jobs created, in either direction." })
  maxJobsPerturbation!: number;

  @Field(() => DecimalScalar, { description: "The amount is perturbed by up to this share of the cell's largest single loan, in either direction." })
  magnitudeFactor!: string;

  @Field(() => DecimalScalar, { description: "Published amounts are rounded to a multiple of this, CNY." })
  amountRounding!: string;

  @Field(() => Float, { description: "Record keys are integers from 0 to this minus one; a cell key is the sum of its records' keys modulo this." })
  keyModulus!: number;

  @Field(() => [PerturbationTableEntry], { description: "The perturbation table, whole (the committed `ptable.csv`)." })
  perturbationTable!: PerturbationTableEntry[];
}

@InputType("LoanStatisticsFilter", { description: "Restricts loan statistics to one value of some dimensions. A filtered cell has exactly the figures the full table shows for it." })
export class LoanStatisticsFilter {
  @Field(() => String, { nullable: true, description: "A league (`150100`) or county (`150102`) code; `150000` means the whole region." })
  regionCode?: string | null;

  @Field(() => Int, { nullable: true, description: "Year the loans were issued." })
  year?: number | null;

  @Field(() => BorrowerType, { nullable: true, description: "Individuals or enterprises." })
  borrowerType?: BorrowerType | null;

  @Field(() => String, { nullable: true, description: "A beneficiary group code (e.g. `VETERANS`), or `NONE` for borrowers outside the named groups." })
  beneficiaryGroup?: string | null;

  @Field(() => String, { nullable: true, description: "A partner bank code." })
  bankCode?: string | null;

  @Field(() => CellDisclosure, { nullable: true, description: "Only the published cells (PERTURBED) or only the withheld ones (WITHHELD) — or, in `viewer.loanStatistics`, only the exact ones (EXACT_OWN, EXACT); by default every cell of the table." })
  disclosure?: CellDisclosure | null;
}

@ObjectType("LoanStatisticsRow", {
  description:
    "One cell of a guarantee-loan statistics table: its dimension values and measures, protected by the cell key method (see `disclosureControl`). A cell of 1–9 loans is withheld (measures null, `disclosure: WITHHELD`); every other cell is published with a small perturbation that depends only on the loans in the cell (`disclosure: PERTURBED`), so it has the same figures in every table and query, and published cells need not add up exactly to published totals. Empty cells (0 loans) are not listed.",
})
export class LoanStatisticsRow {
  @Field(() => String, { nullable: true, description: "League code, when grouped by REGION_LEAGUE or REGION_COUNTY." })
  leagueCode!: string | null;

  @Field(() => String, { nullable: true, description: "County code, when grouped by REGION_COUNTY." })
  countyCode!: string | null;

  @Field(() => Int, { nullable: true, description: "Year, when grouped by YEAR or QUARTER." })
  year!: number | null;

  @Field(() => Int, { nullable: true, description: "Quarter (1–4), when grouped by QUARTER." })
  quarter!: number | null;

  @Field(() => BorrowerType, { nullable: true, description: "Borrower type, when grouped by BORROWER_TYPE." })
  borrowerType!: BorrowerType | null;

  @Field(() => String, { nullable: true, description: "Beneficiary group code (or `NONE`), when grouped by BENEFICIARY_GROUP." })
  beneficiaryGroupCode!: string | null;

  @Field(() => String, { nullable: true, description: "Partner bank code, when grouped by BANK." })
  bankCode!: string | null;

  @Field(() => CellDisclosure, { description: "How this cell's figures are protected: PERTURBED (published with a small fixed perturbation) or WITHHELD (1–9 loans); in `viewer.loanStatistics` also EXACT_OWN or EXACT (the true figures)." })
  disclosure!: CellDisclosure;

  @Field(() => Boolean, { description: "Whether the measures of this cell are withheld (`disclosure: WITHHELD`)." })
  suppressed!: boolean;

  @Field(() => SuppressionReason, { nullable: true, description: "PRIMARY when withheld; null when published.", deprecationReason: "Use `disclosure`. Removal on 2027-06-30." })
  suppressionReason!: SuppressionReason | null;

  @Field(() => Int, { nullable: true, description: "Number of loans, perturbed: within ±4 of the true count and never below 10; exact when EXACT_OWN or EXACT; null when withheld." })
  loanCount!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Total amount lent, CNY, perturbed by up to half the cell's largest loan and rounded to the yuan; exact to the fen when EXACT_OWN or EXACT; null when withheld." })
  totalAmount!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "The published total amount divided by the published count, CNY, rounded to the fen; null when withheld or empty." })
  averageAmount!: string | null;

  @Field(() => Int, { nullable: true, description: "Jobs the borrowers report creating, perturbed within ±4; exact when EXACT_OWN or EXACT; null when withheld." })
  jobsCreated!: number | null;

  @Field(() => Provenance, { description: "SAMPLE if any loan behind the cell is sample data, else SOURCE." })
  provenance!: Provenance;
}

export const LoanStatisticsConnection = connectionType(LoanStatisticsRow, "LoanStatistics", "loan statistics rows");


/** What partner-only fields say first, so that the schema marks every one of them. */
export const PARTNER_ONLY = "**Partner only** (an API key in `Authorization: Bearer`; anonymous callers get UNAUTHENTICATED).";

export enum GuaranteeLoanStatus {
  ACTIVE = "ACTIVE",
  REPAID = "REPAID",
  OVERDUE = "OVERDUE",
  DEFAULTED = "DEFAULTED",
}
registerEnumType(GuaranteeLoanStatus, {
  name: "GuaranteeLoanStatus",
  description: "Where a guarantee loan stands.",
  valuesConfig: {
    ACTIVE: { description: "Being repaid on schedule (current)." },
    REPAID: { description: "Repaid in full." },
    OVERDUE: { description: "A repayment is late." },
    DEFAULTED: { description: "Defaulted: the guarantee fund was called on." },
  },
});

@ObjectType("GuaranteeLoan", {
  implements: Node,
  description: `${PARTNER_ONLY} One entrepreneurship guarantee loan (创业担保贷款), as the lending bank reported it — no personal data. A bank sees only its own loans; the database's row-level security enforces it.`,
})
export class GuaranteeLoan extends Node {
  @Field(() => PartnerBank, { description: `${PARTNER_ONLY} The lending bank.` })
  bank!: PartnerBank;

  @Field(() => String, { description: `${PARTNER_ONLY} The bank's own reference for the loan, unique per bank.` })
  loanRef!: string;

  @Field(() => String, { description: `${PARTNER_ONLY} The borrower's county-level unit (GB/T 2260 code).` })
  countyCode!: string;

  @Field(() => String, { description: `${PARTNER_ONLY} The county's league-level unit.` })
  leagueCode!: string;

  @Field(() => BorrowerType, { description: `${PARTNER_ONLY} Individual or small/micro enterprise.` })
  borrowerType!: BorrowerType;

  @Field(() => String, { nullable: true, description: `${PARTNER_ONLY} The borrower's beneficiary group code, when the borrower belongs to one the plan names.` })
  beneficiaryGroupCode!: string | null;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Amount lent, CNY, exact.` })
  amount!: string;

  @Field(() => Int, { description: `${PARTNER_ONLY} Term in months.` })
  termMonths!: number;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Annual interest rate as a fraction, e.g. \`"0.0385"\`.` })
  annualRate!: string;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Share of the interest the guarantee fund pays (贷款贴息), 0 to 1.` })
  interestSubsidyShare!: string;

  @Field(() => Boolean, { description: `${PARTNER_ONLY} Whether the counter-guarantee (反担保) was waived.` })
  counterGuaranteeWaived!: boolean;

  @Field(() => DateScalar, { description: `${PARTNER_ONLY} Date the loan was issued.` })
  issuedOn!: string;

  @Field(() => DateScalar, { description: `${PARTNER_ONLY} Date the term ends: the issue date plus the term.` })
  maturityOn!: string;

  @Field(() => GuaranteeLoanStatus, { description: `${PARTNER_ONLY} Where the loan stands.` })
  status!: GuaranteeLoanStatus;

  @Field(() => Int, { description: `${PARTNER_ONLY} Jobs the borrower reports creating.` })
  jobsCreated!: number;

  @Field(() => Provenance, { description: `${PARTNER_ONLY} SOURCE for a reported loan; SAMPLE for the sample data.` })
  provenance!: Provenance;

  @Field(() => DateTimeScalar, { description: `${PARTNER_ONLY} When the service first recorded the loan.` })
  createdAt!: string;

  @Field(() => DateTimeScalar, { description: `${PARTNER_ONLY} When the loan last changed.` })
  updatedAt!: string;
}

export const GuaranteeLoanConnection = connectionType(GuaranteeLoan, "GuaranteeLoan", "guarantee loans");

@InputType("GuaranteeLoanFilter", { description: `${PARTNER_ONLY} Restricts a list of guarantee loans.` })
export class GuaranteeLoanFilter {
  @Field(() => String, { nullable: true, description: "Programme managers only: one bank's loans. A bank's key may name only its own bank." })
  bankCode?: string | null;

  @Field(() => String, { nullable: true, description: "A league or county code (a league includes its counties); `150000` is everything." })
  regionCode?: string | null;

  @Field(() => GuaranteeLoanStatus, { nullable: true, description: "Loans in this status." })
  status?: GuaranteeLoanStatus | null;

  @Field(() => BorrowerType, { nullable: true, description: "Individuals or enterprises." })
  borrowerType?: BorrowerType | null;

  @Field(() => String, { nullable: true, description: "A beneficiary group code, or `NONE` for borrowers outside the named groups." })
  beneficiaryGroup?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Issued on or after this date." })
  issuedOnFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Issued on or before this date." })
  issuedOnTo?: string | null;
}

export enum GuaranteeLoanOrderField {
  ISSUED_ON = "ISSUED_ON",
  AMOUNT = "AMOUNT",
  LOAN_REF = "LOAN_REF",
  UPDATED_AT = "UPDATED_AT",
}
registerEnumType(GuaranteeLoanOrderField, {
  name: "GuaranteeLoanOrderField",
  description: "What guarantee loans can be ordered by (ties broken by bank and reference).",
  valuesConfig: {
    ISSUED_ON: { description: "Issue date." },
    AMOUNT: { description: "Amount lent." },
    LOAN_REF: { description: "Bank, then the bank's reference." },
    UPDATED_AT: { description: "When the loan last changed." },
  },
});

@InputType("GuaranteeLoanOrder", { description: "An ordering of guarantee loans." })
export class GuaranteeLoanOrder {
  @Field(() => GuaranteeLoanOrderField, { description: "The field to order by." })
  field!: GuaranteeLoanOrderField;

  @Field(() => OrderDirection, { description: "The direction." })
  direction!: OrderDirection;
}
