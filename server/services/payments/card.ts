import { and, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type Stripe from "stripe";
import type { DbOrTx } from "../../../db/client";
import { payments, stripeEvents } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import { enqueueJob } from "../../jobs/runner";
import { type IntentState, type StripeGateway, refundStateOf, stateOf } from "../../payments/stripe-client";
import type { ServiceDeps } from "../context";
import { advanceCardDeposit } from "./deposit-money";
import { type ReceivedHandlers, lockPayment, receive } from "./received";
import { applyStripeRefund } from "./refunds";

/** Which of our states a PaymentIntent's status means; the others (awaiting the card, processing) change nothing yet. */
const TARGET: Partial<Record<Stripe.PaymentIntent.Status, "held" | "succeeded" | "canceled">> = { requires_capture: "held", succeeded: "succeeded", canceled: "canceled" };

/**
 * Card payments through Stripe: holds created after the registration commits, their states applied exactly once
 * whoever reports them first (the API's answer, a webhook, the reconciliation), each webhook recorded by its
 * event id in the same transaction as its effect.
 */
export class CardPayments {
  constructor(
    private readonly deps: ServiceDeps,
    readonly gateway: StripeGateway,
    private readonly handlers: ReceivedHandlers,
  ) {}

  /** Creates (or finds again) the PaymentIntent of a pending card payment; answers the client secret Stripe.js confirms with. */
  async ensureIntent(paymentId: string) {
    const [p] = await this.deps.db.select().from(payments).where(eq(payments.id, paymentId));
    if (!p || p.method !== "card") return fail("NOT_FOUND");
    if (p.stripePaymentIntentId) {
      const state = await this.gateway.retrieve(p.stripePaymentIntentId);
      return ok({ paymentId, intentId: state.id, clientSecret: state.clientSecret });
    }
    const created = await this.gateway.createHold(p.id, p.amount, p.currency, { purpose: p.purpose, reference: p.reference });
    await this.deps.db.update(payments).set({ stripePaymentIntentId: created.id, updatedAt: this.deps.now() }).where(and(eq(payments.id, p.id), eq(payments.status, "pending")));
    return ok({ paymentId, intentId: created.id, clientSecret: created.clientSecret });
  }

  /** Applies what Stripe says of an intent to our payment, in the caller's transaction. */
  async applyIntent(tx: DbOrTx, state: IntentState, now: Date): Promise<boolean> {
    const target = TARGET[state.status];
    const [found] = await tx.select({ id: payments.id }).from(payments).where(state.metadata.paymentId ? eq(payments.id, state.metadata.paymentId) : eq(payments.stripePaymentIntentId, state.id));
    if (!target || !found) return false;
    const p = await lockPayment(tx, found.id);
    if (!p || p.method !== "card" || (p.stripePaymentIntentId && p.stripePaymentIntentId !== state.id)) return false;
    if (!p.stripePaymentIntentId) await tx.update(payments).set({ stripePaymentIntentId: state.id }).where(eq(payments.id, p.id));
    if (p.purpose === "deposit") {
      const changed = await advanceCardDeposit(tx, p, target, BigInt(state.amountReceived), now);
      if (changed && target === "held" && p.lotDepositId) await this.cancelEarlierHolds(tx, p.id, p.lotDepositId, now);
      return changed;
    }
    // Other purposes are captured at once: the money is in when the intent succeeds.
    if (target !== "succeeded" || p.status !== "pending") return false;
    await receive(tx, this.handlers, p, BigInt(state.amountReceived), now);
    return true;
  }

  /** A renewed hold stands: the holds it replaces are cancelled at Stripe (after commit, by a job). */
  private async cancelEarlierHolds(tx: DbOrTx, paymentId: string, lotDepositId: string, now: Date) {
    const earlier = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.lotDepositId, lotDepositId), eq(payments.status, "held"), ne(payments.id, paymentId)));
    for (const e of earlier) await enqueueJob(tx, { kind: "payment:cancel-hold", payload: { paymentId: e.id }, runAt: now, dedupeKey: `payment:cancel-hold:${e.id}` });
  }

  /**
   * A webhook: the signature checked on the raw body (and its age), then the event recorded by id and its effect
   * applied in one transaction. A duplicate finds its row and does nothing; a crash before commit leaves neither.
   */
  async webhook(rawBody: Buffer, signature: string | undefined) {
    const secret = this.gateway.config.webhookSecret;
    if (!secret || !signature) return fail("INVALID_SIGNATURE");
    let event: Stripe.Event;
    try {
      event = this.gateway.verifyWebhook(rawBody, signature, secret);
    } catch {
      return fail("INVALID_SIGNATURE");
    }
    const now = this.deps.now();
    const object = event.data.object as { id?: string; object?: string };
    const applied = await this.deps.db.transaction(async (tx) => {
      const [recorded] = await tx.insert(stripeEvents).values({ id: event.id, type: event.type, objectId: object.id ?? "", receivedAt: now }).onConflictDoNothing().returning();
      if (!recorded) return "duplicate" as const;
      if (object.object === "refund") return (await applyStripeRefund(tx, refundStateOf(event.data.object as Stripe.Refund), now)) ? ("applied" as const) : ("ignored" as const);
      if (object.object !== "payment_intent") return "ignored" as const;
      return (await this.applyIntent(tx, stateOf(event.data.object as Stripe.PaymentIntent), now)) ? ("applied" as const) : ("ignored" as const);
    });
    return ok({ eventId: event.id, outcome: applied });
  }

  /** Cancels a hold at Stripe (a released deposit, a replaced hold) and applies the answer at once. */
  async cancel(paymentId: string) {
    return this.act(paymentId, (p, intentId) => this.gateway.cancel(p, intentId));
  }

  /** Captures a hold (a winner's deposit applied to the price) and applies the answer at once. */
  async capture(paymentId: string) {
    return this.act(paymentId, (p, intentId) => this.gateway.capture(p, intentId));
  }

  private async act(paymentId: string, call: (paymentId: string, intentId: string) => Promise<IntentState>) {
    const [p] = await this.deps.db.select().from(payments).where(eq(payments.id, paymentId));
    if (!p?.stripePaymentIntentId || !["pending", "held"].includes(p.status)) return;
    const state = await call(p.id, p.stripePaymentIntentId);
    await this.deps.db.transaction((tx) => this.applyIntent(tx, state, this.deps.now()));
  }

  /** Re-reads every card payment Stripe may have moved (pending or held) and applies what the webhooks missed. */
  async reconcile() {
    const open = await this.deps.db
      .select({ id: payments.stripePaymentIntentId })
      .from(payments)
      .where(and(eq(payments.method, "card"), inArray(payments.status, ["pending", "held"]), isNotNull(payments.stripePaymentIntentId)));
    let applied = 0;
    for (const { id } of open) {
      const state = await this.gateway.retrieve(id!);
      if (await this.deps.db.transaction((tx) => this.applyIntent(tx, state, this.deps.now()))) applied++;
    }
    return { checked: open.length, applied };
  }
}
