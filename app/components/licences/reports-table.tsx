import { useTranslation } from "react-i18next";
import { Money, useFormat } from "~/components/collateral/format";

type Report = {
  id: string;
  kind: "period" | "minimum_top_up";
  periodStart: string;
  periodEnd: string;
  currency: string;
  netSales: number;
  royaltyDue: number;
  payment: { reference: string; amount: number; received: number; status: string } | null;
};

/** A licence agreement's royalty reports: period, net sales, royalty due, the reference to quote and what has arrived. */
export function ReportsTable({ reports }: { reports: readonly Report[] }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <thead>
          <tr>
            <th>{t("royalties.columns.period")}</th>
            <th className="text-right">{t("royalties.columns.netSales")}</th>
            <th className="text-right">{t("royalties.columns.royaltyDue")}</th>
            <th>{t("royalties.columns.reference")}</th>
            <th>{t("royalties.columns.status")}</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id} data-report={r.id}>
              <td className="whitespace-nowrap">
                {r.periodStart} – {r.periodEnd}
                {r.kind === "minimum_top_up" ? <span className="block text-xs text-slate-500">{t("moneyExtras.minimum.kind.minimum_top_up")}</span> : null}
              </td>
              <td className="text-right">
                <Money amount={r.netSales} currency={r.currency} />
              </td>
              <td className="text-right">
                <Money amount={r.royaltyDue} currency={r.currency} />
              </td>
              <td className="font-mono">{r.payment?.reference ?? "—"}</td>
              <td>
                {r.payment ? t(`royalties.paymentStatus.${r.payment.status}`) : t("royalties.paymentStatus.none")}
                {r.payment && r.payment.status === "pending" && r.payment.received > 0 ? (
                  <span className="block text-xs text-slate-500">{t("royalties.received", { received: money(r.payment.received, r.currency), amount: money(r.payment.amount, r.currency) })}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
