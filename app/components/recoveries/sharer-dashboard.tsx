import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JsonSafe } from "../../../server/domain/money";
import type { sharerPortfolio } from "../../../server/services/recoveries/portfolio-parties";
import { Money } from "~/components/collateral/format";
import { MonthlyChart } from "./charts";
import { Section, Stat, percent } from "./parts";

type SharerPortfolio = JsonSafe<Awaited<ReturnType<typeof sharerPortfolio>>>;

/** A guarantor's, fund's or insurer's losses and recoveries across the loans it shares. */
export function SharerDashboard({ sharer }: { sharer: SharerPortfolio }) {
  const { t } = useTranslation();
  const performing = sharer.performing > 0 ? <p className="text-sm text-slate-600">{t("recoveries.performing", { count: sharer.performing })}</p> : null;
  if (sharer.loans.length === 0)
    return (
      <div className="card space-y-2">
        <p className="text-sm text-slate-600">{t("recoveries.empty.sharer")}</p>
        {performing}
      </div>
    );
  return (
    <div className="space-y-6">
      {sharer.totals.map((total) => (
        <div key={total.currency} className="grid gap-3 sm:grid-cols-3" data-totals={total.currency}>
          <Stat label={t("recoveries.summary.paid")}>
            <Money amount={total.paid} currency={total.currency} />
          </Stat>
          <Stat label={t("recoveries.summary.yourRecovered")} testId="recovered">
            <Money amount={total.recovered} currency={total.currency} />
          </Stat>
          <Stat label={t("recoveries.summary.netLoss")}>
            <Money amount={total.netLoss} currency={total.currency} />
          </Stat>
        </div>
      ))}
      {sharer.totals.map((total) => (
        <Section key={total.currency} title={t("recoveries.sections.byMonth")} csv="by_month">
          {sharer.byMonth.some((m) => m.currency === total.currency) ? <MonthlyChart months={sharer.byMonth} currency={total.currency} /> : <p className="text-sm text-slate-600">{t("recoveries.empty.realised")}</p>}
        </Section>
      ))}
      <Section title={t("recoveries.sections.shares")} csv="loans">
        <div className="overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("recoveries.columns.loan")}</th>
                <th>{t("recoveries.columns.bank")}</th>
                <th>{t("recoveries.columns.role")}</th>
                <th className="text-right">{t("recoveries.columns.share")}</th>
                <th>{t("recoveries.columns.defaultedOn")}</th>
                <th className="text-right">{t("recoveries.columns.paid")}</th>
                <th className="text-right">{t("recoveries.columns.recovered")}</th>
                <th className="text-right">{t("recoveries.columns.netLoss")}</th>
                <th className="text-right">{t("recoveries.columns.rate")}</th>
                <th className="text-right">{t("recoveries.columns.lgd")}</th>
              </tr>
            </thead>
            <tbody>
              {sharer.loans.map((l) => (
                <tr key={`${l.loanId} ${l.role}`} data-loan={l.reference}>
                  <td>
                    <Link to={`/recoveries/loans/${l.loanId}`} className="font-medium text-brand-700 hover:underline">
                      {l.reference}
                    </Link>
                  </td>
                  <td>{l.bank}</td>
                  <td>{t(`collateral.shareRole.${l.role}`)}</td>
                  <td className="text-right tabular-nums">{percent(l.shareBps)}</td>
                  <td className="whitespace-nowrap">{l.defaultedOn}</td>
                  <td className="text-right">
                    <Money amount={l.paid} currency={l.currency} />
                  </td>
                  <td className="text-right">
                    <Money amount={l.recovered} currency={l.currency} />
                  </td>
                  <td className="text-right">
                    <Money amount={l.netLoss} currency={l.currency} />
                  </td>
                  <td className="text-right tabular-nums">{percent(l.loanRecoveryRateBps)}</td>
                  <td className="text-right tabular-nums">{percent(l.loanLgdBps)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {performing}
      </Section>
    </div>
  );
}
