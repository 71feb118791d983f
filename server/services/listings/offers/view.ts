import { and, eq, type SQL } from "drizzle-orm";
import { awards, discountConfirmations, equityProposals, licenceAgreements, licenceApplications, listingIntents, listings } from "../../../../db/schema";
import { fail, ok } from "../../../domain/result";
import type { Principal } from "../../auth/principal";
import type { ServiceDeps } from "../../context";
import { pledgorOrganisations } from "./discount";

/** The offers on a listing: the seller (and operators) see all of them; anyone else only its own. */
export async function offersOn(deps: ServiceDeps, principal: Principal, listingId: string) {
  const [l] = await deps.db.select().from(listings).where(eq(listings.id, listingId));
  const seesAll = Boolean(l && (l.organisationId === principal.organisation.id || principal.permissions.has("verification:review")));
  if (!l || (!seesAll && ["draft", "in_review", "withdrawn"].includes(l.status))) return fail("NOT_FOUND");
  const org = principal.organisation.id;
  const mine = (column: Parameters<typeof eq>[0]): SQL | undefined => (seesAll ? undefined : eq(column, org));
  const db = deps.db;
  // Both sides of a negotiated discount see its confirmations.
  const discountParty = seesAll || (l.mode === "negotiated_discount" && (await pledgorOrganisations(db, l)).includes(org));
  const [intents, applications, agreements, proposals, confirmations, award] = await Promise.all([
    db.select().from(listingIntents).where(and(eq(listingIntents.listingId, listingId), mine(listingIntents.buyerOrganisationId))).orderBy(listingIntents.createdAt),
    db.select().from(licenceApplications).where(and(eq(licenceApplications.listingId, listingId), mine(licenceApplications.applicantOrganisationId))).orderBy(licenceApplications.createdAt),
    db.select().from(licenceAgreements).where(and(eq(licenceAgreements.listingId, listingId), mine(licenceAgreements.licenseeOrganisationId))).orderBy(licenceAgreements.createdAt),
    db.select().from(equityProposals).where(and(eq(equityProposals.listingId, listingId), mine(equityProposals.proposerOrganisationId))).orderBy(equityProposals.createdAt),
    discountParty ? db.select().from(discountConfirmations).where(eq(discountConfirmations.listingId, listingId)) : Promise.resolve([]),
    db.select().from(awards).where(and(eq(awards.listingId, listingId), mine(awards.buyerOrganisationId))),
  ]);
  return ok({ intents, applications, agreements, proposals, confirmations, award: award[0] ?? null });
}
