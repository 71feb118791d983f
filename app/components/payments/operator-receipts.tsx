import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { Field } from "~/components/field";

type Receipt = { id: string; bankSerial: string; currency: string; amount: number; reference: string; payerName: string; receivedOn: string };
type Payment = { id: string; purpose: string; status: string; currency: string; amount: number; received: number; shortfall: number; excess: number; reference: string };

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
  return (
    <section className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold">{t("payments.operator.unmatchedTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("payments.operator.unmatchedLead")}</p>
      </div>
      {receipts.length === 0 ? (
        <div className="card text-center text-slate-600" data-testid="unmatched-empty">
          {t("payments.operator.unmatchedEmpty")}
        </div>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("payments.operator.serial")}</th>
                <th>{t("payments.operator.receivedOn")}</th>
                <th>{t("payments.operator.amount")}</th>
                <th>{t("payments.operator.reference")}</th>
                <th>{t("payments.operator.payer")}</th>
                <th>{t("payments.operator.assignTo")}</th>
              </tr>
            </thead>
            <tbody>
              {receipts.map((r) => (
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
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Bank-transfer payments short of what was asked, or paid over (the excess owed back). */
export function OpenPayments({ payments }: { payments: Payment[] }) {
  const { t } = useTranslation();
  return (
    <section className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold">{t("payments.operator.openTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("payments.operator.openLead")}</p>
      </div>
      {payments.length === 0 ? (
        <div className="card text-center text-slate-600">{t("payments.operator.openEmpty")}</div>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("payments.operator.reference")}</th>
                <th>{t("payments.operator.purpose")}</th>
                <th>{t("payments.operator.status")}</th>
                <th>{t("payments.operator.asked")}</th>
                <th>{t("payments.operator.received")}</th>
                <th>{t("payments.operator.shortfall")}</th>
                <th>{t("payments.operator.excess")}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.id} data-testid="open-payment">
                  <td className="font-mono text-xs">{p.reference}</td>
                  <td>{t(`payments.operator.purposes.${p.purpose}`)}</td>
                  <td>{t(`payments.operator.statuses.${p.status}`)}</td>
                  {[p.amount, p.received, p.shortfall, p.excess].map((amount, i) => (
                    <td key={i}>
                      <Money amount={amount} currency={p.currency} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
