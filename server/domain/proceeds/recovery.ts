import { daysBetween } from "../calendar-date";
import { ratioBps } from "../money";
import type { ClaimComponent } from "./waterfall";

/**
 * A defaulted loan's recovery (decision 009), from its distribution lines and the costs of its disposal.
 * Dates are calendar dates ("YYYY-MM-DD"). Discounting: actual/365 day count, annual compounding —
 * a flow t days after the default date is worth amount / (1 + rate)^(t / 365) on that date.
 */

/** The exposure at default frozen on the disposal case: principal, interest, penalty interest and costs at default. */
export function exposureAtDefault(c: { principalAtDefault: bigint; interestAtDefault: bigint; penaltyAtDefault: bigint; costsAtDefault: bigint }): bigint {
  return c.principalAtDefault + c.interestAtDefault + c.penaltyAtDefault + c.costsAtDefault;
}

/** A claim line of the loan (enforcement_costs, interest or principal) with the date its distribution was received. */
export type RecoveryLine = { component: ClaimComponent; organisationId: string | null; partyName: string; riskShareId: string | null; amount: bigint; receivedOn: string };

/**
 * What the creditor side spent recovering the loan (disposal costs it advanced, dated when incurred) as a
 * positive amount, and what the waterfall paid back of those costs (its disposal_cost lines) as a negative one.
 */
export type RecoveryCostFlow = { amount: bigint; on: string };

export type RecoveryInput = {
  defaultedOn: string;
  exposureAtDefault: bigint;
  lines: readonly RecoveryLine[];
  costs: readonly RecoveryCostFlow[];
  /** The annual discount rate in basis points (the loan's contract rate is a usual choice). */
  annualRateBps: number;
};

export type PartyRecovery = { organisationId: string | null; partyName: string; riskShareId: string | null; total: bigint; byComponent: Record<ClaimComponent, bigint> };

export type Recovery = {
  recovered: bigint;
  byComponent: Record<ClaimComponent, bigint>;
  /** One entry per party (the bank, each risk-sharer), in the order they first appear in the lines. */
  byParty: PartyRecovery[];
  /** recovered / exposure at default, exactly; and in basis points rounded down (null without exposure). */
  recoveryRate: { numerator: bigint; denominator: bigint };
  recoveryRateBps: number | null;
  /** 1 − (PV(recoveries) − PV(costs)) / EAD at the default date, in basis points rounded to nearest; may fall below 0 or exceed 10,000. */
  lgdBps: number | null;
  /** Days from the default date to the first and to the latest recovery (null before any). */
  daysToFirstRecovery: number | null;
  daysToRecovery: number | null;
};

const zeroComponents = (): Record<ClaimComponent, bigint> => ({ enforcement_costs: 0n, interest: 0n, principal: 0n });

export function computeRecovery(input: RecoveryInput): Recovery {
  const byComponent = zeroComponents();
  const parties = new Map<string, PartyRecovery>();
  for (const line of input.lines) {
    byComponent[line.component] += line.amount;
    const key = JSON.stringify([line.riskShareId, line.organisationId, line.partyName]);
    const party = parties.get(key) ?? { organisationId: line.organisationId, partyName: line.partyName, riskShareId: line.riskShareId, total: 0n, byComponent: zeroComponents() };
    party.total += line.amount;
    party.byComponent[line.component] += line.amount;
    parties.set(key, party);
  }
  const recovered = byComponent.enforcement_costs + byComponent.interest + byComponent.principal;
  const days = input.lines.filter((l) => l.amount > 0n).map((l) => daysBetween(input.defaultedOn, l.receivedOn));
  return {
    recovered,
    byComponent,
    byParty: [...parties.values()],
    recoveryRate: { numerator: recovered, denominator: input.exposureAtDefault },
    recoveryRateBps: ratioBps(recovered, input.exposureAtDefault),
    lgdBps: realisedLgdBps(input),
    daysToFirstRecovery: days.length ? Math.min(...days) : null,
    daysToRecovery: days.length ? Math.max(...days) : null,
  };
}

/** The realised LGD alone, in basis points; a ratio, so computed in floating point (money stays exact above). */
export function realisedLgdBps(input: RecoveryInput): number | null {
  if (input.exposureAtDefault <= 0n) return null;
  const rate = input.annualRateBps / 10_000;
  const presentValue = (amount: bigint, on: string) => Number(amount) / Math.pow(1 + rate, daysBetween(input.defaultedOn, on) / 365);
  const recoveries = input.lines.reduce((sum, l) => sum + presentValue(l.amount, l.receivedOn), 0);
  const costs = input.costs.reduce((sum, c) => sum + presentValue(c.amount, c.on), 0);
  return Math.round((1 - (recoveries - costs) / Number(input.exposureAtDefault)) * 10_000);
}
