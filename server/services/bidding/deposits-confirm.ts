import { desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listings, lotDeposits, payments } from "../../../db/schema";
import { appendAudit } from "../audit";
import { tell } from "../listings/offers/common";

/**
 * The money behind a registration arrived (a bank transfer received in full, a card hold authorised): the bidder
 * may bid under its code. Once only: a registration no longer `requested` is left as it is.
 */
export async function markDepositConfirmed(tx: DbOrTx, depositId: string, confirmedBy: string | null, now: Date): Promise<boolean> {
  const [deposit] = await tx.select().from(lotDeposits).where(eq(lotDeposits.id, depositId)).for("update");
  if (deposit?.status !== "requested") return false;
  await tx.update(lotDeposits).set({ status: "confirmed", confirmedBy, confirmedAt: now }).where(eq(lotDeposits.id, depositId));
  await appendAudit(tx, { action: "deposit.confirmed", actorUserId: confirmedBy, organisationId: deposit.organisationId, subjectType: "listing", subjectId: deposit.listingId, data: { depositId } }, now);
  const [l] = await tx.select().from(listings).where(eq(listings.id, deposit.listingId));
  await tell(tx, [deposit.organisationId], l!, "lot_deposit_confirmed", now);
  return true;
}

export type DepositPayment = typeof payments.$inferSelect;

/** Each registration's current payment (the latest: a renewed card hold replaces the one before). */
export async function currentPayments(db: DbOrTx, depositIds: readonly string[]): Promise<Map<string, DepositPayment>> {
  if (depositIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([payments.lotDepositId])
    .from(payments)
    .where(inArray(payments.lotDepositId, [...depositIds]))
    .orderBy(payments.lotDepositId, desc(payments.createdAt));
  return new Map(rows.map((p) => [p.lotDepositId!, p]));
}
