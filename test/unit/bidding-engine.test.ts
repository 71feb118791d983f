import { describe, expect, it } from "vitest";
import { type BidCommand, type LotRules, type LotState, closeOutcome, decideBid, minNextBid } from "../../server/domain/bidding/engine";

const MIN = 60_000;
const OPENS = Date.UTC(2026, 11, 1, 2, 0);
const ENDS = OPENS + 24 * 60 * MIN;

const rules = (over: Partial<LotRules> = {}): LotRules => ({
  startPrice: 100_000n,
  reserve: null,
  increment: { kind: "fixed", amount: 1_000n },
  antiSnipeWindowMs: 5 * MIN,
  antiSnipeExtensionMs: 5 * MIN,
  proxyBids: false,
  ...over,
});
const fresh = (over: Partial<LotState> = {}): LotState => ({ opensAt: OPENS, endsAt: ENDS, closed: false, seq: 0, price: null, leader: null, ...over });

/** Applies commands in order, failing loudly on a refusal unless the test expects one. */
function run(r: LotRules, commands: BidCommand[], state = fresh()) {
  for (const command of commands) {
    const decision = decideBid(r, state, command);
    if (!decision.ok) throw new Error(`refused ${decision.code}: ${JSON.stringify({ ...command, amount: String(command.amount) })}`);
    state = decision.state;
  }
  return state;
}
const bid = (bidder: string, amount: bigint, at = OPENS + MIN, extra: Partial<BidCommand> = {}): BidCommand => ({ bidder, amount, receivedAt: at, ...extra });

describe("timing, with a fake clock", () => {
  it.each([
    ["one millisecond before bidding opens", OPENS - 1, "LOT_NOT_OPEN"],
    ["at the opening", OPENS, null],
    ["one millisecond before the end", ENDS - 1, null],
    ["exactly at the end", ENDS, "LOT_CLOSED"],
    ["one millisecond after the end", ENDS + 1, "LOT_CLOSED"],
  ])("a bid %s → %s", (_, at, code) => {
    const decision = decideBid(rules(), fresh(), bid("a", 100_000n, at));
    expect(decision.ok ? null : decision.code).toBe(code);
  });

  it("refuses anything once the lot is closed, even before its end", () => {
    expect(decideBid(rules(), fresh({ closed: true }), bid("a", 100_000n))).toMatchObject({ ok: false, code: "LOT_CLOSED" });
  });
});

describe("anti-sniping", () => {
  it.each([
    ["outside the window", ENDS - 5 * MIN - 1, ENDS],
    ["at the window's edge", ENDS - 5 * MIN, ENDS],
    ["inside the window", ENDS - 2 * MIN, ENDS + 3 * MIN],
    ["in the last millisecond", ENDS - 1, ENDS - 1 + 5 * MIN],
  ])("a bid %s moves the end to %s", (_, at, end) => {
    const decision = decideBid(rules(), fresh(), bid("a", 100_000n, at));
    expect(decision.ok && decision.state.endsAt).toBe(end);
    expect(decision.ok && decision.extended).toBe(end !== ENDS);
  });

  it("cascades: each late bid moves the end again, and a bid after the moved end is late", () => {
    let state = fresh();
    let at = ENDS - MIN;
    for (let i = 0; i < 5; i++) {
      state = run(rules(), [bid(i % 2 ? "b" : "a", minNextBid(rules(), state), at)], state);
      expect(state.endsAt).toBe(at + 5 * MIN);
      at = state.endsAt - 1;
    }
    expect(decideBid(rules(), state, bid("c", minNextBid(rules(), state), state.endsAt))).toMatchObject({ ok: false, code: "LOT_CLOSED" });
  });
});

describe("increments", () => {
  it.each([
    ["the first bid below the start", [], 99_999n, "BID_TOO_LOW"],
    ["the first bid at the start", [], 100_000n, null],
    ["a bid one fen short of the increment", [100_000n], 100_999n, "BID_TOO_LOW"],
    ["a bid at the increment", [100_000n], 101_000n, null],
    ["a bid far above", [100_000n], 5_000_000n, null],
  ])("fixed: %s", (_, before, amount, code) => {
    const state = run(rules(), before.map((a, i) => bid(`p${i}`, a)));
    const decision = decideBid(rules(), state, bid("x", amount));
    expect(decision.ok ? null : decision.code).toBe(code);
  });

  it.each([
    [999_900n, 10_000n],
    [1_000_000n, 100_000n],
    [9_999_999n, 100_000n],
    [10_000_000n, 500_000n],
    [100_000_000n, 2_000_000n],
    [1_000_000_000n, 10_000_000n],
    [10_000_000_000n, 50_000_000n],
  ])("stepped: at a price of %s fen the next bid is at least %s more", (price, step) => {
    const r = rules({ increment: { kind: "stepped" }, startPrice: price });
    const state = run(r, [bid("a", price)]);
    expect(minNextBid(r, state)).toBe(price + step);
    expect(decideBid(r, state, bid("b", price + step - 1n))).toMatchObject({ ok: false, code: "BID_TOO_LOW" });
  });

  it("gives every accepted bid the next sequence number, without gaps, and none to a refused one", () => {
    let state = run(rules(), [bid("a", 100_000n), bid("b", 101_000n)]);
    expect(decideBid(rules(), state, bid("a", 101_500n)).ok).toBe(false);
    state = run(rules(), [bid("a", 102_000n)], state);
    expect(state.seq).toBe(3);
  });

  it("refuses zero and negative amounts", () => {
    expect(decideBid(rules({ startPrice: 0n }), fresh(), bid("a", 0n))).toMatchObject({ ok: false, code: "INVALID" });
  });
});

describe("proxy bids", () => {
  const proxy = rules({ proxyBids: true });

  it("are refused where the rules do not allow them, and below the bid itself", () => {
    expect(decideBid(rules(), fresh(), bid("a", 100_000n, OPENS + MIN, { maxAmount: 200_000n }))).toMatchObject({ ok: false, code: "INVALID" });
    expect(decideBid(proxy, fresh(), bid("a", 100_000n, OPENS + MIN, { maxAmount: 99_000n }))).toMatchObject({ ok: false, code: "INVALID" });
  });

  it("the engine answers a lower challenger for the holder with the least needed", () => {
    const state = run(proxy, [bid("a", 100_000n, OPENS + MIN, { maxAmount: 150_000n })]);
    const decision = decideBid(proxy, state, bid("b", 120_000n));
    expect(decision.ok && decision.bids.map((b) => [b.seq, b.bidder, b.amount, b.auto])).toEqual([
      [2, "b", 120_000n, false],
      [3, "a", 121_000n, true],
    ]);
    expect(decision.ok && decision.state.leader?.bidder).toBe("a");
  });

  it("between two maxima the earlier wins at the later's maximum plus one increment, capped at its own", () => {
    const state = run(proxy, [bid("a", 100_000n, OPENS + MIN, { maxAmount: 150_000n })]);
    const near = decideBid(proxy, state, bid("b", 110_000n, OPENS + 2 * MIN, { maxAmount: 149_500n }));
    expect(near.ok && near.state.price).toBe(150_000n);
    expect(near.ok && near.state.leader?.bidder).toBe("a");
    const equal = decideBid(proxy, state, bid("b", 110_000n, OPENS + 2 * MIN, { maxAmount: 150_000n }));
    expect(equal.ok && [equal.state.leader?.bidder, equal.state.price]).toEqual(["a", 150_000n]);
  });

  it("a challenger whose maximum beats the holder's leads at the holder's maximum plus one increment", () => {
    const state = run(proxy, [bid("a", 100_000n, OPENS + MIN, { maxAmount: 150_000n })]);
    const decision = decideBid(proxy, state, bid("b", 110_000n, OPENS + 2 * MIN, { maxAmount: 300_000n }));
    expect(decision.ok && decision.bids.map((b) => [b.bidder, b.amount])).toEqual([["b", 151_000n]]);
    expect(decision.ok && decision.state.leader).toEqual({ bidder: "b", ceiling: 300_000n, priority: null });
  });

  it("a leader raising its own bid keeps its higher maximum", () => {
    const state = run(proxy, [bid("a", 100_000n, OPENS + MIN, { maxAmount: 150_000n }), bid("a", 101_000n)]);
    expect(state.leader?.ceiling).toBe(150_000n);
  });
});

describe("priority purchase rights", () => {
  const led = run(rules(), [bid("a", 100_000n), bid("b", 101_000n)]);

  it("a holder matching the top price takes the lead at that price", () => {
    const decision = decideBid(rules(), led, bid("h2", 101_000n, OPENS + 2 * MIN, { match: { rank: 2 } }));
    expect(decision.ok && decision.state.leader).toEqual({ bidder: "h2", ceiling: 101_000n, priority: { rank: 2 } });
    expect(decision.ok && decision.state.price).toBe(101_000n);
  });

  it.each([
    ["a stronger rank takes it", 1, true],
    ["the same rank does not (the earlier keeps it)", 2, false],
    ["a weaker rank does not", 3, false],
  ])("against a holder of rank 2, %s", (_, rank, takes) => {
    const state = run(rules(), [bid("h2", 101_000n, OPENS + 2 * MIN, { match: { rank: 2 } })], led);
    const decision = decideBid(rules(), state, bid("other", 101_000n, OPENS + 3 * MIN, { match: { rank } }));
    expect(decision.ok).toBe(takes);
  });

  it("a match must be exactly the current price, and a holder cannot match without a bid to match", () => {
    expect(decideBid(rules(), led, bid("h", 100_500n, OPENS + 2 * MIN, { match: { rank: 1 } })).ok).toBe(false);
    expect(decideBid(rules(), fresh(), bid("h", 100_000n, OPENS + 2 * MIN, { match: { rank: 1 } })).ok).toBe(false);
  });

  it("a higher bid after a match takes the lead back", () => {
    const state = run(rules(), [bid("h", 101_000n, OPENS + 2 * MIN, { match: { rank: 1 } }), bid("a", 102_000n)], led);
    expect(state.leader?.bidder).toBe("a");
    expect(state.leader?.priority).toBeNull();
  });
});

describe("closing", () => {
  it.each([
    ["no bid", [], null, "unsold"],
    ["a bid and no reserve", [100_000n], null, "sold"],
    ["a bid below the reserve", [100_000n, 101_000n], 102_000n, "unsold"],
    ["a bid at the reserve", [100_000n, 102_000n], 102_000n, "sold"],
  ])("%s → %s", (_, amounts, reserve, outcome) => {
    const r = rules({ reserve });
    const state = run(r, amounts.map((a, i) => bid(i % 2 ? "b" : "a", a)));
    expect(closeOutcome(r, state).outcome).toBe(outcome);
  });

  it("the winner is the leader, at the price", () => {
    const state = run(rules(), [bid("a", 100_000n), bid("b", 105_000n)]);
    expect(closeOutcome(rules(), state)).toEqual({ outcome: "sold", winner: "b", price: 105_000n });
  });
});
