import { describe, expect, it } from "vitest";
import { LISTING_STATUSES, type ListingStatus, canMove } from "../../server/domain/listings/vocabulary";

/**
 * The lifecycle of docs/domain.md ("Listing statuses"): draft → in_review → announced → open → closed →
 * awarded | unsold, awarded → settled; withdrawn from draft, in_review, announced or open.
 * Two further moves are intended: a reviewer sends a lot back to draft, and an award whose winner does
 * not pay ends unsold (the deposit is forfeited and the case goes to a re-auction).
 */
const ALLOWED: ReadonlyArray<[ListingStatus, ListingStatus]> = [
  ["draft", "in_review"],
  ["in_review", "announced"],
  ["announced", "open"],
  ["open", "closed"],
  ["closed", "awarded"],
  ["closed", "unsold"],
  ["awarded", "settled"],
  ["draft", "withdrawn"],
  ["in_review", "withdrawn"],
  ["announced", "withdrawn"],
  ["open", "withdrawn"],
  ["in_review", "draft"],
  ["awarded", "unsold"],
];

const TERMINAL: ListingStatus[] = ["unsold", "settled", "withdrawn"];

describe("canMove", () => {
  it.each(ALLOWED)("allows %s → %s", (from, to) => {
    expect(canMove(from, to)).toBe(true);
  });

  const allowed = new Set(ALLOWED.map(([from, to]) => `${from}>${to}`));
  const refused = LISTING_STATUSES.flatMap((from) => LISTING_STATUSES.map((to): [ListingStatus, ListingStatus] => [from, to])).filter(
    ([from, to]) => !allowed.has(`${from}>${to}`),
  );

  it("refuses the other 68 pairs, self-moves included", () => {
    expect(refused).toHaveLength(81 - ALLOWED.length);
  });

  it.each(refused)("refuses %s → %s", (from, to) => {
    expect(canMove(from, to)).toBe(false);
  });

  it.each(TERMINAL)("%s is terminal", (from) => {
    expect(LISTING_STATUSES.filter((to) => canMove(from, to))).toEqual([]);
  });

  it.each<[ListingStatus]>([["closed"], ["awarded"], ["settled"], ["unsold"]])("a lot that is %s can no longer be withdrawn", (from) => {
    expect(canMove(from, "withdrawn")).toBe(false);
  });

  it("reaches settled from draft only through every step", () => {
    const path: ListingStatus[] = ["draft", "in_review", "announced", "open", "closed", "awarded", "settled"];
    expect(path.slice(1).every((to, i) => canMove(path[i]!, to))).toBe(true);
    expect(canMove("draft", "announced")).toBe(false);
    expect(canMove("announced", "closed")).toBe(false);
    expect(canMove("closed", "settled")).toBe(false);
  });
});
