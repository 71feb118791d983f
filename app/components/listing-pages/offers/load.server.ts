import type { AppLoadContext, SerializeFrom } from "@remix-run/node";
import { jsonSafe } from "../../../../server/domain/money";
import type { Principal } from "../../../../server/services/auth/principal";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { cardOffer, loadRegistration } from "./register.server";

/** The terms the offers tab shows; nothing else of the listing's terms (a hidden reserve) leaves the server. */
const SHOWN_TERMS = ["deposit", "kind", "fieldOfUse", "territory", "termMonths", "upfrontFee", "royaltyBps", "minimumAnnualRoyalty", "takerName", "pledgorPartyName", "conditions"] as const;

/**
 * The listing (visibility decided by the listings service), the caller's standing, and the offers it may
 * see: its own, or all of them for the seller and operators.
 */
export async function loadOffersTab(context: AppLoadContext, principal: Principal | null, listingParam: string | undefined) {
  const id = idOr404(listingParam);
  const found = await context.services.listings.get(principal, id);
  if (!found.ok) throw notFound();
  const l = found.listing;
  const stored = l.terms as Record<string, unknown>;
  const terms = Object.fromEntries(SHOWN_TERMS.filter((k) => stored[k] !== undefined).map((k) => [k, stored[k]]));
  const listed = await (principal ? context.services.offers.list(principal, id) : null);
  const offers = listed?.ok ? listed : null;
  const valuations = principal && l.mode === "equity" ? await context.services.offers.valuations(id) : [];
  const takingOffers = ["announced", "open"].includes(l.status);
  const bidding = l.mode === "english_auction" || l.mode === "tender";
  const registration = principal && bidding ? await loadRegistration(context, principal, id, found.own) : null;
  // A buyer's own intent: card payment offered beside the transfer, and a hold still to authorise.
  const transfer = l.mode === "listed_transfer" || l.mode === "fixed_price";
  const intentCard = offers?.viewer === "participant" && transfer ? await cardOffer(context, offers.intents[0]?.payment) : null;
  // A listed transfer counts the intents registered before its notice ends.
  const noticeOver = l.mode === "listed_transfer" && l.opensAt !== null && l.opensAt <= new Date();
  return jsonSafe({
    listing: { id: l.id, mode: l.mode, status: l.status, price: l.price, currency: l.currency, opensAt: l.opensAt, closesAt: l.closesAt, terms, takingOffers, takingIntents: takingOffers && !noticeOver, takingRegistrations: takingOffers && !(l.closesAt && l.closesAt <= new Date()), preset: l.preset },
    viewer: principal
      ? {
          role: offers?.viewer ?? "participant",
          mayTakePart: principal.permissions.has("market:trade"),
          mayDecide: found.own && principal.permissions.has("listing:create"),
          unverified: principal.organisation.kind !== "platform" && principal.organisation.verification !== "verified",
        }
      : null,
    offers,
    valuations,
    registration,
    intentCard,
  });
}
/** The tab's data as the page receives it (after JSON). */
export type OffersTab = SerializeFrom<typeof loadOffersTab>;
export type TabOffers = NonNullable<OffersTab["offers"]>;
