import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { DiscountPanel } from "./discount-panel";
import { EquityProposalForm, ProposalList } from "./equity-panel";
import { ApplicationList, LicenceParticipant, LicencePosted } from "./licence-panel";
import type { OffersTab, TabOffers } from "./load.server";
import { MyRegistration, RegisterTerms } from "./register-panel";
import { BidderTable, PriorityRightsPanel } from "./register-seller";
import { Fact, Panel } from "./shared";
import { IntentTable, MyIntent, TransferTerms } from "./transfer-panel";

type Listing = OffersTab["listing"];

/** What anyone may read: the mode's terms and how it is decided. */
export function ModeTerms({ listing, offers, viewer }: { listing: Listing; offers: TabOffers | null; viewer: OffersTab["viewer"] }) {
  const { t } = useTranslation();
  if (listing.mode === "listed_transfer" || listing.mode === "fixed_price") return <TransferTerms listing={listing} />;
  if (listing.mode === "licence") return <LicencePosted listing={listing} />;
  if (listing.mode === "english_auction" || listing.mode === "tender") return <RegisterTerms listing={listing} />;
  if (listing.mode === "negotiated_discount") {
    const role = viewer?.mayTakePart && offers ? ({ seller: "creditor", pledgor: "pledgor" } as const)[offers.viewer as "seller" | "pledgor"] ?? null : null;
    return <DiscountPanel listing={listing} confirmations={offers?.confirmations ?? []} myRole={role} open={listing.takingOffers} />;
  }
  if (listing.mode !== "equity") return null;
  return (
    <Panel title={t("offers.equity.termsTitle")} lead={t("offers.equity.howItWorks")}>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        <Fact label={t("offers.equity.askingValue")}>
          <Money amount={listing.price} currency={listing.currency} className="text-lg font-semibold" />
        </Fact>
        {typeof listing.terms.conditions === "string" && listing.terms.conditions ? <Fact label={t("offers.equity.conditions")}>{listing.terms.conditions}</Fact> : null}
      </dl>
    </Panel>
  );
}

/**
 * The offers the viewer may see, by mode: every offer with its counterparty for the seller (who decides)
 * and operators (who only read); a participant's own offers and the forms to make one.
 */
export function ModeOffers({ data, offers }: { data: OffersTab; offers: TabOffers }) {
  const { listing: l, viewer, valuations } = data;
  const all = offers.viewer === "seller" || offers.viewer === "operator";
  const decide = offers.viewer === "seller" && Boolean(viewer?.mayDecide) && l.takingOffers;
  const takesPart = !all && Boolean(viewer?.mayTakePart);
  switch (l.mode) {
    case "listed_transfer":
    case "fixed_price":
      if (all) return <IntentTable intents={offers.intents} currency={l.currency} />;
      return takesPart ? <MyIntent intent={offers.intents[0]} listing={l} mayRegister={l.takingIntents} card={data.intentCard} /> : null;
    case "licence":
      if (all) return <ApplicationList applications={offers.applications} agreements={offers.agreements} currency={l.currency} all decide={decide} />;
      return takesPart ? <LicenceParticipant listing={l} offers={offers} open={l.takingOffers} /> : null;
    case "equity":
      if (all) return <ProposalList proposals={offers.proposals} currency={l.currency} all decide={decide} />;
      if (!takesPart) return null;
      return (
        <>
          {l.takingOffers ? <EquityProposalForm valuations={valuations} /> : null}
          <ProposalList proposals={offers.proposals} currency={l.currency} all={false} decide={false} />
        </>
      );
    case "english_auction":
    case "tender":
      return <RegisterToBid data={data} seller={offers.viewer === "seller"} />;
    default:
      return null;
  }
}

/** English auctions and tenders: my registration (or credit bid); for the seller and operators, the bidders and priority-right holders. */
function RegisterToBid({ data, seller }: { data: OffersTab; seller: boolean }) {
  const { listing: l, viewer, registration } = data;
  if (!registration) return null;
  return (
    <>
      {viewer?.mayTakePart ? <MyRegistration listing={l} mine={registration.mine} card={registration.card} own={seller} /> : null}
      {registration.bidders ? <BidderTable bidders={registration.bidders} currency={l.currency} /> : null}
      {registration.priority ? <PriorityRightsPanel priority={registration.priority} seller={seller && Boolean(viewer?.mayDecide)} /> : null}
    </>
  );
}
