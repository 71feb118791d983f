import { useTranslation } from "react-i18next";
import { useFormat } from "~/components/collateral/format";
import { Notice } from "~/components/field";
import { CardForm } from "~/components/payments/card-form";
import { Time } from "~/components/time";
import type { OffersTab } from "./load.server";
import { CommandButton } from "./shared";

export type CardOffer = NonNullable<OffersTab["registration"]>["card"];
type Registration = NonNullable<NonNullable<OffersTab["registration"]>["mine"]["registration"]>;
/** The money of a registration to bid, or of a listing intent: its payment, what it asks, in which currency. */
type Deposit = Pick<Registration, "payment" | "amount" | "currency">;

/** Before registering: the card hold offered next to the bank transfer, where card payment is configured. */
export function CardChoice({ card, command = "request-card-deposit" }: { card: CardOffer; command?: string }) {
  const { t } = useTranslation();
  if (!card) return null;
  return (
    <div className="space-y-2 border-t border-slate-200 pt-3" data-testid="card-choice">
      <p className="text-sm text-slate-700">{t("payments.card.chooseLead")}</p>
      <CommandButton intent={command} label={t("payments.card.choose")} tone="secondary" />
    </div>
  );
}

/**
 * A deposit's money: a transfer still short (what arrived, what is missing), a card hold to authorise, or a
 * hold in place with its end — and when it ends before the lot closes (or a notice ends), a warning and, for a
 * registration to bid, the renewal.
 */
export function DepositPayment({ registration: r, card, closesAt, lead, renewable = true }: { registration: Deposit; card: CardOffer; closesAt: string | null; lead?: string; renewable?: boolean }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const p = r.payment;
  if (!p) return null;
  if (p.method === "bank_transfer" && p.status === "pending" && p.received > 0) {
    return (
      <Notice tone="warning">
        {t("payments.transfer.received")}: {money(p.received, r.currency)}. {t("payments.transfer.shortfall", { amount: money(r.amount - p.received, r.currency) })}
      </Notice>
    );
  }
  if (p.method !== "card") return null;
  if (p.status === "pending") {
    return card?.publishableKey && card.clientSecret ? (
      <div className="space-y-2">
        <h3 className="font-medium">{t("payments.card.title")}</h3>
        <p className="text-sm text-slate-600">{lead ?? t("payments.card.lead")}</p>
        <CardForm publishableKey={card.publishableKey} clientSecret={card.clientSecret} submitLabel={t("payments.card.authorise")} />
      </div>
    ) : (
      <Notice tone="warning">{t("payments.card.unavailable")}</Notice>
    );
  }
  if (p.status !== "held" || !p.holdExpiresAt) return null;
  const lapses = closesAt !== null && Date.parse(p.holdExpiresAt) < Date.parse(closesAt);
  return (
    <div className="space-y-2" data-testid="card-hold">
      <p className="text-sm text-slate-700">
        {t("payments.card.held")} <Time value={p.holdExpiresAt} />
      </p>
      {lapses ? (
        <>
          <Notice tone="warning">{renewable ? t("payments.card.expiresBeforeClose") : t("offers.transfer.holdEndsEarly")}</Notice>
          {card && renewable ? <CommandButton intent="renew-hold" id={p.id} label={t("payments.card.renew")} /> : null}
        </>
      ) : null}
    </div>
  );
}
