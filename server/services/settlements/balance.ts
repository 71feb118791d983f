import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { journalEntries, journalLines, listings, payments, settlements } from "../../../db/schema";
import { appendAudit } from "../audit";
import { postEntry } from "../ledger/journal";
import { trimOpenRequests } from "../payments/open-requests";
import { tellOrganisations } from "../listings/notices";
import { settlementLink } from "./link";
import { creditOffsetHolds } from "./credit-bid";
import { distributeSettlementPaid } from "../recoveries/distribute";
import { chinaDate } from "../../domain/calendar-date";

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

/** What the buyer still owes in cash: the receivable less a credit bid's offset, which the distribution sets off. */
export async function owedInCash(tx: DbOrTx, s: Pick<SettlementRow, "id" | "buyerOrganisationId" | "creditOffset">): Promise<bigint> {
  const owed = (await owedOn(tx, s)) - s.creditOffset;
  return owed > 0n ? owed : 0n;
}

/**
 * Money for a settlement's balance has arrived (a bank receipt matched by its reference, or a card payment):
 * the payments port calls this inside the transaction that records it, for what it applied to the balance
 * payment (`amountNow`; the port keeps the payment's `received` and `status`, and owes any excess back).
 * Posts Dr cash / Cr receivable(buyer); once nothing is owed in cash the settlement is paid and the listing settled.
 */
export async function settlementBalanceReceived(tx: DbOrTx, payment: PaymentRow, amountNow: bigint, now: Date): Promise<void> {
  if (payment.purpose !== "balance" || !payment.settlementId) throw new Error(`payment ${payment.id} is not a settlement balance`);
  const s = (await lockSettlement(tx, payment.settlementId))!;
  if (amountNow > 0n) {
    const lines = [
      { account: "cash" as const, amount: amountNow },
      { account: "receivable" as const, organisationId: s.buyerOrganisationId, amount: -amountNow },
    ];
    await postEntry(tx, { currency: payment.currency, kind: "balance_received", settlementId: s.id, paymentId: payment.id, lines }, now);
  }
  const audit = { organisationId: s.sellerOrganisationId, subjectType: "settlement", subjectId: s.id };
  await appendAudit(tx, { ...audit, action: "settlement.balance_received", data: { paymentId: payment.id, amount: amountNow.toString() } }, now);
  // A credit bid's offset stays on the receivable until the distribution sets it off: only the rest is owed in cash.
  const owed = await owedInCash(tx, s);
  await trimOpenRequests(tx, and(eq(payments.settlementId, s.id), eq(payments.purpose, "balance"))!, owed, now);
  if (s.status !== "awaiting_payment" || owed > 0n || !(await creditOffsetHolds(tx, s, now))) return;
  await tx.update(settlements).set({ status: "paid", paidAt: now, updatedAt: now }).where(eq(settlements.id, s.id));
  const [listing] = await tx.update(listings).set({ status: "settled", updatedAt: now }).where(eq(listings.id, s.listingId)).returning({ id: listings.id, title: listings.title });
  await appendAudit(tx, { ...audit, action: "settlement.paid", data: {} }, now);
  await tellOrganisations(tx, [s.buyerOrganisationId, s.sellerOrganisationId], listing!, "settlement_paid", now, settlementLink(s.id));
  await distributeSettlementPaid(tx, s, chinaDate(now), now);
}
