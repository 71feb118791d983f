import { z } from "zod";
import { IdSchema } from "../../../domain/schemas/accounts";
import { MinorAmountSchema } from "../../../domain/schemas/collateral";
import { jsonSafe } from "../../../domain/money";
import { authorised, endpoint } from "../endpoint";

const Amount = z.number().int().describe("Minor units of the settlement's currency");

export const equityExitEndpoints = [
  endpoint({
    method: "post",
    path: "/settlements/{id}/equity-exit",
    summary:
      "The seller records the cash an equity contribution's shares realised, once. The recovery in kind at the agreed value is reversed and the cash realised runs through the waterfall instead (source equity), so the creditors' recovery becomes what the exit realised, above or below the agreed value",
    tag: "settlements",
    permission: "market:trade",
    params: z.object({ id: IdSchema }),
    body: z.object({ amount: MinorAmountSchema.describe("The cash realised, in minor units"), realisedOn: z.iso.date({ error: "date_invalid" }) }).strict(),
    response: z.object({
      agreedValue: Amount,
      realised: Amount,
      gain: Amount.describe("realised − agreed value when positive"),
      shortfall: Amount.describe("agreed value − realised when positive"),
      reversedDistributionId: z.uuid().nullable().describe("The in-kind distribution reversed (null: no disposal case behind the listing)"),
      distributionId: z.uuid().nullable().describe("The realised cash's distribution (null: nothing realised, or no disposal case behind the listing)"),
    }),
    successStatus: 200,
    handle: async (input) => {
      const done = await input.services.equityRecoveries.exit(authorised(input), input.params.id, input.body);
      if (!done.ok) return { fail: done.code };
      const { ok: _ok, ...body } = done;
      return { status: 200, body: jsonSafe(body) };
    },
  }),
];
