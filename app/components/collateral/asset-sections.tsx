import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Time } from "~/components/time";
import { LegalStatusBadge, PledgeStatusBadge } from "./badges";
import { ValuationChart } from "./charts";
import { Money, formatBytes, useFormat } from "./format";
import type { AssetDetailView } from "./types";

export function AssetFacts({ detail }: { detail: AssetDetailView }) {
  const { t } = useTranslation();
  const { asset } = detail;
  const none = t("collateral.common.none");
  const rows: Array<[string, React.ReactNode]> = [
    [t("collateral.assets.type"), t(`collateral.assetType.${asset.type}`)],
    [t("collateral.assets.number"), <span key="n" className="font-mono text-xs">{asset.registryNumber}</span>],
    [t("collateral.asset.jurisdiction"), asset.jurisdiction],
    [t("collateral.assets.owners"), asset.owners.join("; ") || none],
    [t("collateral.asset.classes"), asset.classes.join("; ") || none],
    [t("collateral.asset.filed"), asset.filedOn ?? none],
    [t("collateral.asset.granted"), asset.grantedOn ?? none],
    [t("collateral.asset.expires"), asset.expiresOn ?? none],
    [t("collateral.assets.status"), <LegalStatusBadge key="s" status={asset.legalStatus} />],
    [t("collateral.assets.nextAnnuity"), asset.nextAnnuityDue ?? none],
  ];
  return (
    <div>
      <dl className="grid grid-cols-1 gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
        {rows.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-3 border-b border-slate-100 pb-1">
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-right">{value}</dd>
          </div>
        ))}
      </dl>
      {asset.description ? (
        <div className="mt-4 text-sm">
          <p className="text-slate-500">{t("collateral.asset.description")}</p>
          <p className="mt-1 whitespace-pre-line">{asset.description}</p>
        </div>
      ) : null}
    </div>
  );
}

export function AssetPledges({ detail }: { detail: AssetDetailView }) {
  const { t } = useTranslation();
  if (detail.pledges.length === 0) return <p className="text-sm text-slate-500">{t("collateral.asset.noPledges")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="table">
        <thead>
          <tr>
            <th className="whitespace-nowrap">{t("collateral.loan.rank")}</th>
            <th className="whitespace-nowrap">{t("collateral.loan.pledgeNumber")}</th>
            <th className="whitespace-nowrap">{t("collateral.loan.registeredAt")}</th>
            <th className="whitespace-nowrap">{t("collateral.asset.inLoans")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.money.secured")}</th>
            <th className="whitespace-nowrap">{t("common.status")}</th>
            <th className="whitespace-nowrap">{t("collateral.loan.pledgor")}</th>
          </tr>
        </thead>
        <tbody>
          {detail.pledges.map((p) => (
            <tr key={`${p.rank}-${p.registryPledgeNumber}`} className={p.mine ? undefined : "bg-slate-50 text-slate-600"} data-rank={p.rank}>
              <td className="tabular-nums">{p.rank}</td>
              <td className="font-mono text-sm">{p.registryPledgeNumber}</td>
              <td>
                <Time value={p.registeredAt} />
              </td>
              <td>
                {p.mine && p.loanId ? (
                  <Link to={`/collateral/loans/${p.loanId}`} className="text-brand-700 underline">
                    {p.loanReference}
                  </Link>
                ) : (
                  <span className="italic">{t("collateral.pledge.anotherPledgee")}</span>
                )}
              </td>
              <td className="text-right">{p.securedAmount === null ? t("collateral.common.none") : <Money amount={p.securedAmount} currency={p.currency} />}</td>
              <td>
                <PledgeStatusBadge status={p.status} />
              </td>
              <td>{p.pledgor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AssetValuations({ detail }: { detail: AssetDetailView }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  if (detail.valuations.length === 0) return <p className="text-sm text-slate-500">{t("collateral.asset.noValuations")}</p>;
  const currency = detail.valuations.at(-1)!.currency;
  const inCurrency = detail.valuations.filter((v) => v.currency === currency);
  // One line per appraiser: two appraisals on one day must not be joined into one zigzag.
  const series = [...new Set(inCurrency.map((v) => v.appraiser))].map((appraiser, i) => ({
    key: `s${i}`,
    name: appraiser,
    points: inCurrency.filter((v) => v.appraiser === appraiser).map((v) => ({ valuedOn: v.valuedOn, amount: v.amount })),
  }));
  return (
    <div className="space-y-4">
      {inCurrency.length > 1 ? <ValuationChart series={series} currency={currency} locale={locale} label={t("collateral.asset.valuations")} height={220} /> : null}
      <table className="table">
        <thead>
          <tr>
            <th className="whitespace-nowrap">{t("collateral.asset.valuedOn")}</th>
            <th className="whitespace-nowrap">{t("collateral.asset.appraiser")}</th>
            <th className="whitespace-nowrap">{t("collateral.asset.method")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.common.amount")}</th>
          </tr>
        </thead>
        <tbody>
          {[...detail.valuations].reverse().map((v) => (
            <tr key={v.id}>
              <td className="tabular-nums">{v.valuedOn}</td>
              <td>{v.appraiser}</td>
              <td>{t(`collateral.method.${v.method}`)}</td>
              <td className="text-right">
                <Money amount={v.amount} currency={v.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AssetHistory({ detail }: { detail: AssetDetailView }) {
  const { t } = useTranslation();
  if (detail.events.length === 0) return <p className="text-sm text-slate-500">{t("collateral.asset.noHistory")}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th className="whitespace-nowrap">{t("collateral.common.date")}</th>
          <th className="whitespace-nowrap">{t("collateral.loan.event")}</th>
          <th className="whitespace-nowrap">{t("collateral.loan.newStatus")}</th>
          <th className="whitespace-nowrap">{t("collateral.common.source")}</th>
          <th className="whitespace-nowrap">{t("collateral.common.note")}</th>
        </tr>
      </thead>
      <tbody>
        {detail.events.map((e) => {
          const note = e.details?.note;
          return (
            <tr key={e.id}>
              <td className="tabular-nums">{e.occurredOn}</td>
              <td>
                {t(`collateral.eventKind.${e.kind}`)}
                {e.status === "confirmed" ? null : (
                  <span className="ml-1 text-xs text-amber-700" data-testid="event-report-status">
                    ({t(`collateral.reportStatus.${e.status}`)})
                  </span>
                )}
              </td>
              <td>{e.newStatus ? <LegalStatusBadge status={e.newStatus} /> : t("collateral.common.none")}</td>
              <td>
                {e.source} <span className="font-mono text-xs text-slate-500">{e.sourceRef}</span>
              </td>
              <td className="text-slate-600">{typeof note === "string" ? note : ""}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function AssetDocuments({ detail }: { detail: AssetDetailView }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  if (detail.documents.length === 0) return <p className="text-sm text-slate-500">{t("collateral.asset.noDocuments")}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th className="whitespace-nowrap">{t("collateral.documents.filename")}</th>
          <th className="whitespace-nowrap">{t("collateral.documents.kind")}</th>
          <th className="whitespace-nowrap text-right">{t("collateral.documents.size")}</th>
          <th className="whitespace-nowrap">{t("collateral.documents.uploaded")}</th>
          <th>
            <span className="sr-only">{t("common.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {detail.documents.map((d) => (
          <tr key={d.id}>
            <td className="break-all">{d.filename}</td>
            <td>{t(`collateral.documents.kinds.${d.kind}`, { defaultValue: d.kind })}</td>
            <td className="text-right tabular-nums">{formatBytes(d.sizeBytes, locale)}</td>
            <td>
              <Time value={d.createdAt} />
            </td>
            <td>
              <a href={`/collateral/documents/${d.id}`} className="text-brand-700 underline" download={d.filename}>
                {t("collateral.documents.download")}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
