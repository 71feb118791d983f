import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../server/domain/token-bucket";

const T0 = 1_700_000_000_000;

/** Takes `n` times at `nowMs` and returns how many were allowed. */
function takeMany(buckets: TokenBuckets, key: string, n: number, nowMs: number): number {
  let allowed = 0;
  for (let i = 0; i < n; i++) if (buckets.take(key, nowMs)) allowed++;
  return allowed;
}

describe("TokenBuckets", () => {
  it.each([
    [1, 1],
    [3, 3],
    [10, 10],
  ])("allows a burst of exactly capacity %i", (capacity, expected) => {
    const buckets = new TokenBuckets(capacity, 1);
    expect(takeMany(buckets, "k", capacity + 5, T0)).toBe(expected);
  });

  it.each([
    // [perSecond, elapsed ms, tokens available after draining a bucket of 5]
    [1, 0, 0],
    [1, 999, 0],
    [1, 1000, 1],
    [1, 2500, 2],
    [2, 1500, 3],
    [1, 60_000, 5],
    [0.5, 1999, 0],
    [0.5, 2000, 1],
  ])("at %f/s refills %i ms later to %i tokens", (perSecond, elapsed, expected) => {
    const buckets = new TokenBuckets(5, perSecond);
    expect(takeMany(buckets, "k", 5, T0)).toBe(5);
    expect(takeMany(buckets, "k", 10, T0 + elapsed)).toBe(expected);
  });

  it("keeps fractional refill between takes", () => {
    const buckets = new TokenBuckets(1, 1);
    expect(buckets.take("k", T0)).toBe(true);
    expect(buckets.take("k", T0 + 600)).toBe(false);
    expect(buckets.take("k", T0 + 1000)).toBe(true);
  });

  it("charges a cost and refuses a cost above what is left", () => {
    const buckets = new TokenBuckets(5, 1);
    expect(buckets.take("k", T0, 3)).toBe(true);
    expect(buckets.take("k", T0, 3)).toBe(false);
    expect(buckets.take("k", T0, 2)).toBe(true);
    expect(buckets.take("k", T0, 1)).toBe(false);
    expect(buckets.take("k", T0, 6)).toBe(false);
  });

  it("keeps keys apart", () => {
    const buckets = new TokenBuckets(2, 1);
    expect(takeMany(buckets, "a", 3, T0)).toBe(2);
    expect(takeMany(buckets, "b", 3, T0)).toBe(2);
    expect(buckets.take("a", T0)).toBe(false);
  });

  it("forget() gives a key a full bucket again", () => {
    const buckets = new TokenBuckets(2, 1);
    expect(takeMany(buckets, "a", 2, T0)).toBe(2);
    expect(takeMany(buckets, "b", 2, T0)).toBe(2);
    buckets.forget("a");
    expect(takeMany(buckets, "a", 3, T0)).toBe(2);
    expect(buckets.take("b", T0)).toBe(false);
  });

  it("evicts only full buckets when at maxKeys, so a drained key stays limited", () => {
    const buckets = new TokenBuckets(2, 1, 2);
    expect(takeMany(buckets, "drained", 2, T0)).toBe(2);
    expect(buckets.take("other", T0)).toBe(true);
    expect(buckets.take("new", T0 + 1000)).toBe(true);
    // "drained" has refilled one token at T0 + 1000, not two.
    expect(takeMany(buckets, "drained", 3, T0 + 1000)).toBe(1);
  });
});
