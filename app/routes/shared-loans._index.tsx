import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { LoanFigureCells } from "~/components/collateral/loan-figure-cells";
import { formatPercentBps } from "~/components/collateral/format";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";
import { PageHeading } from "~/components/page-heading";
import { TableCard } from "~/components/table-card";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "collateral.shared.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "risk:read");
  return json({ loans: jsonSafe(await context.services.loans.shared(principal)) });
}

/** For guarantors, funds and insurers: the loans whose loss they share, read-only. */
export default function SharedLoans() {
  const { t } = useTranslation();
  const { loans } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeading title={t("collateral.shared.title")} lead={t("collateral.shared.lead")} />
      <TableCard
        empty={t("collateral.shared.empty")}
        rows={loans.length}
        head={
          <>
            <th className="whitespace-nowrap">{t("collateral.portfolio.reference")}</th>
            <th className="whitespace-nowrap">{t("collateral.portfolio.borrower")}</th>
            <th className="whitespace-nowrap">{t("collateral.portfolio.status")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.money.exposure")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.money.collateral")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.money.coverage")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.shared.myShare")}</th>
            <th className="whitespace-nowrap text-right">{t("collateral.portfolio.alerts")}</th>
          </>
        }
      >
        {loans.map((l) => (
          <tr key={l.id} data-loan={l.reference}>
            <LoanFigureCells loan={l} href={`/shared-loans/${l.id}`} />
            <td className="text-right font-semibold tabular-nums" data-testid="my-share">
              {formatPercentBps(l.myShareBps)}
            </td>
            <td className={`text-right tabular-nums ${l.criticalAlerts > 0 ? "font-semibold text-red-700" : ""}`}>{l.openAlerts}</td>
          </tr>
        ))}
      </TableCard>
    </div>
  );
}
