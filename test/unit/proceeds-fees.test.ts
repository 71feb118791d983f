import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buyerPremium, judicialCommissionCap, platformFee } from "../../server/domain/proceeds/fees";

const yuan = (major: number) => BigInt(Math.round(major * 100));

describe("judicialCommissionCap (marginal by band, floored)", () => {
  it.each([
    { price: 0n, cap: 0n },
    { price: 19n, cap: 0n },
    { price: 20n, cap: 1n },
    { price: yuan(1_000_000), cap: yuan(50_000) },
    { price: yuan(2_000_000), cap: yuan(100_000) },
    { price: yuan(2_000_000) + 1n, cap: yuan(100_000) },
    { price: yuan(2_000_000) + 34n, cap: yuan(100_000) + 1n },
    { price: yuan(10_000_000), cap: yuan(340_000) },
    { price: yuan(50_000_000), cap: yuan(1_140_000) },
    { price: yuan(100_000_000), cap: yuan(1_640_000) },
    { price: yuan(200_000_000), cap: yuan(2_140_000) },
  ])("¥ price $price fen → cap $cap fen", ({ price, cap }) => {
    expect(judicialCommissionCap(price, "CNY")).toBe(cap);
  });

  it("uses the same bands in major units for other currencies", () => {
    expect(judicialCommissionCap(yuan(10_000_000), "USD")).toBe(yuan(340_000));
  });

  it("matches a per-band recomputation in fen, and never grows faster than 5% nor shrinks", () => {
    // Reference: the rate of each yuan-cent's band, summed cent-band by cent-band in plain numbers of hundredths of a bp.
    const reference = (price: number) => {
      const edges = [0, 200_000_000, 1_000_000_000, 5_000_000_000, 10_000_000_000, Infinity];
      const rates = [500, 300, 200, 100, 50];
      let weighted = 0n;
      rates.forEach((rate, i) => {
        const part = Math.max(0, Math.min(price, edges[i + 1]!) - edges[i]!);
        weighted += BigInt(part) * BigInt(rate);
      });
      return weighted / 10_000n;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (price, more) => {
        const cap = judicialCommissionCap(BigInt(price), "CNY");
        expect(cap).toBe(reference(price));
        const higher = judicialCommissionCap(BigInt(price + more), "CNY");
        expect(higher >= cap && higher - cap <= (BigInt(more) * 500n) / 10_000n + 1n).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("buyerPremium and platformFee", () => {
  it("caps the judicial premium, not the private one; rounds down", () => {
    expect(buyerPremium(yuan(10_000_000), "CNY", { preset: "judicial", rateBps: 500 })).toBe(yuan(340_000));
    expect(buyerPremium(yuan(10_000_000), "CNY", { preset: "private", rateBps: 500 })).toBe(yuan(500_000));
    expect(buyerPremium(yuan(1_000_000), "CNY", { preset: "judicial", rateBps: 300 })).toBe(yuan(30_000));
    expect(buyerPremium(333n, "CNY", { preset: "private", rateBps: 150 })).toBe(4n);
  });

  it.each([
    { price: yuan(1_000_000), rule: { rateBps: 150, capAmount: yuan(50_000) }, fee: yuan(15_000) },
    { price: yuan(10_000_000), rule: { rateBps: 150, capAmount: yuan(50_000) }, fee: yuan(50_000) },
    { price: yuan(10_000_000), rule: { rateBps: 150, capAmount: null }, fee: yuan(150_000) },
    { price: 333n, rule: { rateBps: 150, capAmount: null }, fee: 4n },
    { price: yuan(5_000), rule: { rateBps: 0, capAmount: null }, fee: 0n },
  ])("platform fee on $price at $rule.rateBps bps → $fee", ({ price, rule, fee }) => {
    expect(platformFee(price, rule)).toBe(fee);
  });

  it("refuses a fractional or negative rate", () => {
    expect(() => platformFee(100n, { rateBps: 1.5, capAmount: null })).toThrow(RangeError);
    expect(() => platformFee(100n, { rateBps: -1, capAmount: null })).toThrow(RangeError);
  });
});
