import { describe, expect, it } from "vitest";
import { balanceDueAt, balanceDueDays, settlementTerms } from "../../server/domain/proceeds/settlement-terms";

const yuan = (n: number) => BigInt(n) * 100n;

describe("settlement terms", () => {
  it("judicial: the commission is the buyer's premium, no platform fee; the deposit reduces the balance", () => {
    expect(settlementTerms({ preset: "judicial", currency: "CNY", price: yuan(3_000_000), platformFeeBps: 100, deposit: yuan(300_000) })).toEqual({
      buyerPremium: yuan(130_000),
      platformFee: 0n,
      depositApplied: yuan(300_000),
      balanceDue: yuan(2_830_000),
    });
  });

  it("private: no premium; the platform fee comes out of the seller's proceeds, not the buyer's balance", () => {
    expect(settlementTerms({ preset: "private", currency: "CNY", price: 1_234_567n, platformFeeBps: 150, deposit: 100_000n })).toEqual({ buyerPremium: 0n, platformFee: 18_518n, depositApplied: 100_000n, balanceDue: 1_134_567n });
  });

  it("a deposit larger than what is owed applies only up to it; none applies nothing", () => {
    expect(settlementTerms({ preset: "private", currency: "CNY", price: 50_000n, platformFeeBps: 0, deposit: 80_000n })).toMatchObject({ depositApplied: 50_000n, balanceDue: 0n });
    expect(settlementTerms({ preset: "private", currency: "CNY", price: 50_000n, platformFeeBps: 0, deposit: 0n })).toMatchObject({ depositApplied: 0n, balanceDue: 50_000n });
  });
});

describe("balance due date", () => {
  const awarded = new Date("2026-03-01T08:00:00Z");
  it("defaults to 10 days after the award; a listing may set its own", () => {
    expect(balanceDueAt(awarded, {})).toEqual(new Date("2026-03-11T08:00:00Z"));
    expect(balanceDueAt(awarded, { balanceDueDays: 15 })).toEqual(new Date("2026-03-16T08:00:00Z"));
  });
  it.each([[0], [-3], [2.5], ["7"], [365], [null]])("ignores a nonsensical %s", (days) => {
    expect(balanceDueDays({ balanceDueDays: days })).toBe(10);
  });
});
