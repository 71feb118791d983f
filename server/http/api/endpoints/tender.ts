import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { valueOf } from "../../../domain/result";
import { IdSchema } from "../../../domain/schemas/accounts";
import { authorised, endpoint } from "../endpoint";

const Params = z.object({ id: IdSchema });

/** The amount in fen. Every message is a fixed code, so a refusal can never repeat the sealed amount. */
const TenderBody = z
  .object({
    amount: z
      .number({ error: "amount_invalid" })
      .int({ error: "amount_invalid" })
      .positive({ error: "amount_invalid" })
      .max(Number.MAX_SAFE_INTEGER, { error: "amount_invalid" })
      .transform((n) => BigInt(n)),
  })
  .strict();

const Receipt = z.object({
  lotId: z.uuid(),
  organisationId: z.uuid(),
  bidderCode: z.string(),
  revision: z.number().int(),
  commitment: z.string(),
  submittedAt: z.string(),
  recipe: z.string(),
});
const Opened = z.object({ amount: z.number().int().nullable(), salt: z.string().nullable(), verified: z.boolean(), rank: z.number().int().nullable() });

export const tenderEndpoints = [
  endpoint({
    method: "post",
    path: "/lots/{id}/tender",
    summary:
      "Submit or revise your sealed bid on a tender (amount in fen). The answer is your receipt and the salt of its commitment: keep the salt, it is returned only here",
    tag: "tenders",
    permission: "market:trade",
    params: Params,
    body: TenderBody,
    response: z.object({ receipt: Receipt, salt: z.string() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.tenders.submit(authorised(input), input.params.id, input.body.amount);
      return result.ok ? { status: 201, body: jsonSafe(valueOf(result)) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/lots/{id}/tender/receipt",
    summary: "Your receipt: without the amount before the opening; with the amount and salt to verify the commitment after it",
    tag: "tenders",
    permission: "market:trade",
    params: Params,
    response: z.object({ receipt: Receipt, opened: Opened.nullable() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.tenders.myReceipt(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(valueOf(result)) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/lots/{id}/tender/results",
    summary: "The opening's ranking by bidder code (refused with TENDER_SEALED before the opening, to everyone), with your own verification data",
    tag: "tenders",
    permission: "account:read",
    params: Params,
    response: z.object({
      lotId: z.uuid(),
      status: z.string(),
      evaluation: z.enum(["price", "weighted"]),
      rankedBy: z.literal("price"),
      bids: z.array(
        z.object({
          bidderCode: z.string(),
          rank: z.number().int().nullable(),
          amount: z.number().int().nullable(),
          verified: z.boolean(),
          revision: z.number().int(),
          commitment: z.string(),
          submittedAt: z.string(),
          own: z.boolean(),
          winner: z.boolean(),
          organisationName: z.string().nullable(),
        }),
      ),
      mine: z.object({ receipt: Receipt, opened: Opened }).nullable(),
    }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.tenders.results(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(valueOf(result)) } : { fail: result.code, details: result.details };
    },
  }),
];
