import { useTranslation } from "react-i18next";
import { Badge } from "~/components/collateral/badges";
import { Money } from "~/components/collateral/format";
import type { OffersTab } from "./load.server";
import { type CardOffer, CardChoice, DepositPayment } from "./deposit-payment";
import { CommandButton, Fact, Panel } from "./shared";

type Listing = OffersTab["listing"];
type Mine = NonNullable<OffersTab["registration"]>["mine"];
export type Registration = NonNullable<Mine["registration"]>;

const DEPOSIT_TONES = { requested: "amber", confirmed: "green", released: "slate", forfeited: "red", applied: "blue" } as const;

export function DepositStatusBadge({ status }: { status: Registration["status"] }) {
  const { t } = useTranslation();
  return <Badge tone={DEPOSIT_TONES[status]}>{t(`offers.register.status.${status}`)}</Badge>;
}

/** What anyone may read: the deposit, and how registering to bid works. */
export function RegisterTerms({ listing }: { listing: Listing }) {
  const { t } = useTranslation();
  return (
    <Panel title={t("offers.register.title")} lead={t("offers.register.lead")}>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        <Fact label={t("offers.register.deposit")}>
          <Money amount={typeof listing.terms.deposit === "number" ? listing.terms.deposit : null} currency={listing.currency} className="text-lg font-semibold" />
        </Fact>
        <Fact label={t("offers.register.startPrice")}>
          <Money amount={listing.price} currency={listing.currency} />
        </Fact>
      </dl>
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        {(["request", "transfer", "confirm", "release"] as const).map((step) => (
          <li key={step}>{t(`offers.register.steps.${step}`)}</li>
        ))}
      </ol>
    </Panel>
  );
}

/** The caller's registration: its state, code once confirmed, amount (or credit cap) and the reference to quote. */
function RegistrationFacts({ registration: r }: { registration: Registration }) {
  const { t } = useTranslation();
  const credit = r.method === "credit_bid";
  return (
    <>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <Fact label={t("offers.register.state")}>
          <DepositStatusBadge status={r.status} />
        </Fact>
        <Fact label={t("offers.register.code")}>
          {r.bidderCode ? (
            <span className="font-mono text-lg font-semibold" data-testid="bidder-code">
              {r.bidderCode}
            </span>
          ) : (
            <span className="text-slate-500">{t("offers.register.codeLater")}</span>
          )}
        </Fact>
        <Fact label={credit ? t("offers.register.cap") : t("offers.register.amount")}>
          <Money amount={credit ? r.creditCap : r.amount} currency={r.currency} />
        </Fact>
        {r.reference ? (
          <Fact label={t("offers.register.reference")}>
            <span className="font-mono" data-testid="deposit-reference">
              {r.reference}
            </span>
          </Fact>
        ) : null}
      </dl>
      <p className="text-sm text-slate-700">
        {credit ? t("offers.register.creditHint") : r.status !== "requested" ? t("offers.register.confirmedHint") : r.reference ? t("offers.register.quoteHint", { reference: r.reference }) : null}
      </p>
    </>
  );
}

/**
 * A bidder's side: request the deposit, then quote the reference; the applicant creditor of a judicial sale
 * registers a credit bid up to its claim instead. The seller otherwise cannot bid.
 */
export function MyRegistration({ listing, mine, card, own }: { listing: Listing; mine: Mine; card: CardOffer; own: boolean }) {
  const { t } = useTranslation();
  const r = mine.registration;
  if (r) {
    return (
      <Panel title={t("offers.register.mine")} testId="my-registration">
        <RegistrationFacts registration={r} />
        <DepositPayment registration={r} card={card} closesAt={listing.closesAt} />
      </Panel>
    );
  }
  if (mine.creditClaim !== null) {
    return (
      <Panel title={t("offers.register.creditTitle")} lead={t("offers.register.creditLead")} testId="credit-bid">
        <Fact label={t("offers.register.cap")}>
          <Money amount={mine.creditClaim} currency={listing.currency} className="text-lg font-semibold" />
        </Fact>
        {listing.takingRegistrations ? <CommandButton intent="credit-bid" label={t("offers.register.creditRegister")} /> : <p className="text-sm text-slate-600">{t("offers.register.closed")}</p>}
      </Panel>
    );
  }
  if (own) return null;
  return (
    <Panel title={t("offers.register.mine")} lead={t("offers.register.requestLead")} testId="my-registration">
      {listing.takingRegistrations ? (
        <>
          <CommandButton intent="request-deposit" label={t("offers.register.request")} />
          <CardChoice card={card} />
        </>
      ) : (
        <p className="text-sm text-slate-600">{t("offers.register.closed")}</p>
      )}
    </Panel>
  );
}
