import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe, parseMajor } from "../../server/domain/money";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { AssignReceiptSchema, BankReceiptSchema, StatementImportSchema } from "../../server/domain/schemas/payments";
import { RecordRefundSchema } from "../../server/domain/schemas/refunds";
import { FormError, Notice } from "~/components/field";
import { ImportForm, OpenPayments, ReceiptForm, UnmatchedReceipts } from "~/components/payments/operator-receipts";
import { OwedRefunds, RecordedRefunds, SuspenseTotals } from "~/components/payments/refund-tables";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "payments.operator.title");

/** Operators record bank receipts (one, or a statement), assign those no reference matched, watch short and over-payments, and pay back what is owed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "verification:review");
  const [unmatched, open, refunds] = await Promise.all([context.services.payments.unmatched(), context.services.payments.openBankPayments(), context.services.refunds.overview()]);
  return json({ unmatched: jsonSafe(unmatched), open: jsonSafe(open), refunds: jsonSafe(refunds) });
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "verification:review");
  const payments = context.services.payments;
  const intent = text(form, "intent");
  if (intent === "record") {
    const currency = text(form, "currency").toUpperCase() || "CNY";
    const amount = parseMajor(text(form, "amount"), currency);
    const parsed = BankReceiptSchema.safeParse({ bankSerial: text(form, "bankSerial"), amount: amount === null ? -1 : Number(amount), currency, reference: text(form, "reference"), payerName: text(form, "payerName"), receivedOn: text(form, "receivedOn") });
    if (!parsed.success) return json({ formError: "INVALID", fields: [...new Set(parsed.error.issues.map((i) => i.message))] }, { status: 422 });
    const result = await payments.recordReceipt(principal, parsed.data);
    return redirect(`/operator/payments?done=${result.outcome}`);
  }
  if (intent === "import") {
    const parsed = StatementImportSchema.safeParse({ csv: text(form, "csv"), currency: text(form, "currency").toUpperCase() || "CNY" });
    if (!parsed.success) return json({ formError: "INVALID", fields: [...new Set(parsed.error.issues.map((i) => i.message))] }, { status: 422 });
    const result = await payments.importStatement(principal, parsed.data.csv, parsed.data.currency);
    if (!result.ok) return json({ formError: result.code, fields: [] }, { status: 422 });
    return redirect(`/operator/payments?done=imported&matched=${result.matched}&unmatched=${result.unmatched}&duplicates=${result.duplicates}&invalid=${result.invalid}`);
  }
  if (intent === "assign") {
    const id = IdSchema.safeParse(form.get("id"));
    const target = text(form, "target");
    const parsed = AssignReceiptSchema.safeParse(IdSchema.safeParse(target).success ? { paymentId: target } : { reference: target });
    if (!id.success || !parsed.success) return json({ formError: "PAYMENT_NOT_FOUND", fields: [] }, { status: 422 });
    const result = await payments.assignReceipt(principal, id.data, parsed.data);
    if (!result.ok) return json({ formError: result.code, fields: [] }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
    return redirect("/operator/payments?done=assigned");
  }
  if (intent === "refund-transfer" || intent === "refund-card") {
    const claim = Object.fromEntries(["paymentId", "settlementId", "bankReceiptId"].flatMap((k) => (text(form, k) ? [[k, text(form, k)]] : [])));
    const amount = parseMajor(text(form, "amount"), text(form, "currency").toUpperCase() || "CNY");
    const method = intent === "refund-card" ? { method: "card" } : { method: "bank_transfer", bankSerial: text(form, "bankSerial") };
    const parsed = RecordRefundSchema.safeParse({ ...method, ...claim, amount: amount === null ? -1 : Number(amount) });
    if (!parsed.success) return json({ formError: "INVALID", fields: [...new Set(parsed.error.issues.map((i) => `refund.${i.message}`))] }, { status: 422 });
    const result = await context.services.refunds.record(principal, parsed.data);
    if (!result.ok) return json({ formError: result.code, fields: [] }, { status: result.code === "NOT_FOUND" ? 404 : 409 });
    return redirect(`/operator/payments?done=${result.duplicate ? "duplicate" : `refund_${result.refund.status}`}`);
  }
  return json({ formError: "INVALID", fields: [] }, { status: 400 });
}

const DONE = ["matched", "unmatched", "duplicate", "assigned", "imported", "refund_paid", "refund_pending", "refund_failed"] as const;
const doneText = (done: (typeof DONE)[number]) => (done.startsWith("refund_") ? `refunds.done.${done.slice("refund_".length)}` : `payments.operator.done.${done}`);
const fieldText = (field: string) => (field.startsWith("refund.") ? `refunds.fields.${field.slice("refund.".length)}` : `payments.operator.fields.${field}`);

export default function OperatorPayments() {
  const { t } = useTranslation();
  const { unmatched, open, refunds } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE.find((d) => d === params.get("done"));
  const counts = Object.fromEntries(["matched", "unmatched", "duplicates", "invalid"].map((k) => [k, params.get(k) ?? "0"]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("payments.operator.title")}</h1>
        <p className="mt-1 text-slate-600">{t("payments.operator.lead")}</p>
      </div>
      {done ? <Notice tone={["duplicate", "unmatched", "refund_failed"].includes(done) ? "warning" : "success"}>{t(doneText(done), counts)}</Notice> : null}
      <FormError code={reply?.formError} />
      {reply?.fields?.length ? (
        <ul className="list-disc pl-5 text-sm text-red-700">
          {reply.fields.map((f) => (
            <li key={f}>{t(fieldText(f), { defaultValue: t("errors.INVALID") })}</li>
          ))}
        </ul>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <ReceiptForm />
        <ImportForm />
      </div>
      <UnmatchedReceipts receipts={unmatched} />
      <OpenPayments payments={open} />
      <SuspenseTotals owed={refunds.owed} />
      <OwedRefunds owed={refunds.owed} operator />
      <RecordedRefunds refunds={refunds.refunds} />
    </div>
  );
}
