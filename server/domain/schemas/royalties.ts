import { z } from "zod";
import { MinorAmountSchema } from "./collateral";

/** A period's report as the API and the licence page send it (net sales in minor units). */
export const RoyaltyReportSchema = z
  .object({ periodStart: z.iso.date({ error: "date_invalid" }), periodEnd: z.iso.date({ error: "date_invalid" }), netSales: MinorAmountSchema })
  .strict()
  .refine((r) => r.periodEnd >= r.periodStart, { message: "period_end_before_start", path: ["periodEnd"] });
export type RoyaltyReportCommand = z.output<typeof RoyaltyReportSchema>;
