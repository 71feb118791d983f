import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Notice } from "~/components/field";

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

const reload = () => window.location.reload();

/**
 * Stripe's Payment Element for a PaymentIntent (a deposit's hold, a balance or a royalty charged at once): the
 * payer confirms it here; on success `onConfirmed` runs (by default the page reloads to show the outcome), on a
 * decline Stripe's message shows and the payer may try another card with the same form.
 */
export function CardForm({ publishableKey, clientSecret, submitLabel, onConfirmed = reload }: { publishableKey: string; clientSecret: string; submitLabel: string; onConfirmed?: () => void }) {
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
  const confirm = async () => {
    if (typeof state !== "object") return;
    setError(null);
    const result = await state.stripe.confirmPayment({ elements: state.elements, redirect: "if_required" });
    if (result.error) setError(result.error.message ?? t("payments.card.unavailable"));
    else onConfirmed();
  };
  return (
    <div className="space-y-3" data-testid="card-form">
      {state === "loading" ? <p className="text-sm text-slate-500">{t("payments.card.loading")}</p> : null}
      {state === "failed" ? <Notice tone="warning">{t("payments.card.unavailable")}</Notice> : null}
      <div ref={mount} />
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
      {typeof state === "object" ? (
        <button type="button" className="btn-primary" onClick={() => void confirm()}>
          {submitLabel}
        </button>
      ) : null}
    </div>
  );
}
