import type { Preset } from "../listings/vocabulary";
import { judicialCommissionCap, platformFee } from "./fees";

/**
 * What a sale costs each side, decided once at the award. Judicial preset: the buyer pays the auction
 * commission on top of the price, within the 2004 caps (marginal by band, like income tax); no platform fee.
 * Private preset: no premium; the seller bears the platform fee (basis points from configuration) out of the
 * proceeds, as the waterfall's first disposal cost. Amounts in minor units (fen for CNY).
 */
export const DEFAULT_BALANCE_DUE_DAYS = 10;
const MAX_BALANCE_DUE_DAYS = 90;
const DAY_MS = 86_400_000;

export type SettlementTermsInput = {
  preset: Preset;
  price: bigint;
  currency: string;
  /** The platform fee in basis points (configuration PLATFORM_FEE_BPS), for the private preset. */
  platformFeeBps: number;
  /** The buyer's paid deposit available to apply (0 without one). */
  deposit: bigint;
};

export type SettlementTerms = { buyerPremium: bigint; platformFee: bigint; depositApplied: bigint; balanceDue: bigint };

/** The settlement's figures: balance due = price + premium − deposit applied (a deposit larger than what is owed applies only up to it). */
export function settlementTerms(input: SettlementTermsInput): SettlementTerms {
  const buyerPremium = input.preset === "judicial" ? judicialCommissionCap(input.price, input.currency) : 0n;
  const fee = input.preset === "private" ? platformFee(input.price, { rateBps: input.platformFeeBps, capAmount: null }) : 0n;
  const owed = input.price + buyerPremium;
  const depositApplied = input.deposit < 0n ? 0n : input.deposit > owed ? owed : input.deposit;
  return { buyerPremium, platformFee: fee, depositApplied, balanceDue: owed - depositApplied };
}

/** Days to pay after the award: the listing's `balanceDueDays` when it is a sensible whole number, else 10. */
export function balanceDueDays(terms: unknown): number {
  const days = (terms as { balanceDueDays?: unknown } | null)?.balanceDueDays;
  return typeof days === "number" && Number.isInteger(days) && days >= 1 && days <= MAX_BALANCE_DUE_DAYS ? days : DEFAULT_BALANCE_DUE_DAYS;
}

export function balanceDueAt(awardedAt: Date, terms: unknown): Date {
  return new Date(awardedAt.getTime() + balanceDueDays(terms) * DAY_MS);
}

/** The title-transfer checklist, in the order it is done. */
export const CHECKLIST_STEPS = ["transfer_filed", "transfer_recorded", "pledge_cancelled"] as const;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];
