import { daysBetween, isCalendarDate } from "../calendar-date";
import type { ClaimAmounts, ClaimComponent } from "./waterfall";

/**
 * What a defaulted loan's creditor is owed as of a date, and how much of it a pledge secures (decision 020).
 * Pure: the date is a parameter. Integer minor units throughout.
 *
 * - principal, contractual interest and penalty interest to the default date, and enforcement costs, are the
 *   figures recorded at default (plus enforcement costs recorded since);
 * - default (penalty) interest accrues from the default date to the as-of date on the principal still unpaid,
 *   at the loan's penalty rate, actual/360 or actual/365: a day t (default ≤ t < as-of) accrues
 *   principal outstanding at the end of day t × rateBps / 10,000 / basis, so principal repaid on day P stops
 *   accruing from P on, and the as-of day itself accrues nothing;
 * - the accrued amount is the exact sum of daily balances × daily rate (the accumulated-balance method),
 *   rounded ONCE, half up, to the minor unit; never per day.
 */

export const DAY_COUNTS = ["actual_365", "actual_360"] as const;
export type DayCount = (typeof DAY_COUNTS)[number];
/** The loans table records no basis yet: 365 is the lower of the two claims, so the debtor is never over-charged. */
export const DEFAULT_DAY_COUNT: DayCount = "actual_365";
const BASIS_DAYS: Record<DayCount, bigint> = { actual_365: 365n, actual_360: 360n };

export const CLAIM_PARTS = ["enforcementCosts", "interest", "penaltyInterest", "principal"] as const;
export type ClaimPart = (typeof CLAIM_PARTS)[number];
/** One amount per part; the waterfall pays them in this order (costs → interest → penalty interest → principal). */
export type ClaimParts = Record<ClaimPart, bigint>;

export type DefaultedLoan = {
  /** The disposal case's default date, "YYYY-MM-DD". */
  defaultedOn: string;
  principalAtDefault: bigint;
  /** Contractual interest accrued and unpaid at default. */
  interestAtDefault: bigint;
  /** Penalty interest already accrued at default (on overdue instalments before the loan as a whole defaulted). */
  penaltyAtDefault: bigint;
  /** Costs at default plus the enforcement costs recorded since. */
  enforcementCosts: bigint;
  /** Penalty (default) interest rate, basis points a year. */
  penaltyRateBps: number;
  dayCount: DayCount;
};

/** What an earlier distribution (or the debtor) paid on one part, on the day it was received. */
export type ComponentPayment = { on: string; part: ClaimPart; amount: bigint };

export type Claim = {
  asOf: string;
  /** Days of penalty accrual: from the default date (included) to the as-of date (excluded). */
  penaltyDays: number;
  /** Penalty interest accrued from the default date to the as-of date (excludes penaltyAtDefault). */
  penaltyAccrued: bigint;
  /** Everything the loan ever gave rise to, to the as-of date, before payments. */
  gross: ClaimParts;
  paid: ClaimParts;
  /** gross − paid: what is still owed on the as-of date. */
  owed: ClaimParts;
};

export type ClaimRefusal = "DATE_BEFORE_DEFAULT" | "PAYMENT_OUTSIDE_PERIOD" | "PAYMENTS_EXCEED_CLAIM";
export type ClaimResult = { ok: true; claim: Claim } | { ok: false; code: ClaimRefusal };

export const zeroParts = (): ClaimParts => ({ enforcementCosts: 0n, interest: 0n, penaltyInterest: 0n, principal: 0n });
export const totalOf = (parts: ClaimParts): bigint => CLAIM_PARTS.reduce((sum, p) => sum + parts[p], 0n);

/** Non-negative a / b rounded half up. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * The claim on `asOf`. Refused: an as-of date before default; a payment before default or after the as-of date;
 * payments on a part beyond what that part amounts to on the as-of date.
 */
export function claimAsOf(loan: DefaultedLoan, payments: readonly ComponentPayment[], asOf: string): ClaimResult {
  checkLoan(loan, payments, asOf);
  const penaltyDays = daysBetween(loan.defaultedOn, asOf);
  if (penaltyDays < 0) return { ok: false, code: "DATE_BEFORE_DEFAULT" };
  if (payments.some((p) => p.on < loan.defaultedOn || p.on > asOf)) return { ok: false, code: "PAYMENT_OUTSIDE_PERIOD" };

  // Σ principal outstanding × days, segment by segment between the days principal was repaid.
  const principalRepayments = payments.filter((p) => p.part === "principal" && p.amount > 0n).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let outstanding = loan.principalAtDefault;
  let from = loan.defaultedOn;
  let balanceDays = 0n;
  for (const repayment of principalRepayments) {
    balanceDays += outstanding * BigInt(daysBetween(from, repayment.on));
    outstanding -= repayment.amount;
    from = repayment.on;
    if (outstanding < 0n) return { ok: false, code: "PAYMENTS_EXCEED_CLAIM" };
  }
  balanceDays += outstanding * BigInt(daysBetween(from, asOf));
  const penaltyAccrued = roundHalfUp(balanceDays * BigInt(loan.penaltyRateBps), 10_000n * BASIS_DAYS[loan.dayCount]);

  const gross: ClaimParts = { enforcementCosts: loan.enforcementCosts, interest: loan.interestAtDefault, penaltyInterest: loan.penaltyAtDefault + penaltyAccrued, principal: loan.principalAtDefault };
  const paid = zeroParts();
  for (const p of payments) paid[p.part] += p.amount;
  const owed = zeroParts();
  for (const part of CLAIM_PARTS) {
    owed[part] = gross[part] - paid[part];
    if (owed[part] < 0n) return { ok: false, code: "PAYMENTS_EXCEED_CLAIM" };
  }
  return { ok: true, claim: { asOf, penaltyDays, penaltyAccrued, gross, paid, owed } };
}

function checkLoan(loan: DefaultedLoan, payments: readonly ComponentPayment[], asOf: string): void {
  if (![loan.defaultedOn, asOf, ...payments.map((p) => p.on)].every(isCalendarDate)) throw new RangeError("dates must be calendar dates YYYY-MM-DD");
  const amounts = [loan.principalAtDefault, loan.interestAtDefault, loan.penaltyAtDefault, loan.enforcementCosts, ...payments.map((p) => p.amount)];
  if (amounts.some((a) => a < 0n)) throw new RangeError("amounts must not be negative");
  if (!Number.isSafeInteger(loan.penaltyRateBps) || loan.penaltyRateBps < 0) throw new RangeError("the penalty rate must be a non-negative integer of basis points");
  if (!DAY_COUNTS.includes(loan.dayCount)) throw new RangeError("unknown day count");
}

/**
 * What a pledge secures (Civil Code art. 389: principal, interest, penalty, damages and enforcement costs unless the
 * parties agreed otherwise). Each scope includes the ones before it.
 */
export const SECURED_SCOPES = ["principal", "principal_and_interest", "plus_penalty_interest", "plus_enforcement_costs"] as const;
export type SecuredScope = (typeof SECURED_SCOPES)[number];
const COVERED: Record<SecuredScope, readonly ClaimPart[]> = {
  principal: ["principal"],
  principal_and_interest: ["interest", "principal"],
  plus_penalty_interest: ["interest", "penaltyInterest", "principal"],
  plus_enforcement_costs: CLAIM_PARTS,
};

export type PledgeCover = {
  scope: SecuredScope;
  /** A maximum-amount pledge's cap on everything it secures, all parts together; null for an ordinary pledge. */
  maximumAmount: bigint | null;
  /** What this pledge's collateral already paid on the loan (its earlier distribution lines): it counts against the cap. */
  paidUnderPledge: bigint;
};

export type SecuredSplit = { secured: ClaimParts; unsecured: ClaimParts; securedTotal: bigint };

/**
 * Splits what is owed into the part the pledge secures and the rest. The cap is filled in the waterfall's order
 * (costs → interest → penalty interest → principal), so the secured parts are exactly what the waterfall would pay
 * first. The unsecured rest is still owed by the debtor, but ranks after every secured claim on this collateral:
 * it is not paid from the pledge's proceeds ahead of the pledgor's surplus.
 */
export function securedPart(owed: ClaimParts, cover: PledgeCover): SecuredSplit {
  if (cover.paidUnderPledge < 0n || (cover.maximumAmount !== null && cover.maximumAmount < 0n)) throw new RangeError("cap and payments must not be negative");
  let room = cover.maximumAmount === null ? null : cover.maximumAmount - cover.paidUnderPledge;
  if (room !== null && room < 0n) room = 0n;
  const secured = zeroParts();
  const unsecured = zeroParts();
  for (const part of CLAIM_PARTS) {
    const inScope = COVERED[cover.scope].includes(part) ? owed[part] : 0n;
    const take = room === null || inScope <= room ? inScope : room;
    if (room !== null) room -= take;
    secured[part] = take;
    unsecured[part] = owed[part] - take;
  }
  return { secured, unsecured, securedTotal: totalOf(secured) };
}

/**
 * The waterfall and its distribution lines know three components; interest lines pay contractual interest first,
 * then penalty interest (art. 561 puts interest before principal; contractual interest is the older debt). Lines are
 * replayed in date order, so how an interest line splits never changes once it is paid.
 */
export function paymentsFromLines(interestAtDefault: bigint, lines: readonly { component: ClaimComponent; amount: bigint; receivedOn: string }[]): ComponentPayment[] {
  const byDate = [...lines].sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));
  let contractualLeft = interestAtDefault;
  const payments: ComponentPayment[] = [];
  for (const line of byDate) {
    if (line.amount <= 0n) continue;
    if (line.component === "enforcement_costs") payments.push({ on: line.receivedOn, part: "enforcementCosts", amount: line.amount });
    else if (line.component === "principal") payments.push({ on: line.receivedOn, part: "principal", amount: line.amount });
    else {
      const contractual = line.amount < contractualLeft ? line.amount : contractualLeft;
      contractualLeft -= contractual;
      if (contractual > 0n) payments.push({ on: line.receivedOn, part: "interest", amount: contractual });
      if (line.amount > contractual) payments.push({ on: line.receivedOn, part: "penaltyInterest", amount: line.amount - contractual });
    }
  }
  return payments;
}

/** Four parts back into the waterfall's three components (penalty interest is paid as interest). */
export function toWaterfallAmounts(parts: ClaimParts): ClaimAmounts {
  return { enforcement_costs: parts.enforcementCosts, interest: parts.interest + parts.penaltyInterest, principal: parts.principal };
}
