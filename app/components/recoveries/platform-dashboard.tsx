import { useTranslation } from "react-i18next";
import type { JsonSafe } from "../../../server/domain/money";
import type { platformPortfolio } from "../../../server/services/recoveries/portfolio";
import { MonthlyChart } from "./charts";
import { AccuracySection, Breakdowns, GroupSection, LoansTable, Totals } from "./dashboard-sections";
import { Section } from "./parts";

type PlatformPortfolio = JsonSafe<Awaited<ReturnType<typeof platformPortfolio>>>;

/** Every bank's recoveries, for the platform's auditor and operator: the bank dashboard over all banks, plus bank by bank. */
export function PlatformDashboard({ platform }: { platform: PlatformPortfolio }) {
  const { t } = useTranslation();
  if (platform.loans.length === 0) return <p className="card text-sm text-slate-600">{t("recoveries.empty.platform")}</p>;
  const currencies = [...new Set(platform.byMonth.map((m) => m.currency))];
  const bankName = (key: string) => platform.byBank.find((b) => b.key === key)?.bank ?? key;
  return (
    <div className="space-y-6">
      <Totals totals={platform.totals} />
      <GroupSection title={t("recoveries.sections.byBank")} csv="by_bank" groups={platform.byBank} label={bankName} />
      <Section title={t("recoveries.sections.byMonth")} csv="by_month">
        {currencies.length === 0 ? <p className="text-sm text-slate-600">{t("recoveries.empty.realised")}</p> : currencies.map((c) => <MonthlyChart key={c} months={platform.byMonth} currency={c} />)}
      </Section>
      <LoansTable loans={platform.loans} party={{ header: t("recoveries.columns.bank"), after: "loan", cell: (l) => l.bank }} />
      <Breakdowns byType={platform.byType} byMode={platform.byMode} byDefaultMonth={platform.byDefaultMonth} />
      <AccuracySection accuracy={platform.accuracy} />
    </div>
  );
}
