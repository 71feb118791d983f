import { describe, expect, it } from "vitest";
import { type ClaimParts, type DefaultedLoan, type PledgeCover, type SecuredScope, claimAsOf, paymentsFromLines, roundHalfUp, securedPart, toWaterfallAmounts } from "../../server/domain/proceeds/claim";
import { allocateByRank, rankGroups } from "../../server/domain/proceeds/equal-rank";

// Amounts in fen: ¥1,000,000 = 100,000,000.
const loan: DefaultedLoan = {
  defaultedOn: "2025-01-10",
  principalAtDefault: 100_000_000n,
  interestAtDefault: 5_000_000n,
  penaltyAtDefault: 0n,
  enforcementCosts: 300_000n,
  penaltyRateBps: 1_800,
  dayCount: "actual_365",
};

const claimOf = (...args: Parameters<typeof claimAsOf>) => {
  const r = claimAsOf(...args);
  if (!r.ok) throw new Error(r.code);
  return r.claim;
};

describe("claimAsOf: penalty interest from default to the as-of date", () => {
  it.each([
    // 2025-01-10 → 2026-07-10 is 546 days. 100,000,000 × 546 × 18% / 365 = 26,926,027.397… → 26,926,027 (¥269,260.27).
    { dayCount: "actual_365" as const, penalty: 26_926_027n },
    // 100,000,000 × 546 × 18% / 360 = 27,300,000 exactly (¥273,000.00).
    { dayCount: "actual_360" as const, penalty: 27_300_000n },
  ])("¥1m at 18% for 546 days, $dayCount → $penalty fen", ({ dayCount, penalty }) => {
    const c = claimOf({ ...loan, dayCount }, [], "2026-07-10");
    expect(c.penaltyDays).toBe(546);
    expect(c.penaltyAccrued).toBe(penalty);
    expect(c.owed).toEqual({ enforcementCosts: 300_000n, interest: 5_000_000n, penaltyInterest: penalty, principal: 100_000_000n });
  });

  it("adds the penalty interest recorded at default to what accrues after it", () => {
    expect(claimOf({ ...loan, penaltyAtDefault: 12_345n }, [], "2026-07-10").owed.penaltyInterest).toBe(12_345n + 26_926_027n);
  });

  it("on the default date itself nothing has accrued yet", () => {
    const c = claimOf(loan, [], "2025-01-10");
    expect([c.penaltyDays, c.penaltyAccrued]).toEqual([0, 0n]);
    expect(c.owed).toEqual({ enforcementCosts: 300_000n, interest: 5_000_000n, penaltyInterest: 0n, principal: 100_000_000n });
  });

  it("one day after default accrues exactly one day: 100,000,000 × 18% / 365 = 49,315.07 → 49,315", () => {
    expect(claimOf(loan, [], "2025-01-11").penaltyAccrued).toBe(49_315n);
  });

  it("refuses a date before default", () => {
    expect(claimAsOf(loan, [], "2025-01-09")).toEqual({ ok: false, code: "DATE_BEFORE_DEFAULT" });
  });

  it("accrues on the principal still unpaid: repaid on a day, it stops accruing from that day", () => {
    // ¥400,000 of principal repaid on 2025-04-10 (day 90); as of 2025-07-09 (90 days later):
    // Σ balance × days = 100,000,000 × 90 + 60,000,000 × 90 = 14,400,000,000 fen-days;
    // × 18% / 365 = 7,101,369.86… → 7,101,370 (half up; a floor would give 7,101,369).
    const c = claimOf(loan, [{ on: "2025-04-10", part: "principal", amount: 40_000_000n }], "2025-07-09");
    expect(c.penaltyAccrued).toBe(7_101_370n);
    expect(c.paid.principal).toBe(40_000_000n);
    expect(c.owed.principal).toBe(60_000_000n);
  });

  it("rounds once, half up: 180 fen at 100% a year actual/360 for one day is exactly ½ fen → 1", () => {
    const tiny: DefaultedLoan = { ...loan, principalAtDefault: 180n, interestAtDefault: 0n, enforcementCosts: 0n, penaltyRateBps: 10_000, dayCount: "actual_360" };
    expect(claimOf(tiny, [], "2025-01-11").penaltyAccrued).toBe(1n);
    expect(claimOf({ ...tiny, principalAtDefault: 179n }, [], "2025-01-11").penaltyAccrued).toBe(0n);
    expect([roundHalfUp(5n, 10n), roundHalfUp(4n, 10n), roundHalfUp(15n, 10n), roundHalfUp(0n, 7n)]).toEqual([1n, 0n, 2n, 0n]);
  });

  it("subtracts payments per part; a principal payment on the as-of date changes what is owed, not what accrued", () => {
    const payments = [
      { on: "2025-06-01", part: "enforcementCosts" as const, amount: 300_000n },
      { on: "2025-06-01", part: "interest" as const, amount: 2_000_000n },
      { on: "2025-06-01", part: "penaltyInterest" as const, amount: 1_000_000n },
      { on: "2026-07-10", part: "principal" as const, amount: 10_000_000n },
    ];
    const c = claimOf(loan, payments, "2026-07-10");
    expect(c.penaltyAccrued).toBe(26_926_027n);
    expect(c.owed).toEqual({ enforcementCosts: 0n, interest: 3_000_000n, penaltyInterest: 25_926_027n, principal: 90_000_000n });
  });

  it.each([
    { why: "a payment before default", payments: [{ on: "2025-01-09", part: "principal" as const, amount: 1n }], code: "PAYMENT_OUTSIDE_PERIOD" },
    { why: "a payment after the as-of date", payments: [{ on: "2026-07-11", part: "principal" as const, amount: 1n }], code: "PAYMENT_OUTSIDE_PERIOD" },
    { why: "more principal paid than lent", payments: [{ on: "2025-02-01", part: "principal" as const, amount: 100_000_001n }], code: "PAYMENTS_EXCEED_CLAIM" },
    { why: "more interest paid than owed", payments: [{ on: "2025-02-01", part: "interest" as const, amount: 5_000_001n }], code: "PAYMENTS_EXCEED_CLAIM" },
  ])("refuses $why", ({ payments, code }) => {
    expect(claimAsOf(loan, payments, "2026-07-10")).toEqual({ ok: false, code });
  });

  it("throws on malformed input (programmer errors)", () => {
    expect(() => claimAsOf(loan, [], "2026-02-30")).toThrow(RangeError);
    expect(() => claimAsOf({ ...loan, penaltyRateBps: 1.5 }, [], "2026-01-01")).toThrow(RangeError);
    expect(() => claimAsOf(loan, [{ on: "2025-02-01", part: "interest", amount: -1n }], "2026-01-01")).toThrow(RangeError);
  });
});

describe("securedPart: scope and maximum-amount cap", () => {
  // Owed on 2026-07-10 (above): costs 300,000; interest 5,000,000; penalty 26,926,027; principal 100,000,000.
  const owed: ClaimParts = { enforcementCosts: 300_000n, interest: 5_000_000n, penaltyInterest: 26_926_027n, principal: 100_000_000n };
  const ordinary = (scope: SecuredScope): PledgeCover => ({ scope, maximumAmount: null, paidUnderPledge: 0n });

  it.each([
    { scope: "principal" as const, secured: { enforcementCosts: 0n, interest: 0n, penaltyInterest: 0n, principal: 100_000_000n } },
    { scope: "principal_and_interest" as const, secured: { enforcementCosts: 0n, interest: 5_000_000n, penaltyInterest: 0n, principal: 100_000_000n } },
    { scope: "plus_penalty_interest" as const, secured: { enforcementCosts: 0n, interest: 5_000_000n, penaltyInterest: 26_926_027n, principal: 100_000_000n } },
    { scope: "plus_enforcement_costs" as const, secured: owed },
  ])("scope $scope secures only its parts; the rest is unsecured", ({ scope, secured }) => {
    const s = securedPart(owed, ordinary(scope));
    expect(s.secured).toEqual(secured);
    for (const part of ["enforcementCosts", "interest", "penaltyInterest", "principal"] as const) expect(s.secured[part] + s.unsecured[part]).toBe(owed[part]);
  });

  // Full scope: 300,000 + 5,000,000 + 26,926,027 + 100,000,000 = 132,226,027.
  it("a cap at the bound secures everything", () => {
    const s = securedPart(owed, { scope: "plus_enforcement_costs", maximumAmount: 132_226_027n, paidUnderPledge: 0n });
    expect(s.securedTotal).toBe(132_226_027n);
    expect(s.unsecured).toEqual({ enforcementCosts: 0n, interest: 0n, penaltyInterest: 0n, principal: 0n });
  });

  it("a cap one below the bound leaves one fen of principal unsecured (the cap fills costs → interest → penalty → principal)", () => {
    const s = securedPart(owed, { scope: "plus_enforcement_costs", maximumAmount: 132_226_026n, paidUnderPledge: 0n });
    expect(s.unsecured).toEqual({ enforcementCosts: 0n, interest: 0n, penaltyInterest: 0n, principal: 1n });
  });

  it("a cap of ¥1,200,000 well past: principal 120,000,000 − 32,226,027 = 87,773,973 secured, 12,226,027 unsecured", () => {
    const s = securedPart(owed, { scope: "plus_enforcement_costs", maximumAmount: 120_000_000n, paidUnderPledge: 0n });
    expect(s.secured).toEqual({ enforcementCosts: 300_000n, interest: 5_000_000n, penaltyInterest: 26_926_027n, principal: 87_773_973n });
    expect(s.unsecured.principal).toBe(12_226_027n);
  });

  it("what the pledge already paid counts against its cap; a spent cap secures nothing", () => {
    expect(securedPart(owed, { scope: "principal", maximumAmount: 150_000_000n, paidUnderPledge: 60_000_000n }).securedTotal).toBe(90_000_000n);
    expect(securedPart(owed, { scope: "principal", maximumAmount: 50_000_000n, paidUnderPledge: 60_000_000n }).securedTotal).toBe(0n);
    // Without a cap, earlier payments are already out of `owed`, so they do not count again.
    expect(securedPart(owed, { scope: "principal", maximumAmount: null, paidUnderPledge: 60_000_000n }).securedTotal).toBe(100_000_000n);
  });
});

describe("equal rank by registration day (art. 414)", () => {
  const pledge = (pledgeId: string, registeredAt: string, secured: bigint) => ({ pledgeId, registryPledgeNumber: `Z-${pledgeId}`, registeredAt: new Date(registeredAt), secured });

  it("groups by the China calendar day of registration, earliest first", () => {
    // 17:00Z on 1 March is 01:00 on 2 March in China; 15:00Z on 1 March is 23:00 on 1 March.
    const groups = rankGroups([pledge("b", "2025-03-01T17:00:00Z", 1n), pledge("c", "2025-03-02T10:00:00Z", 1n), pledge("a", "2025-03-01T15:00:00Z", 1n)]);
    expect(groups.map((g) => [g.registeredOn, g.pledges.map((p) => p.pledgeId)])).toEqual([
      ["2025-03-01", ["a"]],
      ["2025-03-02", ["b", "c"]],
    ]);
  });

  it("two pledges the same day share a shortfall pro rata by secured claim", () => {
    // 1,000 between claims of 600 and 900 (1,500): 400 and 600.
    const { allocations, left } = allocateByRank(1_000n, [pledge("x", "2025-03-01T01:00:00Z", 600n), pledge("y", "2025-03-01T09:00:00Z", 900n)]);
    expect(allocations.map((a) => a.amount)).toEqual([400n, 600n]);
    expect(left).toBe(0n);
  });

  it("the same two pledges on different days: the earlier is paid in full first", () => {
    const { allocations } = allocateByRank(1_000n, [pledge("y", "2025-03-02T09:00:00Z", 900n), pledge("x", "2025-03-01T01:00:00Z", 600n)]);
    expect(allocations.map((a) => [a.pledge.pledgeId, a.amount])).toEqual([
      ["x", 600n],
      ["y", 400n],
    ]);
  });

  it("rounds by largest remainder: 1,001 over claims 1 : 2 → 333.67 / 667.33 → 334 / 667", () => {
    const { allocations } = allocateByRank(1_001n, [pledge("x", "2025-03-01T01:00:00Z", 10_000n), pledge("y", "2025-03-01T02:00:00Z", 20_000n)]);
    expect(allocations.map((a) => a.amount)).toEqual([334n, 667n]);
  });

  it("pays each claim in full when there is enough, and returns the rest", () => {
    const { allocations, left } = allocateByRank(5_000n, [pledge("x", "2025-03-01T01:00:00Z", 600n), pledge("y", "2025-03-01T09:00:00Z", 900n), pledge("z", "2025-04-01T09:00:00Z", 1_000n)]);
    expect(allocations.map((a) => a.amount)).toEqual([600n, 900n, 1_000n]);
    expect(left).toBe(2_500n);
  });
});

describe("between the waterfall's three components and the four parts", () => {
  it("replays interest lines by date: contractual interest first, then penalty interest", () => {
    // Contractual interest at default 5,000,000: the 2025-03-01 line takes 3,000,000 of it, the 2025-06-01 line the
    // last 2,000,000 and 1,500,000 of penalty; the later line is listed first to show that order is by date.
    const lines = [
      { component: "interest" as const, amount: 3_500_000n, receivedOn: "2025-06-01" },
      { component: "interest" as const, amount: 3_000_000n, receivedOn: "2025-03-01" },
      { component: "principal" as const, amount: 7n, receivedOn: "2025-03-01" },
      { component: "enforcement_costs" as const, amount: 9n, receivedOn: "2025-02-01" },
    ];
    expect(paymentsFromLines(5_000_000n, lines)).toEqual([
      { on: "2025-02-01", part: "enforcementCosts", amount: 9n },
      { on: "2025-03-01", part: "interest", amount: 3_000_000n },
      { on: "2025-03-01", part: "principal", amount: 7n },
      { on: "2025-06-01", part: "interest", amount: 2_000_000n },
      { on: "2025-06-01", part: "penaltyInterest", amount: 1_500_000n },
    ]);
  });

  it("pays penalty interest as interest", () => {
    expect(toWaterfallAmounts({ enforcementCosts: 1n, interest: 20n, penaltyInterest: 300n, principal: 4_000n })).toEqual({ enforcement_costs: 1n, interest: 320n, principal: 4_000n });
  });
});
