import type { DbOrTx } from "../../../db/client";
import { payments } from "../../../db/schema";
import { readableCode } from "../bidding/deposits-code";

/** Characters of a payment reference after its prefix: 31⁸ ≈ 850 billion, drawn at random; a clash is drawn again. */
const REFERENCE_LENGTH = 8;
const ATTEMPTS = 10;

/**
 * The reference a payer quotes on a bank transfer ("IPX-7KQ2M9XA"): short, read aloud without confusion
 * (no 0/O, 1/I/L), random so it reveals nothing about who pays what.
 */
export function paymentReference(pick?: (n: number) => number): string {
  return `IPX-${readableCode(REFERENCE_LENGTH, pick)}`;
}

/** A reference as a statement or a person may write it: case, spaces and dashes do not matter. */
export function normaliseReference(text: string): string {
  const compact = text.trim().toUpperCase().replace(/[\s-]/g, "");
  return compact.startsWith("IPX") ? `IPX-${compact.slice(3)}` : compact;
}

export type PaymentRequest = Omit<typeof payments.$inferInsert, "id" | "reference" | "createdAt" | "updatedAt">;

/** Records a payment asked of someone (a deposit, a balance, a royalty) with a fresh reference, inside the caller's transaction. */
export async function requestPayment(tx: DbOrTx, request: PaymentRequest, now: Date) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const [row] = await tx
      .insert(payments)
      .values({ ...request, reference: paymentReference(), createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: payments.reference })
      .returning();
    if (row) return row;
  }
  throw new Error(`no free payment reference after ${ATTEMPTS} attempts`);
}
