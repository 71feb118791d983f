import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { type BidEvent, type ClosedEvent, type JoinAnswer, type RoomState, applyBid, applyClosed, applyJoin, clockOffset } from "./room-state";

export type Connection = "connecting" | "live" | "offline";
export type BidAck = { ok: true; bid: { seq: number; amount: number; placedAt: string; bidderCode: string }; endsAt: string } | { ok: false; code: string; message?: string };

const emit = <T>(socket: Socket, event: string, payload: unknown) =>
  new Promise<T>((resolve) => {
    socket.timeout(10_000).emit(event, payload, (error: unknown, answer: T) => resolve(error ? ({ ok: false, code: "UNAVAILABLE" } as T) : answer));
  });

/**
 * The room over Socket.IO (same origin, the session cookie rides along): joins with the last seq held, so a
 * reconnect receives what it missed; measures the server clock's offset; applies broadcasts in seq order.
 */
export function useLotRoom(lotId: string, initial: RoomState) {
  const [state, setState] = useState(initial);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [offsetMs, setOffsetMs] = useState(0);
  const [outbidAt, setOutbidAt] = useState<number | null>(null);
  const held = useRef(initial);
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const socket = io({ transports: ["websocket"], reconnectionDelayMax: 5_000 });
    socketRef.current = socket;
    const update = (next: RoomState) => {
      held.current = next;
      setState(next);
    };
    const join = async () => {
      const answer = await emit<({ ok: true } & JoinAnswer) | { ok: false }>(socket, "lot:join", { lotId, sinceSeq: held.current.lot.seq });
      if (answer.ok) update(applyJoin(held.current, answer));
    };
    socket.on("connect", async () => {
      setConnection("live");
      const samples = [];
      for (let i = 0; i < 3; i++) {
        const sentAt = Date.now();
        const answer = await emit<{ ok: boolean; serverTime?: string }>(socket, "time:sync", {});
        if (answer.ok && answer.serverTime) samples.push({ sentAt, receivedAt: Date.now(), serverTime: Date.parse(answer.serverTime) });
      }
      setOffsetMs(clockOffset(samples));
      await join();
    });
    socket.on("disconnect", (reason) => {
      setConnection("offline");
      // The server ends a connection whose sign-in ended or changed: a new handshake carries the cookie as it is now.
      if (reason === "io server disconnect") socket.connect();
    });
    socket.io.on("reconnect_attempt", () => setConnection("connecting"));
    socket.on("lot:bid", (event: BidEvent) => {
      if (event.lotId !== lotId) return;
      const { state: next, gap } = applyBid(held.current, event);
      update(next);
      // A broadcast bid does not say whether the reserve is now met: the join answer does.
      if (gap || !next.lot.reserveMet) void join();
    });
    socket.on("lot:closed", (event: ClosedEvent) => {
      if (event.lotId === lotId) update(applyClosed(held.current, event));
    });
    socket.on("bid:outbid", (event: { lotId: string }) => {
      if (event.lotId === lotId) setOutbidAt(Date.now());
    });
    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [lotId]);

  const place = async (amount: number, maxAmount?: number): Promise<BidAck> => {
    const socket = socketRef.current;
    if (!socket?.connected) return { ok: false, code: "UNAVAILABLE" };
    const clientBidId = crypto.randomUUID();
    return emit<BidAck>(socket, "bid:place", { lotId, amount, clientBidId, ...(maxAmount === undefined ? {} : { maxAmount }) });
  };

  return { state, connection, offsetMs, outbidAt, place };
}
