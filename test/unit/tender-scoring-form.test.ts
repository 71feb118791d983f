import { describe, expect, it } from "vitest";
import { parseCreateListing } from "~/components/listing-pages/create-form.server";

/** The listing form's scoring fields: what a seller types, and where each mistake is shown. */
const BASE: Record<string, string> = {
  mode: "tender",
  preset: "private",
  title: "Weighted tender",
  asset: "6f1c3a52-8d0e-4c7b-9a41-2b5e7d9c0f13",
  startPrice: "1000000.00",
  deposit: "100000.00",
  increment: "1000.00",
  announceAt: "2026-07-01T10:00",
  opensAt: "2026-07-10T10:00",
  closesAt: "2026-07-12T10:00",
  openingAt: "2026-07-12T14:00",
  evaluation: "weighted",
  priceWeight: "60",
  criterion1Label: "Days to pay the balance",
  criterion1Weight: "40",
  criterion1Better: "lower",
  criterion1Min: "0",
  criterion1Max: "90",
};

function parse(values: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(values)) form.append(name, value);
  return parseCreateListing(form);
}

describe("the listing form's published scoring", () => {
  it("becomes the terms' scoring; blank criterion rows are none", () => {
    const parsed = parse({ ...BASE, criterion2Label: "", criterion2Weight: "", criterion2Better: "higher", criterion2Min: "", criterion2Max: "" });
    expect(parsed.ok ? (parsed.data.terms as { tender: unknown }).tender : parsed.fields).toMatchObject({
      evaluation: "weighted",
      scoring: { priceWeight: 60, criteria: [{ label: "Days to pay the balance", weight: 40, better: "lower", min: 0, max: 90 }] },
    });
  });

  it("is ignored when bids are ranked by price", () => {
    const parsed = parse({ ...BASE, evaluation: "price", priceWeight: "7" });
    expect(parsed.ok ? (parsed.data.terms as { tender: unknown }).tender : parsed.fields).toEqual({ openingAt: "2026-07-12T14:00:00+08:00", evaluation: "price" });
  });

  it.each<[string, Record<string, string>, Record<string, string[]>]>([
    ["weights that do not add up to 100", { priceWeight: "50" }, { priceWeight: ["weights_sum"] }],
    ["no criterion at all", { priceWeight: "100", criterion1Label: "", criterion1Weight: "", criterion1Min: "", criterion1Max: "" }, { priceWeight: ["weight_invalid"], criterion1Label: ["criteria_count"] }],
    ["a weight that is not a whole number", { criterion1Weight: "40.5" }, { criterion1Weight: ["whole_number"] }],
    ["a range upside down", { criterion1Min: "90", criterion1Max: "0" }, { criterion1Max: ["range_invalid"] }],
    ["a second row without its label", { priceWeight: "50", criterion2Weight: "10", criterion2Better: "higher", criterion2Min: "0", criterion2Max: "5" }, { criterion2Label: ["required"] }],
    ["a missing price weight", { priceWeight: "" }, { priceWeight: ["required"] }],
  ])("shows %s at its field", (_label, change, fields) => {
    const parsed = parse({ ...BASE, ...change });
    expect(parsed.ok ? null : parsed.fields).toEqual(fields);
  });
});
