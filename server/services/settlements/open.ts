import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listingIntents, listings, lotDeposits, settlements } from "../../../db/schema";
import { balanceDueAt, settlementTerms } from "../../domain/proceeds/settlement-terms";
import { enqueueJob } from "../../jobs/runner";
import { appendAudit } from "../audit";
import { postEntry } from "../ledger/journal";
import { captureDeposit, captureIntentDeposit } from "../payments/deposit-money";
import { requestPayment } from "../payments/requests";
import { tellOrganisations } from "../listings/notices";
import { distributeSettlementPaid } from "../recoveries/distribute";
import { chinaDate } from "../../domain/calendar-date";
import { settlementLink } from "./link";
import { creditOffsetOf, isCreditBidder } from "./credit-bid";

type ListingRow = typeof listings.$inferSelect;

/** What settlements take from configuration: the private preset's platform fee. */
export type SettlementPolicy = { platformFeeBps: number };

export const SETTLEMENT_DEADLINE_JOB = "settlement:deadline";

/** The buyer's paid deposit on this listing: a confirmed lot deposit (not a credit bid), else a listing intent confirmed by its money. */
async function paidDeposit(tx: DbOrTx, listingId: string, buyer: string) {
  const [lot] = await tx
    .select({ id: lotDeposits.id, amount: lotDeposits.amount })
    .from(lotDeposits)
    .where(and(eq(lotDeposits.listingId, listingId), eq(lotDeposits.organisationId, buyer), eq(lotDeposits.status, "confirmed"), inArray(lotDeposits.method, ["bank_transfer", "card"])));
  if (lot) return { lotDepositId: lot.id, intentId: null, amount: lot.amount };
  const [intent] = await tx
    .select({ id: listingIntents.id, amount: listingIntents.depositAmount })
    .from(listingIntents)
    .where(and(eq(listingIntents.listingId, listingId), eq(listingIntents.buyerOrganisationId, buyer), eq(listingIntents.depositStatus, "confirmed")));
  return { lotDepositId: null, intentId: intent?.id ?? null, amount: intent?.amount ?? 0n };
}

export type OpenSettlement = { listing: ListingRow; buyerOrganisationId: string; price: bigint; awardId: string | null; supersedesId?: string | null };

/**
 * Opens the settlement of a sale inside the award's transaction: the figures (settlement-terms), the buyer's
 * deposit applied, the balance asked for with a bank-transfer reference, the ledger entries, and the
 * deadline job. A runner-up's offer after a default passes the defaulted settlement as `supersedesId`.
 */
export async function openSettlement(tx: DbOrTx, o: OpenSettlement, policy: SettlementPolicy, now: Date) {
  const l = o.listing;
  const deposit = await paidDeposit(tx, l.id, o.buyerOrganisationId);
  const terms = settlementTerms({ preset: l.preset, price: o.price, currency: l.currency, platformFeeBps: policy.platformFeeBps, deposit: deposit.amount });
  // A credit bidder pays in cash only what does not come back to itself; the rest is set off at the distribution.
  const basis = { listingId: l.id, disposalCaseId: l.disposalCaseId, sellerOrganisationId: l.organisationId, currency: l.currency, price: o.price, platformFee: terms.platformFee, buyerOrganisationId: o.buyerOrganisationId };
  const own = (await isCreditBidder(tx, l.id, o.buyerOrganisationId)) ? await creditOffsetOf(tx, basis) : 0n;
  const creditOffset = own < terms.balanceDue ? own : terms.balanceDue;
  const balanceDue = terms.balanceDue - creditOffset;
  const paid = balanceDue === 0n;
  const [s] = await tx
    .insert(settlements)
    .values({
      listingId: l.id,
      awardId: o.awardId,
      disposalCaseId: l.disposalCaseId,
      source: l.mode === "negotiated_discount" ? "discount" : "sale",
      buyerOrganisationId: o.buyerOrganisationId,
      sellerOrganisationId: l.organisationId,
      currency: l.currency,
      price: o.price,
      ...terms,
      creditOffset,
      balanceDue,
      dueAt: balanceDueAt(now, l.terms),
      status: paid ? "paid" : "awaiting_payment",
      paidAt: paid ? now : null,
      supersedesId: o.supersedesId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const settlement = s!;
  const buyer = o.buyerOrganisationId;
  const created = [
    { account: "receivable" as const, organisationId: buyer, amount: o.price + terms.buyerPremium },
    { account: "escrow" as const, organisationId: l.organisationId, amount: -o.price },
    ...(terms.buyerPremium > 0n ? [{ account: "fees" as const, amount: -terms.buyerPremium }] : []),
  ];
  if (o.price > 0n) await postEntry(tx, { currency: l.currency, kind: "settlement_created", settlementId: settlement.id, memo: l.title, lines: created }, now);
  if (terms.depositApplied > 0n) {
    await postEntry(
      tx,
      { currency: l.currency, kind: "deposit_applied", settlementId: settlement.id, lines: [{ account: "deposits_held", organisationId: buyer, amount: terms.depositApplied }, { account: "receivable", organisationId: buyer, amount: -terms.depositApplied }] },
      now,
    );
    if (deposit.lotDepositId) {
      // A card hold is captured now (after commit, by a job); a bank transfer is cash already.
      await captureDeposit(tx, deposit.lotDepositId, now);
      await tx.update(lotDeposits).set({ status: "applied" }).where(eq(lotDeposits.id, deposit.lotDepositId));
    }
    if (deposit.intentId) await captureIntentDeposit(tx, deposit.intentId, now);
  }
  // A deposit covering everything settles at once.
  if (paid) await tx.update(listings).set({ status: "settled", updatedAt: now }).where(eq(listings.id, l.id));
  if (paid) await distributeSettlementPaid(tx, settlement, chinaDate(now), now);
  const payment = paid ? null : await requestPayment(tx, { payerOrganisationId: buyer, purpose: "balance", method: "bank_transfer", settlementId: settlement.id, currency: l.currency, amount: balanceDue }, now);
  if (!paid) await enqueueJob(tx, { kind: SETTLEMENT_DEADLINE_JOB, payload: { settlementId: settlement.id }, runAt: settlement.dueAt, dedupeKey: `settlement:${settlement.id}:deadline` });
  const data = { listingId: l.id, buyer, price: o.price.toString(), buyerPremium: terms.buyerPremium.toString(), platformFee: terms.platformFee.toString(), depositApplied: terms.depositApplied.toString(), creditOffset: creditOffset.toString(), balanceDue: balanceDue.toString(), dueAt: settlement.dueAt.toISOString(), reference: payment?.reference ?? null, supersedes: o.supersedesId ?? null };
  await appendAudit(tx, { action: "settlement.created", organisationId: l.organisationId, subjectType: "settlement", subjectId: settlement.id, data }, now);
  if (terms.depositApplied > 0n) await appendAudit(tx, { action: "settlement.deposit_applied", organisationId: l.organisationId, subjectType: "settlement", subjectId: settlement.id, data: { amount: terms.depositApplied.toString() } }, now);
  await tellOrganisations(tx, paid ? [buyer, l.organisationId] : [buyer], l, paid ? "settlement_paid" : "settlement_opened", now, settlementLink(settlement.id));
  return settlement;
}
