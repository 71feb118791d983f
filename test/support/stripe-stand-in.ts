import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local stand-in for the Stripe endpoints we call, started by the tests and spoken to by the real SDK
 * (host/port/protocol): PaymentIntents create / retrieve / capture / cancel with their states, refunds, Connect
 * (Express accounts, onboarding links, transfers and their reversal), and Stripe's idempotency (same key and body → the stored answer; same key, other body → an error). Every state
 * change emits an event, signed as Stripe signs it, delivered to `webhookUrl` unless `autoDeliver` is off.
 */
export type StandInEvent = { id: string; type: string; payload: string };
type Intent = Record<string, unknown> & { id: string; status: string; amount: number; amount_received: number; amount_capturable: number; capture_method: string; metadata: Record<string, string> };

export const STAND_IN_SECRET_KEY = "sk_test_standin";
export const STAND_IN_WEBHOOK_SECRET = "whsec_standin_secret";

const signer = new Stripe(STAND_IN_SECRET_KEY);

/** Form bodies as the SDK sends them (`metadata[paymentId]=…`), into a flat-enough object. */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const nested = key.match(/^(\w+)\[(\w+)\]$/);
    if (nested) out[nested[1]!] = { ...((out[nested[1]!] as Record<string, string>) ?? {}), [nested[2]!]: value };
    else out[key] = value;
  }
  return out;
}

type Account = Record<string, unknown> & { id: string; payouts_enabled: boolean; capabilities: { transfers: string } };
type Transfer = Record<string, unknown> & { id: string; amount: number; amount_reversed: number; reversed: boolean; destination: string };

export class StripeStandIn {
  readonly intents = new Map<string, Intent>();
  readonly accounts = new Map<string, Account>();
  readonly transfers = new Map<string, Transfer>();
  readonly refunds = new Map<string, Record<string, unknown> & { id: string; status: string; amount: number; payment_intent: string; metadata: Record<string, string> }>();
  /** What a new refund answers: Stripe settles most at once, some (bank-backed cards) later. */
  refundStatus: "succeeded" | "pending" = "succeeded";
  readonly events: StandInEvent[] = [];
  readonly requests: { method: string; path: string; idempotencyKey: string | null }[] = [];
  webhookUrl: string | null = null;
  autoDeliver = true;
  private readonly idempotent = new Map<string, { body: string; status: number; answer: string }>();
  private server: http.Server | null = null;
  private counter = 0;
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => void this.handle(req, body, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop() {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The server's environment to talk to this stand-in. */
  env(): Record<string, string> {
    return { STRIPE_SECRET_KEY: STAND_IN_SECRET_KEY, STRIPE_PUBLISHABLE_KEY: "pk_test_standin", STRIPE_WEBHOOK_SECRET: STAND_IN_WEBHOOK_SECRET, STRIPE_API_HOST: "127.0.0.1", STRIPE_API_PORT: String(this.port), STRIPE_API_PROTOCOL: "http" };
  }

  private id(prefix: string) {
    return `${prefix}_${(++this.counter).toString().padStart(6, "0")}${crypto.randomBytes(4).toString("hex")}`;
  }

  private async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    this.requests.push({ method: req.method!, path: req.url!, idempotencyKey: key });
    const reply = (status: number, answer: string) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": this.id("req"), ...(key ? { "idempotency-key": key } : {}) });
      res.end(answer);
    };
    if (req.headers.authorization !== `Bearer ${STAND_IN_SECRET_KEY}`) return reply(401, JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API key" } }));
    if (req.method === "POST" && key) {
      const stored = this.idempotent.get(key);
      if (stored && stored.body !== `${req.url} ${body}`) {
        return reply(400, JSON.stringify({ error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters they were first used with." } }));
      }
      if (stored) return reply(stored.status, stored.answer);
    }
    const [status, answer] = this.route(req.method!, req.url!.split("?")[0]!, parseForm(body));
    const text = JSON.stringify(answer);
    if (req.method === "POST" && key) this.idempotent.set(key, { body: `${req.url} ${body}`, status, answer: text });
    reply(status, text);
  }

  private route(method: string, path: string, params: Record<string, unknown>): [number, unknown] {
    const error = (status: number, code: string, message: string) => [status, { error: { type: "invalid_request_error", code, message } }] as [number, unknown];
    if (method === "POST" && path === "/v1/payment_intents") return [200, this.create(params)];
    const connect = this.connectRoute(method, path, params);
    if (connect) return connect;
    if (method === "POST" && path === "/v1/refunds") {
      const intent = this.intents.get(String(params.payment_intent));
      if (intent?.status !== "succeeded") return error(400, "charge_not_refundable", "This PaymentIntent has no successful charge to refund.");
      const refunded = [...this.refunds.values()].filter((r) => r.payment_intent === intent.id && r.status !== "failed").reduce((sum, r) => sum + r.amount, 0);
      const amount = Number(params.amount ?? intent.amount_received - refunded);
      if (amount > intent.amount_received - refunded) return error(400, "amount_too_large", "Refund amount is greater than unrefunded amount on charge.");
      const refund = { id: this.id("re"), object: "refund", payment_intent: intent.id, amount, status: this.refundStatus, currency: intent.currency, metadata: (params.metadata as Record<string, string>) ?? {}, failure_reason: null as string | null };
      this.refunds.set(refund.id, refund);
      this.emit("refund.created", refund);
      return [200, refund];
    }
    const refundMatch = path.match(/^\/v1\/refunds\/(\w+)$/);
    if (method === "GET" && refundMatch) return this.refunds.has(refundMatch[1]!) ? [200, this.refunds.get(refundMatch[1]!)] : error(404, "resource_missing", "No such refund");
    const match = path.match(/^\/v1\/payment_intents\/([\w]+)(?:\/(capture|cancel))?$/);
    const intent = match ? this.intents.get(match[1]!) : undefined;
    if (!intent) return error(404, "resource_missing", "No such payment_intent");
    const action = match![2];
    if (method === "GET" && !action) return [200, intent];
    if (action === "capture") {
      if (intent.status !== "requires_capture") return error(400, "payment_intent_unexpected_state", `This PaymentIntent could not be captured because it has a status of ${intent.status}.`);
      this.move(intent, "succeeded", { amount_received: intent.amount, amount_capturable: 0 }, "payment_intent.succeeded");
      return [200, intent];
    }
    if (action === "cancel") {
      if (intent.status === "succeeded" || intent.status === "canceled") return error(400, "payment_intent_unexpected_state", `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`);
      this.move(intent, "canceled", { amount_capturable: 0, cancellation_reason: "requested_by_customer" }, "payment_intent.canceled");
      return [200, intent];
    }
    return error(404, "resource_missing", "Unrecognized request URL");
  }

  private create(params: Record<string, unknown>): Intent {
    const id = this.id("pi");
    const intent: Intent = {
      id,
      object: "payment_intent",
      amount: Number(params.amount),
      amount_received: 0,
      amount_capturable: 0,
      currency: String(params.currency),
      capture_method: String(params.capture_method ?? "automatic"),
      client_secret: `${id}_secret_${crypto.randomBytes(8).toString("hex")}`,
      created: Math.floor(Date.now() / 1000),
      metadata: (params.metadata as Record<string, string>) ?? {},
      status: params.payment_method ? "requires_confirmation" : "requires_payment_method",
      livemode: false,
    };
    this.intents.set(id, intent);
    this.emit("payment_intent.created", intent);
    return intent;
  }

  /** Connect: Express accounts, onboarding links, transfers (refused to an account that cannot receive them). */
  private connectRoute(method: string, path: string, params: Record<string, unknown>): [number, unknown] | null {
    const error = (status: number, code: string, message: string) => [status, { error: { type: "invalid_request_error", code, message } }] as [number, unknown];
    if (method === "POST" && path === "/v1/accounts") {
      const account: Account = { id: this.id("acct"), object: "account", type: String(params.type), details_submitted: false, charges_enabled: false, payouts_enabled: false, capabilities: { transfers: "inactive" }, metadata: (params.metadata as Record<string, string>) ?? {}, created: Math.floor(Date.now() / 1000) };
      this.accounts.set(account.id, account);
      return [200, account];
    }
    if (method === "POST" && path === "/v1/account_links") {
      if (!this.accounts.has(String(params.account))) return error(400, "resource_missing", `No such account: '${String(params.account)}'`);
      if (!params.return_url || !params.refresh_url) return error(400, "parameter_missing", "Missing required param: return_url or refresh_url.");
      const expires = Math.floor(Date.now() / 1000) + 300;
      return [200, { object: "account_link", url: `https://connect.stripe.test/setup/e/${String(params.account)}/${crypto.randomBytes(6).toString("hex")}`, created: expires - 300, expires_at: expires, return_url: params.return_url, refresh_url: params.refresh_url }];
    }
    if (method === "POST" && path === "/v1/transfers") {
      const destination = this.accounts.get(String(params.destination));
      if (!destination) return error(400, "resource_missing", `No such destination: '${String(params.destination)}'`);
      if (destination.capabilities.transfers !== "active") return error(400, "insufficient_capabilities_for_transfer", "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments");
      const transfer: Transfer = { id: this.id("tr"), object: "transfer", amount: Number(params.amount), amount_reversed: 0, reversed: false, currency: String(params.currency), destination: destination.id, transfer_group: params.transfer_group ?? null, metadata: (params.metadata as Record<string, string>) ?? {}, created: Math.floor(Date.now() / 1000), livemode: false };
      this.transfers.set(transfer.id, transfer);
      this.emit("transfer.created", transfer);
      return [200, transfer];
    }
    const account = path.match(/^\/v1\/accounts\/(\w+)$/);
    if (method === "GET" && account) return this.accounts.has(account[1]!) ? [200, this.accounts.get(account[1]!)] : error(404, "resource_missing", "No such account");
    const transfer = path.match(/^\/v1\/transfers\/(\w+)$/);
    if (method === "GET" && transfer) return this.transfers.has(transfer[1]!) ? [200, this.transfers.get(transfer[1]!)] : error(404, "resource_missing", "No such transfer");
    return null;
  }

  /** The account holder finishes Stripe's onboarding: transfers and payouts are enabled, and `account.updated` is sent. */
  onboard(accountId: string) {
    const account = this.accounts.get(accountId)!;
    Object.assign(account, { details_submitted: true, charges_enabled: true, payouts_enabled: true, capabilities: { transfers: "active" } });
    this.emit("account.updated", account);
  }

  /** Stripe restricts an account (a verification it now needs): it can no longer receive transfers. */
  restrict(accountId: string) {
    const account = this.accounts.get(accountId)!;
    Object.assign(account, { payouts_enabled: false, capabilities: { transfers: "inactive" } });
    this.emit("account.updated", account);
  }

  /** The platform takes a transfer back (from its dashboard): all of it, announced by `transfer.reversed`. */
  reverseTransfer(transferId: string) {
    const transfer = this.transfers.get(transferId)!;
    Object.assign(transfer, { amount_reversed: transfer.amount, reversed: true });
    this.emit("transfer.reversed", transfer);
  }

  /** The cardholder confirms with Stripe.js: a manual-capture intent is then held (automatic: paid). */
  authorise(intentId: string): boolean {
    const intent = this.intents.get(intentId);
    if (!intent || !["requires_payment_method", "requires_confirmation"].includes(intent.status)) return false;
    if (intent.capture_method === "manual") this.move(intent, "requires_capture", { amount_capturable: intent.amount }, "payment_intent.amount_capturable_updated");
    else this.move(intent, "succeeded", { amount_received: intent.amount }, "payment_intent.succeeded");
    return true;
  }

  /** The card is declined: the intent asks for another payment method (the same client secret may be confirmed again). */
  decline(intentId: string) {
    const intent = this.intents.get(intentId)!;
    this.move(intent, "requires_payment_method", { last_payment_error: { code: "card_declined", message: "Your card was declined." } }, "payment_intent.payment_failed");
  }

  /** Stripe finishes a pending refund: the money reached the card, or it could not (the card closed). */
  settleRefund(refundId: string, status: "succeeded" | "failed") {
    const refund = this.refunds.get(refundId)!;
    Object.assign(refund, { status, failure_reason: status === "failed" ? "expired_or_canceled_card" : null });
    this.emit("refund.updated", refund);
  }

  /** Stripe lets an uncaptured authorisation lapse after about 7 days: the intent is cancelled. */
  expire(intentId: string) {
    const intent = this.intents.get(intentId)!;
    this.move(intent, "canceled", { amount_capturable: 0, cancellation_reason: "automatic" }, "payment_intent.canceled");
  }

  private move(intent: Intent, status: string, changes: Record<string, unknown>, eventType: string) {
    Object.assign(intent, changes, { status });
    this.emit(eventType, intent);
  }

  private emit(type: string, object: unknown) {
    const event = { id: this.id("evt"), object: "event", api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), type, livemode: false, pending_webhooks: 1, data: { object: structuredClone(object) } };
    const recorded = { id: event.id, type, payload: JSON.stringify(event) };
    this.events.push(recorded);
    if (this.autoDeliver && this.webhookUrl) void this.deliver(recorded).catch(() => undefined);
  }

  /** Signs and posts an event as Stripe would (a `timestamp` in the past makes it stale); answers the HTTP status. */
  async deliver(event: StandInEvent, options: { timestamp?: number; secret?: string; payload?: string; signal?: AbortSignal } = {}): Promise<number> {
    const signature = signer.webhooks.generateTestHeaderString({ payload: event.payload, secret: options.secret ?? STAND_IN_WEBHOOK_SECRET, timestamp: options.timestamp });
    const response = await fetch(this.webhookUrl!, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: options.payload ?? event.payload, signal: options.signal });
    return response.status;
  }
}
