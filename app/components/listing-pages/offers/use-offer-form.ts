import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { type TermsForm, useTermsForm } from "~/components/listing-pages/terms-fields";
import type { OfferReply } from "./action.server";

/**
 * One of the tab's forms: its typed values and field errors come back only when the action answered that
 * form (the tab has several). Offer-specific error codes are translated here, the rest as on the create form.
 */
export function useOfferForm(name: string, defaults: Record<string, string>): TermsForm {
  const { t, i18n } = useTranslation();
  const reply = useActionData<OfferReply>();
  const mine = reply?.form === name && Object.keys(reply.fields).length > 0 ? reply : undefined;
  const form = useTermsForm(mine, defaults);
  return {
    ...form,
    error: (field: string) => {
      const code = mine?.fields[field]?.[0];
      return code && i18n.exists(`offers.validation.${code}`) ? t(`offers.validation.${code}`) : form.error(field);
    },
  };
}
