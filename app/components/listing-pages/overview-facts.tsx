import { useTranslation } from "react-i18next";
import { publishedScoring } from "../../../server/domain/schemas/listings";
import { Money, useFormat } from "~/components/collateral/format";
import { isAuctionLike } from "~/components/listing-pages/rules";
import { ScoringSummary } from "~/components/tender/scoring";
import { Time } from "~/components/time";

/** Terms as stored (amounts in minor units, times ISO); read loosely, shown field by field. */
export type Terms = Record<string, unknown> & { tender?: { openingAt?: string; evaluation?: string } };

type ListingFacts = { mode: string; price: number; currency: string; appraisal: number | null; announceAt: string | null; opensAt: string | null; closesAt: string | null };

const PRICE_LABEL: Record<string, string> = {
  english_auction: "startPrice",
  tender: "startPrice",
  listed_transfer: "postedPrice",
  fixed_price: "fixedPrice",
  licence: "upfrontFee",
  equity: "askingValue",
  negotiated_discount: "proposedValue",
};

export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}

/** The price, the mode's terms and the listing's dates; beside them, what the price rests on. */
export function TermsAndValuation({ listing: l, terms }: { listing: ListingFacts; terms: Terms }) {
  const { t } = useTranslation();
  return (
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
  );
}

const num = (v: unknown) => (typeof v === "number" ? v : null);
const str = (v: unknown) => (typeof v === "string" ? v : null);

/** The mode's own terms, beyond price and dates. */
function TermFacts({ terms, mode, currency }: { terms: Terms; mode: string; currency: string }) {
  const { t } = useTranslation();
  if (isAuctionLike(mode)) {
    const stepped = terms.incrementKind === "stepped";
    const scoring = publishedScoring(terms);
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
        {scoring ? (
          <div className="sm:col-span-2">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{t("tender.scoring.title")}</dt>
            <dd className="mt-0.5">
              <ScoringSummary scoring={scoring} />
            </dd>
          </div>
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
