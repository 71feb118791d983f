/**
 * The live room's state in the browser, built only from what the socket contract sends (docs/domain.md): the
 * `lot:join` answer, then `lot:bid` and `lot:closed` broadcasts. Events may arrive late, twice or out of
 * order across server processes: anything at or below the sequence number already held is ignored, and a
 * gap is filled by joining again with `sinceSeq`.
 */
export type RoomBid = { seq: number; amount: number; bidderCode: string; placedAt: string };
export type RoomLot = { id: string; status: string; currency: string; currentPrice: number | null; minNextBid: number; seq: number; endsAt: string; reserveMet: boolean };
export type RoomClose = { outcome: "sold" | "unsold"; finalPrice: number | null; winnerCode: string | null };
export type RoomState = { lot: RoomLot; bids: RoomBid[]; closed: RoomClose | null };

export type JoinAnswer = { lot: RoomLot; bids: RoomBid[]; hasMore: boolean };
export type BidEvent = { lotId: string; seq: number; amount: number; bidderCode: string; placedAt: string; endsAt: string; minNextBid: number };
export type ClosedEvent = { lotId: string } & RoomClose;

/** How many bids the room keeps in memory and on screen (newest first). */
export const ROOM_HISTORY = 200;

const newestFirst = (bids: RoomBid[]) => [...new Map(bids.map((b) => [b.seq, b])).values()].sort((a, b) => b.seq - a.seq).slice(0, ROOM_HISTORY);

/** A join (first, or again after a reconnect with `sinceSeq`): its bids are added to what the room holds. */
export function applyJoin(state: RoomState | null, answer: JoinAnswer): RoomState {
  if (state && answer.lot.seq < state.lot.seq) return { ...state, bids: newestFirst([...state.bids, ...answer.bids]) };
  return { lot: answer.lot, bids: newestFirst([...(state?.bids ?? []), ...answer.bids]), closed: state?.closed ?? null };
}

/** A broadcast bid: applied when newer than what the room holds; `gap` tells the caller to join again. */
export function applyBid(state: RoomState, event: BidEvent): { state: RoomState; gap: boolean } {
  if (event.seq <= state.lot.seq) return { state, gap: false };
  const gap = event.seq > state.lot.seq + 1;
  const bid = { seq: event.seq, amount: event.amount, bidderCode: event.bidderCode, placedAt: event.placedAt };
  return {
    state: { ...state, lot: { ...state.lot, seq: event.seq, currentPrice: event.amount, minNextBid: event.minNextBid, endsAt: event.endsAt }, bids: newestFirst([bid, ...state.bids]) },
    gap,
  };
}

export function applyClosed(state: RoomState, event: ClosedEvent): RoomState {
  return { ...state, lot: { ...state.lot, status: event.outcome === "sold" ? "awarded" : "unsold" }, closed: { outcome: event.outcome, finalPrice: event.finalPrice, winnerCode: event.winnerCode } };
}

export type Standing = "leading" | "outbid" | "watching";

/** Where this bidder stands: leading with the newest bid, outbid once it has bid, otherwise watching. */
export function standing(state: RoomState, myCode: string | null): Standing {
  if (!myCode) return "watching";
  const top = state.bids[0];
  if (top?.bidderCode === myCode) return "leading";
  return state.bids.some((b) => b.bidderCode === myCode) ? "outbid" : "watching";
}

/** A bid more than half as much again as the least allowed asks for a second look before it is sent. */
export function isLargeJump(amount: number, minNextBid: number): boolean {
  return amount * 2 > minNextBid * 3;
}

/**
 * The server clock's offset from this browser's, from one `time:sync` round trip: the server read its clock
 * about halfway between sending and receiving. Of several samples, the one with the shortest trip wins.
 */
export function clockOffset(samples: ReadonlyArray<{ sentAt: number; receivedAt: number; serverTime: number }>): number {
  const best = [...samples].sort((a, b) => a.receivedAt - a.sentAt - (b.receivedAt - b.sentAt))[0];
  return best ? best.serverTime - (best.sentAt + best.receivedAt) / 2 : 0;
}

/** Milliseconds left on the server's clock, never below zero. */
export function remainingMs(endsAt: string, browserNow: number, offsetMs: number): number {
  return Math.max(0, Date.parse(endsAt) - (browserNow + offsetMs));
}
