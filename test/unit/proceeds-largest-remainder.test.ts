import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitByWeights, splitByWeightsCapped } from "../../server/domain/proceeds/largest-remainder";

/**
 * A naive reference written from the definition, not from the code: hand out the amount one unit at a time,
 * each unit to the part furthest below its exact quota (amount × w / W − given so far, compared as integers
 * scaled by W), the earlier part on ties.
 */
function unitByUnit(amount: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const given = weights.map(() => 0);
  for (let unit = 0; unit < amount; unit++) {
    let best = -1;
    let bestDeficit = -Infinity;
    weights.forEach((w, i) => {
      const deficit = amount * w - given[i]! * total;
      if (w > 0 && deficit > bestDeficit) [best, bestDeficit] = [i, deficit];
    });
    given[best]! += 1;
  }
  return given;
}

describe("splitByWeights", () => {
  it.each([
    { amount: 100n, weights: [1n, 1n, 1n], parts: [34n, 33n, 33n] },
    { amount: 1n, weights: [1n, 1n], parts: [1n, 0n] },
    { amount: 2n, weights: [1n, 1n, 1n], parts: [1n, 1n, 0n] },
    { amount: 7n, weights: [0n, 3n, 4n], parts: [0n, 3n, 4n] },
    { amount: 500_000n, weights: [5_400n, 2_600n, 400n], parts: [321_429n, 154_762n, 23_809n] },
    { amount: 10n, weights: [1n, 2n, 3n, 4n], parts: [1n, 2n, 3n, 4n] },
    { amount: 0n, weights: [0n, 0n], parts: [0n, 0n] },
  ])("$amount by $weights → $parts", ({ amount, weights, parts }) => {
    expect(splitByWeights(amount, weights)).toEqual(parts);
  });

  it("refuses a negative amount or weight, and a positive amount with no weight", () => {
    expect(() => splitByWeights(-1n, [1n])).toThrow(RangeError);
    expect(() => splitByWeights(1n, [1n, -1n])).toThrow(RangeError);
    expect(() => splitByWeights(1n, [0n, 0n])).toThrow(RangeError);
  });

  const caseArb = fc.record({
    amount: fc.integer({ min: 0, max: 3_000 }),
    weights: fc.array(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 1, 2, 3)), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0)),
  });

  it("matches the unit-by-unit reference, sums exactly and stays within one unit of each exact quota", () => {
    fc.assert(
      fc.property(caseArb, ({ amount, weights }) => {
        const parts = splitByWeights(BigInt(amount), weights.map(BigInt));
        expect(parts.map(Number)).toEqual(unitByUnit(amount, weights));
        expect(parts.reduce((s, p) => s + p, 0n)).toBe(BigInt(amount));
        const total = BigInt(weights.reduce((s, w) => s + w, 0));
        parts.forEach((p, i) => {
          const exact = BigInt(amount) * BigInt(weights[i]!);
          expect(p * total <= exact + total && p * total >= exact - total).toBe(true);
        });
      }),
      { numRuns: 400 },
    );
  });
});

describe("splitByWeightsCapped", () => {
  it("hands a capped part's excess to the parts with room", () => {
    expect(splitByWeightsCapped(10n, [1n, 1n, 2n], [null, null, 1n])).toEqual({ parts: [5n, 4n, 1n], unplaced: 0n });
    expect(splitByWeightsCapped(10n, [1n, 1n], [2n, 3n])).toEqual({ parts: [2n, 3n], unplaced: 5n });
    expect(splitByWeightsCapped(9n, [0n, 1n], [null, null])).toEqual({ parts: [0n, 9n], unplaced: 0n });
  });

  it("never exceeds a cap, places everything it can, and leaves money only when every weighted part is full", () => {
    const arb = fc.array(fc.record({ weight: fc.integer({ min: 0, max: 10_000 }), cap: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: null }) }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), arb, (amount, spec) => {
        const { parts, unplaced } = splitByWeightsCapped(BigInt(amount), spec.map((s) => BigInt(s.weight)), spec.map((s) => (s.cap === null ? null : BigInt(s.cap))));
        expect(parts.reduce((s, p) => s + p, 0n) + unplaced).toBe(BigInt(amount));
        expect(unplaced >= 0n).toBe(true);
        spec.forEach((s, i) => {
          expect(parts[i]! >= 0n).toBe(true);
          if (s.cap !== null) expect(parts[i]! <= BigInt(s.cap)).toBe(true);
          if (s.weight === 0) expect(parts[i]).toBe(0n);
          if (unplaced > 0n && s.weight > 0) expect(parts[i]).toBe(s.cap === null ? undefined : BigInt(s.cap));
        });
      }),
      { numRuns: 400 },
    );
  });
});
