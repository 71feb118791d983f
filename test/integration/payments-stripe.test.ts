import { eq, inArray } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, journalEntries, lotDeposits, lots, payments, stripeEvents } from "../../db/schema";
import { enqueueJob } from "../../server/jobs/runner";
import { captureDeposit } from "../../server/services/payments/deposit-money";
import { type Bidder, insertAuction, verifiedBidders } from "../support/lots";
import { connect, emitAck } from "../support/sockets";
import { shuffled } from "../support/shuffle";
import { STAND_IN_SECRET_KEY, StripeStandIn } from "../support/stripe-stand-in";
import { type TestServer, startTestServer } from "../support/test-server";
import { TEST_PASSWORD } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { api } from "../support/visitor";

/**
 * Card deposits through the real Stripe SDK against the local stand-in: holds, captures and cancellations applied
 * exactly once whatever the webhooks' order and repetitions, forged, stale or future-dated webhooks refused, a lost reply
 * retried harmlessly, the reconciliation catching what webhooks missed, renewals, and releases at the close.
 */
let server: TestServer;
let standIn: StripeStandIn;
let bidders: Bidder[];
const db = () => server.db.db;

const paymentById = async (id: string) => (await db().select().from(payments).where(eq(payments.id, id)))[0]!;
const depositOf = async (id: string) => (await db().select().from(lotDeposits).where(eq(lotDeposits.id, id)))[0]!;
const kindsOf = async (paymentId: string) => (await db().select({ kind: journalEntries.kind }).from(journalEntries).where(eq(journalEntries.paymentId, paymentId))).map((e) => e.kind).sort();
const eventsOf = (intentId: string) => standIn.events.filter((e) => (JSON.parse(e.payload) as { data: { object: { id: string } } }).data.object.id === intentId);
/** The SDK as another Stripe client would use it: to move intents without our server knowing. */
const stripe = () => new Stripe(STAND_IN_SECRET_KEY, { host: "127.0.0.1", port: standIn.port, protocol: "http" });

/** A bidder registers by card on an open auction: the registration, its payment and the PaymentIntent. */
async function byCard(bidder: Bidder, lotId?: string) {
  const id = lotId ?? (await insertAuction(db(), { endsInMs: 10 * 60_000 })).id;
  const reply = await api(server.origin, "POST", `/lots/${id}/deposits/card`, { token: bidder.token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  expect(reply.body!.clientSecret).toMatch(/^pi_\w+_secret_/);
  const paymentId = reply.body!.registration.payment.id as string;
  const intentId = (await paymentById(paymentId)).stripePaymentIntentId!;
  return { lotId: id, depositId: reply.body!.registration.id as string, paymentId, intentId };
}

beforeAll(async () => {
  standIn = await new StripeStandIn().start();
  server = await startTestServer(standIn.env());
  standIn.webhookUrl = `${server.origin}/webhooks/stripe`;
  bidders = await verifiedBidders(server.origin, 4, "card");
});
afterAll(async () => {
  await server?.stop();
  await standIn?.stop();
});

describe("card deposits", () => {
  it("a hold confirms the registration; at the close the loser's hold is cancelled; the winner's is captured when applied", async () => {
    standIn.autoDeliver = true;
    const { id: lotId } = await insertAuction(db(), { endsInMs: 8_000 });
    const [a, b] = [await byCard(bidders[0]!, lotId), await byCard(bidders[1]!, lotId)];
    expect(await paymentById(a.paymentId)).toMatchObject({ purpose: "deposit", method: "card", status: "pending", amount: 100_000n });
    expect((await depositOf(a.depositId)).status).toBe("requested");
    // Every write carried an idempotency key derived from our payment's id.
    const creates = standIn.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents");
    expect(creates.map((r) => r.idempotencyKey)).toEqual(expect.arrayContaining([`payment-${a.paymentId}-create`, `payment-${b.paymentId}-create`]));

    standIn.authorise(a.intentId);
    standIn.authorise(b.intentId);
    await expect.poll(async () => [(await depositOf(a.depositId)).status, (await depositOf(b.depositId)).status], { timeout: 5_000 }).toEqual(["confirmed", "confirmed"]);
    const heldA = await paymentById(a.paymentId);
    expect(heldA.status).toBe("held");
    expect(heldA.holdExpiresAt!.getTime() - heldA.createdAt.getTime()).toBe(7 * 86_400_000);
    expect(await kindsOf(a.paymentId)).toEqual(["card_hold"]);

    const socket = await connect(server.origin, { token: bidders[0]!.token });
    await emitAck(socket, "lot:join", { lotId });
    expect(await emitAck(socket, "bid:place", { lotId, amount: 1_000_000, clientBidId: "card-1" })).toMatchObject({ ok: true });
    socket.close();
    await expect.poll(async () => (await db().select().from(lots).where(eq(lots.listingId, lotId)))[0]?.closedAt ?? null, { timeout: 20_000 }).not.toBeNull();
    // The loser's hold is cancelled at Stripe after the close commits (a job), then posted once.
    await expect.poll(async () => (await paymentById(b.paymentId)).status, { timeout: 10_000 }).toBe("canceled");
    expect(standIn.intents.get(b.intentId)!.status).toBe("canceled");
    expect(await kindsOf(b.paymentId)).toEqual(["card_hold", "card_hold_cancelled"]);
    expect((await depositOf(b.depositId)).status).toBe("released");

    // The award's settlement applies the winner's deposit: captured at Stripe, posted once (the answer and the webhook both report it).
    await expect.poll(async () => (await paymentById(a.paymentId)).status, { timeout: 10_000 }).toBe("succeeded");
    expect((await depositOf(a.depositId)).status).toBe("applied");
    // Capturing again (a retried award, a second path) changes nothing.
    expect(await db().transaction((tx) => captureDeposit(tx, a.depositId, new Date()))).toEqual({ amount: 100_000n, currency: "CNY", method: "card" });
    expect(standIn.intents.get(a.intentId)!.status).toBe("succeeded");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await kindsOf(a.paymentId)).toEqual(["card_captured", "card_hold"]);
    expect((await paymentById(a.paymentId)).received).toBe(100_000n);
  });

  it("every webhook of a full flow delivered three times in shuffled order, and two copies at once: each effect exactly once", async () => {
    standIn.autoDeliver = false;
    const won = await byCard(bidders[2]!);
    const lost = await byCard(bidders[3]!);
    for (const flow of [won, lost]) standIn.authorise(flow.intentId);
    await stripe().paymentIntents.capture(won.intentId);
    await stripe().paymentIntents.cancel(lost.intentId);
    const events = [...eventsOf(won.intentId), ...eventsOf(lost.intentId)];
    expect(events.map((e) => e.type).sort()).toEqual(["payment_intent.amount_capturable_updated", "payment_intent.amount_capturable_updated", "payment_intent.canceled", "payment_intent.created", "payment_intent.created", "payment_intent.succeeded"]);

    const copies = await Promise.all(events.flatMap((e) => [standIn.deliver(e), standIn.deliver(e)]));
    expect(copies.every((s) => s === 200)).toBe(true);
    for (const e of shuffled([...events, ...events, ...events], 20_260_101)) expect(await standIn.deliver(e)).toBe(200);

    expect(await paymentById(won.paymentId)).toMatchObject({ status: "succeeded", received: 100_000n });
    expect(await kindsOf(won.paymentId)).toEqual(["card_captured", "card_hold"]);
    expect(await paymentById(lost.paymentId)).toMatchObject({ status: "canceled" });
    // Whichever came first decides whether the hold was ever booked: both entries once, or neither (a cancellation seen first).
    expect([[], ["card_hold", "card_hold_cancelled"]]).toContainEqual(await kindsOf(lost.paymentId));
    expect((await depositOf(won.depositId)).status).toBe("confirmed");
    expect((await depositOf(lost.depositId)).status).toBe("released");
    expect(await db().select().from(stripeEvents).where(inArray(stripeEvents.id, events.map((e) => e.id)))).toHaveLength(events.length);
    const confirmations = await db().select().from(auditEvents).where(eq(auditEvents.action, "deposit.confirmed"));
    expect(confirmations.filter((c) => (c.data as { depositId: string }).depositId === won.depositId)).toHaveLength(1);
  });

  it("a capture reported before the hold posts both steps; the late hold event then changes nothing", async () => {
    standIn.autoDeliver = false;
    const flow = await byCard(bidders[0]!);
    standIn.authorise(flow.intentId);
    await stripe().paymentIntents.capture(flow.intentId);
    const [held, succeeded] = ["payment_intent.amount_capturable_updated", "payment_intent.succeeded"].map((type) => eventsOf(flow.intentId).find((e) => e.type === type)!);
    expect(await standIn.deliver(succeeded!)).toBe(200);
    expect(await kindsOf(flow.paymentId)).toEqual(["card_captured", "card_hold"]);
    expect((await depositOf(flow.depositId)).status).toBe("confirmed");
    expect(await standIn.deliver(held!)).toBe(200);
    expect(await paymentById(flow.paymentId)).toMatchObject({ status: "succeeded" });
    expect(await kindsOf(flow.paymentId)).toEqual(["card_captured", "card_hold"]);

    // A cancellation seen before its hold: nothing was ever booked, the registration is released, the late hold changes nothing.
    const cancelled = await byCard(bidders[1]!);
    standIn.authorise(cancelled.intentId);
    await stripe().paymentIntents.cancel(cancelled.intentId);
    const byType = (type: string) => eventsOf(cancelled.intentId).find((e) => e.type === type)!;
    expect(await standIn.deliver(byType("payment_intent.canceled"))).toBe(200);
    expect(await standIn.deliver(byType("payment_intent.amount_capturable_updated"))).toBe(200);
    expect(await paymentById(cancelled.paymentId)).toMatchObject({ status: "canceled" });
    expect(await kindsOf(cancelled.paymentId)).toEqual([]);
    expect((await depositOf(cancelled.depositId)).status).toBe("released");
  });

  it("a bad signature, a stale or future timestamp and a tampered body are refused with no effect; the genuine event then applies", async () => {
    standIn.autoDeliver = false;
    const flow = await byCard(bidders[1]!);
    standIn.authorise(flow.intentId);
    const event = eventsOf(flow.intentId).find((e) => e.type === "payment_intent.amount_capturable_updated")!;
    const tampered = event.payload.replace('"amount":100000', '"amount":1');
    expect(tampered).not.toBe(event.payload);
    expect(await standIn.deliver(event, { secret: "whsec_not_ours" })).toBe(400);
    expect(await standIn.deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3_600 })).toBe(400);
    // The SDK refuses only old timestamps: one signed an hour ahead would stay replayable until then.
    expect(await standIn.deliver(event, { timestamp: Math.floor(Date.now() / 1000) + 3_600 })).toBe(400);
    expect(await standIn.deliver(event, { payload: tampered })).toBe(400);
    const unsigned = await fetch(standIn.webhookUrl!, { method: "POST", headers: { "content-type": "application/json" }, body: event.payload });
    expect(unsigned.status).toBe(400);
    expect(await db().select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toHaveLength(0);
    expect(await paymentById(flow.paymentId)).toMatchObject({ status: "pending" });
    expect(await kindsOf(flow.paymentId)).toEqual([]);
    expect(await standIn.deliver(event)).toBe(200);
    expect(await paymentById(flow.paymentId)).toMatchObject({ status: "held" });
  });

  it("a crash between commit and reply: Stripe retries the event it saw fail, and nothing is applied twice", async () => {
    standIn.autoDeliver = false;
    const flow = await byCard(bidders[2]!);
    standIn.authorise(flow.intentId);
    const event = eventsOf(flow.intentId).find((e) => e.type === "payment_intent.amount_capturable_updated")!;
    // The reply is lost: the connection is cut as soon as the request is sent; the effect may already be committed.
    const cut = new AbortController();
    const lost = standIn.deliver(event, { signal: cut.signal }).catch(() => "lost");
    await expect.poll(async () => (await db().select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).length, { timeout: 5_000 }).toBe(1);
    cut.abort();
    await lost;
    expect(await standIn.deliver(event)).toBe(200);
    expect(await standIn.deliver(event)).toBe(200);
    expect(await kindsOf(flow.paymentId)).toEqual(["card_hold"]);
    expect(await paymentById(flow.paymentId)).toMatchObject({ status: "held" });
  });

  it("the reconciliation applies what the webhooks missed: a hold, then its lapse", async () => {
    standIn.autoDeliver = false;
    const flow = await byCard(bidders[3]!);
    standIn.authorise(flow.intentId);
    await enqueueJob(db(), { kind: "payment:reconcile", runAt: new Date(), dedupeKey: `test-reconcile-${flow.paymentId}` });
    await expect.poll(async () => (await paymentById(flow.paymentId)).status, { timeout: 10_000 }).toBe("held");
    expect((await depositOf(flow.depositId)).status).toBe("confirmed");
    standIn.expire(flow.intentId);
    await enqueueJob(db(), { kind: "payment:reconcile", runAt: new Date(), dedupeKey: `test-reconcile-${flow.paymentId}-2` });
    await expect.poll(async () => (await paymentById(flow.paymentId)).status, { timeout: 10_000 }).toBe("canceled");
    expect((await depositOf(flow.depositId)).status).toBe("released");
    expect(await kindsOf(flow.paymentId)).toEqual(["card_hold", "card_hold_cancelled"]);
  });

  it("a hold that would lapse before the close is renewed: a new PaymentIntent, and the old hold is cancelled once the new one stands", async () => {
    standIn.autoDeliver = true;
    const { id: lotId } = await insertAuction(db(), { endsInMs: 10 * 86_400_000 });
    const flow = await byCard(bidders[0]!, lotId);
    standIn.authorise(flow.intentId);
    await expect.poll(async () => (await paymentById(flow.paymentId)).status, { timeout: 5_000 }).toBe("held");
    const mine = await api(server.origin, "GET", `/lots/${lotId}/deposits/mine`, { token: bidders[0]!.token });
    expect(Date.parse(mine.body!.registration.payment.holdExpiresAt)).toBeLessThan(Date.now() + 10 * 86_400_000);
    expect((await api(server.origin, "POST", `/payments/${flow.paymentId}/renew-hold`, { token: bidders[1]!.token })).status).toBe(404);
    const renewed = await api(server.origin, "POST", `/payments/${flow.paymentId}/renew-hold`, { token: bidders[0]!.token });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    const next = renewed.body!.paymentId as string;
    expect(next).not.toBe(flow.paymentId);
    standIn.authorise(renewed.body!.intentId as string);
    await expect.poll(async () => [(await paymentById(next)).status, (await paymentById(flow.paymentId)).status], { timeout: 10_000 }).toEqual(["held", "canceled"]);
    expect((await depositOf(flow.depositId)).status).toBe("confirmed");
    expect(await kindsOf(flow.paymentId)).toEqual(["card_hold", "card_hold_cancelled"]);
    expect(await kindsOf(next)).toEqual(["card_hold"]);
  });

  it("the register-to-bid tab offers the card next to the transfer, then Stripe's form for the pending hold (Stripe.js allowed by the CSP)", async () => {
    const { id: lotId } = await insertAuction(db(), { endsInMs: 10 * 60_000 });
    const visitor = await signedInVisitor(server.origin, bidders[3]!.email, "zh", TEST_PASSWORD);
    const tab = `/listings/${lotId}/offers`;
    const before = await pageText(visitor, tab);
    expect(before).toContain("或以银行卡预授权缴纳保证金");
    expect(before).toContain('value="request-card-deposit"');
    const chosen = await visitor.post(tab, { intent: "request-card-deposit" });
    expect([chosen.status, chosen.headers.get("location")]).toEqual([302, `${tab}?done=registered`]);
    const response = await visitor.get(tab);
    expect(response.headers.get("content-security-policy")).toContain("https://js.stripe.com");
    const after = await response.text();
    expect(after).toContain("完成银行卡预授权");
    expect(after).toContain("pk_test_standin");
    expect(after).toMatch(/pi_\w+_secret_/);
  });

  it("the stand-in keeps Stripe's idempotency: the same key and body answer the stored result; another body is refused", async () => {
    const key = `test-${Date.now()}`;
    const first = await stripe().paymentIntents.create({ amount: 500, currency: "cny", capture_method: "manual" }, { idempotencyKey: key });
    const again = await stripe().paymentIntents.create({ amount: 500, currency: "cny", capture_method: "manual" }, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    await expect(stripe().paymentIntents.create({ amount: 600, currency: "cny", capture_method: "manual" }, { idempotencyKey: key })).rejects.toThrow(/same parameters/);
  });
});
