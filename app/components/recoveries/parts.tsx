import { useTranslation } from "react-i18next";
import { Money, formatPercentBps } from "~/components/collateral/format";

export const percent = (bps: number | null | undefined) => (bps === null || bps === undefined ? "—" : formatPercentBps(bps));

/** A disposal mode: the listing's mode, or a distribution's source when no listing sold it. */
export function useModeLabel() {
  const { t, i18n } = useTranslation();
  return (key: string) => (i18n.exists(`listings.mode.${key}`) ? t(`listings.mode.${key}`) : t(`recoveries.source.${key}`, { defaultValue: key }));
}

/** A section of a dashboard: a heading, its CSV download (a plain link, so it works without JavaScript), then its body. */
export function Section({ title, csv, lead, children }: { title: string; csv?: string; lead?: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        {csv ? (
          <a href={`/recoveries.csv?table=${csv}`} className="text-sm text-brand-700 hover:underline print:hidden" download>
            {t("recoveries.csv")}
          </a>
        ) : null}
      </div>
      {lead ? <p className="max-w-3xl text-sm text-slate-600">{lead}</p> : null}
      {children}
    </section>
  );
}

export function Stat({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white p-3">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-xl font-semibold tabular-nums" data-stat={testId}>
        {children}
      </div>
    </div>
  );
}

export type GroupRow = { key: string; currency: string; loans: number; exposureAtDefault: number; recovered: number; recoveryRateBps: number | null; lgdBps: number | null; averageDaysToRecovery: number | null };

/** Recovery rate, LGD and time to recovery per group. */
export function GroupTable({ groups, label }: { groups: readonly GroupRow[]; label: (key: string) => string }) {
  const { t } = useTranslation();
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <thead>
          <tr>
            <th>{t("recoveries.columns.group")}</th>
            <th className="text-right">{t("recoveries.columns.loans")}</th>
            <th className="text-right">{t("recoveries.columns.exposure")}</th>
            <th className="text-right">{t("recoveries.columns.recovered")}</th>
            <th className="text-right">{t("recoveries.columns.rate")}</th>
            <th className="text-right">{t("recoveries.columns.lgd")}</th>
            <th className="text-right">{t("recoveries.columns.days")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.currency} ${g.key}`} data-group={g.key}>
              <td>{label(g.key)}</td>
              <td className="text-right tabular-nums">{g.loans}</td>
              <td className="text-right">
                <Money amount={g.exposureAtDefault} currency={g.currency} />
              </td>
              <td className="text-right">
                <Money amount={g.recovered} currency={g.currency} />
              </td>
              <td className="text-right tabular-nums">{percent(g.recoveryRateBps)}</td>
              <td className="text-right tabular-nums">{percent(g.lgdBps)}</td>
              <td className="text-right tabular-nums">{g.averageDaysToRecovery ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
