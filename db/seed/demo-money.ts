import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { disposalCaseAssets, listings, loans, lots, payments, riskShares, settlements } from "../schema";
import { addDays, chinaDate } from "../../server/domain/calendar-date";
import { defaultAuctionTerms } from "../../server/domain/listings/presets";
import { jsonSafe } from "../../server/domain/money";
import { sharerCeiling } from "../../server/domain/proceeds/inputs";
import { CostInputSchema } from "../../server/domain/schemas/recovery-inputs";
import { CreateListingSchema } from "../../server/domain/schemas/listings";
import type { Services } from "../../server/services";
import { principalFor } from "./principal";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Two demo sales taken to their distribution through the real services, so a fresh start shows dashboards with
 * figures: the demo bank declares two more loans in default (one shared pro rata with the fund, the insurer and a
 * valuer, one guaranteed with subrogation), records an appraisal it paid and what each risk-sharer paid it on the
 * loss, auctions each case's rights, an investor wins with a deposit confirmed by the operator, and the operator
 * records the buyer's bank transfer of the balance by its reference. The settlement paid, the distribution service
 * runs the waterfall. Idempotent: nothing happens once the first of these loans is in default.
 */
const SALES = [
  { reference: "YH-2024-0105", price: 220_000_000, title: "柔性显示驱动专利包（已成交） Flexible display driver patents (sold)" },
  { reference: "YH-2024-0107", price: 800_000_000, title: "工业机器人减速器专利组合（已成交） Industrial robot reducer patents (sold)" },
] as const;

export async function seedDemoMoney(db: Db, services: Services, now: Date): Promise<void> {
  const bank = await principalFor(db, "bank@demo.ipx.example");
  const operator = await principalFor(db, "operator@demo.ipx.example");
  const buyer = await principalFor(db, "investor2@demo.ipx.example");
  const today = chinaDate(now);
  const must = <T extends { ok: boolean }>(r: T, what: string) => {
    if (!r.ok) throw new Error(`demo money: ${what}: ${JSON.stringify(r)}`);
    return r as Extract<T, { ok: true }>;
  };
  for (const [i, sale] of SALES.entries()) {
    const [loan] = await db.select().from(loans).where(and(eq(loans.organisationId, bank.organisation.id), eq(loans.reference, sale.reference)));
    if (!loan || loan.status !== "performing") return;
    const defaulted = must(await services.loans.declareDefault(bank, loan.id, { defaultedOn: addDays(today, -150 + i * 20), principal: loan.outstandingPrincipal, interest: loan.principal / 50n, penaltyInterest: loan.principal / 400n, costs: 0n }), `default ${sale.reference}`);
    const caseId = defaulted.caseId;
    must(await services.recoveryInputs.recordCost(bank, caseId, CostInputSchema.parse({ kind: "appraisal", description: "处置前评估报告 Pre-sale appraisal", amount: 1_800_000, incurredOn: addDays(today, -120 + i * 20) })), "appraisal cost");
    const ead = defaulted.exposureAtDefault;
    for (const share of await db.select().from(riskShares).where(eq(riskShares.loanId, loan.id))) {
      if (share.role === "bank") continue;
      must(await services.recoveryInputs.recordSharerPayment(bank, caseId, { riskShareId: share.id, amount: sharerCeiling(ead, share.shareBps), paidOn: addDays(today, -110 + i * 20) }), `payment of ${share.partyName}`);
    }

    const assetIds = (await db.select({ id: disposalCaseAssets.assetId }).from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, caseId))).map((a) => a.id);
    const terms = { ...(jsonSafe(defaultAuctionTerms("private", null, now)) as Record<string, unknown>), startPrice: sale.price, deposit: sale.price / 10, incrementKind: "fixed", increment: 1_000_000 };
    const id = must(await services.listings.create(bank, CreateListingSchema.parse({ mode: "english_auction", preset: "private", title: sale.title, description: "质权人依法处置，已成交并完成分配。", region: "CN-GD", assetIds, disposalCaseId: caseId, terms })), sale.title).id;
    must(await services.listings.submit(bank, id), "submit");
    must(await services.listings.review(operator, id, { verdict: "approve" }), "approve");
    await db.update(listings).set({ announceAt: new Date(now.getTime() - 10 * DAY), opensAt: new Date(now.getTime() - 2 * DAY), closesAt: new Date(now.getTime() + HOUR) }).where(eq(listings.id, id));
    await services.listings.transition(id, "open");
    const deposit = must(await services.deposits.request(buyer, id), "deposit");
    must(await services.deposits.confirm(operator, deposit.registration.id), "confirm deposit");
    const bid = await services.bids.place(buyer, { lotId: id, amount: sale.price, clientBidId: `demo-money-${i}` });
    if (!bid.ok) throw new Error(`demo money: bid: ${JSON.stringify(bid)}`);
    // The bidding time runs out now rather than in an hour, and the lot closes into a settlement.
    await db.update(lots).set({ endsAt: new Date(now.getTime() - 1_000) }).where(eq(lots.listingId, id));
    await services.bids.closeLot(id);

    const [settlement] = await db.select().from(settlements).where(eq(settlements.listingId, id));
    if (!settlement) throw new Error(`demo money: ${sale.reference}: the close opened no settlement`);
    const [balance] = await db.select().from(payments).where(and(eq(payments.settlementId, settlement.id), eq(payments.purpose, "balance")));
    if (balance && balance.amount > 0n) {
      const receipt = await services.payments.recordReceipt(operator, { bankSerial: `DEMO-${sale.reference}`, amount: Number(balance.amount), currency: balance.currency, reference: balance.reference, payerName: buyer.organisation.name, receivedOn: today });
      if (receipt.outcome !== "matched") throw new Error(`demo money: receipt ${sale.reference}: ${receipt.outcome}`);
    }
  }
}
