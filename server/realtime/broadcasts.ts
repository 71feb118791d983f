import type { Server } from "socket.io";
import type { EventBus, LotBid } from "../services/events";
import { lotRoom } from "./handlers/lots";

/** A lot's room hears at most one `lot:bid` per this interval; the first change goes out at once. */
export const COALESCE_MS = 100;

export const organisationRoom = (organisationId: string) => `org:${organisationId}`;

type Pending = { lastSent: number; newest: LotBid | null; timer: NodeJS.Timeout | null };

/**
 * Committed bidding news to the sockets: `lot:bid` and `lot:closed` to the lot's room, `bid:outbid` to the
 * outbid organisation's sockets. Through the adapter these reach every process's sockets. A burst of bids
 * becomes the newest state at most every 100 ms per lot (its seq may jump; `lot:join` fills gaps).
 */
export function relayBidding(io: Server, bus: EventBus): () => void {
  const lots = new Map<string, Pending>();
  const send = (bid: LotBid, pending: Pending) => {
    pending.lastSent = Date.now();
    io.to(lotRoom(bid.lotId)).emit("lot:bid", bid);
  };
  const flush = (lotId: string) => {
    const pending = lots.get(lotId);
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    pending.timer = null;
    if (pending.newest) send(pending.newest, pending);
    pending.newest = null;
  };

  const subscriptions = [
    bus.subscribe("lot:bid", (bid) => {
      const pending = lots.get(bid.lotId) ?? { lastSent: 0, newest: null, timer: null };
      lots.set(bid.lotId, pending);
      const wait = pending.lastSent + COALESCE_MS - Date.now();
      if (!pending.timer && wait <= 0) return send(bid, pending);
      if (!pending.newest || pending.newest.seq < bid.seq) pending.newest = bid;
      pending.timer ??= setTimeout(() => flush(bid.lotId), Math.max(0, wait));
    }),
    bus.subscribe("lot:closed", (closed) => {
      flush(closed.lotId);
      lots.delete(closed.lotId);
      io.to(lotRoom(closed.lotId)).emit("lot:closed", closed);
    }),
    // One broadcast for the batch's outbid organisations: across processes the adapter sends one message, not one each.
    bus.subscribe("bid:outbid", ({ organisationIds, lotId, amount, seq }) => {
      io.to(organisationIds.map(organisationRoom)).emit("bid:outbid", { lotId, amount, seq });
    }),
  ];
  return () => {
    for (const unsubscribe of subscriptions) unsubscribe();
    for (const lotId of [...lots.keys()]) flush(lotId);
    lots.clear();
  };
}
