import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { idOr404, loadLoanPage } from "~/components/collateral/loan-page.server";
import { LoanView } from "~/components/collateral/loan-view";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const [base] = pageTitle(matches, "collateral.shared.title");
  const title = base && "title" in base ? base.title : "";
  return [{ title: data ? `${data.detail.loan.reference} · ${title}` : title }];
};

/** A loan whose loss the caller shares: the bank's page, without its forms. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "risk:read");
  return json(await loadLoanPage(context, principal, idOr404(params.loanId)));
}

export default function SharedLoan() {
  const { t } = useTranslation();
  const { viewer } = useRootData();
  const { detail, alerts } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <Link to="/shared-loans" className="text-sm text-brand-700 underline">
        ← {t("collateral.shared.title")}
      </Link>
      <LoanView detail={detail} alerts={alerts} viewerOrganisationId={viewer?.organisation.id ?? ""} />
    </div>
  );
}
