import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JsonSafe } from "../../../server/domain/money";
import type { DisposalCaseService } from "../../../server/services/collateral/disposal-cases";
import { LegalStatusBadge } from "~/components/collateral/badges";
import { Money, useFormat } from "~/components/collateral/format";
import { ListingStatusBadge } from "~/components/listing-pages/rules";
import { Time, TimeLines } from "~/components/time";
import { AttemptsChart } from "./attempts-chart";

type Loaded = Extract<Awaited<ReturnType<DisposalCaseService["get"]>>, { ok: true }>;
export type CaseView = JsonSafe<Omit<Loaded, "ok">>;

/** The case as the bank froze it at default, and the rights it sells. */
export function CaseFacts({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { case: kase, rights, appraisal } = view;
  const facts: Array<[string, React.ReactNode]> = [
    [t("cases.page.loan"), <Link key="loan" to={`/collateral/loans/${kase.loanId}`} className="text-brand-700 hover:underline">{kase.loanReference}</Link>],
    [t("cases.page.defaultedOn"), <span key="on" className="tabular-nums">{kase.defaultedOn}</span>],
    [t("cases.page.openedAt"), <Time key="at" value={kase.openedAt} />],
    [t("cases.page.exposureAtDefault"), <Money key="ead" amount={kase.exposureAtDefault} currency={kase.currency} className="font-semibold" />],
    [t("cases.page.status"), t(`collateral.declare.caseStatuses.${kase.status}`, { defaultValue: kase.status })],
    [t("cases.page.appraisal"), appraisal === null ? t("cases.page.noAppraisal") : <Money key="appraisal" amount={appraisal} currency={kase.currency} />],
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="card" aria-labelledby="case-facts">
        <h2 id="case-facts" className="text-lg font-semibold">
          {t("cases.page.facts")}
        </h2>
        <dl className="mt-4 space-y-2 text-sm">
          {facts.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-3">
              <dt className="text-slate-500">{label}</dt>
              <dd className="text-right">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card lg:col-span-2" aria-labelledby="case-rights">
        <h2 id="case-rights" className="text-lg font-semibold">
          {t("cases.page.rights")}
        </h2>
        {rights.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600">{t("cases.page.noRights")}</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("cases.page.registryNumber")}</th>
                  <th>{t("cases.page.rightTitle")}</th>
                  <th>{t("cases.page.type")}</th>
                  <th>{t("cases.page.legalStatus")}</th>
                  <th className="text-right">{t("cases.page.rightAppraisal")}</th>
                </tr>
              </thead>
              <tbody>
                {rights.map((r) => (
                  <tr key={r.id}>
                    <td className="whitespace-nowrap font-mono text-xs">
                      <Link to={`/collateral/assets/${r.id}`} className="text-brand-700 hover:underline">
                        {r.registryNumber}
                      </Link>
                    </td>
                    <td>{r.title}</td>
                    <td className="whitespace-nowrap text-slate-600">{t(`collateral.assetType.${r.type}`)}</td>
                    <td>
                      <LegalStatusBadge status={r.legalStatus} />
                    </td>
                    <td className="text-right">
                      <Money amount={r.appraisal} currency={kase.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** Every listing of the case, oldest first, with its price against the appraisal and the previous start. */
export function AttemptHistory({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { percent } = useFormat();
  const { attempts, appraisal, case: kase } = view;
  const cut = (bps: number | null) => (bps === null ? "—" : t(bps >= 0 ? "cases.attempts.cutDown" : "cases.attempts.cutUp", { percent: percent(Math.abs(bps)) }));
  return (
    <section className="card" aria-labelledby="attempts" data-testid="attempts">
      <h2 id="attempts" className="text-lg font-semibold">
        {t("cases.attempts.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("cases.attempts.lead")}</p>
      {attempts.length === 0 ? (
        <p className="mt-4 text-sm text-slate-700">{t("cases.attempts.empty")}</p>
      ) : (
        <>
          <div className="mt-4 overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("cases.attempts.attempt")}</th>
                  <th>{t("cases.attempts.mode")}</th>
                  <th className="text-right">{t("cases.attempts.price")}</th>
                  <th className="text-right">{t("cases.attempts.ofAppraisal")}</th>
                  <th className="text-right">{t("cases.attempts.cut")}</th>
                  <th>{t("cases.attempts.status")}</th>
                  <th>{t("cases.attempts.dates")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.id} data-testid="attempt-row">
                    <td className="tabular-nums">{a.attempt}</td>
                    <td className="whitespace-nowrap">
                      {t(`listings.mode.${a.mode}`)}
                      <span className="block text-xs text-slate-500">{t(`listings.preset.${a.preset}`)}</span>
                    </td>
                    <td className="text-right">
                      <Money amount={a.price} currency={a.currency} />
                    </td>
                    <td className="text-right tabular-nums" data-testid="of-appraisal">{a.ofAppraisalBps === null ? "—" : percent(a.ofAppraisalBps)}</td>
                    <td className="text-right tabular-nums" data-testid="cut">{cut(a.cutBps)}</td>
                    <td>
                      <ListingStatusBadge status={a.status} />
                    </td>
                    <td className="text-xs text-slate-600">
                      <TimeLines
                        lines={[
                          [t("cases.attempts.announced"), a.announceAt],
                          [t("cases.attempts.closes"), a.closesAt],
                        ]}
                      />
                    </td>
                    <td>
                      <Link to={`/listings/${a.id}`} className="text-brand-700 hover:underline">
                        {t("cases.attempts.open")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <AttemptsChart attempts={attempts} appraisal={appraisal} currency={kase.currency} />
        </>
      )}
    </section>
  );
}
