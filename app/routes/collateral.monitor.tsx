import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ALERT_SEVERITIES } from "../../server/domain/collateral/vocabulary";
import { IdSchema } from "../../server/domain/schemas/accounts";
import { AlertCard } from "~/components/collateral/alert-card";
import { alertsView, notFound } from "~/components/collateral/loan-page.server";
import { Notice } from "~/components/field";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.monitor.title");

const VIEWS = ["open", "acknowledged", "resolved"] as const;
type View = (typeof VIEWS)[number];
const SEVERITY_ORDER = [...ALERT_SEVERITIES].reverse(); // critical, warning, info

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const requested = new URL(request.url).searchParams.get("view");
  const view: View = (VIEWS as readonly string[]).includes(requested ?? "") ? (requested as View) : "open";
  const all = await context.services.monitor.list(principal);
  const viewOf = (a: (typeof all)[number]): View => (a.resolvedAt ? "resolved" : a.acknowledgedAt ? "acknowledged" : "open");
  const counts = Object.fromEntries(VIEWS.map((v) => [v, all.filter((a) => viewOf(a) === v).length])) as Record<View, number>;
  const shown = all
    .filter((a) => viewOf(a) === view)
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.raisedAt.getTime() - a.raisedAt.getTime());
  return json({ view, counts, alerts: alertsView(shown) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "collateral:manage");
  const alertId = IdSchema.safeParse(form.get("id"));
  if (form.get("intent") !== "acknowledge" || !alertId.success) return json({ formError: "INVALID" }, { status: 400 });
  const result = await context.services.monitor.acknowledge(principal, alertId.data);
  if (!result.ok) throw notFound();
  return redirect("/collateral/monitor?done=acknowledged");
}

export default function Monitor() {
  const { t } = useTranslation();
  const { view, counts, alerts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const groups = SEVERITY_ORDER.map((severity) => ({ severity, alerts: alerts.filter((a) => a.severity === severity) })).filter((g) => g.alerts.length > 0);
  const viewLabels: Record<View, string> = {
    open: t("collateral.monitor.views.open"),
    acknowledged: t("collateral.monitor.views.acknowledged"),
    resolved: t("collateral.monitor.views.resolved"),
  };
  const emptyText: Record<View, string> = {
    open: t("collateral.monitor.empty.open"),
    acknowledged: t("collateral.monitor.empty.acknowledged"),
    resolved: t("collateral.monitor.empty.resolved"),
  };
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-xl font-semibold">{t("collateral.monitor.title")}</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("collateral.monitor.lead")}</p>
      </div>
      {params.get("done") === "acknowledged" ? <Notice tone="success">{t("collateral.monitor.done")}</Notice> : null}
      <nav aria-label={t("collateral.common.filter")} className="flex flex-wrap gap-2">
        {VIEWS.map((v) => (
          <Link
            key={v}
            to={v === "open" ? "/collateral/monitor" : `/collateral/monitor?view=${v}`}
            aria-current={v === view ? "page" : undefined}
            className={`rounded-full px-4 py-1.5 text-sm font-medium ring-1 ring-inset ${v === view ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
          >
            {viewLabels[v]} <span className="tabular-nums opacity-80">({counts[v]})</span>
          </Link>
        ))}
      </nav>
      {alerts.length === 0 ? (
        <div className="card text-sm text-slate-600">{emptyText[view]}</div>
      ) : (
        groups.map((group) => (
          <section key={group.severity} aria-labelledby={`sev-${group.severity}`} className="space-y-3">
            <h3 id={`sev-${group.severity}`} className="text-sm font-semibold uppercase tracking-wide text-slate-500">
              {t("collateral.monitor.group", { severity: t(`collateral.severity.${group.severity}`), n: group.alerts.length })}
            </h3>
            {group.alerts.map((a) => (
              <AlertCard key={a.id} alert={a} canAcknowledge loanHref={`/collateral/loans/${a.loanId}`} assetHref={a.assetId ? `/collateral/assets/${a.assetId}` : null} />
            ))}
          </section>
        ))
      )}
    </div>
  );
}
