import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listings, lotDeposits, settlements } from "../../../db/schema";
import { appendAudit } from "../audit";
import { tellOrganisations } from "../listings/notices";
import { requestPayment } from "../payments/requests";
import { linesTo, settlementProceeds, waterfallLines } from "../recoveries/distribute";
import { settlementLink } from "./link";

type SettlementRow = typeof settlements.$inferSelect;
type OffsetBasis = Pick<SettlementRow, "listingId" | "disposalCaseId" | "sellerOrganisationId" | "currency" | "price" | "platformFee" | "buyerOrganisationId">;

/** Whether the buyer won with a credit bid: the selling creditor's confirmed registration without a deposit. */
export async function isCreditBidder(tx: DbOrTx, listingId: string, buyer: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: lotDeposits.id })
    .from(lotDeposits)
    .where(and(eq(lotDeposits.listingId, listingId), eq(lotDeposits.organisationId, buyer), eq(lotDeposits.method, "credit_bid"), eq(lotDeposits.status, "confirmed")));
  return row !== undefined;
}

/**
 * A credit bidder's offset: what the price would pay the buyer's own organisation through the waterfall as it
 * stands (its costs advanced, its share of its claim after senior claims and risk sharers). It pays the rest in cash.
 */
export async function creditOffsetOf(tx: DbOrTx, s: OffsetBasis): Promise<bigint> {
  const base = await settlementProceeds(tx, s);
  return linesTo(await waterfallLines(tx, { ...base, amount: s.price, platformFee: s.platformFee }), s.buyerOrganisationId);
}

/**
 * Before a credit bid's settlement is paid, the offset is checked against the waterfall as it stands now. A
 * larger share leaves the offset as it was (the excess is paid out to the buyer in cash). A smaller one (someone
 * else's cost or a risk sharer's payment recorded since the award) lowers the offset and asks the buyer for the
 * difference in cash: the settlement stays awaiting payment. Returns whether the offset still holds.
 */
export async function creditOffsetHolds(tx: DbOrTx, s: SettlementRow, now: Date): Promise<boolean> {
  if (s.creditOffset === 0n) return true;
  const own = await creditOffsetOf(tx, s);
  if (own >= s.creditOffset) return true;
  const raise = s.creditOffset - own;
  await tx.update(settlements).set({ creditOffset: own, balanceDue: s.balanceDue + raise, updatedAt: now }).where(eq(settlements.id, s.id));
  const payment = await requestPayment(tx, { payerOrganisationId: s.buyerOrganisationId, purpose: "balance", method: "bank_transfer", settlementId: s.id, currency: s.currency, amount: raise }, now);
  const data = { was: s.creditOffset.toString(), now: own.toString(), raise: raise.toString(), reference: payment.reference };
  await appendAudit(tx, { action: "settlement.credit_offset_lowered", organisationId: s.sellerOrganisationId, subjectType: "settlement", subjectId: s.id, data }, now);
  const [listing] = await tx.select({ id: listings.id, title: listings.title }).from(listings).where(eq(listings.id, s.listingId));
  await tellOrganisations(tx, [s.buyerOrganisationId], listing!, "settlement_balance_raised", now, settlementLink(s.id));
  return false;
}
