/**
 * Splits a non-negative integer amount (minor units) in proportion to non-negative integer weights so that the
 * parts sum to the amount exactly (the largest-remainder, or Hamilton, method):
 * every part first gets the floor of its exact quota, then the units left over go one each to the parts with
 * the largest fractional remainders. Ties between equal remainders go to the earlier position in the list, so
 * callers decide the tie-break by the order they pass (the waterfall passes the bank first, then the
 * risk-sharers in their agreement's order). A part with weight zero gets nothing.
 */
export function splitByWeights(amount: bigint, weights: readonly bigint[]): bigint[] {
  if (amount < 0n) throw new RangeError("amount must not be negative");
  if (weights.some((w) => w < 0n)) throw new RangeError("weights must not be negative");
  const total = weights.reduce((sum, w) => sum + w, 0n);
  if (total === 0n) {
    if (amount === 0n) return weights.map(() => 0n);
    throw new RangeError("cannot split a positive amount by weights that sum to zero");
  }
  const parts = weights.map((w) => (amount * w) / total);
  const remainders = weights.map((w, index) => ({ index, remainder: (amount * w) % total }));
  let left = amount - parts.reduce((sum, p) => sum + p, 0n);
  // Stable sort: equal remainders keep their list order.
  remainders.sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts;
}

/**
 * Splits an amount by weights where part i may take at most caps[i] (null: no cap): what a capped part
 * cannot take is split again among the parts that still have room, until nothing is left or every part is
 * full. Returns the parts and what no part could take.
 */
export function splitByWeightsCapped(amount: bigint, weights: readonly bigint[], caps: readonly (bigint | null)[]): { parts: bigint[]; unplaced: bigint } {
  const parts = weights.map(() => 0n);
  let left = amount;
  for (;;) {
    const room = caps.map((cap, i) => (cap === null ? null : cap - parts[i]!));
    const open = weights.map((w, i) => (w > 0n && (room[i] === null || room[i]! > 0n) ? w : 0n));
    if (left === 0n || open.every((w) => w === 0n)) return { parts, unplaced: left };
    const offer = splitByWeights(left, open);
    offer.forEach((share, i) => {
      const taken = room[i] === null || share <= room[i]! ? share : room[i]!;
      parts[i]! += taken;
      left -= taken;
    });
  }
}
