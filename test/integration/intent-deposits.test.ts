import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposalCaseAssets, disposalCases, jobs, journalEntries, journalLines, listingIntents, listings, lotDeposits, lots, organisations, payments, settlements } from "../../db/schema";
import { type Bidder, verifiedBidders } from "../support/lots";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { STAND_IN_SECRET_KEY, StripeStandIn } from "../support/stripe-stand-in";
import { type TestServer, startTestServer } from "../support/test-server";
import { api } from "../support/visitor";
import Stripe from "stripe";
import { expectBooksBalanced } from "../support/money-model";

/**
 * Deposits of listed transfers and fixed-price sales through the payments port: the money arriving (a bank receipt
 * matched by reference, a card hold) confirms the intent; the winner's deposit is applied at the settlement, the
 * others released; a listed transfer turned auction carries its buyers' deposits to their registrations.
 */
let server: TestServer;
let standIn: StripeStandIn;
let bank: string;
let operator: string;
let assetIds: string[];
let serial = 0;

const DAY = 86_400_000;
const PRICE = 30_000_000n;
const DEPOSIT = 3_000_000n;
const db = () => server.db.db;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  standIn = await new StripeStandIn().start();
  server = await startTestServer({ ...standIn.env(), SEED_DEMO: "always" });
  standIn.webhookUrl = `${server.origin}/webhooks/stripe`;
  [bank, operator] = await Promise.all([demoToken(server.origin, "bank@demo.ipx.example"), demoToken(server.origin, "operator@demo.ipx.example")]);
  const [bankOrg] = await db().select().from(organisations).where(eq(organisations.kind, "bank"));
  const [kase] = await db().select().from(disposalCases).where(eq(disposalCases.organisationId, bankOrg!.id)).limit(1);
  assetIds = (await db().select().from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase!.id))).map((a) => a.assetId);
});
afterAll(async () => {
  await server?.stop();
  await standIn?.stop();
});

/** A listing by the demo bank, submitted and approved: it takes intents (notice ends in 8 days). */
async function announced(mode: "listed_transfer" | "fixed_price"): Promise<string> {
  const now = Date.now();
  const terms = { startPrice: Number(PRICE), deposit: Number(DEPOSIT), increment: 100_000, announceAt: iso(now + 60_000), opensAt: iso(now + 60_000 + 8 * DAY), closesAt: iso(now + 60_000 + 9 * DAY) };
  const created = await api(server.origin, "POST", "/listings", { token: bank, body: { mode, preset: "private", title: `Intent deposits ${mode}`, assetIds, terms } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body!.id as string;
  expect((await api(server.origin, "POST", `/listings/${id}/submit`, { token: bank })).status).toBe(204);
  expect((await api(server.origin, "POST", `/operator/listings/${id}/review`, { token: operator, body: { verdict: "approve" } })).body).toEqual({ status: "announced" });
  return id;
}

/** A buyer registers intent by bank transfer: its intent and the payment's reference. */
async function register(id: string, buyer: Bidder) {
  const res = await api(server.origin, "POST", `/listings/${id}/intents`, { token: buyer.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body).toMatchObject({ depositAmount: Number(DEPOSIT), payment: { method: "bank_transfer", reference: expect.stringMatching(/^IPX-/) } });
  return { intentId: res.body!.id as string, paymentId: res.body!.payment.id as string, reference: res.body!.payment.reference as string };
}

/** The bank reports a transfer quoting a reference (a serial may be given to replay a receipt). */
async function receipt(reference: string, amount = DEPOSIT, bankSerial = `INTENT-${++serial}`) {
  const res = await api(server.origin, "POST", "/operator/bank-receipts", { token: operator, body: { bankSerial, amount: Number(amount), currency: "CNY", reference, payerName: "Buyer", receivedOn: "2026-11-27" } });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body!;
}

/** The notice period ends a moment from now, and the clock's jobs fall due with it. */
async function endNotice(id: string) {
  const soon = new Date(Date.now() + 500);
  await db().update(listings).set({ opensAt: soon }).where(eq(listings.id, id));
  for (const key of [`listing:${id}:open`, `listing:${id}:resolve-transfer`]) await db().update(jobs).set({ runAt: soon }).where(eq(jobs.dedupeKey, key));
}

const intentOf = async (id: string) => (await db().select().from(listingIntents).where(eq(listingIntents.id, id)))[0]!;
const paymentOf = async (id: string) => (await db().select().from(payments).where(eq(payments.id, id)))[0]!;
const statusOf = async (id: string) => (await db().select().from(listings).where(eq(listings.id, id)))[0]!.status;
const settlementOf = async (id: string) => (await db().select().from(settlements).where(eq(settlements.listingId, id)))[0];
const kindsOf = async (paymentId: string) => (await db().select({ kind: journalEntries.kind }).from(journalEntries).where(eq(journalEntries.paymentId, paymentId))).map((e) => e.kind).sort();
async function balanceOf(account: string, organisationId: string) {
  const [row] = await db().select({ sum: sql<string>`coalesce(sum(${journalLines.amount}), 0)` }).from(journalLines).where(and(eq(journalLines.account, account), eq(journalLines.organisationId, organisationId)));
  return BigInt(row!.sum);
}

describe("fixed price", () => {
  it("the buyer whose transfer arrives first wins at once; the other is released and its late transfer owed back; a replayed receipt changes nothing", async () => {
    const id = await announced("fixed_price");
    const [first, second] = await verifiedBidders(server.origin, 2, "fixed-intents");
    const a = await register(id, first!);
    const b = await register(id, second!);
    // Registering alone decides nothing: no money has arrived.
    expect(await statusOf(id)).toBe("announced");
    expect((await intentOf(a.intentId)).depositStatus).toBe("requested");

    expect(await receipt(b.reference)).toMatchObject({ outcome: "matched", applied: Number(DEPOSIT) });
    expect(await statusOf(id)).toBe("awarded");
    expect(await intentOf(b.intentId)).toMatchObject({ depositStatus: "applied", depositConfirmedAt: expect.any(Date) });
    const s = (await settlementOf(id))!;
    expect(s).toMatchObject({ buyerOrganisationId: second!.organisationId, price: PRICE, buyerPremium: 0n, depositApplied: DEPOSIT, balanceDue: PRICE - DEPOSIT });
    // The loser is released: its transfer is no longer asked for.
    expect((await intentOf(a.intentId)).depositStatus).toBe("released");
    expect((await paymentOf(a.paymentId)).status).toBe("canceled");

    // It pays anyway: the money is recorded against its payment and owed back, the intent stays released.
    expect(await receipt(a.reference, DEPOSIT, "LATE-1")).toMatchObject({ outcome: "matched", applied: 0, excess: Number(DEPOSIT) });
    expect(await receipt(a.reference, DEPOSIT, "LATE-1")).toMatchObject({ outcome: "duplicate" });
    expect((await intentOf(a.intentId)).depositStatus).toBe("released");
    expect(await kindsOf(a.paymentId)).toEqual(["overpayment"]);
    expect(await balanceOf("refunds_due", first!.organisationId)).toBe(-DEPOSIT);
    expect(await balanceOf("deposits_held", first!.organisationId)).toBe(0n);
    // The winner's deposit moved from held to the price.
    expect(await balanceOf("deposits_held", second!.organisationId)).toBe(0n);
    expect(await kindsOf(b.paymentId)).toEqual(["deposit_received"]);

    // The buyer sees the deposit on its payments, with the listing it is for.
    const mine = await api(server.origin, "GET", "/payments", { token: second!.token });
    expect(mine.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: b.paymentId, purpose: "deposit", status: "succeeded", listing: { id, title: "Intent deposits fixed_price" } })]));
  });

  it("a winner who does not pay the balance forfeits its intent's deposit, as a lot deposit is forfeited", async () => {
    const id = await announced("fixed_price");
    const [buyer] = await verifiedBidders(server.origin, 1, "fixed-default");
    const a = await register(id, buyer!);
    await receipt(a.reference);
    const s = (await settlementOf(id))!;
    await db().update(settlements).set({ dueAt: new Date(Date.now() - 1_000) }).where(eq(settlements.id, s.id));
    await db().update(jobs).set({ runAt: new Date() }).where(eq(jobs.dedupeKey, `settlement:${s.id}:deadline`));
    await expect.poll(async () => (await settlementOf(id))?.status, { timeout: 15_000 }).toBe("defaulted");
    expect((await intentOf(a.intentId)).depositStatus).toBe("forfeited");
    const [record] = await db().select().from(payments).where(and(eq(payments.listingIntentId, a.intentId), eq(payments.settlementId, s.id)));
    expect(record).toMatchObject({ purpose: "deposit", method: "bank_transfer", status: "succeeded", amount: DEPOSIT });
    expect(await kindsOf(record!.id)).toContain("deposit_forfeited");
    expect(await balanceOf("deposits_held", buyer!.organisationId)).toBe(0n);
  });
});

describe("listed transfer", () => {
  it("one paid buyer at the end of the notice wins; its deposit is applied in the settlement; the unpaid intent does not count and is released", async () => {
    const id = await announced("listed_transfer");
    const [paid, unpaid] = await verifiedBidders(server.origin, 2, "one-intent");
    const a = await register(id, paid!);
    const b = await register(id, unpaid!);
    await receipt(a.reference, DEPOSIT - 1_000_000n);
    // A short transfer is held but does not confirm.
    expect((await intentOf(a.intentId)).depositStatus).toBe("requested");
    await receipt(a.reference, 1_000_000n);
    expect((await intentOf(a.intentId)).depositStatus).toBe("confirmed");
    // The operator's queue no longer lists it; a second confirmation is refused.
    const queue = await api(server.origin, "GET", "/operator/intents", { token: operator });
    expect(queue.body!.map((q: { id: string }) => q.id)).toEqual(expect.arrayContaining([b.intentId]));
    expect(queue.body!.map((q: { id: string }) => q.id)).not.toContain(a.intentId);
    expect((await api(server.origin, "POST", `/operator/intents/${a.intentId}/confirm-deposit`, { token: operator })).body!.error.code).toBe("DEPOSIT_ALREADY_CONFIRMED");

    await endNotice(id);
    await expect.poll(() => statusOf(id), { timeout: 15_000 }).toBe("awarded");
    const s = (await settlementOf(id))!;
    expect(s).toMatchObject({ buyerOrganisationId: paid!.organisationId, buyerPremium: 0n, depositApplied: DEPOSIT, balanceDue: PRICE - DEPOSIT });
    expect((await intentOf(a.intentId)).depositStatus).toBe("applied");
    expect((await intentOf(b.intentId)).depositStatus).toBe("released");
    expect((await paymentOf(b.paymentId)).status).toBe("canceled");
    expect(await balanceOf("deposits_held", paid!.organisationId)).toBe(0n);
    expect(await balanceOf("deposits_held", unpaid!.organisationId)).toBe(0n);
  });

  it("two paid buyers: the auction among them carries both deposits to their registrations; the loser's is released at the close", async () => {
    const id = await announced("listed_transfer");
    const [winner, loser, unpaid] = await verifiedBidders(server.origin, 3, "two-intents");
    const w = await register(id, winner!);
    const l = await register(id, loser!);
    const u = await register(id, unpaid!);
    await receipt(w.reference);
    // The operator records the other transfer from the queue: a receipt through the port, like the bank's.
    expect((await api(server.origin, "POST", `/operator/intents/${l.intentId}/confirm-deposit`, { token: operator })).body).toEqual({ listingStatus: "announced" });
    expect(await kindsOf(l.paymentId)).toEqual(["deposit_received"]);

    await endNotice(id);
    await expect.poll(async () => (await db().select().from(listings).where(eq(listings.id, id)))[0]!.mode, { timeout: 15_000 }).toBe("english_auction");
    const registrations = await db().select().from(lotDeposits).where(eq(lotDeposits.listingId, id));
    expect(registrations).toHaveLength(2);
    for (const [buyer, paymentId, intentId] of [[winner!, w.paymentId, w.intentId], [loser!, l.paymentId, l.intentId]] as const) {
      const registration = registrations.find((r) => r.organisationId === buyer.organisationId)!;
      expect(registration).toMatchObject({ status: "confirmed", method: "bank_transfer", amount: DEPOSIT });
      expect(await paymentOf(paymentId)).toMatchObject({ lotDepositId: registration.id, listingIntentId: intentId, status: "succeeded" });
      expect((await intentOf(intentId)).depositStatus).toBe("applied");
    }
    expect((await intentOf(u.intentId)).depositStatus).toBe("released");

    // The winner bids; the lot ends and closes (the sweeper); the loser's deposit goes back like any lot deposit.
    const bid = await api(server.origin, "POST", `/lots/${id}/bids`, { token: winner!.token, body: { amount: Number(PRICE), clientBidId: "intent-carried" } });
    expect(bid.status, JSON.stringify(bid.body)).toBe(201);
    await db().update(lots).set({ endsAt: new Date(Date.now() - 1_000) }).where(eq(lots.listingId, id));
    await db().update(jobs).set({ runAt: new Date() }).where(eq(jobs.dedupeKey, "lot:sweep:next"));
    await expect.poll(() => statusOf(id), { timeout: 20_000 }).toBe("awarded");
    expect((await paymentOf(l.paymentId)).status).toBe("refunded");
    expect(await kindsOf(l.paymentId)).toEqual(["deposit_received", "deposit_refunded"]);
    expect((await db().select().from(lotDeposits).where(eq(lotDeposits.listingId, id))).map((d) => [d.organisationId, d.status]).sort()).toEqual(
      [[winner!.organisationId, "applied"], [loser!.organisationId, "released"]].sort(),
    );
    expect((await settlementOf(id))!.depositApplied).toBe(DEPOSIT);
    expect(await balanceOf("deposits_held", loser!.organisationId)).toBe(0n);
    expect(await balanceOf("deposits_held", winner!.organisationId)).toBe(0n);
  });
});

describe("card holds", () => {
  const stripe = () => new Stripe(STAND_IN_SECRET_KEY, { host: "127.0.0.1", port: standIn.port, protocol: "http" });

  async function byCard(id: string, buyer: Bidder) {
    const res = await api(server.origin, "POST", `/listings/${id}/intents/card`, { token: buyer.token });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body!.clientSecret).toMatch(/^pi_\w+_secret_/);
    const payment = await paymentOf(res.body!.payment.id);
    expect(payment).toMatchObject({ method: "card", status: "pending", amount: DEPOSIT, listingIntentId: res.body!.id });
    return { intentId: res.body!.id as string, paymentId: payment.id, stripeId: payment.stripePaymentIntentId! };
  }

  it("an authorised hold confirms the intent; a hold cancelled at Stripe releases it, and nothing stays held", async () => {
    standIn.autoDeliver = true;
    const id = await announced("listed_transfer");
    const [buyer] = await verifiedBidders(server.origin, 1, "card-intent");
    const c = await byCard(id, buyer!);
    standIn.authorise(c.stripeId);
    await expect.poll(async () => (await intentOf(c.intentId)).depositStatus, { timeout: 5_000 }).toBe("confirmed");
    expect((await paymentOf(c.paymentId)).status).toBe("held");
    expect(await kindsOf(c.paymentId)).toEqual(["card_hold"]);
    // A card is not recorded by an operator.
    expect((await api(server.origin, "POST", `/operator/intents/${c.intentId}/confirm-deposit`, { token: operator })).body!.error.code).toBe("DEPOSIT_ALREADY_CONFIRMED");

    await stripe().paymentIntents.cancel(c.stripeId);
    await expect.poll(async () => (await intentOf(c.intentId)).depositStatus, { timeout: 5_000 }).toBe("released");
    expect((await paymentOf(c.paymentId)).status).toBe("canceled");
    expect(await kindsOf(c.paymentId)).toEqual(["card_hold", "card_hold_cancelled"]);
    expect(await balanceOf("deposits_held", buyer!.organisationId)).toBe(0n);
    await endNotice(id);
    await expect.poll(() => statusOf(id), { timeout: 15_000 }).toBe("unsold");
  });

  it("the listing page offers the card next to the transfer, then Stripe's form for the pending hold, and the hold's state once it stands", async () => {
    const id = await announced("listed_transfer");
    const [buyer] = await verifiedBidders(server.origin, 1, "card-page");
    const visitor = await signedInVisitor(server.origin, buyer!.email, "en", TEST_PASSWORD);
    const tab = `/listings/${id}/offers`;
    const before = await pageText(visitor, tab);
    expect(before).toContain("Or hold the deposit on a card");
    expect(before).toContain('value="register-intent-card"');
    const chosen = await visitor.post(tab, { intent: "register-intent-card" });
    expect([chosen.status, chosen.headers.get("location")]).toEqual([302, `${tab}?done=intentCard`]);
    const after = await pageText(visitor, `${tab}?done=intentCard`);
    expect(after).toContain("Authorise the card hold below: your intent counts once the hold is in place.");
    expect(after).toContain("Your intent counts as soon as the card issuer authorises the hold.");
    // The client secret travels in the page's data, for Stripe.js.
    expect(await (await visitor.get(tab)).text()).toMatch(/pi_\w+_secret_/);
    const [intent] = await db().select().from(listingIntents).where(eq(listingIntents.listingId, id));
    const [payment] = await db().select().from(payments).where(eq(payments.listingIntentId, intent!.id));
    standIn.authorise(payment!.stripePaymentIntentId!);
    await expect.poll(async () => (await intentOf(intent!.id)).depositStatus, { timeout: 5_000 }).toBe("confirmed");
    const held = await pageText(visitor, tab);
    expect(held).toContain("Your deposit is in: you take part in this listing.");
    expect(await (await visitor.get(tab)).text()).not.toMatch(/pi_\w+_secret_/);
  });

  it("fixed price by card: the hold wins the sale and is captured when the settlement applies it", async () => {
    standIn.autoDeliver = true;
    const id = await announced("fixed_price");
    const [buyer] = await verifiedBidders(server.origin, 1, "card-fixed");
    const c = await byCard(id, buyer!);
    standIn.authorise(c.stripeId);
    await expect.poll(() => statusOf(id), { timeout: 5_000 }).toBe("awarded");
    await expect.poll(async () => (await paymentOf(c.paymentId)).status, { timeout: 10_000 }).toBe("succeeded");
    expect(standIn.intents.get(c.stripeId)!.status).toBe("succeeded");
    expect((await intentOf(c.intentId)).depositStatus).toBe("applied");
    expect((await settlementOf(id))!.depositApplied).toBe(DEPOSIT);
    expect(await kindsOf(c.paymentId)).toEqual(["card_captured", "card_hold"]);
    expect(await balanceOf("deposits_held", buyer!.organisationId)).toBe(0n);
  });
});

describe("the ledger", () => {
  it("balances after every flow above", async () => {
    await expectBooksBalanced(db());
  });
});
