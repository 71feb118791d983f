import { Form, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { Money } from "~/components/collateral/format";
import { Field, FormError, Notice } from "~/components/field";

type ExitSettlement = {
  id: string;
  currency: string;
  price: number;
  canRecordExit: boolean;
  equityExit: { agreedValue: number; realised: number; realisedOn: string; adjustment: number } | null;
};

/** An equity settlement's exit: the seller records the cash realised (once); everyone sees agreed vs realised and the adjustment. */
export function EquityExit({ s }: { s: ExitSettlement }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const exit = s.equityExit;
  return (
    <section className="card space-y-3" data-testid="equity-exit">
      <h2 className="text-lg font-semibold">{t("moneyExtras.exit.title")}</h2>
      {params.get("done") === "exit" ? <Notice tone="success">{t("moneyExtras.exit.done")}</Notice> : null}
      <FormError code={params.get("exitError")} />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm">
        <dt className="text-slate-600">{t("moneyExtras.exit.agreed")}</dt>
        <dd className="text-right">
          <Money amount={s.price} currency={s.currency} />
        </dd>
        {exit ? (
          <>
            <dt className="text-slate-600">{t("moneyExtras.exit.realised")}</dt>
            <dd className="text-right" data-figure="realised">
              <Money amount={exit.realised} currency={s.currency} />
            </dd>
            <dt className="text-slate-600">{t("moneyExtras.exit.on")}</dt>
            <dd className="text-right">{exit.realisedOn}</dd>
            <dt className="text-slate-600">{t("moneyExtras.exit.adjustment")}</dt>
            <dd className={`text-right ${exit.adjustment < 0 ? "text-red-700" : ""}`} data-figure="adjustment">
              <Money amount={exit.adjustment} currency={s.currency} />
            </dd>
          </>
        ) : null}
      </dl>
      {exit ? null : <p className="text-sm text-slate-600">{t("moneyExtras.exit.waiting")}</p>}
      {s.canRecordExit ? (
        <Form method="post" action={`/settlements/${s.id}/equity-exit`} className="grid gap-4 sm:grid-cols-3">
          <p className="text-sm text-slate-600 sm:col-span-3">{t("moneyExtras.exit.lead")}</p>
          <CsrfField />
          <Field label={t("moneyExtras.exit.amount", { currency: s.currency })} name="amount" inputMode="decimal" required />
          <Field label={t("moneyExtras.exit.realisedOn")} name="realisedOn" type="date" required />
          <div className="self-center">
            <button type="submit" className="btn-primary">
              {t("moneyExtras.exit.submit")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
