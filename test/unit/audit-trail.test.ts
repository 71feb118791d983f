import { describe, expect, it } from "vitest";
import { type ListingFacts, dayRange, readableEvent } from "../../server/domain/audit-trail";

const bidder = { actorUserId: "u-bidder", organisationId: "o-bidder" };
const onListing = (action: string, data: unknown = {}) => ({ ...bidder, action, subjectType: "listing", data });
const auction = (status: string, awarded: boolean): ListingFacts => ({ mode: "english_auction", status, awarded });
const tender = (status: string, awarded: boolean): ListingFacts => ({ mode: "tender", status, awarded });

describe("readableEvent", () => {
  it.each<[string, ReturnType<typeof onListing>, ListingFacts | null, { actorUserId: string | null; organisationId: string | null; data: unknown; withheld: string[] }]>([
    ["a bid on a lot not yet awarded: the bidder withheld", onListing("bid.placed", { amount: "500", bidderCode: "K7" }), auction("open", false), { actorUserId: null, organisationId: null, data: { amount: "500", bidderCode: "K7" }, withheld: ["bidder"] }],
    ["a bid once the lot is awarded: all of it", onListing("bid.placed", { amount: "500" }), auction("awarded", true), { ...bidder, data: { amount: "500" }, withheld: [] }],
    ["a registration to bid before the award", onListing("deposit.requested", { amount: "100" }), auction("open", false), { actorUserId: null, organisationId: null, data: { amount: "100" }, withheld: ["bidder"] }],
    ["a sealed bid before the opening: bidder and amounts", onListing("tender.submitted", { commitment: "c", amount: "9", values: { a: 1 } }), tender("open", false), { actorUserId: null, organisationId: null, data: { commitment: "c" }, withheld: ["bidder", "sealed"] }],
    ["a sealed bid of a tender opened without award: amounts only", onListing("tender.revised", { amount: "9" }), tender("unsold", false), { actorUserId: null, organisationId: null, data: { amount: "9" }, withheld: ["bidder"] }],
    ["a seller's event naming the registered buyers before the award", onListing("listing.converted_to_auction", { bidders: ["o1"], startPrice: "5" }), auction("open", false), { ...bidder, data: { startPrice: "5" }, withheld: ["bidder"] }],
    ["a seller's event with nothing withheld", onListing("listing.approved"), auction("announced", false), { ...bidder, data: {}, withheld: [] }],
    ["a bid on a listing that cannot be found: denied by default", onListing("bid.placed", { amount: "5" }), null, { actorUserId: null, organisationId: null, data: {}, withheld: ["bidder", "sealed"] }],
  ])("%s", (_label, event, listing, expected) => {
    expect(readableEvent(event, listing)).toMatchObject(expected);
  });

  it("leaves an event about anything but a listing as it is", () => {
    const event = { ...bidder, action: "auth.login", subjectType: "user", data: { bidders: ["x"] } };
    expect(readableEvent(event, null)).toEqual({ ...event, withheld: [] });
  });
});

describe("dayRange", () => {
  it("reads days in Beijing time, the last day included", () => {
    expect(dayRange({ from: "2026-03-01", to: "2026-03-02" })).toEqual({ since: new Date("2026-02-28T16:00:00Z"), before: new Date("2026-03-02T16:00:00Z") });
    expect(dayRange({})).toEqual({ since: null, before: null });
  });
});
