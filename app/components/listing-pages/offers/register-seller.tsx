import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { TermInput } from "~/components/listing-pages/terms-fields";
import type { OffersTab } from "./load.server";
import { DepositStatusBadge } from "./register-panel";
import { CommandButton, Panel } from "./shared";
import { useOfferForm } from "./use-offer-form";

type Loaded = NonNullable<OffersTab["registration"]>;

/** Registered bidders by code and state; who they are only once the lot is awarded (operators always). */
export function BidderTable({ bidders, currency }: { bidders: NonNullable<Loaded["bidders"]>; currency: string }) {
  const { t } = useTranslation();
  return (
    <Panel title={t("offers.register.bidders")} lead={bidders.identities ? undefined : t("offers.register.biddersAnonymous")} testId="registered-bidders">
      {bidders.bidders.length === 0 ? (
        <p className="text-sm text-slate-600">{t("offers.register.noBidders")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("offers.register.code")}</th>
              {bidders.identities ? <th>{t("offers.organisation")}</th> : null}
              <th>{t("offers.register.method")}</th>
              <th>{t("offers.register.amount")}</th>
              <th>{t("offers.register.state")}</th>
            </tr>
          </thead>
          <tbody>
            {bidders.bidders.map((b) => (
              <tr key={b.id} data-testid="bidder-row">
                <td className="font-mono">{b.bidderCode ?? "—"}</td>
                {bidders.identities ? <td>{b.organisationName}</td> : null}
                <td>{t(`offers.register.methods.${b.method}`)}</td>
                <td>
                  <Money amount={b.method === "credit_bid" ? b.creditCap : b.amount} currency={currency} />
                </td>
                <td>
                  <DepositStatusBadge status={b.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** Priority-purchase-right holders: the seller names them by credit code and rank until bidding opens. */
export function PriorityRightsPanel({ priority, seller }: { priority: NonNullable<Loaded["priority"]>; seller: boolean }) {
  const { t } = useTranslation();
  const form = useOfferForm("name-priority-right", { creditCode: "", rank: String(priority.holders.length + 1) });
  const editable = seller && priority.editable;
  return (
    <Panel title={t("offers.register.priorityTitle")} lead={t("offers.register.priorityLead")} testId="priority-rights">
      {priority.holders.length === 0 ? (
        <p className="text-sm text-slate-600">{t("offers.register.noHolders")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("offers.register.rank")}</th>
              <th>{t("offers.organisation")}</th>
              <th>{t("offers.register.creditCode")}</th>
              {editable ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {priority.holders.map((h) => (
              <tr key={h.organisationId} data-testid="priority-holder">
                <td>{h.rank}</td>
                <td>{h.organisationName}</td>
                <td className="font-mono text-xs">{h.creditCode}</td>
                {editable ? (
                  <td>
                    <CommandButton intent="remove-priority-right" id={h.organisationId} label={t("offers.register.removeHolder")} tone="secondary" />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable ? (
        <Form method="post" className="space-y-3" data-testid="priority-form">
          <CsrfField />
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TermInput label={t("offers.register.creditCode")} name="creditCode" form={form} required maxLength={18} />
            <TermInput label={t("offers.register.rank")} name="rank" form={form} inputMode="numeric" required />
          </div>
          <button name="intent" value="name-priority-right" className="btn-secondary">
            {t("offers.register.nameHolder")}
          </button>
        </Form>
      ) : seller ? (
        <p className="text-sm text-slate-600">{t("offers.register.priorityFixed")}</p>
      ) : null}
    </Panel>
  );
}
