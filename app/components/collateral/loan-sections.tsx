import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Time } from "~/components/time";
import { CoverageValue, LegalStatusBadge, LoanStatusBadge, PledgeStatusBadge } from "./badges";
import { ValuationChart } from "./charts";
import { Money, formatPercentBps, useFormat } from "./format";
import { Section, Stat } from "./inputs";
import type { LoanDetailView } from "./types";

type AssetHref = ((assetId: string) => string) | null;

export function LoanHeadline({ detail }: { detail: LoanDetailView }) {
  const { t } = useTranslation();
  const { loan } = detail;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h2 className="text-2xl font-semibold">{t("collateral.loan.title", { reference: loan.reference })}</h2>
      <LoanStatusBadge status={loan.status} />
      <span className="text-slate-600">{detail.borrower.name}</span>
    </div>
  );
}

export function LoanSummary({ detail }: { detail: LoanDetailView }) {
  const { t } = useTranslation();
  const currency = detail.loan.currency;
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <Stat label={t("collateral.money.exposure")}>
        <Money amount={detail.exposure} currency={currency} />
      </Stat>
      <Stat label={t("collateral.money.collateral")}>
        <Money amount={detail.collateral} currency={currency} />
      </Stat>
      <Stat label={t("collateral.money.coverage")} hint={t("collateral.money.coverageHint")}>
        <CoverageValue bps={detail.coverageBps} />
      </Stat>
    </div>
  );
}

export function LoanFacts({ detail }: { detail: LoanDetailView }) {
  const { t } = useTranslation();
  const { loan } = detail;
  const rows: Array<[string, React.ReactNode]> = [
    [t("collateral.loan.borrower"), detail.borrower.name],
    [t("collateral.loan.creditCode"), <span key="cc" className="font-mono text-xs">{detail.borrower.creditCode}</span>],
    [t("collateral.money.principal"), <Money key="p" amount={loan.principal} currency={loan.currency} />],
    [t("collateral.money.rate"), formatPercentBps(loan.rateBps)],
    [t("collateral.loan.disbursed"), loan.disbursedOn],
    [t("collateral.loan.matures"), loan.maturesOn],
    [t("collateral.money.outstanding"), <Money key="o" amount={loan.outstandingPrincipal} currency={loan.currency} />],
    [t("collateral.money.interest"), <Money key="i" amount={loan.accruedInterest} currency={loan.currency} />],
    [t("collateral.money.penalty"), <Money key="pi" amount={loan.penaltyInterest} currency={loan.currency} />],
  ];
  return (
    <Section id="facts" title={t("collateral.loan.facts")}>
      <dl className="grid grid-cols-1 gap-x-8 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
        {rows.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-3 border-b border-slate-100 pb-1">
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-right">{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

export function PledgesTable({ detail, assetHref }: { detail: LoanDetailView; assetHref: AssetHref }) {
  const { t } = useTranslation();
  if (detail.pledges.length === 0) return <p className="text-sm text-slate-500">{t("collateral.loan.noPledges")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <thead>
          <tr>
            <th className="whitespace-nowrap">{t("collateral.loan.rank")}</th>
            <th className="whitespace-nowrap">{t("collateral.loan.pledgeNumber")}</th>
            <th className="whitespace-nowrap">{t("collateral.loan.registeredAt")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.money.secured")}</th>
            <th className="whitespace-nowrap">{t("common.status")}</th>
            <th className="whitespace-nowrap">{t("collateral.loan.pledgedRights")}</th>
          </tr>
        </thead>
        <tbody>
          {detail.pledges.map((p, i) => (
            <tr key={p.id}>
              <td className="tabular-nums">{i + 1}</td>
              <td className="font-mono text-sm">{p.registryPledgeNumber}</td>
              <td>
                <Time value={p.registeredAt} />
                <div className="text-xs text-slate-500">
                  {t("collateral.loan.pledgor")}: {p.pledgor}
                </div>
              </td>
              <td className="text-right">
                <Money amount={p.securedAmount} currency={p.currency} />
              </td>
              <td>
                <PledgeStatusBadge status={p.status} />
              </td>
              <td>
                <ul className="space-y-1">
                  {p.assets.map((a) => (
                    <li key={a.id} className="flex flex-wrap items-center gap-2">
                      {assetHref ? (
                        <Link to={assetHref(a.id)} className="text-brand-700 underline">
                          {a.registryNumber}
                        </Link>
                      ) : (
                        <span className="font-mono text-xs">{a.registryNumber}</span>
                      )}
                      <span>{a.title}</span>
                      <span className="text-xs text-slate-500">{t(`collateral.assetType.${a.type}`)}</span>
                      <LegalStatusBadge status={a.legalStatus} />
                      <span className="text-xs text-slate-600">
                        {t("collateral.loan.latestValuation")}: <Money amount={a.latestValuation} currency={detail.loan.currency} />
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ValuationsSection({ detail }: { detail: LoanDetailView }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const series = detail.valuationSeries
    .filter((s) => s.points.length > 0)
    .map((s) => ({ key: s.assetId, name: `${s.registryNumber} ${s.title}`, points: s.points }));
  return (
    <Section id="valuations" title={t("collateral.loan.valuations")} lead={t("collateral.loan.valuationsLead")}>
      {series.length === 0 ? (
        <p className="text-sm text-slate-500">{t("collateral.loan.noValuations")}</p>
      ) : (
        <ValuationChart series={series} currency={detail.loan.currency} locale={locale} label={t("collateral.loan.valuations")} />
      )}
    </Section>
  );
}

export function RiskSharesTable({ detail, viewerOrganisationId }: { detail: LoanDetailView; viewerOrganisationId: string }) {
  const { t } = useTranslation();
  if (!detail.riskSharing) return <p className="text-sm text-slate-500">{t("collateral.riskSharing.none")}</p>;
  const { mode, preset, shares } = detail.riskSharing;
  return (
    <div>
      <p className="text-sm text-slate-600">
        {t("collateral.riskSharing.mode")}: {t(`collateral.mode.${mode}`)}
        {preset ? ` · ${t("collateral.riskSharing.preset")}: ${t(`collateral.presets.${preset}`, { defaultValue: preset })}` : null}
      </p>
      <table className="table mt-2">
        <thead>
          <tr>
            <th className="whitespace-nowrap">{t("collateral.riskSharing.party")}</th>
            <th className="whitespace-nowrap">{t("collateral.riskSharing.role")}</th>
            <th className="whitespace-nowrap">{t("collateral.riskSharing.organisation")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.riskSharing.share")}</th>
          </tr>
        </thead>
        <tbody>
          {shares.map((s) => (
            <tr key={s.id} className={s.organisationId === viewerOrganisationId ? "bg-brand-50" : undefined}>
              <td>{s.partyName}</td>
              <td>{t(`collateral.shareRole.${s.role}`)}</td>
              <td className="text-xs text-slate-500">{s.organisationId ? "✓" : t("collateral.riskSharing.notOnExchange")}</td>
              <td className="text-right tabular-nums" data-share={s.shareBps}>
                {formatPercentBps(s.shareBps)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Timeline({ detail }: { detail: LoanDetailView }) {
  const { t } = useTranslation();
  if (detail.timeline.length === 0) return <p className="text-sm text-slate-500">{t("collateral.loan.noEvents")}</p>;
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-4">
      {detail.timeline.map((e, i) => (
        <li key={`${e.assetId}-${e.on}-${e.kind}-${i}`} className="text-sm">
          <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-brand-600" aria-hidden />
          <p>
            <span className="font-medium tabular-nums">{e.on}</span> · {t(`collateral.eventKind.${e.kind}`)}
            {e.newStatus ? (
              <>
                {" "}
                → <LegalStatusBadge status={e.newStatus} />
              </>
            ) : null}
          </p>
          <p className="text-slate-600">
            {e.assetTitle} · <span className="text-xs text-slate-500">{e.source}</span>
          </p>
        </li>
      ))}
    </ol>
  );
}

export function DisposalCaseCard({ detail }: { detail: LoanDetailView }) {
  const { t } = useTranslation();
  const kase = detail.disposalCase;
  if (!kase) return null;
  const total = kase.principalAtDefault + kase.interestAtDefault + kase.penaltyAtDefault + kase.costsAtDefault;
  const rows: Array<[string, number]> = [
    [t("collateral.declare.principal"), kase.principalAtDefault],
    [t("collateral.declare.interest"), kase.interestAtDefault],
    [t("collateral.declare.penalty"), kase.penaltyAtDefault],
    [t("collateral.declare.costs"), kase.costsAtDefault],
  ];
  return (
    <section className="card border-red-200 bg-red-50/40" aria-labelledby="case" data-testid="disposal-case">
      <h2 id="case" className="text-lg font-semibold text-red-900">
        {t("collateral.declare.caseTitle")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("collateral.declare.caseLead")}</p>
      {detail.readOnly ? null : (
        <Link to={`/collateral/cases/${kase.id}`} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
          {t("cases.page.viewCase")} →
        </Link>
      )}
      <dl className="mt-4 grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
        <div className="flex justify-between gap-3">
          <dt className="text-slate-500">{t("collateral.declare.defaultedOn")}</dt>
          <dd className="tabular-nums">{kase.defaultedOn}</dd>
        </div>
        <div className="flex justify-between gap-3">
          <dt className="text-slate-500">{t("collateral.declare.openedAt")}</dt>
          <dd>
            <Time value={kase.openedAt} />
          </dd>
        </div>
        {rows.map(([label, amount]) => (
          <div key={label} className="flex justify-between gap-3">
            <dt className="text-slate-500">{label}</dt>
            <dd>
              <Money amount={amount} currency={kase.currency} />
            </dd>
          </div>
        ))}
        <div className="flex justify-between gap-3 border-t border-red-200 pt-2 font-semibold">
          <dt>{t("collateral.declare.exposureAtDefault")}</dt>
          <dd data-testid="exposure-at-default">
            <Money amount={total} currency={kase.currency} />
          </dd>
        </div>
        <div className="flex justify-between gap-3">
          <dt className="text-slate-500">{t("collateral.declare.caseStatus")}</dt>
          <dd>{t(`collateral.declare.caseStatuses.${kase.status}`, { defaultValue: kase.status })}</dd>
        </div>
      </dl>
    </section>
  );
}
