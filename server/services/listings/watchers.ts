import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listingAssets, listings, users, watchlistEntries } from "../../../db/schema";
import { lookup } from "../collateral/import/chunks";
import { type Recipient, notifyPeople } from "../notifier";

/** What watchers of a listing are told about, with the e-mail's words in both languages. */
export const WATCH_NOTICES = {
  watched_listing_opened: { zh: "您关注的挂牌已开始", en: "A listing you follow has opened" },
  watched_listing_closed: { zh: "您关注的挂牌已结束", en: "A listing you follow has closed" },
  watched_listing_withdrawn: { zh: "您关注的挂牌已撤回", en: "A listing you follow was withdrawn" },
  watched_listing_awarded: { zh: "您关注的挂牌已成交", en: "A listing you follow was awarded" },
  watched_listing_to_auction: { zh: "您关注的挂牌转为买方之间的竞价", en: "A listing you follow became an auction among its buyers" },
  watched_listing_changed: { zh: "您关注的挂牌中的权利信息有变更", en: "The facts of a right in a listing you follow changed" },
} as const;
export type WatchNotice = keyof typeof WATCH_NOTICES;

/** Changed rights matter to watchers while the listing is still on offer; after that its outcome is the news. */
const ON_OFFER = ["announced", "open"] as const;

async function tell(tx: DbOrTx, listing: { id: string; title: string }, people: readonly Recipient[], kind: WatchNotice, now: Date) {
  const words = WATCH_NOTICES[kind];
  const link = `/listings/${listing.id}`;
  await notifyPeople(tx, people, [{ kind, data: { title: listing.title }, link }], { subject: `[IPX] ${words.zh} / ${words.en}: ${listing.title}`, body: `${listing.title}\n${words.zh}\n${words.en}\n${link}\n` }, now);
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
