import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { bids, listings, lotDeposits, lots } from "../../../db/schema";
import { type LotState, closeOutcome } from "../../domain/bidding/engine";
import { toSafeNumber } from "../../domain/money";
import { appendAudit } from "../audit";
import { awardListing } from "../listings/offers/common";
import type { SettlementPolicy } from "../settlements/open";
import { releaseLosers } from "../payments/deposit-money";
import { tellOrganisations } from "../listings/notices";
import { tellWatchers } from "../listings/watchers";
import type { LoadedLot } from "./lot-store";

export type LotClosed = { lotId: string; outcome: "sold" | "unsold"; finalPrice: number | null; winnerCode: string | null };

/**
 * A close waits this long after the end, so that a bid another process received just before the end is
 * decided first (the engine refuses anything received at or after the end, whoever decides it).
 */
export const CLOSE_GRACE_MS = 500;

export function isDue(state: LotState, now: Date): boolean {
  return !state.closed && now.getTime() >= state.endsAt + CLOSE_GRACE_MS;
}

/**
 * Closes a locked, due lot exactly once, inside the batch's transaction after every bid before it was
 * decided: the outcome, the listing awarded or unsold, the losers' deposits released, everyone told.
 */
export async function closeLotInTransaction(tx: DbOrTx, lot: LoadedLot, state: LotState, now: Date, policy: SettlementPolicy): Promise<LotClosed> {
  const l = lot.listing;
  const result = closeOutcome(lot.rules, state);
  await tx.update(lots).set({ closedAt: now, outcome: result.outcome, updatedAt: now }).where(eq(lots.listingId, l.id));
  const bidders = (await tx.selectDistinct({ id: bids.organisationId }).from(bids).where(eq(bids.listingId, l.id))).map((b) => b.id);
  let winnerCode: string | null = null;
  if (result.outcome === "sold") {
    const [code] = await tx.select({ code: lotDeposits.bidderCode }).from(lotDeposits).where(and(eq(lotDeposits.listingId, l.id), eq(lotDeposits.organisationId, result.winner)));
    winnerCode = code?.code ?? null;
    await awardListing(tx, l, result.winner, result.price, now, policy);
    await tellOrganisations(tx, [l.organisationId], l, "listing_awarded", now);
    await tellOrganisations(tx, [result.winner], l, "lot_won", now);
  } else {
    await tx.update(listings).set({ status: "unsold", updatedAt: now }).where(eq(listings.id, l.id));
    await tellOrganisations(tx, [l.organisationId], l, "listing_unsold", now);
    await tellWatchers(tx, l, "watched_listing_closed", now);
  }
  const losers = bidders.filter((id) => id !== result.winner);
  await tellOrganisations(tx, losers, l, "lot_lost", now);
  await releaseLosers(tx, l.id, result.winner, now);
  const finalPrice = result.price === null ? null : toSafeNumber(result.price);
  await appendAudit(tx, { action: "lot.closed", organisationId: l.organisationId, subjectType: "listing", subjectId: l.id, data: { outcome: result.outcome, price: finalPrice, winner: result.winner, seq: state.seq } }, now);
  return { lotId: l.id, outcome: result.outcome, finalPrice, winnerCode };
}

/** Timers are armed only this far ahead; the sweeper arms later ends when they come near. */
const LONGEST_TIMER_MS = 10 * 60_000;

/** One in-process timer per open lot at its end (plus the grace), re-armed when anti-sniping moves the end. */
export class CloseTimers {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly fire: (lotId: string) => void,
    private readonly now: () => Date,
  ) {}

  arm(lotId: string, endsAt: Date) {
    const at = endsAt.getTime() + CLOSE_GRACE_MS;
    const delay = at - this.now().getTime();
    if (this.timers.get(lotId)?.at === at || delay > LONGEST_TIMER_MS) return;
    this.disarm(lotId);
    const timer = setTimeout(() => {
      this.timers.delete(lotId);
      this.fire(lotId);
    }, Math.max(0, delay));
    timer.unref();
    this.timers.set(lotId, { at, timer });
  }

  disarm(lotId: string) {
    clearTimeout(this.timers.get(lotId)?.timer);
    this.timers.delete(lotId);
  }

  stop() {
    for (const lotId of [...this.timers.keys()]) this.disarm(lotId);
  }
}
