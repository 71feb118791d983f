import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { Money } from "~/components/collateral/format";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { DistributionCard } from "~/components/recoveries/distribution-card";
import { Stat, percent } from "~/components/recoveries/parts";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recoveries.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const found = await context.services.recoveries.loan(principal, idOr404(params.loanId));
  if (!found.ok) throw notFound();
  const { loan, kase, exposureAtDefault, recovery, sharers, distributions } = found.recovery;
  return json({ viewer: principal.organisation.id, discountRateBps: found.discountRateBps, ...jsonSafe({ loan, defaultedOn: kase.defaultedOn, currency: kase.currency, exposureAtDefault, recovery, sharers, distributions }) });
}

/** A loan's recovery: headline figures, per party and component, each risk-sharer's payments, and every distribution line by line. */
export default function LoanRecovery() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const r = d.recovery;
  const you = (organisationId: string | null) => (organisationId === d.viewer ? <span className="ml-1 rounded bg-brand-50 px-1.5 text-xs text-brand-700">{t("recoveries.loan.you")}</span> : null);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("recoveries.loan.title", { reference: d.loan.reference })}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {t("recoveries.loan.borrower")}: {d.loan.borrower} · {t("recoveries.loan.bank")}: {d.loan.bank} · {t("recoveries.columns.defaultedOn")}: {d.defaultedOn}
          </p>
        </div>
        <Link to="/recoveries" className="btn-secondary">
          {t("recoveries.loan.back")}
        </Link>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Stat label={t("recoveries.summary.exposure")}>
          <Money amount={d.exposureAtDefault} currency={d.currency} />
        </Stat>
        <Stat label={t("recoveries.summary.recovered")} testId="recovered">
          <Money amount={r.recovered} currency={d.currency} />
        </Stat>
        <Stat label={t("recoveries.summary.rate")} testId="rate">
          {percent(r.recoveryRateBps)}
        </Stat>
        <Stat label={t("recoveries.summary.lgd")} testId="lgd">
          {r.recovered > 0 ? percent(r.lgdBps) : "—"}
        </Stat>
        <Stat label={t("recoveries.columns.days")} testId="days">
          {r.daysToRecovery === null ? "—" : t("recoveries.loan.days", { count: r.daysToRecovery })}
          {r.daysToFirstRecovery !== null && r.daysToFirstRecovery !== r.daysToRecovery ? <span className="block text-xs font-normal text-slate-500">{t("recoveries.loan.firstRecovery", { count: r.daysToFirstRecovery })}</span> : null}
        </Stat>
      </div>
      <p className="text-xs text-slate-500">{t("recoveries.discountNote", { rate: percent(d.discountRateBps) })}</p>
      {r.byParty.length > 0 ? (
        <section className="card space-y-3">
          <h2 className="text-lg font-semibold">{t("recoveries.loan.parties")}</h2>
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("recoveries.columns.party")}</th>
                  <th className="text-right">{t("recoveries.component.enforcement_costs")}</th>
                  <th className="text-right">{t("recoveries.component.interest")}</th>
                  <th className="text-right">{t("recoveries.component.principal")}</th>
                  <th className="text-right">{t("recoveries.loan.total")}</th>
                </tr>
              </thead>
              <tbody>
                {r.byParty.map((p) => (
                  <tr key={`${p.riskShareId} ${p.partyName}`} data-party={p.partyName}>
                    <td>
                      {p.partyName}
                      {you(p.organisationId)}
                    </td>
                    {(["enforcement_costs", "interest", "principal"] as const).map((c) => (
                      <td key={c} className="text-right">
                        <Money amount={p.byComponent[c]} currency={d.currency} />
                      </td>
                    ))}
                    <td className="text-right font-medium">
                      <Money amount={p.total} currency={d.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {d.sharers.some((s) => s.role !== "bank") ? (
        <section className="card space-y-3">
          <h2 className="text-lg font-semibold">{t("recoveries.loan.sharers")}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t("recoveries.columns.party")}</th>
                <th>{t("recoveries.columns.role")}</th>
                <th className="text-right">{t("recoveries.columns.share")}</th>
                <th className="text-right">{t("recoveries.columns.paid")}</th>
                <th className="text-right">{t("recoveries.columns.recovered")}</th>
              </tr>
            </thead>
            <tbody>
              {d.sharers.map((s) => (
                <tr key={s.id} data-sharer={s.role}>
                  <td>
                    {s.partyName}
                    {you(s.organisationId)}
                  </td>
                  <td>{t(`collateral.shareRole.${s.role}`)}</td>
                  <td className="text-right tabular-nums">{percent(s.shareBps)}</td>
                  <td className="text-right">{s.role === "bank" ? "—" : <Money amount={s.paid} currency={d.currency} />}</td>
                  <td className="text-right">
                    <Money amount={s.recovered} currency={d.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("recoveries.loan.distributions")}</h2>
        {d.distributions.length === 0 ? <p className="card text-sm text-slate-600">{t("recoveries.loan.none")}</p> : d.distributions.map((x) => <DistributionCard key={x.id} distribution={x} viewer={d.viewer} loanId={d.loan.id} />)}
      </section>
    </div>
  );
}
