import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { listingIntents, payments } from "../../../../db/schema";
import { appendAudit } from "../../audit";
import { insertWithCode } from "../../bidding/deposits-code";
import { releaseIntentDeposit } from "../../payments/deposit-money";
import type { PaymentRow } from "../../payments/received";
import type { SettlementPolicy } from "../../settlements/open";
import { type ListingRow, awardListing, lockListing, tell } from "./common";

type IntentRow = typeof listingIntents.$inferSelect;

/** A listed transfer is decided by the intents confirmed when its notice ends; later ones do not count. */
export function noticeOver(l: ListingRow, now: Date): boolean {
  return l.mode === "listed_transfer" && l.opensAt !== null && l.opensAt <= now;
}

/** May a deposit still make this intent count: a listed transfer before its notice ends, a fixed-price sale not yet won. */
export function takingIntents(l: ListingRow | undefined, now: Date): l is ListingRow {
  return Boolean(l && ["listed_transfer", "fixed_price"].includes(l.mode) && ["announced", "open"].includes(l.status) && !noticeOver(l, now));
}

/**
 * An intent's deposit is in place (by the money: a bank transfer received in full, a card hold authorised; or no
 * deposit asked): it counts. On a fixed-price sale the first such buyer wins at once and the others are released.
 * Called with the listing locked.
 */
export async function confirmIntent(tx: DbOrTx, l: ListingRow, intent: IntentRow, policy: SettlementPolicy, now: Date) {
  await tx.update(listingIntents).set({ depositStatus: "confirmed", depositConfirmedAt: now }).where(eq(listingIntents.id, intent.id));
  await appendAudit(tx, { action: "transfer.deposit_confirmed", organisationId: l.organisationId, subjectType: "listing", subjectId: l.id, data: { intentId: intent.id } }, now);
  await tell(tx, [intent.buyerOrganisationId], l, "transfer_deposit_confirmed", now);
  if (l.mode !== "fixed_price") return;
  await awardListing(tx, l, intent.buyerOrganisationId, l.price, now, policy);
  await appendAudit(tx, { action: "listing.awarded", organisationId: l.organisationId, subjectType: "listing", subjectId: l.id, data: { buyer: intent.buyerOrganisationId, price: l.price.toString() } }, now);
  await tell(tx, [intent.buyerOrganisationId, l.organisationId], l, "listing_awarded", now);
  await releaseOtherIntents(tx, l.id, intent.buyerOrganisationId, now);
}

/**
 * The deposit handler's part for intents, inside the payment's transaction (`lockPayment` locked the listing
 * first). Money that arrives once the listing no longer takes intents (won by another, notice over, unsold) is
 * released at once: a transfer refunded, a hold cancelled.
 */
export async function intentDepositArrived(tx: DbOrTx, payment: PaymentRow, policy: SettlementPolicy, now: Date) {
  const [intent] = await tx.select().from(listingIntents).where(eq(listingIntents.id, payment.listingIntentId!)).for("update");
  if (!intent) return;
  const l = await lockListing(tx, intent.listingId);
  if (intent.depositStatus === "requested" && takingIntents(l, now)) return confirmIntent(tx, l, intent, policy, now);
  if (intent.depositStatus === "requested" || intent.depositStatus === "released") {
    await releaseIntentDeposit(tx, intent.id, now);
    await appendAudit(tx, { action: "transfer.deposit_released", organisationId: l!.organisationId, subjectType: "listing", subjectId: l!.id, data: { intentId: intent.id, reason: "too_late" } }, now);
  }
}

/** A listing decided: every buyer's intent but the winner's is released (its money returned, its transfer no longer asked for). */
export async function releaseOtherIntents(tx: DbOrTx, listingId: string, winner: string | null, now: Date) {
  const open = await tx
    .select({ id: listingIntents.id })
    .from(listingIntents)
    .where(and(eq(listingIntents.listingId, listingId), inArray(listingIntents.depositStatus, ["requested", "confirmed"]), winner ? ne(listingIntents.buyerOrganisationId, winner) : undefined));
  for (const i of open) await releaseIntentDeposit(tx, i.id, now);
}

/**
 * A listed transfer turned auction: a confirmed buyer's deposit becomes its registration to bid, with a bidder
 * code, without asking again. The paid payment moves to the registration (`lot_deposit_id`, keeping its intent),
 * so the auction's close releases or applies it like any lot deposit and a default forfeits it; the intent is
 * marked applied — its deposit now stands as the registration's, whose status is the one that moves on.
 */
export async function carryIntentToAuction(tx: DbOrTx, intent: IntentRow, currency: string) {
  const [paid] = await tx.select().from(payments).where(and(eq(payments.listingIntentId, intent.id), inArray(payments.status, ["held", "succeeded"]), isNull(payments.settlementId)));
  const { row } = await insertWithCode(tx, {
    listingId: intent.listingId,
    organisationId: intent.buyerOrganisationId,
    method: paid?.method === "card" ? "card" : "bank_transfer",
    status: "confirmed",
    amount: intent.depositAmount,
    currency,
    requestedAt: intent.createdAt,
    confirmedAt: intent.depositConfirmedAt,
    confirmedBy: intent.depositConfirmedBy,
  });
  if (paid) await tx.update(payments).set({ lotDepositId: row.id }).where(eq(payments.id, paid.id));
  await tx.update(listingIntents).set({ depositStatus: "applied" }).where(eq(listingIntents.id, intent.id));
}
