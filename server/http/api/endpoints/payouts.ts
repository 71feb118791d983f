import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Payout = z.object({
  id: z.uuid().nullable().describe("null: a transfer still awaiting its first attempt"),
  lineId: z.uuid().describe("The distribution line paid out"),
  distributionId: z.uuid(),
  organisationId: z.uuid().nullable(),
  partyName: z.string(),
  currency: z.string(),
  amount: z.number().int().describe("Minor units of the currency"),
  status: z.enum(["recorded", "awaiting_transfer", "transferred", "failed"]).describe("recorded: booked as paid by the exchange outside Stripe; transferred: a Stripe Connect transfer was made"),
  stripeTransferId: z.string().nullable(),
  failureMessage: z.string().nullable().describe("Stripe's reason for a failed (or reversed) transfer"),
  transferredAt: Timestamp.nullable(),
  createdAt: Timestamp,
});

/** Payouts of distributions: parties read their own, operators all, and operators retry a failed transfer. */
export const payoutEndpoints = [
  endpoint({
    method: "get",
    path: "/payouts",
    summary: "Your organisation's payouts (operators: everyone's), newest first, with transfers still awaited",
    tag: "payouts",
    permission: "account:read",
    response: z.array(Payout),
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: jsonSafe(await input.services.payouts.list(authorised(input))) };
    },
  }),
  endpoint({
    method: "post",
    path: "/payouts/{id}/retry",
    summary: "Operators: try a failed (or reversed) Stripe transfer again, under a new attempt's idempotency key; answers the payout as it now stands",
    tag: "operator",
    permission: "verification:review",
    params: z.object({ id: IdSchema }),
    response: Payout,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.payouts.retry(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(result.payout) } : { fail: result.code, details: result.details };
    },
  }),
];
