import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AssetInputSchema,
  CalendarDateSchema,
  LoanInputSchema,
  LoanRowSchema,
  MajorAmountSchema,
  RiskSharingInputSchema,
} from "../../server/domain/schemas/collateral";

const CREDIT_CODE = "91440300MA5FDM01XB";

/** The message codes of a failed parse, as `path: code`. */
function failures(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const asset = (overrides: Record<string, unknown> = {}) => ({
  type: "patent_invention",
  registryNumber: "ZL201710601862.3",
  title: "Method for pledging patents",
  owners: ["Shenzhen Example Co., Ltd."],
  classes: ["H04L 9/32", "G06F 16/00"],
  ...overrides,
});

describe("AssetInputSchema", () => {
  it("normalises the registry number and fills the defaults", () => {
    const parsed = AssetInputSchema.parse(asset({ registryNumber: "  zl201710601862.3 " }));
    expect(parsed).toMatchObject({ registryNumber: "201710601862.3", legalStatus: "valid", description: "", classes: ["H04L 9/32", "G06F 16/00"] });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ registryNumber: "202110000004.x" }, "202110000004.X"],
    [{ type: "trademark", registryNumber: " 40123456 ", classes: ["9", "42"] }, "40123456"],
    [{ type: "copyright_software", registryNumber: "2021sr0123456", classes: [] }, "2021SR0123456"],
    [{ type: "copyright_work", registryNumber: "国作登字-2021-f-00012345", classes: [] }, "国作登字-2021-F-00012345"],
  ])("accepts %j as %j", (overrides, normalised) => {
    expect(AssetInputSchema.parse(asset(overrides)).registryNumber).toBe(normalised);
  });

  it.each<[Record<string, unknown>, string[]]>([
    [{ registryNumber: "201710601862.4" }, ["registryNumber: registry_number_check_digit"]],
    [{ registryNumber: "20171060186.3" }, ["registryNumber: registry_number_format"]],
    [{ type: "patent_utility_model" }, ["registryNumber: registry_number_type"]],
    [{ classes: ["H04L 9/32", "wireless"] }, ["classes: ipc_class_invalid"]],
    [{ type: "trademark", registryNumber: "40123456", classes: ["9", "46"] }, ["classes: nice_class_invalid"]],
    [{ filedOn: "2017-08-01", expiresOn: "2017-07-31" }, ["expiresOn: dates_out_of_order"]],
    [{ filedOn: "2026-02-30" }, ["filedOn: date_invalid"]],
    [{ owners: [] }, ["owners: owners_required"]],
    [{ type: "domain_name" }, ["type: asset_type_invalid"]],
  ])("refuses %j with %j", (overrides, expected) => {
    expect(failures(AssetInputSchema, asset(overrides))).toEqual(expected);
  });

  it("refuses unknown fields", () => {
    expect(AssetInputSchema.safeParse(asset({ valuation: 5 })).success).toBe(false);
  });
});

const loanRow = (overrides: Record<string, unknown> = {}) => ({
  reference: "LN-2026-0001",
  borrowerName: "Shenzhen Example Co., Ltd.",
  borrowerCreditCode: CREDIT_CODE,
  principal: "10,000,000.00",
  rateBps: 385,
  disbursedOn: "2026-01-15",
  maturesOn: "2027-01-14",
  outstandingPrincipal: "9,500,000.50",
  ...overrides,
});

describe("LoanRowSchema and LoanInputSchema", () => {
  it("reads major-unit decimals into exact minor units", () => {
    const parsed = LoanRowSchema.parse(loanRow());
    expect(parsed).toMatchObject({ principal: 1_000_000_000n, outstandingPrincipal: 950_000_050n, currency: "CNY", status: "performing" });
  });

  it("takes integers of minor units on the API", () => {
    const parsed = LoanInputSchema.parse(loanRow({ principal: 1_000_000_000, outstandingPrincipal: 0 }));
    expect(parsed).toMatchObject({ principal: 1_000_000_000n, outstandingPrincipal: 0n });
  });

  it.each<[Record<string, unknown>, string[]]>([
    [{ maturesOn: "2026-01-14" }, ["maturesOn: dates_out_of_order"]],
    [{ status: "defaulted" }, ["status: declare_default_instead"]],
    [{ status: "in_disposal" }, ["status: declare_default_instead"]],
    [{ principal: "0.00" }, ["principal: amount_not_positive"]],
    [{ principal: "-5.00" }, ["principal: amount_negative"]],
    [{ principal: "1.005" }, ["principal: amount_invalid"]],
    [{ principal: "1e7" }, ["principal: amount_invalid"]],
    [{ disbursedOn: "2026-02-30" }, ["disbursedOn: date_invalid"]],
    [{ borrowerCreditCode: "91440300MA5FDM01XI" }, ["borrowerCreditCode: credit_code_invalid"]],
    [{ rateBps: 10_001 }, ["rateBps: rate_invalid"]],
    [{ currency: "JPY" }, ["currency: currency_invalid"]],
  ])("refuses %j with %j", (overrides, expected) => {
    expect(failures(LoanRowSchema, loanRow(overrides))).toEqual(expected);
  });

  it("accepts a loan that matures on the day it is disbursed", () => {
    expect(failures(LoanRowSchema, loanRow({ maturesOn: "2026-01-15" }))).toEqual([]);
  });

  it.each([1.5, -1, Number.MAX_SAFE_INTEGER + 1])("refuses %s minor units on the API", (principal) => {
    expect(LoanInputSchema.safeParse(loanRow({ principal })).success).toBe(false);
  });
});

describe("MajorAmountSchema", () => {
  it.each<[string, bigint]>([
    ["10,000,000.00", 1_000_000_000n],
    ["0.1", 10n],
    [" 12 ", 1_200n],
  ])("reads %j as %s", (text, minor) => {
    expect(MajorAmountSchema.parse(text)).toBe(minor);
  });
});

const shares = (...bps: number[]) => bps.map((shareBps, i) => ({ role: i === 0 ? "bank" : "risk_fund", partyName: `Party ${i}`, shareBps }));

describe("RiskSharingInputSchema", () => {
  it("accepts a preset that sums to 100%", () => {
    expect(failures(RiskSharingInputSchema, { mode: "pro_rata", preset: "bank60_fund40", shares: shares(6_000, 4_000) })).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ["a 99% total", { mode: "pro_rata", shares: shares(5_900, 4_000) }, ["shares: shares_not_100"]],
    ["a 101% total", { mode: "pro_rata", shares: shares(6_100, 4_000) }, ["shares: shares_not_100"]],
    ["subrogation without a guarantor", { mode: "subrogated", shares: shares(6_000, 4_000) }, ["shares: subrogation_needs_guarantor"]],
    ["an unknown mode", { mode: "first_loss", shares: shares(10_000) }, ["mode: mode_invalid"]],
    ["a fractional share", { mode: "pro_rata", shares: shares(5_000.5, 4_999.5) }, ["shares.0.shareBps: share_invalid", "shares.1.shareBps: share_invalid"]],
  ])("refuses %s", (_label, input, expected) => {
    expect(failures(RiskSharingInputSchema, input)).toEqual(expected);
  });

  it("refuses an agreement without lines", () => {
    expect(failures(RiskSharingInputSchema, { mode: "pro_rata", shares: [] })).toContain("shares: shares_required");
  });
});

describe("CalendarDateSchema", () => {
  it.each(["2026-02-28", "2024-02-29", "2026-12-31", " 2026-03-01 "])("accepts %j", (date) => {
    expect(CalendarDateSchema.parse(date)).toBe(date.trim());
  });

  it.each(["2026-02-30", "2026-02-29", "2100-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "2026-3-1", "01/03/2026", "2026-03-01T00:00:00Z", ""])(
    "refuses %j with date_invalid",
    (date) => {
      expect(failures(CalendarDateSchema, date)).toEqual([": date_invalid"]);
    },
  );
});
