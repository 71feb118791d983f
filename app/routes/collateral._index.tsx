import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LOAN_STATUSES } from "../../server/domain/collateral/vocabulary";
import { jsonSafe, ratioBps } from "../../server/domain/money";
import { CoverageValue } from "~/components/collateral/badges";
import { Money } from "~/components/collateral/format";
import { LoanFigureCells } from "~/components/collateral/loan-figure-cells";
import { CoverageChart } from "~/components/collateral/charts";
import { Stat } from "~/components/collateral/inputs";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.portfolio.title");

const PAGE_SIZE = 50;
const CHART_LOANS = 20;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const loans = await context.services.loans.portfolio(principal);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
  const status = url.searchParams.get("status") ?? "";

  // Totals per currency, in minor units, before anything becomes a JS number.
  const byCurrency = new Map<string, { exposure: bigint; collateral: bigint }>();
  for (const l of loans) {
    const sum = byCurrency.get(l.currency) ?? { exposure: 0n, collateral: 0n };
    sum.exposure += l.exposure;
    sum.collateral += l.collateral;
    byCurrency.set(l.currency, sum);
  }
  const totals = [...byCurrency].map(([currency, s]) => ({ currency, ...s, coverageBps: ratioBps(s.collateral, s.exposure) })).sort((a, b) => (a.exposure > b.exposure ? -1 : 1));

  const filtered = loans.filter((l) => (!q || l.reference.toLowerCase().includes(q) || l.borrower.toLowerCase().includes(q)) && (!status || l.status === status));
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(url.searchParams.get("page")) || 1));
  const chart =
    loans.length <= CHART_LOANS
      ? loans
      : [...loans].sort((a, b) => (a.coverageBps ?? Number.MAX_SAFE_INTEGER) - (b.coverageBps ?? Number.MAX_SAFE_INTEGER)).slice(0, CHART_LOANS);
  return json({
    count: loans.length,
    openAlerts: loans.reduce((n, l) => n + l.openAlerts, 0),
    criticalAlerts: loans.reduce((n, l) => n + l.criticalAlerts, 0),
    totals: jsonSafe(totals),
    chart: chart.map((l) => ({ reference: l.reference, coverageBps: l.coverageBps })),
    chartLimited: loans.length > CHART_LOANS,
    loans: jsonSafe(filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)),
    matching: filtered.length,
    page,
    pages,
  });
}

export default function Portfolio() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  if (data.count === 0) return <EmptyBook />;
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next}`;
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-semibold">{t("collateral.portfolio.title")}</h2>
        <div className="flex gap-2">
          <Link to="/collateral/import" className="btn-secondary">
            {t("collateral.portfolio.importBook")}
          </Link>
          <Link to="/collateral/loans/new" className="btn-primary">
            {t("collateral.portfolio.newLoan")}
          </Link>
        </div>
      </div>

      {data.totals.map((total) => (
        <div key={total.currency} className="space-y-1">
          {data.totals.length > 1 ? <p className="text-xs text-slate-500">{t("collateral.portfolio.perCurrency", { currency: total.currency })}</p> : null}
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" data-testid={`summary-${total.currency}`}>
            <Stat label={t("collateral.portfolio.loans")}>{data.count}</Stat>
            <Stat label={t("collateral.money.exposure")}>
              <Money amount={total.exposure} currency={total.currency} />
            </Stat>
            <Stat label={t("collateral.money.collateral")}>
              <Money amount={total.collateral} currency={total.currency} />
            </Stat>
            <Stat label={t("collateral.money.weightedCoverage")} hint={t("collateral.money.coverageHint")}>
              <CoverageValue bps={total.coverageBps} />
            </Stat>
            <Stat label={t("collateral.portfolio.openAlerts")}>
              <Link to="/collateral/monitor" className={data.criticalAlerts > 0 ? "text-red-700 underline" : "underline"}>
                {data.openAlerts}
              </Link>
              {data.criticalAlerts > 0 ? <span className="ml-2 text-sm font-normal text-red-700">{t("collateral.portfolio.critical", { n: data.criticalAlerts })}</span> : null}
            </Stat>
          </div>
        </div>
      ))}

      <section className="card" aria-labelledby="chart">
        <h3 id="chart" className="text-lg font-semibold">
          {t("collateral.portfolio.chartTitle")}
        </h3>
        <p className="mt-1 text-sm text-slate-600">
          {t("collateral.portfolio.chartLead")} {data.chartLimited ? t("collateral.portfolio.chartLowest", { n: data.chart.length }) : null}
        </p>
        <div className="mt-4">
          <CoverageChart loans={data.chart} label={t("collateral.money.coverage")} />
        </div>
      </section>

      <section className="card" aria-labelledby="loans">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h3 id="loans" className="text-lg font-semibold">
            {t("collateral.portfolio.table")}
          </h3>
          <Form method="get" className="flex flex-wrap items-end gap-2">
            <label className="text-sm">
              <span className="sr-only">{t("collateral.portfolio.searchLabel")}</span>
              <input type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder={t("collateral.portfolio.searchLabel")} className="input w-56 py-1.5" />
            </label>
            <label className="text-sm">
              <span className="sr-only">{t("collateral.portfolio.status")}</span>
              <select name="status" defaultValue={params.get("status") ?? ""} className="input w-40 py-1.5">
                <option value="">{t("collateral.portfolio.allStatuses")}</option>
                {LOAN_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`collateral.loanStatus.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <button className="btn-secondary py-1.5">{t("collateral.common.filter")}</button>
          </Form>
        </div>
        {data.loans.length === 0 ? (
          <p className="mt-4 text-sm text-slate-500">{t("collateral.portfolio.noMatch")}</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th className="whitespace-nowrap">{t("collateral.portfolio.reference")}</th>
                  <th className="whitespace-nowrap">{t("collateral.portfolio.borrower")}</th>
                  <th className="whitespace-nowrap">{t("collateral.portfolio.status")}</th>
                  <th className="whitespace-nowrap text-right">{t("collateral.money.exposure")}</th>
                  <th className="whitespace-nowrap text-right">{t("collateral.money.collateral")}</th>
                  <th className="whitespace-nowrap text-right">{t("collateral.money.coverage")}</th>
                  <th className="whitespace-nowrap text-right">{t("collateral.portfolio.alerts")}</th>
                </tr>
              </thead>
              <tbody>
                {data.loans.map((l) => (
                  <tr key={l.id} data-loan={l.reference}>
                    <LoanFigureCells loan={l} href={`/collateral/loans/${l.id}`} />
                    <td className="text-right tabular-nums">
                      {l.openAlerts > 0 ? (
                        <Link to={`/collateral/loans/${l.id}#section-alerts`} className={l.criticalAlerts > 0 ? "font-semibold text-red-700 underline" : "text-amber-700 underline"}>
                          {l.openAlerts}
                        </Link>
                      ) : (
                        <span className="text-slate-400">0</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data.pages > 1 ? (
          <nav className="mt-4 flex items-center justify-between text-sm" aria-label={t("collateral.portfolio.table")}>
            {data.page > 1 ? <Link to={pageLink(data.page - 1)} className="btn-secondary py-1">{t("collateral.common.previous")}</Link> : <span />}
            <span className="text-slate-600">{t("collateral.common.page", { page: data.page, pages: data.pages })}</span>
            {data.page < data.pages ? <Link to={pageLink(data.page + 1)} className="btn-secondary py-1">{t("collateral.common.next")}</Link> : <span />}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

function EmptyBook() {
  const { t } = useTranslation();
  return (
    <section className="card text-center" aria-labelledby="empty">
      <h2 id="empty" className="text-xl font-semibold">
        {t("collateral.portfolio.emptyTitle")}
      </h2>
      <p className="mx-auto mt-2 max-w-2xl text-slate-600">{t("collateral.portfolio.emptyText")}</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link to="/collateral/import" className="btn-primary">
          {t("collateral.portfolio.importBook")}
        </Link>
        <Link to="/collateral/loans/new" className="btn-secondary">
          {t("collateral.portfolio.newLoan")}
        </Link>
      </div>
    </section>
  );
}
