import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { journalEntries, journalLines, listings, payments, settlements } from "../../../db/schema";
import { appendAudit } from "../audit";
import { postEntry } from "../ledger/journal";

export type PaymentRow = typeof payments.$inferSelect;
export type SettlementRow = typeof settlements.$inferSelect;

/** Locks a settlement: every decision on it (payment, deadline, checklist) starts here. */
export async function lockSettlement(tx: DbOrTx, id: string): Promise<SettlementRow | undefined> {
  const [row] = await tx.select().from(settlements).where(eq(settlements.id, id)).for("update");
  return row;
}

/** What the buyer still owes on a settlement, read from the ledger: its receivable's balance. */
export async function owedOn(tx: DbOrTx, s: Pick<SettlementRow, "id" | "buyerOrganisationId">): Promise<bigint> {
  const [row] = await tx
    .select({ sum: sql<string>`coalesce(sum(${journalLines.amount}), 0)` })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalEntries.settlementId, s.id), eq(journalLines.account, "receivable"), eq(journalLines.organisationId, s.buyerOrganisationId)));
  return BigInt(row!.sum);
}

export type BalanceReceipt = { settlementId: string; status: SettlementRow["status"]; applied: bigint; excess: bigint; owed: bigint };

/**
 * Money for a settlement's balance has arrived (a bank receipt matched by reference, or a card payment):
 * called by the payments service inside the transaction that records the receipt, once per receipt.
 * `payment` is the balance payment row; `amountNow` what arrived this time. This handler owns the payment
 * row's `received` and `status` and the ledger: Dr cash / Cr receivable(buyer) up to what is owed, any excess
 * Cr refunds_due(payer). Nothing owed any more → the settlement is paid and the listing settled. Money for a
 * settlement no longer awaiting payment (defaulted, already paid) is all owed back.
 */
export async function settlementBalanceReceived(tx: DbOrTx, payment: PaymentRow, amountNow: bigint, now: Date): Promise<BalanceReceipt> {
  if (payment.purpose !== "balance" || !payment.settlementId) throw new Error(`payment ${payment.id} is not a settlement balance`);
  if (amountNow <= 0n) throw new Error(`a receipt must be positive, got ${amountNow}`);
  const s = (await lockSettlement(tx, payment.settlementId))!;
  const owed = s.status === "awaiting_payment" ? await owedOn(tx, s) : 0n;
  const applied = amountNow < owed ? amountNow : owed;
  const excess = amountNow - applied;
  const payer = payment.payerOrganisationId;
  const lines = [
    { account: "cash" as const, amount: amountNow },
    ...(applied > 0n ? [{ account: "receivable" as const, organisationId: s.buyerOrganisationId, amount: -applied }] : []),
    ...(excess > 0n ? [{ account: "refunds_due" as const, organisationId: payer, amount: -excess }] : []),
  ];
  await postEntry(tx, { currency: payment.currency, kind: "balance_received", settlementId: s.id, paymentId: payment.id, lines }, now);
  const nowPaid = s.status === "awaiting_payment" && applied === owed;
  await tx
    .update(payments)
    .set({ received: sql`${payments.received} + ${amountNow}`, status: nowPaid ? "succeeded" : payment.status, updatedAt: now })
    .where(eq(payments.id, payment.id));
  const audit = { organisationId: s.sellerOrganisationId, subjectType: "settlement", subjectId: s.id };
  await appendAudit(tx, { ...audit, action: "settlement.balance_received", data: { paymentId: payment.id, amount: amountNow.toString(), applied: applied.toString(), excess: excess.toString() } }, now);
  if (!nowPaid) return { settlementId: s.id, status: s.status, applied, excess, owed: owed - applied };
  await tx.update(settlements).set({ status: "paid", paidAt: now, updatedAt: now }).where(eq(settlements.id, s.id));
  await tx.update(listings).set({ status: "settled", updatedAt: now }).where(eq(listings.id, s.listingId));
  await appendAudit(tx, { ...audit, action: "settlement.paid", data: {} }, now);
  return { settlementId: s.id, status: "paid", applied, excess, owed: 0n };
}
