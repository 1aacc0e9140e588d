/**
 * Risk measures of guarantee loans for the partner who may see them: a bank over its own loans,
 * a programme manager over every bank's (or one bank's). Exact figures — these are the
 * partner's own data, not published statistics — computed from guarantee_loans through a
 * viewer-scoped handle, so row-level security decides which loans count.
 *
 * Rates follow the conventions of the trade, on the amounts lent (the sample and the reports
 * carry no outstanding balances):
 * - overdue rate (逾期率): overdue amount ÷ amount of the loans still running (ACTIVE + OVERDUE);
 * - default rate (代偿率, the guarantee fund's compensation rate): defaulted amount ÷ amount of
 *   the loans that have ended (REPAID + DEFAULTED).
 * Both are null when nothing is in the denominator.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { guaranteeLoans } from "../db/schema/index.js";
import { loanConditions, type GuaranteeLoanFilter } from "./loan.js";
import { centsToDecimal } from "./statistics.js";

export type LoanRiskFilter = Omit<GuaranteeLoanFilter, "status">;

/** Counts and amounts (decimal strings, CNY) by status, and the two rates (decimal strings, 4 places). */
export interface RiskFigures {
  loanCount: number;
  totalAmount: string;
  activeCount: number;
  activeAmount: string;
  overdueCount: number;
  overdueAmount: string;
  repaidCount: number;
  repaidAmount: string;
  defaultedCount: number;
  defaultedAmount: string;
  overdueRate: string | null;
  defaultRate: string | null;
}

export interface LoanRisk extends RiskFigures {
  byBank: (RiskFigures & { bankCode: string })[];
  byLeague: (RiskFigures & { leagueCode: string })[];
  byYear: (RiskFigures & { year: number })[];
}

const STATUSES = ["ACTIVE", "OVERDUE", "REPAID", "DEFAULTED"] as const;

/** `part ÷ whole` as a decimal string with 4 places, rounded half up; null when whole is 0. */
export function rate(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  const tenThousandths = (part * 20_000n + whole) / (2n * whole);
  return `${tenThousandths / 10_000n}.${String(tenThousandths % 10_000n).padStart(4, "0")}`;
}

const cents = (value: unknown) => BigInt(String(value ?? "0").split(".")[0]!);

function figuresOf(r: Record<string, unknown>): RiskFigures {
  const count = (s: string) => Number(r[`${s}_n`] ?? 0);
  const amount = (s: string) => cents(r[`${s}_cents`]);
  const a = Object.fromEntries(STATUSES.map((s) => [s, amount(s.toLowerCase())])) as Record<(typeof STATUSES)[number], bigint>;
  return {
    loanCount: Number(r.loan_n),
    totalAmount: centsToDecimal(cents(r.total_cents)),
    activeCount: count("active"),
    activeAmount: centsToDecimal(a.ACTIVE),
    overdueCount: count("overdue"),
    overdueAmount: centsToDecimal(a.OVERDUE),
    repaidCount: count("repaid"),
    repaidAmount: centsToDecimal(a.REPAID),
    defaultedCount: count("defaulted"),
    defaultedAmount: centsToDecimal(a.DEFAULTED),
    overdueRate: rate(a.OVERDUE, a.ACTIVE + a.OVERDUE),
    defaultRate: rate(a.DEFAULTED, a.REPAID + a.DEFAULTED),
  };
}

/**
 * The risk measures of the loans `db` may see that match the filter, in total and by bank,
 * league and year of issue (groups holding loans, by code or year) — one statement, grouping
 * sets. `db` must be a viewer-scoped handle (src/auth/scoped.ts).
 */
export async function loanRisk(db: Db, filter: LoanRiskFilter): Promise<LoanRisk> {
  const where: SQL | undefined = loanConditions(filter);
  const measures = STATUSES.map((s) => {
    const name = s.toLowerCase();
    return sql.raw(`cast(count(*) filter (where status = '${s}') as integer) as ${name}_n, cast(coalesce(sum(amount) filter (where status = '${s}'), 0) * 100 as text) as ${name}_cents`);
  });
  const list = await queryRows(
    db,
    sql`select grouping(bank_code) as g_bank, grouping(league_code) as g_league, grouping(year) as g_year, bank_code, league_code, year,
               cast(count(*) as integer) as loan_n, cast(coalesce(sum(amount), 0) * 100 as text) as total_cents, ${sql.join(measures, sql`, `)}
        from (select bank_code, league_code, cast(extract(year from issued_on) as integer) as year, cast(status as text) as status, amount
              from ${guaranteeLoans} ${where ? sql`where ${where}` : sql``}) loans
        group by grouping sets ((), (bank_code), (league_code), (year))`,
  );
  const flag = (v: unknown) => Number(v) === 1;
  let total: RiskFigures | null = null;
  const byBank: LoanRisk["byBank"] = [];
  const byLeague: LoanRisk["byLeague"] = [];
  const byYear: LoanRisk["byYear"] = [];
  for (const r of list) {
    const f = figuresOf(r);
    if (!flag(r.g_bank)) byBank.push({ bankCode: String(r.bank_code), ...f });
    else if (!flag(r.g_league)) byLeague.push({ leagueCode: String(r.league_code), ...f });
    else if (!flag(r.g_year)) byYear.push({ year: Number(r.year), ...f });
    else total = f;
  }
  byBank.sort((a, b) => (a.bankCode < b.bankCode ? -1 : a.bankCode > b.bankCode ? 1 : 0));
  byLeague.sort((a, b) => (a.leagueCode < b.leagueCode ? -1 : 1));
  byYear.sort((a, b) => a.year - b.year);
  return { ...total!, byBank, byLeague, byYear };
}
