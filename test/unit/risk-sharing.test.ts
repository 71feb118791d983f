import { describe, expect, it } from "vitest";
import {
  FULL_SHARE_BPS,
  RISK_SHARING_PRESET_NAMES,
  RISK_SHARING_PRESETS,
  type ShareLine,
  formatShare,
  validateShares,
} from "../../server/domain/collateral/risk-sharing";
import type { RiskSharingMode, ShareRole } from "../../server/domain/collateral/vocabulary";

const ORG_A = "0b6f3c7e-6a53-4b8e-9d1f-2f4d5a6b7c80";
const ORG_B = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

function line(role: ShareRole, shareBps: number, partyName = `${role} party`, organisationId?: string | null): ShareLine {
  return { role, partyName, shareBps, organisationId };
}

describe("RISK_SHARING_PRESETS", () => {
  it("names every preset", () => {
    expect([...RISK_SHARING_PRESET_NAMES].sort()).toEqual(["bank50_fund50", "bank60_fund40", "fund54_bank26_insurer16_valuer4"]);
  });

  it.each(RISK_SHARING_PRESET_NAMES)("%s sums to 10,000 bps, includes the bank and validates", (name) => {
    const preset = RISK_SHARING_PRESETS[name];
    expect(preset.reduce((sum, l) => sum + l.shareBps, 0)).toBe(10_000);
    expect(preset.some((l) => l.role === "bank")).toBe(true);
    expect(validateShares("pro_rata", preset.map((l) => line(l.role, l.shareBps)))).toEqual({ ok: true });
  });

  it("holds the 54/26/16/4 split found in practice", () => {
    expect(RISK_SHARING_PRESETS.fund54_bank26_insurer16_valuer4.map((l) => [l.role, l.shareBps])).toEqual([
      ["risk_fund", 5_400],
      ["bank", 2_600],
      ["insurer", 1_600],
      ["valuer", 400],
    ]);
  });

  it("counts 100% as 10,000 bps", () => {
    expect(FULL_SHARE_BPS).toBe(10_000);
  });
});

describe("validateShares", () => {
  it.each<[string, RiskSharingMode, ShareLine[]]>([
    ["bank alone at 100%", "pro_rata", [line("bank", 10_000)]],
    ["bank 60 / fund 40", "pro_rata", [line("bank", 6_000), line("risk_fund", 4_000)]],
    ["bank 1 bp / fund the rest", "pro_rata", [line("bank", 1), line("risk_fund", 9_999)]],
    ["subrogated with a guarantor", "subrogated", [line("bank", 3_000), line("guarantor", 7_000)]],
    ["subrogated with a re-guarantor", "subrogated", [line("bank", 2_000), line("re_guarantor", 4_000), line("risk_fund", 4_000)]],
    ["two insurers with different names", "pro_rata", [line("bank", 5_000), line("insurer", 2_500, "PICC"), line("insurer", 2_500, "Ping An")]],
    ["two organisations under one name, told apart by id", "pro_rata", [line("bank", 4_000), line("insurer", 3_000, "PICC", ORG_A), line("insurer", 3_000, "PICC", ORG_B)]],
  ])("accepts %s", (_label, mode, lines) => {
    expect(validateShares(mode, lines)).toEqual({ ok: true });
  });

  it.each<[string, RiskSharingMode, ShareLine[], string]>([
    ["9,999 bps in all", "pro_rata", [line("bank", 5_999), line("risk_fund", 4_000)], "shares_not_100"],
    ["10,001 bps in all", "pro_rata", [line("bank", 6_001), line("risk_fund", 4_000)], "shares_not_100"],
    ["no lines", "pro_rata", [], "shares_not_100"],
    ["percent written instead of bps", "pro_rata", [line("bank", 60), line("risk_fund", 40)], "shares_not_100"],
    ["a zero share", "pro_rata", [line("bank", 10_000), line("risk_fund", 0)], "share_not_positive"],
    ["a negative share that keeps the sum at 100%", "pro_rata", [line("bank", 11_000), line("risk_fund", -1_000)], "share_not_positive"],
    ["a fractional share", "pro_rata", [line("bank", 5_000.5), line("risk_fund", 4_999.5)], "share_not_positive"],
    ["a NaN share", "pro_rata", [line("bank", Number.NaN), line("risk_fund", 10_000)], "share_not_positive"],
    ["no bank", "pro_rata", [line("risk_fund", 6_000), line("insurer", 4_000)], "bank_missing"],
    ["the same named party twice", "pro_rata", [line("bank", 5_000, "ICBC"), line("bank", 5_000, "ICBC")], "duplicate_party"],
    ["the same name in other case and spacing", "pro_rata", [line("bank", 4_000), line("insurer", 3_000, "PICC"), line("insurer", 3_000, "  picc ")], "duplicate_party"],
    ["the same organisation twice", "pro_rata", [line("bank", 5_000, "ICBC", ORG_A), line("risk_fund", 5_000, "Fund", ORG_A)], "duplicate_party"],
    ["subrogated without a guarantor", "subrogated", [line("bank", 4_000), line("risk_fund", 6_000)], "subrogation_needs_guarantor"],
  ])("refuses %s", (_label, mode, lines, code) => {
    expect(validateShares(mode, lines)).toEqual({ ok: false, code });
  });

  it("checks shares before the total and the total before the bank", () => {
    expect(validateShares("subrogated", [line("risk_fund", 0)])).toEqual({ ok: false, code: "share_not_positive" });
    expect(validateShares("subrogated", [line("risk_fund", 9_000)])).toEqual({ ok: false, code: "shares_not_100" });
    expect(validateShares("subrogated", [line("risk_fund", 10_000)])).toEqual({ ok: false, code: "bank_missing" });
  });
});

describe("formatShare", () => {
  it.each([
    [5_400, "54.00%"],
    [10_000, "100.00%"],
    [2_650, "26.50%"],
    [3_333, "33.33%"],
    [1, "0.01%"],
    [0, "0.00%"],
  ])("formats %i bps as %s", (bps, text) => {
    expect(formatShare(bps)).toBe(text);
  });

  it("writes every share from 0 to 10,000 bps exactly, without float noise", () => {
    const wrong: string[] = [];
    for (let bps = 0; bps <= 10_000; bps++) {
      const expected = `${Math.floor(bps / 100)}.${`${bps % 100}`.padStart(2, "0")}%`;
      if (formatShare(bps) !== expected) wrong.push(`${bps} → ${formatShare(bps)}`);
    }
    expect(wrong).toEqual([]);
  });
});
