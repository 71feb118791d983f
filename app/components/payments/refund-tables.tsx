import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, majorInput } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { TableSection } from "~/components/table-card";
import { Time } from "~/components/time";

type Owed = { source: string; payeeName: string; currency: string; owed: number; paymentId: string | null; settlementId: string | null; bankReceiptId: string | null; reference: string; cardRefundable: boolean };
type Refund = { id: string; source: string; method: string; status: string; payeeName: string; currency: string; amount: number; bankSerial: string | null; stripeRefundId: string | null; failureMessage: string | null; createdAt: string };

/** The claim's key as the action reads it back: exactly one of the three ids. */
function ClaimFields({ claim }: { claim: Owed }) {
  const [name, value] = claim.paymentId ? ["paymentId", claim.paymentId] : claim.settlementId ? ["settlementId", claim.settlementId] : ["bankReceiptId", claim.bankReceiptId!];
  return (
    <>
      <CsrfField />
      <input type="hidden" name={name} value={value} />
      <input type="hidden" name="currency" value={claim.currency} />
    </>
  );
}

/** An operator's two ways to pay a claim back: record the bank transfer sent, or (card money) refund through Stripe. */
function RefundForms({ claim }: { claim: Owed }) {
  const { t } = useTranslation();
  const amount = majorInput(claim.owed, claim.currency);
  return (
    <div className="space-y-2">
      <Form method="post" className="flex flex-wrap items-center gap-2" data-testid="refund-transfer">
        <ClaimFields claim={claim} />
        <input name="amount" className="input w-32" defaultValue={amount} readOnly={claim.source === "unmatched_receipt"} aria-label={t("refunds.form.amount")} inputMode="decimal" required />
        <input name="bankSerial" className="input w-44" aria-label={t("refunds.form.serial")} placeholder={t("refunds.form.serial")} required />
        <button name="intent" value="refund-transfer" className="btn-secondary">
          {t("refunds.form.transfer")}
        </button>
      </Form>
      {claim.cardRefundable ? (
        <Form method="post" className="flex flex-wrap items-center gap-2" data-testid="refund-card">
          <ClaimFields claim={claim} />
          <input name="amount" className="input w-32" defaultValue={amount} aria-label={t("refunds.form.amount")} inputMode="decimal" required />
          <button name="intent" value="refund-card" className="btn-secondary">
            {t("refunds.form.card")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** What is owed back: to operators with the forms to pay it, to a payer as a list. */
export function OwedRefunds({ owed, operator }: { owed: readonly Owed[]; operator: boolean }) {
  const { t } = useTranslation();
  const columns = ["payee", "source", "reference", "owed", ...(operator ? ["refund"] : [])].map((k) => t(`refunds.columns.${k}`));
  return (
    <TableSection
      title={t("refunds.owedTitle")}
      lead={t(operator ? "refunds.owedLead" : "refunds.owedLeadPayer")}
      empty={t("refunds.owedEmpty")}
      emptyTestId="owed-empty"
      headers={columns}
      items={owed}
      row={(c) => (
        <tr key={c.paymentId ?? c.settlementId ?? c.bankReceiptId} data-testid="refund-owed" data-source={c.source}>
          <td>{c.payeeName || "—"}</td>
          <td>{t(`refunds.source.${c.source}`)}</td>
          <td className="font-mono text-xs">{c.reference || "—"}</td>
          <td>
            <Money amount={c.owed} currency={c.currency} />
          </td>
          {operator ? (
            <td>
              <RefundForms claim={c} />
            </td>
          ) : null}
        </tr>
      )}
    />
  );
}

/** Refunds recorded: paid, with Stripe, or failed (and so still owed). */
export function RecordedRefunds({ refunds }: { refunds: readonly Refund[] }) {
  const { t } = useTranslation();
  const columns = ["date", "payee", "source", "method", "amount", "serial", "status"].map((k) => t(`refunds.columns.${k}`));
  return (
    <TableSection
      title={t("refunds.recordedTitle")}
      empty={t("refunds.recordedEmpty")}
      headers={columns}
      items={refunds}
      row={(r) => (
        <tr key={r.id} data-testid="refund" data-status={r.status}>
          <td className="whitespace-nowrap">
            <Time value={r.createdAt} />
          </td>
          <td>{r.payeeName || "—"}</td>
          <td>{t(`refunds.source.${r.source}`)}</td>
          <td>{t(`refunds.method.${r.method}`)}</td>
          <td>
            <Money amount={r.amount} currency={r.currency} />
          </td>
          <td className="font-mono text-xs">{r.bankSerial ?? r.stripeRefundId ?? "—"}</td>
          <td title={r.failureMessage ?? undefined}>{t(`refunds.status.${r.status}`)}</td>
        </tr>
      )}
    />
  );
}

/** The suspense account's balance per currency: cash in the bank that no payment owns yet. */
export function SuspenseTotals({ owed }: { owed: readonly Owed[] }) {
  const { t } = useTranslation();
  const totals = new Map<string, number>();
  for (const c of owed) if (c.source === "unmatched_receipt") totals.set(c.currency, (totals.get(c.currency) ?? 0) + c.owed);
  return (
    <p className="card text-sm" data-testid="suspense">
      {totals.size === 0 ? (
        t("refunds.suspenseNone")
      ) : (
        <>
          <span className="font-medium">{t("refunds.suspense")}: </span>
          {[...totals].map(([currency, amount], i) => (
            <span key={currency}>
              {i > 0 ? " · " : null}
              <Money amount={amount} currency={currency} />
            </span>
          ))}
        </>
      )}
    </p>
  );
}
