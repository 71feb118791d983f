import { describe, expect, it } from "vitest";
import { type BidderFacts, checkBidder } from "../../server/domain/bidding/eligibility";

const confirmed = { method: "bank_transfer" as const, status: "confirmed" as const, bidderCode: "K7Q2", creditCap: null };
const credit = { method: "credit_bid" as const, status: "confirmed" as const, bidderCode: "C001", creditCap: 500_000n };
const facts = (over: Partial<BidderFacts> = {}): BidderFacts => ({ verified: true, platform: false, isSeller: false, isPledgor: false, barred: false, deposit: confirmed, ...over });

describe("who may bid", () => {
  it.each<[string, Partial<BidderFacts>, bigint, string]>([
    ["a verified bidder with a confirmed deposit", {}, 1_000_000n, "ok"],
    ["an unverified organisation", { verified: false }, 1n, "NOT_VERIFIED"],
    ["the operator", { platform: true }, 1n, "NOT_VERIFIED"],
    ["the seller", { isSeller: true }, 1n, "SELLER_CANNOT_BID"],
    ["the pledgor", { isPledgor: true }, 1n, "SELLER_CANNOT_BID"],
    ["the pledgor, even with a credit registration", { isPledgor: true, deposit: credit }, 1n, "SELLER_CANNOT_BID"],
    ["a barred defaulter", { barred: true }, 1n, "BARRED"],
    ["no deposit", { deposit: null }, 1n, "NO_DEPOSIT"],
    ["a deposit not yet confirmed", { deposit: { ...confirmed, status: "requested" } }, 1n, "NO_DEPOSIT"],
    ["a released deposit", { deposit: { ...confirmed, status: "released" } }, 1n, "NO_DEPOSIT"],
    ["the applicant creditor up to its claim", { isSeller: true, deposit: credit }, 500_000n, "ok"],
    ["the applicant creditor one fen over its claim", { isSeller: true, deposit: credit }, 500_001n, "OVER_CLAIM"],
    ["a credit registration not confirmed", { isSeller: true, deposit: { ...credit, status: "requested" } }, 1n, "SELLER_CANNOT_BID"],
  ])("%s", (_, over, amount, expected) => {
    const result = checkBidder(facts(over), amount);
    expect(result.ok ? "ok" : result.code).toBe(expected);
  });

  it("names the bidder by its code for the lot", () => {
    expect(checkBidder(facts(), 1n)).toEqual({ ok: true, bidderCode: "K7Q2", creditCap: null });
  });
});
