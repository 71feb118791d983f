import { and, eq, ne } from "drizzle-orm";
import { equityProposals, listingAssets, valuations } from "../../../../db/schema";
import { fail, ok } from "../../../domain/result";
import { appendAudit } from "../../audit";
import type { Principal } from "../../auth/principal";
import type { ServiceDeps } from "../../context";
import type { EquityProposalInput } from "../../../domain/schemas/offers";
import { settleEquityContribution } from "../../recoveries/equity";
import { awardListing, checkParticipant, checkSeller, lockListing, tell } from "./common";

/** Equity contribution: funds and companies propose taking the IP as capital; the seller accepts one. */
export class EquityOffers {
  constructor(private readonly deps: ServiceDeps) {}

  async propose(principal: Principal, listingId: string, input: EquityProposalInput) {
    const now = this.deps.now();
    // The agreed value must rest on a named valuation: a recorded one of a listed right, or appraiser + date.
    if (!input.valuationId && !(input.valuationAppraiser && input.valuationDate)) return fail("VALUATION_REQUIRED");
    return this.deps.db.transaction(async (tx) => {
      const checked = checkParticipant(principal, await lockListing(tx, listingId), ["equity"]);
      if (!checked.ok) return checked;
      const l = checked.listing;
      if (input.valuationId) {
        const [v] = await tx
          .select({ id: valuations.id })
          .from(valuations)
          .innerJoin(listingAssets, and(eq(listingAssets.assetId, valuations.assetId), eq(listingAssets.listingId, listingId)))
          .where(eq(valuations.id, input.valuationId));
        if (!v) return fail("VALUATION_NOT_FOUND");
      }
      const org = principal.organisation.id;
      const [row] = await tx
        .insert(equityProposals)
        .values({ ...input, listingId, proposerOrganisationId: org, createdAt: now })
        .returning({ id: equityProposals.id });
      await appendAudit(tx, { action: "equity.proposed", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: listingId, data: { proposalId: row!.id, agreedValue: input.agreedValue.toString(), equityBps: input.equityBps } }, now);
      await tell(tx, [l.organisationId], l, "equity_proposal_received", now);
      return ok({ id: row!.id });
    });
  }

  /** Accepting one proposal awards the listing at the agreed value and declines every other pending one. */
  async decide(principal: Principal, proposalId: string, verdict: "accept" | "decline") {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [found] = await tx.select({ listingId: equityProposals.listingId }).from(equityProposals).where(eq(equityProposals.id, proposalId));
      if (!found) return fail("NOT_FOUND");
      const checked = checkSeller(principal, await lockListing(tx, found.listingId), ["equity"]);
      if (!checked.ok) return checked;
      const l = checked.listing;
      const [p] = await tx.select().from(equityProposals).where(eq(equityProposals.id, proposalId));
      if (p!.status !== "pending") return fail("OFFER_NOT_PENDING", { status: p!.status });
      const audit = { actorUserId: principal.user.id, organisationId: l.organisationId, subjectType: "listing", subjectId: l.id };
      await tx.update(equityProposals).set({ status: verdict === "accept" ? "accepted" : "declined", decidedAt: now }).where(eq(equityProposals.id, proposalId));
      if (verdict === "decline") {
        await appendAudit(tx, { ...audit, action: "equity.declined", data: { proposalId } }, now);
        await tell(tx, [p!.proposerOrganisationId], l, "equity_proposal_declined", now);
        return ok({ status: "declined" as const, listingStatus: l.status });
      }
      const others = await tx
        .update(equityProposals)
        .set({ status: "declined", decidedAt: now })
        .where(and(eq(equityProposals.listingId, l.id), eq(equityProposals.status, "pending"), ne(equityProposals.id, proposalId)))
        .returning({ org: equityProposals.proposerOrganisationId });
      await awardListing(tx, l, p!.proposerOrganisationId, p!.agreedValue, now, this.deps.config);
      await settleEquityContribution(tx, l, p!.proposerOrganisationId, p!.agreedValue, now);
      await appendAudit(tx, { ...audit, action: "equity.accepted", data: { proposalId, agreedValue: p!.agreedValue.toString(), declined: others.length } }, now);
      await tell(tx, [p!.proposerOrganisationId], l, "equity_proposal_accepted", now);
      await tell(tx, others.map((o) => o.org), l, "equity_proposal_declined", now);
      return ok({ status: "accepted" as const, listingStatus: "awarded" as const });
    });
  }
}
