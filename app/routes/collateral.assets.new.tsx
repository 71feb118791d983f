import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ASSET_TYPES, LEGAL_STATUSES } from "../../server/domain/collateral/vocabulary";
import { echo, parseAssetForm } from "~/components/collateral/forms.server";
import { formState } from "~/components/collateral/form-reply";
import { SelectField, TextAreaField } from "~/components/collateral/inputs";
import type { FormReply } from "~/components/collateral/types";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError } from "~/components/field";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.newAsset.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "collateral:manage");
  return json({});
}

type Reply = FormReply & { existingId?: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "collateral:manage");
  const parsed = parseAssetForm(form);
  if (!parsed.ok) return json<Reply>({ intent: "create", formError: "INVALID", fields: parsed.fields, values: parsed.values }, { status: 400 });
  const result = await context.services.assets.create(principal, parsed.data);
  if (!result.ok) {
    // Link to the existing right only when it is already in this bank's book (its id must not leak otherwise).
    const id = typeof result.details?.id === "string" ? result.details.id : null;
    const visible = id ? (await context.services.assets.detail(principal, id)).ok : false;
    return json<Reply>({ intent: "create", formError: result.code, fields: {}, values: echo(form), existingId: visible ? id : null }, { status: 409 });
  }
  return redirect(`/collateral/assets/${result.id}`);
}

export default function NewAsset() {
  const { t } = useTranslation();
  const reply = useActionData<typeof action>();
  const s = formState(reply, "create");
  return (
    <section className="card max-w-4xl" aria-labelledby="new-asset">
      <h2 id="new-asset" className="text-xl font-semibold">
        {t("collateral.newAsset.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("collateral.newAsset.lead")}</p>
      <Form method="post" className="mt-6 space-y-2">
        <CsrfField />
        <FormError code={s.formError} />
        {reply?.existingId ? (
          <p className="text-sm">
            <Link to={`/collateral/assets/${reply.existingId}`} className="text-brand-700 underline">
              {t("collateral.newAsset.openExisting")}
            </Link>
          </p>
        ) : null}
        <div className="grid gap-x-4 sm:grid-cols-2">
          <SelectField label={t("collateral.newAsset.type")} name="type" defaultValue={s.value("type", "patent_invention")} options={ASSET_TYPES.map((v) => ({ value: v, label: t(`collateral.assetType.${v}`) }))} errors={s.errors("type")} />
          <Field label={t("collateral.newAsset.number")} name="registryNumber" required maxLength={60} defaultValue={s.value("registryNumber")} errors={s.errors("registryNumber")} />
          <div className="sm:col-span-2">
            <Field label={t("collateral.newAsset.titleField")} name="title" required maxLength={300} defaultValue={s.value("title")} errors={s.errors("title")} />
          </div>
          <TextAreaField label={t("collateral.newAsset.owners")} name="owners" rows={2} required hint={t("collateral.newAsset.ownersHint")} defaultValue={s.value("owners")} errors={s.errors("owners")} />
          <Field label={t("collateral.newAsset.classes")} name="classes" hint={t("collateral.newAsset.classesHint")} defaultValue={s.value("classes")} errors={s.errors("classes")} />
          <Field label={t("collateral.newAsset.filedOn")} name="filedOn" type="date" defaultValue={s.value("filedOn")} errors={s.errors("filedOn")} />
          <Field label={t("collateral.newAsset.grantedOn")} name="grantedOn" type="date" defaultValue={s.value("grantedOn")} errors={s.errors("grantedOn")} />
          <Field label={t("collateral.newAsset.expiresOn")} name="expiresOn" type="date" defaultValue={s.value("expiresOn")} errors={s.errors("expiresOn")} />
          <Field label={t("collateral.newAsset.nextAnnuityDue")} name="nextAnnuityDue" type="date" defaultValue={s.value("nextAnnuityDue")} errors={s.errors("nextAnnuityDue")} />
          <SelectField label={t("collateral.newAsset.legalStatus")} name="legalStatus" defaultValue={s.value("legalStatus", "valid")} options={LEGAL_STATUSES.map((v) => ({ value: v, label: t(`collateral.legalStatus.${v}`) }))} errors={s.errors("legalStatus")} />
          <div className="sm:col-span-2">
            <TextAreaField label={t("collateral.newAsset.description")} name="description" rows={3} maxLength={5000} defaultValue={s.value("description")} errors={s.errors("description")} />
          </div>
        </div>
        <div className="flex gap-3">
          <button className="btn-primary">{t("collateral.newAsset.submit")}</button>
          <Link to="/collateral/assets" className="btn-secondary">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
