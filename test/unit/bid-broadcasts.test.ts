import type { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { relayBidding } from "../../server/realtime/broadcasts";
import { EventBus, type LotBid } from "../../server/services/events";

const LOT = "6f1c1f56-7f3c-4d0e-9d59-1a2b3c4d5e6f";
const bid = (seq: number): LotBid => ({ lotId: LOT, seq, amount: 1_000_000 + seq, bidderCode: "A1", placedAt: "2026-11-27T09:00:00.000Z", endsAt: "2026-11-27T10:00:00.000Z", minNextBid: 1_010_000 + seq });

function fakeIo() {
  const sent: { room: string; event: string; payload: unknown }[] = [];
  const io = { to: (rooms: string | string[]) => ({ emit: (event: string, payload: unknown) => sent.push({ room: String(rooms), event, payload }) }) } as unknown as Server;
  return { io, sent };
}

describe("the room's bid news", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date("2026-11-27T09:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("sends the first change at once, then the newest state at most every 100 ms, and flushes before the close", () => {
    const bus = new EventBus();
    const { io, sent } = fakeIo();
    const stop = relayBidding(io, bus);
    bus.publish("lot:bid", bid(1));
    expect(sent.map((s) => (s.payload as LotBid).seq)).toEqual([1]);
    bus.publish("lot:bid", bid(2));
    bus.publish("lot:bid", bid(4));
    bus.publish("lot:bid", bid(3));
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => (s.payload as LotBid).seq)).toEqual([1, 4]);
    bus.publish("lot:bid", bid(5));
    bus.publish("lot:closed", { lotId: LOT, outcome: "sold", finalPrice: 1_000_005, winnerCode: "A1" });
    expect(sent.map((s) => [s.room, s.event])).toEqual([
      [`lot:${LOT}`, "lot:bid"],
      [`lot:${LOT}`, "lot:bid"],
      [`lot:${LOT}`, "lot:bid"],
      [`lot:${LOT}`, "lot:closed"],
    ]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(4);
    stop();
  });

  it("sends outbid news once to the outbid organisations' rooms only, without their ids", () => {
    const bus = new EventBus();
    const { io, sent } = fakeIo();
    const stop = relayBidding(io, bus);
    bus.publish("bid:outbid", { organisationIds: ["org-1", "org-2"], lotId: LOT, amount: 1_020_000, seq: 7 });
    expect(sent).toEqual([{ room: "org:org-1,org:org-2", event: "bid:outbid", payload: { lotId: LOT, amount: 1_020_000, seq: 7 } }]);
    stop();
  });
});
