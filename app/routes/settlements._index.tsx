import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { Money } from "~/components/collateral/format";
import { StatusBadge } from "~/components/settlements/status-badge";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";
import { PageHeading } from "~/components/page-heading";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settlements.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  return json({ settlements: jsonSafe(await context.services.settlements.list(principal)) });
}

/** The caller's settlements as buyer or seller (operators and auditors: all). */
export default function Settlements() {
  const { t } = useTranslation();
  const { settlements } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeading title={t("settlements.title")} lead={t("settlements.lead")} />
      <section className="card">
        {settlements.length === 0 ? (
          <p className="text-sm text-slate-600">{t("settlements.empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("settlements.columns.lot")}</th>
                  <th>{t("settlements.columns.buyer")}</th>
                  <th>{t("settlements.columns.seller")}</th>
                  <th className="text-right">{t("settlements.columns.price")}</th>
                  <th className="text-right">{t("settlements.columns.balanceDue")}</th>
                  <th>{t("settlements.columns.dueAt")}</th>
                  <th>{t("settlements.columns.status")}</th>
                </tr>
              </thead>
              <tbody>
                {settlements.map((s) => (
                  <tr key={s.id} data-settlement={s.id}>
                    <td>
                      <Link to={`/settlements/${s.id}`} className="font-medium text-brand-700 hover:underline">
                        {s.title}
                      </Link>
                    </td>
                    <td>{s.buyerName}</td>
                    <td>{s.sellerName}</td>
                    <td className="text-right tabular-nums">
                      <Money amount={s.price} currency={s.currency} />
                    </td>
                    <td className="text-right tabular-nums">
                      <Money amount={s.balanceDue} currency={s.currency} />
                    </td>
                    <td className="whitespace-nowrap">
                      <Time value={s.dueAt} />
                    </td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
