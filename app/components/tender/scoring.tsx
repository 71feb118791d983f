import { useTranslation } from "react-i18next";
import type { TenderScoring } from "../../../server/domain/bidding/tender-scoring";
import { useFormat } from "~/components/collateral/format";

/** Basis points of the full score as points out of 100, with two decimals. */
export const pointsOf = (bps: number) => (bps / 100).toFixed(2);

/** A weighted tender's published scoring in plain words (the caller gives the heading): weights, directions and ranges, then the formula. */
export function ScoringSummary({ scoring }: { scoring: TenderScoring }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const whole = (n: number) => n.toLocaleString(locale);
  return (
    <div className="space-y-2 text-sm text-slate-700" data-testid="tender-scoring">
      <p>{t("tender.scoring.lead")}</p>
      <ul className="list-disc space-y-0.5 pl-5">
        <li>{t("tender.scoring.price", { weight: scoring.priceWeight })}</li>
        {scoring.criteria.map((c, i) => (
          <li key={i}>{t("tender.scoring.criterion", { label: c.label, weight: c.weight, better: t(`tender.scoring.better.${c.better}`), min: whole(c.min), max: whole(c.max) })}</li>
        ))}
      </ul>
      <p className="text-xs text-slate-600">{t("tender.scoring.formula")}</p>
      <p className="text-xs text-slate-600">{t("tender.scoring.award")}</p>
    </div>
  );
}
