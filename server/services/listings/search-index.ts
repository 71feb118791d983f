import { asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { ipAssets, listingAssets, listings } from "../../../db/schema";
import { type SearchDocument, searchDocument } from "../../domain/listings/search-tokens";
import { chunked, lookup } from "../collateral/import/chunks";

/** Listings recomputed per statement: each carries its whole search text, so a few hundred at a time. */
const REFRESH_CHUNK = 200;

/**
 * The tsvector of a search document. Each weight's tokens are parsed by PostgreSQL's own parser, which
 * keeps them whole (letters and digits of one kind only, checked on PostgreSQL 15 and PGlite); weights let
 * a title match rank above a match deep in a description.
 */
export function searchTokensSql(tokens: SearchDocument["tokens"]) {
  return sql`setweight(to_tsvector('simple', ${tokens.a}), 'A') || setweight(to_tsvector('simple', ${tokens.b}), 'B') || setweight(to_tsvector('simple', ${tokens.c}), 'C') || to_tsvector('simple', ${tokens.d})`;
}

const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/**
 * Recomputes listings' search columns (text, tokens, asset types, classes) from each listing and its
 * assets: one read of the listings, one of their assets and one update per chunk. Call it inside the
 * transaction that changed either, after the change.
 */
async function refreshListings(tx: DbOrTx, listingIds: readonly string[]): Promise<void> {
  for (const ids of chunked([...new Set(listingIds)], REFRESH_CHUNK)) {
    const rows = await tx.select({ id: listings.id, title: listings.title, description: listings.description }).from(listings).where(inArray(listings.id, ids));
    if (rows.length === 0) continue;
    const assets = await tx
      .select({
        listingId: listingAssets.listingId,
        type: ipAssets.type,
        registryNumber: ipAssets.registryNumber,
        title: ipAssets.title,
        owners: ipAssets.owners,
        classes: ipAssets.classes,
        description: ipAssets.description,
      })
      .from(listingAssets)
      .innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId))
      .where(inArray(listingAssets.listingId, ids))
      .orderBy(asc(ipAssets.type), asc(ipAssets.registryNumber));
    const assetsOf = new Map<string, typeof assets>();
    for (const a of assets) {
      const held = assetsOf.get(a.listingId);
      if (held) held.push(a);
      else assetsOf.set(a.listingId, [a]);
    }
    const values = rows.map((l) => {
      const doc = searchDocument({ ...l, assets: assetsOf.get(l.id) ?? [] });
      return sql`(${l.id}::uuid, ${doc.searchText}, ${searchTokensSql(doc.tokens)}, ${textArray(doc.assetTypes)}, ${textArray(doc.classes)})`;
    });
    await tx.execute(sql`
      update ${listings} set search_text = v.text, search_tokens = v.tokens, asset_types = v.types, classes = v.classes
      from (values ${sql.join(values, sql`, `)}) as v(id, text, tokens, types, classes)
      where ${listings.id} = v.id`);
  }
}

/** Recomputes one listing's search columns; see refreshListings. */
export async function refreshSearchDocument(tx: DbOrTx, listingId: string): Promise<void> {
  await refreshListings(tx, [listingId]);
}

/**
 * Recomputes the search columns of every listing holding one of these rights, whatever its status (a
 * listing may come back to the catalogue). Call it in the transaction that changed the rights' facts.
 */
export async function refreshListingsOfAssets(tx: DbOrTx, assetIds: Iterable<string>): Promise<void> {
  const holding = await lookup(assetIds, (chunk) => tx.selectDistinct({ id: listingAssets.listingId }).from(listingAssets).where(inArray(listingAssets.assetId, chunk)));
  await refreshListings(tx, [...new Set(holding.map((h) => h.id))]);
}
