import { type ActionFunctionArgs, type LoaderFunctionArgs, json } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, Notice } from "~/components/field";
import { type OfferReply, offersAction } from "~/components/listing-pages/offers/action.server";
import { loadOffersTab } from "~/components/listing-pages/offers/load.server";
import { ModeOffers, ModeTerms } from "~/components/listing-pages/offers/mode-sections";
import { AwardNotice, JoinGate } from "~/components/listing-pages/offers/shared";
import { optionalUser } from "~/utils/auth.server";

/** The listing's offers tab: public to read, its action only for signed-in organisations. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  return json(await loadOffersTab(context, principal, params.listingId));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return offersAction(request, context, params.listingId);
}

const DONE = new Set(["intent", "intentCard", "applied", "proposed", "confirmed", "declined", "accepted", "registered", "creditBid", "holderNamed", "holderRemoved"]);

export default function ListingOffers() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<OfferReply>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const { listing, viewer, offers } = data;
  return (
    <div className="space-y-6">
      {done && DONE.has(done) ? <Notice tone="success">{t(`offers.done.${done}`)}</Notice> : null}
      <FormError code={reply?.formError} />
      {listing.status === "awarded" ? <AwardNotice award={offers?.award ?? null} currency={listing.currency} /> : null}
      <ModeTerms listing={listing} offers={offers} viewer={viewer} />
      {!viewer || viewer.unverified ? <JoinGate signedIn={Boolean(viewer)} listingId={listing.id} bidding={listing.mode === "english_auction" || listing.mode === "tender"} /> : null}
      {offers ? <ModeOffers data={data} offers={offers} /> : null}
    </div>
  );
}
