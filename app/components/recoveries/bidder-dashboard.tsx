import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JsonSafe } from "../../../server/domain/money";
import type { bidderPortfolio } from "../../../server/services/recoveries/portfolio-parties";
import { Money } from "~/components/collateral/format";
import { SettlementsHead, SettlementsRows } from "~/components/settlements/settlements-table";
import { Time } from "~/components/time";
import { PaymentsTable } from "./payments-table";
import { Section } from "./parts";

type BidderPortfolio = JsonSafe<Awaited<ReturnType<typeof bidderPortfolio>>>;

/** A bidder's deposits, the settlements it owes as buyer, and its payments. */
export function BidderDashboard({ bidder }: { bidder: BidderPortfolio }) {
  const { t } = useTranslation();
  const empty = (key: string) => <p className="text-sm text-slate-600">{t(`recoveries.empty.${key}`)}</p>;
  return (
    <div className="space-y-6">
      <Section title={t("recoveries.sections.settlements")} csv="settlements">
        {bidder.settlements.length === 0 ? (
          empty("settlements")
        ) : (
          <table className="table">
            <thead>
              <tr>
                <SettlementsHead withParties={false} />
              </tr>
            </thead>
            <tbody>
              <SettlementsRows settlements={bidder.settlements} withParties={false} />
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t("recoveries.sections.deposits")} csv="deposits">
        {bidder.deposits.length === 0 ? (
          empty("deposits")
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t("recoveries.columns.lot")}</th>
                <th>{t("recoveries.columns.method")}</th>
                <th className="text-right">{t("recoveries.columns.amount")}</th>
                <th>{t("recoveries.columns.date")}</th>
                <th>{t("recoveries.columns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {bidder.deposits.map((d) => (
                <tr key={d.listingId}>
                  <td>
                    <Link to={`/listings/${d.listingId}`} className="font-medium text-brand-700 hover:underline">
                      {d.title}
                    </Link>
                  </td>
                  <td>{t(`recoveries.method.${d.method}`, { defaultValue: d.method })}</td>
                  <td className="text-right">
                    <Money amount={d.amount} currency={d.currency} />
                  </td>
                  <td className="whitespace-nowrap">
                    <Time value={d.requestedAt} />
                  </td>
                  <td>{t(`offers.deposits.status.${d.status}`, { defaultValue: d.status })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t("recoveries.sections.payments")} csv="payments">
        {bidder.payments.length === 0 ? empty("payments") : <PaymentsTable payments={bidder.payments} />}
      </Section>
    </div>
  );
}
