import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { valueOf } from "../../server/domain/result";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { AttemptHistory, CaseFacts } from "~/components/disposal-case/case-view";
import { NextStepCard } from "~/components/disposal-case/next-step";
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
  const result = await context.services.disposalCases.get(principal, idOr404(params.caseId));
  if (!result.ok) throw notFound();
  return json({ view: jsonSafe(valueOf(result)) });
}

export default function DisposalCasePage() {
  const { t } = useTranslation();
  const { view } = useLoaderData<typeof loader>();
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
    </div>
  );
}
