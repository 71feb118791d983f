import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";

/** A credit bid's offset as a figure of the filing pack. */
export function CreditOffsetFigure({ amount, currency }: { amount: number; currency: string }) {
  const { t } = useTranslation();
  return (
    <>
      <dt className="text-slate-600">{t("moneyExtras.credit.packNote")}</dt>
      <dd className="tabular-nums">
        <Money amount={amount} currency={currency} />
      </dd>
    </>
  );
}
