import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe, parseMajor } from "../../server/domain/money";
import { RoyaltyReportSchema } from "../../server/domain/schemas/royalties";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { Field, FormError, Notice } from "~/components/field";
import { ReportsTable } from "~/components/licences/reports-table";
import { RoyaltyCardPayments } from "~/components/settlements/card-pay";
import { MinimumRoyalty } from "~/components/licences/minimum-royalty";
import { requireUser } from "~/utils/auth.server";
import { type FieldErrors, fieldErrorsOf, readForm } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "royalties.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const found = await context.services.royalties.list(principal, idOr404(params.agreementId));
  if (!found.ok) throw notFound();
  const { ok: _ok, ...view } = found;
  return json(jsonSafe(view));
}

type ActionData = { formError: string; fields: FieldErrors };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "market:trade");
  const id = idOr404(params.agreementId);
  const found = await context.services.royalties.list(principal, id);
  if (!found.ok) throw notFound();
  const netSales = parseMajor(String(form.get("netSales") ?? ""), found.currency);
  const parsed = RoyaltyReportSchema.safeParse({ periodStart: form.get("periodStart"), periodEnd: form.get("periodEnd"), netSales: netSales === null ? Number.NaN : Number(netSales) });
  if (!parsed.success) return json<ActionData>({ formError: "INVALID", fields: fieldErrorsOf(parsed.error) }, { status: 400 });
  const done = await context.services.royalties.report(principal, id, parsed.data);
  if (!done.ok) {
    if (done.code === "NOT_FOUND") throw notFound();
    return json<ActionData>({ formError: done.code, fields: {} }, { status: 409 });
  }
  return redirect(`/licences/${id}?done=reported&report=${done.report.id}`);
}

/** One licence agreement: the licensee reports a period's royalties; everyone with access sees the past reports and their payment. */
export default function LicencePage() {
  const { t } = useTranslation();
  const { title, currency, role, reports, startsOn, minimum } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const justReported = params.get("done") === "reported" ? reports.find((r) => r.id === params.get("report")) : undefined;
  return (
    <div className="space-y-6">
      {justReported ? <ReportedNotice report={justReported} /> : null}
      <FormError code={reply?.formError} />
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="mt-1 text-sm text-slate-600">{t(`royalties.role.${role}`)}</p>
      </div>
      {role === "licensee" ? (
        <section className="card space-y-4">
          <div>
            <h2 className="text-lg font-semibold">{t("royalties.report.title")}</h2>
            <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("royalties.report.lead")}</p>
          </div>
          <Form method="post" className="grid gap-4 sm:grid-cols-3">
            <CsrfField />
            <Field label={t("royalties.report.periodStart")} name="periodStart" type="date" required errors={reply?.fields.periodStart} />
            <Field label={t("royalties.report.periodEnd")} name="periodEnd" type="date" required errors={reply?.fields.periodEnd} />
            <Field label={t("royalties.report.netSales", { currency })} name="netSales" inputMode="decimal" required errors={reply?.fields.netSales} />
            <div className="sm:col-span-3">
              <button type="submit" className="btn-primary">
                {t("royalties.report.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <RoyaltyCardPayments role={role} reports={reports} />
      <MinimumRoyalty startsOn={startsOn} currency={currency} years={minimum} />
      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("royalties.reports.title")}</h2>
        {reports.length === 0 ? <p className="text-sm text-slate-600">{t("royalties.reports.empty")}</p> : <ReportsTable reports={reports} />}
      </section>
    </div>
  );
}

function ReportedNotice({ report }: { report: { royaltyDue: number; currency: string; payment: { reference: string } | null } }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  return <Notice tone="success">{report.payment ? t("royalties.reported", { amount: money(report.royaltyDue, report.currency), reference: report.payment.reference }) : t("royalties.reportedNothing")}</Notice>;
}
