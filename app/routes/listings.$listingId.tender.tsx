import { type ActionFunctionArgs, type LoaderFunctionArgs, json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, Notice } from "~/components/field";
import { Time } from "~/components/time";
import { BidPanel, ReceiptCard, TenderRules } from "~/components/tender/panels";
import { TenderResults, VerifyReceipt } from "~/components/tender/results";
import { type TenderReply, loadTenderTab, tenderAction } from "~/components/tender/tender.server";
import { optionalUser } from "~/utils/auth.server";

/** A tender's "Sealed bid" tab: public rules; a bidder's sealed bid, receipt and, after the opening, the ranking and its own verification. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  return json(await loadTenderTab(context, principal, params.listingId));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return tenderAction(request, context, params.listingId);
}

export default function ListingTender() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<TenderReply>();
  const { listing, viewer, results } = data;
  const receipt = reply?.submitted?.receipt ?? data.receipt;
  return (
    <div className="space-y-6">
      <FormError code={reply?.formError} />
      <TenderRules listing={listing} />
      {results ? (
        <>
          <TenderResults results={results} currency={listing.currency} />
          {results.mine ? <VerifyReceipt mine={results.mine} /> : null}
        </>
      ) : (
        <>
          {viewer ? (
            <Notice>
              {t("tender.results.sealed")} <Time value={listing.openingAt} />
            </Notice>
          ) : listing.phase === "closed" ? (
            <Notice>{t("tender.results.signIn")}</Notice>
          ) : null}
          {receipt ? <ReceiptCard receipt={receipt} salt={reply?.submitted?.salt ?? null} /> : null}
          <BidPanel data={data} reply={reply} />
        </>
      )}
    </div>
  );
}
