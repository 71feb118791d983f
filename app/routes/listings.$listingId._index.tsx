import { type ActionFunctionArgs, type LoaderFunctionArgs, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { jsonSafe } from "../../server/domain/money";
import { LegalStatusBadge } from "~/components/collateral/badges";
import { Money, useFormat } from "~/components/collateral/format";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { RuleList, isAuctionLike } from "~/components/listing-pages/rules";
import { sellerAction } from "~/components/listing-pages/seller-actions.server";
import { Time } from "~/components/time";
import { optionalUser } from "~/utils/auth.server";

/** Terms as stored (amounts in minor units, times ISO); read loosely, shown field by field. */
type Terms = Record<string, unknown> & { tender?: { openingAt?: string; evaluation?: string } };

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
      title: l.title,
      mode: l.mode,
      preset: l.preset,
      status: l.status,
      price: l.price,
      currency: l.currency,
      appraisal: l.appraisal,
      attempt: l.attempt,
      region: l.region,
      announceAt: l.announceAt,
      opensAt: l.opensAt,
      closesAt: l.closesAt,
      reviewReason: own && l.status === "draft" ? l.reviewReason : null,
    }),
    terms,
    assets: jsonSafe(
      assets.map((a) => ({ id: a.id, type: a.type, registryNumber: a.registryNumber, title: a.title, legalStatus: a.legalStatus, classes: a.classes, owners: a.owners, expiresOn: a.expiresOn })),
    ),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return sellerAction(request, context, () => `/listings/${params.listingId}`);
}

const PRICE_LABEL: Record<string, string> = {
  english_auction: "startPrice",
  tender: "startPrice",
  listed_transfer: "postedPrice",
  fixed_price: "fixedPrice",
  licence: "upfrontFee",
  equity: "askingValue",
  negotiated_discount: "proposedValue",
};

export default function ListingPage() {
  const { t } = useTranslation();
  const { listing: l, terms, assets, own, canManage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const ctx = { mode: l.mode, preset: l.preset, appraisal: l.appraisal, attempt: l.attempt, previousStart: null };
  const extra = isAuctionLike(l.mode) ? [terms.reserve === undefined ? t("listings.explain.reserveHidden") : terms.reserve === null ? t("listings.explain.noReserve") : ""].filter(Boolean) : [];
  return (
    <div className="space-y-6">
      {done === "created" ? <Notice tone="success">{t("listings.mine.created")}</Notice> : null}
      {done === "submitted" || done === "withdrawn" ? <Notice tone="success">{t(`listings.mine.${done}`)}</Notice> : null}
      {own ? <SellerBox status={l.status} id={l.id} reason={l.reviewReason} canManage={canManage} formError={reply?.formError ?? null} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="card lg:col-span-2" aria-labelledby="terms">
          <h2 id="terms" className="text-lg font-semibold">
            {t("listings.page.terms")}
          </h2>
          <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <Fact label={t(`listings.page.${PRICE_LABEL[l.mode] ?? "price"}`)}>
              <Money amount={l.price} currency={l.currency} className="text-lg font-semibold" />
            </Fact>
            <TermFacts terms={terms} mode={l.mode} currency={l.currency} />
            <Fact label={t("listings.page.announceAt")}>
              <Time value={l.announceAt} />
            </Fact>
            {isAuctionLike(l.mode) ? (
              <Fact label={t("listings.page.opensAt")}>
                <Time value={l.opensAt} />
              </Fact>
            ) : null}
            <Fact label={t(isAuctionLike(l.mode) ? "listings.page.closesAt" : "listings.page.offersClose")}>
              <Time value={l.closesAt} />
            </Fact>
          </dl>
        </section>
        <section className="card" aria-labelledby="valuation">
          <h2 id="valuation" className="text-lg font-semibold">
            {t("listings.page.valuation")}
          </h2>
          <ValuationBasis appraisal={l.appraisal} price={l.price} currency={l.currency} />
        </section>
      </div>
      <RuleList ctx={ctx} extra={extra} />
      <section className="card" aria-labelledby="rights">
        <h2 id="rights" className="text-lg font-semibold">
          {t("listings.page.rights")}
        </h2>
        <div className="mt-4 overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{t("listings.page.registryNumber")}</th>
                <th>{t("listings.page.rightTitle")}</th>
                <th>{t("listings.page.type")}</th>
                <th>{t("listings.page.legalStatus")}</th>
                <th>{t("listings.page.classes")}</th>
                <th>{t("listings.page.owners")}</th>
                <th>{t("listings.page.expiresOn")}</th>
              </tr>
            </thead>
            <tbody>
              {assets.map((a) => (
                <tr key={a.id}>
                  <td className="whitespace-nowrap font-mono text-xs">{a.registryNumber}</td>
                  <td>{a.title}</td>
                  <td className="whitespace-nowrap text-slate-600">{t(`collateral.assetType.${a.type}`)}</td>
                  <td>
                    <LegalStatusBadge status={a.legalStatus} />
                  </td>
                  <td className="text-slate-600">{a.classes.join(", ") || "—"}</td>
                  <td className="text-slate-600">{a.owners.join("; ")}</td>
                  <td className="whitespace-nowrap tabular-nums">{a.expiresOn ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}

const num = (v: unknown) => (typeof v === "number" ? v : null);
const str = (v: unknown) => (typeof v === "string" ? v : null);

/** The mode's own terms, beyond price and dates. */
function TermFacts({ terms, mode, currency }: { terms: Terms; mode: string; currency: string }) {
  const { t } = useTranslation();
  if (isAuctionLike(mode)) {
    const stepped = terms.incrementKind === "stepped";
    return (
      <>
        <Fact label={t("listings.page.deposit")}>
          <Money amount={num(terms.deposit)} currency={currency} />
        </Fact>
        <Fact label={t("listings.page.increment")}>{stepped ? t("listings.incrementKind.stepped") : <Money amount={num(terms.increment)} currency={currency} />}</Fact>
        <Fact label={t("listings.page.reserve")}>{terms.reserve === undefined ? t("listings.page.reserveHidden") : <Money amount={num(terms.reserve)} currency={currency} />}</Fact>
        <Fact label={t("listings.page.antiSniping")}>{t("listings.page.antiSnipingValue", { window: (num(terms.antiSnipeWindowSeconds) ?? 0) / 60, extension: (num(terms.antiSnipeExtensionSeconds) ?? 0) / 60 })}</Fact>
        <Fact label={t("listings.page.proxyBids")}>{terms.proxyBids ? t("listings.page.yes") : t("listings.page.no")}</Fact>
        {terms.tender ? (
          <Fact label={t("listings.page.openingAt")}>
            <Time value={terms.tender.openingAt ?? null} /> · {t(`listings.evaluation.${terms.tender.evaluation ?? "price"}`)}
          </Fact>
        ) : null}
      </>
    );
  }
  if (mode === "licence") {
    return (
      <>
        <Fact label={t("listings.page.licenceKind")}>{t(`listings.licenceKind.${str(terms.kind) ?? "non_exclusive"}`)}</Fact>
        <Fact label={t("listings.page.fieldOfUse")}>{str(terms.fieldOfUse)}</Fact>
        <Fact label={t("listings.page.territory")}>{str(terms.territory)}</Fact>
        <Fact label={t("listings.page.term")}>{t("listings.page.termValue", { months: num(terms.termMonths) ?? 0 })}</Fact>
        <Fact label={t("listings.page.royalty")}>{`${((num(terms.royaltyBps) ?? 0) / 100).toFixed(2)}%`}</Fact>
        <Fact label={t("listings.page.minimumAnnualRoyalty")}>
          <Money amount={num(terms.minimumAnnualRoyalty)} currency={currency} />
        </Fact>
      </>
    );
  }
  if (mode === "equity") return str(terms.conditions) ? <Fact label={t("listings.page.conditions")}>{str(terms.conditions)}</Fact> : null;
  return (
    <>
      <Fact label={t("listings.page.takerName")}>{str(terms.takerName)}</Fact>
      <Fact label={t("listings.page.pledgorPartyName")}>{str(terms.pledgorPartyName)}</Fact>
    </>
  );
}

function ValuationBasis({ appraisal, price, currency }: { appraisal: number | null; price: number; currency: string }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  if (appraisal === null) return <p className="mt-4 text-sm text-slate-600">{t("listings.page.noAppraisal")}</p>;
  return (
    <div className="mt-4 space-y-2 text-sm">
      <p className="text-slate-600">{t("listings.page.appraisal")}</p>
      <p className="text-xl font-semibold tabular-nums">{money(appraisal, currency)}</p>
      {appraisal > 0 ? <p className="text-slate-600">{t("listings.page.startOfAppraisal", { percent: `${((price / appraisal) * 100).toFixed(1)}%` })}</p> : null}
    </div>
  );
}

/** Submit / withdraw, and the operator's reason after a rejection: only the seller sees this. */
function SellerBox({ status, id, reason, canManage, formError }: { status: string; id: string; reason: string | null; canManage: boolean; formError: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="card border-brand-100 bg-brand-50/40" aria-labelledby="seller" data-testid="seller-box">
      <h2 id="seller" className="text-lg font-semibold">
        {t("listings.page.seller")}
      </h2>
      <p className="text-sm text-slate-600">{t("listings.page.sellerLead")}</p>
      <div className="mt-3 space-y-3">
        <FormError code={formError} />
        {reason ? <Notice tone="warning">{t("listings.page.reviewReason", { reason })}</Notice> : null}
        {status === "draft" ? <p className="text-sm text-slate-700">{t("listings.page.draftHint")}</p> : null}
        {status === "in_review" ? <p className="text-sm text-slate-700">{t("listings.page.inReviewHint")}</p> : null}
        <div className="flex flex-wrap gap-2">
          {canManage && status === "draft" ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="id" value={id} />
              <button name="intent" value="submit" className="btn-primary">
                {t("listings.mine.submit")}
              </button>
            </Form>
          ) : null}
          {canManage && ["draft", "in_review", "announced", "open"].includes(status) ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="id" value={id} />
              <button name="intent" value="withdraw" className="btn-danger">
                {t("listings.mine.withdraw")}
              </button>
            </Form>
          ) : null}
          <Link to="/listings" className="btn-secondary">
            {t("listings.page.backToMine")}
          </Link>
        </div>
      </div>
    </section>
  );
}
