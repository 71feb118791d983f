import { and, asc, eq } from "drizzle-orm";
import { listings, lotPriorityRights, organisations } from "../../../db/schema";
import type { PriorityRightInput } from "../../domain/schemas/deposits";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { type ListingRow, lockListing, tell } from "../listings/offers/common";
import { BIDDING_MODES } from "./deposits-lot";

/** Holders are named before bidding opens; once it is open the field of bidders is fixed. */
const NAMING = ["draft", "in_review", "announced"];

function checkNaming(principal: Principal, l: ListingRow | undefined) {
  if (!l || l.organisationId !== principal.organisation.id) return fail("NOT_FOUND");
  if (!(BIDDING_MODES as readonly string[]).includes(l.mode)) return fail("WRONG_MODE", { mode: l.mode });
  if (!NAMING.includes(l.status)) return fail("WRONG_STATUS", { status: l.status });
  return ok({ listing: l });
}

/** Priority-purchase-right holders of a lot: they may match the top price and win ties by rank, then time. */
export class PriorityRights {
  constructor(private readonly deps: ServiceDeps) {}

  /** The seller names (or re-ranks) a holder. Ranks are distinct, so a tie between holders is decided by rank. */
  async name(principal: Principal, listingId: string, input: PriorityRightInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const checked = checkNaming(principal, await lockListing(tx, listingId));
      if (!checked.ok) return checked;
      const [holder] = await tx.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.creditCode, input.creditCode));
      if (!holder) return fail("ORGANISATION_NOT_FOUND");
      if (holder.id === principal.organisation.id || holder.kind === "platform") return fail("PRIORITY_HOLDER_INVALID");
      const held = await tx.select().from(lotPriorityRights).where(eq(lotPriorityRights.listingId, listingId));
      if (held.some((h) => h.rank === input.rank && h.organisationId !== holder.id)) return fail("PRIORITY_RANK_TAKEN", { rank: input.rank });
      await tx
        .insert(lotPriorityRights)
        .values({ listingId, organisationId: holder.id, rank: input.rank })
        .onConflictDoUpdate({ target: [lotPriorityRights.listingId, lotPriorityRights.organisationId], set: { rank: input.rank } });
      await appendAudit(tx, { action: "priority_right.named", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId, data: { holder: holder.id, rank: input.rank } }, now);
      if (!held.some((h) => h.organisationId === holder.id)) await tell(tx, [holder.id], checked.listing, "priority_right_named", now);
      return ok({ organisationId: holder.id, organisationName: holder.name, rank: input.rank });
    });
  }

  async remove(principal: Principal, listingId: string, organisationId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const checked = checkNaming(principal, await lockListing(tx, listingId));
      if (!checked.ok) return checked;
      const removed = await tx.delete(lotPriorityRights).where(and(eq(lotPriorityRights.listingId, listingId), eq(lotPriorityRights.organisationId, organisationId))).returning();
      if (removed.length === 0) return fail("NOT_FOUND");
      await appendAudit(tx, { action: "priority_right.removed", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId, data: { holder: organisationId } }, now);
      return ok({});
    });
  }

  /** The holders, for the seller and operators; `editable` says whether the seller may still change them. */
  async list(principal: Principal, listingId: string) {
    const db = this.deps.db;
    const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
    const seller = l?.organisationId === principal.organisation.id;
    if (!l || (!seller && !principal.permissions.has("verification:review"))) return fail("NOT_FOUND");
    const holders = await db
      .select({ organisationId: lotPriorityRights.organisationId, organisationName: organisations.name, creditCode: organisations.creditCode, rank: lotPriorityRights.rank })
      .from(lotPriorityRights)
      .innerJoin(organisations, eq(organisations.id, lotPriorityRights.organisationId))
      .where(eq(lotPriorityRights.listingId, listingId))
      .orderBy(asc(lotPriorityRights.rank));
    return ok({ holders, editable: seller && checkNaming(principal, l).ok });
  }
}
