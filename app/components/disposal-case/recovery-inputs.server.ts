import { CostFormSchema, type CostInput, SharerPaymentFormSchema, type SharerPaymentInput } from "../../../server/domain/schemas/recovery-inputs";
import { fieldErrorsOf } from "~/utils/form.server";
import { type Parsed, failed, text } from "~/components/collateral/forms.server";

export function parseCostForm(form: FormData): Parsed<CostInput> {
  const parsed = CostFormSchema.safeParse({ kind: text(form, "kind"), description: text(form, "description") ?? "", amount: text(form, "amount"), incurredOn: text(form, "incurredOn"), paidByName: text(form, "paidByName") });
  return parsed.success ? { ok: true, data: parsed.data } : failed(form, fieldErrorsOf(parsed.error));
}

export function parseSharerPaymentForm(form: FormData): Parsed<SharerPaymentInput> {
  const parsed = SharerPaymentFormSchema.safeParse({ riskShareId: text(form, "riskShareId"), amount: text(form, "amount"), paidOn: text(form, "paidOn") });
  return parsed.success ? { ok: true, data: parsed.data } : failed(form, fieldErrorsOf(parsed.error));
}
