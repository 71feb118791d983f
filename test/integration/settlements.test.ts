import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bidderBars, disposalCaseAssets, disposalCases, journalEntries, journalLines, listingAssets, listings, lotDeposits, notifications, organisations, payments, pledgeAssets, pledges, settlements } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { type Bidder, confirmDeposit, insertAuction, verifiedBidders } from "../support/lots";
import { TEST_PASSWORD, demoToken } from "../support/organisations";
import { type TestServer, startTestServer } from "../support/test-server";
import { Visitor, api } from "../support/visitor";

/**
 * From an award to a completed or defaulted sale, against the real server (auctions close on its timers)
 * and, for deadlines, the same services on a clock the test moves. Expected figures are worked out here.
 */
let server: TestServer;
let services: Services;
let clock = new Date();
let bank: string;
let operator: string;
let bankOrg: string;
let a: Bidder;
let b: Bidder;
let c: Bidder;
let caseIds: string[];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: "always" });
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  services = buildServices({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => clock });
  bank = await demoToken(server.origin, "bank@demo.ipx.example");
  operator = await demoToken(server.origin, "operator@demo.ipx.example");
  [a, b, c] = (await verifiedBidders(server.origin, 3, "settle")) as [Bidder, Bidder, Bidder];
  const [org] = await server.db.db.select().from(organisations).where(eq(organisations.kind, "bank")).limit(1);
  bankOrg = org!.id;
  caseIds = (await server.db.db.select({ id: disposalCases.id }).from(disposalCases).where(eq(disposalCases.organisationId, bankOrg))).map((k) => k.id);
  // Every earlier attempt of the demo cases ends, so each case's next step follows only from this file's sales.
  await server.db.db.update(listings).set({ status: "withdrawn" }).where(inArray(listings.disposalCaseId, caseIds));
});
afterAll(() => server?.stop());

type Sale = { preset: "judicial" | "private"; caseId: string | null; bids: Array<[Bidder, number]>; startPrice: number };

/** An open auction of the demo bank (on a case's rights when given), the bids placed through the API, then awaited to its close. */
async function auctioned(sale: Sale): Promise<{ listingId: string; settlement: typeof settlements.$inferSelect }> {
  const { id } = await insertAuction(server.db.db, { endsInMs: 2_500, startPrice: sale.startPrice, increment: 10_000 });
  await server.db.db.update(listings).set({ preset: sale.preset, disposalCaseId: sale.caseId }).where(eq(listings.id, id));
  if (sale.caseId) {
    const assets = await server.db.db.select({ assetId: disposalCaseAssets.assetId }).from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, sale.caseId));
    await server.db.db.insert(listingAssets).values(assets.map((x) => ({ listingId: id, assetId: x.assetId })));
  }
  const bidders = [...new Set(sale.bids.map(([who]) => who))];
  for (const [i, who] of bidders.entries()) await confirmDeposit(server.db.db, id, who.organisationId, `S${i}`);
  for (const [i, [who, amount]] of sale.bids.entries()) {
    const placed = await api(server.origin, "POST", `/lots/${id}/bids`, { token: who.token, body: { amount, clientBidId: `bid-${i}` } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  }
  for (let i = 0; i < 100; i++) {
    const [s] = await server.db.db.select().from(settlements).where(eq(settlements.listingId, id));
    if (s) return { listingId: id, settlement: s };
    await sleep(100);
  }
  throw new Error("the lot did not close into a settlement");
}

async function entries(settlementId: string) {
  const rows = await server.db.db
    .select({ kind: journalEntries.kind, account: journalLines.account, organisationId: journalLines.organisationId, amount: journalLines.amount })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(eq(journalEntries.settlementId, settlementId));
  return rows;
}

/** The buyer's bank transfer for the balance, recorded by an operator quoting the payment's reference (the real payments port). */
let serial = 0;
async function receive(settlementId: string, amount: bigint) {
  const [payment] = await server.db.db.select().from(payments).where(and(eq(payments.settlementId, settlementId), eq(payments.purpose, "balance")));
  const body = { bankSerial: `SETTLE-${settlementId.slice(0, 8)}-${++serial}`, amount: Number(amount), currency: "CNY", reference: payment!.reference, payerName: "Buyer", receivedOn: "2026-11-27" };
  const recorded = await api(server.origin, "POST", "/operator/bank-receipts", { token: operator, body });
  expect(recorded.status).toBe(201);
  const [s] = await server.db.db.select().from(settlements).where(eq(settlements.id, settlementId));
  return s!;
}

describe("a judicial sale that completes", () => {
  let id: string;
  let listingId: string;

  it("the close opens a settlement: commission across two bands as the buyer's premium, the deposit applied, the ledger entries", async () => {
    // ¥2,500,000: 5% of ¥2m + 3% of ¥0.5m = ¥115,000 commission.
    const sold = await auctioned({ preset: "judicial", caseId: caseIds[0]!, bids: [[a, 250_000_000]], startPrice: 250_000_000 });
    id = sold.settlement.id;
    listingId = sold.listingId;
    expect(sold.settlement).toMatchObject({ status: "awaiting_payment", source: "sale", buyerOrganisationId: a.organisationId, sellerOrganisationId: bankOrg, disposalCaseId: caseIds[0], price: 250_000_000n, buyerPremium: 11_500_000n, platformFee: 0n, depositApplied: 100_000n, balanceDue: 261_400_000n });
    expect(sold.settlement.dueAt.getTime() - sold.settlement.createdAt.getTime()).toBe(10 * DAY);
    const [deposit] = await server.db.db.select().from(lotDeposits).where(and(eq(lotDeposits.listingId, listingId), eq(lotDeposits.organisationId, a.organisationId)));
    expect(deposit!.status).toBe("applied");
    const lines = await entries(id);
    expect(lines.filter((l) => l.kind === "settlement_created").map((l) => [l.account, l.amount]).sort()).toEqual([["escrow", -250_000_000n], ["fees", -11_500_000n], ["receivable", 261_500_000n]]);
    expect(lines.filter((l) => l.kind === "deposit_applied").map((l) => [l.account, l.organisationId, l.amount]).sort()).toEqual([["deposits_held", a.organisationId, 100_000n], ["receivable", a.organisationId, -100_000n]]);
    const [payment] = await server.db.db.select().from(payments).where(eq(payments.settlementId, id));
    expect(payment).toMatchObject({ purpose: "balance", method: "bank_transfer", status: "pending", amount: 261_400_000n });

    const view = await api(server.origin, "GET", `/settlements/${id}`, { token: a.token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ role: "buyer", owed: 261_400_000, buyerPremium: 11_500_000, payment: { reference: payment!.reference, amount: 261_400_000 } });
  });

  it("the checklist waits for payment; balance received in two parts → paid, the excess owed back", async () => {
    expect((await api(server.origin, "POST", `/settlements/${id}/checklist`, { token: bank, body: { step: "transfer_filed" } })).body!.error.code).toBe("SETTLEMENT_NOT_PAID");
    expect(await receive(id, 200_000_000n)).toMatchObject({ status: "awaiting_payment" });
    expect((await api(server.origin, "GET", `/settlements/${id}`, { token: a.token })).body).toMatchObject({ owed: 61_400_000 });
    expect(await receive(id, 70_000_000n)).toMatchObject({ status: "paid" });
    // The buyer was told to pay when the settlement opened; both sides are told it is paid (in-app, linking the settlement).
    const told = await server.db.db.select({ kind: notifications.kind, organisationId: notifications.organisationId }).from(notifications).where(eq(notifications.link, `/settlements/${id}`));
    expect([...new Set(told.filter((n) => n.organisationId === a.organisationId).map((n) => n.kind))].sort()).toEqual(["settlement_opened", "settlement_paid"]);
    expect(told.filter((n) => n.organisationId === bankOrg).map((n) => n.kind)).toContain("settlement_paid");
    const [s] = await server.db.db.select().from(settlements).where(eq(settlements.id, id));
    expect(s!.status).toBe("paid");
    expect((await server.db.db.select().from(listings).where(eq(listings.id, listingId)))[0]!.status).toBe("settled");
    const [payment] = await server.db.db.select().from(payments).where(and(eq(payments.settlementId, id), eq(payments.purpose, "balance")));
    expect(payment).toMatchObject({ status: "succeeded", received: 270_000_000n });
    // The excess is owed back to the buyer (the payments port's entry on the payment).
    const refund = await server.db.db
      .select({ kind: journalEntries.kind, organisationId: journalLines.organisationId, amount: journalLines.amount })
      .from(journalLines)
      .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
      .where(and(eq(journalEntries.paymentId, payment!.id), eq(journalLines.account, "refunds_due")));
    expect(refund).toEqual([{ kind: "overpayment", organisationId: a.organisationId, amount: -8_600_000n }]);
  });

  it("the filing pack: page with the registry numbers and pledges, PDF; strangers see nothing", async () => {
    const pack = await api(server.origin, "GET", `/settlements/${id}/filing-pack`, { token: a.token });
    expect(pack.status).toBe(200);
    expect(pack.body!.rights.length).toBeGreaterThan(0);
    expect(pack.body!.pledges.length).toBeGreaterThan(0);
    const visitor = new Visitor(server.origin);
    expect((await visitor.login(a.email, TEST_PASSWORD)).status).toBe(302);
    const html = await (await visitor.get(`/settlements/${id}/filing-pack`)).text();
    for (const r of pack.body!.rights as Array<{ registryNumber: string }>) expect(html).toContain(r.registryNumber);
    for (const p of pack.body!.pledges as string[]) expect(html).toContain(p);
    const pdf = await visitor.get(`/settlements/${id}/filing-pack.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");
    expect((await visitor.get(`/settlements/${id}`)).status).toBe(200);

    expect((await api(server.origin, "GET", `/settlements/${id}`, { token: b.token })).status).toBe(404);
    expect((await api(server.origin, "GET", `/settlements/${id}/filing-pack`, { token: b.token })).status).toBe(404);
    expect((await api(server.origin, "POST", `/settlements/${id}/checklist`, { token: b.token, body: { step: "transfer_filed" } })).status).toBe(404);
    expect(((await api(server.origin, "GET", "/settlements", { token: b.token })).body!.settlements as Array<{ id: string }>).map((s) => s.id)).not.toContain(id);
    const stranger = new Visitor(server.origin);
    expect((await stranger.login(b.email, TEST_PASSWORD)).status).toBe(302);
    expect((await stranger.get(`/settlements/${id}`)).status).toBe(404);
    expect((await stranger.get(`/settlements/${id}/filing-pack.pdf`)).status).toBe(404);
  });

  it("the seller ticks the checklist (the buyer may not); the last step completes it and cancels the seller's pledges", async () => {
    expect((await api(server.origin, "POST", `/settlements/${id}/checklist`, { token: a.token, body: { step: "transfer_filed" } })).status).toBe(403);
    for (const step of ["transfer_filed", "transfer_recorded"]) expect((await api(server.origin, "POST", `/settlements/${id}/checklist`, { token: bank, body: { step } })).body).toEqual({ status: "paid" });
    expect((await api(server.origin, "POST", `/settlements/${id}/checklist`, { token: bank, body: { step: "pledge_cancelled" } })).body).toEqual({ status: "completed" });
    const assetIds = (await server.db.db.select({ id: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, listingId))).map((x) => x.id);
    const pledged = await server.db.db.select({ status: pledges.status }).from(pledgeAssets).innerJoin(pledges, eq(pledges.id, pledgeAssets.pledgeId)).where(inArray(pledgeAssets.assetId, assetIds));
    expect(pledged.length).toBeGreaterThan(0);
    expect(pledged.every((p) => p.status === "cancelled")).toBe(true);
    const view = await api(server.origin, "GET", `/settlements/${id}`, { token: a.token });
    expect(view.body!.status).toBe("completed");
    expect(view.body!.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(["created", "paid", "checklist_ticked", "completed"]));
  });
});

describe("defaults at the deadline", () => {
  it("judicial: unpaid → defaulted, deposit forfeited, defaulter barred (its bids refused BARRED), the case offers the re-auction", async () => {
    const { settlement: s, listingId } = await auctioned({ preset: "judicial", caseId: caseIds[1]!, bids: [[b, 100_000_000]], startPrice: 100_000_000 });
    clock = new Date(s.dueAt.getTime() - 1_000);
    expect(await services.settlements.deadline(s.id)).toBe("skipped");
    clock = new Date(s.dueAt.getTime() + 1_000);
    expect(await services.settlements.deadline(s.id)).toBe("relist");
    expect(await services.settlements.deadline(s.id)).toBe("skipped");
    const [after] = await server.db.db.select().from(settlements).where(eq(settlements.id, s.id));
    expect(after!.status).toBe("defaulted");
    const [deposit] = await server.db.db.select().from(lotDeposits).where(and(eq(lotDeposits.listingId, listingId), eq(lotDeposits.organisationId, b.organisationId)));
    expect(deposit!.status).toBe("forfeited");
    const recorded = await server.db.db.select().from(payments).where(eq(payments.settlementId, s.id));
    expect(recorded.map((p) => [p.purpose, p.status, p.amount]).sort()).toEqual([["balance", "canceled", s.balanceDue], ["deposit", "succeeded", 100_000n]]);
    const lines = await entries(s.id);
    expect(lines.filter((l) => l.kind === "reversal")).toHaveLength(5);
    expect(lines.filter((l) => l.kind === "deposit_forfeited").map((l) => [l.account, l.organisationId, l.amount]).sort()).toEqual([["deposits_held", b.organisationId, 100_000n], ["escrow", bankOrg, -100_000n]]);
    // Nothing is left owing on the receivable once the sale is reversed.
    expect(lines.filter((l) => l.account === "receivable").reduce((sum, l) => sum + l.amount, 0n)).toBe(0n);
    expect(await server.db.db.select().from(bidderBars).where(eq(bidderBars.settlementId, s.id))).toHaveLength(1);
    expect((await server.db.db.select().from(listings).where(eq(listings.id, listingId)))[0]!.status).toBe("unsold");
    const kase = await api(server.origin, "GET", `/disposal-cases/${caseIds[1]}`, { token: bank });
    expect(kase.body!.nextStep).toMatchObject({ kind: "relist" });

    // The re-auction of the same case: the defaulter is refused, others bid.
    const { id: again } = await insertAuction(server.db.db, { endsInMs: 60_000, startPrice: 80_000_000 });
    await server.db.db.update(listings).set({ preset: "judicial", disposalCaseId: caseIds[1]! }).where(eq(listings.id, again));
    await confirmDeposit(server.db.db, again, b.organisationId, "R1");
    await confirmDeposit(server.db.db, again, c.organisationId, "R2");
    const refused = await api(server.origin, "POST", `/lots/${again}/bids`, { token: b.token, body: { amount: 80_000_000, clientBidId: "again-1" } });
    expect(refused.status).toBe(403);
    expect(refused.body!.error.code).toBe("BARRED");
    expect((await api(server.origin, "POST", `/lots/${again}/bids`, { token: c.token, body: { amount: 80_000_000, clientBidId: "again-2" } })).status).toBe(201);
  });

  it("private: the platform fee is the seller's; on default the runner-up is offered the lot at its own highest bid", async () => {
    const { settlement: s, listingId } = await auctioned({ preset: "private", caseId: null, bids: [[a, 1_000_000], [c, 1_010_000], [a, 1_020_000], [c, 1_030_000]], startPrice: 1_000_000 });
    expect(s).toMatchObject({ buyerOrganisationId: c.organisationId, price: 1_030_000n, buyerPremium: 0n, platformFee: 10_300n, depositApplied: 100_000n, balanceDue: 930_000n, disposalCaseId: null });
    clock = new Date(s.dueAt.getTime() + 1);
    expect(await services.settlements.deadline(s.id)).toBe("runner_up");
    const offered = await server.db.db.select().from(settlements).where(eq(settlements.supersedesId, s.id));
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatchObject({ buyerOrganisationId: a.organisationId, price: 1_020_000n, platformFee: 10_200n, depositApplied: 0n, balanceDue: 1_020_000n, status: "awaiting_payment" });
    expect(offered[0]!.dueAt.getTime()).toBe(clock.getTime() + 10 * DAY);
    expect((await server.db.db.select().from(listings).where(eq(listings.id, listingId)))[0]!.status).toBe("awarded");
    // The defaulter is barred from this listing (no case): it cannot be offered it again.
    expect(await server.db.db.select().from(bidderBars).where(and(eq(bidderBars.listingId, listingId), eq(bidderBars.organisationId, c.organisationId)))).toHaveLength(1);
    expect((await api(server.origin, "GET", `/settlements/${offered[0]!.id}`, { token: a.token })).body).toMatchObject({ role: "buyer", owed: 1_020_000 });
  });
});
