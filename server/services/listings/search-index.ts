import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { ipAssets, listingAssets, listings } from "../../../db/schema";
import { type SearchDocument, searchDocument } from "../../domain/listings/search-tokens";

/**
 * The tsvector of a search document. Each weight's tokens are parsed by PostgreSQL's own parser, which
 * keeps them whole (letters and digits of one kind only, checked on PostgreSQL 15 and PGlite); weights let
 * a title match rank above a match deep in a description.
 */
export function searchTokensSql(tokens: SearchDocument["tokens"]) {
  return sql`setweight(to_tsvector('simple', ${tokens.a}), 'A') || setweight(to_tsvector('simple', ${tokens.b}), 'B') || setweight(to_tsvector('simple', ${tokens.c}), 'C') || to_tsvector('simple', ${tokens.d})`;
}

/**
 * Recomputes a listing's search columns (text, tokens, asset types, classes) from the listing and its
 * assets. Call it inside the transaction that changed either, after the change.
 */
export async function refreshSearchDocument(tx: DbOrTx, listingId: string): Promise<void> {
  const [listing] = await tx.select({ title: listings.title, description: listings.description }).from(listings).where(eq(listings.id, listingId));
  if (!listing) return;
  const assets = await tx
    .select({
      type: ipAssets.type,
      registryNumber: ipAssets.registryNumber,
      title: ipAssets.title,
      owners: ipAssets.owners,
      classes: ipAssets.classes,
      description: ipAssets.description,
    })
    .from(listingAssets)
    .innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId))
    .where(eq(listingAssets.listingId, listingId))
    .orderBy(asc(ipAssets.type), asc(ipAssets.registryNumber));
  const doc = searchDocument({ ...listing, assets });
  await tx
    .update(listings)
    .set({ searchText: doc.searchText, searchTokens: searchTokensSql(doc.tokens), assetTypes: doc.assetTypes, classes: doc.classes })
    .where(eq(listings.id, listingId));
}
