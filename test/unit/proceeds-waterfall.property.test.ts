import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RISK_SHARING_PRESETS } from "../../server/domain/collateral/risk-sharing";
import type { RiskSharingMode, ShareRole } from "../../server/domain/collateral/vocabulary";
import { type DistributionLine, type SecuredClaim, type WaterfallInput, distribute, distributeBundle } from "../../server/domain/proceeds/waterfall";

const COMPONENTS = ["enforcement_costs", "interest", "principal"] as const;
const PRESETS: Record<string, ReadonlyArray<{ role: ShareRole; shareBps: number }>> = { bank100: [{ role: "bank", shareBps: 10_000 }], ...RISK_SHARING_PRESETS };
const BANK = "bank";

/** Amounts kept small (plain numbers) so the reference can hand out money unit by unit. */
const money = (max: number) => fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max }));

const claimArb = (loanId: string) =>
  fc
    .record({
      day: fc.integer({ min: 1, max: 3 }),
      owed: fc.tuple(money(3_000), money(5_000), money(20_000)),
      recoveredFraction: fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100)),
      preset: fc.constantFrom(...Object.keys(PRESETS)),
      mode: fc.constantFrom<RiskSharingMode>("pro_rata", "subrogated"),
      paid: fc.array(fc.oneof(fc.constant(-1), fc.nat(100)), { minLength: 4, maxLength: 4 }),
      sharerRecoveredFraction: fc.array(fc.nat(100), { minLength: 4, maxLength: 4 }),
    })
    .map((g): SecuredClaim => {
      const owed = { enforcement_costs: BigInt(g.owed[0]), interest: BigInt(g.owed[1]), principal: BigInt(g.owed[2]) };
      const recovered = { enforcement_costs: (owed.enforcement_costs * BigInt(g.recoveredFraction[0])) / 100n, interest: (owed.interest * BigInt(g.recoveredFraction[1])) / 100n, principal: (owed.principal * BigInt(g.recoveredFraction[2])) / 100n };
      const claimTotal = owed.enforcement_costs + owed.interest + owed.principal;
      const recoveredTotal = recovered.enforcement_costs + recovered.interest + recovered.principal;
      // A sharer paid nothing (-1) or a percentage of its loss share of the claim; it got back part of that.
      const shares = PRESETS[g.preset]!.map((s, i) => {
        const paid = s.role === BANK || g.paid[i]! < 0 ? 0n : (claimTotal * BigInt(s.shareBps) * BigInt(g.paid[i]!)) / 1_000_000n;
        return { riskShareId: `${loanId}-${s.role}`, role: s.role, shareBps: s.shareBps, organisationId: `org-${s.role}`, partyName: s.role, paid, recovered: (paid * BigInt(g.sharerRecoveredFraction[i]!)) / 100n };
      });
      const sharersRecovered = shares.reduce((sum, s) => sum + s.recovered, 0n);
      const consistent = sharersRecovered <= recoveredTotal ? shares : shares.map((s) => ({ ...s, recovered: 0n }));
      return {
        loanId,
        pledgeId: `pledge-${loanId}`,
        registeredAt: new Date(Date.UTC(2024, 0, g.day)),
        registryPledgeNumber: `Y2024-${loanId}`,
        creditor: { organisationId: `org-creditor-${loanId}`, partyName: `creditor ${loanId}` },
        owed,
        recovered,
        riskSharing: g.preset === "bank100" && g.mode === "pro_rata" ? null : { mode: g.mode, shares: consistent },
      };
    });

const inputArb = fc
  .record({
    amount: money(40_000),
    costs: fc.array(fc.tuple(money(3_000), fc.nat(100)), { maxLength: 3 }),
    claims: fc.tuple(claimArb("a"), claimArb("b"), claimArb("c")),
    claimCount: fc.integer({ min: 0, max: 3 }),
    royalty: fc.boolean(),
  })
  .map(
    (g): WaterfallInput => ({
      amount: BigInt(g.amount),
      costs: g.costs.map(([amount, paidPct], i) => ({ disposalCostId: `cost-${i}`, amount: BigInt(amount), alreadyPaid: (BigInt(amount) * BigInt(paidPct)) / 100n, organisationId: null, partyName: `payee ${i}` })),
      claims: g.claims.slice(0, g.claimCount),
      residualTo: { organisationId: null, partyName: "pledgor" },
      residualComponent: g.royalty ? "royalty_to_holder" : "surplus",
    }),
  );

type Bucket = { key: string; capacity: number; claim?: SecuredClaim; component?: (typeof COMPONENTS)[number] };

/** The priority buckets, written out plainly: costs as given, then each claim (sorted by date, number) component by component. */
function buckets(input: WaterfallInput): Bucket[] {
  const out: Bucket[] = input.costs.map((c) => ({ key: `cost:${c.disposalCostId}`, capacity: Math.max(0, Number(c.amount - c.alreadyPaid)) }));
  const ranked = [...input.claims].sort((x, y) => x.registeredAt.toISOString().localeCompare(y.registeredAt.toISOString()) || x.registryPledgeNumber.localeCompare(y.registryPledgeNumber));
  for (const claim of ranked) for (const component of COMPONENTS) out.push({ key: `${claim.loanId}:${component}`, capacity: Math.max(0, Number(claim.owed[component] - claim.recovered[component])), claim, component });
  return out;
}

const bucketOf = (l: DistributionLine) => (l.component === "disposal_cost" ? `cost:${l.disposalCostId}` : l.loanId ? `${l.loanId}:${l.component}` : "residual");
const totalsBy = (lines: DistributionLine[], keyOf: (l: DistributionLine) => string) => lines.reduce((m, l) => m.set(keyOf(l), (m.get(keyOf(l)) ?? 0) + Number(l.amount)), new Map<string, number>());

/** Pours the amount through the buckets in order; what is left is the residual. */
function pour(input: WaterfallInput): Map<string, number> {
  let left = Number(input.amount);
  const out = new Map<string, number>();
  for (const b of buckets(input)) {
    const take = Math.min(left, b.capacity);
    if (take > 0) out.set(b.key, take);
    left -= take;
  }
  if (left > 0) out.set("residual", left);
  return out;
}

/** Hamilton by hand: one unit at a time to the participant furthest below its exact quota, the earlier on ties. */
function unitByUnit(amount: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const given = weights.map(() => 0);
  for (let u = 0; u < amount; u++) {
    const deficits = weights.map((w, i) => amount * w - given[i]! * total);
    given[deficits.indexOf(Math.max(...deficits))]! += 1;
  }
  return given;
}

/**
 * The creditor side recomputed per loan from the rules in decision 009. Pro rata is compared exactly;
 * under subrogation the bank's amount is exact and the sharers are checked against their caps and proportions.
 */
function checkCreditorSide(input: WaterfallInput, lines: DistributionLine[]) {
  const poured = pour(input);
  for (const claim of input.claims) {
    const shares = claim.riskSharing?.shares ?? [];
    const sharers = shares.filter((s) => s.role !== BANK);
    const room = new Map(sharers.map((s) => [s.riskShareId, Math.max(0, Number(s.paid - s.recovered))]));
    const claimTotal = COMPONENTS.reduce((s, c) => s + Number(claim.owed[c]), 0);
    const bankRecovered = COMPONENTS.reduce((s, c) => s + Number(claim.recovered[c]), 0) - sharers.reduce((s, x) => s + Number(x.recovered), 0);
    let bankUnpaid = Math.max(0, claimTotal - sharers.reduce((s, x) => s + Number(x.paid), 0) - bankRecovered);
    for (const component of COMPONENTS) {
      const amount = poured.get(`${claim.loanId}:${component}`) ?? 0;
      const got = totalsBy(
        lines.filter((l) => l.loanId === claim.loanId && l.component === component),
        (l) => (l.organisationId === claim.creditor.organisationId ? BANK : l.riskShareId!),
      );
      const payers = sharers.filter((s) => s.paid > 0n);
      if (claim.riskSharing?.mode !== "subrogated") {
        const bankBps = shares.find((s) => s.role === BANK)?.shareBps ?? 10_000;
        const [bankPart, ...parts] = unitByUnit(amount, [bankBps, ...payers.map((s) => s.shareBps)]);
        let toBank = bankPart!;
        payers.forEach((s, i) => {
          const take = Math.min(parts[i]!, room.get(s.riskShareId)!);
          toBank += parts[i]! - take;
          room.set(s.riskShareId, room.get(s.riskShareId)! - take);
          expect(got.get(s.riskShareId) ?? 0).toBe(take);
        });
        expect(got.get(BANK) ?? 0).toBe(toBank);
      } else {
        const first = Math.min(amount, bankUnpaid);
        const forSharers = amount - first;
        const canTake = payers.reduce((s, p) => s + room.get(p.riskShareId)!, 0);
        expect(got.get(BANK) ?? 0).toBe(first + Math.max(0, forSharers - canTake));
        const taken = payers.map((s) => got.get(s.riskShareId) ?? 0);
        payers.forEach((s, i) => {
          expect(taken[i]!).toBeLessThanOrEqual(room.get(s.riskShareId)!);
          // Anyone below its cap got at least its proportional share of what went to the sharers, bar rounding.
          const full = taken[i] === room.get(s.riskShareId);
          payers.forEach((o, j) => {
            if (!full) expect(taken[i]! * o.shareBps + payers.length * 10_000).toBeGreaterThanOrEqual(taken[j]! * s.shareBps);
          });
        });
        payers.forEach((s, i) => room.set(s.riskShareId, room.get(s.riskShareId)! - taken[i]!));
        bankUnpaid = Math.max(0, bankUnpaid - (got.get(BANK) ?? 0));
      }
      for (const s of sharers.filter((x) => x.paid === 0n)) expect(got.has(s.riskShareId)).toBe(false);
    }
  }
}

const shuffled = <T,>(items: readonly T[], seed: number) => [...items].map((item, i) => ({ item, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k).map((x) => x.item);

describe("the waterfall, against a recomputation by hand", () => {
  it("sums to the amount with only positive lines", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const lines = distribute(input);
        expect(lines.reduce((s, l) => s + l.amount, 0n)).toBe(input.amount);
        for (const l of lines) expect(l.amount > 0n).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("fills the priority buckets in order — costs, then by rank enforcement costs → interest → principal — with the rest to the residual", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const lines = distribute(input);
        expect(Object.fromEntries(totalsBy(lines, bucketOf))).toEqual(Object.fromEntries(pour(input)));
        // Stated directly: no bucket gets money while an earlier one is short.
        const got = totalsBy(lines, bucketOf);
        const order = buckets(input);
        order.forEach((b, i) => {
          if ((got.get(b.key) ?? 0) > 0) for (const earlier of order.slice(0, i)) expect(got.get(earlier.key) ?? 0).toBe(earlier.capacity);
        });
        if (got.has("residual")) for (const b of order) expect(got.get(b.key) ?? 0).toBe(b.capacity);
        for (const l of lines.filter((x) => bucketOf(x) === "residual")) expect(l.component).toBe(input.residualComponent);
      }),
      { numRuns: 400 },
    );
  });

  it("splits each claim's money on the creditor side by the agreement, every preset in both modes", () => {
    fc.assert(
      fc.property(inputArb, (input) => checkCreditorSide(input, distribute(input))),
      { numRuns: 400 },
    );
  });

  it("never returns to a risk-sharer more than it paid", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const lines = distribute(input);
        for (const share of input.claims.flatMap((c) => c.riskSharing?.shares ?? []).filter((s) => s.role !== BANK)) {
          const now = lines.filter((l) => l.riskShareId === share.riskShareId).reduce((s, l) => s + l.amount, 0n);
          expect(share.recovered + now <= share.paid || now === 0n).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic: the same input, or its claims in another order, gives the same lines", () => {
    fc.assert(
      fc.property(inputArb, fc.nat(100), (input, seed) => {
        const lines = distribute(input);
        expect(distribute(input)).toEqual(lines);
        expect(distribute({ ...input, claims: shuffled(input.claims, seed) })).toEqual(lines);
      }),
      { numRuns: 300 },
    );
  });

  it("splits a bundle by appraisal: sums to the amount, and no loan is paid beyond what it is owed across portions", () => {
    const bundleArb = fc.tuple(inputArb, fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 3 }), fc.nat());
    fc.assert(
      fc.property(bundleArb, ([input, appraisals, pick]) => {
        const portions = appraisals.map((appraisal, i) => ({ appraisal: BigInt(appraisal), claims: input.claims.filter((_, j) => (j + pick + i) % 2 === 0), residualTo: { organisationId: null, partyName: `pledgor ${i}` } }));
        const lines = distributeBundle({ amount: input.amount, costs: input.costs, portions, residualComponent: "surplus" });
        expect(lines.reduce((s, l) => s + l.amount, 0n)).toBe(input.amount);
        for (const l of lines) expect(l.amount > 0n).toBe(true);
        for (const claim of input.claims) {
          for (const c of COMPONENTS) {
            const paid = lines.filter((l) => l.loanId === claim.loanId && l.component === c).reduce((s, l) => s + l.amount, 0n);
            expect(paid <= (claim.owed[c] > claim.recovered[c] ? claim.owed[c] - claim.recovered[c] : 0n)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
