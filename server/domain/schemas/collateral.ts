import { z } from "zod";
import { isCalendarDate } from "../calendar-date";
import { checkClasses, checkRegistryNumber } from "../collateral/registry-numbers";
import { RISK_SHARING_PRESET_NAMES, validateShares } from "../collateral/risk-sharing";
import {
  ASSET_TYPES,
  CURRENCIES,
  LEGAL_STATUSES,
  LOAN_STATUSES,
  REGISTRY_EVENT_KINDS,
  RISK_SHARING_MODES,
  SHARE_ROLES,
  VALUATION_METHODS,
} from "../collateral/vocabulary";
import { parseMajor } from "../money";
import { TextBlockSchema, TextLineSchema } from "./text";

/**
 * Commands of the collateral book, shared by API v1 (amounts as integers of minor units), the pages and
 * the bulk import (amounts as decimals of major units, converted exactly). Messages are codes.
 */
export const CalendarDateSchema = z.string({ error: "required" }).trim().refine(isCalendarDate, "date_invalid");
export const CurrencySchema = z.enum(CURRENCIES, { error: "currency_invalid" });
export const CreditCodeSchema = z
  .string({ error: "required" })
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, "credit_code_invalid");

/** API: a safe integer of minor units. */
export const MinorAmountSchema = z
  .number({ error: "amount_invalid" })
  .int("amount_invalid")
  .min(0, "amount_negative")
  .max(Number.MAX_SAFE_INTEGER, "amount_invalid")
  .transform((n) => BigInt(n));

/** Files and forms: "1,234,567.89" in major units, exactly. */
export const MajorAmountSchema = z
  .string({ error: "required" })
  .transform((text, ctx) => {
    const value = parseMajor(text, "CNY");
    if (value === null) {
      ctx.addIssue({ code: "custom", message: "amount_invalid" });
      return z.NEVER;
    }
    if (value < 0n) {
      ctx.addIssue({ code: "custom", message: "amount_negative" });
      return z.NEVER;
    }
    return value;
  });

/** Either amount schema: the shapes below serve the API and the files alike. */
type Amount = typeof MinorAmountSchema | typeof MajorAmountSchema;

export const AssetRefSchema = z
  .object({ type: z.enum(ASSET_TYPES, { error: "asset_type_invalid" }), registryNumber: TextLineSchema.trim().min(1, "required").max(60, "too_long") })
  .strict();

export const AssetInputSchema = z
  .object({
    type: z.enum(ASSET_TYPES, { error: "asset_type_invalid" }),
    registryNumber: TextLineSchema.trim().min(1, "required").max(60, "too_long"),
    title: TextLineSchema.trim().min(1, "required").max(300, "too_long"),
    owners: z.array(TextLineSchema.trim().min(1, "required").max(200, "too_long")).min(1, "owners_required").max(20, "too_long"),
    classes: z.array(TextLineSchema.trim().min(1, "required").max(30, "too_long")).max(50, "too_long").default([]),
    filedOn: CalendarDateSchema.optional(),
    grantedOn: CalendarDateSchema.optional(),
    expiresOn: CalendarDateSchema.optional(),
    legalStatus: z.enum(LEGAL_STATUSES, { error: "legal_status_invalid" }).default("valid"),
    nextAnnuityDue: CalendarDateSchema.optional(),
    description: TextBlockSchema.trim().max(5000, "too_long").default(""),
  })
  .strict()
  .transform((asset, ctx) => {
    const number = checkRegistryNumber(asset.type, asset.registryNumber);
    if (!number.ok) {
      ctx.addIssue({ code: "custom", message: number.code, path: ["registryNumber"] });
      return z.NEVER;
    }
    if (!checkClasses(asset.type, asset.classes)) ctx.addIssue({ code: "custom", message: asset.type === "trademark" ? "nice_class_invalid" : asset.type === "patent_design" ? "locarno_class_invalid" : "ipc_class_invalid", path: ["classes"] });
    if (asset.filedOn && asset.expiresOn && asset.expiresOn < asset.filedOn) ctx.addIssue({ code: "custom", message: "dates_out_of_order", path: ["expiresOn"] });
    return { ...asset, registryNumber: number.normalised };
  });
export type AssetInput = z.output<typeof AssetInputSchema>;

function loanShape(amount: Amount) {
  return z
    .object({
      reference: TextLineSchema.trim().min(1, "required").max(60, "too_long"),
      borrowerName: TextLineSchema.trim().min(1, "required").max(200, "too_long"),
      borrowerCreditCode: CreditCodeSchema,
      currency: CurrencySchema.default("CNY"),
      principal: amount,
      rateBps: z.number({ error: "rate_invalid" }).int("rate_invalid").min(0, "rate_invalid").max(10_000, "rate_invalid"),
      disbursedOn: CalendarDateSchema,
      maturesOn: CalendarDateSchema,
      status: z.enum(LOAN_STATUSES, { error: "loan_status_invalid" }).default("performing"),
      outstandingPrincipal: amount,
      accruedInterest: amount.optional(),
      penaltyInterest: amount.optional(),
    })
    .strict()
    .superRefine((loan, ctx) => {
      if (loan.maturesOn < loan.disbursedOn) ctx.addIssue({ code: "custom", message: "dates_out_of_order", path: ["maturesOn"] });
      if (loan.principal <= 0n) ctx.addIssue({ code: "custom", message: "amount_not_positive", path: ["principal"] });
      if (loan.status === "defaulted" || loan.status === "in_disposal") ctx.addIssue({ code: "custom", message: "declare_default_instead", path: ["status"] });
    });
}
export const LoanInputSchema = loanShape(MinorAmountSchema);
export const LoanRowSchema = loanShape(MajorAmountSchema);
export type LoanInput = z.output<typeof LoanInputSchema>;

function pledgeShape(amount: Amount) {
  return z
    .object({
      loanReference: TextLineSchema.trim().min(1, "required").max(60, "too_long"),
      registryPledgeNumber: TextLineSchema.trim().min(1, "required").max(60, "too_long"),
      registeredAt: z.iso.datetime({ offset: true, error: "datetime_invalid" }).or(CalendarDateSchema),
      pledgorName: TextLineSchema.trim().min(1, "required").max(200, "too_long"),
      pledgorCreditCode: CreditCodeSchema,
      securedAmount: amount,
      currency: CurrencySchema.default("CNY"),
      scope: TextBlockSchema.trim().max(1000, "too_long").default(""),
      assets: z.array(AssetRefSchema).min(1, "assets_required").max(100, "too_long"),
    })
    .strict();
}
export const PledgeInputSchema = pledgeShape(MinorAmountSchema);
export const PledgeRowBaseSchema = pledgeShape(MajorAmountSchema);
export type PledgeInput = z.output<typeof PledgeInputSchema>;

function valuationShape(amount: Amount) {
  return z
    .object({
      asset: AssetRefSchema,
      appraiser: TextLineSchema.trim().min(1, "required").max(200, "too_long"),
      method: z.enum(VALUATION_METHODS, { error: "valuation_method_invalid" }),
      amount,
      currency: CurrencySchema.default("CNY"),
      valuedOn: CalendarDateSchema,
    })
    .strict()
    .refine((v) => v.amount > 0n, { message: "amount_not_positive", path: ["amount"] });
}
export const ValuationInputSchema = valuationShape(MinorAmountSchema);
export const ValuationRowBaseSchema = valuationShape(MajorAmountSchema);
export type ValuationInput = z.output<typeof ValuationInputSchema>;

export const ShareLineSchema = z
  .object({
    role: z.enum(SHARE_ROLES, { error: "share_role_invalid" }),
    partyName: TextLineSchema.trim().min(1, "required").max(200, "too_long"),
    organisationId: z.uuid({ error: "id_invalid" }).nullable().optional(),
    shareBps: z.number({ error: "share_invalid" }).int("share_invalid"),
  })
  .strict();

export const RiskSharingInputSchema = z
  .object({
    mode: z.enum(RISK_SHARING_MODES, { error: "mode_invalid" }),
    preset: z.enum(RISK_SHARING_PRESET_NAMES as [string, ...string[]]).nullable().optional(),
    shares: z.array(ShareLineSchema).min(1, "shares_required").max(20, "too_long"),
  })
  .strict()
  .superRefine((agreement, ctx) => {
    const check = validateShares(agreement.mode, agreement.shares);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.code, path: ["shares"] });
  });
export type RiskSharingInput = z.output<typeof RiskSharingInputSchema>;

export const RegistryEventInputSchema = z
  .object({
    asset: AssetRefSchema,
    kind: z.enum(REGISTRY_EVENT_KINDS, { error: "event_kind_invalid" }),
    occurredOn: CalendarDateSchema,
    source: TextLineSchema.trim().min(1, "required").max(100, "too_long"),
    sourceRef: TextLineSchema.trim().min(1, "required").max(100, "too_long"),
    newStatus: z.enum(LEGAL_STATUSES, { error: "legal_status_invalid" }).optional(),
    nextAnnuityDue: CalendarDateSchema.optional(),
    note: TextBlockSchema.trim().max(1000, "too_long").optional(),
  })
  .strict();
export type RegistryEventInput = z.output<typeof RegistryEventInputSchema>;

export const DeclareDefaultSchema = z
  .object({
    defaultedOn: CalendarDateSchema,
    principal: MinorAmountSchema,
    interest: MinorAmountSchema,
    penaltyInterest: MinorAmountSchema,
    costs: MinorAmountSchema.default(0n as never),
  })
  .strict();
export type DeclareDefaultInput = z.output<typeof DeclareDefaultSchema>;
