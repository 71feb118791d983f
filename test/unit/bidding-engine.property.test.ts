import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BidCommand, type LotRules, type LotState, closeOutcome, decideBid } from "../../server/domain/bidding/engine";

const MIN = 60_000;
const OPENS = 1_800_000_000_000;
const ENDS = OPENS + 10 * MIN;

/**
 * A naive English auction, written from the rules in docs/domain.md rather than from the engine: a list of
 * accepted bids, the increment looked up in yuan, the end moved by late bids.
 */
class ReferenceAuction {
  accepted: Array<{ bidder: string; amount: bigint }> = [];
  end = ENDS;
  constructor(private readonly rules: LotRules) {}

  private increment(priceFen: bigint): bigint {
    if (this.rules.increment.kind === "fixed") return this.rules.increment.amount;
    const yuan = Number(priceFen) / 100;
    const table: Array<[number, number]> = [
      [10_000, 100],
      [100_000, 1_000],
      [1_000_000, 5_000],
      [10_000_000, 20_000],
      [100_000_000, 100_000],
    ];
    const step = table.find(([below]) => yuan < below)?.[1] ?? 500_000;
    return BigInt(step * 100);
  }

  place(bidder: string, amount: bigint, at: number): string | null {
    if (at < OPENS) return "LOT_NOT_OPEN";
    if (at >= this.end) return "LOT_CLOSED";
    const last = this.accepted[this.accepted.length - 1];
    const least = last ? last.amount + this.increment(last.amount) : this.rules.startPrice;
    if (amount < least) return "BID_TOO_LOW";
    this.accepted.push({ bidder, amount });
    if (this.end - at <= this.rules.antiSnipeWindowMs) this.end = Math.max(this.end, at + this.rules.antiSnipeExtensionMs);
    return null;
  }
}

const rulesArb = fc.record({
  startPrice: fc.bigInt({ min: 1n, max: 2_000_000_000n }),
  reserve: fc.option(fc.bigInt({ min: 1n, max: 3_000_000_000n }), { nil: null }),
  increment: fc.oneof(fc.record({ kind: fc.constant("fixed" as const), amount: fc.bigInt({ min: 1n, max: 5_000_000n }) }), fc.constant({ kind: "stepped" as const })),
  // Whole minutes, so that bids land exactly on the window's edge as well as inside and outside it.
  antiSnipeWindowMs: fc.integer({ min: 0, max: 10 }).map((n) => n * MIN),
  antiSnipeExtensionMs: fc.integer({ min: MIN, max: 10 * MIN }),
  proxyBids: fc.constant(false),
});

/** Bids near what the lot will take (some short of it, some far above), at times around the opening and the end. */
const commandsArb = fc.array(
  fc.record({
    bidder: fc.constantFrom("a", "b", "c", "d"),
    /** How far from the start, in multiples of a small step: negative values produce refusals. */
    offset: fc.integer({ min: -3, max: 40 }),
    gapMs: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 6 }).map((n) => n * 30_000), weight: 9 }, { arbitrary: fc.integer({ min: 0, max: 3 * MIN }), weight: 1 }),
    early: fc.boolean(),
  }),
  { minLength: 1, maxLength: 60, size: "max" },
);

const fresh = (): LotState => ({ opensAt: OPENS, endsAt: ENDS, closed: false, seq: 0, price: null, leader: null });

describe("the bid engine against a naive reference auction", () => {
  it("accepts and refuses the same bids, with the same price, leader, sequence, end and outcome", () => {
    fc.assert(
      fc.property(rulesArb, commandsArb, (rules, raw) => {
        const reference = new ReferenceAuction(rules);
        let state = fresh();
        let at = OPENS - 2 * MIN;
        for (const c of raw) {
          at += c.gapMs;
          const when = c.early ? OPENS - 1 : at;
          const base = reference.accepted.at(-1)?.amount ?? rules.startPrice;
          const amount = base + BigInt(c.offset) * (base / 50n + 1n);
          if (amount <= 0n) continue;
          const command: BidCommand = { bidder: c.bidder, amount, receivedAt: when };
          const expected = reference.place(c.bidder, amount, when);
          const decision = decideBid(rules, state, command);
          expect(decision.ok ? null : decision.code).toBe(expected);
          if (decision.ok) state = decision.state;
          const last = reference.accepted.at(-1);
          expect(state.seq).toBe(reference.accepted.length);
          expect(state.price).toBe(last?.amount ?? null);
          expect(state.leader?.bidder ?? null).toBe(last?.bidder ?? null);
          expect(state.endsAt).toBe(reference.end);
        }
        const last = reference.accepted.at(-1);
        const sold = Boolean(last && (rules.reserve === null || last.amount >= rules.reserve));
        expect(closeOutcome(rules, state)).toEqual(sold ? { outcome: "sold", winner: last!.bidder, price: last!.amount } : { outcome: "unsold", winner: null, price: last?.amount ?? null });
      }),
      { numRuns: 500 },
    );
  });

  it("with proxy bids: the highest maximum leads, at the least needed to cover every other maximum, never past its own", () => {
    const proxyRules: LotRules = { startPrice: 100_000n, reserve: null, increment: { kind: "fixed", amount: 1_000n }, antiSnipeWindowMs: 0, antiSnipeExtensionMs: MIN, proxyBids: true };
    const proxyCommands = fc.array(
      fc.record({ bidder: fc.constantFrom("a", "b", "c"), over: fc.integer({ min: 0, max: 20 }), extra: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }) }),
      { maxLength: 40, size: "max" },
    );
    fc.assert(
      fc.property(proxyCommands, (raw) => {
        let state = fresh();
        const ceilings = new Map<string, bigint>();
        const lastAmount = new Map<string, bigint>();
        for (const [i, c] of raw.entries()) {
          const least = state.price === null ? proxyRules.startPrice : state.price + 1_000n;
          const amount = least + BigInt(c.over) * 1_000n;
          const maxAmount = c.extra === undefined ? undefined : amount + BigInt(c.extra) * 1_000n;
          const decision = decideBid(proxyRules, state, { bidder: c.bidder, amount, maxAmount, receivedAt: OPENS + i });
          expect(decision.ok).toBe(true);
          if (!decision.ok) return;
          // Gap-free sequence numbers and a price that never falls.
          expect(decision.bids.map((b) => b.seq)).toEqual(decision.bids.map((_, k) => state.seq + k + 1));
          expect(decision.state.price! >= (state.price ?? 0n)).toBe(true);
          state = decision.state;
          const ceiling = maxAmount ?? amount;
          ceilings.set(c.bidder, (ceilings.get(c.bidder) ?? 0n) > ceiling ? ceilings.get(c.bidder)! : ceiling);
          lastAmount.set(c.bidder, amount);
          const leader = state.leader!;
          const highest = [...ceilings.values()].reduce((m, v) => (v > m ? v : m), 0n);
          expect(leader.ceiling).toBe(highest);
          expect(state.price! <= leader.ceiling).toBe(true);
          const others = [...ceilings].filter(([bidder]) => bidder !== leader.bidder).map(([, v]) => v);
          for (const other of others) expect(state.price! >= other).toBe(true);
          // Unless the leader's own bid set the price, the engine bid for it no less than one increment over the
          // best other maximum (capped at its own): the earlier of two equal maxima wins at that maximum.
          const second = others.reduce((m, v) => (v > m ? v : m), -1n);
          if (second >= 0n && state.price !== lastAmount.get(leader.bidder)) {
            const floor = second + 1_000n < leader.ceiling ? second + 1_000n : leader.ceiling;
            expect(state.price! >= floor).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
