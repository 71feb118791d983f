import { type AppLoadContext, json, redirect } from "@remix-run/node";
import type { Permission } from "../../../../server/domain/permissions";
import { IdSchema } from "../../../../server/domain/schemas/accounts";
import { PriorityRightSchema } from "../../../../server/domain/schemas/deposits";
import type { Principal } from "../../../../server/services/auth/principal";
import { idOr404 } from "~/components/collateral/loan-page.server";
import { requireUser } from "~/utils/auth.server";
import { echo } from "~/components/collateral/forms.server";
import { type FieldErrors, fieldErrorsOf, formObject, readForm } from "~/utils/form.server";
import { parseCounterOffer, parseEquityProposal } from "./forms.server";

/** What the offers tab's action answers when it does not redirect: a translated error, and the form's fields. */
export type OfferReply = { formError: string | null; form: string | null; fields: FieldErrors; values: Record<string, string>; violations: [] };

type Outcome = { ok: true } | { ok: false; code: string } | { ok: false; fields: FieldErrors; values: Record<string, string> };
type Command = { permission: Permission; done: string; run: (context: AppLoadContext, principal: Principal, listingId: string, form: FormData) => Promise<Outcome> };

const NOT_FOUND = { ok: false as const, code: "NOT_FOUND" };
const offerId = (form: FormData) => IdSchema.safeParse(form.get("id"));

/** The seller decides on one offer; the service checks that the offer is on the seller's own listing. */
function decision(kind: "licence" | "equity", verdict: "accept" | "decline"): Command {
  return {
    permission: "listing:create",
    done: verdict === "accept" ? "accepted" : "declined",
    run: async ({ services }, principal, _listingId, form) => {
      const id = offerId(form);
      if (!id.success) return NOT_FOUND;
      return services.offers[kind].decide(principal, id.data, verdict);
    },
  };
}

/** Each button of the tab names its command in the `intent` field. */
const COMMANDS: Record<string, Command> = {
  "register-intent": { permission: "market:trade", done: "intent", run: ({ services }, principal, id) => services.offers.transfer.registerIntent(principal, id) },
  "register-intent-card": { permission: "market:trade", done: "intentCard", run: ({ services }, principal, id) => services.offers.transfer.registerIntentByCard(principal, id) },
  apply: { permission: "market:trade", done: "applied", run: ({ services }, principal, id) => services.offers.licence.apply(principal, id, { kind: "apply" }) },
  "counter-offer": {
    permission: "market:trade",
    done: "applied",
    run: async ({ services }, principal, id, form) => {
      const parsed = parseCounterOffer(form);
      return parsed.ok ? services.offers.licence.apply(principal, id, { kind: "counter_offer", terms: parsed.data }) : parsed;
    },
  },
  propose: {
    permission: "market:trade",
    done: "proposed",
    run: async ({ services }, principal, id, form) => {
      const parsed = parseEquityProposal(form);
      return parsed.ok ? services.offers.equity.propose(principal, id, parsed.data) : parsed;
    },
  },
  "confirm-discount": { permission: "market:trade", done: "confirmed", run: ({ services }, principal, id) => services.offers.discount.confirm(principal, id, true) },
  "decline-discount": { permission: "market:trade", done: "declined", run: ({ services }, principal, id) => services.offers.discount.confirm(principal, id, false) },
  "request-deposit": { permission: "market:trade", done: "registered", run: ({ services }, principal, id) => services.deposits.request(principal, id) },
  "request-card-deposit": { permission: "market:trade", done: "registered", run: ({ services }, principal, id) => services.deposits.requestByCard(principal, id) },
  "renew-hold": {
    permission: "market:trade",
    done: "registered",
    run: async ({ services }, principal, _listingId, form) => {
      const id = offerId(form);
      return id.success ? services.payments.renewHold(principal, id.data) : NOT_FOUND;
    },
  },
  "credit-bid": { permission: "market:trade", done: "creditBid", run: ({ services }, principal, id) => services.deposits.registerCreditBid(principal, id) },
  "name-priority-right": {
    permission: "listing:create",
    done: "holderNamed",
    run: async ({ services }, principal, id, form) => {
      const parsed = PriorityRightSchema.safeParse(formObject(form, ["creditCode", "rank"]));
      if (!parsed.success) return { ok: false, fields: fieldErrorsOf(parsed.error), values: echo(form) };
      return services.deposits.priorityRights.name(principal, id, parsed.data);
    },
  },
  "remove-priority-right": {
    permission: "listing:create",
    done: "holderRemoved",
    run: async ({ services }, principal, listingId, form) => {
      const id = offerId(form);
      return id.success ? services.deposits.priorityRights.remove(principal, listingId, id.data) : NOT_FOUND;
    },
  },
  "accept-application": decision("licence", "accept"),
  "decline-application": decision("licence", "decline"),
  "accept-proposal": decision("equity", "accept"),
  "decline-proposal": decision("equity", "decline"),
};

const STATUS: Record<string, number> = { NOT_FOUND: 404, NOT_VERIFIED: 403, FORBIDDEN: 403 };

/**
 * CSRF first, then the session, then the command's permission (an unverified organisation is told why),
 * then one service call; success redirects back to the tab with `?done=`.
 */
export async function offersAction(request: Request, context: AppLoadContext, listingParam: string | undefined) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request);
  const listingId = idOr404(listingParam);
  const intent = String(form.get("intent") ?? "");
  const reply = (status: number, data: Partial<OfferReply>) => json<OfferReply>({ formError: null, form: intent, fields: {}, values: {}, violations: [], ...data }, { status });
  const command = COMMANDS[intent];
  if (!command) return reply(400, { formError: "INVALID" });
  if (!principal.permissions.has(command.permission)) {
    const unverified = principal.organisation.verification !== "verified" && principal.organisation.kind !== "platform";
    return reply(403, { formError: unverified ? "NOT_VERIFIED" : "FORBIDDEN" });
  }
  const outcome = await command.run(context, principal, listingId, form);
  if (outcome.ok) return redirect(`/listings/${listingId}/offers?done=${command.done}`);
  if ("fields" in outcome) return reply(400, { formError: "INVALID", fields: outcome.fields, values: outcome.values });
  return reply(STATUS[outcome.code] ?? 409, { formError: outcome.code });
}
