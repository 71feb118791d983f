import Stripe from "stripe";
import type { StripeConfig } from "../config";
import { toSafeNumber } from "../domain/money";

/** Pinned: a Stripe account upgrade never changes what our code receives. Moving it is a deliberate change with its tests. */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

/** What we need of a PaymentIntent, whatever told us (an API answer, a webhook, the reconciliation). */
export type IntentState = { id: string; status: Stripe.PaymentIntent.Status; amount: number; amountReceived: number; clientSecret: string | null; metadata: Record<string, string> };
/** A connected account as far as payouts care: it can receive transfers once Stripe has activated them. */
export type ConnectedAccountState = { id: string; payoutsEnabled: boolean };
/** A Connect transfer to a party's account; `reversed` once all of it came back. */
export type TransferState = { id: string; amount: number; currency: string; destination: string; reversed: boolean; metadata: Record<string, string> };

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
  createHold(paymentId: string, amount: bigint, currency: string, metadata: Record<string, string>): Promise<IntentState> {
    return this.create(paymentId, amount, currency, metadata, "manual");
  }

  /** A payment taken at once (automatic capture: a settlement's balance, a royalty); the payer confirms it with Stripe.js. */
  createCharge(paymentId: string, amount: bigint, currency: string, metadata: Record<string, string>): Promise<IntentState> {
    return this.create(paymentId, amount, currency, metadata, "automatic");
  }

  private async create(paymentId: string, amount: bigint, currency: string, metadata: Record<string, string>, capture: "manual" | "automatic"): Promise<IntentState> {
    const intent = await this.stripe.paymentIntents.create(
      { amount: toSafeNumber(amount), currency: currency.toLowerCase(), capture_method: capture, metadata: { ...metadata, paymentId } },
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

  /** The organisation's Express account, created once: the key is its id, so a retry after a crash finds the same account. */
  async createConnectedAccount(organisationId: string): Promise<ConnectedAccountState> {
    const account = await this.stripe.accounts.create(
      { type: "express", capabilities: { transfers: { requested: true } }, metadata: { organisationId } },
      { idempotencyKey: `organisation-${organisationId}-connect-account` },
    );
    return accountStateOf(account);
  }

  async retrieveAccount(accountId: string): Promise<ConnectedAccountState> {
    return accountStateOf(await this.stripe.accounts.retrieve(accountId));
  }

  /** A single-use link into Stripe's hosted onboarding; each visit needs a fresh one, so no idempotency key (a stored answer would be a spent link). */
  async onboardingLink(accountId: string, refreshUrl: string, returnUrl: string): Promise<string> {
    const link = await this.stripe.accountLinks.create({ account: accountId, type: "account_onboarding", refresh_url: refreshUrl, return_url: returnUrl });
    return link.url;
  }

  /** Moves a payout to the party's account. The key names the payout and the attempt: the same attempt retried is the same transfer. */
  async createTransfer(payoutKey: string, attempt: number, t: { amount: bigint; currency: string; destination: string; transferGroup: string; metadata: Record<string, string> }): Promise<TransferState> {
    const transfer = await this.stripe.transfers.create(
      { amount: toSafeNumber(t.amount), currency: t.currency.toLowerCase(), destination: t.destination, transfer_group: t.transferGroup, metadata: t.metadata },
      { idempotencyKey: `payout-${payoutKey}-transfer-${attempt}` },
    );
    return transferStateOf(transfer);
  }

  async retrieveTransfer(transferId: string): Promise<TransferState> {
    return transferStateOf(await this.stripe.transfers.retrieve(transferId));
  }

  /** Gives card money back (part of a captured PaymentIntent); the key from our refund's id makes a retry the same refund. */
  async refund(refundId: string, intentId: string, amount: bigint): Promise<RefundState> {
    return refundStateOf(await this.stripe.refunds.create({ payment_intent: intentId, amount: toSafeNumber(amount), metadata: { refundId } }, { idempotencyKey: `refund-${refundId}-create` }));
  }

  async retrieveRefund(refundId: string): Promise<RefundState> {
    return refundStateOf(await this.stripe.refunds.retrieve(refundId));
  }

  /**
   * Verifies the signature on the raw body (and that it is recent) with the endpoint's secret, or the Connect endpoint's;
   * throws on anything else. The SDK refuses only timestamps older than its tolerance; one dated further ahead than
   * that is refused here too, or a signature obtained now would stay replayable until that future time.
   */
  verifyWebhook(rawBody: Buffer, signature: string, secret: string): Stripe.Event {
    const tolerance = this.stripe.webhooks.DEFAULT_TOLERANCE;
    const signedAt = signedAtOf(signature);
    if (signedAt === null || signedAt - Math.floor(Date.now() / 1000) > tolerance) throw new Error("webhook timestamp missing or beyond the tolerance in the future");
    try {
      return this.stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch (error) {
      if (!this.config.connectWebhookSecret) throw error;
      return this.stripe.webhooks.constructEvent(rawBody, signature, this.config.connectWebhookSecret);
    }
  }
}

/** The `t=` of a `Stripe-Signature` header in seconds, read as the SDK reads it (the last one counts), or null. */
function signedAtOf(header: string): number | null {
  const stamps = header.split(",").filter((item) => item.startsWith("t="));
  const t = Number(stamps.at(-1)?.slice(2));
  return stamps.length > 0 && Number.isSafeInteger(t) ? t : null;
}

export function stateOf(intent: Stripe.PaymentIntent): IntentState {
  return { id: intent.id, status: intent.status, amount: intent.amount, amountReceived: intent.amount_received, clientSecret: intent.client_secret, metadata: intent.metadata };
}

export function accountStateOf(account: Stripe.Account): ConnectedAccountState {
  return { id: account.id, payoutsEnabled: account.payouts_enabled === true && account.capabilities?.transfers === "active" };
}

export function transferStateOf(transfer: Stripe.Transfer): TransferState {
  const destination = typeof transfer.destination === "string" ? transfer.destination : (transfer.destination?.id ?? "");
  return { id: transfer.id, amount: transfer.amount, currency: transfer.currency, destination, reversed: transfer.reversed, metadata: transfer.metadata };
}

/**
 * Stripe refused the request itself (a 4xx it will refuse again: an account that cannot receive transfers, a
 * permission): the attempt failed for good. Anything else (no answer, a 5xx, a rate limit, a key reused with other
 * parameters) may have moved money: the same attempt is retried later with the same key.
 */
export function isRefusal(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError && ["StripeInvalidRequestError", "StripePermissionError", "StripeCardError"].includes(error.type);
}

export function stripeGateway(config: StripeConfig | null): StripeGateway | null {
  return config ? new StripeGateway(config) : null;
}

export function refundStateOf(refund: Stripe.Refund): RefundState {
  return { id: refund.id, status: refund.status, amount: refund.amount, metadata: refund.metadata ?? {}, failureReason: refund.failure_reason ?? null };
}
