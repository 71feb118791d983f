import type { Preset } from "../listings/vocabulary";

/**
 * What a sale costs each side, decided once at the award. Judicial preset: the buyer pays the auction
 * commission on top of the price, within the 2004 caps (marginal by band, like income tax); no platform fee.
 * Private preset: no premium; the seller bears the platform fee (basis points from configuration) out of the
 * proceeds, as the waterfall's first disposal cost. Amounts in minor units (fen for CNY).
 */
const YUAN = 100n;
const MILLION = 1_000_000n * YUAN;

/** Upper edge of each band (null: no edge) and its rate in basis points. */
export const JUDICIAL_COMMISSION_BANDS: ReadonlyArray<{ upTo: bigint | null; bps: bigint }> = [
  { upTo: 2n * MILLION, bps: 500n },
  { upTo: 10n * MILLION, bps: 300n },
  { upTo: 50n * MILLION, bps: 200n },
  { upTo: 100n * MILLION, bps: 100n },
  { upTo: null, bps: 50n },
];

export const DEFAULT_BALANCE_DUE_DAYS = 10;
const MAX_BALANCE_DUE_DAYS = 90;
const DAY_MS = 86_400_000;

/** The most a judicial buyer may be charged: each band's slice of the price at its rate, rounded down so the cap is never exceeded. */
export function judicialCommission(price: bigint): bigint {
  let total = 0n;
  let from = 0n;
  for (const band of JUDICIAL_COMMISSION_BANDS) {
    const to = band.upTo === null || band.upTo > price ? price : band.upTo;
    if (to > from) total += ((to - from) * band.bps) / 10_000n;
    if (band.upTo === null || price <= band.upTo) break;
    from = band.upTo;
  }
  return total;
}

export type SettlementTermsInput = {
  preset: Preset;
  price: bigint;
  /** The platform fee in basis points (configuration PLATFORM_FEE_BPS), for the private preset. */
  platformFeeBps: number;
  /** The buyer's paid deposit available to apply (0 without one). */
  deposit: bigint;
};

export type SettlementTerms = { buyerPremium: bigint; platformFee: bigint; depositApplied: bigint; balanceDue: bigint };

/** The settlement's figures: balance due = price + premium − deposit applied (a deposit larger than what is owed applies only up to it). */
export function settlementTerms(input: SettlementTermsInput): SettlementTerms {
  const buyerPremium = input.preset === "judicial" ? judicialCommission(input.price) : 0n;
  const platformFee = input.preset === "private" ? (input.price * BigInt(input.platformFeeBps)) / 10_000n : 0n;
  const owed = input.price + buyerPremium;
  const depositApplied = input.deposit < 0n ? 0n : input.deposit > owed ? owed : input.deposit;
  return { buyerPremium, platformFee, depositApplied, balanceDue: owed - depositApplied };
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
