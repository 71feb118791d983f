import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { formatPercentBps } from "~/components/collateral/format";
import { BankDashboard } from "~/components/recoveries/bank-dashboard";
import { PlatformDashboard } from "~/components/recoveries/platform-dashboard";
import { BidderDashboard } from "~/components/recoveries/bidder-dashboard";
import { SharerDashboard } from "~/components/recoveries/sharer-dashboard";
import { requireUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recoveries.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  return json(jsonSafe(await context.services.recoveries.portfolio(principal)));
}

/** The caller's dashboard: every bank's recoveries for the platform's staff, a bank's, a risk-sharer's shares, or a bidder's money. */
export default function Recoveries() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("recoveries.title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t(`recoveries.lead.${data.view}`)}</p>
          {data.view !== "bidder" ? <p className="mt-1 text-xs text-slate-500">{t("recoveries.discountNote", { rate: formatPercentBps(data.discountRateBps) })}</p> : null}
        </div>
        {data.view !== "platform" ? (
          <Link to="/statements" className="btn-secondary">
            {t("recoveries.statementNav")}
          </Link>
        ) : null}
      </div>
      {data.view === "platform" && data.platform ? <PlatformDashboard platform={data.platform} /> : null}
      {data.view === "bank" && data.bank ? <BankDashboard bank={data.bank} /> : null}
      {data.view === "sharer" && data.sharer ? <SharerDashboard sharer={data.sharer} /> : null}
      {data.view === "bidder" && data.bidder ? <BidderDashboard bidder={data.bidder} /> : null}
    </div>
  );
}
