import { and, eq, isNotNull } from "drizzle-orm";
import { listingIntents, listings } from "../../../../db/schema";
import { fail, ok } from "../../../domain/result";
import { insertWithCode } from "../../bidding/deposits-code";
import { enqueueJob } from "../../../jobs/runner";
import { appendAudit } from "../../audit";
import type { Principal } from "../../auth/principal";
import { isUniqueViolation, type ServiceDeps } from "../../context";
import { tellWatchers } from "../watchers";
import { type ListingRow, awardListing, checkParticipant, lockListing, tell } from "./common";

const HOUR = 3_600_000;
/** A listed transfer contested by two or more buyers becomes an English auction among them for a day. */
const CONVERTED_AUCTION_MS = 24 * HOUR;

/** A listed transfer is decided by the intents confirmed when its notice ends; later ones do not count. */
function noticeOver(l: ListingRow, now: Date): boolean {
  return l.mode === "listed_transfer" && l.opensAt !== null && l.opensAt <= now;
}

/**
 * Listed transfers and fixed-price sales. Buyers register intent with a deposit that an operator confirms
 * by hand (until payments arrive). Fixed price: the first confirmed buyer wins at once. Listed transfer:
 * the notice period's end decides (one buyer → award, two or more → auction among them, none → unsold).
 */
export class TransferOffers {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly wakeJobs: () => void,
  ) {}

  async registerIntent(principal: Principal, listingId: string) {
    const now = this.deps.now();
    try {
      const result = await this.deps.db.transaction(async (tx) => {
        const checked = checkParticipant(principal, await lockListing(tx, listingId), ["listed_transfer", "fixed_price"]);
        if (!checked.ok) return checked;
        const l = checked.listing;
        if (noticeOver(l, now)) return fail("WRONG_STATUS", { status: l.status, noticeEndedAt: l.opensAt!.toISOString() });
        const deposit = BigInt(Number((l.terms as { deposit?: number }).deposit ?? 0));
        const org = principal.organisation.id;
        const [row] = await tx.insert(listingIntents).values({ listingId, buyerOrganisationId: org, depositAmount: deposit, createdAt: now }).returning({ id: listingIntents.id });
        // The notice period's end decides a listed transfer; queued once however many buyers register.
        if (l.mode === "listed_transfer" && l.opensAt) await enqueueJob(tx, { kind: "listing:resolve-transfer", payload: { listingId }, runAt: l.opensAt, dedupeKey: `listing:${listingId}:resolve-transfer` });
        await appendAudit(tx, { action: "transfer.intent_registered", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: listingId, data: { intentId: row!.id, deposit: deposit.toString() } }, now);
        await tell(tx, [l.organisationId], l, "transfer_intent_registered", now);
        return ok({ id: row!.id, depositAmount: deposit });
      });
      if (result.ok) this.wakeJobs();
      return result;
    } catch (error) {
      if (isUniqueViolation(error, "listing_intents_listing_buyer_key")) return fail("INTENT_EXISTS");
      throw error;
    }
  }

  /** An operator records a bank-transfer deposit. On a fixed-price sale the first confirmed buyer wins. */
  async confirmDeposit(principal: Principal, intentId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [found] = await tx.select({ listingId: listingIntents.listingId }).from(listingIntents).where(eq(listingIntents.id, intentId));
      if (!found) return fail("NOT_FOUND");
      const l = (await lockListing(tx, found.listingId))!;
      const [intent] = await tx.select().from(listingIntents).where(eq(listingIntents.id, intentId));
      if (intent!.depositConfirmedAt) return fail("DEPOSIT_ALREADY_CONFIRMED");
      if (!["listed_transfer", "fixed_price"].includes(l.mode) || !["announced", "open"].includes(l.status)) return fail("WRONG_STATUS", { status: l.status, mode: l.mode });
      if (noticeOver(l, now)) return fail("WRONG_STATUS", { status: l.status, noticeEndedAt: l.opensAt!.toISOString() });
      await tx.update(listingIntents).set({ depositConfirmedAt: now, depositConfirmedBy: principal.user.id }).where(eq(listingIntents.id, intentId));
      await appendAudit(tx, { action: "transfer.deposit_confirmed", actorUserId: principal.user.id, organisationId: l.organisationId, subjectType: "listing", subjectId: l.id, data: { intentId } }, now);
      await tell(tx, [intent!.buyerOrganisationId], l, "transfer_deposit_confirmed", now);
      if (l.mode === "fixed_price") {
        await awardListing(tx, l, intent!.buyerOrganisationId, l.price, now, this.deps.config);
        await appendAudit(tx, { action: "listing.awarded", organisationId: l.organisationId, subjectType: "listing", subjectId: l.id, data: { buyer: intent!.buyerOrganisationId, price: l.price.toString() } }, now);
        await tell(tx, [intent!.buyerOrganisationId, l.organisationId], l, "listing_awarded", now);
        return ok({ listingStatus: "awarded" as const });
      }
      return ok({ listingStatus: l.status });
    });
  }

  /**
   * The end of a listed transfer's notice, run by a job under the listing's row lock; a second run finds
   * the listing decided and skips.
   */
  async resolve(listingId: string): Promise<"awarded" | "auction" | "unsold" | "skipped"> {
    const now = this.deps.now();
    const outcome = await this.deps.db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      if (!l || l.mode !== "listed_transfer" || !["announced", "open"].includes(l.status) || !l.opensAt || l.opensAt > now) return "skipped" as const;
      const confirmed = await tx.select().from(listingIntents).where(and(eq(listingIntents.listingId, listingId), isNotNull(listingIntents.depositConfirmedAt))).orderBy(listingIntents.createdAt);
      const buyers = confirmed.map((i) => i.buyerOrganisationId);
      const audit = { organisationId: l.organisationId, subjectType: "listing", subjectId: listingId };
      if (buyers.length === 1) {
        await awardListing(tx, l, buyers[0]!, l.price, now, this.deps.config);
        await appendAudit(tx, { ...audit, action: "listing.awarded", data: { buyer: buyers[0]!, price: l.price.toString() } }, now);
        await tell(tx, [buyers[0]!, l.organisationId], l, "listing_awarded", now);
        return "awarded" as const;
      }
      if (buyers.length === 0) {
        await tx.update(listings).set({ status: "unsold", updatedAt: now }).where(eq(listings.id, listingId));
        await appendAudit(tx, { ...audit, action: "listing.unsold", data: { reason: "no_confirmed_buyer" } }, now);
        await tell(tx, [l.organisationId], l, "listing_unsold", now);
        return "unsold" as const;
      }
      // Two or more: an English auction among exactly these buyers, starting at the posted price.
      const closesAt = new Date(l.opensAt.getTime() + CONVERTED_AUCTION_MS);
      const terms = { ...(l.terms as Record<string, unknown>), startPrice: Number(l.price), opensAt: l.opensAt.toISOString(), closesAt: closesAt.toISOString(), convertedFrom: "listed_transfer", eligibleBidders: buyers };
      await tx.update(listings).set({ mode: "english_auction", status: "open", closesAt, terms, updatedAt: now }).where(eq(listings.id, listingId));
      // Their deposits are paid and confirmed already: each buyer is registered to bid, with a bidder code, without asking again.
      for (const intent of confirmed) {
        await insertWithCode(tx, {
          listingId,
          organisationId: intent.buyerOrganisationId,
          method: "bank_transfer",
          status: "confirmed",
          amount: intent.depositAmount,
          currency: l.currency,
          requestedAt: intent.createdAt,
          confirmedAt: intent.depositConfirmedAt,
          confirmedBy: intent.depositConfirmedBy,
        });
      }
      await enqueueJob(tx, { kind: "listing:transition", payload: { listingId, to: "closed" }, runAt: closesAt, dedupeKey: `listing:${listingId}:closed:converted` });
      await appendAudit(tx, { ...audit, action: "listing.converted_to_auction", data: { bidders: buyers, startPrice: l.price.toString(), closesAt: closesAt.toISOString() } }, now);
      await tell(tx, [...buyers, l.organisationId], l, "listing_converted_to_auction", now);
      await tellWatchers(tx, l, "watched_listing_to_auction", now);
      return "auction" as const;
    });
    if (outcome === "auction") this.wakeJobs();
    return outcome;
  }
}
