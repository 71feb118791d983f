import { describe, expect, it } from "vitest";
import { type BidEvent, type JoinAnswer, applyBid, applyClosed, applyJoin, clockOffset, isLargeJump, remainingMs, standing } from "../../app/components/live-room/room-state";

const lot = { id: "L", status: "open", currency: "CNY", currentPrice: 101_000, minNextBid: 102_000, seq: 2, endsAt: "2026-12-01T10:00:00.000Z", reserveMet: true };
const joined: JoinAnswer = {
  lot,
  bids: [
    { seq: 1, amount: 100_000, bidderCode: "AAAA", placedAt: "2026-12-01T09:00:00.000Z" },
    { seq: 2, amount: 101_000, bidderCode: "BBBB", placedAt: "2026-12-01T09:01:00.000Z" },
  ],
  hasMore: false,
};
const event = (seq: number, amount: number, code = "AAAA"): BidEvent => ({ lotId: "L", seq, amount, bidderCode: code, placedAt: "2026-12-01T09:02:00.000Z", endsAt: "2026-12-01T10:05:00.000Z", minNextBid: amount + 1_000 });

describe("the live room's state", () => {
  it("shows the newest bid first and takes the next one in order", () => {
    const state = applyJoin(null, joined);
    expect(state.bids.map((b) => b.seq)).toEqual([2, 1]);
    const { state: next, gap } = applyBid(state, event(3, 102_000));
    expect(gap).toBe(false);
    expect(next.lot).toMatchObject({ seq: 3, currentPrice: 102_000, minNextBid: 103_000, endsAt: "2026-12-01T10:05:00.000Z" });
    expect(next.bids.map((b) => b.seq)).toEqual([3, 2, 1]);
  });

  it("ignores a bid it already holds or an older one, so nothing is applied twice", () => {
    const state = applyBid(applyJoin(null, joined), event(3, 102_000)).state;
    expect(applyBid(state, event(3, 102_000)).state).toBe(state);
    expect(applyBid(state, event(2, 101_000)).state).toBe(state);
  });

  it("notices a gap, and a join with sinceSeq fills it without duplicates", () => {
    const state = applyJoin(null, joined);
    const { state: jumped, gap } = applyBid(state, event(5, 110_000));
    expect(gap).toBe(true);
    const filled = applyJoin(jumped, { lot: { ...lot, seq: 5, currentPrice: 110_000, minNextBid: 111_000 }, bids: [event(3, 102_000), event(4, 105_000, "BBBB"), event(5, 110_000)], hasMore: false });
    expect(filled.bids.map((b) => b.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(filled.lot.seq).toBe(5);
  });

  it("keeps a newer state when a slow join answer arrives after a broadcast", () => {
    const state = applyBid(applyJoin(null, joined), event(3, 102_000)).state;
    expect(applyJoin(state, joined).lot.seq).toBe(3);
  });

  it("tells the bidder where it stands", () => {
    const state = applyJoin(null, joined);
    expect(standing(state, "BBBB")).toBe("leading");
    expect(standing(state, "AAAA")).toBe("outbid");
    expect(standing(state, "CCCC")).toBe("watching");
    expect(standing(state, null)).toBe("watching");
  });

  it("records the close", () => {
    const closed = applyClosed(applyJoin(null, joined), { lotId: "L", outcome: "sold", finalPrice: 101_000, winnerCode: "BBBB" });
    expect(closed.closed).toEqual({ outcome: "sold", finalPrice: 101_000, winnerCode: "BBBB" });
    expect(closed.lot.status).toBe("awarded");
  });
});

describe("asking twice before a large jump", () => {
  it.each([
    [102_000, 102_000, false],
    [153_000, 102_000, false],
    [153_001, 102_000, true],
  ])("%s against a minimum of %s → %s", (amount, min, large) => expect(isLargeJump(amount, min)).toBe(large));
});

describe("the countdown runs on the server's clock", () => {
  it("takes the offset from the shortest round trip", () => {
    // The browser is 30 s behind the server; one sample had a slow trip.
    const samples = [
      { sentAt: 1_000, receivedAt: 1_900, serverTime: 31_100 },
      { sentAt: 2_000, receivedAt: 2_040, serverTime: 32_020 },
    ];
    expect(clockOffset(samples)).toBe(30_000);
  });

  it("a skewed laptop clock changes nothing: the remaining time is the same", () => {
    const endsAt = "2026-12-01T10:00:00.000Z";
    const server = Date.parse("2026-12-01T09:59:00.000Z");
    for (const skew of [-3_600_000, 0, 45_000]) expect(remainingMs(endsAt, server + skew, -skew)).toBe(60_000);
    expect(remainingMs(endsAt, Date.parse(endsAt) + 5_000, 0)).toBe(0);
  });
});
