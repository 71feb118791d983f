import { minorDigits } from "../money";

/**
 * What a sale costs on top of (buyer's premium) or out of (platform fee) the price. Every amount is an integer
 * of minor units, rounded DOWN (floor): a fee never exceeds its rate, and the judicial cap is never crossed.
 */

/**
 * The judicial preset's cap on the buyer's commission (auction rules 2004, art. 29), marginal by band:
 * 5% of the price up to 2m, 3% of the part from 2m to 10m, 2% from 10m to 50m, 1% from 50m to 100m, 0.5% above.
 * Band edges are in major units of the currency (¥, $, €…), scaled by its minor digits like the increment table.
 */
const JUDICIAL_COMMISSION_BANDS: ReadonlyArray<{ upToMajor: bigint | null; bps: bigint }> = [
  { upToMajor: 2_000_000n, bps: 500n },
  { upToMajor: 10_000_000n, bps: 300n },
  { upToMajor: 50_000_000n, bps: 200n },
  { upToMajor: 100_000_000n, bps: 100n },
  { upToMajor: null, bps: 50n },
];

/** The most a buyer may be charged as commission on `price` under the judicial preset: Σ band part × rate, floored once at the end. */
export function judicialCommissionCap(price: bigint, currency: string): bigint {
  if (price < 0n) throw new RangeError("price must not be negative");
  const scale = 10n ** BigInt(minorDigits(currency));
  let lower = 0n;
  let weighted = 0n;
  for (const band of JUDICIAL_COMMISSION_BANDS) {
    const upper = band.upToMajor === null ? price : band.upToMajor * scale;
    const inBand = (price < upper ? price : upper) - lower;
    if (inBand <= 0n) break;
    weighted += inBand * band.bps;
    lower = upper;
  }
  return weighted / 10_000n;
}

/** `price` × `rateBps` / 10,000, floored. */
export function bpsOf(price: bigint, rateBps: number): bigint {
  if (!Number.isInteger(rateBps) || rateBps < 0) throw new RangeError("rate must be a non-negative integer of basis points");
  if (price < 0n) throw new RangeError("price must not be negative");
  return (price * BigInt(rateBps)) / 10_000n;
}

/** The buyer's premium at the listing's rate; under the judicial preset never above the commission cap. */
export function buyerPremium(price: bigint, currency: string, rule: { preset: "judicial" | "private"; rateBps: number }): bigint {
  const premium = bpsOf(price, rule.rateBps);
  if (rule.preset !== "judicial") return premium;
  const cap = judicialCommissionCap(price, currency);
  return premium < cap ? premium : cap;
}

/** The private preset's platform fee: a rate of the price, optionally capped at an amount in minor units. */
export type PlatformFeeRule = { rateBps: number; capAmount: bigint | null };

export function platformFee(price: bigint, rule: PlatformFeeRule): bigint {
  const fee = bpsOf(price, rule.rateBps);
  return rule.capAmount !== null && rule.capAmount < fee ? rule.capAmount : fee;
}
