import { and, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { bidderBars, lotDeposits } from "../../../db/schema";
import type { BidderFacts } from "../../domain/bidding/eligibility";
import type { Principal } from "../auth/principal";
import { type ListingRow } from "../listings/offers/common";
import { pledgorOrganisations } from "../listings/offers/discount";

/** An organisation's registration on a lot, as `checkBidder` reads it. */
export type LotRegistration = BidderFacts["deposit"] & {};

export const registrationColumns = { method: lotDeposits.method, status: lotDeposits.status, bidderCode: lotDeposits.bidderCode, creditCap: lotDeposits.creditCap };

/**
 * Bars on this listing: a winner who defaulted may not bid again on any lot of the same disposal case, or on
 * the same listing when it has no case.
 */
export function barsOn(listing: Pick<ListingRow, "id" | "disposalCaseId">) {
  return listing.disposalCaseId ? or(eq(bidderBars.disposalCaseId, listing.disposalCaseId), eq(bidderBars.listingId, listing.id)) : eq(bidderBars.listingId, listing.id);
}

/** The facts `checkBidder` decides on, from what the caller has read: the pledgors are derived from the seller's book. */
export function factsOf(principal: Principal, listing: ListingRow, pledgors: readonly string[], deposit: LotRegistration | null, barred: boolean): BidderFacts {
  const org = principal.organisation.id;
  return {
    verified: principal.organisation.verification === "verified",
    platform: principal.organisation.kind === "platform",
    isSeller: listing.organisationId === org,
    isPledgor: pledgors.includes(org),
    barred,
    deposit,
  };
}

/** The same facts read for one organisation inside the caller's transaction. */
export async function bidderFacts(tx: DbOrTx, principal: Principal, listing: ListingRow): Promise<BidderFacts> {
  const [deposit] = await tx
    .select(registrationColumns)
    .from(lotDeposits)
    .where(and(eq(lotDeposits.listingId, listing.id), eq(lotDeposits.organisationId, principal.organisation.id)));
  const bars = await tx.select({ id: bidderBars.id }).from(bidderBars).where(and(eq(bidderBars.organisationId, principal.organisation.id), barsOn(listing))).limit(1);
  return factsOf(principal, listing, await pledgorOrganisations(tx, listing.id), deposit ?? null, bars.length > 0);
}
