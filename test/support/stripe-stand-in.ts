import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local stand-in for the Stripe endpoints we call, started by the tests and spoken to by the real SDK
 * (host/port/protocol): PaymentIntents create / retrieve / capture / cancel with their states, refunds, and
 * Stripe's idempotency (same key and body → the stored answer; same key, other body → an error). Every state
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

export class StripeStandIn {
  readonly intents = new Map<string, Intent>();
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

  /** The cardholder confirms with Stripe.js: a manual-capture intent is then held (automatic: paid). */
  authorise(intentId: string): boolean {
    const intent = this.intents.get(intentId);
    if (!intent || !["requires_payment_method", "requires_confirmation"].includes(intent.status)) return false;
    if (intent.capture_method === "manual") this.move(intent, "requires_capture", { amount_capturable: intent.amount }, "payment_intent.amount_capturable_updated");
    else this.move(intent, "succeeded", { amount_received: intent.amount }, "payment_intent.succeeded");
    return true;
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
