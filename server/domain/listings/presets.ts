import type { ListingMode, Preset } from "./vocabulary";
import { workingDaysBetween } from "./working-days";

/**
 * The rule presets with their numbers (docs/domain.md, "Disposal modes and their rules"). `judicial`
 * follows the 2016 Supreme People's Court rules on online judicial auctions and the enforcement rules;
 * `private` is a bank's consensual disposal.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const JUDICIAL = {
  noticeDaysFirst: 30,
  noticeDaysReauction: 15,
  listedTransferNoticeWorkingDays: 20,
  startMinBpsOfAppraisal: 7_000,
  depositMinBps: 500,
  depositMaxBps: 2_000,
  biddingMinHours: 24,
  antiSnipeSeconds: 300,
  maxCutBps: 2_000,
  fixedPriceMinBpsOfAppraisal: 5_000,
  fixedPriceMaxDays: 60,
} as const;

export const PRIVATE = {
  noticeDays: 7,
  depositDefaultBps: 1_000,
  depositMaxBps: 5_000,
  biddingMinHours: 1,
  antiSnipeMaxSeconds: 3_600,
  extensionMinSeconds: 60,
} as const;

export type AuctionTerms = {
  startPrice: bigint;
  reserve: bigint | null;
  reserveHidden: boolean;
  incrementKind: "fixed" | "stepped";
  increment: bigint | null;
  deposit: bigint;
  announceAt: Date;
  opensAt: Date;
  closesAt: Date;
  antiSnipeWindowSeconds: number;
  antiSnipeExtensionSeconds: number;
  proxyBids: boolean;
};

export type AttemptContext = {
  /** The latest appraisal of the lot (sum over a bundle), if any. */
  appraisal: bigint | null;
  /** 1 for the first auction of the case, 2+ for re-auctions. */
  attempt: number;
  /** The start price of the previous failed attempt, for the step-down rule. */
  previousStart: bigint | null;
  now: Date;
};

export type Violation = { rule: string; field: string; params?: Record<string, string | number> };

const bps = (amount: bigint, basisPoints: number) => (amount * BigInt(basisPoints) + 9_999n) / 10_000n;
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);

/** The least start allowed after a failed attempt: at most a 20% cut (rounded up to the fen). */
export function minRelistStart(previousStart: bigint): bigint {
  return bps(previousStart, 10_000 - JUDICIAL.maxCutBps);
}

/** The fixed-price sale after a second failure is never below half the appraisal. */
export function fixedPriceFloor(appraisal: bigint): bigint {
  return bps(appraisal, JUDICIAL.fixedPriceMinBpsOfAppraisal);
}

/** The stepped increment table (by current price, in fen): ¥100 below ¥10,000 … ¥500,000 above ¥100m. */
export function steppedIncrement(currentPrice: bigint): bigint {
  const bands: Array<[bigint, bigint]> = [
    [1_000_000n, 10_000n],
    [10_000_000n, 100_000n],
    [100_000_000n, 500_000n],
    [1_000_000_000n, 2_000_000n],
    [10_000_000_000n, 10_000_000n],
  ];
  for (const [below, step] of bands) if (currentPrice < below) return step;
  return 50_000_000n;
}

/** Every rule of the preset that these auction terms break (empty when they are allowed). */
export function checkAuctionTerms(mode: ListingMode, preset: Preset, t: AuctionTerms, ctx: AttemptContext): Violation[] {
  const out: Violation[] = [];
  const add = (rule: string, field: string, params?: Violation["params"]) => out.push({ rule, field, params });
  if (t.startPrice <= 0n) add("start_positive", "startPrice");
  if (t.reserve !== null && t.reserve < t.startPrice) add("reserve_below_start", "reserve");
  if (!(t.announceAt <= t.opensAt && t.opensAt < t.closesAt)) add("times_out_of_order", "closesAt");
  if (t.announceAt.getTime() < ctx.now.getTime() - 60_000) add("announce_in_past", "announceAt");
  if (t.incrementKind === "fixed" && (t.increment === null || t.increment <= 0n)) add("increment_positive", "increment");
  const noticeMs = t.opensAt.getTime() - t.announceAt.getTime();
  const biddingMs = t.closesAt.getTime() - t.opensAt.getTime();

  if (preset === "judicial") {
    const noticeDays = ctx.attempt > 1 ? JUDICIAL.noticeDaysReauction : JUDICIAL.noticeDaysFirst;
    if (mode === "listed_transfer") {
      const days = workingDaysBetween(chinaDay(t.announceAt), chinaDay(t.opensAt));
      if (days < JUDICIAL.listedTransferNoticeWorkingDays) add("judicial.notice_working_days", "opensAt", { min: JUDICIAL.listedTransferNoticeWorkingDays, actual: days });
    } else if (noticeMs < noticeDays * DAY_MS) {
      add(ctx.attempt > 1 ? "judicial.notice_reauction" : "judicial.notice_first", "opensAt", { min: noticeDays });
    }
    if (mode === "fixed_price") {
      if (ctx.appraisal !== null && t.startPrice < fixedPriceFloor(ctx.appraisal)) add("judicial.fixed_price_floor", "startPrice", { min: fixedPriceFloor(ctx.appraisal).toString() });
      if (biddingMs > JUDICIAL.fixedPriceMaxDays * DAY_MS) add("judicial.fixed_price_period", "closesAt", { max: JUDICIAL.fixedPriceMaxDays });
    } else if (ctx.attempt > 1 && ctx.previousStart !== null) {
      if (t.startPrice < minRelistStart(ctx.previousStart)) add("judicial.cut_over_20", "startPrice", { min: minRelistStart(ctx.previousStart).toString() });
    } else if (ctx.appraisal !== null && t.startPrice < bps(ctx.appraisal, JUDICIAL.startMinBpsOfAppraisal)) {
      add("judicial.start_below_70", "startPrice", { min: bps(ctx.appraisal, JUDICIAL.startMinBpsOfAppraisal).toString() });
    }
    // Every judicial price rests on an appraisal, the fixed-price floor included.
    if (ctx.appraisal === null) add("judicial.appraisal_required", "startPrice");
    if (t.deposit < bps(t.startPrice, JUDICIAL.depositMinBps) || t.deposit > (t.startPrice * BigInt(JUDICIAL.depositMaxBps)) / 10_000n) {
      add("judicial.deposit_range", "deposit", { min: bps(t.startPrice, JUDICIAL.depositMinBps).toString(), max: ((t.startPrice * BigInt(JUDICIAL.depositMaxBps)) / 10_000n).toString() });
    }
    if (mode !== "fixed_price" && biddingMs < JUDICIAL.biddingMinHours * HOUR_MS) add("judicial.bidding_24h", "closesAt", { min: JUDICIAL.biddingMinHours });
    if (t.antiSnipeWindowSeconds !== JUDICIAL.antiSnipeSeconds || t.antiSnipeExtensionSeconds !== JUDICIAL.antiSnipeSeconds) add("judicial.anti_sniping_fixed", "antiSnipeWindowSeconds", { seconds: JUDICIAL.antiSnipeSeconds });
    if (t.incrementKind !== "fixed") add("judicial.increment_fixed", "incrementKind");
    if (t.proxyBids) add("judicial.no_proxy", "proxyBids");
    return out;
  }

  if (noticeMs < PRIVATE.noticeDays * DAY_MS) add("private.notice", "opensAt", { min: PRIVATE.noticeDays });
  if (t.deposit < 0n || t.deposit > (t.startPrice * BigInt(PRIVATE.depositMaxBps)) / 10_000n) add("private.deposit_range", "deposit", { max: ((t.startPrice * BigInt(PRIVATE.depositMaxBps)) / 10_000n).toString() });
  if (mode !== "fixed_price" && biddingMs < PRIVATE.biddingMinHours * HOUR_MS) add("private.bidding_1h", "closesAt", { min: PRIVATE.biddingMinHours });
  if (t.antiSnipeWindowSeconds < 0 || t.antiSnipeWindowSeconds > PRIVATE.antiSnipeMaxSeconds) add("private.anti_sniping_window", "antiSnipeWindowSeconds", { max: PRIVATE.antiSnipeMaxSeconds });
  if (t.antiSnipeWindowSeconds > 0 && t.antiSnipeExtensionSeconds < PRIVATE.extensionMinSeconds) add("private.extension_min", "antiSnipeExtensionSeconds", { min: PRIVATE.extensionMinSeconds });
  return out;
}

/** Default terms a seller starts from, filled from the preset and the appraisal. */
export function defaultAuctionTerms(preset: Preset, appraisal: bigint | null, now: Date): AuctionTerms {
  const start = appraisal !== null ? bps(appraisal, preset === "judicial" ? JUDICIAL.startMinBpsOfAppraisal : 10_000) : 100_000_00n;
  const noticeDays = preset === "judicial" ? JUDICIAL.noticeDaysFirst : PRIVATE.noticeDays;
  const announceAt = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const opensAt = new Date(announceAt.getTime() + noticeDays * DAY_MS);
  return {
    startPrice: start,
    reserve: null,
    reserveHidden: true,
    incrementKind: preset === "judicial" ? "fixed" : "stepped",
    increment: preset === "judicial" ? steppedIncrement(start) : null,
    deposit: bps(start, preset === "judicial" ? 1_000 : PRIVATE.depositDefaultBps),
    announceAt,
    opensAt,
    closesAt: new Date(opensAt.getTime() + (preset === "judicial" ? JUDICIAL.biddingMinHours : 24) * HOUR_MS),
    antiSnipeWindowSeconds: JUDICIAL.antiSnipeSeconds,
    antiSnipeExtensionSeconds: JUDICIAL.antiSnipeSeconds,
    proxyBids: preset === "private",
  };
}
