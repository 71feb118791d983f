import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankReceipts, journalEntries, journalLines, listings, notifications, payments, refunds, settlements } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { requestPayment } from "../../server/services/payments/requests";
import { type Bidder, confirmDeposit, insertAuction, verifiedBidders } from "../support/lots";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { STAND_IN_SECRET_KEY, StripeStandIn } from "../support/stripe-stand-in";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";
import { expectBooksBalanced } from "../support/money-model";

/**
 * Money owed back, paid back once: over-payments and a defaulted sale's part-payments refunded by bank transfer
 * (once per bank serial) or to the card they came from (through the real SDK against the stand-in, webhooks
 * duplicated), unmatched receipts held in suspense until assigned or returned; never more than owed; the books
 * balanced after each. Deadlines run on the same services with a clock the test moves.
 */
let server: TestServer;
let standIn: StripeStandIn;
let services: Services;
let clock = new Date();
let operator: string;
let bidders: Bidder[];
const db = () => server.db.db;
const today = new Date().toISOString().slice(0, 10);
let serial = 0;
const nextSerial = (prefix = "IN") => `${prefix}-${Date.now()}-${++serial}`;
const stripe = () => new Stripe(STAND_IN_SECRET_KEY, { host: "127.0.0.1", port: standIn.port, protocol: "http" });

const receipt = (body: Record<string, unknown>) => api(server.origin, "POST", "/operator/bank-receipts", { token: operator, body: { currency: "CNY", payerName: "Payer", receivedOn: today, ...body } });
const refund = (body: Record<string, unknown>, token = operator) => api(server.origin, "POST", "/operator/refunds", { token, body });
const refundRows = async () => db().select().from(refunds);

/** An account's balance in the ledger, for one organisation (refunds_due) or one receipt (suspense). */
async function balance(account: "refunds_due" | "suspense", where: { organisationId?: string; bankReceiptId?: string }) {
  const [row] = await db()
    .select({ sum: sql<string>`coalesce(sum(${journalLines.amount}), 0)` })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalLines.account, account), where.organisationId ? eq(journalLines.organisationId, where.organisationId) : undefined, where.bankReceiptId ? eq(journalEntries.bankReceiptId, where.bankReceiptId) : undefined));
  return BigInt(row!.sum);
}

type Owed = { source: string; paymentId: string | null; settlementId: string | null; bankReceiptId: string | null; owed: number; cardRefundable: boolean; organisationId: string | null };
const owedList = async (token = operator, path = "/operator/refunds") => (await api(server.origin, "GET", path, { token })).body!.owed as Owed[];

/** A bidder registers on an open auction by bank transfer: the deposit's payment and its reference. */
async function registered(bidder: Bidder) {
  const { id } = await insertAuction(db(), { endsInMs: 10 * 60_000 });
  const reply = await api(server.origin, "POST", `/lots/${id}/deposits`, { token: bidder.token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return { paymentId: reply.body!.payment.id as string, reference: reply.body!.reference as string };
}

/** A private sale to `buyer` at ¥10,000: the auction closes on the server's timer into a settlement. */
async function sold(buyer: Bidder) {
  const { id } = await insertAuction(db(), { endsInMs: 2_500, startPrice: 1_000_000, increment: 10_000 });
  await db().update(listings).set({ preset: "private" }).where(eq(listings.id, id));
  await confirmDeposit(db(), id, buyer.organisationId, "R1");
  const placed = await api(server.origin, "POST", `/lots/${id}/bids`, { token: buyer.token, body: { amount: 1_000_000, clientBidId: `refund-bid-${id}` } });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  await expect.poll(async () => (await db().select().from(settlements).where(eq(settlements.listingId, id))).length, { timeout: 10_000 }).toBe(1);
  return (await db().select().from(settlements).where(eq(settlements.listingId, id)))[0]!;
}

beforeAll(async () => {
  standIn = await new StripeStandIn().start();
  server = await startTestServer(standIn.env());
  standIn.webhookUrl = `${server.origin}/webhooks/stripe`;
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent", ...standIn.env() });
  services = buildServices({ db: db(), config, bus: new EventBus(), log: createLogger("silent"), now: () => clock });
  operator = await demoToken(server.origin, "operator@demo.ipx.example");
  bidders = await verifiedBidders(server.origin, 3, "refund");
});
afterAll(async () => {
  await server?.stop();
  await standIn?.stop();
});

describe("an over-payment refunded by bank transfer", () => {
  it("is owed to the payer, refunded in two transfers never beyond what is owed, each serial once; refunds_due back to zero", async () => {
    const payer = bidders[0]!;
    const r = await registered(payer);
    expect((await receipt({ bankSerial: nextSerial(), amount: 130_000, reference: r.reference })).body).toMatchObject({ outcome: "matched", excess: 30_000 });
    expect(await balance("refunds_due", { organisationId: payer.organisationId })).toBe(-30_000n);
    const mine = await owedList(payer.token, "/refunds");
    expect(mine).toEqual([expect.objectContaining({ source: "overpayment", paymentId: r.paymentId, owed: 30_000, cardRefundable: false })]);

    const above = await refund({ method: "bank_transfer", paymentId: r.paymentId, amount: 30_001, bankSerial: nextSerial("OUT") });
    expect([above.status, above.body!.error.code, above.body!.error.details]).toEqual([409, "REFUND_EXCEEDS_OWED", { owed: "30000", currency: "CNY" }]);
    expect(await refundRows()).toHaveLength(0);

    const bankSerial = nextSerial("OUT");
    const first = await refund({ method: "bank_transfer", paymentId: r.paymentId, amount: 20_000, bankSerial });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ source: "overpayment", method: "bank_transfer", status: "paid", amount: 20_000, bankSerial, organisationId: payer.organisationId, paymentId: r.paymentId });
    // The same serial again (a double click, a retried import) answers the same refund and pays nothing more.
    const again = await refund({ method: "bank_transfer", paymentId: r.paymentId, amount: 20_000, bankSerial });
    expect([again.status, again.body!.id]).toEqual([200, first.body!.id]);
    expect(await balance("refunds_due", { organisationId: payer.organisationId })).toBe(-10_000n);
    expect((await owedList()).find((c) => c.paymentId === r.paymentId)).toMatchObject({ owed: 10_000 });

    expect((await refund({ method: "bank_transfer", paymentId: r.paymentId, amount: 10_000, bankSerial: nextSerial("OUT") })).status).toBe(201);
    expect(await balance("refunds_due", { organisationId: payer.organisationId })).toBe(0n);
    expect((await owedList()).some((c) => c.paymentId === r.paymentId)).toBe(false);
    expect((await refund({ method: "bank_transfer", paymentId: r.paymentId, amount: 1, bankSerial: nextSerial("OUT") })).body!.error.code).toBe("REFUND_EXCEEDS_OWED");
    const entries = await db().select().from(journalEntries).where(eq(journalEntries.kind, "refund_paid"));
    expect(entries.filter((e) => e.paymentId === r.paymentId)).toHaveLength(2);
    expect((await api(server.origin, "GET", "/refunds", { token: payer.token })).body!.refunds.map((x: { status: string; amount: number }) => [x.status, x.amount])).toEqual([
      ["paid", 10_000],
      ["paid", 20_000],
    ]);
    // The payer is told of each refund, with the amount, pointing at its payments page.
    const told = await db().select({ data: notifications.data, link: notifications.link }).from(notifications).where(and(eq(notifications.organisationId, payer.organisationId), eq(notifications.kind, "refund_paid")));
    expect([...new Set(told.map((n) => `${(n.data as { title: string }).title} ${n.link}`))].sort()).toEqual(["CNY 100.00 /payments", "CNY 200.00 /payments"]);
    await expectBooksBalanced(db());
  });
});

describe("an unmatched receipt", () => {
  it("is held in suspense when recorded, returned whole to its payer, and then leaves the unmatched list", async () => {
    const stray = await receipt({ bankSerial: nextSerial(), amount: 77_000, reference: "no such reference", payerName: "Unknown Co" });
    expect(stray.body).toMatchObject({ outcome: "unmatched" });
    const receiptId = stray.body!.receipt.id as string;
    expect(await balance("suspense", { bankReceiptId: receiptId })).toBe(-77_000n);
    expect((await owedList()).find((c) => c.bankReceiptId === receiptId)).toMatchObject({ source: "unmatched_receipt", owed: 77_000, organisationId: null });

    expect((await refund({ method: "bank_transfer", bankReceiptId: receiptId, amount: 70_000, bankSerial: nextSerial("OUT") })).body!.error.code).toBe("REFUND_RECEIPT_WHOLE");
    expect((await refund({ method: "card", bankReceiptId: receiptId, amount: 77_000 })).body!.error.code).toBe("REFUND_NOT_CARD");
    const returned = await refund({ method: "bank_transfer", bankReceiptId: receiptId, amount: 77_000, bankSerial: nextSerial("OUT") });
    expect(returned.status, JSON.stringify(returned.body)).toBe(201);
    expect(returned.body).toMatchObject({ source: "unmatched_receipt", status: "paid", payeeName: "Unknown Co", bankReceiptId: receiptId });
    expect(await balance("suspense", { bankReceiptId: receiptId })).toBe(0n);
    expect((await api(server.origin, "GET", "/operator/bank-receipts/unmatched", { token: operator })).body!.map((u: { id: string }) => u.id)).not.toContain(receiptId);
    const r = await registered(bidders[1]!);
    expect((await api(server.origin, "POST", `/operator/bank-receipts/${receiptId}/assign`, { token: operator, body: { paymentId: r.paymentId } })).body!.error.code).toBe("RECEIPT_RETURNED");
    await expectBooksBalanced(db());
  });

  it("assigned to a payment later moves out of suspense and is applied as if it had matched", async () => {
    const r = await registered(bidders[1]!);
    const stray = await receipt({ bankSerial: nextSerial(), amount: 100_000, reference: "deposit lot 9" });
    const receiptId = stray.body!.receipt.id as string;
    expect(await balance("suspense", { bankReceiptId: receiptId })).toBe(-100_000n);
    expect((await api(server.origin, "POST", `/operator/bank-receipts/${receiptId}/assign`, { token: operator, body: { paymentId: r.paymentId } })).body).toMatchObject({ outcome: "matched", applied: 100_000 });
    expect(await balance("suspense", { bankReceiptId: receiptId })).toBe(0n);
    const kinds = await db().select({ kind: journalEntries.kind }).from(journalEntries).where(eq(journalEntries.bankReceiptId, receiptId));
    expect(kinds.map((k) => k.kind).sort()).toEqual(["receipt_assigned", "receipt_unmatched"]);
    expect((await db().select().from(payments).where(eq(payments.id, r.paymentId)))[0]).toMatchObject({ status: "succeeded", received: 100_000n });
    expect((await owedList()).some((c) => c.bankReceiptId === receiptId)).toBe(false);
    expect((await refund({ method: "bank_transfer", bankReceiptId: receiptId, amount: 100_000, bankSerial: nextSerial("OUT") })).body!.error.code).toBe("RECEIPT_ALREADY_MATCHED");
    await expectBooksBalanced(db());
  });
});

describe("a defaulted sale's part-payments", () => {
  it("are owed back on the settlement: to the card they came from (pending until Stripe confirms, webhooks applied once; a failure stays owed), the rest by transfer", async () => {
    const buyer = bidders[2]!;
    const s = await sold(buyer);
    const [bankBalance] = await db().select().from(payments).where(and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance")));
    expect((await receipt({ bankSerial: nextSerial(), amount: 40_000, reference: bankBalance!.reference })).body).toMatchObject({ outcome: "matched", applied: 40_000 });
    // Part of the balance by card (captured at once), applied through the webhook like any card payment.
    const card = await db().transaction((tx) => requestPayment(tx, { payerOrganisationId: buyer.organisationId, purpose: "balance", method: "card", settlementId: s.id, currency: "CNY", amount: 50_000n }, new Date()));
    const intent = await stripe().paymentIntents.create({ amount: 50_000, currency: "cny", metadata: { paymentId: card.id } });
    standIn.authorise(intent.id);
    await expect.poll(async () => (await db().select().from(payments).where(eq(payments.id, card.id)))[0]!.status, { timeout: 5_000 }).toBe("succeeded");

    clock = new Date(s.dueAt.getTime() + 1_000);
    expect(await services.settlements.deadline(s.id)).toBe("unsold");
    expect(await balance("refunds_due", { organisationId: buyer.organisationId })).toBe(-90_000n);
    expect((await owedList(buyer.token, "/refunds")).find((c) => c.settlementId === s.id)).toMatchObject({ source: "part_payment", owed: 90_000, cardRefundable: true });

    // No more than the card brought in goes back to it.
    const tooMuch = await refund({ method: "card", settlementId: s.id, amount: 60_000 });
    expect([tooMuch.body!.error.code, tooMuch.body!.error.details.owed]).toEqual(["REFUND_EXCEEDS_OWED", "50000"]);

    standIn.refundStatus = "pending";
    const asked = await refund({ method: "card", settlementId: s.id, amount: 30_000 });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ method: "card", status: "pending", paymentId: card.id, settlementId: s.id, amount: 30_000 });
    const stripeRefundId = asked.body!.stripeRefundId as string;
    expect(stripeRefundId).toMatch(/^re_/);
    // The inline call and the job may both ask: with one idempotency key, one refund at Stripe.
    expect([...new Set(standIn.requests.filter((q) => q.path === "/v1/refunds").map((q) => q.idempotencyKey))]).toEqual([`refund-${asked.body!.id}-create`]);
    expect([...standIn.refunds.values()].filter((x) => x.metadata.refundId === asked.body!.id)).toHaveLength(1);
    // Spoken for while Stripe works on it: the ledger still owes it, the claim does not offer it again.
    expect(await balance("refunds_due", { organisationId: buyer.organisationId })).toBe(-90_000n);
    expect((await owedList()).find((c) => c.settlementId === s.id)).toMatchObject({ owed: 60_000 });

    standIn.settleRefund(stripeRefundId, "succeeded");
    await expect.poll(async () => (await db().select().from(refunds).where(eq(refunds.id, asked.body!.id)))[0]!.status, { timeout: 5_000 }).toBe("paid");
    // Every event of this refund again, twice, and two copies at once: nothing more happens.
    const events = standIn.events.filter((e) => e.type.startsWith("refund.") && e.payload.includes(stripeRefundId));
    expect(events.map((e) => e.type).sort()).toEqual(["refund.created", "refund.updated"]);
    for (const e of [...events, ...events]) expect(await standIn.deliver(e)).toBe(200);
    expect(await Promise.all([standIn.deliver(events[1]!), standIn.deliver(events[1]!)])).toEqual([200, 200]);
    const paidEntries = await db().select().from(journalEntries).where(eq(journalEntries.refundId, asked.body!.id));
    expect(paidEntries.map((e) => [e.kind, e.settlementId])).toEqual([["refund_paid", s.id]]);
    expect(await balance("refunds_due", { organisationId: buyer.organisationId })).toBe(-60_000n);

    // A card refund that fails at Stripe stays owed.
    const failing = await refund({ method: "card", settlementId: s.id, amount: 20_000 });
    expect(failing.body).toMatchObject({ status: "pending" });
    standIn.settleRefund(failing.body!.stripeRefundId, "failed");
    await expect.poll(async () => (await db().select().from(refunds).where(eq(refunds.id, failing.body!.id)))[0], { timeout: 5_000 }).toMatchObject({ status: "failed", failureMessage: "expired_or_canceled_card" });
    expect((await owedList()).find((c) => c.settlementId === s.id)).toMatchObject({ owed: 60_000 });

    // A refund whose webhooks never arrive is settled by the reconciliation re-reading it from Stripe.
    standIn.autoDeliver = false;
    const unheard = await refund({ method: "card", settlementId: s.id, amount: 10_000 });
    standIn.settleRefund(unheard.body!.stripeRefundId, "succeeded");
    expect((await db().select().from(refunds).where(eq(refunds.id, unheard.body!.id)))[0]!.status).toBe("pending");
    expect(await services.refunds.reconcile()).toEqual({ applied: 1 });
    expect((await db().select().from(refunds).where(eq(refunds.id, unheard.body!.id)))[0]!.status).toBe("paid");
    expect(await services.refunds.reconcile()).toEqual({ applied: 0 });
    standIn.autoDeliver = true;
    standIn.refundStatus = "succeeded";

    // The rest by bank transfer: nothing owed on the settlement any more.
    const rest = await refund({ method: "bank_transfer", settlementId: s.id, amount: 50_000, bankSerial: nextSerial("OUT") });
    expect(rest.body).toMatchObject({ source: "part_payment", status: "paid", settlementId: s.id });
    expect(await balance("refunds_due", { organisationId: buyer.organisationId })).toBe(0n);
    expect((await owedList()).some((c) => c.settlementId === s.id)).toBe(false);
    await expectBooksBalanced(db());
  });
});

describe("access and pages", () => {
  it("operator endpoints refuse others; a payer reads only its own refunds", async () => {
    for (const call of [api(server.origin, "GET", "/operator/refunds", { token: bidders[0]!.token }), refund({ method: "bank_transfer", paymentId: crypto.randomUUID(), amount: 1, bankSerial: "X" }, bidders[0]!.token)]) {
      expect((await call).status).toBe(403);
    }
    const own = (await api(server.origin, "GET", "/refunds", { token: bidders[1]!.token })).body!;
    const all = await refundRows();
    expect(all.some((r) => r.organisationId === bidders[0]!.organisationId)).toBe(true);
    expect(own.refunds.every((r: { organisationId: string }) => r.organisationId === bidders[1]!.organisationId)).toBe(true);
    expect(own.owed.every((c: Owed) => c.organisationId === bidders[1]!.organisationId)).toBe(true);
    expect((await api(server.origin, "GET", "/refunds", { token: bidders[0]!.token })).body!.refunds).toHaveLength(2);
  });

  it("the operator records a refund from the page without JavaScript; the payer sees it on /payments, in both languages", async () => {
    const payer = bidders[1]!;
    const r = await registered(payer);
    await receipt({ bankSerial: nextSerial(), amount: 112_345, reference: r.reference });
    const desk = await signedInVisitor(server.origin, "operator@demo.ipx.example");
    const page = await pageText(desk, "/operator/payments");
    expect(page).toContain("Refunds owed");
    expect(page).toContain(r.reference);
    const bankSerial = nextSerial("PAGE");
    const posted = await desk.post("/operator/payments", { intent: "refund-transfer", paymentId: r.paymentId, currency: "CNY", amount: "123.45", bankSerial });
    expect([posted.status, posted.headers.get("location")]).toEqual([302, "/operator/payments?done=refund_paid"]);
    expect((await db().select().from(refunds).where(eq(refunds.bankSerial, bankSerial)))[0]).toMatchObject({ amount: 12_345n, status: "paid" });
    const tooMuch = await desk.post("/operator/payments", { intent: "refund-transfer", paymentId: r.paymentId, currency: "CNY", amount: "1.00", bankSerial: nextSerial("PAGE") });
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.text()).toContain("more than is owed back");
    expect(await pageText(await signedInVisitor(server.origin, "operator@demo.ipx.example", "zh"), "/operator/payments")).toContain("应退款项");

    const visitor = new Visitor(server.origin);
    visitor.cookies.set("ipx_lng", "zh");
    expect((await visitor.login(payer.email, TEST_PASSWORD)).status).toBe(302);
    const mine = await pageText(visitor, "/payments");
    expect(mine).toContain("付款与退款");
    expect(mine).toContain(bankSerial);
    expect(mine).toContain("已退款");
    expect(await db().select().from(bankReceipts).where(eq(bankReceipts.reference, r.reference))).toHaveLength(1);
  });
});
