import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listingIntents, lotDeposits, payments, royaltyReports, settlements } from "../../../db/schema";
import { lockListing } from "../listings/offers/common";
import { postEntry } from "../ledger/journal";

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentPurpose = PaymentRow["purpose"];

/**
 * What a purpose does with money that arrived, inside the transaction that records it: called for every amount
 * applied to the payment (a short bank transfer too), with the payment as updated — `status === "succeeded"`
 * once it is paid in full. It posts the purpose's ledger entry for `amountNow` (Dr cash / Cr …). An excess
 * never reaches it: the port records it as owed back to the payer.
 */
export type ReceivedHandler = (tx: DbOrTx, payment: PaymentRow, amountNow: bigint, now: Date) => Promise<void>;

/** One handler per purpose, registered once at start-up by the service that owns the purpose. */
export class ReceivedHandlers {
  private readonly handlers = new Map<PaymentPurpose, ReceivedHandler>();

  onReceived(purpose: PaymentPurpose, handler: ReceivedHandler) {
    if (this.handlers.has(purpose)) throw new Error(`a handler for ${purpose} payments is already registered`);
    this.handlers.set(purpose, handler);
  }

  handlerFor(purpose: PaymentPurpose): ReceivedHandler {
    const handler = this.handlers.get(purpose);
    if (!handler) throw new Error(`no handler for ${purpose} payments`);
    return handler;
  }
}

/**
 * Locks a payment, what it pays first — the listing of its lot deposit or listing intent (the order every
 * registration and decision path takes), or the settlement or royalty report whose other payment requests its
 * money may close (`trimOpenRequests`) — so a close, an award and a receipt, or two payments of one debt, never deadlock.
 */
export async function lockPayment(tx: DbOrTx, paymentId: string): Promise<PaymentRow | undefined> {
  const [found] = await tx
    .select({ lotListing: lotDeposits.listingId, intentListing: listingIntents.listingId, settlementId: payments.settlementId, royaltyReportId: payments.royaltyReportId })
    .from(payments)
    .leftJoin(lotDeposits, eq(lotDeposits.id, payments.lotDepositId))
    .leftJoin(listingIntents, eq(listingIntents.id, payments.listingIntentId))
    .where(eq(payments.id, paymentId));
  if (!found) return undefined;
  const listingId = found.lotListing ?? found.intentListing;
  if (listingId) await lockListing(tx, listingId);
  else if (found.settlementId) await tx.select({ id: settlements.id }).from(settlements).where(eq(settlements.id, found.settlementId)).for("update");
  else if (found.royaltyReportId) await tx.select({ id: royaltyReports.id }).from(royaltyReports).where(eq(royaltyReports.id, found.royaltyReportId)).for("update");
  const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  return row;
}

/**
 * Money arrived for a locked payment: `received` grows; what the payment still asked for goes to its purpose's
 * handler (the payment succeeds once paid in full); anything beyond — or anything for a payment no longer
 * pending — is owed back to the payer (Dr cash / Cr refunds_due).
 */
export async function receive(tx: DbOrTx, handlers: ReceivedHandlers, payment: PaymentRow, amount: bigint, now: Date) {
  const open = payment.status === "pending" ? payment.amount - payment.received : 0n;
  const applied = amount < open ? amount : open > 0n ? open : 0n;
  const excess = amount - applied;
  const paidInFull = payment.status === "pending" && payment.received + applied >= payment.amount;
  const [updated] = await tx
    .update(payments)
    .set({ received: payment.received + amount, status: paidInFull ? "succeeded" : payment.status, updatedAt: now })
    .where(eq(payments.id, payment.id))
    .returning();
  if (applied > 0n || paidInFull) await handlers.handlerFor(payment.purpose)(tx, updated!, applied, now);
  if (excess > 0n) {
    const lines = [
      { account: "cash" as const, amount: excess },
      { account: "refunds_due" as const, organisationId: payment.payerOrganisationId, amount: -excess },
    ];
    await postEntry(tx, { currency: payment.currency, kind: "overpayment", memo: payment.reference, paymentId: payment.id, lines }, now);
  }
  return { payment: updated!, applied, excess };
}
