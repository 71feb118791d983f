import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { valueOf } from "../../server/domain/result";
import { idOr404, notFound, today } from "~/components/collateral/loan-page.server";
import { AttemptHistory, CaseFacts } from "~/components/disposal-case/case-view";
import { NextStepCard } from "~/components/disposal-case/next-step";
import { RecoveryInputs } from "~/components/disposal-case/recovery-inputs";
import { parseCostForm, parseSharerPaymentForm } from "~/components/disposal-case/recovery-inputs.server";
import { echo } from "~/components/collateral/forms.server";
import type { FormReply } from "~/components/collateral/types";
import { Notice } from "~/components/field";
import { readForm } from "~/utils/form.server";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const [base] = pageTitle(matches, "collateral.workbench");
  const title = base && "title" in base ? base.title : "";
  return [{ title: data ? `${data.view.case.loanReference} · ${title}` : title }];
};

/** A disposal case of the bank's own: another bank's case is simply not there. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const caseId = idOr404(params.caseId);
  const [result, inputs] = await Promise.all([context.services.disposalCases.get(principal, caseId), context.services.recoveryInputs.forCase(principal, caseId)]);
  if (!result.ok || !inputs.ok) throw notFound();
  return json({ view: jsonSafe(valueOf(result)), inputs: jsonSafe(valueOf(inputs)), today: today() });
}

/** Records a cost of the disposal or a risk-sharer's payment on the loss. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "collateral:manage");
  const caseId = idOr404(params.caseId);
  // Whatever the form, a case that is not this bank's is not there.
  if (!(await context.services.recoveryInputs.forCase(principal, caseId)).ok) throw notFound();
  const intent = String(form.get("intent") ?? "");
  const reply = (data: Partial<FormReply>, status: number) => json<FormReply>({ intent, formError: null, fields: {}, ...data }, { status });
  const inputs = context.services.recoveryInputs;
  const invalid = (parsed: { fields: Record<string, string[]>; values: Record<string, string> }) => reply({ formError: "INVALID", fields: parsed.fields, values: parsed.values }, 400);
  let result: Awaited<ReturnType<typeof inputs.recordCost>> | Awaited<ReturnType<typeof inputs.recordSharerPayment>>;
  if (intent === "cost") {
    const parsed = parseCostForm(form);
    if (!parsed.ok) return invalid(parsed);
    result = await inputs.recordCost(principal, caseId, parsed.data);
  } else if (intent === "sharer-payment") {
    const parsed = parseSharerPaymentForm(form);
    if (!parsed.ok) return invalid(parsed);
    result = await inputs.recordSharerPayment(principal, caseId, parsed.data);
  } else {
    return reply({ formError: "INVALID" }, 400);
  }
  if (!result.ok) {
    if (result.code === "NOT_FOUND") throw notFound();
    const fields = (result.details as { fields?: Record<string, string[]> } | undefined)?.fields ?? {};
    return reply({ formError: result.code, fields, values: echo(form) }, result.code === "INVALID" ? 400 : 409);
  }
  return redirect(`/collateral/cases/${caseId}?done=${intent === "cost" ? "cost" : "payment"}#section-inputs`);
}

export default function DisposalCasePage() {
  const { t } = useTranslation();
  const { view, inputs, today: todayDate } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-xl font-semibold">{t("cases.page.title", { reference: view.case.loanReference })}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("cases.page.lead")}</p>
        </div>
        <Link to={`/collateral/loans/${view.case.loanId}`} className="btn-secondary">
          {t("cases.page.backToLoan")}
        </Link>
      </div>
      <CaseFacts view={view} />
      <NextStepCard view={view} />
      <AttemptHistory view={view} />
      {done === "cost" || done === "payment" ? <Notice tone="success">{t(`recoveryInputs.done.${done}`)}</Notice> : null}
      <RecoveryInputs inputs={inputs} today={todayDate} reply={reply} />
    </div>
  );
}
