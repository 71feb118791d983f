import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { bids, listings, lots } from "../../../db/schema";
import { minNextBid, reserveMet } from "../../domain/bidding/engine";
import { toSafeNumber } from "../../domain/money";
import { fail, ok } from "../../domain/result";
import type { PlaceBidInput } from "../../domain/schemas/bids";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { CloseTimers } from "./closing";
import type { BatchEffects, BidAnswer, CloseAnswer } from "./decide-batch";
import { readLot } from "./lot-store";
import { LotSequencer } from "./sequencer";

/** A join answers at most this many bids; the client joins again with the last seq to page on. */
export const JOIN_PAGE = 1000;
/** The sweeper arms a timer for every lot ending within this window (and closes the overdue ones). */
const SWEEP_LOOKAHEAD_MS = 60_000;

/** As a watcher sees the lot: before the opening, taking bids, or past its end. */
export type LotStatus = "announced" | "open" | "closed";

/** What a bid gets: the engine's answer, or NOT_FOUND for a lot the caller cannot see. */

/** A bid answer as the socket ack and the API body carry it (JSON safe). */
export type BidAck = { ok: true; bid: { seq: number; amount: number; placedAt: string; bidderCode: string }; endsAt: string } | { ok: false; code: string };

export function bidAck(answer: BidAnswer): BidAck {
  if (!answer.ok) return answer;
  const { bid } = answer;
  return { ok: true, bid: { seq: bid.seq, amount: toSafeNumber(bid.amount), placedAt: bid.placedAt.toISOString(), bidderCode: bid.bidderCode }, endsAt: answer.endsAt.toISOString() };
}

/**
 * English-auction bidding: bids go through the lot's sequencer (arrival order, group commit under the
 * lot's row lock); closes go through the same queue, so every bid received before the end is decided
 * first. Broadcasts leave through the bus only after commit.
 */
export class BidService {
  private readonly sequencer: LotSequencer;
  private readonly timers: CloseTimers;

  constructor(private readonly deps: ServiceDeps) {
    this.sequencer = new LotSequencer(deps, (effects) => this.committed(effects));
    this.timers = new CloseTimers((lotId) => void this.closeLot(lotId), deps.now);
  }

  /** Decided in the lot's queue like any bid, so nothing delays its receipt: a lot nobody can see is NOT_FOUND there. */
  async place(principal: Principal, input: PlaceBidInput): Promise<BidAnswer> {
    const command = { kind: "bid" as const, principal, amount: BigInt(input.amount), maxAmount: input.maxAmount === undefined ? undefined : BigInt(input.maxAmount), match: input.match === true, clientBidId: input.clientBidId };
    return (await this.sequencer.submit(input.lotId, command)) as BidAnswer;
  }

  /** Closes the lot if it is due (exactly once, whichever process or trigger gets there first); otherwise re-arms its timer. */
  async closeLot(lotId: string): Promise<CloseAnswer> {
    const answer = (await this.sequencer.submit(lotId, { kind: "close" })) as CloseAnswer;
    if (!answer.closed && answer.endsAt) this.timers.arm(lotId, answer.endsAt);
    return answer;
  }

  /**
   * The room's state and the bids after `sinceSeq` (oldest first, bidder codes only), or with `newest` only
   * that many of the latest; a hidden reserve shows only as met or not.
   */
  async join(lotId: string, sinceSeq: number, newest?: number) {
    const now = this.deps.now();
    const lot = await readLot(this.deps.db, lotId, now);
    if (!lot) return fail("NOT_FOUND");
    const { state, rules, listing } = lot;
    const page = await this.deps.db
      .select({ seq: bids.seq, amount: bids.amount, bidderCode: bids.bidderCode, placedAt: bids.placedAt })
      .from(bids)
      .where(and(eq(bids.listingId, lotId), gt(bids.seq, newest === undefined ? sinceSeq : Math.max(sinceSeq, state.seq - newest)), lte(bids.seq, state.seq)))
      .orderBy(asc(bids.seq))
      .limit(JOIN_PAGE + 1);
    const at = now.getTime();
    const status: LotStatus = state.closed || at >= state.endsAt ? "closed" : at < state.opensAt ? "announced" : "open";
    if (status === "open") this.timers.arm(lotId, new Date(state.endsAt));
    return ok({
      lot: {
        id: lotId,
        status,
        currency: listing.currency,
        currentPrice: state.price === null ? null : toSafeNumber(state.price),
        minNextBid: toSafeNumber(minNextBid(rules, state)),
        seq: state.seq,
        endsAt: new Date(state.endsAt).toISOString(),
        reserveMet: reserveMet(rules, state),
        outcome: lot.row.outcome as "sold" | "unsold" | null,
        chainHead: lot.row.chainHead,
      },
      bids: page.slice(0, JOIN_PAGE).map((b) => ({ seq: b.seq, amount: toSafeNumber(b.amount), bidderCode: b.bidderCode, placedAt: b.placedAt.toISOString() })),
      hasMore: page.length > JOIN_PAGE,
      serverTime: now.toISOString(),
    });
  }

  /** A closed lot's final bid-chain head (published on its pages), or null while it takes bids or never had one. */
  async finalRecord(lotId: string): Promise<{ seq: number; chainHead: string } | null> {
    const [row] = await this.deps.db.select({ seq: lots.seq, chainHead: lots.chainHead, closedAt: lots.closedAt }).from(lots).where(eq(lots.listingId, lotId));
    return row?.closedAt && row.chainHead ? { seq: row.seq, chainHead: row.chainHead } : null;
  }

  /**
   * The sweeper: closes every overdue English auction (after a crash, or one no process watched) and arms
   * timers for those ending soon. Auctions never bid on have no lot row yet; their listing's end counts.
   */
  async sweep(): Promise<{ closed: number; armed: number }> {
    const now = this.deps.now();
    const endsAt = sql<Date>`coalesce(${lots.endsAt}, ${listings.closesAt})`.mapWith(lots.endsAt);
    const due = await this.deps.db
      .select({ id: listings.id, endsAt })
      .from(listings)
      .leftJoin(lots, eq(lots.listingId, listings.id))
      .where(and(eq(listings.mode, "english_auction"), inArray(listings.status, ["announced", "open"]), isNull(lots.closedAt), sql`${endsAt} <= ${new Date(now.getTime() + SWEEP_LOOKAHEAD_MS).toISOString()}::timestamptz`));
    let closed = 0;
    for (const lot of due) {
      if (lot.endsAt.getTime() > now.getTime()) this.timers.arm(lot.id, lot.endsAt);
      else if ((await this.closeLot(lot.id)).closed) closed++;
    }
    return { closed, armed: due.length - closed };
  }

  /** Stops the timers and waits for queued decisions to finish (a graceful stop). */
  async stop() {
    this.timers.stop();
    await this.sequencer.idle();
  }

  private committed(effects: BatchEffects) {
    const { bus } = this.deps;
    if (effects.bid) bus.publish("lot:bid", effects.bid);
    if (effects.outbid) bus.publish("bid:outbid", effects.outbid);
    if (effects.closed) {
      this.timers.disarm(effects.lotId);
      bus.publish("lot:closed", effects.closed);
    } else if (effects.endsAt) {
      this.timers.arm(effects.lotId, effects.endsAt);
    }
  }
}
