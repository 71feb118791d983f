import { chinaDate } from "../calendar-date";
import { splitByWeights } from "./largest-remainder";

/**
 * Pledge rank under Civil Code art. 414 (applied to registrable pledges by its last paragraph): registered pledges
 * are paid in the order of their registration, and pledges registered on the same day (the registry's day, in China)
 * rank equally and share pro rata by their secured claims (decision 020). Pure; no clock.
 */

export type RankablePledge = { pledgeId: string; registeredAt: Date; registryPledgeNumber: string };

export type RankGroup<T> = { registeredOn: string; pledges: T[] };

/** Groups of equal rank, earliest day first; inside a group by registry number then id, only to fix rounding ties. */
export function rankGroups<T extends RankablePledge>(pledges: readonly T[]): RankGroup<T>[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byDay = new Map<string, T[]>();
  for (const pledge of pledges) {
    const day = chinaDate(pledge.registeredAt);
    byDay.set(day, [...(byDay.get(day) ?? []), pledge]);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([registeredOn, group]) => ({ registeredOn, pledges: group.sort((a, b) => compare(a.registryPledgeNumber, b.registryPledgeNumber) || compare(a.pledgeId, b.pledgeId)) }));
}

export type RankedAllocation<T> = { pledge: T; amount: bigint };

/**
 * Pays `amount` to pledges by rank, each up to its secured claim: group by group; a group that cannot be paid in
 * full shares what is left pro rata by secured claim (largest remainder, earlier in the group first on ties).
 * Returns one allocation per pledge in rank order, and what is left after every secured claim.
 */
export function allocateByRank<T extends RankablePledge & { secured: bigint }>(amount: bigint, pledges: readonly T[]): { allocations: RankedAllocation<T>[]; left: bigint } {
  if (amount < 0n || pledges.some((p) => p.secured < 0n)) throw new RangeError("amounts must not be negative");
  const allocations: RankedAllocation<T>[] = [];
  let left = amount;
  for (const group of rankGroups(pledges)) {
    const due = group.pledges.reduce((sum, p) => sum + p.secured, 0n);
    // Short of the group's total, every quota is below its claim, so no part exceeds what its pledge secures.
    const parts = left >= due ? group.pledges.map((p) => p.secured) : splitByWeights(left, group.pledges.map((p) => p.secured));
    group.pledges.forEach((pledge, i) => allocations.push({ pledge, amount: parts[i]! }));
    left -= parts.reduce((sum, p) => sum + p, 0n);
  }
  return { allocations, left };
}
