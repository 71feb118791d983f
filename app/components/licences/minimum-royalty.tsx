import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";

type Year = { start: string; end: string; minimum: number; reported: number; topUp: number | null; status: "open" | "met" | "topped_up" | "pending" };

/** The minimum annual royalty by licence year: the minimum, the royalties reported for it so far, and the top-up asked at its end. */
export function MinimumRoyalty({ startsOn, currency, years }: { startsOn: string; currency: string; years: readonly Year[] }) {
  const { t } = useTranslation();
  if (years.length === 0) return null;
  return (
    <section className="card space-y-3" data-testid="minimum-royalty">
      <div>
        <h2 className="text-lg font-semibold">{t("moneyExtras.minimum.title")}</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("moneyExtras.minimum.lead", { startsOn })}</p>
      </div>
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th>{t("moneyExtras.minimum.year")}</th>
              <th className="text-right">{t("moneyExtras.minimum.minimum")}</th>
              <th className="text-right">{t("moneyExtras.minimum.reported")}</th>
              <th className="text-right">{t("moneyExtras.minimum.topUp")}</th>
              <th>{t("royalties.columns.status")}</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.start} data-year={y.start}>
                <td className="whitespace-nowrap">
                  {y.start} – {y.end}
                </td>
                <td className="text-right">
                  <Money amount={y.minimum} currency={currency} />
                </td>
                <td className="text-right">
                  <Money amount={y.reported} currency={currency} />
                </td>
                <td className="text-right" data-figure="top-up">
                  {y.topUp === null ? "—" : <Money amount={y.topUp} currency={currency} />}
                </td>
                <td>{t(`moneyExtras.minimum.status.${y.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
