import { describe, expect, it } from "vitest";
import { jsonSafe } from "../../server/domain/money";
import { CreateListingSchema, termsSchemaFor } from "../../server/domain/schemas/listings";
import { parseCreateListing } from "~/components/listing-pages/create-form.server";
import { formValuesOf } from "~/components/listing-pages/new-listing.server";

/**
 * The edit form shows a stored listing through formValuesOf and saves it through parseCreateListing: for
 * every mode, what the form posts back unchanged is the listing that was stored (amounts to the fen, times
 * to the minute, anti-sniping in whole minutes, royalties to the basis point).
 */
const ASSET = "6f1c3a52-8d0e-4c7b-9a41-2b5e7d9c0f13";
const CASE = "0b7e4c2d-1a39-4f6e-8c5d-7e2f9a3b6c18";

const auction = {
  startPrice: 123_456_789,
  reserve: 150_000_001,
  reserveHidden: true,
  incrementKind: "fixed",
  increment: 500_000,
  deposit: 12_345_679,
  announceAt: "2026-07-01T02:00:00.000Z",
  opensAt: "2026-08-01T01:30:00.000Z",
  closesAt: "2026-08-02T01:30:00.000Z",
  antiSnipeWindowSeconds: 300,
  antiSnipeExtensionSeconds: 600,
  proxyBids: true,
};

const cases: Array<{ mode: string; preset: string; terms: Record<string, unknown>; disposalCaseId?: string }> = [
  { mode: "english_auction", preset: "judicial", disposalCaseId: CASE, terms: auction },
  { mode: "english_auction", preset: "private", terms: { ...auction, reserve: null, reserveHidden: false, incrementKind: "stepped", increment: null, proxyBids: false } },
  { mode: "tender", preset: "private", terms: { ...auction, tender: { openingAt: "2026-08-03T08:00:00+08:00", evaluation: "price" } } },
  {
    mode: "tender",
    preset: "private",
    terms: {
      ...auction,
      tender: {
        openingAt: "2026-08-03T08:00:00+08:00",
        evaluation: "weighted",
        scoring: { priceWeight: 55, criteria: [{ label: "付清余款天数 Days to pay", weight: 25, better: "lower", min: 0, max: 90 }, { label: "Licence back, years", weight: 20, better: "higher", min: -3, max: 10 }] },
      },
    },
  },
  { mode: "listed_transfer", preset: "judicial", disposalCaseId: CASE, terms: { ...auction, antiSnipeWindowSeconds: 0, antiSnipeExtensionSeconds: 0 } },
  { mode: "fixed_price", preset: "private", terms: { ...auction, startPrice: 5, deposit: 1, increment: 1 } },
  {
    mode: "licence",
    preset: "private",
    terms: { kind: "exclusive", fieldOfUse: "工业传感", territory: "中国大陆", termMonths: 36, upfrontFee: 10_000_050, royaltyBps: 375, minimumAnnualRoyalty: 0, announceAt: "2026-07-01T00:00:00Z", closesAt: "2026-07-31T15:59:00Z" },
  },
  { mode: "equity", preset: "private", terms: { askingValue: 880_000_000, conditions: "Board seat", announceAt: "2026-07-01T00:00:00Z", closesAt: "2026-09-30T16:00:00Z" } },
  { mode: "negotiated_discount", preset: "private", disposalCaseId: CASE, terms: { proposedValue: 45_000_099, takerName: "深圳创新投资", pledgorPartyName: "光纤传感科技有限公司" } },
];

describe("formValuesOf, the inverse of parseCreateListing", () => {
  it.each(cases)("round-trips a stored $mode listing ($preset)", ({ mode, preset, terms, disposalCaseId }) => {
    const input = CreateListingSchema.parse({ mode, preset, title: "测试挂牌 Round trip", description: "第一行", region: "CN-SH", assetIds: [ASSET], disposalCaseId: disposalCaseId ?? null, terms });
    const schema = termsSchemaFor(input.mode);
    const stored = jsonSafe(schema.parse(input.terms));

    const values = formValuesOf({ mode: input.mode, title: input.title, description: input.description, region: input.region, terms: stored });
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...values, mode, preset, asset: ASSET, ...(disposalCaseId ? { case: disposalCaseId } : {}) })) form.append(name, value);
    const parsed = parseCreateListing(form);

    expect(parsed.ok ? null : parsed.fields).toBeNull();
    if (!parsed.ok) return;
    const { terms: parsedTerms, ...rest } = parsed.data;
    const { terms: _terms, ...expected } = input;
    expect(rest).toEqual(expected);
    expect(schema.parse(parsedTerms)).toEqual(schema.parse(input.terms));
  });

  it("shows amounts in yuan, Beijing wall-clock times, minutes and percent", () => {
    const values = formValuesOf({ mode: "english_auction", title: "T", description: "", region: "CN-GD", terms: jsonSafe(termsSchemaFor("english_auction").parse(auction)) });
    expect(values).toMatchObject({ startPrice: "1234567.89", deposit: "123456.79", reserve: "1500000.01", reserveHidden: "on", announceAt: "2026-07-01T10:00", opensAt: "2026-08-01T09:30", antiSnipeWindow: "5", antiSnipeExtension: "10" });
    const licence = formValuesOf({ mode: "licence", title: "T", description: "", region: "CN-GD", terms: jsonSafe(termsSchemaFor("licence").parse(cases.find((c) => c.mode === "licence")!.terms)) });
    expect(licence).toMatchObject({ royalty: "3.75", upfrontFee: "100000.50", minimumAnnualRoyalty: "0.00", licenceKind: "exclusive", closesAt: "2026-07-31T23:59" });
  });
});
