import { type ActionFunctionArgs, type LoaderFunctionArgs, json } from "@remix-run/node";
import { z } from "zod";
import { jsonSafe } from "../../server/domain/money";
import { IdSchema } from "../../server/domain/schemas/accounts";
import type { CardTarget } from "../../server/services/payments/card-balance";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";

/**
 * Card payment of a settlement's balance (/card-pay/settlement/:settlementId) or a royalty report
 * (/card-pay/royalty/:reportId), asked by the page's script (PayByCard): Stripe.js needs JavaScript, so the
 * pages render no card form themselves and the bank transfer stays the way to pay without it.
 */
function targetOf(params: LoaderFunctionArgs["params"]): CardTarget {
  const kind = z.enum(["settlement", "royalty"]).safeParse(params.kind);
  if (!kind.success) throw notFound();
  return { kind: kind.data, id: idOr404(params.id) };
}

/** Whether the caller may pay this by card now, and how much (null: card payment off, nothing owed, or not the payer). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const offer = await context.services.cardBalances.offer(principal, targetOf(params));
  return json({ offer: offer ? jsonSafe(offer) : null });
}

export type CardPayReply = { formError: string } | { card: { paymentId: string; clientSecret: string | null; publishableKey: string | null; amount: number; currency: string } } | { status: string };

/** intent=start: the card payment and its client secret; intent=confirmed (after Stripe.js): the outcome applied now. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "market:trade");
  const target = targetOf(params);
  if (form.get("intent") === "confirmed") {
    const paymentId = IdSchema.safeParse(form.get("paymentId"));
    if (!paymentId.success) throw notFound();
    const done = await context.services.cardBalances.confirmed(principal, paymentId.data);
    if (!done.ok) return json<CardPayReply>({ formError: done.code }, { status: done.code === "NOT_FOUND" ? 404 : 409 });
    return json<CardPayReply>({ status: done.status });
  }
  const started = await context.services.cardBalances.start(principal, target);
  if (!started.ok) {
    if (started.code === "NOT_FOUND") throw notFound();
    return json<CardPayReply>({ formError: started.code }, { status: 409 });
  }
  const { ok: _ok, ...card } = started;
  return json<CardPayReply>({ card: jsonSafe(card) });
}
