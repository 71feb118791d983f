import { z } from "zod";
import { IdSchema } from "../../../domain/schemas/accounts";
import { jsonSafe } from "../../../domain/money";
import { authorised, endpoint } from "../endpoint";
import { Timestamp } from "../views";

const Amount = z.number().int().describe("Minor units of the currency");
const Source = z.enum(["sale", "royalty", "forfeited_deposit", "equity", "discount"]);
const Component = z.enum(["disposal_cost", "enforcement_costs", "interest", "principal", "surplus", "royalty_to_holder"]);
const PayoutStatus = z.enum(["recorded", "transferred", "failed"]);


const DistributionView = z.object({
  id: z.uuid(),
  disposalCaseId: z.uuid().nullable(),
  settlementId: z.uuid().nullable(),
  paymentId: z.uuid().nullable(),
  source: Source,
  currency: z.string(),
  amount: Amount.describe("What was distributed; the lines sum to it"),
  inKind: z.boolean(),
  receivedOn: z.string(),
  createdAt: Timestamp,
  lines: z.array(
    z.object({
      position: z.number().int(),
      component: Component,
      partyName: z.string(),
      organisationId: z.uuid().nullable(),
      loanId: z.uuid().nullable(),
      riskShareId: z.uuid().nullable(),
      disposalCostId: z.uuid().nullable(),
      amount: Amount,
      payoutStatus: PayoutStatus.nullable().describe("null: the platform's own fee, not paid out"),
    }),
  ),
});

export const distributionEndpoints = [
  endpoint({
    method: "get",
    path: "/distributions/{id}",
    summary: "One distribution through the waterfall, its lines in order (its parties, the seller, the case's bank and the platform only)",
    tag: "distributions",
    permission: "account:read",
    params: z.object({ id: IdSchema }),
    response: DistributionView,
    successStatus: 200,
    handle: async (input) => {
      const found = await input.services.distributions.get(authorised(input), input.params.id);
      if (!found.ok) return { fail: found.code };
      const { lines, ...d } = found.distribution;
      return { status: 200, body: jsonSafe({ ...d, lines: lines.map(({ id: _i, distributionId: _d, pledgeId: _p, ...l }) => l) }) };
    },
  }),
];
