import { describe, expect, it } from "vitest";
import { percentToBps } from "../../server/services/collateral/import/cells";
import { mapAsset, mapLoan, mapPledge, mapShare, mapValuation, registrationInstant } from "../../server/services/collateral/import/map-book";
import { mapEvent } from "../../server/services/collateral/import/map-feed";

const at = { file: "f.csv", line: 7 };

describe("percent cells", () => {
  it.each([
    ["54", 5_400],
    ["12.5", 1_250],
    ["3.85", 385],
    ["0.01%", 1],
    ["100", 10_000],
  ])("%s → %i basis points, exactly", (text, bps) => expect(percentToBps(text)).toBe(bps));
  it.each(["", "abc", "1.234", "1,5", "-"])("refuses %j", (text) => expect(percentToBps(text)).toBeNull());
});

describe("asset rows", () => {
  const row = { asset_type: "patent_invention", registry_number: "ZL202110345678.3", title: "T", owners: "A公司; B大学", classes: "H01L 29/778；H01L 21/335" };

  it("normalises the registry number, splits lists, and leaves empty optional cells unstated", () => {
    const result = mapAsset(row, at);
    expect(result.issues).toEqual([]);
    expect(result.value).toMatchObject({ key: "patent_invention|202110345678.3", owners: ["A公司", "B大学"], classes: ["H01L 29/778", "H01L 21/335"], file: "f.csv", line: 7 });
    expect(result.value!.legalStatus).toBeUndefined();
    expect(result.value!.description).toBeUndefined();
  });

  it("names the column of each problem", () => {
    expect(mapAsset({ ...row, registry_number: "202110345678.4" }, at).issues).toEqual([{ column: "registry_number", code: "registry_number_check_digit" }]);
    expect(mapAsset({ ...row, asset_type: "trademark", registry_number: "12345678", classes: "46" }, at).issues).toEqual([{ column: "classes", code: "nice_class_invalid" }]);
    expect(mapAsset({ ...row, title: "", filed_on: "2021/01/01" }, at).issues).toEqual([
      { column: "title", code: "required" },
      { column: "filed_on", code: "date_invalid" },
    ]);
  });
});

describe("loan rows", () => {
  const row = {
    loan_reference: "L-1",
    borrower_name: "借款人",
    borrower_credit_code: "91440300ma5g7k2l3p",
    principal: "1,234,567.89",
    rate_percent: "3.85",
    disbursed_on: "2024-01-01",
    matures_on: "2026-01-01",
    outstanding_principal: "1000000",
  };

  it("converts amounts and the rate exactly", () => {
    const { value } = mapLoan(row, at);
    expect(value).toMatchObject({ principal: 123_456_789n, outstandingPrincipal: 100_000_000n, rateBps: 385, borrowerCreditCode: "91440300MA5G7K2L3P" });
    expect(value!.currency).toBeUndefined();
    expect(value!.status).toBeUndefined();
  });

  it("reports unreadable amounts and rates on their own columns", () => {
    expect(mapLoan({ ...row, principal: "1.234", rate_percent: "high" }, at).issues).toEqual([
      { column: "principal", code: "amount_invalid" },
      { column: "rate_percent", code: "rate_invalid" },
    ]);
    expect(mapLoan({ ...row, status: "defaulted" }, at).issues).toEqual([{ column: "status", code: "declare_default_instead" }]);
  });
});

describe("pledge rows", () => {
  const row = {
    pledge_number: "Y1",
    loan_reference: "L-1",
    registered_at: "2024-03-12",
    pledgor_name: "出质人",
    pledgor_credit_code: "91440300MA5G7K2L3P",
    secured_amount: "10",
    assets: "patent_invention:ZL202110345678.3; trademark：52736418;patent_invention:202110345678.3",
  };

  it("reads the list of pledged rights (duplicates once) and the registration day in China", () => {
    const { value } = mapPledge(row, at);
    expect(value!.assets).toEqual([
      { type: "patent_invention", registryNumber: "202110345678.3" },
      { type: "trademark", registryNumber: "52736418" },
    ]);
    expect(value!.registeredAt.toISOString()).toBe("2024-03-11T16:00:00.000Z");
    expect(registrationInstant("2024-03-12T09:00:00Z").toISOString()).toBe("2024-03-12T09:00:00.000Z");
  });

  it("names the faulty item of the list", () => {
    expect(mapPledge({ ...row, assets: "patent_invention:202110345678.4;trademark 1" }, at).issues).toEqual([
      { column: "assets", code: "registry_number_check_digit", params: { item: "patent_invention:202110345678.4" } },
      { column: "assets", code: "asset_ref_invalid", params: { item: "trademark 1" } },
    ]);
    expect(mapPledge({ ...row, assets: "" }, at).issues).toEqual([{ column: "assets", code: "required" }]);
    expect(mapPledge({ ...row, secured_amount: "0", registered_at: "yesterday" }, at).issues).toEqual([{ column: "registered_at", code: "datetime_invalid" }]);
    expect(mapPledge({ ...row, secured_amount: "0" }, at).issues).toEqual([{ column: "secured_amount", code: "amount_not_positive" }]);
  });
});

describe("valuation, share and event rows", () => {
  it("valuations: the right by type and number, the amount exactly", () => {
    const { value } = mapValuation({ asset_type: "trademark", registry_number: "52736418", appraiser: "评估所", method: "market", amount: "2,300,000.00", valued_on: "2025-04-07" }, at);
    expect(value).toMatchObject({ asset: { type: "trademark", registryNumber: "52736418" }, amount: 230_000_000n, currency: undefined });
    expect(mapValuation({ asset_type: "trademark", registry_number: "123", appraiser: "x", method: "guess", amount: "1", valued_on: "2025-04-07" }, at).issues).toEqual([
      { column: "registry_number", code: "registry_number_format" },
      { column: "method", code: "valuation_method_invalid" },
    ]);
  });

  it("share lines: mode, preset, role, percent and an optional credit code", () => {
    const line = { loan_reference: "L-1", mode: "pro_rata", preset: "bank60_fund40", role: "bank", party_name: "银行", share_percent: "60", organisation_credit_code: "" };
    expect(mapShare(line, at).value).toMatchObject({ shareBps: 6_000, preset: "bank60_fund40", organisationCreditCode: null });
    expect(mapShare({ ...line, mode: "equal", preset: "half", role: "friend", share_percent: "60.001", organisation_credit_code: "x" }, at).issues).toEqual([
      { column: "mode", code: "mode_invalid" },
      { column: "preset", code: "preset_invalid", params: { preset: "half" } },
      { column: "organisation_credit_code", code: "credit_code_invalid" },
      { column: "role", code: "share_role_invalid" },
      { column: "share_percent", code: "share_invalid" },
    ]);
  });

  it("registry events", () => {
    const event = { asset_type: "patent_invention", registry_number: "202110588213.0", kind: "status_change", occurred_on: "2026-09-03", source: "CNIPA", source_ref: "R1", new_status: "lapsed" };
    expect(mapEvent(event, at).value).toMatchObject({ kind: "status_change", newStatus: "lapsed", nextAnnuityDue: undefined });
    expect(mapEvent({ ...event, new_status: "gone", source_ref: "" }, at).issues).toEqual([
      { column: "source_ref", code: "required" },
      { column: "new_status", code: "legal_status_invalid" },
    ]);
  });
});
