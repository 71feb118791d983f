import { and, eq, or, sql } from "drizzle-orm";
import { anyOf, arrayParam } from "../../../db/array-param";
import { insertMany } from "../../../db/insert-many";
import type { DbOrTx } from "../../../db/client";
import { bidderBars, bids, listings, lotDeposits, lotPriorityRights, lots } from "../../../db/schema";
import { BID_CHAIN_GENESIS, bidLinkPayload } from "../../domain/bidding/bid-chain";
import { type LotState, type RecordedBid, decideBid, minNextBid, timingRefusal } from "../../domain/bidding/engine";
import { checkBidder } from "../../domain/bidding/eligibility";
import { toSafeNumber } from "../../domain/money";
import type { Principal } from "../auth/principal";
import { notifyOrganisationsOnce } from "../notifier";
import { sha256 } from "../secrets";
import type { LotBid, BidOutbid } from "../events";
import { listingLink } from "../listings/notices";
import { pledgorOrganisations } from "../listings/offers/discount";
import { type LotRegistration, factsOf, registrationColumns } from "./bidder-facts";
import type { SettlementPolicy } from "../settlements/open";
import { type LotClosed, closeLotInTransaction, isDue } from "./closing";
import { type LoadedLot, lockLot, saveLot } from "./lot-store";

export type BidCode =
  | "NOT_FOUND"
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
export type BatchEffects = { lotId: string; endsAt: Date | null; bid: LotBid | null; outbid: BidOutbid | null; closed: LotClosed | null };

type BidRow = typeof bids.$inferInsert;

/**
 * Decides one batch inside its transaction, in arrival order, on the locked lot row. Round trips are few
 * and fixed whatever the batch's size: the lock and every fact the batch may need are read in one pipelined
 * round, the decisions are pure, and the bids, the lot's state and the outbid notices are written in another.
 */
export async function decideBatch(tx: DbOrTx, lotId: string, commands: readonly BatchCommand[], now: Date, policy: SettlementPolicy): Promise<{ answers: BatchAnswer[]; effects: BatchEffects }> {
  const [lot, known] = await Promise.all([lockLot(tx, lotId, now), readBatchFacts(tx, lotId, commands)]);
  const effects: BatchEffects = { lotId, endsAt: lot ? lot.row.endsAt : null, bid: null, outbid: null, closed: null };
  // No such auction for anyone (an unknown id, a draft, another mode): outside every caller's scope, as GET /lots/{id} answers.
  if (!lot) return { answers: commands.map((c) => (c.kind === "bid" ? { ok: false, code: "NOT_FOUND" } : { kind: "close", closed: false, endsAt: null })), effects };

  const batch = new Batch(lot, known);
  const answers: BatchAnswer[] = [];
  for (const command of commands) {
    if (command.kind === "bid") {
      answers.push(batch.bid(command));
    } else if (isDue(batch.state, now)) {
      await Promise.all(batch.writes(tx, now));
      effects.closed = await closeLotInTransaction(tx, lot, batch.state, now, policy);
      batch.state = { ...batch.state, closed: true };
      answers.push({ kind: "close", closed: true, endsAt: new Date(batch.state.endsAt) });
    } else {
      answers.push({ kind: "close", closed: false, endsAt: batch.state.closed ? null : new Date(batch.state.endsAt) });
    }
  }
  const outbid = batch.outbidOrganisations();
  await Promise.all([...batch.writes(tx, now), notifyOrganisationsOnce(tx, outbid, { kind: "lot_outbid", data: { title: lot.listing.title }, link: listingLink(lot.listing) }, now)]);
  effects.endsAt = batch.state.closed ? null : new Date(batch.state.endsAt);
  effects.bid = batch.lastBid();
  effects.outbid = batch.state.price === null || outbid.length === 0 ? null : { organisationIds: outbid, lotId, amount: toSafeNumber(batch.state.price), seq: batch.state.seq };
  return { answers, effects };
}

/** What a batch's decisions may need besides the lot: read together, before any decision. */
type BatchFacts = {
  /** Earlier bids that reuse one of the batch's client bid ids, by `organisation:clientBidId`. */
  retries: Map<string, typeof bids.$inferSelect>;
  /** Registrations of the batch's organisations and of the lot's leader (whose proxy may answer), by organisation. */
  registrations: Map<string, LotRegistration>;
  pledgors: readonly string[];
  /** Priority-right ranks of the organisations that ask to match. */
  priorityRanks: Map<string, number>;
  /** The batch's organisations barred from this lot (defaulted winners of its case or listing). */
  barred: ReadonlySet<string>;
};

async function readBatchFacts(tx: DbOrTx, lotId: string, commands: readonly BatchCommand[]): Promise<BatchFacts> {
  const placed = commands.filter((c): c is PlaceBid => c.kind === "bid");
  const orgs = [...new Set(placed.map((c) => c.principal.organisation.id))];
  const matching = [...new Set(placed.filter((c) => c.match).map((c) => c.principal.organisation.id))];
  if (orgs.length === 0) return { retries: new Map(), registrations: new Map(), pledgors: [], priorityRanks: new Map(), barred: new Set() };
  const leader = sql`(select ${lots.leaderOrganisationId} from ${lots} where ${lots.listingId} = ${lotId})`;
  const [retries, registrations, pledgors, ranks, bars] = await Promise.all([
    // Exactly the (organisation, client bid id) pairs of the batch, looked up one by one in the unique index:
    // a plan that stays right as the lot's bids grow, whatever the batch's size.
    tx
      .select()
      .from(bids)
      .where(
        and(
          eq(bids.listingId, lotId),
          sql`(${bids.organisationId}, ${bids.clientBidId}) in (select * from unnest(${arrayParam(placed.map((c) => c.principal.organisation.id), "uuid")}, ${arrayParam(placed.map((c) => c.clientBidId), "text")}))`,
        ),
      ),
    tx
      .select({ organisationId: lotDeposits.organisationId, ...registrationColumns })
      .from(lotDeposits)
      .where(and(eq(lotDeposits.listingId, lotId), or(anyOf(lotDeposits.organisationId, orgs), eq(lotDeposits.organisationId, leader)))),
    pledgorOrganisations(tx, lotId),
    matching.length === 0
      ? []
      : tx
          .select({ organisationId: lotPriorityRights.organisationId, rank: lotPriorityRights.rank })
          .from(lotPriorityRights)
          .where(and(eq(lotPriorityRights.listingId, lotId), anyOf(lotPriorityRights.organisationId, matching))),
    tx
      .select({ organisationId: bidderBars.organisationId })
      .from(bidderBars)
      .where(and(anyOf(bidderBars.organisationId, orgs), or(eq(bidderBars.listingId, lotId), eq(bidderBars.disposalCaseId, sql`(select ${listings.disposalCaseId} from ${listings} where ${listings.id} = ${lotId})`)))),
  ]);
  return {
    retries: new Map(retries.map((r) => [`${r.organisationId}:${r.clientBidId}`, r])),
    registrations: new Map(registrations.map(({ organisationId, ...r }) => [organisationId, r])),
    pledgors,
    priorityRanks: new Map(ranks.map((r) => [r.organisationId, r.rank])),
    barred: new Set(bars.map((b) => b.organisationId)),
  };
}

/** One batch's working memory: the state as decided so far, rows to insert, the facts read for it. */
class Batch {
  state: LotState;
  private readonly rows: BidRow[] = [];
  private readonly accepted = new Map<string, { command: PlaceBid; answer: BidAnswer }>();
  private readonly outbid = new Set<string>();
  private last: RecordedBid | null = null;
  private dirty = false;
  /** The lot's bid chain head as decided so far: each new row links to it. */
  private head: string;

  constructor(
    private readonly lot: LoadedLot,
    private readonly known: BatchFacts,
  ) {
    this.state = lot.state;
    this.head = lot.row.chainHead ?? BID_CHAIN_GENESIS;
  }

  bid(command: PlaceBid): BidAnswer {
    const org = command.principal.organisation.id;
    const repeated = this.repeated(command);
    if (repeated) return repeated;
    // A late or early bid is refused as such, whoever sends it (after the close, losers' deposits are released).
    const late = timingRefusal(this.state, command.receivedAt);
    if (late) return { ok: false, code: late };
    const rank = this.known.priorityRanks.get(org);
    const match = command.match && rank !== undefined ? { rank } : undefined;
    if (command.match && !match) return { ok: false, code: "INVALID" };
    // The engine decides before eligibility: in a busy room most refusals are "too low", whoever sends them.
    const decision = decideBid(this.lot.rules, this.state, { bidder: org, amount: command.amount, maxAmount: command.maxAmount, match, receivedAt: command.receivedAt });
    if (!decision.ok) return { ok: false, code: decision.code };
    const eligible = checkBidder(factsOf(command.principal, this.lot.listing, this.known.pledgors, this.known.registrations.get(org) ?? null, this.known.barred.has(org)), command.maxAmount ?? command.amount);
    if (!eligible.ok) return { ok: false, code: eligible.code };
    const previousLeader = this.state.leader?.bidder;
    this.state = decision.state;
    this.dirty = true;
    for (const recorded of decision.bids) this.rows.push(this.row(recorded, command));
    this.last = decision.bids.at(-1)!;
    for (const loser of [previousLeader, org]) if (loser && loser !== this.state.leader?.bidder) this.outbid.add(loser);
    const own = decision.bids.find((b) => !b.auto)!;
    const answer: BidAnswer = { ok: true, bid: { seq: own.seq, amount: own.amount, placedAt: new Date(own.placedAt), bidderCode: eligible.bidderCode }, endsAt: new Date(this.state.endsAt) };
    this.accepted.set(`${org}:${command.clientBidId}`, { command, answer });
    return answer;
  }

  /** A retry of an accepted bid (in this batch or committed before) gets the same answer; the same id with other figures is a conflict. */
  private repeated(command: PlaceBid): BidAnswer | null {
    const key = `${command.principal.organisation.id}:${command.clientBidId}`;
    const inBatch = this.accepted.get(key);
    if (inBatch) return sameRequest(inBatch.command, command) ? inBatch.answer : { ok: false, code: "IDEMPOTENCY_CONFLICT" };
    const stored = this.known.retries.get(key);
    if (!stored) return null;
    const same = stored.maxAmount !== null ? command.maxAmount === stored.maxAmount : command.maxAmount === undefined && command.amount === stored.amount;
    if (!same) return { ok: false, code: "IDEMPOTENCY_CONFLICT" };
    return { ok: true, bid: { seq: stored.seq, amount: stored.amount, placedAt: stored.placedAt, bidderCode: stored.bidderCode }, endsAt: new Date(this.state.endsAt) };
  }

  private codeOf(org: string): string {
    return this.known.registrations.get(org)?.bidderCode ?? "?";
  }

  private row(recorded: RecordedBid, command: PlaceBid): BidRow {
    const own = !recorded.auto;
    const link = { lotId: this.lot.listing.id, seq: recorded.seq, bidderCode: this.codeOf(recorded.bidder), amount: recorded.amount, placedAt: new Date(recorded.placedAt), prevHash: this.head };
    this.head = sha256(bidLinkPayload(link));
    return {
      listingId: link.lotId,
      seq: link.seq,
      organisationId: recorded.bidder,
      userId: own ? command.principal.user.id : null,
      bidderCode: link.bidderCode,
      amount: link.amount,
      maxAmount: own ? (command.maxAmount ?? null) : null,
      auto: recorded.auto,
      clientBidId: own ? command.clientBidId : null,
      placedAt: link.placedAt,
      prevHash: link.prevHash,
      hash: this.head,
    };
  }

  /** The statements that make the decisions so far durable (the bids, the state on the locked row), to run together. */
  writes(tx: DbOrTx, now: Date): Array<Promise<unknown>> {
    if (!this.dirty) return [];
    this.dirty = false;
    return [insertMany(tx, bids, this.rows.splice(0)), saveLot(tx, this.lot.listing.id, this.state, this.head, now)];
  }

  lastBid(): LotBid | null {
    if (!this.last) return null;
    const s = this.state;
    return {
      lotId: this.lot.listing.id,
      seq: this.last.seq,
      amount: toSafeNumber(this.last.amount),
      bidderCode: this.codeOf(this.last.bidder),
      placedAt: new Date(this.last.placedAt).toISOString(),
      endsAt: new Date(s.endsAt).toISOString(),
      minNextBid: toSafeNumber(minNextBid(this.lot.rules, s)),
    };
  }

  /** Organisations that lost the lead in this batch and did not win it back. */
  outbidOrganisations(): string[] {
    return [...this.outbid].filter((o) => o !== this.state.leader?.bidder);
  }
}

function sameRequest(a: PlaceBid, b: PlaceBid) {
  return a.amount === b.amount && a.maxAmount === b.maxAmount && a.match === b.match;
}

