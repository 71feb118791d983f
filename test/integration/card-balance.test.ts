import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributions, journalEntries, journalLines, licenceAgreements, licenceApplications, listings, payments, settlements } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { reportRoyalty } from "../../server/services/recoveries/royalties";
import { openSettlement } from "../../server/services/settlements/open";
import { type Bidder, insertAuction, verifiedBidders } from "../support/lots";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { StripeStandIn } from "../support/stripe-stand-in";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";
import { expectBooksBalanced } from "../support/money-model";

/**
 * A settlement's balance and a royalty paid by card (a PaymentIntent charged at once) beside the bank transfer,
 * through the real Stripe SDK against the local stand-in: applied once whoever reports it (webhooks repeated and
 * shuffled, the page's answer, the reconciliation), whichever money arrives first paying and any later money owed
 * back, a declined card retried, and no card offered without a key.
 */
let server: TestServer;
let bare: TestServer;
let standIn: StripeStandIn;
let services: Services;
let operator: string;
let buyer: Bidder;
let stranger: Bidder;
const db = () => server.db.db;
let serial = 0;

const settlementOf = async (id: string) => (await db().select().from(settlements).where(eq(settlements.id, id)))[0]!;
const paymentById = async (id: string) => (await db().select().from(payments).where(eq(payments.id, id)))[0]!;
const balancePayments = (settlementId: string) => db().select().from(payments).where(and(eq(payments.settlementId, settlementId), eq(payments.purpose, "balance")));
const bankPayment = async (settlementId: string) => (await balancePayments(settlementId)).find((p) => p.method === "bank_transfer")!;
const saleDistributions = (settlementId: string) => db().select().from(distributions).where(and(eq(distributions.settlementId, settlementId), eq(distributions.source, "sale")));
const eventsOf = (intentId: string) => standIn.events.filter((e) => (JSON.parse(e.payload) as { data: { object: { id: string } } }).data.object.id === intentId);

/** A sale awarded to `buyerId` at `price` (no deposit): its settlement awaits the whole balance. */
async function sale(on: TestServer, buyerId: string, price: bigint) {
  const { id } = await insertAuction(on.db.db, { endsInMs: 60_000 });
  const [l] = await on.db.db.select().from(listings).where(eq(listings.id, id));
  return on.db.db.transaction((tx) => openSettlement(tx, { listing: l!, buyerOrganisationId: buyerId, price, awardId: null }, { platformFeeBps: 100 }, new Date()));
}

/** The operator records a bank transfer quoting the reference. */
async function transfer(reference: string, amount: bigint) {
  const reply = await api(server.origin, "POST", "/operator/bank-receipts", { token: operator, body: { currency: "CNY", payerName: "Buyer", receivedOn: "2026-11-27", bankSerial: `CARDBAL-${Date.now()}-${++serial}`, amount: Number(amount), reference } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
}

async function payByCard(settlementId: string, token = buyer.token) {
  return api(server.origin, "POST", `/settlements/${settlementId}/card-payment`, { token, body: {} });
}

async function refundsDue(organisationId: string) {
  const [row] = await db()
    .select({ sum: sql<string>`coalesce(sum(${journalLines.amount}), 0)` })
    .from(journalLines)
    .where(and(eq(journalLines.account, "refunds_due"), eq(journalLines.organisationId, organisationId)));
  return -BigInt(row!.sum);
}

beforeAll(async () => {
  standIn = await new StripeStandIn().start();
  [server, bare] = await Promise.all([startTestServer(standIn.env()), startTestServer()]);
  standIn.webhookUrl = `${server.origin}/webhooks/stripe`;
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent", ...standIn.env() });
  services = buildServices({ db: db(), config, bus: new EventBus(), log: createLogger("silent"), now: () => new Date() });
  operator = await demoToken(server.origin, "operator@demo.ipx.example");
  [buyer, stranger] = (await verifiedBidders(server.origin, 2, "cardbal")) as [Bidder, Bidder];
});
afterAll(async () => {
  await Promise.all([server?.stop(), bare?.stop()]);
  await standIn?.stop();
});

describe("a settlement's balance by card", () => {
  it("is charged once and distributed once, whoever reports it: the page's answer, webhooks three times shuffled, the reconciliation", async () => {
    standIn.autoDeliver = false;
    const s = await sale(server, buyer.organisationId, 500_000n);
    const started = await payByCard(s.id);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({ amount: Number(s.balanceDue), currency: "CNY", publishableKey: "pk_test_standin", clientSecret: expect.stringMatching(/^pi_\w+_secret_/) });
    // Asked again: the same card payment, never a second one for the balance.
    expect((await payByCard(s.id)).body!.paymentId).toBe(started.body!.paymentId);
    const card = await paymentById(started.body!.paymentId as string);
    expect(card).toMatchObject({ purpose: "balance", method: "card", status: "pending", amount: s.balanceDue });
    expect(standIn.intents.get(card.stripePaymentIntentId!)).toMatchObject({ capture_method: "automatic", amount: Number(s.balanceDue) });
    expect(standIn.requests.filter((r) => r.path === "/v1/payment_intents" && r.method === "POST").map((r) => r.idempotencyKey)).toContain(`payment-${card.id}-create`);

    standIn.authorise(card.stripePaymentIntentId!);
    // The page, after Stripe.js confirmed, asks the server to apply the outcome now.
    const visitor = await signedInVisitor(server.origin, buyer.email, "en", TEST_PASSWORD);
    const csrf = await visitor.csrfToken(`/settlements/${s.id}`);
    const answered = await visitor.post(`/card-pay/settlement/${s.id}`, { intent: "confirmed", paymentId: card.id }, { csrf });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ status: "succeeded" });
    // Every event three times: rotated, reversed, rotated again (created, succeeded in any order).
    const events = eventsOf(card.stripePaymentIntentId!);
    for (const order of [[...events.slice(1), events[0]!], [...events].reverse(), events]) for (const event of order) expect(await standIn.deliver(event)).toBe(200);
    expect(await services.payments.card!.reconcile()).toMatchObject({ applied: 0 });

    expect(await settlementOf(s.id)).toMatchObject({ status: "paid" });
    expect(await paymentById(card.id)).toMatchObject({ status: "succeeded", received: s.balanceDue });
    expect(await saleDistributions(s.id)).toHaveLength(1);
    const received = await db().select().from(journalEntries).where(and(eq(journalEntries.settlementId, s.id), eq(journalEntries.kind, "balance_received")));
    expect(received).toHaveLength(1);
    // The bank-transfer request closed unpaid: a transfer arriving now would be owed back.
    expect(await bankPayment(s.id)).toMatchObject({ status: "canceled", amount: 0n });
    expect((await payByCard(s.id)).body!.error.code).toBe("WRONG_STATUS");
    await expectBooksBalanced(db());
  });

  it("a short transfer withdraws the card payment asked before it; the remainder is paid by a new one", async () => {
    standIn.autoDeliver = true;
    const s = await sale(server, buyer.organisationId, 300_000n);
    const first = await paymentById((await payByCard(s.id)).body!.paymentId as string);
    expect(first.amount).toBe(s.balanceDue);
    await transfer((await bankPayment(s.id)).reference, 100_000n);
    // The card payment asked for more than is owed now: withdrawn, its intent cancelled at Stripe by a job.
    expect(await paymentById(first.id)).toMatchObject({ status: "canceled" });
    await expect.poll(() => standIn.intents.get(first.stripePaymentIntentId!)!.status, { timeout: 5_000 }).toBe("canceled");
    expect(await settlementOf(s.id)).toMatchObject({ status: "awaiting_payment" });

    const second = await payByCard(s.id);
    expect(second.body).toMatchObject({ amount: Number(s.balanceDue - 100_000n) });
    expect(second.body!.paymentId).not.toBe(first.id);
    standIn.authorise((await paymentById(second.body!.paymentId as string)).stripePaymentIntentId!);
    await expect.poll(async () => (await settlementOf(s.id)).status, { timeout: 5_000 }).toBe("paid");
    expect(await bankPayment(s.id)).toMatchObject({ status: "succeeded", amount: 100_000n, received: 100_000n });
    const [d] = await saleDistributions(s.id);
    expect(d!.amount).toBe(300_000n);
    expect(await saleDistributions(s.id)).toHaveLength(1);
    await expectBooksBalanced(db());
  });

  it("a card charge that gets through after a transfer paid the balance is owed back, and shown", async () => {
    standIn.autoDeliver = false;
    const s = await sale(server, buyer.organisationId, 200_000n);
    const card = await paymentById((await payByCard(s.id)).body!.paymentId as string);
    const owedBackBefore = await refundsDue(buyer.organisationId);
    // The cardholder confirms while the transfer is on its way; Stripe's word reaches us only after the transfer.
    standIn.authorise(card.stripePaymentIntentId!);
    await transfer((await bankPayment(s.id)).reference, s.balanceDue);
    expect(await settlementOf(s.id)).toMatchObject({ status: "paid" });
    // The withdrawal job finds the intent charged (it cannot be cancelled) and books the money as owed back; the webhooks then change nothing.
    await expect.poll(async () => (await paymentById(card.id)).status, { timeout: 5_000 }).toBe("succeeded");
    for (let round = 0; round < 3; round++) for (const event of eventsOf(card.stripePaymentIntentId!).reverse()) expect(await standIn.deliver(event)).toBe(200);
    expect(await paymentById(card.id)).toMatchObject({ status: "succeeded", amount: 0n, received: s.balanceDue });
    expect(await refundsDue(buyer.organisationId)).toBe(owedBackBefore + s.balanceDue);
    expect(await saleDistributions(s.id)).toHaveLength(1);

    const view = await api(server.origin, "GET", `/settlements/${s.id}`, { token: buyer.token });
    expect(view.body).toMatchObject({ status: "paid", overpaid: Number(s.balanceDue) });
    const page = await pageText(await signedInVisitor(server.origin, buyer.email, "en", TEST_PASSWORD), `/settlements/${s.id}`);
    expect(page).toContain("arrived beyond what was owed");
    await expectBooksBalanced(db());
  });

  it("a declined card leaves the settlement awaiting payment with its bank reference; the buyer tries again, and again after Stripe cancels", async () => {
    standIn.autoDeliver = true;
    const s = await sale(server, buyer.organisationId, 150_000n);
    const reference = (await bankPayment(s.id)).reference;
    const first = await payByCard(s.id);
    const card = await paymentById(first.body!.paymentId as string);
    standIn.decline(card.stripePaymentIntentId!);
    await expect.poll(() => eventsOf(card.stripePaymentIntentId!).some((e) => e.type === "payment_intent.payment_failed")).toBe(true);
    await services.payments.card!.reconcile();
    expect(await settlementOf(s.id)).toMatchObject({ status: "awaiting_payment" });
    expect(await paymentById(card.id)).toMatchObject({ status: "pending" });
    const visitor = await signedInVisitor(server.origin, buyer.email, "en", TEST_PASSWORD);
    expect(await pageText(visitor, `/settlements/${s.id}`)).toContain(reference);
    // The same intent takes another card.
    expect((await payByCard(s.id)).body).toMatchObject({ paymentId: card.id, clientSecret: first.body!.clientSecret });

    standIn.expire(card.stripePaymentIntentId!);
    await expect.poll(async () => (await paymentById(card.id)).status, { timeout: 5_000 }).toBe("canceled");
    expect(await settlementOf(s.id)).toMatchObject({ status: "awaiting_payment" });
    const retry = await payByCard(s.id);
    expect(retry.body!.paymentId).not.toBe(card.id);
    standIn.authorise((await paymentById(retry.body!.paymentId as string)).stripePaymentIntentId!);
    await expect.poll(async () => (await settlementOf(s.id)).status, { timeout: 5_000 }).toBe("paid");
    expect(await saleDistributions(s.id)).toHaveLength(1);
    await expectBooksBalanced(db());
  });

  it("only the buyer may pay: the seller and strangers are told the settlement does not exist", async () => {
    const s = await sale(server, buyer.organisationId, 120_000n);
    expect((await payByCard(s.id, stranger.token)).status).toBe(404);
    const seller = await demoToken(server.origin, "bank@demo.ipx.example");
    expect((await payByCard(s.id, seller)).status).toBe(404);
    const visitor = await signedInVisitor(server.origin, stranger.email, "en", TEST_PASSWORD);
    expect(await (await visitor.get(`/card-pay/settlement/${s.id}`)).json()).toEqual({ offer: null });
    expect((await visitor.post(`/card-pay/settlement/${s.id}`, { intent: "start" }, { csrf: await visitor.csrfToken("/") })).status).toBe(404);
    expect(await balancePayments(s.id)).toHaveLength(1);
  });
});

describe("a royalty by card", () => {
  it("the licensee pays the rest of a royalty by card after a short transfer: paid once in full, run through the waterfall", async () => {
    standIn.autoDeliver = true;
    const { id: listingId } = await insertAuction(db(), { endsInMs: 60_000 });
    const now = new Date();
    const [application] = await db().insert(licenceApplications).values({ listingId, applicantOrganisationId: buyer.organisationId, kind: "apply", terms: {}, status: "accepted", createdAt: now }).returning();
    const [agreement] = await db().insert(licenceAgreements).values({ listingId, applicationId: application!.id, licenseeOrganisationId: buyer.organisationId, kind: "exclusive", terms: { royaltyBps: 500 }, startsOn: "2026-01-01", createdAt: now }).returning();
    const { report, payment } = await db().transaction((tx) => reportRoyalty(tx, { licenceAgreementId: agreement!.id, periodStart: "2026-01-01", periodEnd: "2026-06-30", netSales: 2_000_000n, reportedBy: null }, now));
    const path = `/licence-agreements/${agreement!.id}/royalty-reports/${report.id}/card-payment`;
    expect((await api(server.origin, "POST", path, { token: stranger.token })).status).toBe(404);
    expect((await api(server.origin, "POST", `/licence-agreements/${listingId}/royalty-reports/${report.id}/card-payment`, { token: buyer.token })).status).toBe(404);

    await transfer(payment!.reference, 40_000n);
    const started = await api(server.origin, "POST", path, { token: buyer.token });
    expect(started.body, JSON.stringify(started.body)).toMatchObject({ amount: 60_000, currency: "CNY" });
    standIn.authorise((await paymentById(started.body!.paymentId as string)).stripePaymentIntentId!);
    await expect.poll(async () => (await paymentById(started.body!.paymentId as string)).status, { timeout: 5_000 }).toBe("succeeded");
    const paid = await db().select().from(distributions).where(and(eq(distributions.paymentId, started.body!.paymentId as string), eq(distributions.source, "royalty")));
    expect(paid.map((d) => d.amount)).toEqual([100_000n]);
    expect(await paymentById(payment!.id)).toMatchObject({ status: "succeeded", amount: 40_000n, received: 40_000n });
    const listed = await api(server.origin, "GET", `/licence-agreements/${agreement!.id}/royalty-reports`, { token: buyer.token });
    expect(listed.body).toMatchObject({ reports: [{ payment: { reference: payment!.reference, status: "succeeded", received: 100_000 } }] });
    expect((await api(server.origin, "POST", path, { token: buyer.token })).body!.error.code).toBe("WRONG_STATUS");
    expect(await pageText(await signedInVisitor(server.origin, buyer.email, "en", TEST_PASSWORD), `/licences/${agreement!.id}`)).toContain(payment!.reference);
    await expectBooksBalanced(db());
  });
});

describe("without a Stripe key", () => {
  it("no card is offered: the API answers CARD_UNAVAILABLE and the page's card form has nothing to show", async () => {
    const [someone] = await verifiedBidders(bare.origin, 1, "nocard");
    const s = await sale(bare, someone!.organisationId, 100_000n);
    const reply = await api(bare.origin, "POST", `/settlements/${s.id}/card-payment`, { token: someone!.token });
    expect(reply.status).toBe(409);
    expect(reply.body!.error.code).toBe("CARD_UNAVAILABLE");
    const visitor = await signedInVisitor(bare.origin, someone!.email, "en", TEST_PASSWORD);
    expect(await (await visitor.get(`/card-pay/settlement/${s.id}`)).json()).toEqual({ offer: null });
    const page = await pageText(visitor, `/settlements/${s.id}`);
    expect(page).toContain((await bare.db.db.select().from(payments).where(eq(payments.settlementId, s.id)))[0]!.reference);
    expect(await bare.db.db.select().from(payments).where(eq(payments.settlementId, s.id))).toHaveLength(1);
  });

  it("with a key, the buyer is offered the card for what is owed", async () => {
    const s = await sale(server, buyer.organisationId, 110_000n);
    const visitor = await signedInVisitor(server.origin, buyer.email, "en", TEST_PASSWORD);
    expect(await (await visitor.get(`/card-pay/settlement/${s.id}`)).json()).toEqual({ offer: { publishableKey: "pk_test_standin", amount: Number(s.balanceDue), currency: "CNY" } });
  });
});
