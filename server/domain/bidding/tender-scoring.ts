/**
 * Weighted tenders: the scoring a seller publishes with the listing, the check of the values a bidder declares
 * in its sealed bid, and the formula that turns the opened bids into scores. Pure and in integers, so the same
 * numbers come out on the server, in the tests and by hand. The formula is written out in
 * docs/decisions/007-sealed-tenders.md and on the tender tab.
 */
export const CRITERION_DIRECTIONS = ["higher", "lower"] as const;
export type CriterionDirection = (typeof CRITERION_DIRECTIONS)[number];

/** A criterion a bidder declares as a whole number in [min, max]; weight in percent of the full score. */
export type TenderCriterion = { label: string; weight: number; better: CriterionDirection; min: number; max: number };
export type TenderScoring = { priceWeight: number; criteria: readonly TenderCriterion[] };

export const MAX_CRITERIA = 4;
/** The largest magnitude a criterion's range may reach: values stay exact in JSON and in JavaScript numbers. */
export const CRITERION_LIMIT = 1_000_000_000;
/** A score is counted in basis points of the full score: 10 000 is 100.00 points. */
export const FULL_SCORE_BPS = 10_000;

export type ValueIssue = { path: string; code: "criteria_required" | "criteria_not_expected" | "criterion_out_of_range" };

/**
 * What is wrong with a bid's declared values, as codes and positions only (never the values, which are
 * sealed): none on a price tender, exactly one whole number within range per criterion on a weighted one.
 */
export function declaredValueIssues(scoring: TenderScoring | null, values: readonly number[] | null | undefined): ValueIssue[] {
  const declared = values ?? [];
  if (!scoring) return declared.length > 0 ? [{ path: "criteria", code: "criteria_not_expected" }] : [];
  if (declared.length !== scoring.criteria.length) return [{ path: "criteria", code: "criteria_required" }];
  return scoring.criteria.flatMap((c, i) => {
    const v = declared[i]!;
    return Number.isSafeInteger(v) && v >= c.min && v <= c.max ? [] : [{ path: `criteria.${i}`, code: "criterion_out_of_range" as const }];
  });
}

/** A bid's points per criterion and in total, in basis points of the full score. */
export type Score = { total: number; price: number; criteria: number[] };
export type ScoredBid = { id: string; amount: bigint; values: readonly number[] };

const abs = (n: bigint) => (n < 0n ? -n : n);

/**
 * One criterion's points: its weight in basis points times how far the value is from the worst value of the
 * field towards the best, rounded down. Every bid earns the full weight when all declared the same.
 */
function points(weight: number, value: bigint, best: bigint, worst: bigint): number {
  const full = BigInt(weight * 100);
  if (best === worst) return Number(full);
  return Number((full * abs(value - worst)) / abs(best - worst));
}

/** One column of values with its best and worst over the field, where higher or lower is better. */
function column(values: readonly bigint[], better: CriterionDirection) {
  const max = values.reduce((a, b) => (b > a ? b : a));
  const min = values.reduce((a, b) => (b < a ? b : a));
  return better === "higher" ? { best: max, worst: min } : { best: min, worst: max };
}

/**
 * Scores the eligible bids against each other: price (higher is better) and each published criterion, the best
 * value in the field earning the criterion's full weight and the worst nothing. Empty input, empty map.
 */
export function scoreBids(scoring: TenderScoring, bids: readonly ScoredBid[]): Map<string, Score> {
  if (bids.length === 0) return new Map();
  const price = column(bids.map((b) => b.amount), "higher");
  const columns = scoring.criteria.map((c, i) => column(bids.map((b) => BigInt(b.values[i]!)), c.better));
  return new Map(
    bids.map((b) => {
      const pricePoints = points(scoring.priceWeight, b.amount, price.best, price.worst);
      const criteria = scoring.criteria.map((c, i) => points(c.weight, BigInt(b.values[i]!), columns[i]!.best, columns[i]!.worst));
      return [b.id, { total: pricePoints + criteria.reduce((s, p) => s + p, 0), price: pricePoints, criteria }];
    }),
  );
}
