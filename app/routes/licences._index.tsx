import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { useFormat } from "~/components/collateral/format";
import { Time } from "~/components/time";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";
import { PageHeading } from "~/components/page-heading";
import { TableCard } from "~/components/table-card";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "royalties.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  return json({ agreements: jsonSafe(await context.services.royalties.agreements(principal)) });
}

/** The caller's licence agreements, as licensee or licensor; each opens its royalty reports. */
export default function Licences() {
  const { t } = useTranslation();
  const { percent } = useFormat();
  const { agreements } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeading title={t("royalties.title")} lead={t("royalties.lead")} />
      <TableCard
        empty={t("royalties.empty")}
        rows={agreements.length}
        head={
          <>
            <th>{t("royalties.columns.listing")}</th>
            <th>{t("royalties.columns.licensee")}</th>
            <th>{t("royalties.columns.kind")}</th>
            <th className="text-right">{t("royalties.columns.rate")}</th>
            <th>{t("royalties.columns.since")}</th>
          </>
        }
      >
        {agreements.map((a) => (
          <tr key={a.id} data-agreement={a.id}>
            <td>
              <Link to={`/licences/${a.id}`} className="font-medium text-brand-700 hover:underline">
                {a.title}
              </Link>
            </td>
            <td>{a.licensee}</td>
            <td>{t(`royalties.kind.${a.kind}`)}</td>
            <td className="text-right tabular-nums">{percent((a.terms as { royaltyBps?: number }).royaltyBps ?? 0)}</td>
            <td className="whitespace-nowrap">
              <Time value={a.createdAt} />
            </td>
          </tr>
        ))}
      </TableCard>
    </div>
  );
}
