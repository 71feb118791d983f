import { bpsOf } from "./fees";

/** What a bank records for the waterfall besides the proceeds: the costs of the disposal, and what risk-sharers paid it. */
export const DISPOSAL_COST_KINDS = ["appraisal", "registry_fee", "annuity", "enforcement", "other"] as const;
export type DisposalCostKind = (typeof DISPOSAL_COST_KINDS)[number];

/**
 * The most a risk-sharer can have paid the bank on a loss: its share of the exposure at default, rounded
 * down to the minor unit. A payment beyond it would let the waterfall return more than the sharer bore.
 */
export function sharerCeiling(exposureAtDefault: bigint, shareBps: number): bigint {
  return bpsOf(exposureAtDefault, shareBps);
}
