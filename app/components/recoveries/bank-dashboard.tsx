import { useTranslation } from "react-i18next";
import type { JsonSafe } from "../../../server/domain/money";
import type { bankPortfolio } from "../../../server/services/recoveries/portfolio";
import { Money } from "~/components/collateral/format";
import { MonthlyChart } from "./charts";
import { AccuracySection, Breakdowns, LoansTable, Totals } from "./dashboard-sections";
import { Section } from "./parts";

export type BankPortfolio = JsonSafe<Awaited<ReturnType<typeof bankPortfolio>>>;

/** A bank's recoveries: headline figures, by month, by type, mode and month of default, each loan, and valuation accuracy. */
export function BankDashboard({ bank }: { bank: BankPortfolio }) {
  const { t } = useTranslation();
  if (bank.loans.length === 0) return <p className="card text-sm text-slate-600">{t("recoveries.empty.bank")}</p>;
  const currencies = [...new Set(bank.byMonth.map((m) => m.currency))];
  return (
    <div className="space-y-6">
      <Totals totals={bank.totals} />
      <Section title={t("recoveries.sections.byMonth")} csv="by_month">
        {currencies.length === 0 ? <p className="text-sm text-slate-600">{t("recoveries.empty.realised")}</p> : currencies.map((c) => <MonthlyChart key={c} months={bank.byMonth} currency={c} />)}
      </Section>
      <LoansTable loans={bank.loans} party={{ header: t("recoveries.columns.own"), after: "recovered", cell: (l) => <Money amount={l.own} currency={l.currency} /> }} />
      <Breakdowns byType={bank.byType} byMode={bank.byMode} byDefaultMonth={bank.byDefaultMonth} />
      <AccuracySection accuracy={bank.accuracy} />
    </div>
  );
}
