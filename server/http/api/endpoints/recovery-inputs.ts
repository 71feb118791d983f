import { z } from "zod";
import { jsonSafe } from "../../../domain/money";
import { valueOf } from "../../../domain/result";
import { IdSchema } from "../../../domain/schemas/accounts";
import { CostInputSchema, SharerPaymentInputSchema } from "../../../domain/schemas/recovery-inputs";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Params = z.object({ id: IdSchema });
const Amount = z.number().int();
const Cost = z.object({ id: z.uuid(), kind: z.string(), description: z.string(), amount: Amount, incurredOn: z.string(), paidByName: z.string() });
const SharerPayment = z.object({ id: z.uuid(), riskShareId: z.uuid(), amount: Amount, paidOn: z.string() });
const Inputs = z.object({
  currency: z.string(),
  exposureAtDefault: Amount,
  costs: z.array(Cost),
  sharers: z.array(z.object({ id: z.uuid(), role: z.string(), partyName: z.string(), organisationId: z.uuid().nullable(), shareBps: z.number().int(), ceiling: Amount, paid: Amount })),
  payments: z.array(SharerPayment),
});

/** What the bank records for its case's waterfall besides the proceeds: costs it advanced, and what risk-sharers paid it. */
export const recoveryInputEndpoints = [
  endpoint({
    method: "get",
    path: "/disposal-cases/{id}/recovery-inputs",
    summary: "Your case's disposal costs and the risk-sharers' payments on its loss (代偿 / 补偿), with each sharer's ceiling: its share of the exposure at default",
    tag: "recoveries",
    permission: "collateral:manage",
    params: Params,
    response: Inputs,
    successStatus: 200,
    async handle(input) {
      const result = await input.services.recoveryInputs.forCase(authorised(input), input.params.id);
      return result.ok ? { status: 200, body: jsonSafe(valueOf(result)) } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/disposal-cases/{id}/costs",
    summary: "Record a cost of the disposal you advanced (appraisal, registry fee, annuity, enforcement, other): the waterfall repays it first",
    tag: "recoveries",
    permission: "collateral:manage",
    params: Params,
    body: CostInputSchema,
    response: Cost.extend({ createdAt: Timestamp }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.recoveryInputs.recordCost(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 201, body: jsonSafe(result.cost) } : { fail: result.code, details: result.details };
    },
  }),
  endpoint({
    method: "post",
    path: "/disposal-cases/{id}/risk-share-payments",
    summary: "Record what a risk-sharer of the loan paid you on the loss (never beyond its share of the exposure at default): recoveries return to it in proportion",
    tag: "recoveries",
    permission: "collateral:manage",
    params: Params,
    body: SharerPaymentInputSchema,
    response: SharerPayment.extend({ createdAt: Timestamp }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.recoveryInputs.recordSharerPayment(authorised(input), input.params.id, input.body);
      return result.ok ? { status: 201, body: jsonSafe(result.payment) } : { fail: result.code, details: result.details };
    },
  }),
];
