import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CURRENCIES } from "../../server/domain/collateral/vocabulary";
import { echo, parseLoanForm } from "~/components/collateral/forms.server";
import { formState } from "~/components/collateral/form-reply";
import { SelectField } from "~/components/collateral/inputs";
import type { FormReply } from "~/components/collateral/types";
import { Field, FormError } from "~/components/field";
import { CsrfField } from "~/components/csrf-field";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.newLoan.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "collateral:manage");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "collateral:manage");
  const parsed = parseLoanForm(form);
  if (!parsed.ok) return json<FormReply>({ intent: "create", formError: "INVALID", fields: parsed.fields, values: parsed.values }, { status: 400 });
  const result = await context.services.loans.create(principal, parsed.data);
  if (!result.ok) {
    return json<FormReply>({ intent: "create", formError: result.code, fields: {}, values: echo(form) }, { status: 409 });
  }
  return redirect(`/collateral/loans/${result.id}`);
}

/** Only the statuses a new loan may start in: default is declared on the loan page. */
const START_STATUSES = ["performing", "overdue"] as const;

export default function NewLoan() {
  const { t } = useTranslation();
  const s = formState(useActionData<typeof action>(), "create");
  return (
    <section className="card max-w-4xl" aria-labelledby="new-loan">
      <h2 id="new-loan" className="text-xl font-semibold">
        {t("collateral.newLoan.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("collateral.newLoan.lead")}</p>
      <Form method="post" className="mt-6 space-y-2">
        <CsrfField />
        <FormError code={s.formError} />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <Field label={t("collateral.newLoan.reference")} name="reference" required maxLength={60} hint={t("collateral.newLoan.referenceHint")} defaultValue={s.value("reference")} errors={s.errors("reference")} />
          <SelectField
            label={t("collateral.common.currency")}
            name="currency"
            defaultValue={s.value("currency", "CNY")}
            options={CURRENCIES.map((c) => ({ value: c, label: c }))}
            errors={s.errors("currency")}
          />
          <Field label={t("collateral.newLoan.borrowerName")} name="borrowerName" required maxLength={200} defaultValue={s.value("borrowerName")} errors={s.errors("borrowerName")} />
          <Field label={t("collateral.newLoan.borrowerCreditCode")} name="borrowerCreditCode" required maxLength={18} autoCapitalize="characters" defaultValue={s.value("borrowerCreditCode")} errors={s.errors("borrowerCreditCode")} />
          <Field label={t("collateral.newLoan.principal")} name="principal" required inputMode="decimal" placeholder="5,000,000.00" defaultValue={s.value("principal")} errors={s.errors("principal")} />
          <Field label={t("collateral.newLoan.rate")} name="rate" required inputMode="decimal" hint={t("collateral.newLoan.rateHint")} defaultValue={s.value("rate")} errors={s.errors("rate")} />
          <Field label={t("collateral.newLoan.disbursedOn")} name="disbursedOn" type="date" required defaultValue={s.value("disbursedOn")} errors={s.errors("disbursedOn")} />
          <Field label={t("collateral.newLoan.maturesOn")} name="maturesOn" type="date" required defaultValue={s.value("maturesOn")} errors={s.errors("maturesOn")} />
          <SelectField
            label={t("collateral.newLoan.status")}
            name="status"
            defaultValue={s.value("status", "performing")}
            options={START_STATUSES.map((v) => ({ value: v, label: t(`collateral.loanStatus.${v}`) }))}
            errors={s.errors("status")}
          />
          <Field label={`${t("collateral.newLoan.outstanding")} (${t("collateral.common.optional")})`} name="outstandingPrincipal" inputMode="decimal" defaultValue={s.value("outstandingPrincipal")} errors={s.errors("outstandingPrincipal")} />
          <Field label={`${t("collateral.newLoan.interest")} (${t("collateral.common.optional")})`} name="accruedInterest" inputMode="decimal" defaultValue={s.value("accruedInterest")} errors={s.errors("accruedInterest")} />
          <Field label={`${t("collateral.newLoan.penalty")} (${t("collateral.common.optional")})`} name="penaltyInterest" inputMode="decimal" defaultValue={s.value("penaltyInterest")} errors={s.errors("penaltyInterest")} />
        </div>
        <div className="flex gap-3">
          <button className="btn-primary">{t("collateral.newLoan.submit")}</button>
          <Link to="/collateral" className="btn-secondary">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
