import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { majorInput } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { TermInput } from "~/components/listing-pages/terms-fields";
import type { LicenceTerms } from "./shared";
import { useOfferForm } from "./use-offer-form";

const amount = (v: unknown, currency: string) => (typeof v === "number" ? majorInput(v, currency) : "");

/** A licensee's own terms, prefilled with the posted ones: fee and minimum in yuan, royalty in percent. */
export function CounterOfferForm({ posted, currency }: { posted: LicenceTerms; currency: string }) {
  const { t } = useTranslation();
  const form = useOfferForm("counter-offer", {
    upfrontFee: amount(posted.upfrontFee, currency),
    minimumAnnualRoyalty: amount(posted.minimumAnnualRoyalty, currency),
    royalty: typeof posted.royaltyBps === "number" ? (posted.royaltyBps / 100).toFixed(2) : "",
    termMonths: typeof posted.termMonths === "number" ? String(posted.termMonths) : "",
    fieldOfUse: typeof posted.fieldOfUse === "string" ? posted.fieldOfUse : "",
    territory: typeof posted.territory === "string" ? posted.territory : "",
  });
  return (
    <Form method="post" className="space-y-3" data-testid="counter-offer-form">
      <CsrfField />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <TermInput label={t("listings.fields.upfrontFee")} name="upfrontFee" form={form} inputMode="decimal" required />
        <TermInput label={t("listings.fields.minimumAnnualRoyalty")} name="minimumAnnualRoyalty" form={form} inputMode="decimal" />
        <TermInput label={t("listings.fields.royalty")} name="royalty" form={form} inputMode="decimal" required />
        <TermInput label={t("listings.fields.termMonths")} name="termMonths" form={form} inputMode="numeric" required />
        <TermInput label={t("listings.fields.fieldOfUse")} name="fieldOfUse" form={form} required maxLength={500} />
        <TermInput label={t("listings.fields.territory")} name="territory" form={form} required maxLength={200} />
      </div>
      <button name="intent" value="counter-offer" className="btn-secondary">
        {t("offers.licence.counterOffer")}
      </button>
    </Form>
  );
}
