import { steppedIncrement } from "../listings/presets";
import { type Fail, type Ok, fail, ok } from "../result";

/**
 * The English auction's rules as a pure function of (rules, state, command): who leads, at what price,
 * which bids are recorded with which sequence numbers, and where the end moves. Time is the server's
 * receipt time in epoch milliseconds, passed in; nothing here reads a clock.
 */
export type IncrementRule = { kind: "fixed"; amount: bigint } | { kind: "stepped" };

export type LotRules = {
  startPrice: bigint;
  /** Null: no reserve. */
  reserve: bigint | null;
  increment: IncrementRule;
  antiSnipeWindowMs: number;
  antiSnipeExtensionMs: number;
  proxyBids: boolean;
};

/** A priority-purchase-right holder's standing: a lower rank is stronger. */
export type PriorityRight = { rank: number };

export type Leader = {
  bidder: string;
  /** The most the engine may bid for the leader (its proxy maximum), never below the price. */
  ceiling: bigint;
  /** Set when the leader holds the lead by matching under a priority purchase right. */
  priority: PriorityRight | null;
};

export type LotState = {
  opensAt: number;
  endsAt: number;
  closed: boolean;
  /** The last accepted bid's sequence number (0 before any bid); gap-free per lot. */
  seq: number;
  price: bigint | null;
  leader: Leader | null;
};

export type BidCommand = {
  bidder: string;
  amount: bigint;
  /** A proxy maximum, where the rules allow proxy bids. */
  maxAmount?: bigint;
  /** A priority-purchase-right holder matching the current price (amount must equal it). */
  match?: PriorityRight;
  receivedAt: number;
};

export type RecordedBid = { seq: number; bidder: string; amount: bigint; placedAt: number; auto: boolean };

export type BidRefusal = "LOT_NOT_OPEN" | "LOT_CLOSED" | "BID_TOO_LOW" | "INVALID";
export type BidDecision = Ok<{ bids: RecordedBid[]; state: LotState; extended: boolean }> | Fail<BidRefusal>;

export function incrementAt(rules: LotRules, price: bigint): bigint {
  return rules.increment.kind === "fixed" ? rules.increment.amount : steppedIncrement(price);
}

/** The least amount the next bid may be: the start for the first bid, then the price plus one increment. */
export function minNextBid(rules: LotRules, state: LotState): bigint {
  return state.price === null ? rules.startPrice : state.price + incrementAt(rules, state.price);
}

export function reserveMet(rules: LotRules, state: LotState): boolean {
  return state.price !== null && (rules.reserve === null || state.price >= rules.reserve);
}

/** Is the lot taking bids at this instant? A bid at or after the end is late, whatever its content. */
export function timingRefusal(state: LotState, at: number): BidRefusal | null {
  if (state.closed || at >= state.endsAt) return "LOT_CLOSED";
  if (at < state.opensAt) return "LOT_NOT_OPEN";
  return null;
}

/** A bid received inside the anti-sniping window moves the end to the receipt time plus the extension. */
export function extendedEnd(rules: LotRules, endsAt: number, at: number): number {
  return at >= endsAt - rules.antiSnipeWindowMs ? Math.max(endsAt, at + rules.antiSnipeExtensionMs) : endsAt;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * Decides one bid. Between two proxy maxima the earlier holder (the leader) wins at the later's maximum
 * plus one increment, capped at its own; a challenger whose maximum beats the leader's leads at the least
 * needed. A priority holder may match the current price and takes the lead from a non-holder or a weaker
 * holder (ties by rank, then the earlier).
 */
export function decideBid(rules: LotRules, state: LotState, command: BidCommand): BidDecision {
  const late = timingRefusal(state, command.receivedAt);
  if (late) return fail(late);
  if (command.amount <= 0n) return fail("INVALID");
  if (command.maxAmount !== undefined && (!rules.proxyBids || command.maxAmount < command.amount || command.match)) return fail("INVALID");
  const at = command.receivedAt;
  const endsAt = extendedEnd(rules, state.endsAt, at);
  let seq = state.seq;
  const record = (bidder: string, amount: bigint, auto: boolean): RecordedBid => ({ seq: ++seq, bidder, amount, placedAt: at, auto });
  const next = (bids: RecordedBid[], leader: Leader): BidDecision => {
    const last = bids.at(-1)!;
    return ok({ bids, state: { ...state, endsAt, seq, price: last.amount, leader }, extended: endsAt !== state.endsAt });
  };

  if (command.match) {
    const leader = state.leader;
    if (state.price === null || !leader || command.amount !== state.price || leader.bidder === command.bidder) return fail("BID_TOO_LOW");
    // The leader's proxy answers a match first; only a lead held at its ceiling can be matched.
    if (leader.ceiling > state.price) return fail("BID_TOO_LOW");
    if (leader.priority && leader.priority.rank <= command.match.rank) return fail("BID_TOO_LOW");
    return next([record(command.bidder, command.amount, false)], { bidder: command.bidder, ceiling: command.amount, priority: command.match });
  }

  if (command.amount < minNextBid(rules, state)) return fail("BID_TOO_LOW");
  const ceiling = command.maxAmount ?? command.amount;
  const leader = state.leader;
  // No leader, the leader raising its own bid, or a leader whose maximum the amount already passes.
  if (!leader || leader.ceiling < command.amount) {
    return next([record(command.bidder, command.amount, false)], { bidder: command.bidder, ceiling, priority: null });
  }
  // The leader raising its own bid keeps the higher of its maxima.
  if (leader.bidder === command.bidder) return next([record(command.bidder, command.amount, false)], { bidder: command.bidder, ceiling: max(ceiling, leader.ceiling), priority: null });
  if (ceiling > leader.ceiling) {
    const amount = max(command.amount, min(ceiling, leader.ceiling + incrementAt(rules, leader.ceiling)));
    return next([record(command.bidder, amount, false)], { bidder: command.bidder, ceiling, priority: null });
  }
  // The leader's maximum covers the challenger's: the challenger is recorded at its maximum, the leader answers.
  const answer = min(leader.ceiling, ceiling + incrementAt(rules, ceiling));
  return next([record(command.bidder, ceiling, false), record(leader.bidder, answer, true)], leader);
}

export type CloseOutcome = { outcome: "sold"; winner: string; price: bigint } | { outcome: "unsold"; winner: null; price: bigint | null };

/** The lot at its end: the leader wins when the reserve is met; otherwise it is unsold. */
export function closeOutcome(rules: LotRules, state: LotState): CloseOutcome {
  if (state.leader && state.price !== null && reserveMet(rules, state)) return { outcome: "sold", winner: state.leader.bidder, price: state.price };
  return { outcome: "unsold", winner: null, price: state.price };
}
