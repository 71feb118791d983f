import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JsonSafe } from "../../../server/domain/money";
import type { bankPortfolio } from "../../../server/services/recoveries/portfolio";
import { Money } from "~/components/collateral/format";
import { AccuracyChart, RateChart } from "./charts";
import { GroupTable, type GroupRow, Section, Stat, percent, useModeLabel } from "./parts";

/** The pieces the bank's and the platform's recoveries dashboards share: the same figures over a different scope. */
type Accuracy = JsonSafe<Awaited<ReturnType<typeof bankPortfolio>>["accuracy"]>;
type LoanRow = Omit<JsonSafe<Awaited<ReturnType<typeof bankPortfolio>>["loans"][number]>, "own">;

/** Headline figures, one row per currency. */
export function Totals({ totals }: { totals: readonly GroupRow[] }) {
  const { t } = useTranslation();
  return (
    <>
      {totals.map((total) => (
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
    </>
  );
}

/** Recovery rate and LGD per group (type, mode, month of default, bank): a chart, then the table. */
export function GroupSection({ title, csv, groups, label }: { title: string; csv: string; groups: readonly GroupRow[]; label: (key: string) => string }) {
  const { t } = useTranslation();
  return (
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
}

/** By type of right, by disposal mode and by month of default. */
export function Breakdowns({ byType, byMode, byDefaultMonth }: Record<"byType" | "byMode" | "byDefaultMonth", readonly GroupRow[]>) {
  const { t } = useTranslation();
  const modeLabel = useModeLabel();
  const typeLabel = (key: string) => t(`collateral.assetType.${key}`, { defaultValue: key });
  return (
    <>
      <GroupSection title={t("recoveries.sections.byType")} csv="by_type" groups={byType} label={typeLabel} />
      <GroupSection title={t("recoveries.sections.byMode")} csv="by_mode" groups={byMode} label={modeLabel} />
      <GroupSection title={t("recoveries.sections.byDefaultMonth")} csv="by_default_month" groups={byDefaultMonth} label={(key) => key} />
    </>
  );
}

/**
 * Each defaulted loan, linked to its recovery page. `party`: the column that tells whose the loan is to the viewer (the
 * bank's own share of the recovery, after "recovered"; the lending bank for the platform, after the loan).
 */
export function LoansTable<L extends LoanRow>({ loans, party }: { loans: readonly L[]; party: { header: string; cell: (loan: L) => React.ReactNode; after: "loan" | "recovered" } }) {
  const { t } = useTranslation();
  const modeLabel = useModeLabel();
  const extra = (after: typeof party.after) => (party.after === after ? <th className={after === "recovered" ? "text-right" : ""}>{party.header}</th> : null);
  const extraCell = (after: typeof party.after, l: L) => (party.after === after ? <td className={after === "recovered" ? "text-right" : ""}>{party.cell(l)}</td> : null);
  return (
    <Section title={t("recoveries.sections.loans")} csv="loans">
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th>{t("recoveries.columns.loan")}</th>
              {extra("loan")}
              <th>{t("recoveries.columns.defaultedOn")}</th>
              <th className="text-right">{t("recoveries.columns.exposure")}</th>
              <th className="text-right">{t("recoveries.columns.recovered")}</th>
              {extra("recovered")}
              <th className="text-right">{t("recoveries.columns.rate")}</th>
              <th className="text-right">{t("recoveries.columns.lgd")}</th>
              <th className="text-right">{t("recoveries.columns.days")}</th>
              <th>{t("recoveries.columns.modes")}</th>
            </tr>
          </thead>
          <tbody>
            {loans.map((l) => (
              <tr key={l.loanId} data-loan={l.reference}>
                <td>
                  <Link to={`/recoveries/loans/${l.loanId}`} className="font-medium text-brand-700 hover:underline">
                    {l.reference}
                  </Link>
                </td>
                {extraCell("loan", l)}
                <td className="whitespace-nowrap">{l.defaultedOn}</td>
                <td className="text-right">
                  <Money amount={l.exposureAtDefault} currency={l.currency} />
                </td>
                <td className="text-right">
                  <Money amount={l.recovered} currency={l.currency} />
                </td>
                {extraCell("recovered", l)}
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
  );
}

/** Each appraiser's price-to-appraisal, then sale by sale. */
export function AccuracySection({ accuracy }: { accuracy: Accuracy }) {
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
