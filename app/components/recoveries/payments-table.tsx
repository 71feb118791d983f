import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { Time } from "~/components/time";

type Payment = { id: string; purpose: string; method: string; status: string; currency: string; amount: number; received: number; reference: string; createdAt: string };

/** Payments asked of an organisation and what arrived, with the reference it quotes on a transfer. */
export function PaymentsTable({ payments }: { payments: readonly Payment[] }) {
  const { t } = useTranslation();
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <thead>
          <tr>
            <th>{t("recoveries.columns.date")}</th>
            <th>{t("recoveries.columns.purpose")}</th>
            <th>{t("recoveries.columns.method")}</th>
            <th>{t("recoveries.columns.reference")}</th>
            <th className="text-right">{t("recoveries.columns.amount")}</th>
            <th className="text-right">{t("recoveries.columns.received")}</th>
            <th>{t("recoveries.columns.status")}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.id} data-payment={p.reference}>
              <td className="whitespace-nowrap">
                <Time value={p.createdAt} />
              </td>
              <td>{t(`recoveries.purpose.${p.purpose}`, { defaultValue: p.purpose })}</td>
              <td>{t(`recoveries.method.${p.method}`, { defaultValue: p.method })}</td>
              <td className="font-mono text-sm">{p.reference}</td>
              <td className="text-right">
                <Money amount={p.amount} currency={p.currency} />
              </td>
              <td className="text-right">
                <Money amount={p.received} currency={p.currency} />
              </td>
              <td>{t(`recoveries.paymentStatus.${p.status}`, { defaultValue: p.status })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
