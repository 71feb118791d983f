import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { bids, lotDeposits, lotPriorityRights } from "../../../db/schema";
import { type LotState, type RecordedBid, decideBid, minNextBid, timingRefusal } from "../../domain/bidding/engine";
import { type BidderFacts, checkBidder } from "../../domain/bidding/eligibility";
import { toSafeNumber } from "../../domain/money";
import type { Principal } from "../auth/principal";
import { notifyOrganisations } from "../notifier";
import type { LotBid, BidOutbid } from "../events";
import { listingLink } from "../listings/notices";
import { pledgorOrganisations } from "../listings/offers/discount";
import { bidderFacts } from "./bidder-facts";
import { type LotClosed, closeLotInTransaction, isDue } from "./closing";
import { type LoadedLot, lockLot, saveLot } from "./lot-store";

export type BidCode =
  | "NOT_VERIFIED"
  | "NO_DEPOSIT"
  | "LOT_NOT_OPEN"
  | "LOT_CLOSED"
  | "BID_TOO_LOW"
  | "SELLER_CANNOT_BID"
  | "BARRED"
  | "OVER_CLAIM"
  | "IDEMPOTENCY_CONFLICT"
  | "INVALID"
  | "UNAVAILABLE";

export type PlaceBid = { kind: "bid"; principal: Principal; amount: bigint; maxAmount?: bigint; match: boolean; clientBidId: string; receivedAt: number };
export type CloseLot = { kind: "close"; receivedAt: number };
export type BatchCommand = PlaceBid | CloseLot;

export type PlacedBid = { seq: number; amount: bigint; placedAt: Date; bidderCode: string };
export type BidAnswer = { ok: true; bid: PlacedBid; endsAt: Date } | { ok: false; code: BidCode };
export type CloseAnswer = { kind: "close"; closed: boolean; endsAt: Date | null };
export type BatchAnswer = BidAnswer | CloseAnswer;

/** What a committed batch tells the world: the newest bid, the outbid organisations, the close, the end. */
export type BatchEffects = { lotId: string; endsAt: Date | null; bid: LotBid | null; outbid: BidOutbid[]; closed: LotClosed | null };

type BidRow = typeof bids.$inferInsert;

/** Decides one batch inside its transaction, in arrival order, on the locked lot row. */
export async function decideBatch(tx: DbOrTx, lotId: string, commands: readonly BatchCommand[], now: Date): Promise<{ answers: BatchAnswer[]; effects: BatchEffects }> {
  const lot = await lockLot(tx, lotId, now);
  const effects: BatchEffects = { lotId, endsAt: lot ? lot.row.endsAt : null, bid: null, outbid: [], closed: null };
  if (!lot) return { answers: commands.map((c) => (c.kind === "bid" ? { ok: false, code: "LOT_NOT_OPEN" } : { kind: "close", closed: false, endsAt: null })), effects };

  const batch = new Batch(tx, lot);
  await batch.loadRetries(commands);
  const answers: BatchAnswer[] = [];
  for (const command of commands) {
    if (command.kind === "bid") {
      answers.push(await batch.bid(command));
    } else if (isDue(batch.state, now)) {
      await batch.flush(now);
      effects.closed = await closeLotInTransaction(tx, lot, batch.state, now);
      batch.state = { ...batch.state, closed: true };
      answers.push({ kind: "close", closed: true, endsAt: new Date(batch.state.endsAt) });
    } else {
      answers.push({ kind: "close", closed: false, endsAt: batch.state.closed ? null : new Date(batch.state.endsAt) });
    }
  }
  await batch.flush(now);
  effects.endsAt = batch.state.closed ? null : new Date(batch.state.endsAt);
  effects.bid = batch.lastBid();
  effects.outbid = await batch.tellOutbid(now);
  return { answers, effects };
}

/** One batch's working memory: the state as decided so far, rows to insert, caches of facts that cannot change under the lock. */
class Batch {
  state: LotState;
  private readonly rows: BidRow[] = [];
  private readonly facts = new Map<string, BidderFacts>();
  private readonly codes = new Map<string, string>();
  private readonly accepted = new Map<string, { command: PlaceBid; answer: BidAnswer }>();
  private readonly outbid = new Set<string>();
  private readonly committed = new Map<string, typeof bids.$inferSelect>();
  private last: RecordedBid | null = null;
  private pledgors: string[] | null = null;

  constructor(
    private readonly tx: DbOrTx,
    private readonly lot: LoadedLot,
  ) {
    this.state = lot.state;
  }

  /** Earlier bids that reuse one of the batch's client bid ids: one query for the whole batch. */
  async loadRetries(commands: readonly BatchCommand[]) {
    const ids = [...new Set(commands.flatMap((c) => (c.kind === "bid" ? [c.clientBidId] : [])))];
    if (ids.length === 0) return;
    const rows = await this.tx.select().from(bids).where(and(eq(bids.listingId, this.lot.listing.id), inArray(bids.clientBidId, ids)));
    for (const row of rows) this.committed.set(`${row.organisationId}:${row.clientBidId}`, row);
  }

  async bid(command: PlaceBid): Promise<BidAnswer> {
    const org = command.principal.organisation.id;
    const repeated = await this.repeated(command);
    if (repeated) return repeated;
    // A late or early bid is refused as such, whoever sends it (after the close, losers' deposits are released).
    const late = timingRefusal(this.state, command.receivedAt);
    if (late) return { ok: false, code: late };
    const match = command.match ? await this.priorityRank(org) : undefined;
    if (command.match && !match) return { ok: false, code: "INVALID" };
    // The engine is pure: a bid it refuses (too low, mostly, in a busy room) costs no eligibility queries.
    const decision = decideBid(this.lot.rules, this.state, { bidder: org, amount: command.amount, maxAmount: command.maxAmount, match, receivedAt: command.receivedAt });
    if (!decision.ok) return { ok: false, code: decision.code };
    if (!this.facts.has(org)) {
      // The pledgors depend on the listing only: one query per batch, however many organisations bid in it.
      this.pledgors ??= await pledgorOrganisations(this.tx, this.lot.listing);
      this.facts.set(org, await bidderFacts(this.tx, command.principal, this.lot.listing, this.pledgors));
    }
    const eligible = checkBidder(this.facts.get(org)!, command.maxAmount ?? command.amount);
    if (!eligible.ok) return { ok: false, code: eligible.code };
    this.codes.set(org, eligible.bidderCode);
    const previousLeader = this.state.leader?.bidder;
    this.state = decision.state;
    for (const recorded of decision.bids) this.rows.push(await this.row(recorded, command));
    this.last = decision.bids.at(-1)!;
    for (const loser of [previousLeader, org]) if (loser && loser !== this.state.leader?.bidder) this.outbid.add(loser);
    const own = decision.bids.find((b) => !b.auto)!;
    const answer: BidAnswer = { ok: true, bid: { seq: own.seq, amount: own.amount, placedAt: new Date(own.placedAt), bidderCode: eligible.bidderCode }, endsAt: new Date(this.state.endsAt) };
    this.accepted.set(`${org}:${command.clientBidId}`, { command, answer });
    return answer;
  }

  /** A retry of an accepted bid (in this batch or committed before) gets the same answer; the same id with other figures is a conflict. */
  private async repeated(command: PlaceBid): Promise<BidAnswer | null> {
    const org = command.principal.organisation.id;
    const inBatch = this.accepted.get(`${org}:${command.clientBidId}`);
    if (inBatch) return sameRequest(inBatch.command, command) ? inBatch.answer : { ok: false, code: "IDEMPOTENCY_CONFLICT" };
    const stored = this.committed.get(`${org}:${command.clientBidId}`);
    if (!stored) return null;
    const same = stored.maxAmount !== null ? command.maxAmount === stored.maxAmount : command.maxAmount === undefined && command.amount === stored.amount;
    if (!same) return { ok: false, code: "IDEMPOTENCY_CONFLICT" };
    return { ok: true, bid: { seq: stored.seq, amount: stored.amount, placedAt: stored.placedAt, bidderCode: stored.bidderCode }, endsAt: new Date(this.state.endsAt) };
  }

  private async priorityRank(org: string) {
    const [right] = await this.tx
      .select({ rank: lotPriorityRights.rank })
      .from(lotPriorityRights)
      .where(and(eq(lotPriorityRights.listingId, this.lot.listing.id), eq(lotPriorityRights.organisationId, org)));
    return right ? { rank: right.rank } : undefined;
  }

  private async row(recorded: RecordedBid, command: PlaceBid): Promise<BidRow> {
    const own = !recorded.auto;
    return {
      listingId: this.lot.listing.id,
      seq: recorded.seq,
      organisationId: recorded.bidder,
      userId: own ? command.principal.user.id : null,
      bidderCode: await this.codeOf(recorded.bidder),
      amount: recorded.amount,
      maxAmount: own ? (command.maxAmount ?? null) : null,
      auto: recorded.auto,
      clientBidId: own ? command.clientBidId : null,
      placedAt: new Date(recorded.placedAt),
    };
  }

  private async codeOf(org: string): Promise<string> {
    if (!this.codes.has(org)) {
      const [d] = await this.tx.select({ code: lotDeposits.bidderCode }).from(lotDeposits).where(and(eq(lotDeposits.listingId, this.lot.listing.id), eq(lotDeposits.organisationId, org)));
      this.codes.set(org, d?.code ?? "?");
    }
    return this.codes.get(org)!;
  }

  /** Inserts the decided bids and writes the state back to the locked row. */
  async flush(now: Date) {
    if (this.rows.length === 0) return;
    await this.tx.insert(bids).values(this.rows.splice(0));
    await saveLot(this.tx, this.lot.listing.id, this.state, now);
  }

  lastBid(): LotBid | null {
    if (!this.last) return null;
    const s = this.state;
    return {
      lotId: this.lot.listing.id,
      seq: this.last.seq,
      amount: toSafeNumber(this.last.amount),
      bidderCode: this.codes.get(this.last.bidder) ?? "?",
      placedAt: new Date(this.last.placedAt).toISOString(),
      endsAt: new Date(s.endsAt).toISOString(),
      minNextBid: toSafeNumber(minNextBid(this.lot.rules, s)),
    };
  }

  /** Organisations that lost the lead in this batch and did not win it back: kept in their inbox (no e-mail each time). */
  async tellOutbid(now: Date): Promise<BidOutbid[]> {
    const s = this.state;
    const orgs = [...this.outbid].filter((o) => o !== s.leader?.bidder);
    if (orgs.length === 0 || s.price === null) return [];
    const l = this.lot.listing;
    const amount = toSafeNumber(s.price);
    await notifyOrganisations(this.tx, orgs, [{ kind: "lot_outbid", data: { title: l.title }, link: listingLink(l) }], null, now);
    return orgs.map((organisationId) => ({ organisationId, lotId: l.id, amount, seq: s.seq }));
  }
}

function sameRequest(a: PlaceBid, b: PlaceBid) {
  return a.amount === b.amount && a.maxAmount === b.maxAmount && a.match === b.match;
}

