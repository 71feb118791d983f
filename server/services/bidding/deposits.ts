import { eq } from "drizzle-orm";
import { lotDeposits } from "../../../db/schema";
import { checkBidder } from "../../domain/bidding/eligibility";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { lockListing } from "../listings/offers/common";
import { bidderFacts } from "./bidder-facts";
import type { PaymentService } from "../payments/service";
import { requestPayment } from "../payments/requests";
import { insertWithCode } from "./deposits-code";
import { currentPayments, markDepositConfirmed } from "./deposits-confirm";
import { checkRegistrationOpen } from "./deposits-lot";
import { PriorityRights } from "./deposits-priority";
import { creditClaim, lotBidders, myRegistration, pendingLotDeposits, registrationViews } from "./deposits-views";

/**
 * Registration to bid on English auctions and tenders: a deposit (a payment: by bank transfer, received when
 * an operator records it, or a card hold), or the applicant creditor's credit bid; each with a bidder code.
 * Who may register is decided by `checkBidder` itself: everything but the missing deposit must already pass.
 */
export class DepositService {
  readonly priorityRights: PriorityRights;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly payments: PaymentService,
  ) {
    this.priorityRights = new PriorityRights(deps);
  }

  /** Requests a registration and its deposit's payment (idempotent: a second request answers the same registration). */
  async request(principal: Principal, lotId: string, method: "bank_transfer" | "card" = "bank_transfer") {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const checked = await checkRegistrationOpen(tx, await lockListing(tx, lotId), now);
      if (!checked.ok) return checked;
      const l = checked.listing;
      const verdict = checkBidder(await bidderFacts(tx, principal, l), 0n);
      if (!verdict.ok && verdict.code !== "NO_DEPOSIT") return fail(verdict.code);
      const terms = l.terms as { deposit?: number; eligibleBidders?: string[] };
      const org = principal.organisation.id;
      // A listed transfer turned auction is fought among the buyers who qualified for it, nobody else.
      if (terms.eligibleBidders && !terms.eligibleBidders.includes(org)) return fail("NOT_AMONG_BIDDERS");
      const amount = BigInt(Number(terms.deposit ?? 0));
      const { row, created } = await insertWithCode(tx, { listingId: l.id, organisationId: org, method, status: "requested", amount, currency: l.currency, requestedBy: principal.user.id, requestedAt: now });
      if (created) {
        await requestPayment(tx, { payerOrganisationId: org, purpose: "deposit", method, lotDepositId: row.id, currency: l.currency, amount }, now);
        await appendAudit(tx, { action: "deposit.requested", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: l.id, data: { depositId: row.id, amount: amount.toString(), method } }, now);
      }
      return ok({ registration: (await registrationViews(tx, [row]))[0]!, created });
    });
  }

  /**
   * Registers to bid by card: the registration and its payment commit first, then the hold is created at Stripe
   * (idempotently: a retry finds the same PaymentIntent). The client secret is for Stripe.js on the page.
   */
  async requestByCard(principal: Principal, lotId: string) {
    if (!this.payments.card) return fail("CARD_UNAVAILABLE");
    const requested = await this.request(principal, lotId, "card");
    if (!requested.ok) return requested;
    const payment = requested.registration.payment;
    if (requested.registration.method !== "card" || payment?.status !== "pending") return ok({ ...requested, clientSecret: null });
    const intent = await this.payments.card.ensureIntent(payment.id);
    return ok({ ...requested, clientSecret: intent.ok ? intent.clientSecret : null });
  }

  /**
   * An operator confirms a bank-transfer deposit from the queue: a receipt for what is still due, under a serial
   * of our own, recorded like any other, so the deposit is confirmed by the money and the ledger has it.
   */
  async confirm(principal: Principal, depositId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [found] = await tx.select({ listingId: lotDeposits.listingId }).from(lotDeposits).where(eq(lotDeposits.id, depositId));
      if (!found) return fail("NOT_FOUND");
      // The listing first, as everywhere: a registration and its confirmation never interleave.
      const checked = await checkRegistrationOpen(tx, await lockListing(tx, found.listingId), now);
      const [deposit] = await tx.select().from(lotDeposits).where(eq(lotDeposits.id, depositId)).for("update");
      if (deposit!.status !== "requested") return fail("DEPOSIT_ALREADY_CONFIRMED", { status: deposit!.status });
      if (!checked.ok) return checked;
      const payment = (await currentPayments(tx, [depositId])).get(depositId);
      if (payment && payment.method !== "bank_transfer") return fail("WRONG_METHOD", { method: payment.method });
      if (payment) await this.payments.receiveDueInTx(tx, payment, principal.user.id, now);
      await tx.update(lotDeposits).set({ confirmedBy: principal.user.id }).where(eq(lotDeposits.id, depositId));
      await markDepositConfirmed(tx, depositId, principal.user.id, now);
      const [row] = await tx.select().from(lotDeposits).where(eq(lotDeposits.id, depositId));
      return ok({ registration: (await registrationViews(tx, [row!]))[0]! });
    });
  }

  /**
   * The applicant creditor (the seller of a judicial listing from its disposal case) registers to bid
   * without a deposit, up to its claim: a confirmed credit-bid registration whose cap is that claim.
   */
  async registerCreditBid(principal: Principal, lotId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const l = await lockListing(tx, lotId);
      if (l?.organisationId !== principal.organisation.id) return fail("NOT_FOUND");
      const checked = await checkRegistrationOpen(tx, l, now);
      if (!checked.ok) return checked;
      if (principal.organisation.verification !== "verified") return fail("NOT_VERIFIED");
      const claim = await creditClaim(tx, principal, l);
      if (claim === null) return fail("CREDIT_BID_NOT_ALLOWED", { preset: l.preset });
      const org = principal.organisation.id;
      const { row, created } = await insertWithCode(tx, {
        listingId: l.id,
        organisationId: org,
        method: "credit_bid",
        status: "confirmed",
        amount: 0n,
        creditCap: claim,
        currency: l.currency,
        requestedBy: principal.user.id,
        requestedAt: now,
        confirmedBy: principal.user.id,
        confirmedAt: now,
      });
      if (created) await appendAudit(tx, { action: "deposit.credit_bid_registered", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: l.id, data: { depositId: row.id, creditCap: claim.toString() } }, now);
      return ok({ registration: (await registrationViews(tx, [row]))[0]!, created });
    });
  }

  mine(principal: Principal, lotId: string) {
    return myRegistration(this.deps.db, principal, lotId);
  }

  bidders(principal: Principal, lotId: string) {
    return lotBidders(this.deps.db, principal, lotId);
  }

  /** The operator's queue of lot deposits awaiting a bank transfer's confirmation. */
  pending() {
    return pendingLotDeposits(this.deps.db);
  }
}
