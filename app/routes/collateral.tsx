import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.workbench");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const open = await context.services.monitor.list(principal, { openOnly: true });
  return json({ unacknowledged: open.filter((a) => !a.acknowledgedAt).length });
}

const tab = (active: boolean) =>
  `-mb-px whitespace-nowrap border-b-2 px-4 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"}`;

/** The bank's workbench: portfolio, monitor, pledged IP and import, over every page of /collateral. */
export default function CollateralLayout() {
  const { t } = useTranslation();
  const { unacknowledged } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const inPortfolio = pathname === "/collateral" || pathname.startsWith("/collateral/loans");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("collateral.workbench")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("collateral.workbenchLead")}</p>
      </div>
      <nav aria-label={t("collateral.tabs.label")} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        <NavLink to="/collateral" end className={() => tab(inPortfolio)} aria-current={inPortfolio ? "page" : undefined}>
          {t("collateral.tabs.portfolio")}
        </NavLink>
        <NavLink to="/collateral/monitor" className={({ isActive }) => tab(isActive)}>
          {t("collateral.tabs.monitor")}
          {unacknowledged > 0 ? (
            <span className="ml-2 rounded-full bg-red-600 px-2 py-0.5 text-xs font-semibold text-white" data-testid="monitor-count">
              {unacknowledged}
            </span>
          ) : null}
        </NavLink>
        <NavLink to="/collateral/assets" className={({ isActive }) => tab(isActive)}>
          {t("collateral.tabs.assets")}
        </NavLink>
        <NavLink to="/collateral/import" className={({ isActive }) => tab(isActive)}>
          {t("collateral.tabs.import")}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
