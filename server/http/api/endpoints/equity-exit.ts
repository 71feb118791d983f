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
      "The seller records the cash an equity contribution's shares realised, once. Above the agreed value, the gain is distributed through the waterfall as cash (source equity); below it, the shortfall is recorded and shown but not clawed back from the creditors, who were repaid in kind at the agreed value",
    tag: "settlements",
    permission: "market:trade",
    params: z.object({ id: IdSchema }),
    body: z.object({ amount: MinorAmountSchema.describe("The cash realised, in minor units"), realisedOn: z.iso.date({ error: "date_invalid" }) }).strict(),
    response: z.object({
      agreedValue: Amount,
      realised: Amount,
      gain: Amount.describe("realised − agreed value when positive: distributed as cash"),
      shortfall: Amount.describe("agreed value − realised when positive: recorded only"),
      distributionId: z.uuid().nullable().describe("The gain's distribution (null: no gain, or no disposal case behind the listing)"),
      clawedBack: z.literal(false).describe("A shortfall is never clawed back"),
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
