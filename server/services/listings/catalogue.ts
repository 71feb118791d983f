import { type SQL, sql } from "drizzle-orm";
import { ASSET_TYPES } from "../../domain/collateral/vocabulary";
import {
  CATALOGUE_FACETS,
  type CatalogueFacet,
  type CatalogueQuery,
  type CatalogueSort,
  MAX_PAGE_SIZE,
  PUBLIC_STATUSES,
  RECENTLY_CLOSED_DAYS,
} from "../../domain/listings/catalogue-query";
import { type SearchTerm, normaliseClass, searchQuery, snippet, tsQueryText } from "../../domain/listings/search-tokens";
import { LISTING_MODES, type ListingMode, type ListingStatus } from "../../domain/listings/vocabulary";
import type { ServiceDeps } from "../context";

export type CatalogueItem = {
  id: string;
  title: string;
  mode: ListingMode;
  status: ListingStatus;
  price: bigint;
  currency: string;
  region: string;
  opensAt: Date | null;
  closesAt: Date | null;
  assetTypes: string[];
  snippet: string;
};
export type FacetCount = { value: string; count: number };
export type CatalogueResult = {
  items: CatalogueItem[];
  total: number;
  page: number;
  pageSize: number;
  sort: CatalogueSort;
  /** The query's search terms as matched (the page marks them in snippets). */
  terms: SearchTerm[];
  facets: Record<CatalogueFacet, FacetCount[]>;
};

type ItemRow = {
  id: string;
  title: string;
  mode: ListingMode;
  status: ListingStatus;
  price: string;
  currency: string;
  region: string;
  opens_ms: number | null;
  closes_ms: number | null;
  asset_types: string[];
  search_text: string;
};

const DEFAULT_PAGE_SIZE = 20;
const HOUR_MS = 3_600_000;

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const ms = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The public catalogue: full-text search (CJK bigrams and words, see search-tokens.ts) over the GIN index,
 * filters, sorting, pages, and counts per filter value, each facet counted as if its own filter were off
 * (so a visitor sees what ticking another box would give). Two statements: the page of items, and one
 * that counts every facet from a single scan of the matching rows.
 */
export class CatalogueService {
  constructor(private readonly deps: ServiceDeps) {}

  async search(query: CatalogueQuery): Promise<CatalogueResult> {
    const now = this.deps.now();
    const terms = searchQuery(query.q ?? "");
    const sort: CatalogueSort = query.sort === "relevance" && terms.length === 0 ? "ending_soon" : (query.sort ?? (terms.length > 0 ? "relevance" : "ending_soon"));
    const page = query.page ?? 1;
    const pageSize = Math.min(query.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const tsQuery = terms.length > 0 ? sql`to_tsquery('simple', ${tsQueryText(terms)})` : null;

    const nowIso = now.toISOString();
    const closedSince = new Date(now.getTime() - RECENTLY_CLOSED_DAYS * 24 * HOUR_MS).toISOString();
    // What every count shares: public, the text, and the filters that are not facets.
    const common: SQL[] = [
      sql`(l.status in ('announced', 'open') or (l.status in ('closed', 'awarded') and l.closes_at >= ${closedSince}::timestamptz))`,
    ];
    if (tsQuery) common.push(sql`l.search_tokens @@ ${tsQuery}`);
    const classes = [...new Set((query.classes ?? []).map(normaliseClass).filter((c) => c !== ""))];
    if (classes.length > 0) common.push(sql`l.classes && array[${list(classes)}]::text[]`);
    if (query.priceMin !== undefined || query.priceMax !== undefined) {
      common.push(sql`l.currency = ${query.currency ?? "CNY"}`);
      if (query.priceMin !== undefined) common.push(sql`l.price >= ${String(query.priceMin)}::bigint`);
      if (query.priceMax !== undefined) common.push(sql`l.price <= ${String(query.priceMax)}::bigint`);
    } else if (query.currency) common.push(sql`l.currency = ${query.currency}`);
    if (query.endingWithinHours !== undefined) {
      const until = new Date(now.getTime() + query.endingWithinHours * HOUR_MS).toISOString();
      common.push(sql`l.closes_at >= ${nowIso}::timestamptz and l.closes_at <= ${until}::timestamptz`);
    }

    // The facet filters: values within one facet are alternatives (OR); facets combine with AND.
    const facetFilter: Record<CatalogueFacet, SQL | null> = {
      assetTypes: query.assetTypes?.length ? sql`l.asset_types && array[${list(query.assetTypes)}]::text[]` : null,
      modes: query.modes?.length ? sql`l.mode in (${list(query.modes)})` : null,
      statuses: query.statuses?.length ? sql`l.status in (${list(query.statuses)})` : null,
      regions: query.region ? sql`l.region = ${query.region}` : null,
    };

    const [items, counts] = await Promise.all([
      this.items({ common, facetFilter, tsQuery, sort, nowIso, page, pageSize, terms }),
      this.counts(common, facetFilter),
    ]);
    return { items, total: counts.total, page, pageSize, sort, terms, facets: counts.facets };
  }

  private async items(input: {
    common: SQL[];
    facetFilter: Record<CatalogueFacet, SQL | null>;
    tsQuery: SQL | null;
    sort: CatalogueSort;
    nowIso: string;
    page: number;
    pageSize: number;
    terms: SearchTerm[];
  }): Promise<CatalogueItem[]> {
    const where = [...input.common, ...Object.values(input.facetFilter).filter((f): f is SQL => f !== null)];
    const endingSoon = sql`(l.closes_at < ${input.nowIso}::timestamptz or l.closes_at is null), case when l.closes_at >= ${input.nowIso}::timestamptz then l.closes_at end asc, l.closes_at desc`;
    const order: Record<CatalogueSort, SQL> = {
      relevance: input.tsQuery ? sql`ts_rank(l.search_tokens, ${input.tsQuery}) desc, ${endingSoon}` : endingSoon,
      ending_soon: endingSoon,
      price_asc: sql`l.price asc`,
      price_desc: sql`l.price desc`,
      newest: sql`coalesce(l.announce_at, l.created_at) desc`,
    };
    const rows = rowsOf<ItemRow>(
      await this.deps.db.execute(sql`
        select l.id, l.title, l.mode, l.status, l.price::text as price, l.currency, l.region,
               ${ms(sql`l.opens_at`)} as opens_ms, ${ms(sql`l.closes_at`)} as closes_ms, l.asset_types, l.search_text
        from listings l
        where ${sql.join(where, sql` and `)}
        order by ${order[input.sort]}, l.id
        limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`),
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      mode: r.mode,
      status: r.status,
      price: BigInt(r.price),
      currency: r.currency,
      region: r.region,
      opensAt: r.opens_ms === null ? null : new Date(r.opens_ms),
      closesAt: r.closes_ms === null ? null : new Date(r.closes_ms),
      assetTypes: r.asset_types,
      // The title is shown already: the excerpt comes from the rest (numbers, owners, descriptions).
      snippet: snippet(r.search_text.split("\n").slice(1).join(" "), input.terms),
    }));
  }

  /** The total and every facet's counts, from one scan of the rows that match all but the facet filters. */
  private async counts(common: SQL[], facetFilter: Record<CatalogueFacet, SQL | null>) {
    const flag = (facet: CatalogueFacet) => facetFilter[facet] ?? sql`true`;
    const others = (facet: CatalogueFacet) =>
      sql.join(
        CATALOGUE_FACETS.filter((f) => f !== facet).map((f) => sql.raw(`f_${f}`)),
        sql` and `,
      );
    const rows = rowsOf<{ facet: CatalogueFacet | "total"; value: string; n: number }>(
      await this.deps.db.execute(sql`
        with base as materialized (
          select l.mode, l.status, l.region, l.asset_types,
                 ${flag("assetTypes")} as f_assetTypes, ${flag("modes")} as f_modes,
                 ${flag("statuses")} as f_statuses, ${flag("regions")} as f_regions
          from listings l
          where ${sql.join(common, sql` and `)}
        )
        select 'total' as facet, '' as value, (count(*) filter (where f_assetTypes and f_modes and f_statuses and f_regions))::int as n from base
        union all
        select 'modes', mode::text, count(*)::int from base where ${others("modes")} group by mode
        union all
        select 'statuses', status::text, count(*)::int from base where ${others("statuses")} group by status
        union all
        select 'regions', region, count(*)::int from base where ${others("regions")} group by region
        union all
        select 'assetTypes', t.value, count(*)::int from base cross join lateral unnest(asset_types) as t(value) where ${others("assetTypes")} group by t.value`),
    );
    const found = (facet: CatalogueFacet) => new Map(rows.filter((r) => r.facet === facet).map((r) => [r.value, Number(r.n)]));
    // Fixed vocabularies list every value (a zero tells the visitor as much); regions only those present.
    const complete = (facet: CatalogueFacet, values: readonly string[]) => {
      const counts = found(facet);
      return values.map((value) => ({ value, count: counts.get(value) ?? 0 }));
    };
    const regions = [...found("regions")].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      total: Number(rows.find((r) => r.facet === "total")?.n ?? 0),
      facets: {
        assetTypes: complete("assetTypes", ASSET_TYPES),
        modes: complete("modes", LISTING_MODES),
        statuses: complete("statuses", PUBLIC_STATUSES),
        regions,
      } satisfies Record<CatalogueFacet, FacetCount[]>,
    };
  }
}
