import { and, asc, eq, isNull } from "drizzle-orm";
import { listingIntents, listings, payments } from "../../../../db/schema";
import { fail, ok } from "../../../domain/result";
import { enqueueJob } from "../../../jobs/runner";
import { appendAudit } from "../../audit";
import type { Principal } from "../../auth/principal";
import { isUniqueViolation, type ServiceDeps } from "../../context";
import { requestPayment } from "../../payments/requests";
import type { PaymentService } from "../../payments/service";
import { tellWatchers } from "../watchers";
import { awardListing, checkParticipant, lockListing, tell } from "./common";
import { carryIntentToAuction, confirmIntent, noticeOver, releaseOtherIntents, takingIntents } from "./intent-deposits";

const HOUR = 3_600_000;
/** A listed transfer contested by two or more buyers becomes an English auction among them for a day. */
const CONVERTED_AUCTION_MS = 24 * HOUR;

/**
 * Listed transfers and fixed-price sales. Buyers register intent with a deposit asked through the payments port
 * (a bank transfer quoting its reference, or a card hold); the money arriving confirms the intent. Fixed price:
 * the first confirmed buyer wins at once. Listed transfer: the notice period's end decides (one buyer → award,
 * two or more → auction among them, none → unsold); the buyers who do not win are released.
 */
export class TransferOffers {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly wakeJobs: () => void,
    private readonly payments: PaymentService,
  ) {}

  async registerIntent(principal: Principal, listingId: string, method: "bank_transfer" | "card" = "bank_transfer") {
    const now = this.deps.now();
    try {
      const result = await this.deps.db.transaction(async (tx) => {
        const checked = checkParticipant(principal, await lockListing(tx, listingId), ["listed_transfer", "fixed_price"]);
        if (!checked.ok) return checked;
        const l = checked.listing;
        if (noticeOver(l, now)) return fail("WRONG_STATUS", { status: l.status, noticeEndedAt: l.opensAt!.toISOString() });
        const deposit = BigInt(Number((l.terms as { deposit?: number }).deposit ?? 0));
        const org = principal.organisation.id;
        const [intent] = await tx.insert(listingIntents).values({ listingId, buyerOrganisationId: org, depositAmount: deposit, createdAt: now }).returning();
        const payment = deposit > 0n ? await requestPayment(tx, { payerOrganisationId: org, purpose: "deposit", method, listingIntentId: intent!.id, currency: l.currency, amount: deposit }, now) : null;
        // The notice period's end decides a listed transfer; queued once however many buyers register.
        if (l.mode === "listed_transfer" && l.opensAt) await enqueueJob(tx, { kind: "listing:resolve-transfer", payload: { listingId }, runAt: l.opensAt, dedupeKey: `listing:${listingId}:resolve-transfer` });
        await appendAudit(tx, { action: "transfer.intent_registered", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: listingId, data: { intentId: intent!.id, deposit: deposit.toString(), method } }, now);
        await tell(tx, [l.organisationId], l, "transfer_intent_registered", now);
        // No deposit asked: nothing to wait for, the intent counts now.
        if (!payment) await confirmIntent(tx, l, intent!, this.deps.config, now);
        return ok({ id: intent!.id, depositAmount: deposit, payment });
      });
      if (result.ok) this.wakeJobs();
      return result;
    } catch (error) {
      if (isUniqueViolation(error, "listing_intents_listing_buyer_key")) return fail("INTENT_EXISTS");
      throw error;
    }
  }

  /** Registers intent with a card hold: the intent and its payment commit first, then the hold is created at Stripe (as for a lot deposit). */
  async registerIntentByCard(principal: Principal, listingId: string) {
    const card = this.payments.card;
    if (!card) return fail("CARD_UNAVAILABLE");
    const registered = await this.registerIntent(principal, listingId, "card");
    if (!registered.ok || !registered.payment) return registered.ok ? ok({ ...registered, clientSecret: null }) : registered;
    const hold = await card.ensureIntent(registered.payment.id);
    return ok({ ...registered, clientSecret: hold.ok ? hold.clientSecret : null });
  }

  /**
   * An operator records that a buyer's bank transfer arrived: a receipt for what is still due, matched to the
   * intent's payment like any other, so the money confirms the intent and the ledger has it.
   */
  async confirmDeposit(principal: Principal, intentId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [found] = await tx.select({ listingId: listingIntents.listingId }).from(listingIntents).where(eq(listingIntents.id, intentId));
      if (!found) return fail("NOT_FOUND");
      // The listing first, then the intent and its payment: the order every money path takes.
      const l = await lockListing(tx, found.listingId);
      const [intent] = await tx.select().from(listingIntents).where(eq(listingIntents.id, intentId)).for("update");
      if (intent!.depositStatus === "confirmed" || intent!.depositStatus === "applied") return fail("DEPOSIT_ALREADY_CONFIRMED", { status: intent!.depositStatus });
      // A released intent (another buyer won, the notice ended) takes no more money.
      if (intent!.depositStatus !== "requested" || !takingIntents(l, now)) return fail("WRONG_STATUS", { status: l!.status, mode: l!.mode, deposit: intent!.depositStatus });
      const [payment] = await tx.select().from(payments).where(and(eq(payments.listingIntentId, intentId), eq(payments.status, "pending"), isNull(payments.settlementId))).for("update");
      if (!payment) return fail("NOT_FOUND");
      if (payment.method !== "bank_transfer") return fail("WRONG_METHOD", { method: payment.method });
      await this.payments.receiveDueInTx(tx, payment, principal.user.id, now);
      await tx.update(listingIntents).set({ depositConfirmedBy: principal.user.id }).where(eq(listingIntents.id, intentId));
      const [after] = await tx.select({ status: listings.status }).from(listings).where(eq(listings.id, l!.id));
      return ok({ listingStatus: after!.status });
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
      const confirmed = await tx.select().from(listingIntents).where(and(eq(listingIntents.listingId, listingId), eq(listingIntents.depositStatus, "confirmed"))).orderBy(asc(listingIntents.createdAt));
      const buyers = confirmed.map((i) => i.buyerOrganisationId);
      const audit = { organisationId: l.organisationId, subjectType: "listing", subjectId: listingId };
      if (buyers.length === 1) {
        await awardListing(tx, l, buyers[0]!, l.price, now, this.deps.config);
        await releaseOtherIntents(tx, listingId, buyers[0]!, now);
        await appendAudit(tx, { ...audit, action: "listing.awarded", data: { buyer: buyers[0]!, price: l.price.toString() } }, now);
        await tell(tx, [buyers[0]!, l.organisationId], l, "listing_awarded", now);
        return "awarded" as const;
      }
      if (buyers.length === 0) {
        await tx.update(listings).set({ status: "unsold", updatedAt: now }).where(eq(listings.id, listingId));
        await releaseOtherIntents(tx, listingId, null, now);
        await appendAudit(tx, { ...audit, action: "listing.unsold", data: { reason: "no_confirmed_buyer" } }, now);
        await tell(tx, [l.organisationId], l, "listing_unsold", now);
        return "unsold" as const;
      }
      // Two or more: an English auction among exactly these buyers, starting at the posted price.
      const closesAt = new Date(l.opensAt.getTime() + CONVERTED_AUCTION_MS);
      const terms = { ...(l.terms as Record<string, unknown>), startPrice: Number(l.price), opensAt: l.opensAt.toISOString(), closesAt: closesAt.toISOString(), convertedFrom: "listed_transfer", eligibleBidders: buyers };
      await tx.update(listings).set({ mode: "english_auction", status: "open", closesAt, terms, updatedAt: now }).where(eq(listings.id, listingId));
      for (const intent of confirmed) await carryIntentToAuction(tx, intent, l.currency);
      await releaseOtherIntents(tx, listingId, null, now);
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
