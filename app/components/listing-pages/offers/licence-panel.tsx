import { useTranslation } from "react-i18next";
import { Time } from "~/components/time";
import { CounterOfferForm } from "./counter-offer-form";
import type { OffersTab, TabOffers } from "./load.server";
import { CommandButton, Decide, type LicenceTerms, LicenceTermsLine, OfferStatusBadge, Panel } from "./shared";

type Listing = OffersTab["listing"];

/** The posted licence and what its kind means for acceptance. */
export function LicencePosted({ listing }: { listing: Listing }) {
  const { t } = useTranslation();
  const kind = typeof listing.terms.kind === "string" ? listing.terms.kind : "non_exclusive";
  return (
    <Panel title={t("offers.licence.title")} lead={t(kind === "non_exclusive" ? "offers.licence.severalWin" : "offers.licence.oneWins")}>
      <p className="text-sm">
        <span className="font-medium">{t(`listings.licenceKind.${kind}`)}</span> · <LicenceTermsLine terms={listing.terms as LicenceTerms} currency={listing.currency} />
      </p>
    </Panel>
  );
}

/** A licensee: apply as posted or counter-offer, then follow its applications and agreements. */
export function LicenceParticipant({ listing, offers, open }: { listing: Listing; offers: TabOffers; open: boolean }) {
  const { t } = useTranslation();
  const pending = offers.applications.some((a) => a.status === "pending");
  return (
    <>
      {open && !pending ? (
        <Panel title={t("offers.licence.applyTitle")} lead={t("offers.licence.applyLead")}>
          <CommandButton intent="apply" label={t("offers.licence.apply")} />
          <h3 className="pt-2 text-sm font-semibold text-slate-800">{t("offers.licence.counterTitle")}</h3>
          <CounterOfferForm posted={listing.terms as LicenceTerms} currency={listing.currency} />
        </Panel>
      ) : null}
      <ApplicationList applications={offers.applications} agreements={offers.agreements} currency={listing.currency} all={false} decide={false} />
    </>
  );
}

type Application = TabOffers["applications"][number];
type Agreement = TabOffers["agreements"][number];

/** Applications (with the applicant's name for the seller) and the agreements they became. */
export function ApplicationList({ applications, agreements, currency, all, decide }: { applications: Application[]; agreements: Agreement[]; currency: string; all: boolean; decide: boolean }) {
  const { t } = useTranslation();
  return (
    <Panel title={t(all ? "offers.seller.applications" : "offers.licence.mine")} testId="applications">
      {applications.length === 0 ? <p className="text-sm text-slate-600">{t("offers.licence.none")}</p> : null}
      <ul className="divide-y divide-slate-100">
        {applications.map((a) => (
          <li key={a.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="application">
            <div className="min-w-0 flex-1 space-y-1 text-sm">
              <p className="flex flex-wrap items-center gap-2">
                {all ? <span className="font-medium">{a.organisationName}</span> : null}
                <span className="text-slate-600">{t(`offers.licence.kind.${a.kind}`)}</span>
                <OfferStatusBadge status={a.status} />
              </p>
              <LicenceTermsLine terms={a.terms as LicenceTerms} currency={currency} />
              <p className="text-xs text-slate-500">
                {t("offers.submittedAt")} <Time value={a.createdAt} />
              </p>
            </div>
            {decide ? <Decide kind="application" id={a.id} status={a.status} /> : null}
          </li>
        ))}
      </ul>
      {agreements.length > 0 ? (
        <div data-testid="agreements">
          <h3 className="text-sm font-semibold text-slate-800">{t("offers.licence.agreements")}</h3>
          <ul className="mt-2 space-y-1 text-sm">
            {agreements.map((g) => (
              <li key={g.id}>
                {t("offers.licence.agreement", { organisation: g.organisationName, kind: t(`listings.licenceKind.${g.kind}`) })} · <Time value={g.createdAt} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Panel>
  );
}
