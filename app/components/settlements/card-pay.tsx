import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { CardPayReply, loader } from "~/routes/card-pay.$kind.$id";
import { useFormat } from "~/components/collateral/format";
import { CsrfField } from "~/components/csrf-field";
import { FormError, Notice } from "~/components/field";
import { CardForm } from "~/components/payments/card-form";
import { useRootData } from "~/utils/root-data";

/**
 * "Pay by card" beside the bank transfer, for what is still owed on a settlement or a royalty report. It asks the
 * server once the page runs its script (Stripe.js needs JavaScript; without it the transfer reference is the way
 * to pay), and shows nothing where card payment is off or the viewer owes nothing.
 */
export function PayByCard({ kind, id, title }: { kind: "settlement" | "royalty"; id: string; title?: string }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { csrf } = useRootData();
  const action = `/card-pay/${kind}/${id}`;
  const offer = useFetcher<typeof loader>();
  const start = useFetcher<CardPayReply>();
  const confirm = useFetcher<CardPayReply>();
  const { load } = offer;
  useEffect(() => load(action), [load, action]);
  // The payment applied (or still on its way from Stripe): the page shows the settlement as it now stands.
  useEffect(() => {
    if (confirm.state === "idle" && confirm.data) window.location.reload();
  }, [confirm.state, confirm.data]);
  const o = offer.data?.offer;
  if (!o) return null;
  const started = start.data && "card" in start.data ? start.data.card : null;
  const amount = money(o.amount, o.currency);
  return (
    <section className="card space-y-3" data-testid="pay-by-card">
      <h2 className="text-lg font-semibold">{title ?? t("cardPay.title")}</h2>
      <p className="max-w-3xl text-sm text-slate-600">{t("cardPay.lead", { amount })}</p>
      <FormError code={start.data && "formError" in start.data ? start.data.formError : null} />
      {confirm.state !== "idle" || confirm.data ? <p className="text-sm text-slate-500">{t("cardPay.confirming")}</p> : null}
      {started?.clientSecret && started.publishableKey ? (
        <CardForm
          publishableKey={started.publishableKey}
          clientSecret={started.clientSecret}
          submitLabel={t("cardPay.pay", { amount: money(started.amount, started.currency) })}
          onConfirmed={() => confirm.submit({ csrf, intent: "confirmed", paymentId: started.paymentId }, { method: "post", action })}
        />
      ) : started ? (
        <Notice tone="warning">{t("payments.card.unavailable")}</Notice>
      ) : (
        <start.Form method="post" action={action}>
          <CsrfField />
          <button type="submit" name="intent" value="start" className="btn-secondary" disabled={start.state !== "idle"}>
            {t("cardPay.start")}
          </button>
        </start.Form>
      )}
    </section>
  );
}

/** On the settlement page: money that arrived beyond what was owed (owed back), and card payment for the buyer while the balance is awaited. */
export function SettlementCardPayment({ s }: { s: { id: string; status: string; role: string; overpaid: number; currency: string } }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  return (
    <>
      {s.overpaid > 0 ? <Notice tone="warning">{t("cardPay.overpaid", { amount: money(s.overpaid, s.currency) })}</Notice> : null}
      {s.status === "awaiting_payment" && s.role === "buyer" ? <PayByCard kind="settlement" id={s.id} /> : null}
    </>
  );
}

/** On the licence page: card payment, for the licensee, of each royalty report still awaiting its money. */
export function RoyaltyCardPayments({ role, reports }: { role: string; reports: ReadonlyArray<{ id: string; periodStart: string; periodEnd: string; payment: { status: string } | null }> }) {
  const { t } = useTranslation();
  if (role !== "licensee") return null;
  return (
    <>
      {reports
        .filter((r) => r.payment?.status === "pending")
        .map((r) => (
          <PayByCard key={r.id} kind="royalty" id={r.id} title={t("cardPay.royaltyTitle", { period: `${r.periodStart} – ${r.periodEnd}` })} />
        ))}
    </>
  );
}
