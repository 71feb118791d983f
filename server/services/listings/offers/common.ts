import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { awards, listings } from "../../../../db/schema";
import type { ListingMode } from "../../../domain/listings/vocabulary";
import { fail, ok } from "../../../domain/result";
import type { Principal } from "../../auth/principal";
import { type SettlementPolicy, openSettlement } from "../../settlements/open";
import { type ListingNotice, tellOrganisations } from "../notices";
import { tellWatchers } from "../watchers";

export type ListingRow = typeof listings.$inferSelect;

/** Offers are taken while the listing is public and not decided. */
const TAKING_OFFERS = new Set(["announced", "open"]);

/** Locks the listing a decision rests on; every offer use case starts here. */
export async function lockListing(tx: DbOrTx, listingId: string) {
  const [row] = await tx.select().from(listings).where(eq(listings.id, listingId)).for("update");
  return row;
}

/**
 * May this organisation take part in this listing? Deny by default: verified, not the seller, the right
 * mode, a listing still taking offers. Hidden listings answer NOT_FOUND, as everywhere else.
 */
export function checkParticipant(principal: Principal, l: ListingRow | undefined, modes: readonly ListingMode[]) {
  if (!l || ["draft", "in_review"].includes(l.status)) return fail("NOT_FOUND");
  if (principal.organisation.verification !== "verified" || principal.organisation.kind === "platform") return fail("NOT_VERIFIED");
  if (l.organisationId === principal.organisation.id) return fail("SELLER_CANNOT_TAKE_PART");
  if (!modes.includes(l.mode)) return fail("WRONG_MODE", { mode: l.mode });
  if (!TAKING_OFFERS.has(l.status)) return fail("WRONG_STATUS", { status: l.status });
  return ok({ listing: l });
}

/** The seller deciding on an offer: its own listing, the right mode, still taking offers. */
export function checkSeller(principal: Principal, l: ListingRow | undefined, modes: readonly ListingMode[]) {
  if (!l || l.organisationId !== principal.organisation.id) return fail("NOT_FOUND");
  if (!modes.includes(l.mode)) return fail("WRONG_MODE", { mode: l.mode });
  if (!TAKING_OFFERS.has(l.status)) return fail("WRONG_STATUS", { status: l.status });
  return ok({ listing: l });
}

/** Licences and equity settle through their own agreements; every sale (and a negotiated discount) settles here. */
const SETTLED_ELSEWHERE: readonly ListingMode[] = ["licence", "equity"];

/**
 * Awards a listing: every award goes through here (an auction's close, a tender's opening, offers). Offers
 * decide a listing before any close, so this moves announced/open straight to awarded (the lifecycle's
 * closed → awarded step is for auctions). A sale's settlement opens in the same transaction.
 */
export async function awardListing(tx: DbOrTx, l: ListingRow, buyerOrganisationId: string, price: bigint, now: Date, policy: SettlementPolicy) {
  await tx.update(listings).set({ status: "awarded", updatedAt: now }).where(eq(listings.id, l.id));
  const [award] = await tx.insert(awards).values({ listingId: l.id, buyerOrganisationId, price, createdAt: now }).returning({ id: awards.id });
  if (!SETTLED_ELSEWHERE.includes(l.mode)) await openSettlement(tx, { listing: l, buyerOrganisationId, price, awardId: award!.id }, policy, now);
  await tellWatchers(tx, l, "watched_listing_awarded", now);
}

export async function tell(tx: DbOrTx, orgIds: readonly string[], l: ListingRow, kind: ListingNotice, now: Date) {
  await tellOrganisations(tx, orgIds, l, kind, now);
}
