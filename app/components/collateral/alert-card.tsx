import { Form, Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { Time } from "~/components/time";
import { SeverityBadge } from "./badges";
import { formatCoverage, formatPercentBps } from "./format";
import type { AlertDetails, AlertView } from "./types";


/** The facts behind an alert, in words: due date and days, fall %, coverage. */
export function alertFacts(t: TFunction, details: AlertDetails): string[] {
  const out: string[] = [];
  if (details.dueOn) out.push(t("collateral.facts.dueOn", { date: details.dueOn }));
  if (typeof details.days === "number") out.push(t("collateral.facts.daysLeft", { n: details.days }));
  if (typeof details.daysOverdue === "number" && details.daysOverdue > 0) out.push(t("collateral.facts.daysOverdue", { n: details.daysOverdue }));
  if (details.expiresOn) out.push(t("collateral.facts.expiresOn", { date: details.expiresOn }));
  if (details.transferredOn) out.push(t("collateral.facts.transferredOn", { date: details.transferredOn }));
  if (typeof details.fallBps === "number") {
    out.push(t("collateral.facts.fall", { percent: formatPercentBps(details.fallBps), from: details.fromOn ?? "", to: details.toOn ?? "" }));
  }
  if (typeof details.coverageBps === "number") out.push(t("collateral.facts.coverage", { coverage: formatCoverage(details.coverageBps) }));
  return out;
}

type Props = {
  alert: AlertView;
  /** Only the bank holding the loan acknowledges. */
  canAcknowledge: boolean;
  /** Where the loan and the right open for this viewer; null: no link. */
  loanHref: string | null;
  assetHref: string | null;
  showLoan?: boolean;
};

/** One alert: the rule in words, the right and the loan, the facts, what to do, and acknowledgement. */
export function AlertCard({ alert, canAcknowledge, loanHref, assetHref, showLoan = true }: Props) {
  const { t } = useTranslation();
  const facts = alertFacts(t, alert.details ?? {});
  const border = alert.resolvedAt ? "border-l-slate-300" : alert.severity === "critical" ? "border-l-red-500" : alert.severity === "warning" ? "border-l-amber-400" : "border-l-brand-600";
  return (
    <article className={`rounded-lg border border-l-4 border-slate-200 bg-white p-4 shadow-sm ${border}`} data-alert-id={alert.id} data-rule={alert.rule}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={alert.severity} />
            <h3 className="font-semibold">{t(`collateral.rules.${alert.rule}`)}</h3>
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {alert.assetId ? (
              <>
                <span className="text-slate-500">{t("collateral.monitor.asset")}: </span>
                {assetHref ? (
                  <Link to={assetHref} className="text-brand-700 underline">
                    {alert.assetNumber} {alert.assetTitle}
                  </Link>
                ) : (
                  <span>
                    {alert.assetNumber} {alert.assetTitle}
                  </span>
                )}
                {showLoan ? " · " : null}
              </>
            ) : null}
            {showLoan ? (
              <>
                <span className="text-slate-500">{t("collateral.monitor.loan")}: </span>
                {loanHref ? (
                  <Link to={loanHref} className="text-brand-700 underline">
                    {alert.loanReference}
                  </Link>
                ) : (
                  alert.loanReference
                )}
              </>
            ) : null}
          </p>
          {facts.length > 0 ? (
            <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800">
              {facts.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="text-right text-xs text-slate-500">
          <p>
            {t("collateral.monitor.raisedAt")} <Time value={alert.raisedAt} />
          </p>
          {alert.resolvedAt ? (
            <p>
              {t("collateral.monitor.resolvedAt")} <Time value={alert.resolvedAt} />
            </p>
          ) : null}
        </div>
      </div>
      <div className="mt-3 rounded-md bg-slate-50 p-3 text-sm">
        <p className="font-medium text-slate-700">{t("collateral.monitor.whatToDo")}</p>
        <p className="mt-1 text-slate-800" data-testid="advice">
          {t(`collateral.advice.${alert.rule}`)}
        </p>
      </div>
      {!alert.resolvedAt ? (
        <div className="mt-3 flex items-center justify-end gap-2">
          {alert.acknowledgedAt ? (
            <span className="text-sm text-green-800">
              ✓ {t("collateral.monitor.acknowledged")} · <Time value={alert.acknowledgedAt} />
            </span>
          ) : canAcknowledge ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="id" value={alert.id} />
              <button name="intent" value="acknowledge" className="btn-secondary">
                {t("collateral.monitor.acknowledge")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
