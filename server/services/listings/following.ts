import { and, count, desc, eq, gt, ne, sql } from "drizzle-orm";
import { listings, savedSearchMatches, savedSearches, users, watchlistEntries } from "../../../db/schema";
import { type CatalogueQuery, CatalogueQuerySchema } from "../../domain/listings/catalogue-query";
import type { ListingStatus } from "../../domain/listings/vocabulary";
import { fail, ok } from "../../domain/result";
import { SAVED_SEARCH_LIMIT, type SavedSearchInput } from "../../domain/schemas/following";
import { rowsOf } from "../../jobs/runner";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { notifyPeople } from "../notifier";
import { catalogueWhere } from "./catalogue";

/** Listings nobody but their seller may see, so nobody may follow them either. */
const HIDDEN: readonly ListingStatus[] = ["draft", "in_review", "withdrawn"];
/** Saved searches evaluated per statement (one `union all` branch each). */
const MATCH_BATCH = 200;

/** A stored query as the catalogue reads it; null if it no longer parses (the catalogue's rules moved on). */
function criteriaOf(stored: unknown): CatalogueQuery | null {
  const parsed = CatalogueQuerySchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * Following: a person's watchlist (told when a listing opens, closes or changes; see watchers.ts) and
 * saved searches (told once when a newly announced listing matches, by the catalogue's own conditions).
 */
export class FollowingService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Idempotent: watching twice keeps one entry. */
  async watch(principal: Principal, listingId: string) {
    const [l] = await this.deps.db.select({ status: listings.status }).from(listings).where(eq(listings.id, listingId));
    if (!l || HIDDEN.includes(l.status)) return fail("NOT_FOUND");
    await this.deps.db
      .insert(watchlistEntries)
      .values({ userId: principal.user.id, organisationId: principal.organisation.id, listingId, createdAt: this.deps.now() })
      .onConflictDoNothing();
    return ok({});
  }

  /** Idempotent, and open to listings since withdrawn: one can always stop following. */
  async unwatch(principal: Principal, listingId: string) {
    await this.deps.db.delete(watchlistEntries).where(and(eq(watchlistEntries.userId, principal.user.id), eq(watchlistEntries.listingId, listingId)));
    return ok({});
  }

  async isWatching(principal: Principal, listingId: string): Promise<boolean> {
    const [row] = await this.deps.db
      .select({ listingId: watchlistEntries.listingId })
      .from(watchlistEntries)
      .where(and(eq(watchlistEntries.userId, principal.user.id), eq(watchlistEntries.listingId, listingId)));
    return Boolean(row);
  }

  async watchlist(principal: Principal) {
    return this.deps.db
      .select({
        listingId: listings.id,
        title: listings.title,
        mode: listings.mode,
        status: listings.status,
        price: listings.price,
        currency: listings.currency,
        opensAt: listings.opensAt,
        closesAt: listings.closesAt,
        since: watchlistEntries.createdAt,
      })
      .from(watchlistEntries)
      .innerJoin(listings, eq(listings.id, watchlistEntries.listingId))
      .where(eq(watchlistEntries.userId, principal.user.id))
      .orderBy(desc(watchlistEntries.createdAt))
      .limit(500);
  }

  /** At most SAVED_SEARCH_LIMIT per person, counted under the person's row lock so two saves cannot both pass. */
  async saveSearch(principal: Principal, input: SavedSearchInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      await tx.select({ id: users.id }).from(users).where(eq(users.id, principal.user.id)).for("update");
      const [kept] = await tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.userId, principal.user.id));
      if ((kept?.n ?? 0) >= SAVED_SEARCH_LIMIT) return fail("SAVED_SEARCH_LIMIT", { limit: SAVED_SEARCH_LIMIT });
      const [row] = await tx
        .insert(savedSearches)
        .values({ userId: principal.user.id, organisationId: principal.organisation.id, name: input.name, query: input.query, createdAt: now })
        .returning({ id: savedSearches.id });
      return ok({ id: row!.id });
    });
  }

  async savedSearches(principal: Principal) {
    const rows = await this.deps.db.select().from(savedSearches).where(eq(savedSearches.userId, principal.user.id)).orderBy(desc(savedSearches.createdAt));
    return rows.map((s) => ({ id: s.id, name: s.name, query: criteriaOf(s.query) ?? {}, createdAt: s.createdAt }));
  }

  /** Another person's saved search answers as a missing one. */
  async deleteSearch(principal: Principal, id: string) {
    const rows = await this.deps.db.delete(savedSearches).where(and(eq(savedSearches.id, id), eq(savedSearches.userId, principal.user.id))).returning({ id: savedSearches.id });
    return rows.length > 0 ? ok({}) : fail("NOT_FOUND");
  }

  /**
   * Announces a listing to the saved searches it matches (the job `listing:match-searches`). Each batch
   * of searches is one statement of the catalogue's own conditions restricted to this listing; a match is
   * recorded and told in one transaction, and the primary key makes a second run (or a second process)
   * record nothing and tell no one. The seller's own organisation is not told about its listing.
   */
  async matchSearches(listingId: string): Promise<number> {
    const now = this.deps.now();
    const [l] = await this.deps.db.select({ id: listings.id, title: listings.title, organisationId: listings.organisationId }).from(listings).where(eq(listings.id, listingId));
    if (!l) return 0;
    let told = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const batch = await this.deps.db
        .select({ id: savedSearches.id, name: savedSearches.name, query: savedSearches.query, userId: savedSearches.userId, organisationId: savedSearches.organisationId, email: users.email })
        .from(savedSearches)
        .innerJoin(users, eq(users.id, savedSearches.userId))
        .where(and(gt(savedSearches.id, after), ne(savedSearches.organisationId, l.organisationId)))
        .orderBy(savedSearches.id)
        .limit(MATCH_BATCH);
      if (batch.length === 0) return told;
      after = batch.at(-1)!.id;
      const branches = batch.flatMap((s) => {
        const criteria = criteriaOf(s.query);
        return criteria ? [sql`select ${s.id}::uuid as id from listings l where l.id = ${l.id}::uuid and ${catalogueWhere(criteria, now)}`] : [];
      });
      if (branches.length === 0) continue;
      told += await this.deps.db.transaction(async (tx) => {
        const matched = rowsOf<{ id: string }>(await tx.execute(sql.join(branches, sql` union all `)));
        if (matched.length === 0) return 0;
        const inserted = await tx
          .insert(savedSearchMatches)
          .values(matched.map((m) => ({ savedSearchId: m.id, listingId: l.id, at: now })))
          .onConflictDoNothing()
          .returning({ id: savedSearchMatches.savedSearchId });
        for (const { id } of inserted) {
          const s = batch.find((b) => b.id === id)!;
          await notifyPeople(
            tx,
            [{ userId: s.userId, organisationId: s.organisationId, email: s.email }],
            [{ kind: "saved_search_match", data: { search: s.name, title: l.title }, link: `/listings/${l.id}` }],
            { subject: `[IPX] 新挂牌符合您保存的搜索 / New listing for your saved search “${s.name}”: ${l.title}`, body: `${l.title}\n保存的搜索 / Saved search: ${s.name}\n/listings/${l.id}\n` },
            now,
          );
        }
        return inserted.length;
      });
    }
  }
}
