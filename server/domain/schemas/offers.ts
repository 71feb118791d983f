import { z } from "zod";
import { MinorAmountSchema } from "./collateral";
import { TextBlockSchema, TextLineSchema } from "./text";

/** Commands about offers (amounts in minor units, percentages in basis points), shared by the API and the pages. */
export const ProposedLicenceTermsSchema = z
  .object({
    upfrontFee: MinorAmountSchema,
    royaltyBps: z.number().int().min(0, "royalty_invalid").max(10_000, "royalty_invalid"),
    minimumAnnualRoyalty: MinorAmountSchema.default(0n as never),
    termMonths: z.number().int().min(1, "term_invalid").max(600, "term_invalid"),
    fieldOfUse: TextBlockSchema.trim().min(1, "required").max(500, "too_long"),
    territory: TextLineSchema.trim().min(1, "required").max(200, "too_long"),
  })
  .strict();

export const LicenceApplicationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("apply") }).strict(),
  z.object({ kind: z.literal("counter_offer"), terms: ProposedLicenceTermsSchema }).strict(),
]);
export type LicenceApplicationInput = z.output<typeof LicenceApplicationSchema>;

export const EquityProposalSchema = z
  .object({
    targetCompanyName: TextLineSchema.trim().min(1, "required").max(300, "too_long"),
    targetCreditCode: z.string().trim().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, "credit_code_invalid"),
    agreedValue: MinorAmountSchema,
    valuationId: z.uuid().nullable().default(null),
    valuationAppraiser: TextLineSchema.trim().min(1, "required").max(300, "too_long").nullable().default(null),
    valuationDate: z.iso.date({ error: "date_invalid" }).nullable().default(null),
    equityBps: z.number().int().min(1, "equity_invalid").max(10_000, "equity_invalid"),
    conditions: TextBlockSchema.trim().max(4000, "too_long").default(""),
  })
  .strict();
export type EquityProposalInput = z.output<typeof EquityProposalSchema>;

export const DiscountConfirmSchema = z.object({ confirm: z.boolean() }).strict();
