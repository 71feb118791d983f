import { z } from "zod";
import { IdSchema } from "../../../domain/schemas/accounts";
import { jsonSafe } from "../../../domain/money";
import type { CardTarget } from "../../../services/payments/card-balance";
import type { Services } from "../../../services";
import type { Principal } from "../../../services/auth/principal";
import { authorised, endpoint } from "../endpoint";

const CardPayment = z.object({
  paymentId: z.uuid(),
  clientSecret: z.string().nullable().describe("Confirm it with Stripe.js (the Payment Element); null if Stripe did not answer"),
  publishableKey: z.string().nullable().describe("For Stripe.js; null when the server is configured without one"),
  amount: z.number().int().describe("Minor units: what is still owed, charged at once"),
  currency: z.string(),
});

const TAIL = ". The bank-transfer reference stays valid: whichever money arrives first pays; money arriving after that is owed back. Without a Stripe key: CARD_UNAVAILABLE";

async function start(input: { services: Services; principal: Principal | null }, target: CardTarget) {
  const started = await input.services.cardBalances.start(authorised(input), target);
  if (!started.ok) return { fail: started.code, details: started.details };
  const { ok: _ok, ...body } = started;
  return { status: 201, body: jsonSafe(body) };
}

/** Paying a settlement's balance or a royalty by card (a PaymentIntent charged at once), beside the bank transfer. */
export const cardPaymentEndpoints = [
  endpoint({
    method: "post",
    path: "/settlements/{id}/card-payment",
    summary: `As the buyer, pay what is still owed on a settlement awaiting payment by card: the card payment (one at a time, found again on a repeat call) and its client secret${TAIL}`,
    tag: "settlements",
    permission: "market:trade",
    params: z.object({ id: IdSchema }),
    response: CardPayment,
    successStatus: 201,
    handle: (input) => start(input, { kind: "settlement", id: input.params.id }),
  }),
  endpoint({
    method: "post",
    path: "/licence-agreements/{id}/royalty-reports/{reportId}/card-payment",
    summary: `As the licensee, pay what is still owed on a royalty report by card: the card payment (one at a time, found again on a repeat call) and its client secret${TAIL}`,
    tag: "royalties",
    permission: "market:trade",
    params: z.object({ id: IdSchema, reportId: IdSchema }),
    response: CardPayment,
    successStatus: 201,
    handle: (input) => start(input, { kind: "royalty", id: input.params.reportId, agreementId: input.params.id }),
  }),
];
