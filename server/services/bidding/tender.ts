import { and, asc, eq } from "drizzle-orm";
import { awards, listings, lotDeposits, organisations, tenderBids } from "../../../db/schema";
import { checkBidder } from "../../domain/bidding/eligibility";
import { COMMITMENT_RECIPES, type CommitmentScheme, proposedAward, rankTender } from "../../domain/bidding/tender";
import { declaredValueIssues } from "../../domain/bidding/tender-scoring";
import { toSafeNumber } from "../../domain/money";
import { fail, ok } from "../../domain/result";
import { publishedScoring } from "../../domain/schemas/listings";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { type ListingRow, awardListing, lockListing, tell } from "../listings/offers/common";
import { releaseLosers } from "../payments/deposit-money";
import { bidderFacts } from "./bidder-facts";
import { commitmentOf, newSalt, seal, unseal } from "./sealed-box";

type TenderRow = typeof tenderBids.$inferSelect;

/** A tender's opening time: its published terms, or the deadline when none was set. */
export function tenderOpeningAt(l: ListingRow): Date | null {
  const at = (l.terms as { tender?: { openingAt?: string } }).tender?.openingAt;
  return at ? new Date(at) : l.closesAt;
}

const evaluationOf = (l: ListingRow) => (l.terms as { tender?: { evaluation?: "price" | "weighted" } }).tender?.evaluation ?? "price";
/** A weighted tender's bids declare values, so their commitments bind them too. */
const schemeOf = (l: ListingRow): CommitmentScheme => (publishedScoring(l.terms) ? "ipx-tender-v2" : "ipx-tender-v1");

/** The listing's status after its opening; before it, every amount and rank stays sealed. */
const OPENED = new Set(["awarded", "unsold", "settled"]);
const HIDDEN = new Set(["draft", "in_review", "withdrawn"]);

const receiptOf = (row: TenderRow, bidderCode: string, scheme: CommitmentScheme) => ({
  lotId: row.listingId,
  organisationId: row.organisationId,
  bidderCode,
  revision: row.revision,
  commitment: row.commitment,
  submittedAt: row.submittedAt,
  scheme,
  recipe: COMMITMENT_RECIPES[scheme],
});

/**
 * Sealed tenders. Amounts exist in clear only inside `submit` (to seal them) and from the opening on;
 * nothing before the opening returns, audits or logs an amount or a rank, to anyone.
 */
export class TenderService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Submits or revises the caller's one sealed bid: the amount and, on a weighted tender, one value per
   * published criterion (sealed with it). The salt is returned here and nowhere else.
   */
  async submit(principal: Principal, lotId: string, amount: bigint, values: readonly number[] = []) {
    const now = this.deps.now();
    const org = principal.organisation.id;
    return this.deps.db.transaction(async (tx) => {
      const l = await lockListing(tx, lotId);
      if (!l || l.mode !== "tender" || HIDDEN.has(l.status)) return fail("NOT_FOUND");
      if (!["announced", "open"].includes(l.status) || !l.closesAt || l.closesAt <= now) return fail("LOT_CLOSED");
      if (!l.opensAt || l.opensAt > now) return fail("LOT_NOT_OPEN", { opensAt: l.opensAt?.toISOString() ?? null });
      const eligible = checkBidder(await bidderFacts(tx, principal, l), amount);
      if (!eligible.ok) return fail(eligible.code);
      if (amount < l.price) return fail("BID_TOO_LOW", { minimum: toSafeNumber(l.price) });
      // Positions and codes only: a refusal never repeats a sealed value.
      const issues = declaredValueIssues(publishedScoring(l.terms), values);
      if (issues.length > 0) return fail("INVALID", { issues });
      const [previous] = await tx.select().from(tenderBids).where(and(eq(tenderBids.listingId, lotId), eq(tenderBids.organisationId, org))).for("update");
      const revision = (previous?.revision ?? 0) + 1;
      const salt = newSalt();
      const sealed = seal(this.deps.config.tenderKey, { lotId, organisationId: org, revision }, { amount, salt, values });
      const columns = { ...sealed, revision, commitment: commitmentOf(lotId, org, amount, salt, values), submittedBy: principal.user.id, submittedAt: now };
      const [row] = previous
        ? await tx.update(tenderBids).set(columns).where(eq(tenderBids.id, previous.id)).returning()
        : await tx.insert(tenderBids).values({ listingId: lotId, organisationId: org, ...columns }).returning();
      await appendAudit(tx, { action: previous ? "tender.revised" : "tender.submitted", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: lotId, data: { revision, commitment: row!.commitment, keyId: sealed.keyId } }, now);
      return ok({ receipt: receiptOf(row!, eligible.bidderCode, schemeOf(l)), salt });
    });
  }

  /**
   * The opening, run by the `tender:open` job under the listing's row lock: every bid decrypted and checked
   * against its commitment together, ranked by price or by the published scoring, the best-ranked bid that
   * meets the reserve proposed for award, the other deposits released. A second run finds the listing
   * decided and skips.
   */
  async open(lotId: string) {
    const now = this.deps.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const l = await lockListing(tx, lotId);
      const at = l ? tenderOpeningAt(l) : null;
      if (!l || l.mode !== "tender" || !["open", "closed"].includes(l.status) || !l.closesAt || l.closesAt > now || !at || at > now) return { outcome: "skipped" as const, rejected: [] };
      const rows = await tx.select().from(tenderBids).where(eq(tenderBids.listingId, lotId)).orderBy(asc(tenderBids.submittedAt)).for("update");
      const opened = rows.map((r) => {
        const secret = this.unsealed(r);
        const verified = secret !== null && commitmentOf(lotId, r.organisationId, secret.amount, secret.salt, secret.values) === r.commitment;
        return { id: r.id, organisationId: r.organisationId, amount: secret?.amount ?? null, values: secret?.values ?? null, verified, submittedAt: r.submittedAt };
      });
      const scoring = publishedScoring(l.terms);
      const ranked = rankTender(opened, scoring);
      const ranks = new Map(ranked.map((r) => [r.id, r.rank]));
      for (const b of opened) await tx.update(tenderBids).set({ openedAmount: b.amount, verified: b.verified, rank: ranks.get(b.id) ?? null }).where(eq(tenderBids.id, b.id));
      const rejected = opened.filter((b) => !b.verified).map((b) => b.id);
      const reserve = (l.terms as { reserve?: number | null }).reserve;
      const winner = proposedAward(opened.map((b) => ({ ...b, rank: ranks.get(b.id) ?? null })), reserve === null || reserve === undefined ? null : BigInt(reserve));
      const audit = { organisationId: l.organisationId, subjectType: "listing", subjectId: lotId };
      // A weighted tender records each bid's total (basis points) with the opening; amounts and values stay in the bids.
      const scores = scoring ? Object.fromEntries(ranked.filter((r) => r.score).map((r) => [r.id, r.score!.total])) : undefined;
      await appendAudit(tx, { ...audit, action: "tender.opened", data: { bids: rows.length, verified: rows.length - rejected.length, rejected, evaluation: evaluationOf(l), rankedBy: scoring ? "weighted" : "price", ...(scores ? { scores } : {}) } }, now);
      await releaseLosers(tx, lotId, winner?.organisationId ?? null, now);
      const bidders = rows.map((r) => r.organisationId);
      await tell(tx, [l.organisationId, ...bidders], l, "tender_opened", now);
      if (winner) {
        await awardListing(tx, l, winner.organisationId, winner.amount, now, this.deps.config);
        await appendAudit(tx, { ...audit, action: "listing.awarded", data: { buyer: winner.organisationId, price: winner.amount.toString() } }, now);
        await tell(tx, [winner.organisationId], l, "tender_won", now);
        await tell(tx, [l.organisationId], l, "listing_awarded", now);
      } else {
        await tx.update(listings).set({ status: "unsold", updatedAt: now }).where(eq(listings.id, lotId));
        await appendAudit(tx, { ...audit, action: "listing.unsold", data: { reason: ranked.some((r) => r.rank !== null) ? "reserve_not_met" : "no_verified_bid" } }, now);
        await tell(tx, [l.organisationId], l, "listing_unsold", now);
      }
      await tell(tx, bidders.filter((o) => o !== winner?.organisationId), l, "tender_lost", now);
      return { outcome: winner ? ("awarded" as const) : ("unsold" as const), rejected };
    });
    if (result.rejected.length > 0) this.deps.log.warn({ lotId, rejectedBids: result.rejected }, "sealed bids failed verification at the opening and were excluded");
    return result;
  }

  /**
   * Before the opening: refused to everyone. After: the ranking by bidder code, each bid's amount, declared
   * values and score (recomputed from the opened bids by the published formula), and the caller's own
   * verification data.
   */
  async results(principal: Principal, lotId: string) {
    const l = await this.visible(principal, lotId);
    if (!l) return fail("NOT_FOUND");
    if (!OPENED.has(l.status)) return fail("TENDER_SEALED", { openingAt: tenderOpeningAt(l)?.toISOString() ?? null });
    const rows = await this.deps.db
      .select({ bid: tenderBids, bidderCode: lotDeposits.bidderCode, name: organisations.name })
      .from(tenderBids)
      .innerJoin(organisations, eq(organisations.id, tenderBids.organisationId))
      .leftJoin(lotDeposits, and(eq(lotDeposits.listingId, tenderBids.listingId), eq(lotDeposits.organisationId, tenderBids.organisationId)))
      .where(eq(tenderBids.listingId, lotId));
    rows.sort((a, b) => (a.bid.rank ?? Number.MAX_SAFE_INTEGER) - (b.bid.rank ?? Number.MAX_SAFE_INTEGER) || a.bid.submittedAt.getTime() - b.bid.submittedAt.getTime());
    const [award] = await this.deps.db.select({ buyer: awards.buyerOrganisationId }).from(awards).where(eq(awards.listingId, lotId));
    const scoring = publishedScoring(l.terms);
    const values = new Map(rows.map(({ bid }) => [bid.id, this.unsealed(bid)?.values ?? null]));
    const opened = rows.map(({ bid }) => ({ id: bid.id, amount: bid.openedAmount, values: values.get(bid.id) ?? null, verified: bid.verified === true, submittedAt: bid.submittedAt }));
    const scores = new Map(rankTender(opened, scoring).map((r) => [r.id, r.score]));
    const seller = l.organisationId === principal.organisation.id;
    const bids = rows.map(({ bid, bidderCode, name }) => {
      const own = bid.organisationId === principal.organisation.id;
      const winner = award?.buyer === bid.organisationId;
      return {
        bidderCode: bidderCode ?? "",
        rank: bid.rank,
        amount: bid.openedAmount,
        values: values.get(bid.id) ?? null,
        score: scores.get(bid.id) ?? null,
        verified: bid.verified === true,
        revision: bid.revision,
        commitment: bid.commitment,
        submittedAt: bid.submittedAt,
        own,
        winner,
        // Identities: the seller learns its buyer's on award; everyone else sees codes.
        organisationName: (seller && winner) || own ? name : null,
      };
    });
    const mine = rows.find((r) => r.bid.organisationId === principal.organisation.id);
    return ok({ lotId, status: l.status, evaluation: evaluationOf(l), rankedBy: scoring ? ("weighted" as const) : ("price" as const), scoring, bids, mine: mine ? this.verification(mine.bid, mine.bidderCode ?? "", schemeOf(l)) : null });
  }

  /** The caller's receipt: without an amount before the opening; with the amount, values and salt to verify after it. */
  async myReceipt(principal: Principal, lotId: string) {
    const l = await this.visible(principal, lotId);
    if (!l) return fail("NOT_FOUND");
    const [row] = await this.deps.db
      .select({ bid: tenderBids, bidderCode: lotDeposits.bidderCode })
      .from(tenderBids)
      .leftJoin(lotDeposits, and(eq(lotDeposits.listingId, tenderBids.listingId), eq(lotDeposits.organisationId, tenderBids.organisationId)))
      .where(and(eq(tenderBids.listingId, lotId), eq(tenderBids.organisationId, principal.organisation.id)));
    if (!row) return fail("NO_TENDER");
    if (!OPENED.has(l.status)) return ok({ receipt: receiptOf(row.bid, row.bidderCode ?? "", schemeOf(l)), opened: null });
    return ok(this.verification(row.bid, row.bidderCode ?? "", schemeOf(l)));
  }

  /** After the opening a bidder gets back what it needs to recompute its commitment: amount, declared values and salt. */
  private verification(bid: TenderRow, bidderCode: string, scheme: CommitmentScheme) {
    const secret = this.unsealed(bid);
    return {
      receipt: receiptOf(bid, bidderCode, scheme),
      opened: { amount: bid.openedAmount, values: secret?.values ?? null, salt: secret?.salt ?? null, verified: bid.verified === true, rank: bid.rank },
    };
  }

  /** A bid in clear (null when it fails to open); used only from the opening on. */
  private unsealed(bid: TenderRow) {
    return unseal(this.deps.config.tenderKeys, { lotId: bid.listingId, organisationId: bid.organisationId, revision: bid.revision }, bid);
  }

  /** A tender listing the caller may see (the same rule as the listing page), or null. */
  private async visible(principal: Principal, lotId: string): Promise<ListingRow | null> {
    const [l] = await this.deps.db.select().from(listings).where(eq(listings.id, lotId));
    if (!l || l.mode !== "tender") return null;
    const insider = l.organisationId === principal.organisation.id || principal.permissions.has("verification:review");
    return HIDDEN.has(l.status) && !insider ? null : l;
  }
}
