import Stripe from "stripe";
import type { StripeConfig } from "../config";

/** Pinned: a Stripe account upgrade never changes what our code receives. Moving it is a deliberate change with its tests. */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

/** What we need of a PaymentIntent, whatever told us (an API answer, a webhook, the reconciliation). */
export type IntentState = { id: string; status: Stripe.PaymentIntent.Status; amount: number; amountReceived: number; clientSecret: string | null; metadata: Record<string, string> };

/** What we need of a Stripe refund, from the API's answer or a webhook. */
export type RefundState = { id: string; status: string | null; amount: number; metadata: Record<string, string>; failureReason: string | null };

/**
 * The card port: the only module that talks to Stripe. Every write carries an idempotency key derived from our
 * own ids, so a retry (ours, the SDK's, a job's after a crash) reaches Stripe as the same request.
 */
export class StripeGateway {
  private readonly stripe: Stripe;

  constructor(readonly config: StripeConfig) {
    this.stripe = new Stripe(config.secretKey, { apiVersion: STRIPE_API_VERSION, host: config.host, port: config.port, protocol: config.protocol, maxNetworkRetries: 2, telemetry: false });
  }

  /** A hold on the card (manual capture): the cardholder confirms it with Stripe.js using the client secret. */
  async createHold(paymentId: string, amount: bigint, currency: string, metadata: Record<string, string>): Promise<IntentState> {
    const intent = await this.stripe.paymentIntents.create(
      { amount: Number(amount), currency: currency.toLowerCase(), capture_method: "manual", metadata: { ...metadata, paymentId } },
      { idempotencyKey: `payment-${paymentId}-create` },
    );
    return stateOf(intent);
  }

  async retrieve(intentId: string): Promise<IntentState> {
    return stateOf(await this.stripe.paymentIntents.retrieve(intentId));
  }

  async capture(paymentId: string, intentId: string): Promise<IntentState> {
    return stateOf(await this.stripe.paymentIntents.capture(intentId, {}, { idempotencyKey: `payment-${paymentId}-capture` }));
  }

  async cancel(paymentId: string, intentId: string): Promise<IntentState> {
    return stateOf(await this.stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey: `payment-${paymentId}-cancel` }));
  }

  /** Gives card money back (part of a captured PaymentIntent); the key from our refund's id makes a retry the same refund. */
  async refund(refundId: string, intentId: string, amount: bigint): Promise<RefundState> {
    return refundStateOf(await this.stripe.refunds.create({ payment_intent: intentId, amount: Number(amount), metadata: { refundId } }, { idempotencyKey: `refund-${refundId}-create` }));
  }

  async retrieveRefund(refundId: string): Promise<RefundState> {
    return refundStateOf(await this.stripe.refunds.retrieve(refundId));
  }

  /** Verifies the signature on the raw body (and that it is recent); throws on anything else. */
  verifyWebhook(rawBody: Buffer, signature: string, secret: string): Stripe.Event {
    return this.stripe.webhooks.constructEvent(rawBody, signature, secret);
  }
}

export function stateOf(intent: Stripe.PaymentIntent): IntentState {
  return { id: intent.id, status: intent.status, amount: intent.amount, amountReceived: intent.amount_received, clientSecret: intent.client_secret, metadata: intent.metadata };
}

export function stripeGateway(config: StripeConfig | null): StripeGateway | null {
  return config ? new StripeGateway(config) : null;
}

export function refundStateOf(refund: Stripe.Refund): RefundState {
  return { id: refund.id, status: refund.status, amount: refund.amount, metadata: refund.metadata ?? {}, failureReason: refund.failure_reason ?? null };
}
