import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { listings, lots } from "../../../db/schema";
import type { LotRules, LotState } from "../../domain/bidding/engine";
import type { ListingRow } from "../listings/offers/common";

export type LotRow = typeof lots.$inferSelect;

/** A lot as the engine sees it: its listing, the rules from the listing's terms, and the live state (bidders are organisation ids). */
export type LoadedLot = { listing: ListingRow; row: LotRow; rules: LotRules; state: LotState; reserveHidden: boolean };

/** Bids are taken while the listing is public and undecided; a withdrawn listing's lot is over. */
const LIVE_STATUSES = new Set(["announced", "open"]);

type StoredTerms = {
  startPrice?: number;
  reserve?: number | null;
  reserveHidden?: boolean;
  incrementKind?: "fixed" | "stepped";
  increment?: number | null;
  antiSnipeWindowSeconds?: number;
  antiSnipeExtensionSeconds?: number;
  proxyBids?: boolean;
};

/** The engine's rules from the listing's stored terms (jsonb: amounts as numbers, as `jsonSafe` wrote them). */
export function rulesOf(listing: ListingRow): LotRules {
  const t = listing.terms as StoredTerms;
  const fixed = t.incrementKind !== "stepped" && t.increment !== null && t.increment !== undefined;
  return {
    startPrice: BigInt(t.startPrice ?? Number(listing.price)),
    reserve: t.reserve === null || t.reserve === undefined ? null : BigInt(t.reserve),
    increment: fixed ? { kind: "fixed", amount: BigInt(t.increment!) } : { kind: "stepped" },
    antiSnipeWindowMs: (t.antiSnipeWindowSeconds ?? 0) * 1000,
    antiSnipeExtensionMs: (t.antiSnipeExtensionSeconds ?? 0) * 1000,
    proxyBids: t.proxyBids === true,
  };
}

export function stateOf(row: LotRow, listing: ListingRow): LotState {
  return {
    opensAt: row.opensAt.getTime(),
    endsAt: row.endsAt.getTime(),
    closed: row.closedAt !== null || !LIVE_STATUSES.has(listing.status),
    seq: row.seq,
    price: row.price,
    leader:
      row.leaderOrganisationId === null
        ? null
        : { bidder: row.leaderOrganisationId, ceiling: row.leaderCeiling ?? row.price ?? 0n, priority: row.leaderPriorityRank === null ? null : { rank: row.leaderPriorityRank } },
  };
}

function loaded(listing: ListingRow, row: LotRow): LoadedLot {
  return { listing, row, rules: rulesOf(listing), state: stateOf(row, listing), reserveHidden: (listing.terms as StoredTerms).reserveHidden !== false };
}

/** May this listing have a lot row? An English auction that is (or was) public, with its times set. */
function isAuction(listing: ListingRow | undefined): listing is ListingRow & { opensAt: Date; closesAt: Date } {
  return Boolean(listing && listing.mode === "english_auction" && listing.opensAt && listing.closesAt && !["draft", "in_review"].includes(listing.status));
}

/** Creates the lot row of an announced or open English auction on first use (idempotent; times from the listing). */
export async function ensureLot(tx: DbOrTx, listing: ListingRow, now: Date): Promise<boolean> {
  if (!isAuction(listing)) return false;
  if (!LIVE_STATUSES.has(listing.status)) {
    const [existing] = await tx.select({ id: lots.listingId }).from(lots).where(eq(lots.listingId, listing.id));
    return Boolean(existing);
  }
  await tx.insert(lots).values({ listingId: listing.id, opensAt: listing.opensAt, endsAt: listing.closesAt, updatedAt: now }).onConflictDoNothing();
  return true;
}

/**
 * Locks and loads a lot for a decision. The row lock (FOR UPDATE) is what keeps several processes
 * consistent: every decision on the lot, in any process, waits here for the one before it.
 */
export async function lockLot(tx: DbOrTx, lotId: string, now: Date): Promise<LoadedLot | null> {
  const locked = () => tx.select({ row: lots, listing: listings }).from(lots).innerJoin(listings, eq(listings.id, lots.listingId)).where(eq(lots.listingId, lotId)).for("update", { of: lots });
  let [found] = await locked();
  if (!found) {
    const [listing] = await tx.select().from(listings).where(eq(listings.id, lotId));
    if (!listing || !(await ensureLot(tx, listing, now))) return null;
    [found] = await locked();
  }
  return found ? loaded(found.listing, found.row) : null;
}

/** Reads a lot without a lock (for watchers), creating its row on first use. */
export async function readLot(db: DbOrTx, lotId: string, now: Date): Promise<LoadedLot | null> {
  const [found] = await db.select({ listing: listings, row: lots }).from(listings).leftJoin(lots, eq(lots.listingId, listings.id)).where(eq(listings.id, lotId));
  if (!found || !isAuction(found.listing)) return null;
  if (found.row) return loaded(found.listing, found.row);
  if (!(await ensureLot(db, found.listing, now))) return null;
  const [row] = await db.select().from(lots).where(eq(lots.listingId, lotId));
  return row ? loaded(found.listing, row) : null;
}

/** Writes the engine's state and the bid chain's head back to the locked row. */
export async function saveLot(tx: DbOrTx, lotId: string, state: LotState, chainHead: string, now: Date): Promise<void> {
  await tx
    .update(lots)
    .set({
      seq: state.seq,
      price: state.price,
      leaderOrganisationId: state.leader?.bidder ?? null,
      leaderCeiling: state.leader?.ceiling ?? null,
      leaderPriorityRank: state.leader?.priority?.rank ?? null,
      endsAt: new Date(state.endsAt),
      chainHead,
      updatedAt: now,
    })
    .where(eq(lots.listingId, lotId));
}
