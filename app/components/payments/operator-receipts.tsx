import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { Field } from "~/components/field";
import { TableSection } from "~/components/table-card";

type Receipt = { id: string; bankSerial: string; currency: string; amount: number; reference: string; payerName: string; receivedOn: string };
type Payment = { id: string; purpose: string; status: string; currency: string; amount: number; received: number; shortfall: number; reference: string };

/** One bank transfer as the bank reported it. */
export function ReceiptForm() {
  const { t } = useTranslation();
  return (
    <Form method="post" className="card space-y-2" data-testid="receipt-form">
      <CsrfField />
      <h2 className="text-lg font-semibold">{t("payments.operator.recordTitle")}</h2>
      <div className="grid gap-x-4 sm:grid-cols-2">
        <Field label={t("payments.operator.serial")} name="bankSerial" required />
        <Field label={t("payments.operator.receivedOn")} name="receivedOn" type="date" required />
        <Field label={t("payments.operator.amount")} name="amount" inputMode="decimal" required />
        <Field label={t("payments.operator.currency")} name="currency" defaultValue="CNY" maxLength={3} />
        <Field label={t("payments.operator.reference")} name="reference" />
        <Field label={t("payments.operator.payer")} name="payerName" />
      </div>
      <button name="intent" value="record" className="btn-primary">
        {t("payments.operator.record")}
      </button>
    </Form>
  );
}

/** A statement pasted as CSV. */
export function ImportForm() {
  const { t } = useTranslation();
  return (
    <Form method="post" className="card space-y-3" data-testid="import-form">
      <CsrfField />
      <h2 className="text-lg font-semibold">{t("payments.operator.importTitle")}</h2>
      <p className="text-sm text-slate-600">{t("payments.operator.importLead")}</p>
      <label className="block text-sm font-medium text-slate-700">
        {t("payments.operator.csv")}
        <textarea name="csv" rows={6} className="input mt-1 font-mono text-xs" required placeholder="serial,date,amount,reference,payer" />
      </label>
      <input type="hidden" name="currency" value="CNY" />
      <button name="intent" value="import" className="btn-secondary">
        {t("payments.operator.import")}
      </button>
    </Form>
  );
}

export function UnmatchedReceipts({ receipts }: { receipts: Receipt[] }) {
  const { t } = useTranslation();
  const headers = ["serial", "receivedOn", "amount", "reference", "payer", "assignTo"].map((k) => t(`payments.operator.${k}`));
  return (
    <TableSection
      title={t("payments.operator.unmatchedTitle")}
      lead={t("payments.operator.unmatchedLead")}
      empty={t("payments.operator.unmatchedEmpty")}
      emptyTestId="unmatched-empty"
      headers={headers}
      items={receipts}
      row={(r) => (
        <tr key={r.id} data-testid="unmatched-receipt">
          <td className="font-mono text-xs">{r.bankSerial}</td>
          <td className="whitespace-nowrap">{r.receivedOn}</td>
          <td>
            <Money amount={r.amount} currency={r.currency} />
          </td>
          <td className="font-mono text-xs">{r.reference}</td>
          <td>{r.payerName}</td>
          <td>
            <Form method="post" className="flex gap-2">
              <CsrfField />
              <input type="hidden" name="id" value={r.id} />
              <input name="target" className="input" aria-label={t("payments.operator.assignTo")} placeholder="IPX-…" required />
              <button name="intent" value="assign" className="btn-secondary">
                {t("payments.operator.assign")}
              </button>
            </Form>
          </td>
        </tr>
      )}
    />
  );
}

/** Bank-transfer payments still short of what was asked. */
export function OpenPayments({ payments }: { payments: Payment[] }) {
  const { t } = useTranslation();
  const headers = ["reference", "purpose", "status", "asked", "received", "shortfall"].map((k) => t(`payments.operator.${k}`));
  return (
    <TableSection
      title={t("payments.operator.openTitle")}
      lead={t("payments.operator.openLead")}
      empty={t("payments.operator.openEmpty")}
      headers={headers}
      items={payments}
      row={(p) => (
        <tr key={p.id} data-testid="open-payment">
          <td className="font-mono text-xs">{p.reference}</td>
          <td>{t(`payments.operator.purposes.${p.purpose}`)}</td>
          <td>{t(`payments.operator.statuses.${p.status}`)}</td>
          {[p.amount, p.received, p.shortfall].map((amount, i) => (
            <td key={i}>
              <Money amount={amount} currency={p.currency} />
            </td>
          ))}
        </tr>
      )}
    />
  );
}
