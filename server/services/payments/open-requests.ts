import { type SQL, and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { payments } from "../../../db/schema";
import { enqueueJob } from "../../jobs/runner";

/** Cancels at Stripe the PaymentIntent of a card request closed by `trimOpenRequests` (after commit, by a job). */
export const WITHDRAW_INTENT_JOB = "payment:withdraw-intent";

/**
 * One debt may be asked for by several requests at once — a settlement's balance or a royalty by bank transfer
 * and by card — and whichever money arrives first pays. After money arrived (inside the transaction that
 * records it, the debt's row locked), each pending request among `siblings` is brought down to what is still
 * `owed`: a bank transfer asks less; a card payment, whose amount is fixed at Stripe, is withdrawn (its intent
 * cancelled by a job) and a new one is asked for when the payer wants it. Once nothing is owed every request
 * closes at what it brought (`amount` = `received`; succeeded, or canceled if it brought nothing), so money
 * arriving later on any of them is an over-payment, owed back (`receive`).
 */
export async function trimOpenRequests(tx: DbOrTx, siblings: SQL, owed: bigint, now: Date) {
  const open = await tx
    .select()
    .from(payments)
    .where(and(siblings, eq(payments.status, "pending")))
    .for("update");
  for (const p of open) {
    if (p.amount - p.received <= owed) continue;
    if (owed > 0n && p.method === "bank_transfer") {
      await tx.update(payments).set({ amount: p.received + owed, updatedAt: now }).where(eq(payments.id, p.id));
      continue;
    }
    await tx.update(payments).set({ amount: p.received, status: p.received > 0n ? "succeeded" : "canceled", updatedAt: now }).where(eq(payments.id, p.id));
    if (p.method === "card") await withdrawCardIntent(tx, p.id, now);
  }
}

/** A card request closed on our side: its PaymentIntent is cancelled at Stripe after commit, so the payer can no longer confirm it. */
export function withdrawCardIntent(tx: DbOrTx, paymentId: string, now: Date) {
  return enqueueJob(tx, { kind: WITHDRAW_INTENT_JOB, payload: { paymentId }, runAt: now, dedupeKey: `${WITHDRAW_INTENT_JOB}:${paymentId}` });
}
