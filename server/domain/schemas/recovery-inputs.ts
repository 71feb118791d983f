import { z } from "zod";
import { DISPOSAL_COST_KINDS } from "../proceeds/inputs";
import { CalendarDateSchema, MajorAmountSchema, MinorAmountSchema } from "./collateral";
import { TextLineSchema } from "./text";

type Amount = typeof MinorAmountSchema | typeof MajorAmountSchema;

function costShape(amount: Amount) {
  return z
    .object({
      kind: z.enum(DISPOSAL_COST_KINDS, { error: "kind_invalid" }),
      description: TextLineSchema.trim().max(200, "too_long").default(""),
      amount: amount.refine((v) => v > 0n, "amount_zero"),
      incurredOn: CalendarDateSchema,
      /** Who advanced it and is repaid first; the bank when left out. */
      paidByName: TextLineSchema.trim().max(200, "too_long").optional(),
    })
    .strict();
}

function sharerPaymentShape(amount: Amount) {
  return z.object({ riskShareId: z.uuid({ error: "required" }), amount: amount.refine((v) => v > 0n, "amount_zero"), paidOn: CalendarDateSchema }).strict();
}

/** A disposal cost: API (minor units) and form (major units). */
export const CostInputSchema = costShape(MinorAmountSchema);
export const CostFormSchema = costShape(MajorAmountSchema);
export type CostInput = z.output<typeof CostInputSchema>;

/** What a risk-sharer paid the bank on the loss (代偿 / 补偿). */
export const SharerPaymentInputSchema = sharerPaymentShape(MinorAmountSchema);
export const SharerPaymentFormSchema = sharerPaymentShape(MajorAmountSchema);
export type SharerPaymentInput = z.output<typeof SharerPaymentInputSchema>;
