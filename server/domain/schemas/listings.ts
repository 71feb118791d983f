import { z } from "zod";
import { LICENCE_KINDS, LISTING_MODES, PRESETS, TENDER_EVALUATIONS } from "../listings/vocabulary";
import { MinorAmountSchema } from "./collateral";

/** Commands about listings (API amounts in minor units; times ISO 8601 with offset). */
const Instant = z.iso.datetime({ offset: true, error: "datetime_invalid" }).transform((s) => new Date(s));

export const AuctionTermsSchema = z
  .object({
    startPrice: MinorAmountSchema,
    reserve: MinorAmountSchema.nullable().default(null),
    reserveHidden: z.boolean().default(true),
    incrementKind: z.enum(["fixed", "stepped"]).default("fixed"),
    increment: MinorAmountSchema.nullable().default(null),
    deposit: MinorAmountSchema,
    announceAt: Instant,
    opensAt: Instant,
    closesAt: Instant,
    antiSnipeWindowSeconds: z.number().int().min(0).max(86_400).default(300),
    antiSnipeExtensionSeconds: z.number().int().min(0).max(86_400).default(300),
    proxyBids: z.boolean().default(false),
    tender: z.object({ openingAt: Instant, evaluation: z.enum(TENDER_EVALUATIONS) }).strict().optional(),
  })
  .strict();

export const LicenceTermsSchema = z
  .object({
    kind: z.enum(LICENCE_KINDS, { error: "licence_kind_invalid" }),
    fieldOfUse: z.string().trim().min(1, "required").max(500, "too_long"),
    territory: z.string().trim().min(1, "required").max(200, "too_long"),
    termMonths: z.number().int().min(1, "term_invalid").max(600, "term_invalid"),
    upfrontFee: MinorAmountSchema,
    royaltyBps: z.number().int().min(0).max(10_000),
    minimumAnnualRoyalty: MinorAmountSchema.default(0n as never),
    announceAt: Instant,
    closesAt: Instant,
  })
  .strict();

export const EquityTermsSchema = z
  .object({ askingValue: MinorAmountSchema, valuationId: z.uuid().nullable().default(null), conditions: z.string().trim().max(2000).default(""), announceAt: Instant, closesAt: Instant })
  .strict();

export const DiscountTermsSchema = z
  .object({ proposedValue: MinorAmountSchema, takerName: z.string().trim().min(1, "required").max(200), pledgorPartyName: z.string().trim().min(1, "required").max(200) })
  .strict();

export const CreateListingSchema = z
  .object({
    mode: z.enum(LISTING_MODES, { error: "mode_invalid" }),
    preset: z.enum(PRESETS, { error: "preset_invalid" }).default("private"),
    title: z.string({ error: "required" }).trim().min(2, "too_short").max(300, "too_long"),
    description: z.string().trim().max(10_000, "too_long").default(""),
    region: z.string().trim().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "region_invalid").default("CN-GD"),
    assetIds: z.array(z.uuid({ error: "id_invalid" })).min(1, "assets_required").max(50, "too_long"),
    disposalCaseId: z.uuid().nullable().default(null),
    terms: z.unknown(),
  })
  .strict();
export type CreateListingInput = z.output<typeof CreateListingSchema>;

/** The terms schema for each mode. */
export function termsSchemaFor(mode: (typeof LISTING_MODES)[number]) {
  switch (mode) {
    case "english_auction":
    case "tender":
    case "listed_transfer":
    case "fixed_price":
      return AuctionTermsSchema;
    case "licence":
      return LicenceTermsSchema;
    case "equity":
      return EquityTermsSchema;
    case "negotiated_discount":
      return DiscountTermsSchema;
  }
}

export const ReviewListingSchema = z.discriminatedUnion("verdict", [
  z.object({ verdict: z.literal("approve") }).strict(),
  z.object({ verdict: z.literal("reject"), reason: z.string().trim().min(5, "reason_too_short").max(1000, "too_long") }).strict(),
]);
