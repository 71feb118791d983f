import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CURRENCIES, LEGAL_STATUSES, REGISTRY_EVENT_KINDS, VALUATION_METHODS } from "../../../server/domain/collateral/vocabulary";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError } from "~/components/field";
import { formState } from "./form-reply";
import { DocumentFileInput, SelectField, TextAreaField } from "./inputs";
import type { FormReply } from "./types";

export const DOCUMENT_KINDS = ["certificate", "appraisal_report", "pledge_registration", "registry_extract", "contract", "other"] as const;

type Props = { reply?: FormReply | null; today: string };

export function ValuationForm({ reply, today, currency }: Props & { currency: string }) {
  const { t } = useTranslation();
  const s = formState(reply, "add-valuation");
  return (
    <Form method="post" className="space-y-2">
      <CsrfField />
      <FormError code={s.formError} />
      <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field label={t("collateral.valuation.appraiser")} name="appraiser" required maxLength={200} defaultValue={s.value("appraiser")} errors={s.errors("appraiser")} />
        <SelectField label={t("collateral.valuation.method")} name="method" defaultValue={s.value("method", "income")} options={VALUATION_METHODS.map((m) => ({ value: m, label: t(`collateral.method.${m}`) }))} errors={s.errors("method")} />
        <Field label={t("collateral.valuation.valuedOn")} name="valuedOn" type="date" required defaultValue={s.value("valuedOn", today)} errors={s.errors("valuedOn")} />
        <Field label={t("collateral.valuation.amount")} name="amount" required inputMode="decimal" placeholder="3,000,000.00" defaultValue={s.value("amount")} errors={s.errors("amount")} />
        <SelectField label={t("collateral.common.currency")} name="currency" defaultValue={s.value("currency", currency)} options={CURRENCIES.map((c) => ({ value: c, label: c }))} errors={s.errors("currency")} />
      </div>
      <button name="intent" value="add-valuation" className="btn-primary">
        {t("collateral.valuation.submit")}
      </button>
    </Form>
  );
}

export function RegistryEventForm({ reply, today }: Props) {
  const { t } = useTranslation();
  const s = formState(reply, "record-event");
  return (
    <Form method="post" className="space-y-2">
      <CsrfField />
      <FormError code={s.formError} />
      <div className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
        <SelectField label={t("collateral.event.kind")} name="kind" defaultValue={s.value("kind", "status_change")} options={REGISTRY_EVENT_KINDS.map((k) => ({ value: k, label: t(`collateral.eventKind.${k}`) }))} errors={s.errors("kind")} />
        <Field label={t("collateral.event.occurredOn")} name="occurredOn" type="date" required defaultValue={s.value("occurredOn", today)} errors={s.errors("occurredOn")} />
        <SelectField
          label={t("collateral.event.newStatus")}
          name="newStatus"
          defaultValue={s.value("newStatus")}
          options={[{ value: "", label: t("collateral.event.unchanged") }, ...LEGAL_STATUSES.map((v) => ({ value: v, label: t(`collateral.legalStatus.${v}`) }))]}
          errors={s.errors("newStatus")}
        />
        <Field label={t("collateral.event.source")} name="source" required maxLength={100} hint={t("collateral.event.sourceHint")} defaultValue={s.value("source")} errors={s.errors("source")} />
        <Field label={t("collateral.event.sourceRef")} name="sourceRef" required maxLength={100} hint={t("collateral.event.sourceRefHint")} defaultValue={s.value("sourceRef")} errors={s.errors("sourceRef")} />
        <Field label={`${t("collateral.event.nextAnnuityDue")} (${t("collateral.common.optional")})`} name="nextAnnuityDue" type="date" defaultValue={s.value("nextAnnuityDue")} errors={s.errors("nextAnnuityDue")} />
      </div>
      <TextAreaField label={`${t("collateral.event.note")} (${t("collateral.common.optional")})`} name="note" rows={2} maxLength={1000} defaultValue={s.value("note")} errors={s.errors("note")} />
      <button name="intent" value="record-event" className="btn-primary">
        {t("collateral.event.submit")}
      </button>
    </Form>
  );
}

export function DocumentUploadForm({ reply }: { reply?: FormReply | null }) {
  const { t } = useTranslation();
  const s = formState(reply, "upload-document");
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-2">
      <CsrfField />
      <input type="hidden" name="intent" value="upload-document" />
      <FormError code={s.formError} />
      <div className="grid gap-x-4 sm:grid-cols-[1fr_16rem] sm:items-start">
        <DocumentFileInput id="document-file" label={t("collateral.documents.file")} hint={t("collateral.documents.fileHint")} error={s.errors("file")?.[0]} />
        <SelectField label={t("collateral.documents.kind")} name="kind" defaultValue="certificate" options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`collateral.documents.kinds.${k}`) }))} />
      </div>
      <button className="btn-primary">{t("collateral.documents.submit")}</button>
    </Form>
  );
}
