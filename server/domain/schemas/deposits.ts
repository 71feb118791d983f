import { z } from "zod";
import { CreditCodeSchema } from "./collateral";

/** The seller names a priority-purchase-right holder: an organisation on the exchange, by its credit code; rank 1 wins ties first. */
export const PriorityRightSchema = z
  .object({
    creditCode: CreditCodeSchema,
    rank: z.coerce.number({ error: "rank_invalid" }).int("rank_invalid").min(1, "rank_invalid").max(99, "rank_invalid"),
  })
  .strict();
export type PriorityRightInput = z.output<typeof PriorityRightSchema>;
