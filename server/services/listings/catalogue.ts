import { type SQL, sql } from "drizzle-orm";
import { ASSET_TYPES, type AssetType } from "../../domain/collateral/vocabulary";
import {
  CATALOGUE_FACETS,
  type CatalogueFacet,
  type CatalogueQuery,
  type CatalogueSort,
  MAX_PAGE_SIZE,
  PUBLIC_STATUSES,
  type PublicStatus,
  RECENTLY_CLOSED_DAYS,
} from "../../domain/listings/catalogue-query";
import { type SearchTerm, normaliseClass, searchQuery, snippet, tsQueryText } from "../../domain/listings/search-tokens";
import { LISTING_MODES, type ListingMode } from "../../domain/listings/vocabulary";
import type { ServiceDeps } from "../context";

export type CatalogueItem = {
  id: string;
  title: string;
  mode: ListingMode;
  status: PublicStatus;
  price: bigint;
  currency: string;
  region: string;
  opensAt: Date | null;
  closesAt: Date | null;
  assetTypes: AssetType[];
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

/** A page row as the statement returns it (JSON: price as text, so no precision is lost on the way). */
type ItemJson = {
  id: string;
  title: string;
  mode: ListingMode;
  status: PublicStatus;
  price: string;
  currency: string;
  region: string;
  opens_at: string | null;
  closes_at: string | null;
  asset_types: AssetType[];
  search_text: string;
};
type CountJson = { facet: CatalogueFacet | "total"; value: string; n: number };

const DEFAULT_PAGE_SIZE = 20;
const HOUR_MS = 3_600_000;

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** postgres.js hands json columns over parsed, other drivers may not. */
function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * How well a matching listing answers the text: how many search terms its title holds. Counting in the
 * title is a few string searches on a column stored in the row; ts_rank would read every match's whole
 * token vector (out of line), which costs seconds on broad queries such as 专利 over 100,000 listings.
 */
function titleScore(terms: readonly SearchTerm[]): SQL {
  const hits = terms.map((t) => (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(t.token) ? sql`(strpos(l.title, ${t.token}) > 0)::int` : sql`(strpos(lower(l.title), ${t.token}) > 0)::int`));
  return hits.length > 0 ? sql.join(hits, sql` + `) : sql`0`;
}

/** Conditions by column name, so the same filter reads a listing row (`l.`) or a row of counts (no alias). */
type Filters = { common: SQL[]; facet: (alias: "l." | "") => Record<CatalogueFacet, SQL> };

function filtersOf(query: CatalogueQuery, terms: readonly SearchTerm[], now: Date): Filters {
  const closedSince = new Date(now.getTime() - RECENTLY_CLOSED_DAYS * 24 * HOUR_MS).toISOString();
  // Public first, in the very words of the catalogue indexes' predicate and as literals (a prepared
  // statement's generic plan could not prove a parameter matches it), so those partial indexes serve.
  const common: SQL[] = [
    sql`l.status in (${sql.raw(PUBLIC_STATUSES.map((s) => `'${s}'`).join(", "))})`,
    sql`(l.status in ('announced', 'open') or l.closes_at >= ${closedSince}::timestamptz)`,
  ];
  if (terms.length > 0) common.push(sql`l.search_tokens @@ to_tsquery('simple', ${tsQueryText(terms)})`);
  const classes = [...new Set((query.classes ?? []).map(normaliseClass).filter((c) => c !== ""))];
  if (classes.length > 0) common.push(sql`l.classes && array[${list(classes)}]::text[]`);
  if (query.priceMin !== undefined || query.priceMax !== undefined) {
    common.push(sql`l.currency = ${query.currency ?? "CNY"}`);
    if (query.priceMin !== undefined) common.push(sql`l.price >= ${String(query.priceMin)}::bigint`);
    if (query.priceMax !== undefined) common.push(sql`l.price <= ${String(query.priceMax)}::bigint`);
  } else if (query.currency) common.push(sql`l.currency = ${query.currency}`);
  if (query.endingWithinHours !== undefined) {
    const until = new Date(now.getTime() + query.endingWithinHours * HOUR_MS).toISOString();
    common.push(sql`l.closes_at >= ${now.toISOString()}::timestamptz and l.closes_at <= ${until}::timestamptz`);
  }
  // Values within one facet are alternatives (OR); facets combine with AND.
  const facet = (alias: "l." | "") => {
    const column = (name: string) => sql.raw(`${alias}${name}`);
    return {
      assetTypes: query.assetTypes?.length ? sql`${column("asset_types")} && array[${list(query.assetTypes)}]::text[]` : sql`true`,
      modes: query.modes?.length ? sql`${column("mode")} in (${list(query.modes)})` : sql`true`,
      statuses: query.statuses?.length ? sql`${column("status")} in (${list(query.statuses)})` : sql`true`,
      regions: query.region ? sql`${column("region")} = ${query.region}` : sql`true`,
    };
  };
  return { common, facet };
}

/**
 * Whether a listing row (`l`) answers the query: public, the text and every filter, exactly as the
 * catalogue decides it. Saved searches are matched with this very condition.
 */
export function catalogueWhere(query: CatalogueQuery, now: Date): SQL {
  const { common, facet } = filtersOf(query, searchQuery(query.q ?? ""), now);
  const onListing = facet("l.");
  return sql.join([...common, ...CATALOGUE_FACETS.map((f) => onListing[f])], sql` and `);
}

/**
 * The public catalogue: full-text search (CJK bigrams and words, see search-tokens.ts) over the GIN index,
 * filters, sorting, pages, and counts per filter value, each facet counted as if its own filter were off
 * (so a visitor sees what ticking another box would give). One statement: the rows matching the text and
 * the filters that are not facets are grouped by (mode, status, region, asset types) — a few thousand
 * groups at most — and the total and every facet count are sums over those groups; the rows that also
 * match the facet filters give the page. See docs/decisions/005-catalogue-search.md.
 */
export class CatalogueService {
  constructor(private readonly deps: ServiceDeps) {}

  async search(query: CatalogueQuery): Promise<CatalogueResult> {
    const now = this.deps.now();
    const nowIso = now.toISOString();
    const terms = searchQuery(query.q ?? "");
    const sort: CatalogueSort = query.sort === "relevance" && terms.length === 0 ? "ending_soon" : (query.sort ?? (terms.length > 0 ? "relevance" : "ending_soon"));
    const page = query.page ?? 1;
    const pageSize = Math.min(query.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const { common, facet } = filtersOf(query, terms, now);
    const onListing = facet("l.");
    const onGroup = facet("");
    const matchesFacets = sql.join(
      CATALOGUE_FACETS.map((f) => onListing[f]),
      sql` and `,
    );
    const allGroups = sql.join(
      CATALOGUE_FACETS.map((f) => onGroup[f]),
      sql` and `,
    );
    const othersThan = (facetName: CatalogueFacet) =>
      sql.join(
        CATALOGUE_FACETS.filter((f) => f !== facetName).map((f) => onGroup[f]),
        sql` and `,
      );

    // `base`: the rows matching all but the facet filters. Grouped, they give every count; those that also
    // match the facets give the page. With text, base is read once through the GIN index and kept (a
    // second pass would read the heap again, and left to itself the planner may filter tokens row by row,
    // reading each row's out-of-line token vector). Without text, both uses are cheaper as scans of their
    // own over the catalogue's covering index.
    const statement = sql`
        with base as ${sql.raw(terms.length > 0 ? "materialized" : "not materialized")} (
          select l.id, l.mode, l.status, l.region, l.asset_types, l.price, l.closes_at, coalesce(l.announce_at, l.created_at) as listed_at,
                 ${matchesFacets} as listed,
                 ${sort === "relevance" ? sql`case when ${matchesFacets} then ${titleScore(terms)} end` : sql`0`} as score
          from listings l
          where ${sql.join(common, sql` and `)}
        ),
        groups as (
          select mode, status, region, asset_types, count(*)::int as n from base group by mode, status, region, asset_types
        ),
        counts as (
          select 'total' as facet, '' as value, coalesce(sum(n) filter (where ${allGroups}), 0)::int as n from groups
          union all
          select 'modes', mode::text, sum(n)::int from groups where ${othersThan("modes")} group by mode
          union all
          select 'statuses', status::text, sum(n)::int from groups where ${othersThan("statuses")} group by status
          union all
          select 'regions', region, sum(n)::int from groups where ${othersThan("regions")} group by region
          union all
          select 'assetTypes', t.value, sum(n)::int from groups cross join lateral unnest(asset_types) as t(value) where ${othersThan("assetTypes")} group by t.value
        ),
        page as (
          select * from base p where p.listed order by ${orderBy(sort, nowIso)}, p.id limit ${pageSize} offset ${(page - 1) * pageSize}
        )
        select
          (select json_agg(json_build_object(
             'id', l.id, 'title', l.title, 'mode', l.mode, 'status', l.status, 'price', l.price::text, 'currency', l.currency,
             'region', l.region, 'opens_at', l.opens_at, 'closes_at', l.closes_at, 'asset_types', l.asset_types, 'search_text', l.search_text
           ) order by ${orderBy(sort, nowIso)}, p.id) from page p join listings l on l.id = p.id) as items,
          (select json_agg(c) from counts c) as counts`;
    const [row] = rowsOf<{ items: unknown; counts: unknown }>(
      await this.deps.db.transaction(
        async (tx) => {
          // A catalogue query is small and many run at once: parallel workers cost more to start than they
          // save here, and a few MB more for sorting and hashing keep the counts off the disk.
          await tx.execute(sql`select set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '16MB', true)`);
          return tx.execute(statement);
        },
        { accessMode: "read only" },
      ),
    );
    const items = parsed<ItemJson[] | null>(row?.items) ?? [];
    const counts = parsed<CountJson[] | null>(row?.counts) ?? [];
    return {
      items: items.map((r) => ({
        id: r.id,
        title: r.title,
        mode: r.mode,
        status: r.status,
        price: BigInt(r.price),
        currency: r.currency,
        region: r.region,
        opensAt: r.opens_at === null ? null : new Date(r.opens_at),
        closesAt: r.closes_at === null ? null : new Date(r.closes_at),
        assetTypes: r.asset_types,
        // The title is shown already: the excerpt comes from the rest (numbers, owners, descriptions).
        snippet: snippet(r.search_text.split("\n").slice(1).join(" "), terms),
      })),
      total: Number(counts.find((c) => c.facet === "total")?.n ?? 0),
      page,
      pageSize,
      sort,
      terms,
      facets: facetsOf(counts),
    };
  }
}

/** The page's order, over rows of `base` (aliased `p`). */
function orderBy(sort: CatalogueSort, nowIso: string): SQL {
  const endingSoon = sql`(p.closes_at < ${nowIso}::timestamptz or p.closes_at is null), case when p.closes_at >= ${nowIso}::timestamptz then p.closes_at end asc, p.closes_at desc`;
  const orders: Record<CatalogueSort, SQL> = {
    relevance: sql`p.score desc, ${endingSoon}`,
    ending_soon: endingSoon,
    price_asc: sql`p.price asc`,
    price_desc: sql`p.price desc`,
    newest: sql`p.listed_at desc`,
  };
  return orders[sort];
}

/** Fixed vocabularies list every value (a zero tells the visitor as much); regions only those present. */
function facetsOf(counts: readonly CountJson[]): Record<CatalogueFacet, FacetCount[]> {
  const found = (facet: CatalogueFacet) => new Map(counts.filter((c) => c.facet === facet).map((c) => [c.value, Number(c.n)]));
  const complete = (facet: CatalogueFacet, values: readonly string[]) => {
    const byValue = found(facet);
    return values.map((value) => ({ value, count: byValue.get(value) ?? 0 }));
  };
  return {
    assetTypes: complete("assetTypes", ASSET_TYPES),
    modes: complete("modes", LISTING_MODES),
    statuses: complete("statuses", PUBLIC_STATUSES),
    regions: [...found("regions")].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
  };
}
