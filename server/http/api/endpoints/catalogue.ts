import { z } from "zod";
import { ASSET_TYPES } from "../../../domain/collateral/vocabulary";
import { CATALOGUE_SORTS, CatalogueQuerySchema, PUBLIC_STATUSES } from "../../../domain/listings/catalogue-query";
import { LISTING_MODES } from "../../../domain/listings/vocabulary";
import { jsonSafe } from "../../../domain/money";
import { endpoint } from "../endpoint";
import { Timestamp } from "../views";

const FacetView = z.array(z.object({ value: z.string(), count: z.number().int().describe("Matches if this value were picked (other facets' filters still apply)") }));

const CatalogueItemView = z.object({
  id: z.uuid(),
  title: z.string(),
  mode: z.enum(LISTING_MODES),
  status: z.enum(PUBLIC_STATUSES),
  price: z.number().int().describe("Minor units of `currency`: start, posted or fixed price, or upfront fee"),
  currency: z.string(),
  region: z.string(),
  opensAt: Timestamp.nullable(),
  closesAt: Timestamp.nullable(),
  assetTypes: z.array(z.enum(ASSET_TYPES)),
  snippet: z.string().describe("Plain text around the first match in numbers, owners and descriptions"),
});

const CatalogueView = z.object({
  items: z.array(CatalogueItemView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  sort: z.enum(CATALOGUE_SORTS),
  facets: z.object({ assetTypes: FacetView, modes: FacetView, statuses: FacetView, regions: FacetView }),
});

export const catalogueEndpoints = [
  endpoint({
    method: "get",
    path: "/catalogue",
    summary:
      "Search the public catalogue (Chinese and English text, registry numbers and their prefixes), with filters, sorting, pages and counts per filter value. List filters repeat (`modes=a&modes=b`) or take commas; amounts in minor units",
    tag: "catalogue",
    permission: "public",
    query: CatalogueQuerySchema,
    response: CatalogueView,
    successStatus: 200,
    async handle(input) {
      const { items, total, page, pageSize, sort, facets } = await input.services.catalogue.search(input.query);
      return { status: 200, body: { items: jsonSafe(items), total, page, pageSize, sort, facets } };
    },
  }),
];
