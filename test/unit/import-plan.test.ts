import { describe, expect, it } from "vitest";
import { planBook } from "../../server/services/collateral/import/book-plan";
import type { BookState, ExistingAsset, ExistingLoan, ExistingPledge } from "../../server/services/collateral/import/book-state";
import { IssueList } from "../../server/services/collateral/import/issues";
import type { AgreementRow, AssetRow, LoanRow, ParsedBook, PledgeRow } from "../../server/services/collateral/import/types";

const BANK = "00000000-0000-4000-8000-00000000000b";
const OTHER = "00000000-0000-4000-8000-00000000000c";
const FUND = "00000000-0000-4000-8000-0000000000f0";
const at = { file: "f.csv", line: 2 };

const assetRow = (registryNumber: string, title = "Title"): AssetRow => ({ ...at, key: `trademark|${registryNumber}`, type: "trademark", registryNumber, title, owners: ["Owner"] });
const loanRow = (reference: string, outstanding = 100n): LoanRow => ({
  ...at,
  reference,
  borrowerName: "Borrower",
  borrowerCreditCode: "91440300MA5G7K2L3P",
  principal: 100n,
  rateBps: 385,
  disbursedOn: "2024-01-01",
  maturesOn: "2026-01-01",
  outstandingPrincipal: outstanding,
});
const pledgeRow = (number: string, loanReference: string, numbers: string[]): PledgeRow => ({
  ...at,
  number,
  loanReference,
  registeredAt: new Date("2024-01-01T00:00:00+08:00"),
  pledgorName: "Borrower",
  pledgorCreditCode: "91440300MA5G7K2L3P",
  securedAmount: 100n,
  assets: numbers.map((registryNumber) => ({ type: "trademark", registryNumber })),
});

function existingAsset(id: string, registryNumber: string, registeredBy: string, extra: Partial<ExistingAsset> = {}): ExistingAsset {
  return {
    id,
    type: "trademark",
    jurisdiction: "CN",
    registryNumber,
    title: "Title",
    owners: ["Owner"],
    classes: [],
    filedOn: null,
    grantedOn: null,
    expiresOn: null,
    legalStatus: "valid",
    nextAnnuityDue: null,
    description: "",
    registeredBy,
    createdAt: new Date(0),
    ...extra,
  };
}

function existingLoan(id: string, reference: string, extra: Partial<ExistingLoan> = {}): ExistingLoan {
  return {
    id,
    organisationId: BANK,
    reference,
    borrowerId: "party-1",
    currency: "CNY",
    principal: 100n,
    rateBps: 385,
    disbursedOn: "2024-01-01",
    maturesOn: "2026-01-01",
    status: "performing",
    outstandingPrincipal: 100n,
    accruedInterest: 0n,
    penaltyInterest: 0n,
    createdAt: new Date(0),
    ...extra,
  };
}

function state(partial: Partial<BookState> = {}): BookState {
  return {
    organisationId: BANK,
    assets: new Map(),
    inBook: new Set(),
    loans: new Map(),
    pledges: new Map(),
    parties: new Map([["91440300MA5G7K2L3P", { id: "party-1", name: "Borrower" }]]),
    organisations: new Map(),
    valuations: new Map(),
    agreements: new Map(),
    ...partial,
  };
}

const book = (partial: Partial<ParsedBook>): ParsedBook => ({ assets: [], loans: [], pledges: [], valuations: [], agreements: [], failed: { loans: new Set(), assets: new Set() }, ...partial });

function plan(parsed: ParsedBook, current: BookState) {
  const issues = new IssueList();
  const result = planBook(parsed, current, issues);
  return { result, issues: issues.sorted().map((i) => [i.column, i.code, i.params ?? null]) };
}

describe("planning a loan book against what is held", () => {
  it("creates what is new, updates what differs, leaves the rest", () => {
    const current = state({
      assets: new Map([
        ["trademark|11111111", existingAsset("a1", "11111111", BANK)],
        ["trademark|22222222", existingAsset("a2", "22222222", BANK)],
      ]),
      loans: new Map([["L1", existingLoan("l1", "L1")]]),
    });
    const { result, issues } = plan(book({ assets: [assetRow("11111111"), assetRow("22222222", "New title"), assetRow("33333333")], loans: [loanRow("L1"), loanRow("L2")] }), current);
    expect(issues).toEqual([]);
    expect(result.counts.assets).toEqual({ created: 1, updated: 1, unchanged: 1 });
    expect(result.counts.loans).toEqual({ created: 1, updated: 0, unchanged: 1 });
    expect(result.counts.parties).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(result.assets.map((a) => [a.registryNumber, a.title])).toEqual([
      ["22222222", "New title"],
      ["33333333", "Title"],
    ]);
  });

  it("keeps held facts that a file leaves empty, and reuses another bank's right without touching it", () => {
    const current = state({
      assets: new Map([
        ["trademark|11111111", existingAsset("a1", "11111111", BANK, { legalStatus: "lapsed", classes: ["9"] })],
        ["trademark|22222222", existingAsset("a2", "22222222", OTHER)],
      ]),
    });
    const { result } = plan(book({ assets: [assetRow("11111111"), assetRow("22222222", "Rewritten")] }), current);
    expect(result.counts.assets).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(result.assets).toEqual([]);
  });

  it("never moves the status of a loan in default", () => {
    const current = state({ loans: new Map([["L1", existingLoan("l1", "L1", { status: "defaulted" })]]) });
    const { result } = plan(book({ loans: [{ ...loanRow("L1", 90n), status: "performing" }] }), current);
    expect(result.counts.loans.updated).toBe(1);
    expect(result.loans[0]).toMatchObject({ status: "defaulted", outstandingPrincipal: 90n });
  });

  it("resolves pledges' loans and rights in the upload or the bank's own book only", () => {
    const taken: ExistingPledge = {
      id: "p9",
      loanId: "foreign-loan",
      registryPledgeNumber: "P-TAKEN",
      registeredAt: new Date(0),
      pledgorId: "party-1",
      securedAmount: 1n,
      currency: "CNY",
      scope: "",
      status: "registered",
      createdAt: new Date(0),
      organisationId: OTHER,
      assetIds: [],
    };
    const current = state({
      assets: new Map([
        ["trademark|44444444", existingAsset("a4", "44444444", OTHER)],
        ["trademark|55555555", existingAsset("a5", "55555555", OTHER)],
      ]),
      inBook: new Set(["a5"]),
      pledges: new Map([["P-TAKEN", taken]]),
    });
    const { result, issues } = plan(
      book({
        loans: [loanRow("L1")],
        pledges: [pledgeRow("P-TAKEN", "L1", ["55555555"]), pledgeRow("P-2", "L404", ["44444444"]), pledgeRow("P-3", "L1", ["55555555", "66666666"]), pledgeRow("P-4", "L1", ["55555555"])],
      }),
      current,
    );
    expect(issues).toEqual([
      ["assets", "asset_not_found", { asset: "trademark:44444444" }],
      ["assets", "asset_not_found", { asset: "trademark:66666666" }],
      ["loan_reference", "loan_not_found", { reference: "L404" }],
      ["pledge_number", "pledge_number_taken", { number: "P-TAKEN" }],
    ]);
    expect(result.pledges.map((p) => p.number)).toEqual(["P-4"]);
  });

  it("does not call a reference missing when its own row already failed", () => {
    const { issues } = plan(book({ pledges: [pledgeRow("P-1", "L-BAD", ["77777777"])], failed: { loans: new Set(["L-BAD"]), assets: new Set(["trademark|77777777"]) } }), state());
    expect(issues).toEqual([]);
  });

  it("replaces an agreement only when it differs, linking parties by credit code and the bank to itself", () => {
    const lines = (fundShare: number): AgreementRow => ({
      ...at,
      loanReference: "L1",
      mode: "pro_rata",
      preset: null,
      lines: [
        { ...at, loanReference: "L1", mode: "pro_rata", preset: null, role: "bank", partyName: "Bank", shareBps: 10_000 - fundShare, organisationCreditCode: null },
        { ...at, loanReference: "L1", mode: "pro_rata", preset: null, role: "risk_fund", partyName: "Fund", shareBps: fundShare, organisationCreditCode: "12440000MA5FDM03XB" },
      ],
    });
    const held = {
      mode: "pro_rata",
      preset: null,
      lines: [
        { role: "risk_fund", partyName: "Fund", organisationId: FUND, shareBps: 4_000 },
        { role: "bank", partyName: "Bank", organisationId: BANK, shareBps: 6_000 },
      ],
    };
    const current = state({ loans: new Map([["L1", existingLoan("l1", "L1")]]), organisations: new Map([["12440000MA5FDM03XB", FUND]]), agreements: new Map([["l1", held]]) });
    expect(plan(book({ agreements: [lines(4_000)] }), current).result.counts.risk_sharing).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const changed = plan(book({ agreements: [lines(5_000)] }), current).result;
    expect(changed.counts.risk_sharing).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(changed.agreements[0]!.lines.map((l) => l.organisationId)).toEqual([BANK, FUND]);
    const unknown = plan(book({ agreements: [lines(4_000)] }), state({ loans: current.loans }));
    expect(unknown.issues).toEqual([["organisation_credit_code", "organisation_not_found", { creditCode: "12440000MA5FDM03XB" }]]);
  });
});
