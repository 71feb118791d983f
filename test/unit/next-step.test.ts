import { describe, expect, it } from "vitest";
import { type CaseAttempt, cutBps, nextStepOf, shareOfAppraisalBps } from "../../server/domain/listings/next-step";

/** The next step of a disposal case from its attempts; the bounds are worked out here by hand. */
const attempt = (over: Partial<CaseAttempt>): CaseAttempt => ({ id: "a", mode: "english_auction", preset: "judicial", status: "unsold", price: 70_000_000n, ...over });
const APPRAISAL = 100_000_000n;

describe("nextStepOf", () => {
  it.each<[string, CaseAttempt[], bigint | null, ReturnType<typeof nextStepOf>]>([
    ["no attempt yet", [], APPRAISAL, { kind: "first_auction" }],
    ["only a withdrawn listing", [attempt({ status: "withdrawn" })], APPRAISAL, { kind: "first_auction" }],
    ["one unsold auction: at most a 20% cut", [attempt({})], APPRAISAL, { kind: "relist", previousStart: 70_000_000n, minStart: 56_000_000n, preset: "judicial" }],
    ["one unsold auction at an odd start: the least start rounds up", [attempt({ price: 70_000_001n, preset: "private" })], APPRAISAL, { kind: "relist", previousStart: 70_000_001n, minStart: 56_000_001n, preset: "private" }],
    ["an unsold listed transfer is not a failed auction", [attempt({ mode: "listed_transfer" })], APPRAISAL, { kind: "first_auction" }],
    ["two unsold auctions: a fixed-price sale from half the appraisal", [attempt({ id: "1" }), attempt({ id: "2", price: 56_000_000n, mode: "tender" })], APPRAISAL, { kind: "fixed_price", floor: 50_000_000n, preset: "judicial" }],
    ["two unsold auctions, odd appraisal", [attempt({ id: "1" }), attempt({ id: "2" })], 100_000_001n, { kind: "fixed_price", floor: 50_000_001n, preset: "judicial" }],
    ["two unsold auctions, no appraisal", [attempt({ id: "1" }), attempt({ id: "2" })], null, { kind: "fixed_price", floor: null, preset: "judicial" }],
    ["an attempt announced", [attempt({ id: "1" }), attempt({ id: "2", status: "announced" })], APPRAISAL, { kind: "under_way", listingId: "2", status: "announced" }],
    ["an award waiting for settlement", [attempt({ id: "1", status: "awarded" })], APPRAISAL, { kind: "under_way", listingId: "1", status: "awarded" }],
    ["a settled sale ends the case", [attempt({ id: "1" }), attempt({ id: "2", status: "settled" })], APPRAISAL, { kind: "concluded", listingId: "2" }],
  ])("%s", (_name, attempts, appraisal, expected) => {
    expect(nextStepOf(attempts, appraisal)).toEqual(expected);
  });
});

describe("cut and share of appraisal, in basis points to the nearest", () => {
  it.each<[bigint, bigint | null, number | null]>([
    [56_000_000n, 70_000_000n, 2_000],
    [56_000_001n, 70_000_001n, 2_000],
    [73_500_000n, 70_000_000n, -500],
    [70_000_000n, 70_000_000n, 0],
    [1n, null, null],
  ])("cut of %s after %s = %s", (start, previous, bps) => {
    expect(cutBps(start, previous)).toBe(bps);
  });
  it.each<[bigint, bigint | null, number | null]>([
    [70_000_000n, 100_000_000n, 7_000],
    [1n, 3n, 3_333],
    [2n, 3n, 6_667],
    [5n, null, null],
  ])("%s of %s = %s", (price, appraisal, bps) => {
    expect(shareOfAppraisalBps(price, appraisal)).toBe(bps);
  });
});
