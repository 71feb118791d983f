import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributionLines, distributions, journalEntries, journalLines, licenceAgreements, licenceApplications, listings, payments, payouts, settlements } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { statementOf } from "../../server/services/recoveries/statements";
import { reportRoyalty } from "../../server/services/recoveries/royalties";
import { settlementDeadline } from "../../server/services/settlements/default";
import { openSettlement } from "../../server/services/settlements/open";
import { confirmDeposit } from "../support/lots";
import { defaultedCase, organisation } from "../support/recovery-fixture";
import { type TestDatabase, startTestDatabase } from "../support/test-server";
import { expectBooksBalanced } from "../support/money-model";

/**
 * Proceeds through the waterfall via the real hooks: a settlement paid by a bank receipt, a default's forfeited
 * deposit. Every expected line is worked out by hand in the comments; a distribution's lines sum to the amount
 * distributed (the price, or the deposit), never the buyer's premium.
 */
let server: TestDatabase;
let services: Services;
let clock = new Date("2026-11-27T02:00:00Z");
const DAY = 86_400_000;
const policy = { platformFeeBps: 100 };

beforeAll(async () => {
  server = await startTestDatabase();
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  services = buildServices({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => clock });
});
afterAll(() => server?.stop());

const db = () => server.db.db;

async function sell(listingId: string, buyer: string, price: bigint) {
  const [l] = await db().select().from(listings).where(eq(listings.id, listingId));
  return db().transaction((tx) => openSettlement(tx, { listing: l!, buyerOrganisationId: buyer, price, awardId: null }, policy, clock));
}

let serial = 0;
async function payBalance(settlementId: string) {
  const [p] = await db().select().from(payments).where(and(eq(payments.settlementId, settlementId), eq(payments.purpose, "balance")));
  await db().transaction((tx) => services.payments.recordReceiptInTx(tx, { bankSerial: `DIST-${++serial}-${p!.reference}`, amount: Number(p!.amount), currency: "CNY", reference: p!.reference, payerName: "Buyer", receivedOn: "2026-11-28" }, null, clock));
}

async function linesFor(where: { settlementId: string; source: "sale" | "forfeited_deposit" | "discount" }) {
  const [d] = await db().select().from(distributions).where(and(eq(distributions.settlementId, where.settlementId), eq(distributions.source, where.source)));
  if (!d) return null;
  const lines = await db().select().from(distributionLines).where(eq(distributionLines.distributionId, d.id)).orderBy(asc(distributionLines.position));
  return { distribution: d, lines: lines.map((l) => [l.component, l.partyName, l.amount] as const), rows: lines };
}

describe("pro rata: fund 54 / bank 26 / insurer 16 / valuer 4, every sharer having paid its share", () => {
  // Claim at default: interest 80,000 + penalty 20,000, principal 900,000 (EAD 1,000,000); an appraisal of 20,000 advanced by the bank.
  const sharers = [
    { role: "bank" as const, name: "bank", shareBps: 2600, paid: 0n },
    { role: "risk_fund" as const, name: "fund", shareBps: 5400, paid: 540_000n },
    { role: "insurer" as const, name: "insurer", shareBps: 1600, paid: 160_000n },
    { role: "valuer" as const, name: "valuer", shareBps: 400, paid: 40_000n },
  ];
  let fx: Awaited<ReturnType<typeof defaultedCase>>;
  let buyerX: string;
  let buyerY: string;
  const name = (who: string) => (who === "bank" ? fx.bank.name : fx.shares[who]!.partyName);

  beforeAll(async () => {
    fx = await defaultedCase(db(), { mode: "pro_rata", sharers, claim: { costs: 0n, interest: 80_000n, penalty: 20_000n, principal: 900_000n }, costs: [{ kind: "appraisal", amount: 20_000n }] });
    buyerX = (await organisation(db(), "Buyer X", "investor")).id;
    buyerY = (await organisation(db(), "Buyer Y", "investor")).id;
  });

  it("a default's forfeited deposit (100,000) pays the appraisal, then interest split by share", async () => {
    await confirmDeposit(db(), fx.listing.id, buyerX, "X1");
    const s = await sell(fx.listing.id, buyerX, 720_000n);
    clock = new Date(s.dueAt.getTime() + 1_000);
    expect(await db().transaction((tx) => settlementDeadline(tx, s.id, policy, clock))).toBe("relist");
    const got = await linesFor({ settlementId: s.id, source: "forfeited_deposit" });
    // 100,000 − appraisal 20,000 = 80,000 of interest: bank 26% 20,800, fund 43,200, insurer 12,800, valuer 3,200.
    expect(got!.lines).toEqual([
      ["disposal_cost", fx.bank.name, 20_000n],
      ["interest", name("bank"), 20_800n],
      ["interest", name("fund"), 43_200n],
      ["interest", name("insurer"), 12_800n],
      ["interest", name("valuer"), 3_200n],
    ]);
    expect(got!.distribution).toMatchObject({ amount: 100_000n, source: "forfeited_deposit", disposalCaseId: fx.kase.id, inKind: false });
    expect(got!.distribution.paymentId).not.toBeNull();
    expect(await db().select().from(distributions).where(eq(distributions.settlementId, s.id))).toHaveLength(1);
    await expectBooksBalanced(db());
  });

  it("the relisted sale at 700,000, paid: the rest of the interest, then principal by share; the premium stays the platform's", async () => {
    clock = new Date(clock.getTime() + DAY);
    await db().update(listings).set({ status: "open" }).where(eq(listings.id, fx.listing.id));
    const s = await sell(fx.listing.id, buyerY, 700_000n);
    expect(s.buyerPremium).toBeGreaterThan(0n);
    await payBalance(s.id);
    expect((await db().select().from(settlements).where(eq(settlements.id, s.id)))[0]!.status).toBe("paid");
    const got = await linesFor({ settlementId: s.id, source: "sale" });
    // Interest left 20,000: 5,200 / 10,800 / 3,200 / 800. Principal 680,000: 176,800 / 367,200 / 108,800 / 27,200 (each within what the sharer paid less what it got back).
    expect(got!.lines).toEqual([
      ["interest", name("bank"), 5_200n],
      ["interest", name("fund"), 10_800n],
      ["interest", name("insurer"), 3_200n],
      ["interest", name("valuer"), 800n],
      ["principal", name("bank"), 176_800n],
      ["principal", name("fund"), 367_200n],
      ["principal", name("insurer"), 108_800n],
      ["principal", name("valuer"), 27_200n],
    ]);
    expect(got!.lines.reduce((sum, l) => sum + l[2], 0n)).toBe(700_000n);
    // Every line paid out (recorded), and the seller's escrow for this settlement is empty again.
    const paid = await db().select().from(payouts).where(eq(payouts.organisationId, fx.shares.fund!.organisationId));
    expect(paid.map((p) => p.amount).sort()).toEqual([10_800n, 367_200n, 43_200n].sort());
    // The fund's statement: its three lines, 43,200 + 10,800 + 367,200 = 421,200 owed and paid out.
    const statement = await statementOf(db(), fx.shares.fund!.organisationId);
    expect(statement.allotted.map((l) => [l.source, l.component, l.amount]).sort()).toEqual([["forfeited_deposit", "interest", 43_200n], ["sale", "interest", 10_800n], ["sale", "principal", 367_200n]]);
    expect(statement.totals).toEqual([expect.objectContaining({ currency: "CNY", allotted: 421_200n, paidOut: 421_200n, payable: 0n })]);
    const escrow = await db()
      .select({ amount: journalLines.amount })
      .from(journalLines)
      .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
      .where(and(eq(journalEntries.settlementId, s.id), eq(journalLines.account, "escrow")));
    expect(escrow.reduce((sum, l) => sum + l.amount, 0n)).toBe(0n);
    await expectBooksBalanced(db());
  });

  it("a licence royalty reported and paid: the rest of the principal by share, then royalty_to_holder to the licensor", async () => {
    const licensee = await organisation(db(), "Licensee", "licensee");
    const [application] = await db().insert(licenceApplications).values({ listingId: fx.listing.id, applicantOrganisationId: licensee.id, kind: "apply", terms: {}, status: "accepted", createdAt: clock }).returning();
    const [agreement] = await db().insert(licenceAgreements).values({ listingId: fx.listing.id, applicationId: application!.id, licenseeOrganisationId: licensee.id, kind: "exclusive", terms: { royaltyBps: 500 }, startsOn: "2026-01-01", createdAt: clock }).returning();
    // Net sales 6,000,000 at 5% = 300,000 due.
    const { payment } = await db().transaction((tx) => reportRoyalty(tx, { licenceAgreementId: agreement!.id, periodStart: "2026-01-01", periodEnd: "2026-06-30", netSales: 6_000_000n, reportedBy: null }, clock));
    expect(payment).toMatchObject({ purpose: "royalty", amount: 300_000n, payerOrganisationId: licensee.id });
    await db().transaction((tx) => services.payments.recordReceiptInTx(tx, { bankSerial: `ROY-${payment!.reference}`, amount: 300_000, currency: "CNY", reference: payment!.reference, payerName: "Licensee", receivedOn: "2026-12-01" }, null, clock));
    const [d] = await db().select().from(distributions).where(eq(distributions.paymentId, payment!.id));
    const lines = (await db().select().from(distributionLines).where(eq(distributionLines.distributionId, d!.id)).orderBy(asc(distributionLines.position))).map((l) => [l.component, l.partyName, l.amount]);
    // Principal left 900,000 − 680,000 = 220,000: 57,200 / 118,800 / 35,200 / 8,800 (the fund, insurer and valuer exactly at what they paid); 80,000 to the right holder.
    expect(lines).toEqual([
      ["principal", name("bank"), 57_200n],
      ["principal", name("fund"), 118_800n],
      ["principal", name("insurer"), 35_200n],
      ["principal", name("valuer"), 8_800n],
      ["royalty_to_holder", fx.bank.name, 80_000n],
    ]);
    await expectBooksBalanced(db());
  });
});

describe("subrogated: the guarantor behind the bank (bank 60 / guarantor 40, the guarantor paid 400,000), private preset with a 1% platform fee", () => {
  it("a sale at 800,000: fee 8,000 first, interest to the bank, then principal to the bank up to its unpaid balance, the rest to the guarantor", async () => {
    const fx = await defaultedCase(db(), {
      mode: "subrogated",
      preset: "private",
      sharers: [
        { role: "bank", name: "bank", shareBps: 6000, paid: 0n },
        { role: "guarantor", name: "guarantor", shareBps: 4000, paid: 400_000n },
      ],
      claim: { costs: 0n, interest: 100_000n, penalty: 0n, principal: 900_000n },
    });
    const buyer = (await organisation(db(), "Buyer S", "investor")).id;
    const s = await sell(fx.listing.id, buyer, 800_000n);
    expect(s.platformFee).toBe(8_000n);
    await payBalance(s.id);
    await payBalance(s.id); // a second transfer after the settlement is paid is owed back, not distributed again
    const got = await linesFor({ settlementId: s.id, source: "sale" });
    // 792,000 after the fee. Bank unpaid = 1,000,000 − 400,000 paid by the guarantor = 600,000: interest 100,000, principal 500,000 → bank; 192,000 → guarantor.
    expect(got!.lines).toEqual([
      ["disposal_cost", "platform", 8_000n],
      ["interest", fx.bank.name, 100_000n],
      ["principal", fx.bank.name, 500_000n],
      ["principal", fx.shares.guarantor!.partyName, 192_000n],
    ]);
    expect(await db().select().from(distributions).where(eq(distributions.settlementId, s.id))).toHaveLength(1);
    // The fee is income, not a payout.
    expect(await db().select().from(payouts).where(eq(payouts.distributionLineId, got!.rows[0]!.id))).toEqual([]);
    const fees = await db()
      .select({ amount: journalLines.amount })
      .from(journalLines)
      .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
      .where(and(eq(journalEntries.settlementId, s.id), eq(journalEntries.kind, "distribution"), eq(journalLines.account, "fees")));
    expect(fees).toEqual([{ amount: -8_000n }]);
    await expectBooksBalanced(db());
  });
});

describe("an owner's own IP (no disposal case)", () => {
  it("pays everything net of the fee to the seller in one line", async () => {
    const seller = await organisation(db(), "Owner", "ip_owner");
    const buyer = (await organisation(db(), "Buyer O", "investor")).id;
    const [l] = await db().insert(listings).values({ organisationId: seller.id, mode: "fixed_price", preset: "private", status: "open", title: "Own right", price: 1n, terms: {}, createdAt: clock, updatedAt: clock }).returning();
    const s = await sell(l!.id, buyer, 300_000n);
    await payBalance(s.id);
    expect((await linesFor({ settlementId: s.id, source: "sale" }))!.lines).toEqual([
      ["disposal_cost", "platform", 3_000n],
      ["surplus", seller.name, 297_000n],
    ]);
    await expectBooksBalanced(db());
  });
});
