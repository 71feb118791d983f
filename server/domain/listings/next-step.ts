import { fixedPriceFloor, minRelistStart } from "./presets";
import type { ListingMode, ListingStatus, Preset } from "./vocabulary";

/** An attempt of a disposal case, as far as the next step is concerned. */
export type CaseAttempt = { id: string; mode: ListingMode; preset: Preset; status: ListingStatus; price: bigint };

/**
 * What a disposal case does next, from its attempts (oldest first) and the latest appraisal of its rights:
 * nothing while an attempt is under way or after a sale; otherwise a first auction, a relist no more than
 * 20% below the last failed start, or after two failed auctions a fixed-price sale at no less than half the
 * appraisal. The bounds are the presets' own (minRelistStart, fixedPriceFloor).
 */
export type NextStep =
  | { kind: "under_way"; listingId: string; status: ListingStatus }
  | { kind: "concluded"; listingId: string }
  | { kind: "first_auction" }
  | { kind: "relist"; previousStart: bigint; minStart: bigint; preset: Preset }
  | { kind: "fixed_price"; floor: bigint | null; preset: Preset };

const ENDED_WITHOUT_SALE: readonly ListingStatus[] = ["unsold", "withdrawn"];
const FAILED_AUCTION_MODES: readonly ListingMode[] = ["english_auction", "tender"];

export function nextStepOf(attempts: readonly CaseAttempt[], appraisal: bigint | null): NextStep {
  const sold = attempts.find((a) => a.status === "settled");
  if (sold) return { kind: "concluded", listingId: sold.id };
  const live = attempts.find((a) => !ENDED_WITHOUT_SALE.includes(a.status));
  if (live) return { kind: "under_way", listingId: live.id, status: live.status };
  // Counted as the listing service counts them when it numbers an attempt.
  const failed = attempts.filter((a) => a.status === "unsold" && FAILED_AUCTION_MODES.includes(a.mode));
  const last = failed.at(-1);
  if (!last) return { kind: "first_auction" };
  if (failed.length === 1) return { kind: "relist", previousStart: last.price, minStart: minRelistStart(last.price), preset: last.preset };
  return { kind: "fixed_price", floor: appraisal === null ? null : fixedPriceFloor(appraisal), preset: last.preset };
}

/** part / whole in basis points, to the nearest one (halves away from zero). */
function roundedBps(part: bigint, whole: bigint): number {
  const twice = (part * 20_000n) / whole;
  return Number((twice + (twice >= 0n ? 1n : -1n)) / 2n);
}

/** The cut of a start against the previous one, in basis points (2,000 = 20%; negative for a rise); null without a previous start. */
export function cutBps(start: bigint, previousStart: bigint | null): number | null {
  if (previousStart === null || previousStart <= 0n) return null;
  return roundedBps(previousStart - start, previousStart);
}

/** A price as basis points of the appraisal (7,000 = 70%); null without an appraisal. */
export function shareOfAppraisalBps(price: bigint, appraisal: bigint | null): number | null {
  if (appraisal === null || appraisal <= 0n) return null;
  return roundedBps(price, appraisal);
}
