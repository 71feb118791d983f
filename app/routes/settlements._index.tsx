import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { SettlementsHead, SettlementsRows } from "~/components/settlements/settlements-table";
import { TableCard } from "~/components/table-card";
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
      <TableCard empty={t("settlements.empty")} rows={settlements.length} head={<SettlementsHead withParties />}>
        <SettlementsRows settlements={settlements} withParties />
      </TableCard>
    </div>
  );
}
