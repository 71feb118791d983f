import type { AppLoadContext } from "@remix-run/node";
import { jsonSafe } from "../../../../server/domain/money";
import { valueOf } from "../../../../server/domain/result";
import type { Principal } from "../../../../server/services/auth/principal";

type Payment = { id: string; method: string; status: string } | null | undefined;

/**
 * Card payment where it is offered: the publishable key for Stripe.js, and for a card deposit still awaiting its
 * authorisation the client secret to confirm it with (Stripe unreachable: no secret, the page says so).
 */
export async function cardOffer(context: AppLoadContext, payment: Payment) {
  const options = context.services.payments.cardOptions();
  const card = context.services.payments.card;
  if (!options || !card) return null;
  if (payment?.method !== "card" || payment.status !== "pending") return { ...options, clientSecret: null };
  const intent = await card.ensureIntent(payment.id).catch(() => null);
  return { ...options, clientSecret: intent?.ok ? intent.clientSecret : null };
}

/**
 * The "register to bid" side of an English auction or tender: the caller's registration (and its claim, for
 * the applicant creditor); for the seller and operators, the registered bidders and the priority-right holders.
 */
export async function loadRegistration(context: AppLoadContext, principal: Principal, listingId: string, own: boolean) {
  const deposits = context.services.deposits;
  const insider = own || principal.permissions.has("verification:review");
  const [mine, bidders, priority] = await Promise.all([
    deposits.mine(principal, listingId),
    insider ? deposits.bidders(principal, listingId) : null,
    insider ? deposits.priorityRights.list(principal, listingId) : null,
  ]);
  return jsonSafe({
    mine: mine.ok ? valueOf(mine) : { registration: null, creditClaim: null },
    card: await cardOffer(context, mine.ok ? mine.registration?.payment : null),
    bidders: bidders?.ok ? valueOf(bidders) : null,
    priority: priority?.ok ? valueOf(priority) : null,
  });
}
