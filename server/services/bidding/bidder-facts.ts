import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { lotDeposits } from "../../../db/schema";
import type { BidderFacts } from "../../domain/bidding/eligibility";
import type { Principal } from "../auth/principal";
import { type ListingRow } from "../listings/offers/common";
import { pledgorOrganisations } from "../listings/offers/discount";

/**
 * The facts `checkBidder` decides on, read inside the caller's transaction. Pledgors are derived from the
 * seller's book (a caller deciding for several organisations passes them, read once); barring (a defaulted
 * winner) comes with settlements, so nobody is barred yet.
 */
export async function bidderFacts(tx: DbOrTx, principal: Principal, listing: ListingRow, pledgors?: readonly string[]): Promise<BidderFacts> {
  const org = principal.organisation.id;
  const [deposit] = await tx
    .select({ method: lotDeposits.method, status: lotDeposits.status, bidderCode: lotDeposits.bidderCode, creditCap: lotDeposits.creditCap })
    .from(lotDeposits)
    .where(and(eq(lotDeposits.listingId, listing.id), eq(lotDeposits.organisationId, org)));
  return {
    verified: principal.organisation.verification === "verified",
    platform: principal.organisation.kind === "platform",
    isSeller: listing.organisationId === org,
    isPledgor: (pledgors ?? (await pledgorOrganisations(tx, listing))).includes(org),
    barred: false,
    deposit: deposit ?? null,
  };
}
