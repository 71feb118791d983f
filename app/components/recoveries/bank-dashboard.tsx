import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JsonSafe } from "../../../server/domain/money";
import type { bankPortfolio } from "../../../server/services/recoveries/portfolio";
import { Money } from "~/components/collateral/format";
import { AccuracyChart, MonthlyChart, RateChart } from "./charts";
import { GroupTable, type GroupRow, Section, Stat, percent, useModeLabel } from "./parts";

export type BankPortfolio = JsonSafe<Awaited<ReturnType<typeof bankPortfolio>>>;

/** A bank's recoveries: headline figures, by month, by type, mode and month of default, each loan, and valuation accuracy. */
export function BankDashboard({ bank }: { bank: BankPortfolio }) {
  const { t } = useTranslation();
  const modeLabel = useModeLabel();
  const typeLabel = (key: string) => t(`collateral.assetType.${key}`, { defaultValue: key });
  if (bank.loans.length === 0) return <p className="card text-sm text-slate-600">{t("recoveries.empty.bank")}</p>;
  const currencies = [...new Set(bank.byMonth.map((m) => m.currency))];
  const grouped = (title: string, csv: string, groups: readonly GroupRow[], label: (key: string) => string) => (
    <Section title={title} csv={csv}>
      {groups.length === 0 ? (
        <p className="text-sm text-slate-600">{t("recoveries.empty.realised")}</p>
      ) : (
        <>
          <RateChart label={title} groups={groups.map((g) => ({ ...g, label: label(g.key) }))} />
          <GroupTable groups={groups} label={label} />
        </>
      )}
    </Section>
  );
  return (
    <div className="space-y-6">
      {bank.totals.map((total) => (
        <div key={total.currency} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" data-totals={total.currency}>
          <Stat label={t("recoveries.summary.exposure")}>
            <Money amount={total.exposureAtDefault} currency={total.currency} />
          </Stat>
          <Stat label={t("recoveries.summary.recovered")}>
            <Money amount={total.recovered} currency={total.currency} />
          </Stat>
          <Stat label={t("recoveries.summary.rate")} testId="rate">
            {percent(total.recoveryRateBps)}
          </Stat>
          <Stat label={t("recoveries.summary.lgd")} testId="lgd">
            {percent(total.lgdBps)}
          </Stat>
          <Stat label={t("recoveries.summary.days")}>{total.averageDaysToRecovery ?? "—"}</Stat>
        </div>
      ))}
      <Section title={t("recoveries.sections.byMonth")} csv="by_month">
        {currencies.length === 0 ? <p className="text-sm text-slate-600">{t("recoveries.empty.realised")}</p> : currencies.map((c) => <MonthlyChart key={c} months={bank.byMonth} currency={c} />)}
      </Section>
      <Section title={t("recoveries.sections.loans")} csv="loans">
        <div className="overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("recoveries.columns.loan")}</th>
                <th>{t("recoveries.columns.defaultedOn")}</th>
                <th className="text-right">{t("recoveries.columns.exposure")}</th>
                <th className="text-right">{t("recoveries.columns.recovered")}</th>
                <th className="text-right">{t("recoveries.columns.own")}</th>
                <th className="text-right">{t("recoveries.columns.rate")}</th>
                <th className="text-right">{t("recoveries.columns.lgd")}</th>
                <th className="text-right">{t("recoveries.columns.days")}</th>
                <th>{t("recoveries.columns.modes")}</th>
              </tr>
            </thead>
            <tbody>
              {bank.loans.map((l) => (
                <tr key={l.loanId} data-loan={l.reference}>
                  <td>
                    <Link to={`/recoveries/loans/${l.loanId}`} className="font-medium text-brand-700 hover:underline">
                      {l.reference}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap">{l.defaultedOn}</td>
                  <td className="text-right">
                    <Money amount={l.exposureAtDefault} currency={l.currency} />
                  </td>
                  <td className="text-right">
                    <Money amount={l.recovered} currency={l.currency} />
                  </td>
                  <td className="text-right">
                    <Money amount={l.own} currency={l.currency} />
                  </td>
                  <td className="text-right tabular-nums">{percent(l.recoveryRateBps)}</td>
                  <td className="text-right tabular-nums">{percent(l.lgdBps)}</td>
                  <td className="text-right tabular-nums">{l.daysToRecovery ?? "—"}</td>
                  <td>{l.modes.map(modeLabel).join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      {grouped(t("recoveries.sections.byType"), "by_type", bank.byType, typeLabel)}
      {grouped(t("recoveries.sections.byMode"), "by_mode", bank.byMode, modeLabel)}
      {grouped(t("recoveries.sections.byDefaultMonth"), "by_default_month", bank.byDefaultMonth, (key) => key)}
      <AccuracySection accuracy={bank.accuracy} />
    </div>
  );
}

function AccuracySection({ accuracy }: { accuracy: BankPortfolio["accuracy"] }) {
  const { t } = useTranslation();
  return (
    <Section title={t("recoveries.sections.accuracy")} csv="accuracy" lead={t("recoveries.sections.accuracyLead")}>
      {accuracy.sales.length === 0 ? (
        <p className="text-sm text-slate-600">{t("recoveries.empty.accuracy")}</p>
      ) : (
        <>
          <AccuracyChart appraisers={accuracy.appraisers} />
          <h3 className="font-medium">{t("recoveries.sections.appraisers")}</h3>
          <table className="table">
            <thead>
              <tr>
                <th>{t("recoveries.columns.appraiser")}</th>
                <th className="text-right">{t("recoveries.columns.sales")}</th>
                <th className="text-right">{t("recoveries.columns.ratio")}</th>
              </tr>
            </thead>
            <tbody>
              {accuracy.appraisers.map((a) => (
                <tr key={a.appraiser} data-appraiser={a.appraiser}>
                  <td>{a.appraiser}</td>
                  <td className="text-right tabular-nums">{a.sales}</td>
                  <td className="text-right tabular-nums">{percent(a.averageRatioBps)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="font-medium">{t("recoveries.sections.sales")}</h3>
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("recoveries.columns.lot")}</th>
                  <th>{t("recoveries.columns.soldOn")}</th>
                  <th className="text-right">{t("recoveries.columns.price")}</th>
                  <th>{t("recoveries.columns.appraiser")}</th>
                  <th className="text-right">{t("recoveries.columns.appraisal")}</th>
                  <th>{t("recoveries.columns.appraisedOn")}</th>
                  <th className="text-right">{t("recoveries.columns.ratio")}</th>
                </tr>
              </thead>
              <tbody>
                {accuracy.sales.map((s) => (
                  <tr key={`${s.settlementId} ${s.appraiser}`}>
                    <td>{s.title}</td>
                    <td className="whitespace-nowrap">{s.soldOn}</td>
                    <td className="text-right">
                      <Money amount={s.price} currency={s.currency} />
                    </td>
                    <td>{s.appraiser}</td>
                    <td className="text-right">
                      <Money amount={s.appraisal} currency={s.currency} />
                    </td>
                    <td className="whitespace-nowrap">{s.appraisedOn}</td>
                    <td className={`text-right tabular-nums ${s.ratioBps < 10_000 ? "text-red-700" : ""}`}>{percent(s.ratioBps)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}
