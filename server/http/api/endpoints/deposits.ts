import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { IdSchema } from "../../../domain/schemas/accounts";
import { PriorityRightSchema } from "../../../domain/schemas/deposits";
import { valueOf } from "../../../domain/result";
import { authorised, endpoint } from "../endpoint";

const Params = z.object({ id: IdSchema });
const HolderParams = z.object({ id: IdSchema, organisationId: IdSchema });

const Registration = z.object({
  id: z.uuid(),
  method: z.enum(["bank_transfer", "card", "credit_bid"]),
  status: z.enum(["requested", "confirmed", "released", "forfeited", "applied"]),
  bidderCode: z.string().nullable(),
  amount: z.number().int(),
  creditCap: z.number().int().nullable(),
  currency: z.string(),
  reference: z.string().nullable(),
  requestedAt: z.string(),
  confirmedAt: z.string().nullable(),
  payment: z
    .object({ id: z.uuid(), method: z.enum(["card", "bank_transfer", "credit_bid", "in_kind"]), status: z.enum(["pending", "held", "succeeded", "canceled", "refunded", "failed"]), received: z.number().int(), holdExpiresAt: z.string().nullable() })
    .nullable(),
});
const Bidder = Registration.extend({ organisationId: z.uuid().nullable(), organisationName: z.string().nullable() });
const PendingDeposit = Registration.extend({ listingId: z.uuid(), listingTitle: z.string(), mode: z.string(), organisationName: z.string() });
const Holder = z.object({ organisationId: z.uuid(), organisationName: z.string(), creditCode: z.string().nullable(), rank: z.number().int() });

/** Registration to bid on English auctions and tenders (a lot's id is its listing's id). */
export const depositEndpoints = [
  endpoint({
    method: "post",
    path: "/lots/{id}/deposits",
    summary: "Register to bid: request the lot's deposit by bank transfer (quote the payment reference); the bidder code shows once the transfer is received. Idempotent",
    tag: "deposits",
    permission: "market:trade",
    params: Params,
    response: Registration,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.deposits.request(authorised(input), input.params.id);
      return result.ok ? { status: result.created ? 201 : 200, body: jsonSafe(result.registration) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/lots/{id}/deposits/mine",
    summary: "Your organisation's registration on a lot (null if none), and its claim when it may register a credit bid instead",
    tag: "deposits",
    permission: "account:read",
    params: Params,
    response: z.object({ registration: Registration.nullable(), creditClaim: z.number().int().nullable() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.deposits.mine(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(valueOf(result)) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/lots/{id}/credit-bid",
    summary: "As the applicant creditor under the judicial preset, register to bid without a deposit up to your claim (the exposure frozen at default). Idempotent",
    tag: "deposits",
    permission: "market:trade",
    params: Params,
    response: Registration,
    successStatus: 201,
    async handle(input) {
      const result = await input.services.deposits.registerCreditBid(authorised(input), input.params.id);
      return result.ok ? { status: result.created ? 201 : 200, body: jsonSafe(result.registration) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/lots/{id}/bidders",
    summary: "Registered bidders of your lot: codes and states; identities only once the lot is awarded (operators see everything)",
    tag: "deposits",
    permission: "account:read",
    params: Params,
    response: z.object({ identities: z.boolean(), bidders: z.array(Bidder) }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.deposits.bidders(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(valueOf(result)) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/operator/lot-deposits",
    summary: "Lot deposits awaiting confirmation of their bank transfer, oldest first, with the reference the bidder quotes",
    tag: "operator",
    permission: "verification:review",
    response: z.array(PendingDeposit),
    successStatus: 200,
    async handle(input) {
      return { status: 200, body: jsonSafe(await input.services.deposits.pending()) };
    },
  }),
  endpoint({
    method: "post",
    path: "/operator/lot-deposits/{id}/confirm",
    summary: "Record that a bidder's deposit arrived by bank transfer: the bidder may bid under its code",
    tag: "operator",
    permission: "verification:review",
    params: Params,
    response: Registration,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.deposits.confirm(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(result.registration) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/lots/{id}/priority-rights",
    summary: "Priority-purchase-right holders of your lot, by rank (seller and operators)",
    tag: "deposits",
    permission: "account:read",
    params: Params,
    response: z.object({ holders: z.array(Holder), editable: z.boolean() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.deposits.priorityRights.list(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: valueOf(result) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/lots/{id}/priority-rights",
    summary: "Name (or re-rank) a priority-purchase-right holder by its unified social credit code, before bidding opens; rank 1 wins ties first",
    tag: "deposits",
    permission: "listing:create",
    params: Params,
    body: PriorityRightSchema,
    response: z.object({ organisationId: z.uuid(), organisationName: z.string(), rank: z.number().int() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.deposits.priorityRights.name(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 201, body: valueOf(result) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "delete",
    path: "/lots/{id}/priority-rights/{organisationId}",
    summary: "Remove a priority-purchase-right holder from your lot, before bidding opens",
    tag: "deposits",
    permission: "listing:create",
    params: HolderParams,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.deposits.priorityRights.remove(authorised(input), input.params.id, input.params.organisationId);
      return result.ok ? { status: 204 } : { fail: result.code, details: result.details };
    },
  }),
];
