import { describe, expect, it } from "vitest";
import type { RiskSharingMode, ShareRole } from "../../server/domain/collateral/vocabulary";
import { type DistributionLine, type RiskShareInput, type SecuredClaim, distribute, distributeBundle } from "../../server/domain/proceeds/waterfall";

const BANK = { organisationId: "org-bank", partyName: "Bank of Hangzhou" };
const PLEDGOR = { organisationId: null, partyName: "Pledgor Ltd" };

function share(role: ShareRole, shareBps: number, paid = 0n, recovered = 0n): RiskShareInput {
  return { riskShareId: `rs-${role}`, role, shareBps, paid, recovered, organisationId: `org-${role}`, partyName: role };
}

function claim(loanId: string, registeredAt: string, owed: [bigint, bigint, bigint], extra: Partial<SecuredClaim> = {}): SecuredClaim {
  return {
    loanId,
    pledgeId: `p-${loanId}`,
    registeredAt: new Date(registeredAt),
    registryPledgeNumber: `Y${loanId}`,
    creditor: BANK,
    owed: { enforcement_costs: owed[0], interest: owed[1], principal: owed[2] },
    recovered: { enforcement_costs: 0n, interest: 0n, principal: 0n },
    riskSharing: null,
    ...extra,
  };
}

const sharing = (mode: RiskSharingMode, shares: RiskShareInput[]) => ({ mode, shares });

/** Lines as compact rows, easy to read in a table: [component, loan, recipient, amount]. */
const rows = (lines: DistributionLine[]) => lines.map((l) => [l.component, l.loanId, l.partyName, l.amount]);

describe("distribute: worked examples", () => {
  it("pays costs, then enforcement costs → interest → principal, then the surplus to the pledgor", () => {
    const lines = distribute({
      amount: 1_000_000n,
      costs: [
        { disposalCostId: "c-fee", amount: 20_000n, alreadyPaid: 0n, organisationId: "org-platform", partyName: "Platform" },
        { disposalCostId: "c-appraisal", amount: 30_000n, alreadyPaid: 10_000n, ...BANK },
      ],
      claims: [claim("A", "2024-01-01T00:00:00Z", [5_000n, 50_000n, 800_000n])],
      residualTo: PLEDGOR,
      residualComponent: "surplus",
    });
    expect(rows(lines)).toEqual([
      ["disposal_cost", null, "Platform", 20_000n],
      ["disposal_cost", null, BANK.partyName, 20_000n],
      ["enforcement_costs", "A", BANK.partyName, 5_000n],
      ["interest", "A", BANK.partyName, 50_000n],
      ["principal", "A", BANK.partyName, 800_000n],
      ["surplus", null, "Pledgor Ltd", 105_000n],
    ]);
    expect(lines[1]!.disposalCostId).toBe("c-appraisal");
  });

  it("stops where the money runs out and counts what earlier distributions recovered", () => {
    const earlier = claim("A", "2024-01-01T00:00:00Z", [5_000n, 50_000n, 800_000n], { recovered: { enforcement_costs: 5_000n, interest: 20_000n, principal: 0n } });
    expect(rows(distribute({ amount: 100_000n, costs: [], claims: [earlier], residualTo: PLEDGOR, residualComponent: "surplus" }))).toEqual([
      ["interest", "A", BANK.partyName, 30_000n],
      ["principal", "A", BANK.partyName, 70_000n],
    ]);
  });

  it("pays the earlier-registered pledge in full before the later one, whatever the input order", () => {
    const second = claim("B", "2024-03-01T00:00:00Z", [0n, 10_000n, 300_000n], { creditor: { organisationId: "org-bank2", partyName: "Second Bank" } });
    const first = claim("A", "2024-01-15T00:00:00Z", [0n, 20_000n, 400_000n]);
    const lines = distribute({ amount: 600_000n, costs: [], claims: [second, first], residualTo: PLEDGOR, residualComponent: "surplus" });
    expect(rows(lines)).toEqual([
      ["interest", "A", BANK.partyName, 20_000n],
      ["principal", "A", BANK.partyName, 400_000n],
      ["interest", "B", "Second Bank", 10_000n],
      ["principal", "B", "Second Bank", 170_000n],
    ]);
    expect(lines.map((l) => l.pledgeId)).toEqual(["p-A", "p-A", "p-B", "p-B"]);
  });

  it("fund 54 / bank 26 / insurer 16 / valuer 4, pro rata: every sharer that paid gets its share", () => {
    const shares = [share("risk_fund", 5_400, 540_000n), share("bank", 2_600), share("insurer", 1_600, 160_000n), share("valuer", 400, 40_000n)];
    const lines = distribute({ amount: 500_000n, costs: [], claims: [claim("L", "2024-01-01T00:00:00Z", [0n, 0n, 1_000_000n], { riskSharing: sharing("pro_rata", shares) })], residualTo: PLEDGOR, residualComponent: "surplus" });
    expect(rows(lines)).toEqual([
      ["principal", "L", BANK.partyName, 130_000n],
      ["principal", "L", "risk_fund", 270_000n],
      ["principal", "L", "insurer", 80_000n],
      ["principal", "L", "valuer", 20_000n],
    ]);
    expect(lines[0]!.riskShareId).toBe("rs-bank");
    expect(lines[1]!.riskShareId).toBe("rs-risk_fund");
  });

  it("pro rata with the insurer not yet paid: the others share by 54:26:4, largest remainder, bank first on ties", () => {
    const shares = [share("risk_fund", 5_400, 540_000n), share("bank", 2_600), share("insurer", 1_600), share("valuer", 400, 40_000n)];
    const lines = distribute({ amount: 500_000n, costs: [], claims: [claim("L", "2024-01-01T00:00:00Z", [0n, 0n, 1_000_000n], { riskSharing: sharing("pro_rata", shares) })], residualTo: PLEDGOR, residualComponent: "surplus" });
    // Quotas 321,428.57 / 154,761.90 / 23,809.52: the two units left go to the bank (.90) and the fund (.57).
    expect(rows(lines)).toEqual([
      ["principal", "L", BANK.partyName, 154_762n],
      ["principal", "L", "risk_fund", 321_429n],
      ["principal", "L", "valuer", 23_809n],
    ]);
  });

  it("pro rata: a sharer never gets back more than it paid; the excess goes to the bank", () => {
    const shares = [share("bank", 6_000), share("risk_fund", 4_000, 100_000n, 60_000n)];
    const lines = distribute({ amount: 200_000n, costs: [], claims: [claim("L", "2024-01-01T00:00:00Z", [0n, 0n, 1_000_000n], { riskSharing: sharing("pro_rata", shares) })], residualTo: PLEDGOR, residualComponent: "surplus" });
    expect(rows(lines)).toEqual([
      ["principal", "L", BANK.partyName, 160_000n],
      ["principal", "L", "risk_fund", 40_000n],
    ]);
  });

  it("guarantor subrogated behind the bank: the bank first up to its unpaid balance, then the guarantor up to what it paid", () => {
    // Claim 1,000,000 (100,000 interest + 900,000 principal); the guarantor (40%) paid 400,000, so the bank's unpaid balance is 600,000.
    const shares = [share("bank", 6_000), share("guarantor", 4_000, 400_000n)];
    const lines = distribute({ amount: 700_000n, costs: [], claims: [claim("L", "2024-01-01T00:00:00Z", [0n, 100_000n, 900_000n], { riskSharing: sharing("subrogated", shares) })], residualTo: PLEDGOR, residualComponent: "surplus" });
    expect(rows(lines)).toEqual([
      ["interest", "L", BANK.partyName, 100_000n],
      ["principal", "L", BANK.partyName, 500_000n],
      ["principal", "L", "guarantor", 100_000n],
    ]);
  });

  it("subrogated: a fully repaid sharer's part goes to the other sharers; the claim met, the surplus goes to the pledgor", () => {
    const shares = [share("bank", 2_000), share("guarantor", 4_000, 100_000n), share("re_guarantor", 4_000, 300_000n)];
    const lines = distribute({ amount: 1_200_000n, costs: [], claims: [claim("L", "2024-01-01T00:00:00Z", [0n, 0n, 1_000_000n], { riskSharing: sharing("subrogated", shares) })], residualTo: PLEDGOR, residualComponent: "surplus" });
    expect(rows(lines)).toEqual([
      ["principal", "L", BANK.partyName, 600_000n],
      ["principal", "L", "guarantor", 100_000n],
      ["principal", "L", "re_guarantor", 300_000n],
      ["surplus", null, "Pledgor Ltd", 200_000n],
    ]);
  });

  it("a royalty after the claims are met goes to the right holder", () => {
    const met = claim("A", "2024-01-01T00:00:00Z", [0n, 10_000n, 100_000n], { recovered: { enforcement_costs: 0n, interest: 10_000n, principal: 95_000n } });
    const holder = { organisationId: "org-owner", partyName: "Right Holder Co" };
    expect(rows(distribute({ amount: 8_000n, costs: [], claims: [met], residualTo: holder, residualComponent: "royalty_to_holder" }))).toEqual([
      ["principal", "A", BANK.partyName, 5_000n],
      ["royalty_to_holder", null, "Right Holder Co", 3_000n],
    ]);
  });

  it("a bundle: costs from the whole, the rest split by latest appraisal (3:1), each part paying its own claims", () => {
    const lines = distributeBundle({
      amount: 1_010_001n,
      costs: [{ disposalCostId: "c1", amount: 10_000n, alreadyPaid: 0n, organisationId: null, partyName: "Registry" }],
      portions: [
        { appraisal: 3_000_000n, claims: [claim("A", "2024-01-01T00:00:00Z", [0n, 0n, 900_000n])], residualTo: PLEDGOR },
        { appraisal: 1_000_000n, claims: [claim("B", "2024-01-01T00:00:00Z", [0n, 0n, 100_000n])], residualTo: { organisationId: null, partyName: "Other Pledgor" } },
      ],
      residualComponent: "surplus",
    });
    // 1,000,001 split 3:1 → 750,000.75 / 250,000.25: the unit left goes to the first portion.
    expect(rows(lines)).toEqual([
      ["disposal_cost", null, "Registry", 10_000n],
      ["principal", "A", BANK.partyName, 750_001n],
      ["principal", "B", BANK.partyName, 100_000n],
      ["surplus", null, "Other Pledgor", 150_000n],
    ]);
  });

  it("a loan secured by two portions of a bundle is paid once, its lines merged", () => {
    const both = claim("A", "2024-01-01T00:00:00Z", [0n, 0n, 600_000n]);
    const lines = distributeBundle({ amount: 1_000_000n, costs: [], portions: [{ appraisal: 1n, claims: [both], residualTo: PLEDGOR }, { appraisal: 1n, claims: [both], residualTo: PLEDGOR }], residualComponent: "surplus" });
    expect(rows(lines)).toEqual([
      ["principal", "A", BANK.partyName, 600_000n],
      ["surplus", null, "Pledgor Ltd", 400_000n],
    ]);
  });

  it("refuses a negative amount and nothing comes of a zero one", () => {
    const input = { costs: [], claims: [claim("A", "2024-01-01T00:00:00Z", [0n, 0n, 1n])], residualTo: PLEDGOR, residualComponent: "surplus" as const };
    expect(() => distribute({ ...input, amount: -1n })).toThrow(RangeError);
    expect(distribute({ ...input, amount: 0n })).toEqual([]);
  });
});
