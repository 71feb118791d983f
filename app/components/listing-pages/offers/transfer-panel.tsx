import { useTranslation } from "react-i18next";
import { Money } from "~/components/collateral/format";
import { Time } from "~/components/time";
import type { OffersTab, TabOffers } from "./load.server";
import { type CardOffer, CardChoice, DepositPayment } from "./deposit-payment";
import { DepositStatusBadge } from "./register-panel";
import { CommandButton, Fact, Panel } from "./shared";

type Listing = OffersTab["listing"];
type Intent = TabOffers["intents"][number];

/** Posted price, deposit and the steps of a listed transfer or fixed-price sale, in plain words. */
export function TransferTerms({ listing }: { listing: Listing }) {
  const { t } = useTranslation();
  const fixed = listing.mode === "fixed_price";
  const steps = fixed ? ["register", "deposit", "confirm", "firstWins"] : ["register", "deposit", "confirm", "noticeEnds"];
  return (
    <Panel title={t(fixed ? "offers.transfer.fixedTitle" : "offers.transfer.title")}>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
        <Fact label={t("offers.transfer.price")}>
          <Money amount={listing.price} currency={listing.currency} className="text-lg font-semibold" />
        </Fact>
        <Fact label={t("offers.transfer.deposit")}>
          <Money amount={typeof listing.terms.deposit === "number" ? listing.terms.deposit : null} currency={listing.currency} />
        </Fact>
        {!fixed ? (
          <Fact label={t("offers.transfer.noticeEnds")}>
            <Time value={listing.opensAt} />
          </Fact>
        ) : null}
      </dl>
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        {steps.map((step) => (
          <li key={step}>{t(`offers.transfer.steps.${step}`)}</li>
        ))}
      </ol>
    </Panel>
  );
}

/** What the buyer reads under its intent, by where its deposit stands. */
function intentHint(intent: Intent): { key: string; reference?: string } {
  if (intent.depositStatus !== "requested") return { key: `offers.transfer.hints.${intent.depositStatus}` };
  return intent.payment?.method === "card" ? { key: "offers.transfer.hints.card" } : { key: "offers.transfer.quoteHint", reference: intent.payment?.reference };
}

/** The buyer's side: register intent (by bank transfer, or a card hold where offered), then pay; the deposit's state as it moves. */
export function MyIntent({ intent, listing, mayRegister, card }: { intent: Intent | undefined; listing: Listing; mayRegister: boolean; card: CardOffer }) {
  const { t } = useTranslation();
  if (!intent) {
    return (
      <Panel title={t("offers.transfer.myIntent")} lead={t("offers.transfer.registerLead")}>
        {mayRegister ? (
          <>
            <CommandButton intent="register-intent" label={t("offers.transfer.register")} />
            <CardChoice card={card} command="register-intent-card" />
          </>
        ) : (
          <p className="text-sm text-slate-600">{t("offers.closed")}</p>
        )}
      </Panel>
    );
  }
  const p = intent.payment;
  const hint = intentHint(intent);
  return (
    <Panel title={t("offers.transfer.myIntent")} testId="my-intent">
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
        <Fact label={t("offers.transfer.depositState")}>
          <DepositStatusBadge status={intent.depositStatus} />
        </Fact>
        <Fact label={t("offers.transfer.amount")}>
          <Money amount={intent.depositAmount} currency={listing.currency} />
        </Fact>
        {p?.method === "bank_transfer" ? (
          <Fact label={t("offers.transfer.reference")}>
            <span className="font-mono" data-testid="deposit-reference">
              {p.reference}
            </span>
          </Fact>
        ) : null}
      </dl>
      <p className="text-sm text-slate-700">{t(hint.key, { reference: hint.reference })}</p>
      {intent.depositStatus === "requested" ? (
        <DepositPayment
          registration={{ payment: p, amount: intent.depositAmount, currency: listing.currency }}
          card={card}
          closesAt={listing.mode === "listed_transfer" ? listing.opensAt : null}
          lead={t("offers.transfer.cardLead")}
          renewable={false}
        />
      ) : null}
    </Panel>
  );
}

/** The seller's (and operators') view of every intent, with its deposit state. */
export function IntentTable({ intents, currency }: { intents: Intent[]; currency: string }) {
  const { t } = useTranslation();
  return (
    <Panel title={t("offers.seller.intents")} testId="seller-intents">
      {intents.length === 0 ? (
        <p className="text-sm text-slate-600">{t("offers.seller.noIntents")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("offers.organisation")}</th>
              <th>{t("offers.transfer.amount")}</th>
              <th>{t("offers.transfer.reference")}</th>
              <th>{t("offers.transfer.depositState")}</th>
              <th>{t("offers.registeredAt")}</th>
            </tr>
          </thead>
          <tbody>
            {intents.map((i) => (
              <tr key={i.id}>
                <td>{i.organisationName}</td>
                <td>
                  <Money amount={i.depositAmount} currency={currency} />
                </td>
                <td className="font-mono text-xs">{i.payment?.method === "bank_transfer" ? i.payment.reference : i.payment ? t("offers.register.methods.card") : null}</td>
                <td>
                  <DepositStatusBadge status={i.depositStatus} />
                </td>
                <td>
                  <Time value={i.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
