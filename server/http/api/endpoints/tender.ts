import { z } from "zod";
import { COMMITMENT_SCHEMES } from "../../../domain/bidding/tender";
import { MAX_CRITERIA } from "../../../domain/bidding/tender-scoring";
import { jsonSafe } from "../../../domain/money";
import { valueOf } from "../../../domain/result";
import { IdSchema } from "../../../domain/schemas/accounts";
import { TenderScoringSchema } from "../../../domain/schemas/listings";
import { authorised, endpoint } from "../endpoint";

const Params = z.object({ id: IdSchema });

/**
 * The amount in fen and, on a weighted tender, one whole number per published criterion in the listing's order.
 * Every message is a fixed code, so a refusal can never repeat a sealed amount or value.
 */
const TenderBody = z
  .object({
    amount: z
      .number({ error: "amount_invalid" })
      .int({ error: "amount_invalid" })
      .positive({ error: "amount_invalid" })
      .max(Number.MAX_SAFE_INTEGER, { error: "amount_invalid" })
      .transform((n) => BigInt(n)),
    criteria: z
      .array(z.number({ error: "criterion_invalid" }).int({ error: "criterion_invalid" }), { error: "criteria_invalid" })
      .max(MAX_CRITERIA, { error: "criteria_invalid" })
      .optional()
      .describe("Weighted tenders only: your declared value for each criterion of the listing's published scoring, in its order (e.g. [30, 12, 5])"),
  })
  .strict();

const Receipt = z.object({
  lotId: z.uuid(),
  organisationId: z.uuid(),
  bidderCode: z.string(),
  revision: z.number().int(),
  commitment: z.string(),
  submittedAt: z.string(),
  scheme: z.enum(COMMITMENT_SCHEMES),
  recipe: z.string(),
});
const Values = z.array(z.number().int()).nullable();
const Opened = z.object({ amount: z.number().int().nullable(), values: Values, salt: z.string().nullable(), verified: z.boolean(), rank: z.number().int().nullable() });
/** Points in basis points of the full score (10000 = 100.00): price, each criterion in order, and their total. */
const Score = z.object({ total: z.number().int(), price: z.number().int(), criteria: z.array(z.number().int()) });

export const tenderEndpoints = [
  endpoint({
    method: "post",
    path: "/lots/{id}/tender",
    summary:
      "Submit or revise your sealed bid on a tender (amount in fen; on a weighted tender also `criteria`, your declared values, sealed with the amount). The answer is your receipt and the salt of its commitment: keep the salt, it is returned only here",
    tag: "tenders",
    permission: "market:trade",
    params: Params,
    body: TenderBody,
    response: z.object({ receipt: Receipt, salt: z.string() }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.tenders.submit(authorised(input), input.params.id, input.body.amount, input.body.criteria);
      return result.ok ? { status: 201, body: jsonSafe(valueOf(result)) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "get",
    path: "/lots/{id}/tender/receipt",
    summary: "Your receipt: without the amount before the opening; with the amount, declared values and salt to verify the commitment after it",
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
    summary:
      "The opening's ranking by bidder code with each bid's amount, declared values and score under the published scoring (refused with TENDER_SEALED before the opening, to everyone), with your own verification data",
    tag: "tenders",
    permission: "account:read",
    params: Params,
    response: z.object({
      lotId: z.uuid(),
      status: z.string(),
      evaluation: z.enum(["price", "weighted"]),
      rankedBy: z.enum(["price", "weighted"]),
      scoring: TenderScoringSchema.nullable(),
      bids: z.array(
        z.object({
          bidderCode: z.string(),
          rank: z.number().int().nullable(),
          amount: z.number().int().nullable(),
          values: Values,
          score: Score.nullable(),
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
