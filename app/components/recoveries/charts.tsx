import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import { AXIS, Frame, useHydrated } from "~/components/collateral/charts";
import { useFormat } from "~/components/collateral/format";

/** Recoveries by month received: everything the loans recovered, and the viewer's part of it when it has one (not the platform). */
export function MonthlyChart({ months, currency }: { months: ReadonlyArray<{ month: string; currency: string; recovered: number; own?: number }>; currency: string }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const hydrated = useHydrated();
  const data = months.filter((m) => m.currency === currency);
  return (
    <Frame height={260} label={t("recoveries.sections.byMonth")}>
      <BarChart data={data} margin={{ top: 12, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="month" tick={AXIS} interval={0} />
        <YAxis tick={AXIS} width={80} tickFormatter={(v: number) => money(v, currency, true)} />
        {hydrated ? <Tooltip formatter={(v: number, name) => [money(v, currency), name]} /> : null}
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="recovered" name={t("recoveries.chart.recovered")} fill="#1d5fbf" isAnimationActive={false} maxBarSize={48} />
        {data.some((m) => m.own !== undefined) ? <Bar dataKey="own" name={t("recoveries.chart.own")} fill="#059669" isAnimationActive={false} maxBarSize={48} /> : null}
      </BarChart>
    </Frame>
  );
}

/** Recovery rate and realised LGD side by side for each group (type, mode, month of default). */
export function RateChart({ groups, label }: { groups: ReadonlyArray<{ label: string; recoveryRateBps: number | null; lgdBps: number | null }>; label: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const data = groups.map((g) => ({ label: g.label, rate: (g.recoveryRateBps ?? 0) / 100, lgd: (g.lgdBps ?? 0) / 100 }));
  return (
    <Frame height={240} label={label}>
      <BarChart data={data} margin={{ top: 12, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={AXIS} interval={0} />
        <YAxis tick={AXIS} width={48} domain={[0, (max: number) => Math.max(100, Math.ceil(max / 10) * 10)]} tickFormatter={(v: number) => `${v}%`} />
        {hydrated ? <Tooltip formatter={(v: number, name) => [`${v.toFixed(2)}%`, name]} /> : null}
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="rate" name={t("recoveries.chart.rate")} fill="#1d5fbf" isAnimationActive={false} maxBarSize={40} />
        <Bar dataKey="lgd" name={t("recoveries.chart.lgd")} fill="#dc2626" isAnimationActive={false} maxBarSize={40} />
      </BarChart>
    </Frame>
  );
}

/** Each appraiser's average realised price ÷ appraisal, against the 100% line; red where prices fell short of appraisals. */
export function AccuracyChart({ appraisers }: { appraisers: ReadonlyArray<{ appraiser: string; averageRatioBps: number }> }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const data = appraisers.map((a) => ({ appraiser: a.appraiser, ratio: a.averageRatioBps / 100 }));
  return (
    <Frame height={220} label={t("recoveries.sections.appraisers")}>
      <BarChart data={data} margin={{ top: 12, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="appraiser" tick={AXIS} interval={0} />
        <YAxis tick={AXIS} width={48} domain={[0, (max: number) => Math.max(120, Math.ceil(max / 10) * 10)]} tickFormatter={(v: number) => `${v}%`} />
        {hydrated ? <Tooltip formatter={(v: number) => [`${v.toFixed(2)}%`, t("recoveries.columns.ratio")]} /> : null}
        <ReferenceLine y={100} stroke="#475569" strokeDasharray="4 4" />
        <Bar dataKey="ratio" name={t("recoveries.columns.ratio")} isAnimationActive={false} maxBarSize={56}>
          {data.map((d) => (
            <Cell key={d.appraiser} fill={d.ratio < 100 ? "#dc2626" : "#059669"} />
          ))}
        </Bar>
      </BarChart>
    </Frame>
  );
}
