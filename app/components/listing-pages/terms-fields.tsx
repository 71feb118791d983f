import { useId } from "react";
import { useTranslation } from "react-i18next";
import { CRITERION_DIRECTIONS } from "../../../server/domain/bidding/tender-scoring";
import { LICENCE_KINDS, TENDER_EVALUATIONS } from "../../../server/domain/listings/vocabulary";
import { CRITERION_ROWS, criterionField } from "~/components/tender/scoring-form";
import { type RuleContext, type RuleField, type Violation, useRules, violationField } from "./rules";

/** What the create action answered: field error codes, preset violations and the values typed. */
export type CreateReply = { formError: string | null; fields: Record<string, string[]>; violations: Violation[]; values: Record<string, string> };

/** The create form's state: each field's value (typed, else the preset default) and its translated error. */
export function useTermsForm(reply: CreateReply | undefined, defaults: Record<string, string>) {
  const { t, i18n } = useTranslation();
  const { violationText } = useRules();
  const typed = reply?.values;
  return {
    value: (name: string) => (typed ? (typed[name] ?? "") : (defaults[name] ?? "")),
    checked: (name: string) => (typed ? typed[name] === "on" : defaults[name] === "on"),
    error: (name: string): string | undefined => {
      const violation = reply?.violations.find((v) => violationField(v.field) === name);
      if (violation) return violationText(violation);
      const code = reply?.fields[name]?.[0];
      if (!code) return undefined;
      if (i18n.exists(`listings.validation.${code}`)) return t(`listings.validation.${code}`);
      if (i18n.exists(`tender.validation.${code}`)) return t(`tender.validation.${code}`);
      return t(`validation.${code}`, { defaultValue: t("errors.INVALID") });
    },
  };
}
export type TermsForm = ReturnType<typeof useTermsForm>;

type InputProps = { label: string; name: string; form: TermsForm; hints?: string[]; wide?: boolean } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "form">;

/** A labelled input with the preset's rules beside it and its error (space reserved) below. */
export function TermInput({ label, name, form, hints = [], wide, ...input }: InputProps) {
  const id = useId();
  const error = form.error(name);
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} name={name} className="input mt-1" defaultValue={form.value(name)} aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint ${id}-error`} {...input} />
      <Hints id={`${id}-hint`} hints={hints} />
      <p id={`${id}-error`} className="mt-1 min-h-[1.25rem] text-xs text-red-700" role={error ? "alert" : undefined} data-field-error={name}>
        {error ?? ""}
      </p>
    </div>
  );
}

export function TermSelect({ label, name, form, options, hints = [] }: { label: string; name: string; form: TermsForm; options: Array<{ value: string; label: string }>; hints?: string[] }) {
  const id = useId();
  const error = form.error(name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} className="input mt-1" defaultValue={form.value(name)} aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint ${id}-error`}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hints id={`${id}-hint`} hints={hints} />
      <p id={`${id}-error`} className="mt-1 min-h-[1.25rem] text-xs text-red-700" role={error ? "alert" : undefined} data-field-error={name}>
        {error ?? ""}
      </p>
    </div>
  );
}

export function TermCheckbox({ label, name, form, hints = [] }: { label: string; name: string; form: TermsForm; hints?: string[] }) {
  const error = form.error(name);
  return (
    <div>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input type="checkbox" name={name} defaultChecked={form.checked(name)} className="h-4 w-4 rounded border-slate-300" />
        {label}
      </label>
      <Hints hints={hints} />
      <p className="mt-1 min-h-[1.25rem] text-xs text-red-700" role={error ? "alert" : undefined} data-field-error={name}>
        {error ?? ""}
      </p>
    </div>
  );
}

function Hints({ id, hints }: { id?: string; hints: string[] }) {
  if (hints.length === 0) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-xs text-brand-800">
      {hints.map((h) => (
        <li key={h}>{h}</li>
      ))}
    </ul>
  );
}

function Group({ title, lead, children }: { title: string; lead?: string; children: React.ReactNode }) {
  return (
    <fieldset className="rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">{title}</legend>
      {lead ? <p className="mb-3 text-xs text-slate-500">{lead}</p> : null}
      <div className="grid gap-x-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/** Terms of the auction-like modes: English auction, tender, listed transfer, fixed-price sale. */
export function AuctionFields({ form, ctx }: { form: TermsForm; ctx: RuleContext }) {
  const { t } = useTranslation();
  const rules = useRules().explain(ctx);
  const hint = (field: RuleField) => rules[field] ?? [];
  const priceLabel = ctx.mode === "listed_transfer" ? "postedPrice" : ctx.mode === "fixed_price" ? "fixedPrice" : "startPrice";
  const judicial = ctx.preset === "judicial";
  return (
    <div className="space-y-4">
      <Group title={t("listings.create.auctionTerms")}>
        <TermInput label={t(`listings.fields.${priceLabel}`)} name="startPrice" form={form} inputMode="decimal" required hints={hint("startPrice")} />
        <TermInput label={t("listings.fields.deposit")} name="deposit" form={form} inputMode="decimal" required hints={hint("deposit")} />
        <TermInput label={t("listings.fields.reserve")} name="reserve" form={form} inputMode="decimal" />
        <TermCheckbox label={t("listings.fields.reserveHidden")} name="reserveHidden" form={form} />
        <TermSelect
          label={t("listings.fields.incrementKind")}
          name="incrementKind"
          form={form}
          options={(judicial ? ["fixed"] : ["fixed", "stepped"]).map((k) => ({ value: k, label: t(`listings.incrementKind.${k}`) }))}
          hints={hint("increment")}
        />
        <TermInput label={t("listings.fields.increment")} name="increment" form={form} inputMode="decimal" />
      </Group>
      <Group title={t("listings.create.timesTitle")} lead={t("listings.create.timesLead")}>
        <TermInput label={t("listings.fields.announceAt")} name="announceAt" type="datetime-local" form={form} required />
        <TermInput label={t("listings.fields.opensAt")} name="opensAt" type="datetime-local" form={form} required hints={hint("opensAt")} />
        <TermInput label={t("listings.fields.closesAt")} name="closesAt" type="datetime-local" form={form} required hints={hint("closesAt")} />
      </Group>
      <Group title={t("listings.create.biddingTitle")}>
        <TermInput label={t("listings.fields.antiSnipeWindow")} name="antiSnipeWindow" form={form} inputMode="numeric" readOnly={judicial} hints={hint("antiSniping")} />
        <TermInput label={t("listings.fields.antiSnipeExtension")} name="antiSnipeExtension" form={form} inputMode="numeric" readOnly={judicial} />
        <TermCheckbox label={t("listings.fields.proxyBids")} name="proxyBids" form={form} hints={hint("proxyBids")} />
      </Group>
      {ctx.mode === "tender" ? (
        <Group title={t("listings.create.tenderTitle")} lead={hint("tender").join(" ")}>
          <TermInput label={t("listings.fields.openingAt")} name="openingAt" type="datetime-local" form={form} required />
          <TermSelect label={t("listings.fields.evaluation")} name="evaluation" form={form} options={TENDER_EVALUATIONS.map((e) => ({ value: e, label: t(`listings.evaluation.${e}`) }))} />
        </Group>
      ) : null}
      {ctx.mode === "tender" ? <ScoringFields form={form} /> : null}
    </div>
  );
}

/** A weighted tender's published scoring: the weight of price, then up to four criteria, one row each (a blank row is none). */
function ScoringFields({ form }: { form: TermsForm }) {
  const { t } = useTranslation();
  const directions = CRITERION_DIRECTIONS.map((d) => ({ value: d, label: t(`tender.scoring.better.${d}`) }));
  return (
    <Group title={t("tender.create.title")} lead={t("tender.create.lead")}>
      <div className="sm:col-span-2" data-testid="tender-scoring-fields">
        <div className="grid gap-x-4 sm:grid-cols-6">
          <TermInput label={t("tender.create.priceWeight")} name="priceWeight" form={form} inputMode="numeric" />
        </div>
        {CRITERION_ROWS.map((n) => (
          <div key={n} className="grid gap-x-4 border-t border-slate-100 pt-3 sm:grid-cols-6">
            <TermInput label={t("tender.create.label", { n })} name={criterionField(n, "label")} form={form} maxLength={120} placeholder={n === 1 ? t("tender.create.labelPlaceholder") : undefined} wide />
            <TermInput label={t("tender.create.weight")} name={criterionField(n, "weight")} form={form} inputMode="numeric" />
            <TermSelect label={t("tender.create.better")} name={criterionField(n, "better")} form={form} options={directions} />
            <TermInput label={t("tender.create.min")} name={criterionField(n, "min")} form={form} inputMode="numeric" />
            <TermInput label={t("tender.create.max")} name={criterionField(n, "max")} form={form} inputMode="numeric" />
          </div>
        ))}
      </div>
    </Group>
  );
}

export function LicenceFields({ form }: { form: TermsForm }) {
  const { t } = useTranslation();
  return (
    <Group title={t("listings.create.licenceTitle")} lead={t("listings.explain.licence")}>
      <TermSelect label={t("listings.fields.licenceKind")} name="licenceKind" form={form} options={LICENCE_KINDS.map((k) => ({ value: k, label: t(`listings.licenceKind.${k}`) }))} />
      <TermInput label={t("listings.fields.termMonths")} name="termMonths" form={form} inputMode="numeric" required />
      <TermInput label={t("listings.fields.fieldOfUse")} name="fieldOfUse" form={form} required maxLength={500} />
      <TermInput label={t("listings.fields.territory")} name="territory" form={form} required maxLength={200} />
      <TermInput label={t("listings.fields.upfrontFee")} name="upfrontFee" form={form} inputMode="decimal" required />
      <TermInput label={t("listings.fields.royalty")} name="royalty" form={form} inputMode="decimal" />
      <TermInput label={t("listings.fields.minimumAnnualRoyalty")} name="minimumAnnualRoyalty" form={form} inputMode="decimal" />
      <TermInput label={t("listings.fields.announceAt")} name="announceAt" type="datetime-local" form={form} required />
      <TermInput label={t("listings.fields.offersClose")} name="closesAt" type="datetime-local" form={form} required />
    </Group>
  );
}

export function EquityFields({ form }: { form: TermsForm }) {
  const { t } = useTranslation();
  return (
    <Group title={t("listings.create.equityTitle")} lead={t("listings.explain.equity")}>
      <TermInput label={t("listings.fields.askingValue")} name="askingValue" form={form} inputMode="decimal" required />
      <TermInput label={t("listings.fields.conditions")} name="conditions" form={form} maxLength={2000} />
      <TermInput label={t("listings.fields.announceAt")} name="announceAt" type="datetime-local" form={form} required />
      <TermInput label={t("listings.fields.offersClose")} name="closesAt" type="datetime-local" form={form} required />
    </Group>
  );
}

export function DiscountFields({ form }: { form: TermsForm }) {
  const { t } = useTranslation();
  return (
    <Group title={t("listings.create.discountTitle")} lead={t("listings.explain.discount")}>
      <TermInput label={t("listings.fields.proposedValue")} name="proposedValue" form={form} inputMode="decimal" required />
      <TermInput label={t("listings.fields.takerName")} name="takerName" form={form} required hints={[t("listings.fields.takerHint")]} />
      <TermInput label={t("listings.fields.pledgorPartyName")} name="pledgorPartyName" form={form} required />
    </Group>
  );
}
