import { and, eq, ne } from "drizzle-orm";
import { licenceAgreements, licenceApplications } from "../../../../db/schema";
import type { LicenceKind } from "../../../domain/listings/vocabulary";
import { chinaDate } from "../../../domain/calendar-date";
import { jsonSafe } from "../../../domain/money";
import { fail, ok } from "../../../domain/result";
import { appendAudit } from "../../audit";
import type { Principal } from "../../auth/principal";
import type { ServiceDeps } from "../../context";
import type { LicenceApplicationInput } from "../../../domain/schemas/offers";
import { armMinimumRoyalty } from "../../recoveries/royalties-minimum";
import { awardListing, checkParticipant, checkSeller, lockListing, tell } from "./common";

const TERM_KEYS = ["upfrontFee", "royaltyBps", "minimumAnnualRoyalty", "termMonths", "fieldOfUse", "territory"] as const;

/** Licence listings: licensees apply on the posted terms or counter-offer; the seller accepts or declines. */
export class LicenceOffers {
  constructor(private readonly deps: ServiceDeps) {}

  async apply(principal: Principal, listingId: string, input: LicenceApplicationInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const checked = checkParticipant(principal, await lockListing(tx, listingId), ["licence"]);
      if (!checked.ok) return checked;
      const l = checked.listing;
      const org = principal.organisation.id;
      const [open] = await tx
        .select({ id: licenceApplications.id })
        .from(licenceApplications)
        .where(and(eq(licenceApplications.listingId, listingId), eq(licenceApplications.applicantOrganisationId, org), eq(licenceApplications.status, "pending")));
      if (open) return fail("ALREADY_APPLIED", { applicationId: open.id });
      const posted = l.terms as Record<string, unknown>;
      const terms = input.kind === "apply" ? Object.fromEntries(TERM_KEYS.map((k) => [k, posted[k]])) : jsonSafe(input.terms);
      const [row] = await tx
        .insert(licenceApplications)
        .values({ listingId, applicantOrganisationId: org, kind: input.kind, terms, createdAt: now })
        .returning({ id: licenceApplications.id });
      await appendAudit(tx, { action: "licence.applied", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: listingId, data: { applicationId: row!.id, kind: input.kind } }, now);
      await tell(tx, [l.organisationId], l, "licence_application_received", now);
      return ok({ id: row!.id });
    });
  }

  /**
   * Exclusive and sole licences go to one licensee: accepting awards the listing and declines the rest.
   * Non-exclusive licences go to as many as the seller accepts; the listing stays open.
   */
  async decide(principal: Principal, applicationId: string, verdict: "accept" | "decline") {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [found] = await tx.select({ listingId: licenceApplications.listingId }).from(licenceApplications).where(eq(licenceApplications.id, applicationId));
      if (!found) return fail("NOT_FOUND");
      const checked = checkSeller(principal, await lockListing(tx, found.listingId), ["licence"]);
      if (!checked.ok) return checked;
      const l = checked.listing;
      const [app] = await tx.select().from(licenceApplications).where(eq(licenceApplications.id, applicationId));
      if (app!.status !== "pending") return fail("OFFER_NOT_PENDING", { status: app!.status });
      const audit = { actorUserId: principal.user.id, organisationId: l.organisationId, subjectType: "listing", subjectId: l.id };
      await tx.update(licenceApplications).set({ status: verdict === "accept" ? "accepted" : "declined", decidedAt: now }).where(eq(licenceApplications.id, applicationId));
      if (verdict === "decline") {
        await appendAudit(tx, { ...audit, action: "licence.declined", data: { applicationId } }, now);
        await tell(tx, [app!.applicantOrganisationId], l, "licence_application_declined", now);
        return ok({ status: "declined" as const, listingStatus: l.status });
      }
      const kind = (l.terms as { kind: LicenceKind }).kind;
      const terms = app!.terms as Record<string, unknown>;
      const [agreement] = await tx
        .insert(licenceAgreements)
        .values({ listingId: l.id, applicationId, licenseeOrganisationId: app!.applicantOrganisationId, kind, terms, startsOn: chinaDate(now), createdAt: now })
        .returning({ id: licenceAgreements.id, startsOn: licenceAgreements.startsOn, terms: licenceAgreements.terms });
      await armMinimumRoyalty(tx, agreement!, now);
      let listingStatus = l.status;
      const declined: string[] = [];
      if (kind !== "non_exclusive") {
        const others = await tx
          .update(licenceApplications)
          .set({ status: "declined", decidedAt: now })
          .where(and(eq(licenceApplications.listingId, l.id), eq(licenceApplications.status, "pending"), ne(licenceApplications.id, applicationId)))
          .returning({ org: licenceApplications.applicantOrganisationId });
        declined.push(...others.map((o) => o.org));
        await awardListing(tx, l, app!.applicantOrganisationId, BigInt(Number(terms.upfrontFee ?? 0)), now, this.deps.config);
        listingStatus = "awarded";
      }
      await appendAudit(tx, { ...audit, action: "licence.accepted", data: { applicationId, agreementId: agreement!.id, kind, declined: declined.length } }, now);
      await tell(tx, [app!.applicantOrganisationId], l, "licence_application_accepted", now);
      await tell(tx, declined, l, "licence_application_declined", now);
      return ok({ status: "accepted" as const, agreementId: agreement!.id, listingStatus });
    });
  }
}
