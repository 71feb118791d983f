import { z } from "zod";
import { ASSET_TYPES, CURRENCIES } from "../collateral/vocabulary";
import { LISTING_MODES, type ListingStatus } from "./vocabulary";
import { TextLineSchema } from "../schemas/text";

/**
 * What the public catalogue shows: listings announced or open for business, and results of the last
 * RECENTLY_CLOSED_DAYS (closed, awarded) — judicial auctions publish their outcome. Drafts, listings in
 * review, withdrawn, unsold and settled ones stay out.
 */
export const PUBLIC_STATUSES = ["announced", "open", "closed", "awarded"] as const satisfies readonly ListingStatus[];
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];
export const RECENTLY_CLOSED_DAYS = 90;

export const CATALOGUE_SORTS = ["relevance", "ending_soon", "price_asc", "price_desc", "newest"] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

export const MAX_PAGE_SIZE = 50;

/** A repeated query parameter (`modes=a&modes=b`) or a comma-separated one (`modes=a,b`). */
function list<T extends z.ZodType>(item: T, max: number) {
  return z
    .preprocess((value) => {
      const values = typeof value === "string" ? [value] : value;
      return Array.isArray(values) ? values.flatMap((v) => (typeof v === "string" ? v.split(",") : [v])).map((v) => (typeof v === "string" ? v.trim() : v)).filter((v) => v !== "") : values;
    }, z.array(item).max(max))
    .optional();
}

const minorUnits = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The catalogue's query, as API v1 takes it in the query string (amounts in minor units). */
export const CatalogueQuerySchema = z.strictObject({
  q: TextLineSchema.trim().max(200).optional(),
  assetTypes: list(z.enum(ASSET_TYPES), ASSET_TYPES.length),
  modes: list(z.enum(LISTING_MODES), LISTING_MODES.length),
  statuses: list(z.enum(PUBLIC_STATUSES), PUBLIC_STATUSES.length),
  classes: list(TextLineSchema.max(20), 20),
  priceMin: minorUnits.optional(),
  priceMax: minorUnits.optional(),
  /** Prices compare within one currency: CNY unless another is named. */
  currency: z.enum(CURRENCIES).optional(),
  region: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "region_invalid")
    .optional(),
  endingWithinHours: z.coerce.number().int().min(1).max(24 * 90).optional(),
  /** Relevance when there is a text query, otherwise ending soon. */
  sort: z.enum(CATALOGUE_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(1000).optional(),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});
export type CatalogueQuery = z.output<typeof CatalogueQuerySchema>;

/** Facets the catalogue counts: each count answers "how many if I also picked this value". */
export const CATALOGUE_FACETS = ["assetTypes", "modes", "statuses", "regions"] as const;
export type CatalogueFacet = (typeof CATALOGUE_FACETS)[number];
