import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuditQuerySchema } from "../../server/domain/audit-trail";
import { AuditEvents } from "~/components/audit/audit-events";
import { ChainReport } from "~/components/audit/chain-report";
import { CsrfField } from "~/components/csrf-field";
import { Notice } from "~/components/field";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

/** The audit trail for auditors and operators: filtered, paged, with what no one may read yet withheld. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request, "audit:read");
  // An empty field of the filter form means "any".
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const query = AuditQuerySchema.safeParse(params);
  const filters = await context.services.audit.filters();
  if (!query.success) return json({ filters, trail: null }, { status: 400 });
  return json({ filters, trail: await context.services.audit.events(query.data) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  await requireUser(context, request, "audit:read");
  return json({ chains: await context.services.audit.verify() });
}

export default function AuditTrail() {
  const { t } = useTranslation();
  const { filters, trail } = useLoaderData<typeof loader>();
  const report = useActionData<typeof action>();
  const verifying = useNavigation().state === "submitting";
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const pageHref = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-600">{t("audit.lead")}</p>
      </div>
      <section className="card space-y-3" aria-labelledby="verify-title">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="verify-title" className="text-lg font-semibold">
              {t("audit.verify.title")}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{t("audit.verify.lead")}</p>
          </div>
          <Form method="post">
            <CsrfField />
            <button className="btn-primary" disabled={verifying}>
              {t("audit.verify.button")}
            </button>
          </Form>
        </div>
        {report ? <ChainReport chains={report.chains} /> : null}
      </section>
      <Form method="get" className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" aria-label={t("audit.filters.apply")}>
        <label className="block text-sm">
          <span className="font-medium text-slate-800">{t("audit.filters.organisation")}</span>
          <select name="organisationId" defaultValue={params.get("organisationId") ?? ""} className="input mt-1 py-1.5">
            <option value="">{t("audit.filters.anyOrganisation")}</option>
            {filters.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-800">{t("audit.filters.kind")}</span>
          <select name="kind" defaultValue={params.get("kind") ?? ""} className="input mt-1 py-1.5">
            <option value="">{t("audit.filters.anyKind")}</option>
            {filters.kinds.map((k) => (
              <option key={k} value={k}>
                {t(`audit.kinds.${k}`, { defaultValue: k })}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-800">{t("audit.filters.from")}</span>
          <input type="date" name="from" defaultValue={params.get("from") ?? ""} className="input mt-1 py-1.5" />
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-800">{t("audit.filters.to")}</span>
          <input type="date" name="to" defaultValue={params.get("to") ?? ""} className="input mt-1 py-1.5" />
        </label>
        <div className="flex items-center gap-3">
          <button className="btn-primary">{t("audit.filters.apply")}</button>
          <Link to="/audit" className="text-sm text-brand-700 hover:underline">
            {t("audit.filters.clear")}
          </Link>
        </div>
      </Form>
      {trail ? (
        <>
          <AuditEvents events={trail.events} />
          <nav className="flex items-center justify-between text-sm" aria-label={t("audit.pager.page", { page: trail.page })}>
            {trail.page > 1 ? (
              <Link to={pageHref(trail.page - 1)} className="btn-secondary" rel="prev">
                {t("audit.pager.newer")}
              </Link>
            ) : (
              <span />
            )}
            <span className="text-slate-600">{t("audit.pager.page", { page: trail.page })}</span>
            {trail.hasMore ? (
              <Link to={pageHref(trail.page + 1)} className="btn-secondary" rel="next">
                {t("audit.pager.older")}
              </Link>
            ) : (
              <span />
            )}
          </nav>
        </>
      ) : (
        <Notice tone="warning">{t("audit.filters.invalid")}</Notice>
      )}
    </div>
  );
}
