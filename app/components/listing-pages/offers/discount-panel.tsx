import { useTranslation } from "react-i18next";
import { Badge } from "~/components/collateral/badges";
import { Money } from "~/components/collateral/format";
import { Time } from "~/components/time";
import type { OffersTab, TabOffers } from "./load.server";
import { CommandButton, Fact, Panel } from "./shared";

type Confirmation = TabOffers["confirmations"][number];
const ROLES = ["creditor", "pledgor"] as const;

/**
 * A negotiated discount: the creditor's proposed value and taker, and each side's answer. The creditor
 * (the seller) and the pledgor each confirm or decline once; both confirmations conclude it.
 */
export function DiscountPanel({ listing, confirmations, myRole, open }: { listing: OffersTab["listing"]; confirmations: Confirmation[]; myRole: "creditor" | "pledgor" | null; open: boolean }) {
  const { t } = useTranslation();
  const answered = myRole ? confirmations.some((c) => c.role === myRole) : true;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return (
    <Panel title={t("offers.discount.title")} lead={t("offers.discount.lead")} testId="discount">
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
        <Fact label={t("offers.discount.value")}>
          <Money amount={listing.price} currency={listing.currency} className="text-lg font-semibold" />
        </Fact>
        <Fact label={t("offers.discount.taker")}>{str(listing.terms.takerName)}</Fact>
        <Fact label={t("offers.discount.pledgor")}>{str(listing.terms.pledgorPartyName)}</Fact>
      </dl>
      {myRole || confirmations.length > 0 ? (
        <ul className="space-y-2 text-sm" data-testid="confirmations">
          {ROLES.map((role) => (
            <ConfirmationLine key={role} role={role} confirmation={confirmations.find((c) => c.role === role)} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">{t("offers.discount.partiesOnly")}</p>
      )}
      {myRole && !answered && open ? (
        <div className="flex flex-wrap gap-2">
          <CommandButton intent="confirm-discount" label={t("offers.discount.confirm")} />
          <CommandButton intent="decline-discount" label={t("offers.discount.decline")} tone="danger" />
        </div>
      ) : null}
    </Panel>
  );
}

function ConfirmationLine({ role, confirmation }: { role: (typeof ROLES)[number]; confirmation: Confirmation | undefined }) {
  const { t } = useTranslation();
  return (
    <li className="flex flex-wrap items-center gap-2">
      <span className="w-28 font-medium">{t(`offers.discount.role.${role}`)}</span>
      {!confirmation ? (
        <Badge tone="amber">{t("offers.discount.waiting")}</Badge>
      ) : (
        <>
          <Badge tone={confirmation.confirmed ? "green" : "red"}>{t(confirmation.confirmed ? "offers.discount.confirmed" : "offers.discount.declined")}</Badge>
          <span className="text-slate-600">
            {t("offers.discount.by", { name: confirmation.confirmedByName })} · <Time value={confirmation.at} />
          </span>
        </>
      )}
    </li>
  );
}
