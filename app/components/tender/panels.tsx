import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { Notice } from "~/components/field";
import { Fact } from "~/components/listing-pages/overview-facts";
import { Time } from "~/components/time";
import { ScoringSummary } from "./scoring";
import type { TenderReply, TenderTab } from "./tender.server";

/** The rules in plain words, with the dates and prices they rest on. */
export function TenderRules({ listing }: { listing: TenderTab["listing"] }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-3">
      <h2 className="text-lg font-semibold">{t("tender.rules.title")}</h2>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        <li>{t("tender.rules.one")}</li>
        <li>{t("tender.rules.secret")}</li>
        <li>{t("tender.rules.receipt")}</li>
        <li>{t(listing.scoring ? "tender.rules.openingWeighted" : "tender.rules.opening")}</li>
        {listing.evaluation === "weighted" && !listing.scoring ? <li>{t("tender.rules.weighted")}</li> : null}
      </ul>
      {listing.scoring ? (
        <>
          <h3 className="font-semibold text-slate-900">{t("tender.scoring.title")}</h3>
          <ScoringSummary scoring={listing.scoring} />
        </>
      ) : null}
      <dl className="grid gap-3 text-sm sm:grid-cols-4">
        <Fact label={t("tender.rules.deadline")}>
          <Time value={listing.closesAt} />
        </Fact>
        <Fact label={t("tender.rules.openingAt")}>
          <Time value={listing.openingAt} />
        </Fact>
        <Fact label={t("tender.rules.startPrice")}>
          <Money amount={listing.startPrice} currency={listing.currency} />
        </Fact>
        {listing.deposit !== null ? (
          <Fact label={t("tender.rules.deposit")}>
            <Money amount={listing.deposit} currency={listing.currency} />
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}

/** Who may bid, and when; the form itself when the viewer may. */
export function BidPanel({ data, reply }: { data: TenderTab; reply: TenderReply | undefined }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { listing, viewer, receipt } = data;
  if (viewer?.own) return <Notice>{t("tender.gate.seller")}</Notice>;
  if (listing.phase === "closed") return <Notice tone="warning">{t("tender.gate.closed")}</Notice>;
  if (listing.phase === "not_open") return <Notice>{t("tender.gate.notOpen")}</Notice>;
  if (!viewer) {
    return (
      <Notice>
        {t("tender.gate.signIn")}{" "}
        <Link className="underline" to={`/login?${new URLSearchParams({ redirectTo: location.pathname })}`}>
          {t("tender.gate.signInLink")}
        </Link>
      </Notice>
    );
  }
  if (!viewer.mayBid) return <Notice tone="warning">{t("tender.gate.notBidder")}</Notice>;
  const latest = reply?.submitted?.receipt ?? receipt;
  const revising = Boolean(latest);
  return (
    <section className="card space-y-4">
      <h2 className="text-lg font-semibold">{t(revising ? "tender.form.reviseTitle" : "tender.form.title")}</h2>
      {/* A new receipt remounts the form, so the amount just sealed does not linger on screen. */}
      <Form key={latest?.commitment ?? "first"} method="post" className="max-w-md space-y-4" autoComplete="off">
        <CsrfField />
        <div>
          <label htmlFor="tender-amount" className="block text-sm font-medium text-slate-700">
            {t("tender.form.amount")}
          </label>
          <input id="tender-amount" name="amount" inputMode="decimal" required className="input mt-1" aria-describedby="tender-amount-hint tender-amount-error" />
          <p id="tender-amount-hint" className="mt-1 text-xs text-slate-500">
            {t("tender.form.amountHint")}
          </p>
          <p id="tender-amount-error" className="mt-1 min-h-[1.25rem] text-xs text-red-700" role={reply?.field === "amountInvalid" ? "alert" : undefined}>
            {reply?.field === "amountInvalid" ? t("tender.form.amountInvalid") : ""}
          </p>
        </div>
        {listing.scoring ? <DeclaredValues scoring={listing.scoring} reply={reply} /> : null}
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="confirm" value="yes" required className="mt-1" />
          <span>{t("tender.form.confirm")}</span>
        </label>
        {reply?.field === "confirmRequired" ? (
          <p role="alert" className="text-xs text-red-700">
            {t("tender.form.confirmRequired")}
          </p>
        ) : null}
        <button className="btn-primary">{t(revising ? "tender.form.revise" : "tender.form.submit")}</button>
      </Form>
    </section>
  );
}

/** One input per published criterion, named criterion1… in the listing's order; nothing typed is ever filled back in. */
function DeclaredValues({ scoring, reply }: { scoring: NonNullable<TenderTab["listing"]["scoring"]>; reply: TenderReply | undefined }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-slate-800">{t("tender.form.criteriaTitle")}</legend>
      <p className="text-xs text-slate-500">{t("tender.form.criteriaLead")}</p>
      {scoring.criteria.map((c, i) => {
        const id = `tender-criterion-${i + 1}`;
        const invalid = reply?.field === "criterionInvalid" && reply.criterion === i;
        return (
          <div key={id}>
            <label htmlFor={id} className="block text-sm font-medium text-slate-700">
              {c.label}
            </label>
            <input id={id} name={`criterion${i + 1}`} inputMode="numeric" required className="input mt-1" aria-invalid={invalid ? true : undefined} aria-describedby={`${id}-hint ${id}-error`} />
            <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
              {t("tender.form.criterionHint", { min: c.min.toLocaleString(locale), max: c.max.toLocaleString(locale), weight: c.weight, better: t(`tender.scoring.better.${c.better}`) })}
            </p>
            <p id={`${id}-error`} className="mt-1 min-h-[1.25rem] text-xs text-red-700" role={invalid ? "alert" : undefined}>
              {invalid ? t("tender.form.criterionInvalid", { min: c.min.toLocaleString(locale), max: c.max.toLocaleString(locale) }) : ""}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}

type Receipt = NonNullable<TenderTab["receipt"]>;

/** The receipt: commitment and recipe always; the salt only in the answer to the submission itself. */
export function ReceiptCard({ receipt, salt }: { receipt: Receipt; salt: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-3">
      <h2 className="text-lg font-semibold">{t("tender.receipt.title")}</h2>
      {salt ? <Notice tone="success">{t("tender.receipt.justSubmitted", { revision: receipt.revision })}</Notice> : null}
      <dl className="grid gap-3 text-sm sm:grid-cols-2">
        <ReceiptLine label={t("tender.receipt.bidderCode")} value={receipt.bidderCode} />
        <ReceiptLine label={t("tender.receipt.revision")} value={String(receipt.revision)} />
        <div>
          <dt className="text-slate-500">{t("tender.receipt.submittedAt")}</dt>
          <dd>
            <Time value={receipt.submittedAt} />
          </dd>
        </div>
        <ReceiptLine label={t("tender.receipt.organisationId")} value={receipt.organisationId} mono />
        <ReceiptLine label={t("tender.receipt.commitment")} value={receipt.commitment} mono wide />
      </dl>
      {salt ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">{t("tender.receipt.salt")}</p>
          <code className="mt-1 block break-all font-mono text-slate-900" data-testid="tender-salt">
            {salt}
          </code>
          <p className="mt-1 text-amber-900">{t("tender.receipt.saltHint")}</p>
        </div>
      ) : null}
      <details className="text-sm text-slate-700">
        <summary className="cursor-pointer">{t("tender.receipt.recipe")}</summary>
        <p className="mt-2 break-words font-mono text-xs">{receipt.recipe}</p>
      </details>
      <p className="text-sm text-slate-600">{t(receipt.scheme === "ipx-tender-v2" ? "tender.receipt.sealedNoteWeighted" : "tender.receipt.sealedNote")}</p>
    </section>
  );
}

function ReceiptLine({ label, value, mono = false, wide = false }: { label: string; value: string; mono?: boolean; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="text-slate-500">{label}</dt>
      <dd className={mono ? "break-all font-mono text-xs" : "font-medium"}>{value}</dd>
    </div>
  );
}
