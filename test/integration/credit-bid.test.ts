import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposalCosts, distributionLines, distributions, journalEntries, journalLines, listingAssets, listings, loans, payments, payouts, pledgeAssets, pledges, settlements } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { recoveriesOf } from "../../server/services/recoveries/recoveries";
import { owedOn } from "../../server/services/settlements/balance";
import { settlementDeadline } from "../../server/services/settlements/default";
import { openSettlement } from "../../server/services/settlements/open";
import { filingPack, settlementDetail } from "../../server/services/settlements/views";
import { confirmDeposit } from "../support/lots";
import { defaultedCase, organisation } from "../support/recovery-fixture";
import { type TestDatabase, startTestDatabase } from "../support/test-server";
import { expectBooksBalanced } from "../support/money-model";

/**
 * A credit bid: the selling creditor wins its own lot and pays in cash only what the price does not pay back to
 * itself (the platform fee, the senior pledgee, the guarantor's share); the rest is set off at the distribution.
 * Every figure is worked out by hand in the comments.
 */
let server: TestDatabase;
let services: Services;
const clock = new Date("2026-11-27T02:00:00Z");
const policy = { platformFeeBps: 100 };
const db = () => server.db.db;

beforeAll(async () => {
  server = await startTestDatabase();
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  services = buildServices({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => clock });
});
afterAll(() => server?.stop());

/**
 * The bank's case (interest 100,000, principal 1,000,000, appraisal 20,000 it advanced), a guarantor sharing the
 * loss 50% pro rata that paid 300,000, and a senior pledge (another bank, 200,000) on the same right; the bank
 * registered to credit-bid on its private lot.
 */
async function creditBidLot() {
  const fx = await defaultedCase(db(), { mode: "pro_rata", sharers: [{ role: "guarantor", name: "Guarantor", shareBps: 5_000, paid: 300_000n }], claim: { costs: 0n, interest: 100_000n, penalty: 0n, principal: 1_000_000n }, costs: [{ kind: "appraisal", amount: 20_000n }], preset: "private" });
  const senior = await organisation(db(), "Senior bank", "bank");
  const [loan] = await db()
    .insert(loans)
    .values({ organisationId: senior.id, reference: `S-${crypto.randomUUID().slice(0, 8)}`, borrowerId: fx.pledgor.id, currency: "CNY", principal: 200_000n, rateBps: 400, disbursedOn: "2023-05-01", maturesOn: "2026-05-01", status: "performing", outstandingPrincipal: 200_000n })
    .returning();
  const [pledge] = await db().insert(pledges).values({ loanId: loan!.id, registryPledgeNumber: `P-S-${crypto.randomUUID().slice(0, 8)}`, registeredAt: new Date("2023-06-01T00:00:00Z"), pledgorId: fx.pledgor.id, securedAmount: 200_000n, currency: "CNY" }).returning();
  const [asset] = await db().select().from(listingAssets).where(eq(listingAssets.listingId, fx.listing.id));
  await db().insert(pledgeAssets).values({ pledgeId: pledge!.id, assetId: asset!.assetId });
  await confirmDeposit(db(), fx.listing.id, fx.bank.id, "C1", "credit_bid", 1_100_000n);
  return { ...fx, senior, guarantor: fx.shares.Guarantor! };
}

async function sell(listingId: string, buyer: string, price: bigint) {
  const [l] = await db().select().from(listings).where(eq(listings.id, listingId));
  return db().transaction((tx) => openSettlement(tx, { listing: l!, buyerOrganisationId: buyer, price, awardId: null }, policy, clock));
}

let serial = 0;
async function payPendingBalance(settlementId: string) {
  const [open] = await db().select().from(payments).where(and(eq(payments.settlementId, settlementId), eq(payments.purpose, "balance"), eq(payments.status, "pending")));
  if (!open) throw new Error("no balance payment is awaited");
  await db().transaction((tx) => services.payments.recordReceiptInTx(tx, { bankSerial: `CREDIT-${++serial}-${open.reference}`, amount: Number(open.amount), currency: "CNY", reference: open.reference, payerName: "Bank", receivedOn: "2026-11-28" }, null, clock));
  return open;
}

async function saleLines(settlementId: string) {
  const [d] = await db().select().from(distributions).where(and(eq(distributions.settlementId, settlementId), eq(distributions.source, "sale")));
  if (!d) return null;
  return db().select().from(distributionLines).where(eq(distributionLines.distributionId, d.id)).orderBy(asc(distributionLines.position));
}

describe("credit bid", () => {
  it("at 1,000,000: offset 490,000 (the bank's own lines), 510,000 in cash; paid, the lines sum to the price and the bank's lines are set off", async () => {
    const fx = await creditBidLot();
    const s = await sell(fx.listing.id, fx.bank.id, 1_000_000n);
    // Fee 10,000; appraisal 20,000 (bank); senior 200,000; interest 100,000 → bank 50,000, guarantor 50,000; principal 670,000 →
    // 335,000 each, the guarantor capped at 250,000 (paid 300,000 − 50,000), so the bank 420,000. Bank: 20,000 + 50,000 + 420,000.
    expect(s).toMatchObject({ price: 1_000_000n, platformFee: 10_000n, depositApplied: 0n, creditOffset: 490_000n, balanceDue: 510_000n, status: "awaiting_payment" });
    const [asked] = await db().select().from(payments).where(eq(payments.settlementId, s.id));
    expect(asked!.amount).toBe(510_000n);
    // The settlement's view and its filing pack show the offset; the buyer owes 510,000 in cash.
    expect(await settlementDetail(db(), s, "buyer")).toMatchObject({ creditOffset: 490_000n, balanceDue: 510_000n, owed: 510_000n });
    expect(await filingPack(db(), s)).toMatchObject({ price: 1_000_000n, creditOffset: 490_000n });

    await payPendingBalance(s.id);
    const [paid] = await db().select().from(settlements).where(eq(settlements.id, s.id));
    expect(paid!.status).toBe("paid");
    const lines = (await saleLines(s.id))!;
    expect(lines.map((l) => [l.component, l.organisationId, l.amount])).toEqual([
      ["disposal_cost", null, 10_000n],
      ["disposal_cost", fx.bank.id, 20_000n],
      ["principal", fx.senior.id, 200_000n],
      ["interest", fx.bank.id, 50_000n],
      ["interest", fx.guarantor.organisationId, 50_000n],
      ["principal", fx.bank.id, 420_000n],
      ["principal", fx.guarantor.organisationId, 250_000n],
    ]);
    expect(lines.reduce((sum, l) => sum + l.amount, 0n)).toBe(1_000_000n);
    // Nothing is owed any more: the set-off closed the receivable. The bank's lines were paid by set-off (no cash leg), the others in cash.
    expect(await owedOn(db(), s)).toBe(0n);
    const setOff = await db().select({ account: journalLines.account, organisationId: journalLines.organisationId, amount: journalLines.amount }).from(journalLines).innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId)).where(and(eq(journalEntries.settlementId, s.id), eq(journalEntries.kind, "credit_set_off")));
    expect(setOff.find((l) => l.account === "receivable")).toMatchObject({ organisationId: fx.bank.id, amount: -490_000n });
    expect(setOff.some((l) => l.account === "cash")).toBe(false);
    const cashOut = await db().select({ amount: journalLines.amount }).from(journalLines).innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId)).where(and(eq(journalEntries.settlementId, s.id), eq(journalEntries.kind, "payout"), eq(journalLines.account, "cash")));
    expect(cashOut.reduce((sum, l) => sum + l.amount, 0n)).toBe(-500_000n);
    expect(await db().select().from(payouts).where(eq(payouts.organisationId, fx.bank.id))).toHaveLength(3);
    // The bank's recovery counts the set-off lines (interest 50,000 + principal 420,000).
    const [recovery] = await recoveriesOf(db(), [fx.loan.id], 0);
    expect(recovery!.recovery.byParty.find((p) => p.organisationId === fx.bank.id)?.total).toBe(470_000n);
    await expectBooksBalanced(db());
  });

  it("a cost advanced by someone else recorded after the award lowers the offset: the bank is asked for the 30,000 difference in cash before the sale is paid", async () => {
    const fx = await creditBidLot();
    const s = await sell(fx.listing.id, fx.bank.id, 1_000_000n);
    expect(s.creditOffset).toBe(490_000n);
    const agent = await organisation(db(), "Registry agent", "appraiser");
    await db().insert(disposalCosts).values({ disposalCaseId: fx.kase.id, kind: "registry_fee", currency: "CNY", amount: 30_000n, incurredOn: "2026-11-27", paidByOrganisationId: agent.id, paidByName: agent.name, createdAt: clock });

    await payPendingBalance(s.id);
    // The waterfall now pays the agent 30,000 ahead of the claims: the bank's principal falls to 390,000, its own lines to 460,000.
    const [after] = await db().select().from(settlements).where(eq(settlements.id, s.id));
    expect(after).toMatchObject({ status: "awaiting_payment", creditOffset: 460_000n, balanceDue: 540_000n });
    expect(await saleLines(s.id)).toBeNull();
    const extra = await db().select().from(payments).where(and(eq(payments.settlementId, s.id), eq(payments.status, "pending")));
    expect(extra.map((p) => p.amount)).toEqual([30_000n]);

    await payPendingBalance(s.id);
    const [paid] = await db().select().from(settlements).where(eq(settlements.id, s.id));
    expect(paid!.status).toBe("paid");
    const lines = (await saleLines(s.id))!;
    expect(lines.reduce((sum, l) => sum + l.amount, 0n)).toBe(1_000_000n);
    expect(lines.filter((l) => l.organisationId === fx.bank.id).reduce((sum, l) => sum + l.amount, 0n)).toBe(460_000n);
    expect(lines.find((l) => l.organisationId === agent.id)?.amount).toBe(30_000n);
    expect(await owedOn(db(), s)).toBe(0n);
    await expectBooksBalanced(db());
  });

  it("a credit bidder that pays part of the cash and defaults is owed back what it paid, not the offset", async () => {
    const fx = await creditBidLot();
    const s = await sell(fx.listing.id, fx.bank.id, 1_000_000n);
    const [asked] = await db().select().from(payments).where(eq(payments.settlementId, s.id));
    await db().transaction((tx) => services.payments.recordReceiptInTx(tx, { bankSerial: `CREDIT-PART-${asked!.reference}`, amount: 100_000, currency: "CNY", reference: asked!.reference, payerName: "Bank", receivedOn: "2026-11-28" }, null, clock));
    const late = new Date(s.dueAt.getTime() + 1_000);
    await db().transaction((tx) => settlementDeadline(tx, s.id, policy, late));
    const [after] = await db().select().from(settlements).where(eq(settlements.id, s.id));
    expect(after!.status).toBe("defaulted");
    expect(await owedOn(db(), s)).toBe(0n);
    const refundsDue = await db().select({ amount: journalLines.amount }).from(journalLines).innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId)).where(and(eq(journalEntries.settlementId, s.id), eq(journalLines.account, "refunds_due")));
    expect(refundsDue.reduce((sum, l) => sum + l.amount, 0n)).toBe(-100_000n);
    await expectBooksBalanced(db());
  });

  it("a credit bid on a lot whose price goes wholly to the bank: only the buyer's premium is paid in cash, the price is set off", async () => {
    const fx = await defaultedCase(db(), { claim: { costs: 0n, interest: 0n, penalty: 0n, principal: 900_000n }, preset: "judicial" });
    await confirmDeposit(db(), fx.listing.id, fx.bank.id, "C1", "credit_bid", 900_000n);
    const s = await sell(fx.listing.id, fx.bank.id, 600_000n);
    // Judicial preset: no platform fee, but the buyer's premium is paid in cash on top; the price goes wholly to the bank.
    expect(s.creditOffset).toBe(600_000n);
    expect(s.balanceDue).toBe(s.buyerPremium);
    expect(s.buyerPremium > 0n).toBe(true);
    await payPendingBalance(s.id);
    const [paid] = await db().select().from(settlements).where(eq(settlements.id, s.id));
    expect(paid!.status).toBe("paid");
    expect((await saleLines(s.id))!.map((l) => [l.component, l.organisationId, l.amount])).toEqual([["principal", fx.bank.id, 600_000n]]);
    await expectBooksBalanced(db());
  });

  it("an ordinary winner (a bank-transfer deposit) pays the whole balance: no offset", async () => {
    const fx = await creditBidLot();
    const buyer = await organisation(db(), "Buyer", "investor");
    await confirmDeposit(db(), fx.listing.id, buyer.id, "X1");
    const s = await sell(fx.listing.id, buyer.id, 1_000_000n);
    // The bank-transfer deposit (100,000) is applied; the rest is owed in cash.
    expect(s).toMatchObject({ creditOffset: 0n, depositApplied: 100_000n, balanceDue: 900_000n });
  });
});
