import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLAIM_PARTS, type ClaimPart, type ComponentPayment, type DefaultedLoan, SECURED_SCOPES, claimAsOf, securedPart } from "../../server/domain/proceeds/claim";
import { allocateByRank } from "../../server/domain/proceeds/equal-rank";

const SEED = 20_260_710;

/** An exact non-negative rational, kept reduced. */
type Rational = { n: bigint; d: bigint };
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
const add = (x: Rational, y: Rational): Rational => {
  const n = x.n * y.d + y.n * x.d;
  const d = x.d * y.d;
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};

const nextDay = (day: string) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The naive model, written apart from the calculator: walk from the default date one calendar day at a time; on
 * each day apply that day's principal repayments, then add one day's interest on what remains as an exact fraction;
 * stop at the as-of date (which accrues nothing). Round the total once, half up.
 */
function naiveClaim(loan: DefaultedLoan, payments: readonly ComponentPayment[], asOf: string) {
  const basis = loan.dayCount === "actual_360" ? 360n : 365n;
  let outstanding = loan.principalAtDefault;
  let accrued: Rational = { n: 0n, d: 1n };
  for (let day = loan.defaultedOn; day < asOf; day = nextDay(day)) {
    for (const p of payments) if (p.part === "principal" && p.on === day) outstanding -= p.amount;
    accrued = add(accrued, { n: outstanding * BigInt(loan.penaltyRateBps), d: 10_000n * basis });
  }
  const whole = accrued.n / accrued.d;
  const rest = accrued.n - whole * accrued.d;
  const penaltyAccrued = 2n * rest >= accrued.d ? whole + 1n : whole;
  const gross = { enforcementCosts: loan.enforcementCosts, interest: loan.interestAtDefault, penaltyInterest: loan.penaltyAtDefault + penaltyAccrued, principal: loan.principalAtDefault };
  const owed = { ...gross };
  for (const p of payments) owed[p.part] -= p.amount;
  return { penaltyAccrued, owed };
}

const isoDay = (base: string, offset: number) => new Date(Date.parse(`${base}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** A defaulted loan, an as-of date up to ~2 years later, and payments inside the period that never exceed a part. */
const scenario = fc
  .record({
    defaultOffset: fc.integer({ min: 0, max: 1_500 }),
    span: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 800 })),
    principal: fc.oneof(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 10_000_000_000n })),
    interest: fc.bigInt({ min: 0n, max: 100_000_000n }),
    penaltyAtDefault: fc.bigInt({ min: 0n, max: 1_000_000n }),
    costs: fc.bigInt({ min: 0n, max: 1_000_000n }),
    rateBps: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 5_000 })),
    dayCount: fc.constantFrom("actual_365" as const, "actual_360" as const),
    payments: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), part: fc.constantFrom<ClaimPart>(...CLAIM_PARTS), share: fc.integer({ min: 0, max: 40 }) }), { maxLength: 6 }),
  })
  .map((g) => {
    const defaultedOn = isoDay("2023-01-01", g.defaultOffset);
    const asOf = isoDay(defaultedOn, g.span);
    const loan: DefaultedLoan = { defaultedOn, principalAtDefault: g.principal, interestAtDefault: g.interest, penaltyAtDefault: g.penaltyAtDefault, enforcementCosts: g.costs, penaltyRateBps: g.rateBps, dayCount: g.dayCount };
    // Each payment takes up to 40% of its part's figure at default, so no part is overpaid (penalty: of the amount at default).
    const base: Record<ClaimPart, bigint> = { enforcementCosts: g.costs, interest: g.interest, penaltyInterest: g.penaltyAtDefault, principal: g.principal };
    const payments = g.payments.map((p): ComponentPayment => ({ on: isoDay(defaultedOn, Math.floor(p.at * g.span)), part: p.part, amount: (base[p.part] * BigInt(p.share)) / 100n }));
    const perPart = (part: ClaimPart) => payments.filter((p) => p.part === part).reduce((s, p) => s + p.amount, 0n);
    return { loan, asOf, payments: CLAIM_PARTS.every((part) => perPart(part) <= base[part]) ? payments : [] };
  });

describe("claimAsOf against a day-by-day recomputation", () => {
  it("agrees part by part on every scenario", () => {
    fc.assert(
      fc.property(scenario, ({ loan, asOf, payments }) => {
        const r = claimAsOf(loan, payments, asOf);
        if (!r.ok) throw new Error(r.code);
        const naive = naiveClaim(loan, payments, asOf);
        expect(r.claim.penaltyAccrued).toBe(naive.penaltyAccrued);
        expect(r.claim.owed).toEqual(naive.owed);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("never decreases as the as-of date moves later, and refuses any date before default", () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 400 }), ({ loan, asOf, payments }, later) => {
        const now = claimAsOf(loan, payments, asOf);
        const then = claimAsOf(loan, payments, isoDay(asOf, later));
        if (!now.ok || !then.ok) throw new Error("refused");
        expect(then.claim.owed.penaltyInterest >= now.claim.owed.penaltyInterest).toBe(true);
        expect(claimAsOf(loan, [], isoDay(loan.defaultedOn, -later))).toEqual({ ok: false, code: "DATE_BEFORE_DEFAULT" });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("securedPart and allocateByRank invariants", () => {
  const parts = fc.record({ enforcementCosts: fc.bigInt({ min: 0n, max: 10_000n }), interest: fc.bigInt({ min: 0n, max: 10_000n }), penaltyInterest: fc.bigInt({ min: 0n, max: 10_000n }), principal: fc.bigInt({ min: 0n, max: 100_000n }) });

  it("secured + unsecured = owed; secured never exceeds the cap's room; nothing out of scope is secured", () => {
    fc.assert(
      fc.property(parts, fc.constantFrom(...SECURED_SCOPES), fc.option(fc.bigInt({ min: 0n, max: 150_000n })), fc.bigInt({ min: 0n, max: 50_000n }), (owed, scope, cap, paidUnderPledge) => {
        const s = securedPart(owed, { scope, maximumAmount: cap, paidUnderPledge });
        for (const part of CLAIM_PARTS) expect(s.secured[part] + s.unsecured[part]).toBe(owed[part]);
        if (cap !== null) expect(s.securedTotal <= (cap > paidUnderPledge ? cap - paidUnderPledge : 0n)).toBe(true);
        const full = securedPart(owed, { scope: "plus_enforcement_costs", maximumAmount: null, paidUnderPledge: 0n });
        expect(full.securedTotal).toBe(CLAIM_PARTS.reduce((sum, part) => sum + owed[part], 0n));
        if (scope === "principal") expect(s.securedTotal).toBe(s.secured.principal);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("pays the whole amount up to the claims, each within its claim, a later day only once earlier days are full", () => {
    const pledge = fc.record({ day: fc.integer({ min: 1, max: 3 }), hour: fc.integer({ min: 0, max: 15 }), secured: fc.bigInt({ min: 0n, max: 5_000n }) });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 20_000n }), fc.array(pledge, { maxLength: 6 }), (amount, specs) => {
        const pledges = specs.map((s, i) => ({ pledgeId: `p${i}`, registryPledgeNumber: `Z${i}`, registeredAt: new Date(Date.UTC(2025, 2, s.day, s.hour)), secured: s.secured }));
        const { allocations, left } = allocateByRank(amount, pledges);
        const paid = allocations.reduce((sum, a) => sum + a.amount, 0n);
        const due = pledges.reduce((sum, p) => sum + p.secured, 0n);
        expect(paid + left).toBe(amount);
        expect(paid).toBe(amount < due ? amount : due);
        for (const a of allocations) expect(a.amount >= 0n && a.amount <= a.pledge.secured).toBe(true);
        // A pledge short of its claim means every pledge of a later day got nothing.
        allocations.forEach((a, i) => {
          if (a.amount < a.pledge.secured) for (const b of allocations.slice(i + 1)) if (b.pledge.registeredAt.getUTCDate() > a.pledge.registeredAt.getUTCDate()) expect(b.amount).toBe(0n);
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
