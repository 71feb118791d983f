import { describe, expect, it } from "vitest";
import {
  type AttemptContext,
  type AuctionTerms,
  checkAuctionTerms,
  defaultAuctionTerms,
  fixedPriceFloor,
  minRelistStart,
  steppedIncrement,
} from "../../server/domain/listings/presets";
import type { ListingMode, Preset } from "../../server/domain/listings/vocabulary";

/** The fake clock: every date in this file is built from this instant (10:00 in Shanghai). */
const NOW = new Date("2026-03-02T02:00:00.000Z");
const MS = 1;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Amounts in fen, written in yuan so the numbers read like docs/domain.md. */
const yuan = (n: number) => BigInt(n) * 100n;

/** ¥1m appraisal; its 70% is exactly ¥700,000. */
const APPRAISAL = yuan(1_000_000);
const START = yuan(700_000);

function schedule(noticeMs: number, biddingMs: number, announceAt: Date = NOW) {
  const opensAt = new Date(announceAt.getTime() + noticeMs);
  return { announceAt, opensAt, closesAt: new Date(opensAt.getTime() + biddingMs) };
}

/** Valid judicial terms (a deposit of 10% of whatever start is chosen), with overrides. */
function judicialTerms(over: Partial<AuctionTerms> = {}): AuctionTerms {
  const startPrice = over.startPrice ?? START;
  return {
    startPrice,
    reserve: null,
    reserveHidden: false,
    incrementKind: "fixed",
    increment: yuan(5_000),
    deposit: startPrice / 10n,
    ...schedule(30 * DAY, 24 * HOUR),
    antiSnipeWindowSeconds: 300,
    antiSnipeExtensionSeconds: 300,
    proxyBids: false,
    ...over,
  };
}

/** Valid private terms, with overrides. */
function privateTerms(over: Partial<AuctionTerms> = {}): AuctionTerms {
  const startPrice = over.startPrice ?? START;
  return {
    startPrice,
    reserve: null,
    reserveHidden: true,
    incrementKind: "stepped",
    increment: null,
    deposit: startPrice / 10n,
    ...schedule(7 * DAY, 1 * HOUR),
    antiSnipeWindowSeconds: 300,
    antiSnipeExtensionSeconds: 300,
    proxyBids: true,
    ...over,
  };
}

function context(over: Partial<AttemptContext> = {}): AttemptContext {
  return { appraisal: APPRAISAL, attempt: 1, previousStart: null, now: NOW, ...over };
}

/** The rules broken, sorted, so a row states exactly which rules fire and no others. */
function broken(mode: ListingMode, preset: Preset, terms: AuctionTerms, ctx: AttemptContext = context()): string[] {
  return checkAuctionTerms(mode, preset, terms, ctx)
    .map((v) => v.rule)
    .sort();
}

type Row = [label: string, terms: AuctionTerms, ctx: AttemptContext, expected: string[]];

describe("checkAuctionTerms under the judicial preset (english auction)", () => {
  it("accepts the base terms used by every row below", () => {
    expect(broken("english_auction", "judicial", judicialTerms())).toEqual([]);
  });

  describe("public notice: 30 days for a first auction, 15 for a re-auction", () => {
    const reauction = context({ attempt: 2, previousStart: START });
    it.each<Row>([
      ["first auction, exactly 30 days", judicialTerms(schedule(30 * DAY, 24 * HOUR)), context(), []],
      ["first auction, 30 days − 1 ms", judicialTerms(schedule(30 * DAY - MS, 24 * HOUR)), context(), ["judicial.notice_first"]],
      ["first auction, 15 days", judicialTerms(schedule(15 * DAY, 24 * HOUR)), context(), ["judicial.notice_first"]],
      ["re-auction (attempt 2), exactly 15 days", judicialTerms(schedule(15 * DAY, 24 * HOUR)), reauction, []],
      ["re-auction (attempt 2), 15 days − 1 ms", judicialTerms(schedule(15 * DAY - MS, 24 * HOUR)), reauction, ["judicial.notice_reauction"]],
      ["re-auction (attempt 3), exactly 15 days", judicialTerms(schedule(15 * DAY, 24 * HOUR)), { ...reauction, attempt: 3 }, []],
    ])("%s", (_label, terms, ctx, expected) => {
      expect(broken("english_auction", "judicial", terms, ctx)).toEqual(expected);
    });

    it("names the minimum in days", () => {
      const [violation] = checkAuctionTerms("english_auction", "judicial", judicialTerms(schedule(30 * DAY - MS, 24 * HOUR)), context());
      expect(violation).toEqual({ rule: "judicial.notice_first", field: "opensAt", params: { min: 30 } });
    });
  });

  describe("starting price ≥ 70% of the appraisal, rounded up to the fen", () => {
    it.each<Row>([
      ["¥1m appraisal, start exactly ¥700,000", judicialTerms({ startPrice: 70_000_000n }), context(), []],
      ["¥1m appraisal, start one fen less", judicialTerms({ startPrice: 69_999_999n }), context(), ["judicial.start_below_70"]],
      // 70% of 1,000,001 fen is 700,000.7 fen: the least allowed start is 700,001.
      ["odd appraisal 1,000,001 fen, start 700,001", judicialTerms({ startPrice: 700_001n }), context({ appraisal: 1_000_001n }), []],
      ["odd appraisal 1,000,001 fen, start 700,000", judicialTerms({ startPrice: 700_000n }), context({ appraisal: 1_000_001n }), ["judicial.start_below_70"]],
      ["start above the appraisal", judicialTerms({ startPrice: yuan(2_000_000) }), context(), []],
    ])("%s", (_label, terms, ctx, expected) => {
      expect(broken("english_auction", "judicial", terms, ctx)).toEqual(expected);
    });

    it("names the least allowed start", () => {
      const violations = checkAuctionTerms("english_auction", "judicial", judicialTerms({ startPrice: 700_000n }), context({ appraisal: 1_000_001n }));
      expect(violations).toEqual([{ rule: "judicial.start_below_70", field: "startPrice", params: { min: "700001" } }]);
    });

    it.each<[ListingMode]>([["english_auction"], ["tender"], ["listed_transfer"], ["fixed_price"]])("refuses %s with no appraisal", (mode) => {
      const terms = mode === "listed_transfer" ? judicialTerms(schedule(40 * DAY, 24 * HOUR)) : judicialTerms();
      expect(broken(mode, "judicial", terms, context({ appraisal: null }))).toEqual(["judicial.appraisal_required"]);
    });
  });

  describe("deposit between 5% and 20% of the start, both inclusive", () => {
    // Start ¥700,000: 5% = 3,500,000 fen, 20% = 14,000,000 fen.
    // Odd start 70,000,001 fen: 5% = 3,500,000.05 → least 3,500,001; 20% = 14,000,000.2 → most 14,000,000.
    it.each<Row>([
      ["exactly 5%", judicialTerms({ deposit: 3_500_000n }), context(), []],
      ["5% − 1 fen", judicialTerms({ deposit: 3_499_999n }), context(), ["judicial.deposit_range"]],
      ["exactly 20%", judicialTerms({ deposit: 14_000_000n }), context(), []],
      ["20% + 1 fen", judicialTerms({ deposit: 14_000_001n }), context(), ["judicial.deposit_range"]],
      ["no deposit", judicialTerms({ deposit: 0n }), context(), ["judicial.deposit_range"]],
      ["odd start, 3,500,001 fen", judicialTerms({ startPrice: 70_000_001n, deposit: 3_500_001n }), context(), []],
      ["odd start, 3,500,000 fen (just under 5%)", judicialTerms({ startPrice: 70_000_001n, deposit: 3_500_000n }), context(), ["judicial.deposit_range"]],
      ["odd start, 14,000,000 fen", judicialTerms({ startPrice: 70_000_001n, deposit: 14_000_000n }), context(), []],
      ["odd start, 14,000,001 fen (just over 20%)", judicialTerms({ startPrice: 70_000_001n, deposit: 14_000_001n }), context(), ["judicial.deposit_range"]],
    ])("%s", (_label, terms, ctx, expected) => {
      expect(broken("english_auction", "judicial", terms, ctx)).toEqual(expected);
    });

    it("names both bounds", () => {
      const violations = checkAuctionTerms("english_auction", "judicial", judicialTerms({ startPrice: 70_000_001n, deposit: 1n }), context());
      expect(violations).toEqual([{ rule: "judicial.deposit_range", field: "deposit", params: { min: "3500001", max: "14000000" } }]);
    });
  });

  describe("bidding period ≥ 24 hours", () => {
    it.each<Row>([
      ["exactly 24 h", judicialTerms(schedule(30 * DAY, 24 * HOUR)), context(), []],
      ["24 h − 1 ms", judicialTerms(schedule(30 * DAY, 24 * HOUR - MS)), context(), ["judicial.bidding_24h"]],
      ["one hour", judicialTerms(schedule(30 * DAY, HOUR)), context(), ["judicial.bidding_24h"]],
      ["a week", judicialTerms(schedule(30 * DAY, 7 * DAY)), context(), []],
    ])("%s", (_label, terms, ctx, expected) => {
      expect(broken("english_auction", "judicial", terms, ctx)).toEqual(expected);
    });
  });

  describe("anti-sniping fixed at a 5-minute window and a 5-minute extension", () => {
    it.each<[window: number, extension: number, expected: string[]]>([
      [300, 300, []],
      [299, 300, ["judicial.anti_sniping_fixed"]],
      [301, 300, ["judicial.anti_sniping_fixed"]],
      [300, 299, ["judicial.anti_sniping_fixed"]],
      [300, 301, ["judicial.anti_sniping_fixed"]],
      [600, 600, ["judicial.anti_sniping_fixed"]],
      [0, 0, ["judicial.anti_sniping_fixed"]],
    ])("window %is, extension %is", (window, extension, expected) => {
      const terms = judicialTerms({ antiSnipeWindowSeconds: window, antiSnipeExtensionSeconds: extension });
      expect(broken("english_auction", "judicial", terms)).toEqual(expected);
    });
  });

  describe("fixed increment only, no proxy bids", () => {
    it.each<Row>([
      ["fixed increment of 1 fen", judicialTerms({ incrementKind: "fixed", increment: 1n }), context(), []],
      ["stepped table", judicialTerms({ incrementKind: "stepped", increment: null }), context(), ["judicial.increment_fixed"]],
      ["fixed increment of zero", judicialTerms({ incrementKind: "fixed", increment: 0n }), context(), ["increment_positive"]],
      ["fixed increment missing", judicialTerms({ incrementKind: "fixed", increment: null }), context(), ["increment_positive"]],
      ["proxy bids on", judicialTerms({ proxyBids: true }), context(), ["judicial.no_proxy"]],
    ])("%s", (_label, terms, ctx, expected) => {
      expect(broken("english_auction", "judicial", terms, ctx)).toEqual(expected);
    });
  });

  describe("re-auction: start cut by at most 20% of the previous start", () => {
    it.each<[previousStart: bigint, least: bigint]>([
      [yuan(700_000), yuan(560_000)],
      [100n, 80n],
      // 80% of 70,000,001 is 56,000,000.8: rounded up to the fen.
      [70_000_001n, 56_000_001n],
      [1n, 1n],
    ])("minRelistStart(%s) = %s", (previousStart, least) => {
      expect(minRelistStart(previousStart)).toBe(least);
    });

    const reauction = (previousStart: bigint) => context({ attempt: 2, previousStart });
    it.each<Row>([
      ["exactly 80% of the previous start", judicialTerms({ ...schedule(15 * DAY, 24 * HOUR), startPrice: 56_000_000n }), reauction(70_000_000n), []],
      ["one fen under 80%", judicialTerms({ ...schedule(15 * DAY, 24 * HOUR), startPrice: 55_999_999n }), reauction(70_000_000n), ["judicial.cut_over_20"]],
      ["odd previous start, 56,000,001 fen", judicialTerms({ ...schedule(15 * DAY, 24 * HOUR), startPrice: 56_000_001n }), reauction(70_000_001n), []],
      ["odd previous start, 56,000,000 fen", judicialTerms({ ...schedule(15 * DAY, 24 * HOUR), startPrice: 56_000_000n }), reauction(70_000_001n), ["judicial.cut_over_20"]],
      ["no cut at all", judicialTerms({ ...schedule(15 * DAY, 24 * HOUR), startPrice: 70_000_000n }), reauction(70_000_000n), []],
    ])("%s", (_label, terms, ctx, expected) => {
      expect(broken("english_auction", "judicial", terms, ctx)).toEqual(expected);
    });

    it("names the least allowed start", () => {
      const terms = judicialTerms({ ...schedule(15 * DAY, 24 * HOUR), startPrice: 50_000_000n });
      const violations = checkAuctionTerms("english_auction", "judicial", terms, reauction(70_000_001n));
      expect(violations).toEqual([{ rule: "judicial.cut_over_20", field: "startPrice", params: { min: "56000001" } }]);
    });
  });
});

describe("checkAuctionTerms under the judicial preset (fixed-price sale)", () => {
  it.each<[appraisal: bigint, floor: bigint]>([
    [yuan(1_000_000), yuan(500_000)],
    [2n, 1n],
    // Half of 100,000,001 fen is 50,000,000.5: rounded up to the fen.
    [100_000_001n, 50_000_001n],
    [1n, 1n],
  ])("fixedPriceFloor(%s) = %s", (appraisal, floor) => {
    expect(fixedPriceFloor(appraisal)).toBe(floor);
  });

  // After a second failure: attempt 3, a 15-day notice.
  const third = context({ attempt: 3, previousStart: 56_000_000n });
  const fixedPrice = (over: Partial<AuctionTerms>) => judicialTerms({ ...schedule(15 * DAY, 60 * DAY), ...over });
  it.each<Row>([
    ["exactly 50% of the appraisal", fixedPrice({ startPrice: 50_000_000n }), third, []],
    ["one fen under 50%", fixedPrice({ startPrice: 49_999_999n }), third, ["judicial.fixed_price_floor"]],
    ["odd appraisal, 50,000,001 fen", fixedPrice({ startPrice: 50_000_001n }), { ...third, appraisal: 100_000_001n }, []],
    ["odd appraisal, 50,000,000 fen", fixedPrice({ startPrice: 50_000_000n }), { ...third, appraisal: 100_000_001n }, ["judicial.fixed_price_floor"]],
    ["on sale for exactly 60 days", fixedPrice({ ...schedule(15 * DAY, 60 * DAY), startPrice: 50_000_000n }), third, []],
    ["on sale for 60 days + 1 ms", fixedPrice({ ...schedule(15 * DAY, 60 * DAY + MS), startPrice: 50_000_000n }), third, ["judicial.fixed_price_period"]],
    ["on sale for one hour (no 24-hour minimum)", fixedPrice({ ...schedule(15 * DAY, HOUR), startPrice: 50_000_000n }), third, []],
  ])("%s", (_label, terms, ctx, expected) => {
    expect(broken("fixed_price", "judicial", terms, ctx)).toEqual(expected);
  });
});

describe("checkAuctionTerms under the judicial preset (listed transfer: ≥ 20 working days of notice)", () => {
  // Announced Monday 28 September 2026, 10:00 in Shanghai. The National Day holidays (1–7 October) are
  // not working days; Saturday 10 October is a make-up working day. The 20th working day is Friday 30 October.
  const announceAt = new Date("2026-09-28T02:00:00.000Z");
  const opening = (opensAt: string) => {
    const opens = new Date(opensAt);
    return judicialTerms({ announceAt, opensAt: opens, closesAt: new Date(opens.getTime() + 24 * HOUR) });
  };

  it.each<[label: string, opensAt: string, calendarDays: number, expected: string[]]>([
    ["opens 30 Oct 10:00 (20th working day)", "2026-10-30T02:00:00.000Z", 32, []],
    ["opens 29 Oct 10:00 (19th working day, though 31 calendar days)", "2026-10-29T02:00:00.000Z", 31, ["judicial.notice_working_days"]],
    ["opens 30 Oct 00:30 Shanghai (still 20 working days)", "2026-10-29T16:30:00.000Z", 31, []],
    ["opens 29 Oct 23:59 Shanghai (19 working days)", "2026-10-29T15:59:00.000Z", 31, ["judicial.notice_working_days"]],
  ])("%s", (_label, opensAt, calendarDays, expected) => {
    const terms = opening(opensAt);
    expect(Math.floor((terms.opensAt.getTime() - announceAt.getTime()) / DAY)).toBe(calendarDays);
    expect(broken("listed_transfer", "judicial", terms)).toEqual(expected);
  });

  it("reports the working days counted", () => {
    const violations = checkAuctionTerms("listed_transfer", "judicial", opening("2026-10-29T02:00:00.000Z"), context());
    expect(violations).toEqual([{ rule: "judicial.notice_working_days", field: "opensAt", params: { min: 20, actual: 19 } }]);
  });

  it("needs only 28 calendar days in a month with no holidays", () => {
    // Monday 2 March 2026 → Monday 30 March is the 20th working day.
    const terms = judicialTerms(schedule(28 * DAY, 24 * HOUR));
    expect(broken("listed_transfer", "judicial", terms)).toEqual([]);
    expect(broken("listed_transfer", "judicial", judicialTerms(schedule(27 * DAY, 24 * HOUR)))).toEqual(["judicial.notice_working_days"]);
    // The same 28 days are too short for an auction's calendar notice.
    expect(broken("english_auction", "judicial", terms)).toEqual(["judicial.notice_first"]);
  });
});

describe("checkAuctionTerms under the private preset", () => {
  it.each<Row>([
    ["the base terms", privateTerms(), context(), []],
    ["notice exactly 7 days", privateTerms(schedule(7 * DAY, HOUR)), context(), []],
    ["notice 7 days − 1 ms", privateTerms(schedule(7 * DAY - MS, HOUR)), context(), ["private.notice"]],
    ["bidding exactly 1 h", privateTerms(schedule(7 * DAY, HOUR)), context(), []],
    ["bidding 1 h − 1 ms", privateTerms(schedule(7 * DAY, HOUR - MS)), context(), ["private.bidding_1h"]],
    ["deposit exactly 50%", privateTerms({ deposit: 35_000_000n }), context(), []],
    ["deposit 50% + 1 fen", privateTerms({ deposit: 35_000_001n }), context(), ["private.deposit_range"]],
    ["odd start, deposit 35,000,000 fen (just under 50%)", privateTerms({ startPrice: 70_000_001n, deposit: 35_000_000n }), context(), []],
    ["odd start, deposit 35,000,001 fen (just over 50%)", privateTerms({ startPrice: 70_000_001n, deposit: 35_000_001n }), context(), ["private.deposit_range"]],
    ["no deposit", privateTerms({ deposit: 0n }), context(), []],
    ["anti-sniping window exactly 1 h", privateTerms({ antiSnipeWindowSeconds: 3_600 }), context(), []],
    ["anti-sniping window 1 h + 1 s", privateTerms({ antiSnipeWindowSeconds: 3_601 }), context(), ["private.anti_sniping_window"]],
    ["extension exactly 60 s", privateTerms({ antiSnipeExtensionSeconds: 60 }), context(), []],
    ["extension 59 s", privateTerms({ antiSnipeExtensionSeconds: 59 }), context(), ["private.extension_min"]],
    ["a 10-minute window with a 2-minute extension", privateTerms({ antiSnipeWindowSeconds: 600, antiSnipeExtensionSeconds: 120 }), context(), []],
    ["stepped increments with proxy bids", privateTerms({ incrementKind: "stepped", increment: null, proxyBids: true }), context(), []],
    ["a fixed increment without proxy bids", privateTerms({ incrementKind: "fixed", increment: 1n, proxyBids: false }), context(), []],
    ["a free start: 1 fen against a ¥1m appraisal", privateTerms({ startPrice: 1n, deposit: 0n }), context(), []],
    ["a hidden reserve", privateTerms({ reserve: yuan(900_000), reserveHidden: true }), context(), []],
    ["no appraisal", privateTerms(), context({ appraisal: null }), []],
    ["a re-auction cut by half", privateTerms({ startPrice: yuan(350_000) }), context({ attempt: 2, previousStart: START }), []],
  ])("%s", (_label, terms, ctx, expected) => {
    expect(broken("english_auction", "private", terms, ctx)).toEqual(expected);
  });
});

describe("checkAuctionTerms: rules of every preset", () => {
  const valid: Record<Preset, (over?: Partial<AuctionTerms>) => AuctionTerms> = { judicial: judicialTerms, private: privateTerms };
  const notice: Record<Preset, number> = { judicial: 30 * DAY, private: 7 * DAY };

  describe.each<[Preset]>([["judicial"], ["private"]])("%s", (preset) => {
    const terms = valid[preset];
    const rows: Array<[string, AuctionTerms, string[]]> = [
      ["a reserve equal to the start", terms({ reserve: START }), []],
      ["a reserve one fen below the start", terms({ reserve: START - 1n }), ["reserve_below_start"]],
      ["bidding opening before the announcement", terms({ announceAt: new Date(NOW.getTime() + DAY), opensAt: NOW }), preset === "judicial" ? ["judicial.notice_first", "times_out_of_order"] : ["private.notice", "times_out_of_order"]],
      ["closing at the opening", terms(schedule(notice[preset], 0)), preset === "judicial" ? ["judicial.bidding_24h", "times_out_of_order"] : ["private.bidding_1h", "times_out_of_order"]],
      ["closing before the opening", terms(schedule(notice[preset], -HOUR)), preset === "judicial" ? ["judicial.bidding_24h", "times_out_of_order"] : ["private.bidding_1h", "times_out_of_order"]],
      ["announced now", terms(schedule(notice[preset], DAY, NOW)), []],
      ["announced a day ago", terms(schedule(notice[preset], DAY, new Date(NOW.getTime() - DAY))), ["announce_in_past"]],
      // A minute of slack for the round trip between the form and the server.
      ["announced a minute ago", terms(schedule(notice[preset], DAY, new Date(NOW.getTime() - MINUTE))), []],
      ["announced a minute and 1 ms ago", terms(schedule(notice[preset], DAY, new Date(NOW.getTime() - MINUTE - MS))), ["announce_in_past"]],
    ];
    it.each(rows)("%s", (_label, t, expected) => {
      expect(broken("english_auction", preset, t)).toEqual(expected);
    });

    it("refuses a start of zero", () => {
      expect(broken("english_auction", preset, terms({ startPrice: 0n, deposit: 0n }))).toContain("start_positive");
    });
  });
});

describe("steppedIncrement: the bands of docs/domain.md, by current price", () => {
  it.each<[price: bigint, step: bigint]>([
    [0n, yuan(100)],
    [yuan(10_000) - 1n, yuan(100)],
    [yuan(10_000), yuan(1_000)],
    [yuan(100_000) - 1n, yuan(1_000)],
    [yuan(100_000), yuan(5_000)],
    [yuan(1_000_000) - 1n, yuan(5_000)],
    [yuan(1_000_000), yuan(20_000)],
    [yuan(10_000_000) - 1n, yuan(20_000)],
    [yuan(10_000_000), yuan(100_000)],
    [yuan(100_000_000) - 1n, yuan(100_000)],
    [yuan(100_000_000), yuan(500_000)],
    [yuan(100_000_000_000), yuan(500_000)],
  ])("at %s fen the step is %s fen", (price, step) => {
    expect(steppedIncrement(price)).toBe(step);
  });
});

/** A seeded generator, so a failing case can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("defaultAuctionTerms", () => {
  // Appraisals from ¥1 to ¥10bn, log-uniform, odd fen included; `now` anywhere in 2026, to the millisecond.
  const random = mulberry32(20_261_001);
  const YEAR_START = Date.UTC(2026, 0, 1);
  const cases = Array.from({ length: 2_000 }, () => ({
    appraisal: BigInt(Math.floor(10 ** (2 + random() * 10))),
    now: new Date(YEAR_START + Math.floor(random() * 365 * DAY)),
  }));
  cases.push({ appraisal: 100n, now: NOW }, { appraisal: 101n, now: NOW }, { appraisal: 1_000_001n, now: new Date(NOW.getTime() + 1) });

  it.each<[Preset]>([["judicial"], ["private"]])("passes checkAuctionTerms under %s for every appraisal", (preset) => {
    const failures = cases
      .map(({ appraisal, now }) => {
        const terms = defaultAuctionTerms(preset, appraisal, now);
        const violations = checkAuctionTerms("english_auction", preset, terms, { appraisal, attempt: 1, previousStart: null, now });
        return { appraisal: appraisal.toString(), now: now.toISOString(), rules: violations.map((v) => v.rule) };
      })
      .filter((c) => c.rules.length > 0);
    expect(failures).toEqual([]);
  });

  it("passes under private with no appraisal", () => {
    const terms = defaultAuctionTerms("private", null, NOW);
    expect(checkAuctionTerms("english_auction", "private", terms, context({ appraisal: null }))).toEqual([]);
  });

  it("starts a judicial auction at 70% of the appraisal, rounded up", () => {
    expect(defaultAuctionTerms("judicial", 1_000_001n, NOW).startPrice).toBe(700_001n);
  });
});
