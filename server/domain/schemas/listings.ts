import { z } from "zod";
import { CRITERION_DIRECTIONS, CRITERION_LIMIT, MAX_CRITERIA, type TenderScoring } from "../bidding/tender-scoring";
import { LICENCE_KINDS, LISTING_MODES, PRESETS, TENDER_EVALUATIONS } from "../listings/vocabulary";
import { MinorAmountSchema } from "./collateral";
import { TextBlockSchema, TextLineSchema } from "./text";

/** Commands about listings (API amounts in minor units; times ISO 8601 with offset). */
const Instant = z.iso.datetime({ offset: true, error: "datetime_invalid" }).transform((s) => new Date(s));

const Weight = z.number({ error: "weight_invalid" }).int({ error: "weight_invalid" });
const Bound = z.number({ error: "bound_invalid" }).int({ error: "bound_invalid" }).min(-CRITERION_LIMIT, "bound_invalid").max(CRITERION_LIMIT, "bound_invalid");

const TenderCriterionSchema = z
  .object({
    label: TextLineSchema.trim().min(1, "required").max(120, "too_long"),
    weight: Weight.min(1, "weight_invalid").max(100, "weight_invalid"),
    better: z.enum(CRITERION_DIRECTIONS, { error: "better_invalid" }),
    min: Bound,
    max: Bound,
  })
  .strict()
  .refine((c) => c.min < c.max, { path: ["max"], error: "range_invalid" });

/** A weighted tender's published scoring: price and 1–4 declared criteria, weights in whole percent summing to 100. */
export const TenderScoringSchema = z
  .object({
    priceWeight: Weight.min(0, "weight_invalid").max(99, "weight_invalid"),
    criteria: z.array(TenderCriterionSchema).min(1, "criteria_count").max(MAX_CRITERIA, "criteria_count"),
  })
  .strict()
  .refine((s) => s.priceWeight + s.criteria.reduce((sum, c) => sum + c.weight, 0) === 100, { path: ["priceWeight"], error: "weights_sum" }) satisfies z.ZodType<TenderScoring>;

/** The opening and the rule that ranks; a weighted tender publishes its scoring, a price tender has none. */
const TenderTermsSchema = z
  .object({ openingAt: Instant, evaluation: z.enum(TENDER_EVALUATIONS), scoring: TenderScoringSchema.optional() })
  .strict()
  .refine((t) => t.evaluation !== "weighted" || t.scoring !== undefined, { path: ["scoring"], error: "scoring_required" })
  .refine((t) => t.evaluation !== "price" || t.scoring === undefined, { path: ["scoring"], error: "scoring_not_expected" });

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
    tender: TenderTermsSchema.optional(),
  })
  .strict();

export const LicenceTermsSchema = z
  .object({
    kind: z.enum(LICENCE_KINDS, { error: "licence_kind_invalid" }),
    fieldOfUse: TextBlockSchema.trim().min(1, "required").max(500, "too_long"),
    territory: TextLineSchema.trim().min(1, "required").max(200, "too_long"),
    termMonths: z.number().int().min(1, "term_invalid").max(600, "term_invalid"),
    upfrontFee: MinorAmountSchema,
    royaltyBps: z.number().int().min(0).max(10_000),
    minimumAnnualRoyalty: MinorAmountSchema.default(0n as never),
    announceAt: Instant,
    closesAt: Instant,
  })
  .strict();

export const EquityTermsSchema = z
  .object({ askingValue: MinorAmountSchema, valuationId: z.uuid().nullable().default(null), conditions: TextBlockSchema.trim().max(2000, "too_long").default(""), announceAt: Instant, closesAt: Instant })
  .strict();

export const DiscountTermsSchema = z
  .object({ proposedValue: MinorAmountSchema, takerName: TextLineSchema.trim().min(1, "required").max(200, "too_long"), pledgorPartyName: TextLineSchema.trim().min(1, "required").max(200, "too_long") })
  .strict();

export const CreateListingSchema = z
  .object({
    mode: z.enum(LISTING_MODES, { error: "mode_invalid" }),
    preset: z.enum(PRESETS, { error: "preset_invalid" }).default("private"),
    title: TextLineSchema.trim().min(2, "too_short").max(300, "too_long"),
    description: TextBlockSchema.trim().max(10_000, "too_long").default(""),
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
  z.object({ verdict: z.literal("reject"), reason: TextBlockSchema.trim().min(5, "reason_too_short").max(1000, "too_long") }).strict(),
]);

/** A stored listing's published scoring: present only on a weighted tender whose terms carry a valid one. */
export function publishedScoring(terms: unknown): TenderScoring | null {
  const tender = (terms as { tender?: { evaluation?: string; scoring?: unknown } } | null)?.tender;
  if (tender?.evaluation !== "weighted") return null;
  const scoring = TenderScoringSchema.safeParse(tender.scoring);
  return scoring.success ? scoring.data : null;
}
