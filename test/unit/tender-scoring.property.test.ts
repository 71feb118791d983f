import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type OpenedBid, rankTender } from "../../server/domain/bidding/tender";
import type { TenderScoring } from "../../server/domain/bidding/tender-scoring";

/**
 * A naive recomputation written from the formula in decision 007, not from the code: every criterion is
 * turned into "higher is better" by negating the values where lower is better, the field's extremes are
 * read off a sorted copy, each bid's points are the weight's share of its distance from the bottom, and the
 * order is a plain sort by (score, price, submission time).
 */
function naiveRanking(scoring: TenderScoring, bids: readonly OpenedBid[]) {
  const inRange = (b: OpenedBid) => b.values !== null && b.values.length === scoring.criteria.length && scoring.criteria.every((c, i) => Number.isInteger(b.values![i]) && b.values![i]! >= c.min && b.values![i]! <= c.max);
  const field = bids.filter((b) => b.verified && b.amount !== null && inRange(b));
  const columns: Array<{ weight: number; of: (b: OpenedBid) => bigint }> = [
    { weight: scoring.priceWeight, of: (b) => b.amount! },
    ...scoring.criteria.map((c, i) => ({ weight: c.weight, of: (b: OpenedBid) => (c.better === "higher" ? 1n : -1n) * BigInt(b.values![i]!) })),
  ];
  const pointsOf = (b: OpenedBid) =>
    columns.map(({ weight, of }) => {
      const sorted = field.map(of).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      const bottom = sorted[0]!;
      const top = sorted[sorted.length - 1]!;
      if (top === bottom) return weight * 100;
      return Number((BigInt(weight) * 100n * (of(b) - bottom)) / (top - bottom));
    });
  const scored = field.map((b) => {
    const points = pointsOf(b);
    return { b, points, total: points.reduce((s, p) => s + p, 0) };
  });
  const order = [...scored].sort((x, y) => {
    if (x.total !== y.total) return y.total - x.total;
    if (x.b.amount !== y.b.amount) return x.b.amount! > y.b.amount! ? -1 : 1;
    return x.b.submittedAt.getTime() - y.b.submittedAt.getTime();
  });
  return new Map(order.map((s, i) => [s.b.id, { rank: i + 1, total: s.total, points: s.points }]));
}

/** Weights: price and k criteria, the cuts of 0..100 at k distinct points, so every criterion gets at least 1%. */
const scoringArb = fc.integer({ min: 1, max: 4 }).chain((k) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: k, maxLength: k }),
      fc.array(fc.record({ better: fc.constantFrom("higher" as const, "lower" as const), min: fc.integer({ min: -1000, max: 1000 }), span: fc.integer({ min: 1, max: 2000 }) }), { minLength: k, maxLength: k }),
    )
    .map(([cuts, shapes]): TenderScoring => {
      const edges = [0, ...cuts.sort((a, b) => a - b), 100];
      const weights = edges.slice(1).map((e, i) => e - edges[i]!);
      return { priceWeight: weights[0]!, criteria: shapes.map((s, i) => ({ label: `C${i}`, weight: weights[i + 1]!, better: s.better, min: s.min, max: s.min + s.span })) };
    }),
);

/** Bids for a scoring: mostly valid, with ties made likely, and some unverified or with values out of range. */
const bidsArb = (scoring: TenderScoring) =>
  fc.array(
    fc.record({
      amount: fc.oneof(fc.constantFrom(100n, 200n, 300n), fc.bigInt({ min: 1n, max: 9_000_000_000_000_000n })),
      values: fc.tuple(
        ...scoring.criteria.map((c) => fc.oneof({ arbitrary: fc.constantFrom(c.min, c.max), weight: 2 }, { arbitrary: fc.integer({ min: c.min, max: c.max }), weight: 6 }, { arbitrary: fc.constantFrom(c.min - 1, c.max + 1), weight: 1 })),
      ),
      verified: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
      second: fc.integer({ min: 0, max: 20 }),
    }),
    { minLength: 0, maxLength: 12 },
  );

const caseArb = scoringArb.chain((scoring) => bidsArb(scoring).map((raw) => ({ scoring, bids: raw.map((r, i): OpenedBid => ({ id: `b${i}`, amount: r.amount, values: r.values, verified: r.verified, submittedAt: new Date(1_800_000_000_000 + r.second * 1000) })) })));

describe("weighted tender scoring against a naive recomputation", () => {
  it("gives every bid the same rank and the same points", () => {
    fc.assert(
      fc.property(caseArb, ({ scoring, bids }) => {
        const naive = naiveRanking(scoring, bids);
        for (const r of rankTender(bids, scoring)) {
          const expected = naive.get(r.id);
          expect(r.rank).toBe(expected?.rank ?? null);
          expect(r.score === null ? null : [r.score.total, r.score.price, ...r.score.criteria]).toEqual(expected ? [expected.total, ...expected.points] : null);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("keeps every total within 0..10 000, and a bid best in everything at exactly 10 000", () => {
    fc.assert(
      fc.property(caseArb, ({ scoring, bids }) => {
        const ranked = rankTender(bids, scoring).filter((r) => r.score !== null);
        for (const r of ranked) expect(r.score!.total).toBeGreaterThanOrEqual(0);
        for (const r of ranked) expect(r.score!.total).toBeLessThanOrEqual(10_000);
        const champion = { id: "champion", amount: 10_000_000_000_000_000n, values: scoring.criteria.map((c) => (c.better === "higher" ? c.max : c.min)), verified: true, submittedAt: new Date(0) };
        const withChampion = rankTender([...bids, champion], scoring).find((r) => r.id === "champion")!;
        expect([withChampion.rank, withChampion.score!.total]).toEqual([1, 10_000]);
      }),
      { numRuns: 300 },
    );
  });

  it("never lowers a bid's own score when it improves one of its values", () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.nat(), ({ scoring, bids }, pickBid, pickCriterion) => {
        const ranked = rankTender(bids, scoring);
        const eligible = ranked.filter((r) => r.score !== null);
        if (eligible.length === 0) return;
        const target = eligible[pickBid % eligible.length]!;
        const index = pickCriterion % scoring.criteria.length;
        const c = scoring.criteria[index]!;
        const improved = bids.map((b) => (b.id === target.id ? { ...b, values: b.values!.map((v, i) => (i === index ? (c.better === "higher" ? c.max : c.min) : v)) } : b));
        const after = rankTender(improved, scoring).find((r) => r.id === target.id)!;
        expect(after.score!.total).toBeGreaterThanOrEqual(target.score!.total);
      }),
      { numRuns: 300 },
    );
  });
});
