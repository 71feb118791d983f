import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";

export type PayoutSetupStatus = { connected: boolean; payoutsEnabled: boolean };

/** The organisation page's "receive payouts by Stripe": offered only where Stripe is configured (status is null otherwise). */
export function PayoutSetup({ status, isAdmin }: { status: PayoutSetupStatus | null; isAdmin: boolean }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <section className="card space-y-3" aria-labelledby="payouts-setup" data-testid="payout-setup">
      <h2 id="payouts-setup" className="text-lg font-semibold">
        {t("payouts.setup.title")}
      </h2>
      {status.payoutsEnabled ? (
        <p className="text-sm text-green-800">{t("payouts.setup.enabled")}</p>
      ) : (
        <>
          <p className="text-sm text-slate-600">{status.connected ? t("payouts.setup.pending") : t("payouts.setup.lead")}</p>
          {isAdmin ? (
            // Stripe's hosted onboarding is another site: a full page submit, then a redirect there.
            <Form method="post" action="/organisation/payouts" reloadDocument>
              <CsrfField />
              <button className="btn-primary">{status.connected ? t("payouts.setup.continue") : t("payouts.setup.start")}</button>
            </Form>
          ) : (
            <p className="text-sm text-slate-500">{t("payouts.setup.onlyAdmins")}</p>
          )}
        </>
      )}
    </section>
  );
}
