import { describe, expect, it } from "vitest";
import { type OpenedBid, commitmentInput, proposedAward, rankTender } from "../../server/domain/bidding/tender";
import { type TenderScoring, declaredValueIssues, scoreBids } from "../../server/domain/bidding/tender-scoring";
import { AuctionTermsSchema, TenderScoringSchema, publishedScoring } from "../../server/domain/schemas/listings";

/** The example of decision 007: price 50%, days to pay the balance (lower) 30%, regional investment in yuan (higher) 20%. */
const SCORING: TenderScoring = {
  priceWeight: 50,
  criteria: [
    { label: "Days to pay the balance", weight: 30, better: "lower", min: 0, max: 90 },
    { label: "Investment in the region, yuan", weight: 20, better: "higher", min: 0, max: 1_000_000_000 },
  ],
};
const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 10, 0, s));
const bid = (id: string, amount: bigint | null, values: number[] | null, s: number, verified = true): OpenedBid => ({ id, amount, values, verified, submittedAt: at(s) });

describe("declared values", () => {
  it.each<[string, TenderScoring | null, number[] | undefined, Array<{ path: string; code: string }>]>([
    ["price tender, none declared", null, undefined, []],
    ["price tender, some declared", null, [3], [{ path: "criteria", code: "criteria_not_expected" }]],
    ["weighted, none declared", SCORING, undefined, [{ path: "criteria", code: "criteria_required" }]],
    ["weighted, one of two", SCORING, [10], [{ path: "criteria", code: "criteria_required" }]],
    ["weighted, three of two", SCORING, [10, 5, 1], [{ path: "criteria", code: "criteria_required" }]],
    ["weighted, at both bounds", SCORING, [0, 1_000_000_000], []],
    ["weighted, one above its maximum", SCORING, [91, 5], [{ path: "criteria.0", code: "criterion_out_of_range" }]],
    ["weighted, one below its minimum", SCORING, [10, -1], [{ path: "criteria.1", code: "criterion_out_of_range" }]],
    ["weighted, a fraction", SCORING, [10.5, 5], [{ path: "criteria.0", code: "criterion_out_of_range" }]],
    ["weighted, not a number", SCORING, [Number.NaN, 5], [{ path: "criteria.0", code: "criterion_out_of_range" }]],
  ])("%s", (_label, scoring, values, issues) => {
    expect(declaredValueIssues(scoring, values)).toEqual(issues);
  });
});

describe("the published formula", () => {
  it.each<[string, TenderScoring, Array<{ id: string; amount: bigint; values: number[] }>, Record<string, { total: number; price: number; criteria: number[] }>]>([
    [
      "decision 007's example: each criterion from worst (0) to best (its weight), rounded down to a basis point",
      SCORING,
      [
        { id: "high-price", amount: 400_000_000n, values: [90, 0] },
        { id: "fast-payer", amount: 300_000_000n, values: [10, 246_813_579] },
        { id: "middle", amount: 200_000_000n, values: [30, 100_000_000] },
      ],
      {
        "high-price": { total: 5000, price: 5000, criteria: [0, 0] },
        "fast-payer": { total: 7500, price: 2500, criteria: [3000, 2000] },
        // 2000 × 100 000 000 / 246 813 579 = 810.3…; (90 − 30) / (90 − 10) × 3000 = 2250
        middle: { total: 3060, price: 0, criteria: [2250, 810] },
      },
    ],
    ["a single bid is the best in everything", SCORING, [{ id: "alone", amount: 100n, values: [45, 7] }], { alone: { total: 10_000, price: 5000, criteria: [3000, 2000] } }],
    [
      "every bid earns a criterion's full weight when all declared the same value",
      SCORING,
      [
        { id: "a", amount: 100n, values: [30, 7] },
        { id: "b", amount: 300n, values: [30, 7] },
      ],
      { a: { total: 5000, price: 0, criteria: [3000, 2000] }, b: { total: 10_000, price: 5000, criteria: [3000, 2000] } },
    ],
    [
      "a price weight of 0 leaves only the criteria; thirds round down",
      { priceWeight: 0, criteria: [{ label: "Years of licence back", weight: 100, better: "higher", min: 0, max: 10 }] },
      [
        { id: "none", amount: 900n, values: [0] },
        { id: "one", amount: 100n, values: [1] },
        { id: "three", amount: 500n, values: [3] },
      ],
      { none: { total: 0, price: 0, criteria: [0] }, one: { total: 3333, price: 0, criteria: [3333] }, three: { total: 10_000, price: 0, criteria: [10_000] } },
    ],
    [
      "amounts beyond 2^53 / 10 000 stay exact",
      { priceWeight: 35, criteria: [{ label: "Months to first product", weight: 65, better: "lower", min: 1, max: 36 }] },
      [
        { id: "low", amount: 9_000_000_000_000_000n, values: [36] },
        { id: "mid", amount: 9_000_000_000_000_002n, values: [36] },
        { id: "top", amount: 9_000_000_000_000_003n, values: [1] },
      ],
      { low: { total: 0, price: 0, criteria: [0] }, mid: { total: 2333, price: 2333, criteria: [0] }, top: { total: 10_000, price: 3500, criteria: [6500] } },
    ],
  ])("%s", (_label, scoring, bids, expected) => {
    expect(Object.fromEntries(scoreBids(scoring, bids))).toEqual(expected);
  });
});

describe("ranking a weighted tender", () => {
  it.each<[string, TenderScoring, OpenedBid[], Record<string, number | null>]>([
    [
      "the best score wins though another bid has the higher price",
      SCORING,
      [bid("high-price", 400_000_000n, [90, 0], 1), bid("fast-payer", 300_000_000n, [10, 246_813_579], 2), bid("middle", 200_000_000n, [30, 100_000_000], 3)],
      { "high-price": 2, "fast-payer": 1, middle: 3 },
    ],
    [
      "an exact tie in score goes to the higher price",
      { priceWeight: 50, criteria: [{ label: "Days", weight: 50, better: "lower", min: 0, max: 90 }] },
      [bid("cheap-fast", 100n, [0], 1), bid("dear-slow", 200n, [10], 2)],
      { "cheap-fast": 2, "dear-slow": 1 },
    ],
    [
      "a tie in score and price goes to the earlier submission",
      SCORING,
      [bid("later", 100n, [5, 5], 9), bid("earlier", 100n, [5, 5], 4)],
      { later: 2, earlier: 1 },
    ],
    [
      "a bid that failed verification, or lacks a valid value, is neither ranked nor counted in the field",
      SCORING,
      [bid("a", 200n, [20, 10], 1), bid("b", 100n, [40, 0], 2), bid("tampered", 900n, [0, 999], 3, false), bid("no-values", 800n, null, 4), bid("out-of-range", 700n, [91, 0], 5)],
      { a: 1, b: 2, tampered: null, "no-values": null, "out-of-range": null },
    ],
  ])("%s", (_label, scoring, bids, ranks) => {
    const ranked = rankTender(bids, scoring);
    expect(Object.fromEntries(ranked.map((r) => [r.id, r.rank]))).toEqual(ranks);
    for (const r of ranked) expect(r.score === null, r.id).toBe(r.rank === null);
  });

  it("scores only the eligible field: the excluded bids' values move no one's points", () => {
    const ranked = rankTender([bid("a", 200n, [20, 10], 1), bid("b", 100n, [40, 0], 2), bid("tampered", 900n, [0, 999], 3, false)], SCORING);
    expect(ranked.find((r) => r.id === "a")!.score).toEqual({ total: 10_000, price: 5000, criteria: [3000, 2000] });
  });
});

describe("the award", () => {
  const ranked = [
    { id: "first", amount: 120n, rank: 1 },
    { id: "second", amount: 200n, rank: 2 },
    { id: "third", amount: 150n, rank: 3 },
    { id: "excluded", amount: 900n, rank: null },
  ];
  it.each<[string, bigint | null, string | null]>([
    ["no reserve: the first", null, "first"],
    ["the first meets the reserve", 120n, "first"],
    ["the best-ranked bid that meets the reserve", 150n, "second"],
    ["nobody meets the reserve (an unranked bid never wins)", 201n, null],
  ])("%s", (_label, reserve, winner) => {
    expect(proposedAward(ranked, reserve)?.id ?? null).toBe(winner);
  });
});

describe("the commitment's versions", () => {
  it("v1 for a price tender's bid, v2 with the declared values joined by commas", () => {
    expect(commitmentInput("LOT", "ORG", 5n, "AB")).toBe("ipx-tender-v1|lot|org|5|ab");
    expect(commitmentInput("LOT", "ORG", 5n, "AB", [30, -2, 0])).toBe("ipx-tender-v2|lot|org|5|30,-2,0|ab");
  });
});

describe("the published scoring in the terms", () => {
  const criterion = { label: "Days to pay the balance", weight: 50, better: "lower", min: 0, max: 90 };
  const valid = { priceWeight: 50, criteria: [criterion] };
  const codesOf = (input: unknown) => {
    const parsed = TenderScoringSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };
  it.each<[string, unknown, string[]]>([
    ["price and one criterion, summing to 100", valid, []],
    ["four criteria", { priceWeight: 60, criteria: [10, 10, 10, 10].map((weight, i) => ({ ...criterion, label: `C${i}`, weight })) }, []],
    ["weights summing to 99", { ...valid, priceWeight: 49 }, ["priceWeight:weights_sum"]],
    ["no criterion", { priceWeight: 100, criteria: [] }, ["priceWeight:weight_invalid", "criteria:criteria_count"]],
    ["five criteria", { priceWeight: 50, criteria: [10, 10, 10, 10, 10].map((weight) => ({ ...criterion, weight })) }, ["criteria:criteria_count"]],
    ["a criterion of weight 0", { priceWeight: 100, criteria: [{ ...criterion, weight: 0 }] }, ["priceWeight:weight_invalid", "criteria.0.weight:weight_invalid"]],
    ["a fractional weight", { priceWeight: 49.5, criteria: [{ ...criterion, weight: 50.5 }] }, ["priceWeight:weight_invalid", "criteria.0.weight:weight_invalid"]],
    ["an empty range", { ...valid, criteria: [{ ...criterion, min: 5, max: 5 }] }, ["criteria.0.max:range_invalid"]],
    ["a bound beyond 10^9", { ...valid, criteria: [{ ...criterion, max: 1_000_000_001 }] }, ["criteria.0.max:bound_invalid"]],
    ["a blank label", { ...valid, criteria: [{ ...criterion, label: "  " }] }, ["criteria.0.label:required"]],
    ["an unknown direction", { ...valid, criteria: [{ ...criterion, better: "best" }] }, ["criteria.0.better:better_invalid"]],
  ])("%s", (_label, input, codes) => {
    expect(codesOf(input)).toEqual(codes);
  });

  const auction = { startPrice: 100, deposit: 10, announceAt: "2026-07-01T00:00:00Z", opensAt: "2026-07-10T00:00:00Z", closesAt: "2026-07-12T00:00:00Z" };
  const tenderIssues = (tender: unknown) => {
    const parsed = AuctionTermsSchema.safeParse({ ...auction, tender: { openingAt: "2026-07-12T02:00:00Z", ...(tender as object) } });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };
  it.each<[string, unknown, string[]]>([
    ["weighted with its scoring", { evaluation: "weighted", scoring: valid }, []],
    ["weighted without scoring", { evaluation: "weighted" }, ["tender.scoring:scoring_required"]],
    ["by price with a scoring", { evaluation: "price", scoring: valid }, ["tender.scoring:scoring_not_expected"]],
    ["by price", { evaluation: "price" }, []],
  ])("a tender %s", (_label, tender, codes) => {
    expect(tenderIssues(tender)).toEqual(codes);
  });

  it("is read back from stored terms only for a weighted tender with a valid scoring", () => {
    expect(publishedScoring({ tender: { evaluation: "weighted", scoring: valid } })).toEqual(valid);
    expect(publishedScoring({ tender: { evaluation: "weighted" } })).toBeNull();
    expect(publishedScoring({ tender: { evaluation: "price", scoring: valid } })).toBeNull();
    expect(publishedScoring({})).toBeNull();
  });
});
