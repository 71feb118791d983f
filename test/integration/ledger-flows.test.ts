import { and, eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributionLines, journalEntries, journalLines, listings, lotDeposits, payments } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { type Services, buildServices } from "../../server/services";
import { EventBus } from "../../server/services/events";
import { trialBalance } from "../../server/services/ledger/trial-balance";
import { releaseDeposit } from "../../server/services/payments/deposit-money";
import { requestPayment } from "../../server/services/payments/requests";
import { settlementDeadline } from "../../server/services/settlements/default";
import { openSettlement } from "../../server/services/settlements/open";
import { defaultedCase, organisation } from "../support/recovery-fixture";
import { type TestServer, startTestServer } from "../support/test-server";

/**
 * Random money flows on the real services in one database: bidders' deposits by bank transfer (receipts through
 * the payments port; card deposits are covered by payments-stripe.test.ts and not mixed in here), losers'
 * deposits released at the close, the winner's applied, the balance paid (sometimes over-paid: the excess owed
 * back) or left to default (the deposit forfeited and distributed). After every flow each entry balances, the
 * trial balance is zero, and per-party totals match a recomputation from the flows' own figures.
 */
let server: TestServer;
let services: Services;
let clock = new Date("2026-12-01T02:00:00Z");
const policy = { platformFeeBps: 150 };

beforeAll(async () => {
  server = await startTestServer();
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl, LOG_LEVEL: "silent" });
  services = buildServices({ db: server.db.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => clock });
});
afterAll(() => server?.stop());

const db = () => server.db.db;
let serial = 0;

async function receiveTransfer(reference: string, amount: bigint) {
  await db().transaction((tx) => services.payments.recordReceiptInTx(tx, { bankSerial: `FLOW-${++serial}`, amount: Number(amount), currency: "CNY", reference, payerName: "payer", receivedOn: "2026-12-01" }, null, clock));
}

/** The ledger's balance of one account for one party, over the entries of the given payments and settlement. */
async function balanceOf(account: string, organisationId: string) {
  const [row] = await db()
    .select({ sum: sql<string>`coalesce(sum(${journalLines.amount}), 0)` })
    .from(journalLines)
    .where(and(eq(journalLines.account, account), eq(journalLines.organisationId, organisationId)));
  return BigInt(row!.sum);
}

const Flow = fc.record({
  principal: fc.bigInt({ min: 100_000n, max: 5_000_000n }),
  interest: fc.bigInt({ min: 0n, max: 500_000n }),
  fundPaidBps: fc.integer({ min: 0, max: 10_000 }),
  mode: fc.constantFrom("pro_rata" as const, "subrogated" as const),
  preset: fc.constantFrom("judicial" as const, "private" as const),
  deposit: fc.bigInt({ min: 1_000n, max: 200_000n }),
  losers: fc.integer({ min: 0, max: 2 }),
  price: fc.bigInt({ min: 200_000n, max: 8_000_000n }),
  outcome: fc.constantFrom("paid" as const, "overpaid" as const, "defaulted" as const),
  overBy: fc.bigInt({ min: 1n, max: 50_000n }),
});

describe("random money flows keep the ledger balanced", () => {
  it("after every flow: entries balance, the trial balance is zero, parties' totals match a recomputation", async () => {
    await fc.assert(
      fc.asyncProperty(Flow, async (f) => {
        clock = new Date(clock.getTime() + 86_400_000);
        const fundBps = 5000;
        const ead = f.principal + f.interest;
        const fundPaid = (((ead * BigInt(fundBps)) / 10_000n) * BigInt(f.fundPaidBps)) / 10_000n;
        const fx = await defaultedCase(db(), {
          mode: f.mode,
          preset: f.preset,
          sharers: [
            { role: "bank", name: "bank", shareBps: 10_000 - fundBps, paid: 0n },
            { role: "risk_fund", name: "fund", shareBps: fundBps, paid: fundPaid },
          ],
          claim: { costs: 0n, interest: f.interest, penalty: 0n, principal: f.principal },
          costs: [{ kind: "appraisal", amount: 5_000n }],
        });
        // Bidders register and pay their deposits by bank transfer; the winner is the first.
        const bidders = await Promise.all(Array.from({ length: 1 + f.losers }, (_, i) => organisation(db(), `Bidder ${i}`, "investor")));
        const depositIds: string[] = [];
        for (const [i, b] of bidders.entries()) {
          const [d] = await db().insert(lotDeposits).values({ listingId: fx.listing.id, organisationId: b.id, bidderCode: `B${i}`, method: "bank_transfer", status: "requested", amount: f.deposit, requestedAt: clock }).returning();
          const p = await db().transaction((tx) => requestPayment(tx, { payerOrganisationId: b.id, purpose: "deposit", method: "bank_transfer", lotDepositId: d!.id, currency: "CNY", amount: f.deposit }, clock));
          await receiveTransfer(p.reference, f.deposit);
          depositIds.push(d!.id);
        }
        expect((await db().select().from(lotDeposits).where(inArray(lotDeposits.id, depositIds))).every((d) => d.status === "confirmed")).toBe(true);
        // The close: losers released, the winner's settlement opened with its deposit applied.
        for (const id of depositIds.slice(1)) await db().transaction((tx) => releaseDeposit(tx, id, clock));
        const [l] = await db().select().from(listings).where(eq(listings.id, fx.listing.id));
        const s = await db().transaction((tx) => openSettlement(tx, { listing: l!, buyerOrganisationId: bidders[0]!.id, price: f.price, awardId: null }, policy, clock));
        const [balance] = await db().select().from(payments).where(and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance")));
        if (f.outcome === "defaulted") {
          clock = new Date(s.dueAt.getTime() + 1_000);
          await db().transaction((tx) => settlementDeadline(tx, s.id, policy, clock));
        } else if (balance) {
          await receiveTransfer(balance.reference, balance.amount + (f.outcome === "overpaid" ? f.overBy : 0n));
        }

        const tb = await trialBalance(db());
        expect(tb.unbalancedEntries).toEqual([]);
        for (const t of tb.totals) expect(t.balance).toBe(0n);
        // Recomputed from the flow's own figures: losers owe nothing held; the buyer's deposit is applied or forfeited.
        for (const loser of bidders.slice(1)) expect(await balanceOf("deposits_held", loser.id)).toBe(0n);
        expect(await balanceOf("deposits_held", bidders[0]!.id)).toBe(0n);
        const over = f.outcome === "overpaid" && balance ? f.overBy : 0n;
        expect(await balanceOf("refunds_due", bidders[0]!.id)).toBe(-over);
        expect(await balanceOf("receivable", bidders[0]!.id)).toBe(0n);
        // The seller's escrow is empty: what came in (price, or the forfeited deposit) went out through the waterfall.
        expect(await balanceOf("escrow", fx.bank.id)).toBe(0n);
        const distributed = f.outcome === "defaulted" ? f.deposit : f.price;
        const [lines] = await db()
          .select({ sum: sql<string>`coalesce(sum(${distributionLines.amount}), 0)` })
          .from(distributionLines)
          .innerJoin(journalEntries, eq(journalEntries.distributionId, distributionLines.distributionId))
          .where(and(eq(journalEntries.settlementId, s.id), eq(journalEntries.kind, "distribution")));
        expect(BigInt(lines!.sum)).toBe(distributed);
        // Every party's payable is paid out; the fund never gets back more than it paid.
        expect(await balanceOf("payable", fx.bank.id)).toBe(0n);
        const fundGot = (await db().select().from(distributionLines).where(eq(distributionLines.riskShareId, fx.shares.fund!.id))).reduce((sum, r) => sum + r.amount, 0n);
        expect(fundGot <= fundPaid).toBe(true);
      }),
      { numRuns: 24 },
    );
  });
});
