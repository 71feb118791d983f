import { and, desc, eq, inArray, isNotNull, isNull, max, ne, notInArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { bidderBars, bids, journalEntries, listingIntents, listings, lotDeposits, payments, settlements, tenderBids } from "../../../db/schema";
import { appendAudit } from "../audit";
import { postEntry, reverseEntry } from "../ledger/journal";
import { withdrawCardIntent } from "../payments/open-requests";
import { requestPayment } from "../payments/requests";
import { tellOrganisations } from "../listings/notices";
import { distributeForfeitedDeposit } from "../recoveries/distribute";
import { chinaDate } from "../../domain/calendar-date";
import { type SettlementRow, lockSettlement, owedOn } from "./balance";
import { settlementLink } from "./link";
import { type SettlementPolicy, openSettlement } from "./open";

type ListingRow = typeof listings.$inferSelect;

/** The best other offer on the listing: the next-highest bidder at its own highest bid (auction), or the next sealed bid (tender). */
async function runnerUp(tx: DbOrTx, l: ListingRow, excluded: readonly string[]): Promise<{ organisationId: string; price: bigint } | null> {
  if (l.mode === "english_auction") {
    const top = max(bids.amount);
    const [row] = await tx
      .select({ organisationId: bids.organisationId, price: top })
      .from(bids)
      .where(and(eq(bids.listingId, l.id), notInArray(bids.organisationId, [...excluded])))
      .groupBy(bids.organisationId)
      .orderBy(desc(top))
      .limit(1);
    return row?.price ? { organisationId: row.organisationId, price: row.price } : null;
  }
  if (l.mode === "tender") {
    const [row] = await tx
      .select({ organisationId: tenderBids.organisationId, price: tenderBids.openedAmount })
      .from(tenderBids)
      .where(and(eq(tenderBids.listingId, l.id), eq(tenderBids.verified, true), isNotNull(tenderBids.rank), notInArray(tenderBids.organisationId, [...excluded])))
      .orderBy(tenderBids.rank)
      .limit(1);
    return row?.price ? { organisationId: row.organisationId, price: row.price } : null;
  }
  return null;
}

/** The defaulter's applied listing intent, and how its deposit was paid (the payment that stood, not an abandoned attempt). */
async function appliedIntent(tx: DbOrTx, s: SettlementRow) {
  const [intent] = await tx
    .select({ id: listingIntents.id, method: payments.method })
    .from(listingIntents)
    .leftJoin(payments, and(eq(payments.listingIntentId, listingIntents.id), isNull(payments.settlementId), eq(payments.purpose, "deposit"), inArray(payments.status, ["held", "succeeded"])))
    .where(and(eq(listingIntents.listingId, s.listingId), eq(listingIntents.buyerOrganisationId, s.buyerOrganisationId), eq(listingIntents.depositStatus, "applied")));
  return intent;
}

/** The defaulter's deposit is forfeited to the seller's escrow (the waterfall distributes it later), recorded as a succeeded deposit payment linked to the settlement. */
async function forfeitDeposit(tx: DbOrTx, s: SettlementRow, now: Date): Promise<bigint> {
  const [deposit] = await tx
    .select()
    .from(lotDeposits)
    .where(and(eq(lotDeposits.listingId, s.listingId), eq(lotDeposits.organisationId, s.buyerOrganisationId), inArray(lotDeposits.status, ["applied", "confirmed"]), ne(lotDeposits.method, "credit_bid")));
  // Else a listed transfer's or fixed-price sale's intent, whose deposit the settlement applied.
  const intent = deposit ? undefined : await appliedIntent(tx, s);
  const amount = deposit?.amount ?? s.depositApplied;
  if (deposit) await tx.update(lotDeposits).set({ status: "forfeited" }).where(eq(lotDeposits.id, deposit.id));
  if (intent) await tx.update(listingIntents).set({ depositStatus: "forfeited" }).where(eq(listingIntents.id, intent.id));
  if (amount === 0n) return 0n;
  const method = (deposit?.method ?? intent?.method) === "card" ? "card" : "bank_transfer";
  const links = { lotDepositId: deposit?.id ?? null, listingIntentId: intent?.id ?? null };
  const record = await requestPayment(tx, { payerOrganisationId: s.buyerOrganisationId, purpose: "deposit", method, status: "succeeded", settlementId: s.id, ...links, currency: s.currency, amount, received: amount }, now);
  await postEntry(
    tx,
    { currency: s.currency, kind: "deposit_forfeited", settlementId: s.id, paymentId: record.id, lines: [{ account: "deposits_held", organisationId: s.buyerOrganisationId, amount }, { account: "escrow", organisationId: s.sellerOrganisationId, amount: -amount }] },
    now,
  );
  await distributeForfeitedDeposit(tx, s, record.id, amount, chinaDate(now), now);
  return amount;
}

export type DeadlineOutcome = "skipped" | "relist" | "runner_up" | "unsold";

/**
 * The balance deadline, run by a job (and safe to run twice: a settlement no longer awaiting payment, or
 * not yet due, is skipped). Unpaid → defaulted: the sale's entries reversed, part-payments owed back, the
 * deposit forfeited, the defaulter barred, and the lot offered again — judicial: unsold, so the disposal
 * case offers the re-auction; private: the runner-up at its own bid, else unsold.
 */
export async function settlementDeadline(tx: DbOrTx, settlementId: string, policy: SettlementPolicy, now: Date): Promise<DeadlineOutcome> {
  const s = await lockSettlement(tx, settlementId);
  if (!s || s.status !== "awaiting_payment" || s.dueAt > now) return "skipped";
  const [l] = await tx.select().from(listings).where(eq(listings.id, s.listingId)).for("update");
  const listing = l!;
  const owedBefore = await owedOn(tx, s);
  await tx.update(settlements).set({ status: "defaulted", defaultedAt: now, updatedAt: now }).where(eq(settlements.id, s.id));
  const entries = await tx.select({ id: journalEntries.id }).from(journalEntries).where(and(eq(journalEntries.settlementId, s.id), inArray(journalEntries.kind, ["settlement_created", "deposit_applied"])));
  for (const e of entries) await reverseEntry(tx, e.id, "payment default", now);
  // What the buyer already paid towards the balance is owed back, not kept.
  // (A credit bid's offset is on the receivable too, but was never paid: it is not owed back.)
  const partPaid = s.balanceDue + s.creditOffset - owedBefore;
  if (partPaid > 0n) {
    await postEntry(tx, { currency: s.currency, kind: "part_payment_refundable", settlementId: s.id, lines: [{ account: "receivable", organisationId: s.buyerOrganisationId, amount: partPaid }, { account: "refunds_due", organisationId: s.buyerOrganisationId, amount: -partPaid }] }, now);
  }
  const withdrawn = await tx.update(payments).set({ status: "canceled", updatedAt: now }).where(and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance"), eq(payments.status, "pending"))).returning();
  for (const p of withdrawn) if (p.method === "card") await withdrawCardIntent(tx, p.id, now);
  const forfeited = await forfeitDeposit(tx, s, now);
  await tx.insert(bidderBars).values({ organisationId: s.buyerOrganisationId, disposalCaseId: s.disposalCaseId, listingId: s.listingId, settlementId: s.id, reason: "payment_default", createdAt: now });
  const audit = { organisationId: s.sellerOrganisationId, subjectType: "settlement", subjectId: s.id };
  await appendAudit(tx, { ...audit, action: "settlement.defaulted", data: { owed: owedBefore.toString(), partPaid: partPaid.toString(), forfeited: forfeited.toString(), barred: s.buyerOrganisationId } }, now);
  await tellOrganisations(tx, [s.buyerOrganisationId, s.sellerOrganisationId], listing, "settlement_defaulted", now, settlementLink(s.id));

  const barred = (await tx.select({ org: bidderBars.organisationId }).from(bidderBars).where(eq(bidderBars.listingId, s.listingId))).map((b) => b.org);
  const next = listing.preset === "private" ? await runnerUp(tx, listing, [...barred, s.buyerOrganisationId]) : null;
  if (next) {
    const offered = await openSettlement(tx, { listing, buyerOrganisationId: next.organisationId, price: next.price, awardId: null, supersedesId: s.id }, policy, now);
    await appendAudit(tx, { ...audit, action: "settlement.offered_to_runner_up", data: { settlementId: offered.id, buyer: next.organisationId, price: next.price.toString() } }, now);
    return "runner_up";
  }
  await tx.update(listings).set({ status: "unsold", updatedAt: now }).where(eq(listings.id, listing.id));
  await appendAudit(tx, { organisationId: listing.organisationId, subjectType: "listing", subjectId: listing.id, action: "listing.unsold", data: { reason: "buyer_default", settlementId: s.id } }, now);
  return listing.preset === "judicial" ? "relist" : "unsold";
}
