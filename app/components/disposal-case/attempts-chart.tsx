import { Bar, BarChart, CartesianGrid, Label, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import { fixedPriceFloor } from "../../../server/domain/listings/presets";
import { AXIS, Frame, useHydrated } from "~/components/collateral/charts";
import { useFormat } from "~/components/collateral/format";

/** Each attempt's price as a bar, against the case's appraisal and the fixed-price floor (half of it). */
export function AttemptsChart({ attempts, appraisal, currency }: { attempts: ReadonlyArray<{ id: string; attempt: number; price: number }>; appraisal: number | null; currency: string }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const hydrated = useHydrated();
  const floor = appraisal === null ? null : Number(fixedPriceFloor(BigInt(appraisal)));
  const data = attempts.map((a) => ({ label: t("cases.attempts.attemptLabel", { attempt: a.attempt }), price: a.price }));
  const top = Math.max(appraisal ?? 0, ...data.map((d) => d.price)) * 1.1;
  return (
    <Frame height={260} label={t("cases.attempts.chart")}>
      <BarChart data={data} margin={{ top: 16, right: 96, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={AXIS} interval={0} />
        <YAxis domain={[0, top]} tick={AXIS} width={80} tickFormatter={(v: number) => money(v, currency, true)} />
        {hydrated ? <Tooltip formatter={(v: number) => [money(v, currency), t("cases.attempts.priceSeries")]} /> : null}
        <Bar dataKey="price" name={t("cases.attempts.priceSeries")} fill="#1d5fbf" isAnimationActive={false} maxBarSize={56} />
        {appraisal !== null ? (
          <ReferenceLine y={appraisal} stroke="#059669" strokeDasharray="4 4">
            <Label value={t("cases.attempts.appraisalLine")} position="right" fontSize={12} fill="#059669" />
          </ReferenceLine>
        ) : null}
        {floor !== null ? (
          <ReferenceLine y={floor} stroke="#dc2626" strokeDasharray="4 4">
            <Label value={t("cases.attempts.floorLine")} position="right" fontSize={12} fill="#dc2626" />
          </ReferenceLine>
        ) : null}
      </BarChart>
    </Frame>
  );
}
