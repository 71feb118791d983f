import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { Time } from "~/components/time";
import { type SettlementStatus, StatusBadge } from "./status-badge";

type SettlementRow = { id: string; title: string; currency: string; price: number; balanceDue: number; dueAt: string; status: SettlementStatus; buyerName?: string; sellerName?: string };

/** The header cells of a settlements table; the parties' columns only where the rows name them. */
export function SettlementsHead({ withParties }: { withParties: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <th>{t("settlements.columns.lot")}</th>
      {withParties && <th>{t("settlements.columns.buyer")}</th>}
      {withParties && <th>{t("settlements.columns.seller")}</th>}
      <th className="text-right">{t("settlements.columns.price")}</th>
      <th className="text-right">{t("settlements.columns.balanceDue")}</th>
      <th>{t("settlements.columns.dueAt")}</th>
      <th>{t("settlements.columns.status")}</th>
    </>
  );
}

/** One row per settlement, linking to it: the settlements page and a bidder's dashboard list them alike. */
export function SettlementsRows({ settlements, withParties }: { settlements: SettlementRow[]; withParties: boolean }) {
  return (
    <>
      {settlements.map((s) => (
        <tr key={s.id} data-settlement={s.id}>
          <td>
            <Link to={`/settlements/${s.id}`} className="font-medium text-brand-700 hover:underline">
              {s.title}
            </Link>
          </td>
          {withParties && <td>{s.buyerName}</td>}
          {withParties && <td>{s.sellerName}</td>}
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
    </>
  );
}
