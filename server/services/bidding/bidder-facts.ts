import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { lotDeposits } from "../../../db/schema";
import type { BidderFacts } from "../../domain/bidding/eligibility";
import type { Principal } from "../auth/principal";
import { type ListingRow } from "../listings/offers/common";
import { pledgorOrganisations } from "../listings/offers/discount";

/** An organisation's registration on a lot, as `checkBidder` reads it. */
export type LotRegistration = BidderFacts["deposit"] & {};

export const registrationColumns = { method: lotDeposits.method, status: lotDeposits.status, bidderCode: lotDeposits.bidderCode, creditCap: lotDeposits.creditCap };

/**
 * The facts `checkBidder` decides on, from what the caller has read: the pledgors are derived from the
 * seller's book; barring (a defaulted winner) comes with settlements, so nobody is barred yet.
 */
export function factsOf(principal: Principal, listing: ListingRow, pledgors: readonly string[], deposit: LotRegistration | null): BidderFacts {
  const org = principal.organisation.id;
  return {
    verified: principal.organisation.verification === "verified",
    platform: principal.organisation.kind === "platform",
    isSeller: listing.organisationId === org,
    isPledgor: pledgors.includes(org),
    barred: false,
    deposit,
  };
}

/** The same facts read for one organisation inside the caller's transaction. */
export async function bidderFacts(tx: DbOrTx, principal: Principal, listing: ListingRow): Promise<BidderFacts> {
  const [deposit] = await tx
    .select(registrationColumns)
    .from(lotDeposits)
    .where(and(eq(lotDeposits.listingId, listing.id), eq(lotDeposits.organisationId, principal.organisation.id)));
  return factsOf(principal, listing, await pledgorOrganisations(tx, listing.id), deposit ?? null);
}
