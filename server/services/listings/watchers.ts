import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listingAssets, listings, users, watchlistEntries } from "../../../db/schema";
import { lookup } from "../collateral/import/chunks";
import { type Recipient, notifyPeople } from "../notifier";
import { type ListingNotice, listingLink, listingMail } from "./notices";

export type WatchNotice = Extract<ListingNotice, `watched_listing_${string}`>;

/** Changed rights matter to watchers while the listing is still on offer; after that its outcome is the news. */
const ON_OFFER = ["announced", "open"] as const;

async function tell(tx: DbOrTx, listing: { id: string; title: string }, people: readonly Recipient[], kind: WatchNotice, now: Date) {
  await notifyPeople(tx, people, [{ kind, data: { title: listing.title }, link: listingLink(listing) }], listingMail(listing, kind), now);
}

/** Tells everyone watching the listing, inside the transaction that caused the news. */
export async function tellWatchers(tx: DbOrTx, listing: { id: string; title: string }, kind: WatchNotice, now: Date): Promise<void> {
  const people = await tx
    .select({ userId: watchlistEntries.userId, organisationId: watchlistEntries.organisationId, email: users.email })
    .from(watchlistEntries)
    .innerJoin(users, eq(users.id, watchlistEntries.userId))
    .where(eq(watchlistEntries.listingId, listing.id));
  await tell(tx, listing, people, kind, now);
}

/** The facts of these rights changed: watchers of every listing on offer that holds one are told, once per listing. */
export async function tellWatchersOfAssets(tx: DbOrTx, assetIds: Iterable<string>, now: Date): Promise<void> {
  const rows = await lookup(assetIds, (chunk) =>
    tx
      .selectDistinct({ listingId: listings.id, title: listings.title, userId: watchlistEntries.userId, organisationId: watchlistEntries.organisationId, email: users.email })
      .from(listingAssets)
      .innerJoin(listings, eq(listings.id, listingAssets.listingId))
      .innerJoin(watchlistEntries, eq(watchlistEntries.listingId, listings.id))
      .innerJoin(users, eq(users.id, watchlistEntries.userId))
      .where(and(inArray(listingAssets.assetId, chunk), inArray(listings.status, [...ON_OFFER]))),
  );
  const byListing = new Map<string, { title: string; people: Map<string, Recipient> }>();
  for (const r of rows) {
    const entry = byListing.get(r.listingId) ?? { title: r.title, people: new Map<string, Recipient>() };
    // One listing may hold several of the changed rights (and chunks may repeat a pair): one notice each.
    entry.people.set(r.userId, { userId: r.userId, organisationId: r.organisationId, email: r.email });
    byListing.set(r.listingId, entry);
  }
  for (const [id, { title, people }] of byListing) await tell(tx, { id, title }, [...people.values()], "watched_listing_changed", now);
}
