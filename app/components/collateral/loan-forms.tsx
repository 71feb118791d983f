import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError } from "~/components/field";
import { majorInput } from "./format";
import { formState } from "./form-reply";
import { FieldError } from "./inputs";
import type { AssetOption, FormReply, LoanDetailView } from "./types";

/** Declare default: the balances today prefill the snapshot; a ticked box confirms. */
export function DeclareDefaultForm({ detail, today, reply }: { detail: LoanDetailView; today: string; reply?: FormReply | null }) {
  const { t } = useTranslation();
  const { loan } = detail;
  const s = formState(reply, "declare-default");
  const closed = loan.status === "recovered" || loan.status === "written_off";
  return (
    <section className="card border-red-200" aria-labelledby="declare">
      <h2 id="declare" className="text-lg font-semibold text-red-900">
        {t("collateral.declare.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("collateral.declare.lead")}</p>
      {closed ? (
        <p className="mt-3 text-sm text-slate-500">{t("collateral.declare.closed")}</p>
      ) : (
        <Form method="post" className="mt-4 space-y-3">
          <CsrfField />
          <FormError code={s.formError} />
          <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
            <Field label={t("collateral.declare.defaultedOn")} name="defaultedOn" type="date" required defaultValue={s.value("defaultedOn", today)} errors={s.errors("defaultedOn")} />
            <Field label={`${t("collateral.declare.principal")} (${loan.currency})`} name="principal" inputMode="decimal" required defaultValue={s.value("principal", majorInput(loan.outstandingPrincipal, loan.currency))} errors={s.errors("principal")} />
            <Field label={`${t("collateral.declare.interest")} (${loan.currency})`} name="interest" inputMode="decimal" defaultValue={s.value("interest", majorInput(loan.accruedInterest, loan.currency))} errors={s.errors("interest")} />
            <Field label={`${t("collateral.declare.penalty")} (${loan.currency})`} name="penaltyInterest" inputMode="decimal" defaultValue={s.value("penaltyInterest", majorInput(loan.penaltyInterest, loan.currency))} errors={s.errors("penaltyInterest")} />
            <Field label={`${t("collateral.declare.costs")} (${loan.currency})`} name="costs" inputMode="decimal" defaultValue={s.value("costs", "0.00")} errors={s.errors("costs")} />
          </div>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="confirm" value="yes" required className="mt-1" />
            <span>{t("collateral.declare.confirm")}</span>
          </label>
          <FieldError error={s.errors("confirm")?.[0]} />
          <button name="intent" value="declare-default" className="btn-danger">
            {t("collateral.declare.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}

/** A pledge of one or more rights in the bank's book to this loan. */
export function PledgeForm({ detail, assets, today, reply }: { detail: LoanDetailView; assets: readonly AssetOption[]; today: string; reply?: FormReply | null }) {
  const { t } = useTranslation();
  const s = formState(reply, "add-pledge");
  const { loan } = detail;
  const chosen = new Set(reply?.intent === "add-pledge" ? (reply.values?.asset ?? "").split("\n") : []);
  if (assets.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {t("collateral.pledge.noAssets")}{" "}
        <Link to="/collateral/assets/new" className="text-brand-700 underline">
          {t("collateral.pledge.registerAsset")}
        </Link>
      </p>
    );
  }
  return (
    <Form method="post" className="space-y-3">
      <CsrfField />
      <FormError code={s.formError} />
      <p className="text-sm text-slate-600">{t("collateral.pledge.lead")}</p>
      <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field label={t("collateral.pledge.number")} name="registryPledgeNumber" required maxLength={60} defaultValue={s.value("registryPledgeNumber")} errors={s.errors("registryPledgeNumber")} />
        <Field label={t("collateral.pledge.registeredOn")} name="registeredAt" type="date" required defaultValue={s.value("registeredAt", today)} errors={s.errors("registeredAt")} />
        <Field label={`${t("collateral.pledge.securedAmount")} (${loan.currency})`} name="securedAmount" inputMode="decimal" required defaultValue={s.value("securedAmount", majorInput(loan.principal, loan.currency))} errors={s.errors("securedAmount")} />
        <Field label={t("collateral.pledge.pledgorName")} name="pledgorName" required maxLength={200} defaultValue={s.value("pledgorName", detail.borrower.name)} errors={s.errors("pledgorName")} />
        <Field label={t("collateral.pledge.pledgorCreditCode")} name="pledgorCreditCode" required maxLength={18} defaultValue={s.value("pledgorCreditCode", detail.borrower.creditCode)} errors={s.errors("pledgorCreditCode")} />
        <Field label={t("collateral.pledge.scope")} name="scope" maxLength={1000} defaultValue={s.value("scope")} errors={s.errors("scope")} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">{t("collateral.pledge.assets")}</legend>
        <p className="text-xs text-slate-500">{t("collateral.pledge.assetsHint")}</p>
        <div className="mt-2 max-h-56 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
          {assets.map((a) => {
            const value = `${a.type}|${a.registryNumber}`;
            return (
              <label key={a.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="asset" value={value} defaultChecked={chosen.has(value)} />
                <span className="font-mono text-xs">{a.registryNumber}</span>
                <span>{a.title}</span>
                <span className="text-xs text-slate-500">{t(`collateral.assetType.${a.type}`)}</span>
              </label>
            );
          })}
        </div>
        <FieldError error={s.errors("assets")?.[0]} />
      </fieldset>
      <button name="intent" value="add-pledge" className="btn-primary">
        {t("collateral.pledge.submit")}
      </button>
    </Form>
  );
}
