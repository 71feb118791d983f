import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ListingMode, Preset } from "../../../server/domain/listings/vocabulary";
import { useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { FormError } from "~/components/field";
import { RuleList, isAuctionLike, useRules } from "./rules";
import { AuctionFields, type CreateReply, DiscountFields, EquityFields, LicenceFields, TermInput, useTermsForm } from "./terms-fields";

/** What the terms form rests on: the rights, mode, preset and case (fixed here) and the fields' starting values. */
export type TermsStepData = {
  mode: ListingMode;
  preset: Preset;
  caseId: string | null;
  caseLabel: string | null;
  chosen: Array<{ id: string; title: string; registryNumber: string }>;
  appraisal: number | null;
  attempt: number;
  previousStart: number | null;
  defaults: Record<string, string>;
};

type Props = {
  step2: TermsStepData;
  reply: CreateReply | undefined;
  /** Where the form posts (the create or the edit action). */
  action: string;
  submitLabel: string;
  cancelTo: string;
  /** Back to step 1 of the create form; editing a draft has none (other rights, mode or preset make a new listing). */
  changeTo?: string;
};

/** Step 2 of the create form, and the edit form of a draft: the terms, each rule beside its field. */
export function TermsStep({ step2, reply, action, submitLabel, cancelTo, changeTo }: Props) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { violationText } = useRules();
  const form = useTermsForm(reply, step2.defaults);
  const ctx = { mode: step2.mode, preset: step2.preset, appraisal: step2.appraisal, attempt: step2.attempt, previousStart: step2.previousStart };
  return (
    <div className="mt-6 space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">{t("listings.create.step2")}</h2>
          <p className="text-sm text-slate-700">
            {t(`listings.mode.${step2.mode}`)} · {t(`listings.preset.${step2.preset}`)}
            {step2.caseLabel ? ` · ${t("listings.create.inCase", { reference: step2.caseLabel })} · ${t("listings.create.attempt", { attempt: step2.attempt })}` : ""}
          </p>
        </div>
        {changeTo ? (
          <Link to={changeTo} className="btn-secondary">
            {t("listings.create.change")}
          </Link>
        ) : null}
      </div>
      <div className="rounded-md border border-slate-200 p-4 text-sm">
        <p className="font-medium text-slate-700">{t("listings.create.chosen")}</p>
        <ul className="mt-1 space-y-0.5">
          {step2.chosen.map((r) => (
            <li key={r.id}>
              {r.title} <span className="font-mono text-xs text-slate-500">{r.registryNumber}</span>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-slate-700">
          {t("listings.create.appraisalTotal")}: <strong className="tabular-nums">{step2.appraisal !== null ? money(step2.appraisal, "CNY") : t("listings.create.noAppraisal")}</strong>
        </p>
      </div>
      {isAuctionLike(step2.mode) ? <RuleList ctx={ctx} /> : null}
      <Form method="post" action={action} className="space-y-4" noValidate>
        <CsrfField />
        <input type="hidden" name="mode" value={step2.mode} />
        <input type="hidden" name="preset" value={step2.preset} />
        {step2.caseId ? <input type="hidden" name="case" value={step2.caseId} /> : null}
        {step2.chosen.map((r) => (
          <input key={r.id} type="hidden" name="asset" value={r.id} />
        ))}
        <FormError code={reply?.formError} />
        {reply && reply.violations.length > 0 ? (
          <div className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="violations">
            <p className="font-medium">{t("listings.create.violations")}</p>
            <ul className="mt-1 list-disc pl-5">
              {reply.violations.map((v) => (
                <li key={v.rule} data-rule={v.rule}>
                  {violationText(v)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TermInput label={t("listings.fields.title")} name="title" form={form} required maxLength={300} wide hints={[t("listings.fields.titleHint")]} />
          <TermInput label={t("listings.fields.description")} name="description" form={form} maxLength={10000} wide />
          <TermInput label={t("listings.fields.region")} name="region" form={form} hints={[t("listings.fields.regionHint")]} />
        </div>
        {isAuctionLike(step2.mode) ? <AuctionFields form={form} ctx={ctx} /> : null}
        {step2.mode === "licence" ? <LicenceFields form={form} /> : null}
        {step2.mode === "equity" ? <EquityFields form={form} /> : null}
        {step2.mode === "negotiated_discount" ? <DiscountFields form={form} /> : null}
        <div className="flex gap-3">
          <button className="btn-primary">{submitLabel}</button>
          <Link to={cancelTo} className="btn-secondary">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}
