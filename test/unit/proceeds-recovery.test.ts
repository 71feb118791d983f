import { describe, expect, it } from "vitest";
import { type RecoveryLine, computeRecovery, exposureAtDefault, realisedLgdBps } from "../../server/domain/proceeds/recovery";

const bank = { organisationId: "org-bank", partyName: "Bank", riskShareId: "rs-bank" };
const fund = { organisationId: "org-fund", partyName: "Fund", riskShareId: "rs-fund" };
const line = (who: typeof bank, component: RecoveryLine["component"], amount: bigint, receivedOn: string): RecoveryLine => ({ ...who, component, amount, receivedOn });

describe("computeRecovery", () => {
  const ead = exposureAtDefault({ principalAtDefault: 900_000n, interestAtDefault: 80_000n, penaltyAtDefault: 20_000n, costsAtDefault: 0n });
  const lines = [line(bank, "interest", 50_000n, "2023-01-01"), line(bank, "principal", 300_000n, "2024-01-01"), line(fund, "principal", 200_000n, "2024-01-01")];

  it("sums per party and component, gives the rate exactly and in bps, the LGD discounted at 10% a year, and the days", () => {
    const r = computeRecovery({ defaultedOn: "2023-01-01", exposureAtDefault: ead, lines, costs: [{ amount: 11_000n, on: "2024-01-01" }], annualRateBps: 1_000 });
    expect(ead).toBe(1_000_000n);
    expect(r.recovered).toBe(550_000n);
    expect(r.byComponent).toEqual({ enforcement_costs: 0n, interest: 50_000n, principal: 500_000n });
    expect(r.byParty).toEqual([
      { ...bank, total: 350_000n, byComponent: { enforcement_costs: 0n, interest: 50_000n, principal: 300_000n } },
      { ...fund, total: 200_000n, byComponent: { enforcement_costs: 0n, interest: 0n, principal: 200_000n } },
    ]);
    expect(r.recoveryRate).toEqual({ numerator: 550_000n, denominator: 1_000_000n });
    expect(r.recoveryRateBps).toBe(5_500);
    // PV: 50,000 + 500,000 / 1.1 − 11,000 / 1.1 = 494,545.45 → LGD 0.505454… → 5,055 bps.
    expect(r.lgdBps).toBe(5_055);
    expect([r.daysToFirstRecovery, r.daysToRecovery]).toEqual([0, 365]);
  });

  it("at a zero rate the LGD is 1 − (recovered − costs) / EAD; reimbursed costs enter as negative costs", () => {
    const input = { defaultedOn: "2023-01-01", exposureAtDefault: 1_000_000n, lines, annualRateBps: 0 };
    expect(realisedLgdBps({ ...input, costs: [{ amount: 20_000n, on: "2023-03-01" }] })).toBe(4_700);
    expect(realisedLgdBps({ ...input, costs: [{ amount: 20_000n, on: "2023-03-01" }, { amount: -20_000n, on: "2024-01-01" }] })).toBe(4_500);
  });

  it("uses actual/365 with annual compounding: half a year at 21% discounts by 1.1", () => {
    const halfYear = [line(bank, "principal", 110_000n, "2023-07-02")];
    // 2023-01-01 → 2023-07-02 is 182 days, so (1.21)^(182/365) ≈ 1.09971; 110,000 / 1.09971 ≈ 100,026 → LGD 0.899974 → 9,000 bps.
    expect(realisedLgdBps({ defaultedOn: "2023-01-01", exposureAtDefault: 1_000_000n, lines: halfYear, costs: [], annualRateBps: 2_100 })).toBe(9_000);
  });

  it("before any recovery: nothing recovered, LGD 100% plus the costs, no days", () => {
    const r = computeRecovery({ defaultedOn: "2023-01-01", exposureAtDefault: 1_000_000n, lines: [], costs: [{ amount: 10_000n, on: "2023-01-01" }], annualRateBps: 500 });
    expect([r.recovered, r.recoveryRateBps, r.lgdBps, r.daysToFirstRecovery, r.daysToRecovery, r.byParty]).toEqual([0n, 0, 10_100, null, null, []]);
  });

  it("has no rate without an exposure", () => {
    const r = computeRecovery({ defaultedOn: "2023-01-01", exposureAtDefault: 0n, lines: [], costs: [], annualRateBps: 500 });
    expect([r.recoveryRateBps, r.lgdBps]).toEqual([null, null]);
  });
});
