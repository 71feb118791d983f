import { z } from "zod";
import { TextLineSchema } from "./text";

/** What the refund pays back: a payment's over-payment, a defaulted settlement's part-payment, or an unmatched bank receipt. */
const claimIds = { paymentId: z.uuid().optional(), settlementId: z.uuid().optional(), bankReceiptId: z.uuid().optional() };
const amount = z.number().int().positive("amount_invalid").max(Number.MAX_SAFE_INTEGER);

/**
 * An operator records a refund (amount in minor units): a bank transfer already sent (the bank's serial makes it
 * once), or a card refund through Stripe to the card the money came from. Exactly one claim is named.
 */
export const RecordRefundSchema = z
  .discriminatedUnion("method", [
    z.object({ method: z.literal("bank_transfer"), ...claimIds, amount, bankSerial: TextLineSchema.trim().min(1, "serial_required").max(64, "serial_too_long"), payeeName: TextLineSchema.trim().max(200, "payee_too_long").optional() }).strict(),
    z.object({ method: z.literal("card"), ...claimIds, amount }).strict(),
  ])
  .refine((r) => [r.paymentId, r.settlementId, r.bankReceiptId].filter(Boolean).length === 1, { message: "claim_required" });
export type RecordRefundInput = z.output<typeof RecordRefundSchema>;

/** The claim a refund answers, as its key on the pages and in the API. */
export type RefundClaim = { paymentId: string } | { settlementId: string } | { bankReceiptId: string };

export function claimOf(input: Pick<RecordRefundInput, "paymentId" | "settlementId" | "bankReceiptId">): RefundClaim {
  if (input.paymentId) return { paymentId: input.paymentId };
  if (input.settlementId) return { settlementId: input.settlementId };
  return { bankReceiptId: input.bankReceiptId! };
}
