import { z } from "zod";
import { MajorAmountSchema } from "../../../../server/domain/schemas/collateral";
import { EquityProposalSchema, type EquityProposalInput, ProposedLicenceTermsSchema } from "../../../../server/domain/schemas/offers";
import { TextLineSchema } from "../../../../server/domain/schemas/text";
import { type Parsed, echo, percentToBps } from "~/components/collateral/forms.server";
import { fieldErrorsOf, formObject } from "~/utils/form.server";

/**
 * The counter-offer and equity forms → the offer commands of server/domain/schemas/offers.ts. Amounts are
 * typed in yuan and converted exactly to fen; percentages become basis points. Error keys are the form's
 * own field names.
 */
const percent = (code: string) =>
  z.string({ error: "required" }).transform((text, ctx) => {
    const bps = percentToBps(text);
    if (typeof bps === "number") return bps;
    ctx.addIssue({ code: "custom", message: code });
    return z.NEVER;
  });

const terms = ProposedLicenceTermsSchema.shape;
const CounterOfferFormSchema = z
  .object({
    upfrontFee: MajorAmountSchema,
    minimumAnnualRoyalty: MajorAmountSchema,
    royalty: percent("royalty_invalid").pipe(terms.royaltyBps),
    termMonths: z.string({ error: "required" }).regex(/^\d{1,4}$/, "term_invalid").transform(Number).pipe(terms.termMonths),
    fieldOfUse: terms.fieldOfUse,
    territory: terms.territory,
  })
  .transform(({ royalty, ...rest }) => ({ ...rest, royaltyBps: royalty }));
export type CounterOffer = z.output<typeof CounterOfferFormSchema>;

const COUNTER_FIELDS = ["upfrontFee", "minimumAnnualRoyalty", "royalty", "termMonths", "fieldOfUse", "territory"] as const;

export function parseCounterOffer(form: FormData): Parsed<CounterOffer> {
  const v = formObject(form, COUNTER_FIELDS);
  const parsed = CounterOfferFormSchema.safeParse({ ...v, minimumAnnualRoyalty: v.minimumAnnualRoyalty ?? "0", fieldOfUse: v.fieldOfUse ?? "", territory: v.territory ?? "" });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fields: fieldErrorsOf(parsed.error), values: echo(form) };
}

const proposal = EquityProposalSchema.shape;
/** `valuation` is the id of a recorded valuation, or "named" for an appraiser and date typed in. */
const EquityFormSchema = z
  .object({
    targetCompanyName: proposal.targetCompanyName,
    targetCreditCode: proposal.targetCreditCode,
    agreedValue: MajorAmountSchema,
    valuation: z.union([z.uuid(), z.literal("named")], { error: "valuation_required" }),
    valuationAppraiser: TextLineSchema.trim().max(300, "too_long").optional(),
    valuationDate: z.iso.date({ error: "date_invalid" }).optional(),
    equity: percent("equity_invalid").pipe(proposal.equityBps),
    conditions: proposal.conditions,
  })
  .superRefine((f, ctx) => {
    if (f.valuation !== "named") return;
    if (!f.valuationAppraiser) ctx.addIssue({ code: "custom", message: "required", path: ["valuationAppraiser"] });
    if (!f.valuationDate) ctx.addIssue({ code: "custom", message: "required", path: ["valuationDate"] });
  })
  .transform(({ valuation, valuationAppraiser, valuationDate, equity, ...rest }): EquityProposalInput => {
    const named = valuation === "named";
    return { ...rest, equityBps: equity, valuationId: named ? null : valuation, valuationAppraiser: named ? valuationAppraiser! : null, valuationDate: named ? valuationDate! : null };
  });

const EQUITY_FIELDS = ["targetCompanyName", "targetCreditCode", "agreedValue", "valuation", "valuationAppraiser", "valuationDate", "equity", "conditions"] as const;

export function parseEquityProposal(form: FormData): Parsed<EquityProposalInput> {
  const v = formObject(form, EQUITY_FIELDS);
  const parsed = EquityFormSchema.safeParse({ ...v, targetCompanyName: v.targetCompanyName ?? "", targetCreditCode: v.targetCreditCode ?? "", conditions: v.conditions ?? "" });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fields: fieldErrorsOf(parsed.error), values: echo(form) };
}
