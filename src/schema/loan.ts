import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "./connection.js";
import { Provenance } from "./enums.js";
import { Node } from "./node.js";
import { DecimalScalar } from "./scalars.js";

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

  @Field(() => String, { description: "Chinese name." })
  name!: string;

  @Field(() => String, { description: "English name." })
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
  description: "Why a statistics cell's measures are withheld.",
  valuesConfig: {
    PRIMARY: { description: "The cell counts 1–9 loans: too few to publish without risk of identifying borrowers." },
    COMPLEMENTARY: { description: "Withheld so that a PRIMARY cell of the same line cannot be recovered by subtracting published cells from a published total." },
  },
});

@InputType("LoanStatisticsFilter", { description: "Restricts loan statistics to one value of some dimensions. Each filtered dimension is treated as grouped for suppression, so a filter shows a cell exactly as the full table does." })
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
}

@ObjectType("LoanStatisticsRow", {
  description:
    "One cell of a guarantee-loan statistics table: its dimension values and measures. Small-cell suppression protects borrowers: a cell counting 1–9 loans has all its measures withheld (null, `suppressed: true`, reason PRIMARY); and wherever a total that a client can obtain from another query (the same table without one dimension, a county's league, a quarter's year) would reveal a withheld cell by subtraction, the smallest other cell of that line is withheld too (reason COMPLEMENTARY). Empty cells (0 loans) are not listed.",
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

  @Field(() => Boolean, { description: "Whether the measures of this cell are withheld." })
  suppressed!: boolean;

  @Field(() => SuppressionReason, { nullable: true, description: "Why they are withheld; null when published." })
  suppressionReason!: SuppressionReason | null;

  @Field(() => Int, { nullable: true, description: "Number of loans; null when suppressed." })
  loanCount!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Total amount lent, CNY; null when suppressed." })
  totalAmount!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Average loan, CNY, rounded to the fen; null when suppressed." })
  averageAmount!: string | null;

  @Field(() => Int, { nullable: true, description: "Jobs the borrowers report creating; null when suppressed." })
  jobsCreated!: number | null;

  @Field(() => Provenance, { description: "SAMPLE if any loan behind the cell is sample data, else SOURCE." })
  provenance!: Provenance;
}

export const LoanStatisticsConnection = connectionType(LoanStatisticsRow, "LoanStatistics", "loan statistics rows");

