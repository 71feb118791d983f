import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ASSET_TYPES } from "../../server/domain/collateral/vocabulary";
import { jsonSafe } from "../../server/domain/money";
import { LegalStatusBadge } from "~/components/collateral/badges";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.assets.title");

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const all = await context.services.assets.list(principal);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
  const type = url.searchParams.get("type") ?? "";
  const matching = all.filter(
    (a) => (!type || a.type === type) && (!q || a.registryNumber.toLowerCase().includes(q) || a.title.toLowerCase().includes(q) || a.owners.some((o) => o.toLowerCase().includes(q))),
  );
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(url.searchParams.get("page")) || 1));
  const rows = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((a) => ({
    id: a.id,
    type: a.type,
    registryNumber: a.registryNumber,
    title: a.title,
    owners: a.owners,
    legalStatus: a.legalStatus,
    nextAnnuityDue: a.nextAnnuityDue,
  }));
  return json({ total: all.length, matching: matching.length, rows: jsonSafe(rows), page, pages });
}

export default function Assets() {
  const { t } = useTranslation();
  const { total, rows, page, pages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next}`;
  };
  return (
    <section className="card" aria-labelledby="assets">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="assets" className="text-xl font-semibold">
            {t("collateral.assets.title")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("collateral.assets.lead")}</p>
        </div>
        <Link to="/collateral/assets/new" className="btn-primary">
          {t("collateral.assets.new")}
        </Link>
      </div>
      {total === 0 ? (
        <p className="mt-6 text-sm text-slate-600">
          {t("collateral.assets.empty")}{" "}
          <Link to="/collateral/import" className="text-brand-700 underline">
            {t("collateral.portfolio.importBook")}
          </Link>
        </p>
      ) : (
        <>
          <Form method="get" className="mt-4 flex flex-wrap items-end gap-2">
            <label>
              <span className="sr-only">{t("collateral.common.search")}</span>
              <input type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder={t("collateral.common.search")} className="input w-64 py-1.5" />
            </label>
            <label>
              <span className="sr-only">{t("collateral.assets.type")}</span>
              <select name="type" defaultValue={params.get("type") ?? ""} className="input w-48 py-1.5">
                <option value="">{t("collateral.assets.allTypes")}</option>
                {ASSET_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`collateral.assetType.${type}`)}
                  </option>
                ))}
              </select>
            </label>
            <button className="btn-secondary py-1.5">{t("collateral.common.filter")}</button>
          </Form>
          {rows.length === 0 ? (
            <p className="mt-4 text-sm text-slate-500">{t("collateral.assets.noMatch")}</p>
          ) : (
            <div className="mt-4 overflow-x-auto">
              <table className="table">
                <thead>
                  <tr>
                    <th className="whitespace-nowrap">{t("collateral.assets.number")}</th>
                    <th className="whitespace-nowrap">{t("collateral.assets.titleCol")}</th>
                    <th className="whitespace-nowrap">{t("collateral.assets.type")}</th>
                    <th className="whitespace-nowrap">{t("collateral.assets.owners")}</th>
                    <th className="whitespace-nowrap">{t("collateral.assets.status")}</th>
                    <th className="whitespace-nowrap">{t("collateral.assets.nextAnnuity")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) => (
                    <tr key={a.id}>
                      <td className="whitespace-nowrap">
                        <Link to={`/collateral/assets/${a.id}`} className="font-mono text-xs text-brand-700 underline">
                          {a.registryNumber}
                        </Link>
                      </td>
                      <td>{a.title}</td>
                      <td className="whitespace-nowrap text-slate-600">{t(`collateral.assetType.${a.type}`)}</td>
                      <td className="text-slate-600">{a.owners.join("; ")}</td>
                      <td>
                        <LegalStatusBadge status={a.legalStatus} />
                      </td>
                      <td className="whitespace-nowrap tabular-nums">{a.nextAnnuityDue ?? t("collateral.common.none")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 ? (
            <nav className="mt-4 flex items-center justify-between text-sm" aria-label={t("collateral.assets.title")}>
              {page > 1 ? <Link to={pageLink(page - 1)} className="btn-secondary py-1">{t("collateral.common.previous")}</Link> : <span />}
              <span className="text-slate-600">{t("collateral.common.page", { page, pages })}</span>
              {page < pages ? <Link to={pageLink(page + 1)} className="btn-secondary py-1">{t("collateral.common.next")}</Link> : <span />}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
