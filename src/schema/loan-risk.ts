import { Field, InputType, Int, InterfaceType, ObjectType } from "type-graphql";
import { BorrowerType, PARTNER_ONLY, PartnerBank } from "./loan.js";
import { Region } from "./region.js";
import { DateScalar, DecimalScalar } from "./scalars.js";

/** The measures every level of a risk report has (an interface, so one fragment reads any level). */
@InterfaceType("LoanRiskMeasures", { description: `${PARTNER_ONLY} Risk measures of a set of guarantee loans: counts and amounts by status, overdue and default rates, exact.` })
export abstract class LoanRiskMeasures {
  @Field(() => Int, { description: `${PARTNER_ONLY} Loans counted.` })
  loanCount!: number;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Amount lent by those loans, CNY, exact.` })
  totalAmount!: string;

  @Field(() => Int, { description: `${PARTNER_ONLY} Loans being repaid on schedule (status ACTIVE).` })
  activeCount!: number;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Amount lent by the ACTIVE loans, CNY.` })
  activeAmount!: string;

  @Field(() => Int, { description: `${PARTNER_ONLY} Loans with a late repayment (status OVERDUE).` })
  overdueCount!: number;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Amount lent by the OVERDUE loans, CNY.` })
  overdueAmount!: string;

  @Field(() => Int, { description: `${PARTNER_ONLY} Loans repaid in full (status REPAID).` })
  repaidCount!: number;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Amount lent by the REPAID loans, CNY.` })
  repaidAmount!: string;

  @Field(() => Int, { description: `${PARTNER_ONLY} Loans on which the guarantee fund was called (status DEFAULTED).` })
  defaultedCount!: number;

  @Field(() => DecimalScalar, { description: `${PARTNER_ONLY} Amount lent by the DEFAULTED loans, CNY.` })
  defaultedAmount!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: `${PARTNER_ONLY} Overdue rate (逾期率): overdue amount ÷ amount of the loans still running (ACTIVE + OVERDUE), 4 decimal places, e.g. \`"0.0512"\`; null when none is running.`,
  })
  overdueRate!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: `${PARTNER_ONLY} Default rate (代偿率, the guarantee fund's compensation rate): defaulted amount ÷ amount of the loans that have ended (REPAID + DEFAULTED), 4 decimal places; null when none has ended.`,
  })
  defaultRate!: string | null;
}

@ObjectType("LoanRiskByBank", { implements: LoanRiskMeasures, description: `${PARTNER_ONLY} Risk measures of one bank's loans.` })
export class LoanRiskByBank extends LoanRiskMeasures {
  @Field(() => String, { description: `${PARTNER_ONLY} The bank's code.` })
  bankCode!: string;

  @Field(() => PartnerBank, { description: `${PARTNER_ONLY} The bank.` })
  bank!: PartnerBank;
}

@ObjectType("LoanRiskByLeague", { implements: LoanRiskMeasures, description: `${PARTNER_ONLY} Risk measures of the loans to borrowers of one league-level unit.` })
export class LoanRiskByLeague extends LoanRiskMeasures {
  @Field(() => String, { description: `${PARTNER_ONLY} The league's code.` })
  leagueCode!: string;

  @Field(() => Region, { description: `${PARTNER_ONLY} The league.` })
  league!: Region;
}

@ObjectType("LoanRiskByYear", { implements: LoanRiskMeasures, description: `${PARTNER_ONLY} Risk measures of the loans issued in one year.` })
export class LoanRiskByYear extends LoanRiskMeasures {
  @Field(() => Int, { description: `${PARTNER_ONLY} Year of issue.` })
  year!: number;
}

@ObjectType("LoanRisk", {
  implements: LoanRiskMeasures,
  description: `${PARTNER_ONLY} Risk measures of the guarantee loans a partner may see — a bank's own, or (programme managers) every bank's: counts and amounts by status, overdue and default rates, exact, in total and broken down by bank, league and year of issue. Rates are on the amounts lent.`,
})
export class LoanRisk extends LoanRiskMeasures {
  @Field(() => [LoanRiskByBank], { description: `${PARTNER_ONLY} By lending bank (a bank's key: its own only), banks holding loans, by code.` })
  byBank!: LoanRiskByBank[];

  @Field(() => [LoanRiskByLeague], { description: `${PARTNER_ONLY} By the borrower's league, leagues holding loans, by code.` })
  byLeague!: LoanRiskByLeague[];

  @Field(() => [LoanRiskByYear], { description: `${PARTNER_ONLY} By year of issue, years holding loans, in order.` })
  byYear!: LoanRiskByYear[];
}

@InputType("LoanRiskFilter", { description: `${PARTNER_ONLY} Restricts the loans risk measures are computed over.` })
export class LoanRiskFilter {
  @Field(() => String, { nullable: true, description: "Programme managers: one bank's loans. A bank's key may name only its own bank." })
  bankCode?: string | null;

  @Field(() => String, { nullable: true, description: "A league or county code (a league includes its counties); `150000` is everything." })
  regionCode?: string | null;

  @Field(() => BorrowerType, { nullable: true, description: "Individuals or enterprises." })
  borrowerType?: BorrowerType | null;

  @Field(() => String, { nullable: true, description: "A beneficiary group code, or `NONE` for borrowers outside the named groups." })
  beneficiaryGroup?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Loans issued on or after this date." })
  issuedOnFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Loans issued on or before this date." })
  issuedOnTo?: string | null;
}
