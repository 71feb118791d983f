import { useTranslation } from "react-i18next";
import { FormError, Notice } from "~/components/field";
import { AlertCard } from "./alert-card";
import { Section } from "./inputs";
import { DisposalCaseCard, LoanFacts, LoanHeadline, LoanSummary, PledgesTable, RiskSharesTable, Timeline, ValuationsSection } from "./loan-sections";
import type { AlertView, LoanDetailView } from "./types";

type Props = {
  detail: LoanDetailView;
  alerts: readonly AlertView[];
  viewerOrganisationId: string;
  /** The bank's page passes its forms; the risk-sharing parties' view passes none and is read-only. */
  forms?: { pledge: React.ReactNode; riskSharing: React.ReactNode; declareDefault: React.ReactNode };
  notice?: string | null;
  /** The form an action answered for, kept open. */
  openForm?: string | null;
  /** A refusal for a form that is no longer on the page (a second default, an alert gone). */
  formError?: string | null;
};

/** A loan, the same for the bank that holds it and (read-only) for the parties that share its loss. */
export function LoanView({ detail, alerts, viewerOrganisationId, forms, notice, openForm, formError }: Props) {
  const { t } = useTranslation();
  const bank = Boolean(forms);
  const assetHref = bank ? (id: string) => `/collateral/assets/${id}` : null;
  const open = alerts.filter((a) => !a.resolvedAt);
  return (
    <div className="space-y-6">
      <LoanHeadline detail={detail} />
      {!bank ? <Notice>{t("collateral.loan.readOnly")}</Notice> : null}
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <FormError code={formError} />
      <DisposalCaseCard detail={detail} />
      <LoanSummary detail={detail} />
      <Section id="alerts" title={t("collateral.loan.alerts")}>
        {open.length === 0 ? (
          <p className="text-sm text-slate-500">{t("collateral.loan.noAlerts")}</p>
        ) : (
          <div className="space-y-3">
            {open.map((a) => (
              <AlertCard key={a.id} alert={a} canAcknowledge={bank} loanHref={null} assetHref={a.assetId && assetHref ? assetHref(a.assetId) : null} showLoan={false} />
            ))}
          </div>
        )}
      </Section>
      <LoanFacts detail={detail} />
      <Section id="pledges" title={t("collateral.loan.pledges")}>
        <PledgesTable detail={detail} assetHref={assetHref} />
        {forms ? (
          <details className="mt-4 rounded-md border border-slate-200 p-4" open={detail.pledges.length === 0 || openForm === "add-pledge" || undefined}>
            <summary className="cursor-pointer font-medium text-brand-700">{t("collateral.pledge.title")}</summary>
            <div className="mt-3">{forms.pledge}</div>
          </details>
        ) : null}
      </Section>
      <ValuationsSection detail={detail} />
      <Section id="risk" title={t("collateral.riskSharing.title")}>
        <RiskSharesTable detail={detail} viewerOrganisationId={viewerOrganisationId} />
        {forms ? (
          <details className="mt-4 rounded-md border border-slate-200 p-4" open={!detail.riskSharing || openForm === "risk-sharing" || undefined}>
            <summary className="cursor-pointer font-medium text-brand-700">{t("collateral.riskSharing.edit")}</summary>
            <div className="mt-3">{forms.riskSharing}</div>
          </details>
        ) : null}
      </Section>
      <Section id="timeline" title={t("collateral.loan.timeline")} lead={t("collateral.loan.timelineLead")}>
        <Timeline detail={detail} />
      </Section>
      {forms && !detail.disposalCase ? forms.declareDefault : null}
    </div>
  );
}
