import { and, asc, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, distributionLines, distributions, journalEntries, journalLines, listings, notifications, organisations, payments, payouts, stripeEvents } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { openSettlement } from "../../server/services/settlements/open";
import { TEST_PASSWORD, demoToken, verifiedOrganisation } from "../support/organisations";
import { pageText, signedInVisitor } from "../support/pages";
import { defaultedCase, memberOf, organisation } from "../support/recovery-fixture";
import { STAND_IN_SECRET_KEY, StripeStandIn } from "../support/stripe-stand-in";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";
import { expectBooksBalanced } from "../support/money-model";

/**
 * Stripe Connect payouts through the real SDK against the local stand-in: an organisation's onboarding, transfers
 * made once after a distribution commits (the job run twice, webhooks repeated), parties without an account paid
 * as before, a refused transfer retried by an operator under a new key, a reversal putting the payable back — and
 * the trial balance at zero throughout.
 */
const CONNECT_SECRET = "whsec_connect_standin";
let server: TestServer;
let standIn: StripeStandIn;
let services: Services;
let operator: string;
const db = () => server.db.db;
const clock = () => new Date();
const stripe = () => new Stripe(STAND_IN_SECRET_KEY, { host: "127.0.0.1", port: standIn.port, protocol: "http" });

beforeAll(async () => {
  standIn = await new StripeStandIn().start();
  server = await startTestServer({ ...standIn.env(), STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET });
  standIn.webhookUrl = `${server.origin}/webhooks/stripe`;
  // A second process's services on the same database: the job "runs twice" when both transfer the same distribution.
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent", PUBLIC_ORIGIN: server.origin, ...standIn.env() });
  services = buildServices({ db: db(), config, bus: new EventBus(), log: createLogger("silent"), now: clock });
  operator = await demoToken(server.origin, "operator@demo.ipx.example");
});
afterAll(async () => {
  await server?.stop();
  await standIn?.stop();
});

/** What the platform still owes an organisation (its payable, credit positive). */
async function payableOf(organisationId: string) {
  const [row] = await db()
    .select({ owed: sql<string>`coalesce(-sum(${journalLines.amount}), 0)` })
    .from(journalLines)
    .where(and(eq(journalLines.account, "payable"), eq(journalLines.organisationId, organisationId)));
  return BigInt(row!.owed);
}

/** An organisation with a Stripe account (onboarded at Stripe, or not yet) that our books believe can receive transfers. */
async function connectedAt(organisationId: string, onboarded: boolean) {
  const account = await stripe().accounts.create({ type: "express" });
  if (onboarded) standIn.onboard(account.id);
  await db().update(organisations).set({ stripeAccountId: account.id, stripePayoutsEnabled: true }).where(eq(organisations.id, organisationId));
  return account.id;
}

let serial = 0;
/** A defaulted loan shared half and half by the bank and a guarantor (which paid its half), sold for the claim and paid by bank transfer. */
async function soldAndPaid(connect: (bankId: string) => Promise<unknown>) {
  const fx = await defaultedCase(db(), {
    mode: "pro_rata",
    sharers: [
      { role: "bank", name: "bank", shareBps: 5000, paid: 0n },
      { role: "guarantor", name: "guarantor", shareBps: 5000, paid: 500_000n },
    ],
    claim: { costs: 0n, interest: 0n, penalty: 0n, principal: 1_000_000n },
  });
  await connect(fx.bank.id);
  const buyer = await organisation(db(), "Buyer", "investor");
  const [listing] = await db().select().from(listings).where(eq(listings.id, fx.listing.id));
  const settlement = await db().transaction((tx) => openSettlement(tx, { listing: listing!, buyerOrganisationId: buyer.id, price: 1_000_000n, awardId: null }, { platformFeeBps: 0 }, clock()));
  const [p] = await db().select().from(payments).where(and(eq(payments.settlementId, settlement.id), eq(payments.purpose, "balance")));
  await db().transaction((tx) => services.payments.recordReceiptInTx(tx, { bankSerial: `CONNECT-${++serial}`, amount: Number(p!.amount), currency: "CNY", reference: p!.reference, payerName: "Buyer", receivedOn: "2026-11-27" }, null, clock()));
  const [d] = await db().select().from(distributions).where(eq(distributions.settlementId, settlement.id));
  const lines = await db().select().from(distributionLines).where(eq(distributionLines.distributionId, d!.id)).orderBy(asc(distributionLines.position));
  const lineOf = (organisationId: string) => lines.find((l) => l.organisationId === organisationId)!;
  return { fx, distribution: d!, bankLine: lineOf(fx.bank.id), guarantorLine: lineOf(fx.shares.guarantor!.organisationId) };
}

const payoutOf = async (lineId: string) => (await db().select().from(payouts).where(eq(payouts.distributionLineId, lineId)))[0] ?? null;
const transfersTo = (lineId: string) => [...standIn.transfers.values()].filter((t) => (t.metadata as Record<string, string>).lineId === lineId);
const eventsOf = (objectId: string) => standIn.events.filter((e) => (JSON.parse(e.payload) as { data: { object: { id: string } } }).data.object.id === objectId);
const transferKeys = (lineId: string) => standIn.requests.filter((r) => r.path === "/v1/transfers" && r.idempotencyKey?.startsWith(`payout-${lineId}`)).map((r) => r.idempotencyKey);

describe("onboarding", () => {
  it("an admin creates the organisation's Express account once and is sent to Stripe; account.updated (delivered twice) enables payouts once", async () => {
    standIn.autoDeliver = false;
    const email = `connect-admin-${Date.now()}@bank.example`;
    const { organisationId } = await verifiedOrganisation(server.origin, "bank", email, `Connect Bank ${Date.now()}`);
    const admin = await signedInVisitor(server.origin, email, "en", TEST_PASSWORD);
    expect(await pageText(admin, "/organisation")).toContain("Set up payouts by Stripe");

    const csrf = await admin.csrfToken("/organisation");
    const first = await admin.post("/organisation/payouts", {}, { csrf });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toMatch(/^https:\/\/connect\.stripe\.test\/setup\/e\/acct_/);
    const [org] = await db().select().from(organisations).where(eq(organisations.id, organisationId));
    expect(org!.stripeAccountId).toMatch(/^acct_/);
    expect(org!.stripePayoutsEnabled).toBe(false);
    expect(standIn.requests.filter((r) => r.path === "/v1/accounts").map((r) => r.idempotencyKey)).toContain(`organisation-${organisationId}-connect-account`);
    expect(standIn.requests.filter((r) => r.path === "/v1/account_links")).toHaveLength(1);

    // Coming back (or a second click) continues with the same account.
    expect(await pageText(admin, "/organisation")).toContain("Continue on Stripe");
    expect((await admin.post("/organisation/payouts", {}, { csrf })).status).toBe(302);
    expect((await db().select().from(organisations).where(eq(organisations.id, organisationId)))[0]!.stripeAccountId).toBe(org!.stripeAccountId);
    expect([...standIn.accounts.values()].filter((a) => (a.metadata as Record<string, string>).organisationId === organisationId)).toHaveLength(1);

    standIn.onboard(org!.stripeAccountId!);
    const [updated] = eventsOf(org!.stripeAccountId!).filter((e) => e.type === "account.updated");
    // Stripe sends connected accounts' events from the Connect endpoint, signed with its own secret.
    expect(await standIn.deliver(updated!, { secret: "whsec_someone_else" })).toBe(400);
    expect(await Promise.all([standIn.deliver(updated!, { secret: CONNECT_SECRET }), standIn.deliver(updated!, { secret: CONNECT_SECRET })])).toEqual([200, 200]);
    expect((await db().select().from(organisations).where(eq(organisations.id, organisationId)))[0]!.stripePayoutsEnabled).toBe(true);
    expect(await db().select().from(stripeEvents).where(eq(stripeEvents.id, updated!.id))).toHaveLength(1);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, "organisation.stripe_payouts_enabled"), eq(auditEvents.subjectId, organisationId)))).toHaveLength(1);

    // Stripe's return link re-reads the account and tells the admin.
    const back = await admin.get("/organisation/payouts?step=return");
    expect(back.headers.get("location")).toBe("/organisation?done=payouts-enabled");
    expect(await pageText(admin, "/organisation?done=payouts-enabled")).toContain("Stripe has enabled transfers to your account");
    expect(await pageText(admin, "/organisation")).toContain("Payouts by Stripe are on");
  });

  it("a member who is not an admin cannot start it", async () => {
    const bidder = await signedInVisitor(server.origin, "bank.analyst@demo.ipx.example");
    const reply = await bidder.post("/organisation/payouts", {}, { csrf: await bidder.csrfToken("/organisation") });
    expect(reply.status).toBe(403);
  });
});

describe("transfers", () => {
  it("a connected bank is paid by one transfer (the job run twice, webhooks repeated); an unconnected guarantor's payout is recorded as before", async () => {
    standIn.autoDeliver = true;
    let accountId = "";
    const { fx, distribution, bankLine, guarantorLine } = await soldAndPaid(async (bankId) => (accountId = await connectedAt(bankId, true)));
    // Someone at the bank and at the guarantor to tell (the fixture's organisations have no members).
    for (const org of [fx.bank.id, guarantorLine.organisationId!]) await memberOf(db(), org);
    // At commit: the guarantor's payout recorded (cash leg posted), the bank's payable standing until its transfer.
    expect(await payoutOf(guarantorLine.id)).toMatchObject({ status: "recorded", stripeTransferId: null });
    await expectBooksBalanced(db());

    await Promise.all([services.payouts.transferDistribution(distribution.id), services.payouts.transferDistribution(distribution.id)]);
    await services.payouts.transferDistribution(distribution.id);
    await expect.poll(async () => (await payoutOf(bankLine.id))?.status, { timeout: 5_000 }).toBe("transferred");
    const [transfer] = transfersTo(bankLine.id);
    expect(transfersTo(bankLine.id)).toHaveLength(1);
    expect(transfer).toMatchObject({ amount: Number(bankLine.amount), currency: "cny", destination: accountId, transfer_group: distribution.id });
    expect(new Set(transferKeys(bankLine.id))).toEqual(new Set([`payout-${bankLine.id}-transfer-1`]));
    expect(transfersTo(guarantorLine.id)).toEqual([]);
    const paid = (await payoutOf(bankLine.id))!;
    expect(paid).toMatchObject({ stripeTransferId: transfer!.id, failureMessage: null });
    expect(paid.transferredAt).toBeInstanceOf(Date);
    expect(await payableOf(fx.bank.id)).toBe(0n);
    // The bank is told once (the job ran three times), the guarantor's recorded payout tells nothing.
    const told = await db().select({ organisationId: notifications.organisationId }).from(notifications).where(and(eq(notifications.kind, "payout_transferred"), eq(notifications.link, "/statements")));
    expect(new Set(told.map((n) => n.organisationId))).toEqual(new Set([fx.bank.id]));

    // Every copy of the transfer's webhook changes nothing more: one cash leg for the bank's line.
    const copies = [...eventsOf(transfer!.id), ...eventsOf(transfer!.id)];
    expect(copies.length).toBeGreaterThan(0);
    for (const e of copies) expect(await standIn.deliver(e)).toBe(200);
    const legs = await db().select().from(journalEntries).where(and(eq(journalEntries.distributionId, distribution.id), eq(journalEntries.memo, `stripe transfer ${transfer!.id}`)));
    expect(legs).toHaveLength(1);
    await expectBooksBalanced(db());

    // Operators see both through the API, each with its state.
    const all = await api(server.origin, "GET", "/payouts", { token: operator });
    expect(all.body!.filter((p: { lineId: string }) => [bankLine.id, guarantorLine.id].includes(p.lineId)).map((p: { status: string }) => p.status).sort()).toEqual(["recorded", "transferred"]);
  });

  it("a transfer Stripe refuses is failed with its reason and the payable still owed; an operator's retry transfers it once, under a new key", async () => {
    standIn.autoDeliver = true;
    const { fx, distribution, bankLine } = await soldAndPaid((bankId) => connectedAt(bankId, false));
    await services.payouts.transferDistribution(distribution.id);
    const failed = (await payoutOf(bankLine.id))!;
    expect(failed).toMatchObject({ status: "failed", stripeTransferId: null });
    expect(failed.failureMessage).toMatch(/capabilities/);
    expect(await payableOf(fx.bank.id)).toBe(bankLine.amount);
    await expectBooksBalanced(db());
    // The job running again does not retry on its own: a refused attempt waits for an operator.
    await services.payouts.transferDistribution(distribution.id);
    expect(transferKeys(bankLine.id)).toEqual([`payout-${bankLine.id}-transfer-1`]);

    const page = await pageText(await signedInVisitor(server.origin, "operator@demo.ipx.example"), "/operator/payouts");
    expect(page).toContain("Failed transfers");
    expect(page).toContain(failed.failureMessage!.slice(0, 40));

    // Access: another organisation neither sees nor retries it.
    const other = await verifiedOrganisation(server.origin, "risk_fund", `connect-other-${Date.now()}@fund.example`);
    expect((await api(server.origin, "GET", "/payouts", { token: other.token })).body).toEqual([]);
    expect((await api(server.origin, "POST", `/payouts/${failed.id}/retry`, { token: other.token })).status).toBe(403);

    standIn.onboard((await db().select().from(organisations).where(eq(organisations.id, fx.bank.id)))[0]!.stripeAccountId!);
    const retried = await api(server.origin, "POST", `/payouts/${failed.id}/retry`, { token: operator });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ id: failed.id, status: "transferred", failureMessage: null });
    expect(transfersTo(bankLine.id)).toHaveLength(1);
    expect(transferKeys(bankLine.id)).toEqual([`payout-${bankLine.id}-transfer-1`, `payout-${bankLine.id}-transfer-2`]);
    expect(await payableOf(fx.bank.id)).toBe(0n);
    expect((await api(server.origin, "POST", `/payouts/${failed.id}/retry`, { token: operator })).body!.error.code).toBe("PAYOUT_NOT_RETRYABLE");
    await expectBooksBalanced(db());
  });

  it("a reversed transfer puts the cash back and the payable owed again, once; a retry pays it again", async () => {
    standIn.autoDeliver = false;
    const { fx, distribution, bankLine } = await soldAndPaid((bankId) => connectedAt(bankId, true));
    await services.payouts.transferDistribution(distribution.id);
    const paid = (await payoutOf(bankLine.id))!;
    expect(paid.status).toBe("transferred");

    standIn.reverseTransfer(paid.stripeTransferId!);
    const [reversed] = eventsOf(paid.stripeTransferId!).filter((e) => e.type === "transfer.reversed");
    expect(await Promise.all([standIn.deliver(reversed!), standIn.deliver(reversed!)])).toEqual([200, 200]);
    // A late copy of the transfer's creation does not revive it.
    for (const e of eventsOf(paid.stripeTransferId!)) await standIn.deliver(e);
    expect(await payoutOf(bankLine.id)).toMatchObject({ status: "failed", failureMessage: "reversed", transferredAt: null });
    expect(await payableOf(fx.bank.id)).toBe(bankLine.amount);
    expect(await db().select().from(journalEntries).where(and(eq(journalEntries.distributionId, distribution.id), eq(journalEntries.kind, "payout_reversed")))).toHaveLength(1);
    await expectBooksBalanced(db());

    // The operator retries from the page (a plain form, no JavaScript).
    const desk = await signedInVisitor(server.origin, "operator@demo.ipx.example", "zh");
    expect(await pageText(desk, "/operator/payouts")).toContain("重新转账");
    const retried = await desk.post("/operator/payouts", { id: paid.id });
    expect(retried.headers.get("location")).toBe("/operator/payouts?done=transferred");
    expect(await pageText(desk, "/operator/payouts?done=transferred")).toContain("该笔款项已转账");
    const again = (await payoutOf(bankLine.id))!;
    expect(again.status).toBe("transferred");
    expect(again.stripeTransferId).not.toBe(paid.stripeTransferId);
    expect(await payableOf(fx.bank.id)).toBe(0n);
    await expectBooksBalanced(db());
  });

  it("a transfer Stripe made whose answer was lost is recorded by its webhook or by the reconciliation, never made twice", async () => {
    standIn.autoDeliver = false;
    const { distribution, bankLine } = await soldAndPaid((bankId) => connectedAt(bankId, true));
    // The job's call reached Stripe, but the process died before recording it: Stripe holds the transfer under attempt 1's key.
    const [line] = await db().select({ accountId: organisations.stripeAccountId }).from(organisations).where(eq(organisations.id, bankLine.organisationId!));
    await services.payments.card!.gateway.createTransfer(bankLine.id, 1, { amount: bankLine.amount, currency: "CNY", destination: line!.accountId!, transferGroup: distribution.id, metadata: { lineId: bankLine.id, distributionId: distribution.id } });
    const result = await services.payouts.reconcile();
    expect(result.transferred).toBeGreaterThanOrEqual(1);
    expect(transfersTo(bankLine.id)).toHaveLength(1);
    expect(await payoutOf(bankLine.id)).toMatchObject({ status: "transferred", stripeTransferId: transfersTo(bankLine.id)[0]!.id });
    // The transfer's own webhooks, late, change nothing: still one transfer, transferred once.
    const late = eventsOf(transfersTo(bankLine.id)[0]!.id);
    expect(late.length).toBeGreaterThan(0);
    for (const e of late) expect(await standIn.deliver(e)).toBe(200);
    expect(transfersTo(bankLine.id)).toHaveLength(1);
    expect(await payoutOf(bankLine.id)).toMatchObject({ status: "transferred" });
    await expectBooksBalanced(db());
  });
});

describe("without a Stripe key", () => {
  it("no onboarding is offered and the route sends the admin back", async () => {
    const plain = await startTestServer();
    try {
      const email = `plain-admin-${Date.now()}@bank.example`;
      await verifiedOrganisation(plain.origin, "bank", email);
      const admin = new Visitor(plain.origin);
      expect((await admin.login(email, TEST_PASSWORD)).status).toBe(302);
      const text = await pageText(admin, "/organisation");
      expect(text).not.toContain("Payouts by Stripe");
      const reply = await admin.post("/organisation/payouts", {}, { csrf: await admin.csrfToken("/organisation") });
      expect(reply.headers.get("location")).toBe("/organisation");
    } finally {
      await plain.stop();
    }
  });
});
