import { and, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { discountConfirmations, listingAssets, listings, loans, parties, pledgeAssets, pledges } from "../../../../db/schema";
import { fail, ok } from "../../../domain/result";
import { appendAudit } from "../../audit";
import type { Principal } from "../../auth/principal";
import { isUniqueViolation, type ServiceDeps } from "../../context";
import { tellWatchers } from "../watchers";
import { awardListing, lockListing, tell } from "./common";

/**
 * The pledgor side of a negotiated discount: organisations on the exchange linked (parties.organisation_id)
 * to the pledgor of a pledge the seller holds over a listed right. Derived from the book, not typed in.
 */
export async function pledgorOrganisations(tx: DbOrTx, listingId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ org: parties.organisationId })
    .from(listingAssets)
    .innerJoin(listings, eq(listings.id, listingAssets.listingId))
    .innerJoin(pledgeAssets, eq(pledgeAssets.assetId, listingAssets.assetId))
    .innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId))
    .innerJoin(loans, and(eq(loans.id, pledges.loanId), eq(loans.organisationId, listings.organisationId)))
    .innerJoin(parties, eq(parties.id, pledges.pledgorId))
    .where(and(eq(listingAssets.listingId, listingId), isNotNull(parties.organisationId)));
  return rows.map((r) => r.org!);
}

/**
 * Negotiated discount: the creditor (the seller) confirms its proposed value and taker, the pledgor
 * confirms or declines. Both confirmations award the listing; a decline by either withdraws it.
 */
export class DiscountOffers {
  constructor(private readonly deps: ServiceDeps) {}

  async confirm(principal: Principal, listingId: string, confirm: boolean) {
    const now = this.deps.now();
    try {
      return await this.deps.db.transaction(async (tx) => {
        const l = await lockListing(tx, listingId);
        if (!l || ["draft", "in_review"].includes(l.status)) return fail("NOT_FOUND");
        const org = principal.organisation.id;
        const pledgors = await pledgorOrganisations(tx, l.id);
        const role = l.organisationId === org ? ("creditor" as const) : pledgors.includes(org) ? ("pledgor" as const) : null;
        if (!role) return fail("NOT_FOUND");
        if (l.mode !== "negotiated_discount") return fail("WRONG_MODE", { mode: l.mode });
        if (!["announced", "open"].includes(l.status)) return fail("WRONG_STATUS", { status: l.status });
        await tx.insert(discountConfirmations).values({ listingId, role, confirmed: confirm, confirmedBy: principal.user.id, at: now });
        const audit = { actorUserId: principal.user.id, organisationId: l.organisationId, subjectType: "listing", subjectId: listingId };
        await appendAudit(tx, { ...audit, action: confirm ? "discount.confirmed" : "discount.declined", data: { role } }, now);
        const everyone = [l.organisationId, ...pledgors];
        if (!confirm) {
          await tx.update(listings).set({ status: "withdrawn", updatedAt: now }).where(eq(listings.id, listingId));
          await tell(tx, everyone, l, "discount_declined", now);
          await tellWatchers(tx, l, "watched_listing_withdrawn", now);
          return ok({ role, listingStatus: "withdrawn" as const });
        }
        const both = await tx.select().from(discountConfirmations).where(and(eq(discountConfirmations.listingId, listingId), eq(discountConfirmations.confirmed, true)));
        if (both.length < 2) {
          await tell(tx, everyone.filter((o) => o !== org), l, "discount_confirmation_requested", now);
          return ok({ role, listingStatus: l.status });
        }
        // Recorded as a settlement at the agreed value; the taker named in the terms acts through the creditor.
        await awardListing(tx, l, l.organisationId, l.price, now, this.deps.config);
        await appendAudit(tx, { ...audit, action: "listing.awarded", data: { settlement: "negotiated_discount", price: l.price.toString() } }, now);
        await tell(tx, everyone, l, "discount_agreed", now);
        return ok({ role, listingStatus: "awarded" as const });
      });
    } catch (error) {
      if (isUniqueViolation(error, "discount_confirmations_listing_role_key")) return fail("OFFER_NOT_PENDING");
      throw error;
    }
  }
}
