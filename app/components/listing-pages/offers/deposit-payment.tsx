import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/components/collateral/format";
import { Notice } from "~/components/field";
import { Time } from "~/components/time";
import type { OffersTab } from "./load.server";
import { CommandButton } from "./shared";

export type CardOffer = NonNullable<OffersTab["registration"]>["card"];
type Registration = NonNullable<NonNullable<OffersTab["registration"]>["mine"]["registration"]>;
/** The money of a registration to bid, or of a listing intent: its payment, what it asks, in which currency. */
type Deposit = Pick<Registration, "payment" | "amount" | "currency">;

/** The little of Stripe.js we use; it is loaded from js.stripe.com only on pages that take a card. */
type StripeJs = {
  elements: (options: { clientSecret: string }) => { create: (kind: "payment") => { mount: (el: HTMLElement) => void } };
  confirmPayment: (options: { elements: unknown; redirect: "if_required" }) => Promise<{ error?: { message?: string } }>;
};
declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeJs;
  }
}

function loadStripeJs(): Promise<NonNullable<Window["Stripe"]>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "https://js.stripe.com/v3";
    script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error("Stripe.js did not load")));
    script.onerror = reject;
    document.head.append(script);
  });
}

/** Stripe's card form for a pending hold; confirming it authorises the hold and the page reloads to show the code. */
function CardForm({ publishableKey, clientSecret }: { publishableKey: string; clientSecret: string }) {
  const { t } = useTranslation();
  const mount = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ stripe: StripeJs; elements: unknown } | "loading" | "failed">("loading");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadStripeJs()
      .then((Stripe) => {
        const stripe = Stripe(publishableKey);
        const elements = stripe.elements({ clientSecret });
        elements.create("payment").mount(mount.current!);
        setState({ stripe, elements });
      })
      .catch(() => setState("failed"));
  }, [publishableKey, clientSecret]);
  const authorise = async () => {
    if (typeof state !== "object") return;
    const result = await state.stripe.confirmPayment({ elements: state.elements, redirect: "if_required" });
    if (result.error) setError(result.error.message ?? t("payments.card.unavailable"));
    else window.location.reload();
  };
  return (
    <div className="space-y-3" data-testid="card-form">
      {state === "loading" ? <p className="text-sm text-slate-500">{t("payments.card.loading")}</p> : null}
      {state === "failed" ? <Notice tone="warning">{t("payments.card.unavailable")}</Notice> : null}
      <div ref={mount} />
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
      {typeof state === "object" ? (
        <button type="button" className="btn-primary" onClick={() => void authorise()}>
          {t("payments.card.authorise")}
        </button>
      ) : null}
    </div>
  );
}

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
        <CardForm publishableKey={card.publishableKey} clientSecret={card.clientSecret} />
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
