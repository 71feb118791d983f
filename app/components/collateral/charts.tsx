import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCoverage, formatMoney } from "./format";

const PALETTE = ["#1d5fbf", "#d97706", "#059669", "#7c3aed", "#dc2626", "#0891b2", "#4b5563", "#db2777"];
export const AXIS = { fontSize: 12, fill: "#475569" };

/**
 * A chart that renders in the server HTML at a first guess of its width, then follows its box once the
 * browser has measured it (recharts 2 renders on the server; 3 would not).
 */
export function Frame({ height, label, children }: { height: number; label: string; children: React.ReactElement }) {
  return (
    <figure className="w-full overflow-hidden" aria-label={label} role="img">
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 1100, height }}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * Which ticks to label. Recharts thins crowded ticks by measuring text, which the server cannot do, so
 * the server and the browser would label different ticks; choosing them here keeps both the same.
 */
function spread<T>(values: readonly T[], max: number): T[] {
  if (values.length <= max) return [...values];
  const step = (values.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => values[Math.round(i * step)]!);
}

/** The tooltip fills in text the server never renders: it joins once the page is hydrated. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** Coverage per loan as bars, red below the 1.0 line. */
export function CoverageChart({ loans, label }: { loans: ReadonlyArray<{ reference: string; coverageBps: number | null }>; label: string }) {
  const data = loans.map((l) => ({ reference: l.reference, coverage: l.coverageBps === null ? 0 : l.coverageBps / 10_000, bps: l.coverageBps }));
  const hydrated = useHydrated();
  const top = Math.max(2, Math.ceil(Math.max(0, ...data.map((d) => d.coverage)) * 2) / 2);
  return (
    <Frame height={280} label={label}>
      <BarChart data={data} margin={{ top: 12, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="reference" tick={AXIS} interval={0} angle={data.length > 8 ? -30 : 0} textAnchor={data.length > 8 ? "end" : "middle"} height={data.length > 8 ? 70 : 30} />
        <YAxis domain={[0, top]} tick={AXIS} width={40} interval={0} tickFormatter={(v: number) => v.toFixed(1)} />
        {hydrated ? <Tooltip formatter={(_v, _n, item) => [formatCoverage((item.payload as { bps: number | null }).bps), label]} /> : null}
        <ReferenceLine y={1} stroke="#dc2626" strokeDasharray="4 4" />
        <Bar dataKey="coverage" isAnimationActive={false} maxBarSize={48}>
          {data.map((d) => (
            <Cell key={d.reference} fill={d.bps !== null && d.bps < 10_000 ? "#dc2626" : "#1d5fbf"} />
          ))}
        </Bar>
      </BarChart>
    </Frame>
  );
}

export type ValuationSeries = { key: string; name: string; points: ReadonlyArray<{ valuedOn: string; amount: number }> };

/** Appraised value over time, one line per right. */
export function ValuationChart({ series, currency, locale, label, height = 300 }: { series: readonly ValuationSeries[]; currency: string; locale: string; label: string; height?: number }) {
  // Time runs to scale: appraisals a month apart sit closer than appraisals a year apart.
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.valuedOn)))].sort();
  const data = dates.map((date) => {
    const row: Record<string, string | number | null> = { at: Date.parse(`${date}T00:00:00Z`) };
    for (const s of series) row[s.key] = s.points.find((p) => p.valuedOn === date)?.amount ?? null;
    return row;
  });
  const ticks = spread(data.map((d) => d.at as number), 8);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const hydrated = useHydrated();
  const money = (v: number, compact = false) => formatMoney(v, currency, locale, { compact });
  return (
    <Frame height={height} label={label}>
      <LineChart data={data} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tick={AXIS} ticks={ticks} interval={0} tickFormatter={day} padding={{ left: 36, right: 36 }} />
        <YAxis tick={AXIS} width={80} interval={0} tickFormatter={(v: number) => money(v, true)} />
        {hydrated ? <Tooltip labelFormatter={(ms: number) => day(ms)} formatter={(v: number, name) => [money(v), name]} /> : null}
        {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
        {series.map((s, i) => (
          <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={PALETTE[i % PALETTE.length]} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </Frame>
  );
}
