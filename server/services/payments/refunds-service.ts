import { eq } from "drizzle-orm";
import { refunds } from "../../../db/schema";
import { fail } from "../../domain/result";
import type { RecordRefundInput } from "../../domain/schemas/refunds";
import type Stripe from "stripe";
import { type StripeGateway, refundStateOf } from "../../payments/stripe-client";
import type { CardPayments } from "./card";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { applyStripeRefund, pendingCardRefund, pendingCardRefunds, recordBankRefund, requestCardRefund } from "./refunds";
import { type OwedClaim, type RefundRow, owedClaims, recordedRefunds } from "./refunds-owed";

export function refundView(r: RefundRow) {
  const { id, source, method, status, paymentId, bankReceiptId, settlementId, organisationId, payeeName, currency, amount, bankSerial, stripeRefundId, failureMessage, createdAt, paidAt } = r;
  return { id, source, method, status, paymentId, bankReceiptId, settlementId, organisationId, payeeName, currency, amount, bankSerial, stripeRefundId, failureMessage, createdAt, paidAt };
}

export function claimView(c: OwedClaim) {
  return { ...c, cardRefundable: c.cardPaymentId !== null };
}

/**
 * Money owed back and its refunds: what each payer is owed (over-payments, a defaulted sale's part-payments) and
 * unmatched receipts in suspense; refunds recorded by bank transfer (paid at once) or asked of Stripe for card
 * money (paid when Stripe says so, by its answer, a webhook or the retrying job — whichever comes first).
 */
export class RefundService {
  private readonly gateway: StripeGateway | null;

  constructor(
    private readonly deps: ServiceDeps,
    card: CardPayments | null,
  ) {
    this.gateway = card?.gateway ?? null;
    card?.onEvent("refund", (tx, event, now) => applyStripeRefund(tx, refundStateOf(event.data.object as Stripe.Refund), now));
  }

  /** Everything owed and every refund recorded, for operators. */
  async overview() {
    const [owed, recorded] = await Promise.all([owedClaims(this.deps.db), recordedRefunds(this.deps.db, null)]);
    return { owed: owed.map(claimView), refunds: recorded.map(refundView) };
  }

  /** The caller's organisation's: what it is owed back and its refunds. */
  async mine(principal: Principal) {
    const organisationId = principal.organisation.id;
    const [owed, recorded] = await Promise.all([owedClaims(this.deps.db, { organisationId }), recordedRefunds(this.deps.db, organisationId)]);
    return { owed: owed.map(claimView), refunds: recorded.map(refundView) };
  }

  async record(principal: Principal, input: RecordRefundInput) {
    const actor = { userId: principal.user.id, organisationId: principal.organisation.id };
    const now = this.deps.now();
    if (input.method === "bank_transfer") return this.deps.db.transaction((tx) => recordBankRefund(tx, input, actor, now));
    if (!this.gateway) return fail("CARD_UNAVAILABLE");
    const requested = await this.deps.db.transaction((tx) => requestCardRefund(tx, input, actor, now));
    if (!requested.ok) return requested;
    try {
      await this.sendCardRefund(requested.refund.id);
    } catch (error) {
      // The job asks again with the same idempotency key: the refund stays pending, still spoken for.
      this.deps.log.warn({ err: error, refundId: requested.refund.id }, "card refund not yet accepted by Stripe");
    }
    const [settled] = await this.deps.db.select().from(refunds).where(eq(refunds.id, requested.refund.id));
    return { ...requested, refund: settled! };
  }

  /** Asks Stripe for a pending card refund (idempotent by our refund's id) and applies its answer. */
  async sendCardRefund(refundId: string): Promise<boolean> {
    const pending = await pendingCardRefund(this.deps.db, refundId);
    if (!pending || !this.gateway) return false;
    const state = await this.gateway.refund(pending.refund.id, pending.intentId, pending.refund.amount);
    return this.deps.db.transaction((tx) => applyStripeRefund(tx, state, this.deps.now()));
  }

  /**
   * Re-reads every card refund still pending and applies what the webhooks missed; one Stripe never saw (or whose
   * answer was lost) is asked again with the same idempotency key. Answers how many changed.
   */
  async reconcile() {
    let applied = 0;
    for (const { id, stripeRefundId } of await pendingCardRefunds(this.deps.db)) {
      if (!this.gateway) break;
      if (!stripeRefundId) {
        if (await this.sendCardRefund(id)) applied++;
      } else {
        const state = await this.gateway.retrieveRefund(stripeRefundId);
        if (await this.deps.db.transaction((tx) => applyStripeRefund(tx, state, this.deps.now()))) applied++;
      }
    }
    return { applied };
  }
}
