import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { TermInput, TermSelect } from "~/components/listing-pages/terms-fields";
import { Time } from "~/components/time";
import type { OffersTab, TabOffers } from "./load.server";
import { Decide, OfferStatusBadge, Panel } from "./shared";
import { useOfferForm } from "./use-offer-form";

type Valuation = OffersTab["valuations"][number];
type Proposal = TabOffers["proposals"][number];

/** A fund or company proposes taking the IP as capital; the value must rest on a named valuation. */
export function EquityProposalForm({ valuations }: { valuations: Valuation[] }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const form = useOfferForm("propose", { valuation: valuations[0]?.id ?? "named" });
  const options = [
    ...valuations.map((v) => ({ value: v.id, label: t("offers.equity.recorded", { appraiser: v.appraiser, date: v.valuedOn, amount: money(v.amount, v.currency), right: v.registryNumber }) })),
    { value: "named", label: t("offers.equity.named") },
  ];
  return (
    <Panel title={t("offers.equity.title")} lead={t("offers.equity.lead")}>
      <Form method="post" className="space-y-3" data-testid="equity-form">
        <CsrfField />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TermInput label={t("offers.equity.targetCompanyName")} name="targetCompanyName" form={form} required maxLength={300} />
          <TermInput label={t("offers.equity.targetCreditCode")} name="targetCreditCode" form={form} required maxLength={18} />
          <TermInput label={t("offers.equity.agreedValue")} name="agreedValue" form={form} inputMode="decimal" required />
          <TermInput label={t("offers.equity.equity")} name="equity" form={form} inputMode="decimal" required />
          <TermSelect label={t("offers.equity.valuation")} name="valuation" form={form} options={options} />
          <div />
          <TermInput label={t("offers.equity.appraiser")} name="valuationAppraiser" form={form} maxLength={300} />
          <TermInput label={t("offers.equity.valuationDate")} name="valuationDate" type="date" form={form} />
          <TermInput label={t("offers.equity.conditions")} name="conditions" form={form} maxLength={4000} wide />
        </div>
        <button name="intent" value="propose" className="btn-primary">
          {t("offers.equity.propose")}
        </button>
      </Form>
    </Panel>
  );
}

/** Proposals: the proposer's own, or every one with its proposer's name and Accept / Decline for the seller. */
export function ProposalList({ proposals, currency, all, decide }: { proposals: Proposal[]; currency: string; all: boolean; decide: boolean }) {
  const { t } = useTranslation();
  const { percent } = useFormat();
  return (
    <Panel title={t(all ? "offers.seller.proposals" : "offers.equity.mine")} testId="proposals">
      {proposals.length === 0 ? <p className="text-sm text-slate-600">{t("offers.equity.none")}</p> : null}
      <ul className="divide-y divide-slate-100">
        {proposals.map((p) => (
          <li key={p.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="proposal">
            <div className="min-w-0 flex-1 space-y-1 text-sm">
              <p className="flex flex-wrap items-center gap-2">
                {all ? <span className="font-medium">{p.organisationName}</span> : null}
                <OfferStatusBadge status={p.status} />
              </p>
              <p>
                {t("offers.equity.summary", { company: p.targetCompanyName, code: p.targetCreditCode, equity: percent(p.equityBps) })} <Money amount={p.agreedValue} currency={currency} className="font-medium" />
              </p>
              <p className="text-slate-600">{t("offers.equity.restsOn", { appraiser: p.recordedAppraiser ?? p.valuationAppraiser ?? "", date: p.recordedValuedOn ?? p.valuationDate ?? "" })}</p>
              {p.conditions ? <p className="text-slate-600">{t("offers.equity.conditionsValue", { conditions: p.conditions })}</p> : null}
              <p className="text-xs text-slate-500">
                {t("offers.submittedAt")} <Time value={p.createdAt} />
              </p>
            </div>
            {decide ? <Decide kind="proposal" id={p.id} status={p.status} /> : null}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
