import { z } from "zod";
import { jsonSafe, toSafeNumber } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { DiscountConfirmSchema, EquityProposalSchema, LicenceApplicationSchema } from "../../../domain/schemas/offers";
import { valueOf } from "../../../domain/result";
import type { Services } from "../../../services";
import type { Principal } from "../../../services/auth/principal";
import { authorised, endpoint } from "../endpoint";

const Params = z.object({ id: IdSchema });
const Created = z.object({ id: z.uuid() });
const Decision = z.object({ status: z.enum(["accepted", "declined"]), listingStatus: z.string(), agreementId: z.uuid().optional() });

type Decide = (
  services: Services,
  principal: Principal,
  id: string,
  verdict: "accept" | "decline",
) => Promise<{ ok: true; status: "accepted" | "declined"; listingStatus: string; agreementId?: string } | { ok: false; code: string; details?: Record<string, unknown> }>;

/** The seller's accept and decline of one kind of offer: the same shape, one definition. */
function decisionEndpoints(collection: string, summaries: Record<"accept" | "decline", string>, decide: Decide) {
  return (["accept", "decline"] as const).map((verdict) =>
    endpoint({
      method: "post",
      path: `/${collection}/{id}/${verdict}`,
      summary: summaries[verdict],
      tag: "offers",
      permission: "listing:create",
      params: Params,
      response: Decision,
      successStatus: 200,
      async handle(input) {
        const result = await decide(input.services, authorised(input), input.params.id, verdict);
        return result.ok ? { status: 200, body: valueOf(result) } : { fail: result.code, details: result.details };
      },
    }),
  );
}
const Offers = z.looseObject({
  intents: z.array(z.looseObject({ id: z.uuid() })),
  applications: z.array(z.looseObject({ id: z.uuid(), status: z.string() })),
  agreements: z.array(z.looseObject({ id: z.uuid() })),
  proposals: z.array(z.looseObject({ id: z.uuid(), status: z.string() })),
  confirmations: z.array(z.looseObject({ role: z.string() })),
  award: z.looseObject({ buyerOrganisationId: z.uuid(), price: z.number().int() }).nullable(),
});

const IntentRegistered = z.object({ id: z.uuid(), depositAmount: z.number().int(), payment: z.object({ id: z.uuid(), method: z.string(), reference: z.string() }).nullable() });
type Registered = { id: string; depositAmount: bigint; payment: { id: string; method: string; reference: string } | null };
const intentRegistered = (r: Registered) => ({ id: r.id, depositAmount: toSafeNumber(r.depositAmount), payment: r.payment ? { id: r.payment.id, method: r.payment.method, reference: r.payment.reference } : null });

export const offerEndpoints = [
  endpoint({
    method: "post",
    path: "/listings/{id}/intents",
    summary: "Register intent to buy on a listed transfer or fixed-price sale: the deposit is asked by bank transfer quoting the payment's reference; its arrival confirms the intent",
    tag: "offers",
    permission: "market:trade",
    params: Params,
    response: IntentRegistered,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.offers.transfer.registerIntent(authorised(input), input.params.id);
      return result.ok ? { status: 201, body: intentRegistered(result) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/listings/{id}/intents/card",
    summary: "Register intent with the deposit held on a card (only where card payment is offered): answers the client secret to confirm with Stripe.js; the hold confirms the intent",
    tag: "offers",
    permission: "market:trade",
    params: Params,
    response: IntentRegistered.extend({ clientSecret: z.string().nullable() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.offers.transfer.registerIntentByCard(authorised(input), input.params.id);
      return result.ok ? { status: 201, body: { ...intentRegistered(result), clientSecret: result.clientSecret } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/operator/intents",
    summary: "Intents whose bank-transfer deposit awaits an operator's confirmation, oldest first, with the reference the buyer quotes",
    tag: "operator",
    permission: "verification:review",
    response: z.array(z.object({ id: z.uuid(), listingId: z.uuid(), listingTitle: z.string(), buyerName: z.string(), amount: z.number().int(), currency: z.string(), reference: z.string(), createdAt: z.string() })),
    successStatus: 200,
    async handle(input) {
      const pending = await input.services.offers.pendingDeposits();
      const body = pending.map((i) => ({ id: i.id, listingId: i.listingId, listingTitle: i.listingTitle, buyerName: i.buyerName, amount: toSafeNumber(i.amount), currency: i.currency, reference: i.reference, createdAt: i.createdAt.toISOString() }));
      return { status: 200, body };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/intents/{id}/confirm-deposit",
    summary: "Record that a buyer's deposit arrived by bank transfer: a receipt for what is due, matched to the intent's payment like any other (on a fixed-price sale the first confirmed buyer wins)",
    tag: "operator",
    permission: "verification:review",
    params: Params,
    response: z.object({ listingStatus: z.string() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.offers.transfer.confirmDeposit(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: { listingStatus: result.listingStatus } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/listings/{id}/licence-applications",
    summary: "Apply for a licence on the posted terms, or counter-offer your own terms",
    tag: "offers",
    permission: "market:trade",
    params: Params,
    body: LicenceApplicationSchema,
    response: Created,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.offers.licence.apply(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code, details: result.details };
    },
  }),
  ...decisionEndpoints(
    "licence-applications",
    {
      accept: "Accept a licence application on your listing (exclusive and sole: one licensee, the listing is awarded)",
      decline: "Decline a licence application on your listing",
    },
    (services, principal, id, verdict) => services.offers.licence.decide(principal, id, verdict),
  ),
  endpoint({
    method: "post",
    path: "/listings/{id}/equity-proposals",
    summary: "Propose taking the listed IP as a capital contribution (the agreed value must rest on a named valuation)",
    tag: "offers",
    permission: "market:trade",
    params: Params,
    body: EquityProposalSchema,
    response: Created,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.offers.equity.propose(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 201, body: { id: result.id } } : { fail: result.code, details: result.details };
    },
  }),
  ...decisionEndpoints(
    "equity-proposals",
    {
      accept: "Accept an equity proposal on your listing (the listing is awarded, the others declined)",
      decline: "Decline an equity proposal on your listing",
    },
    (services, principal, id, verdict) => services.offers.equity.decide(principal, id, verdict),
  ),
  endpoint({
    method: "post",
    path: "/listings/{id}/discount/confirm",
    summary: "Confirm or decline a negotiated discount, as its creditor (the seller) or its pledgor",
    tag: "offers",
    permission: "market:trade",
    params: Params,
    body: DiscountConfirmSchema,
    response: z.object({ role: z.enum(["creditor", "pledgor"]), listingStatus: z.string() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.offers.discount.confirm(authorised(input), input.params.id, input.body.confirm);
      return result.ok ? { status: 200, body: { role: result.role, listingStatus: result.listingStatus } } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/listings/{id}/offers",
    summary: "Offers on a listing: the seller sees all of them, anyone else only its own",
    tag: "offers",
    permission: "account:read",
    params: Params,
    response: Offers,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.offers.list(authorised(input), input.params.id);
      if (!result.ok) return { fail: result.code, details: result.details };
      const body = valueOf(result);
      return { status: 200, body: jsonSafe(body) as z.input<typeof Offers> };
    },
  }),
];
