import { type ActionFunctionArgs, type LoaderFunctionArgs, json } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { Notice } from "~/components/field";
import { EncumbranceSection } from "~/components/listing-pages/encumbrances";
import { loadEncumbrances } from "~/components/listing-pages/encumbrances.server";
import { type Terms, TermsAndValuation } from "~/components/listing-pages/overview-facts";
import { RightsTable } from "~/components/listing-pages/rights-table";
import { RuleList, isAuctionLike } from "~/components/listing-pages/rules";
import { SellerBox } from "~/components/listing-pages/seller-box";
import { sellerAction } from "~/components/listing-pages/seller-actions.server";
import { RecordFingerprint } from "~/components/live-room/record-fingerprint";
import { optionalUser } from "~/utils/auth.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  const id = idOr404(params.listingId);
  const result = await context.services.listings.get(principal, id);
  if (!result.ok) throw notFound();
  const { listing: l, assets, own } = result;
  const terms = { ...(l.terms as Terms) };
  // A hidden reserve is the seller's secret: it never leaves the server for anyone else.
  if (!own && terms.reserveHidden !== false) delete terms.reserve;
  return json({
    own,
    canManage: own && Boolean(principal?.permissions.has("listing:create")),
    listing: jsonSafe({
      id: l.id,
      mode: l.mode,
      preset: l.preset,
      status: l.status,
      price: l.price,
      currency: l.currency,
      appraisal: l.appraisal,
      attempt: l.attempt,
      announceAt: l.announceAt,
      opensAt: l.opensAt,
      closesAt: l.closesAt,
      reviewReason: own && l.status === "draft" ? l.reviewReason : null,
    }),
    terms,
    assets: jsonSafe(
      assets.map((a) => ({ id: a.id, type: a.type, registryNumber: a.registryNumber, title: a.title, legalStatus: a.legalStatus, classes: a.classes, owners: a.owners, expiresOn: a.expiresOn })),
    ),
    encumbrances: await loadEncumbrances(context, principal, l),
    record: l.mode === "english_auction" ? await context.services.bids.finalRecord(l.id) : null,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return sellerAction(request, context, () => `/listings/${params.listingId}`);
}

export default function ListingPage() {
  const { t } = useTranslation();
  const { listing: l, terms, assets, encumbrances, own, canManage, record } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const ctx = { mode: l.mode, preset: l.preset, appraisal: l.appraisal, attempt: l.attempt, previousStart: null };
  const extra = isAuctionLike(l.mode) ? [terms.reserve === undefined ? t("listings.explain.reserveHidden") : terms.reserve === null ? t("listings.explain.noReserve") : ""].filter(Boolean) : [];
  return (
    <div className="space-y-6">
      {done === "created" || done === "edited" ? <Notice tone="success">{t(`listings.mine.${done}`)}</Notice> : null}
      {done === "submitted" || done === "withdrawn" ? <Notice tone="success">{t(`listings.mine.${done}`)}</Notice> : null}
      {own ? <SellerBox status={l.status} id={l.id} reason={l.reviewReason} canManage={canManage} formError={reply?.formError ?? null} /> : null}
      <TermsAndValuation listing={l} terms={terms} />
      <RuleList ctx={ctx} extra={extra} />
      <RightsTable assets={assets} />
      <EncumbranceSection rights={assets} encumbrances={encumbrances} />
      {record ? <RecordFingerprint record={record} /> : null}
    </div>
  );
}
