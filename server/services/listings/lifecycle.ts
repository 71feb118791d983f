import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { disposalCaseAssets, disposalCases, ipAssets, listingAssets, listings, organisations, valuations } from "../../../db/schema";
import { type AuctionTerms, checkAuctionTerms } from "../../domain/listings/presets";
import { type ListingStatus, canMove } from "../../domain/listings/vocabulary";
import { jsonSafe } from "../../domain/money";
import { fail, ok } from "../../domain/result";
import { type CreateListingInput, termsSchemaFor } from "../../domain/schemas/listings";
import { enqueueJob } from "../../jobs/runner";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { type ListingNotice, tellOrganisations } from "./notices";
import { valuationsByDate } from "../../domain/collateral/alert-rules";
import { assetInBook } from "../collateral/scope";
import { refreshSearchDocument } from "./search-index";
import { tellWatchers } from "./watchers";

const AUCTION_LIKE = new Set(["english_auction", "tender", "listed_transfer", "fixed_price"]);

/** The appraisal a lot rests on: the seller's latest valuation of each right, summed. */
async function appraisalOf(db: DbOrTx, organisationId: string, assetIds: string[]): Promise<bigint | null> {
  const rows = await db.select().from(valuations).where(and(inArray(valuations.assetId, assetIds), eq(valuations.organisationId, organisationId)));
  let total = 0n;
  for (const id of assetIds) {
    const latest = valuationsByDate({ valuations: rows.filter((v) => v.assetId === id) }).at(-1);
    if (!latest) return null;
    total += latest.amount;
  }
  return total;
}

/**
 * Listings from draft to close: the seller creates and submits, an operator approves or rejects, and the
 * clock (jobs claimed with SKIP LOCKED, transitions under the listing's row lock) announces, opens and
 * closes each one exactly once.
 */
export class ListingService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly wakeJobs: () => void,
  ) {}

  async create(principal: Principal, input: CreateListingInput) {
    const terms = termsSchemaFor(input.mode).safeParse(input.terms);
    if (!terms.success) return fail("INVALID", { issues: terms.error.issues.map((i) => ({ path: ["terms", ...i.path].join("."), code: i.message })) });
    const now = this.deps.now();
    const org = principal.organisation.id;
    return this.deps.db.transaction(async (tx) => {
      const owned = await tx.select({ id: ipAssets.id }).from(ipAssets).where(and(inArray(ipAssets.id, input.assetIds), assetInBook(org)));
      if (owned.length !== new Set(input.assetIds).size) return fail("ASSET_NOT_FOUND");
      let attempt = 1;
      let previous: { id: string; price: bigint } | null = null;
      if (input.disposalCaseId) {
        const [kase] = await tx.select().from(disposalCases).where(and(eq(disposalCases.id, input.disposalCaseId), eq(disposalCases.organisationId, org)));
        if (!kase) return fail("NOT_FOUND");
        const inCase = await tx.select({ id: disposalCaseAssets.assetId }).from(disposalCaseAssets).where(eq(disposalCaseAssets.caseId, kase.id));
        if (!input.assetIds.every((id) => inCase.some((a) => a.id === id))) return fail("ASSET_NOT_IN_CASE");
        const failed = await tx
          .select({ id: listings.id, price: listings.price })
          .from(listings)
          .where(and(eq(listings.disposalCaseId, kase.id), eq(listings.status, "unsold"), inArray(listings.mode, ["english_auction", "tender"])))
          .orderBy(desc(listings.createdAt));
        attempt = failed.length + 1;
        previous = failed[0] ?? null;
      }
      const appraisal = await appraisalOf(tx, org, input.assetIds);
      const t = terms.data as Record<string, unknown>;
      let price: bigint;
      if (AUCTION_LIKE.has(input.mode)) {
        const auction = t as unknown as AuctionTerms;
        const violations = checkAuctionTerms(input.mode, input.preset, auction, { appraisal, attempt, previousStart: previous?.price ?? null, now });
        if (violations.length > 0) return fail("PRESET_VIOLATION", { violations });
        price = auction.startPrice;
      } else {
        price = (t.upfrontFee ?? t.askingValue ?? t.proposedValue) as bigint;
        const announceAt = (t.announceAt as Date | undefined) ?? now;
        if (t.closesAt && (t.closesAt as Date) <= announceAt) return fail("INVALID", { issues: [{ path: "terms.closesAt", code: "dates_out_of_order" }] });
      }
      const [row] = await tx
        .insert(listings)
        .values({
          organisationId: org,
          disposalCaseId: input.disposalCaseId,
          previousListingId: previous?.id ?? null,
          attempt,
          mode: input.mode,
          preset: input.preset,
          title: input.title,
          description: input.description,
          region: input.region,
          price,
          appraisal,
          terms: jsonSafe(t) as Record<string, unknown>,
          announceAt: (t.announceAt as Date | undefined) ?? null,
          opensAt: (t.opensAt as Date | undefined) ?? (t.announceAt as Date | undefined) ?? null,
          closesAt: (t.closesAt as Date | undefined) ?? null,
          createdBy: principal.user.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: listings.id });
      await tx.insert(listingAssets).values(input.assetIds.map((assetId) => ({ listingId: row!.id, assetId })));
      await refreshSearchDocument(tx, row!.id);
      await appendAudit(tx, { action: "listing.created", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: row!.id, data: { mode: input.mode, preset: input.preset, attempt } }, now);
      return ok({ id: row!.id, attempt });
    });
  }

  private async move(tx: DbOrTx, listingId: string, from: readonly ListingStatus[], to: ListingStatus, scope?: string) {
    const [row] = await tx
      .select()
      .from(listings)
      .where(scope ? and(eq(listings.id, listingId), eq(listings.organisationId, scope)) : eq(listings.id, listingId))
      .for("update");
    if (!row) return fail("NOT_FOUND");
    if (!from.includes(row.status) || !canMove(row.status, to)) return fail("WRONG_STATUS", { status: row.status });
    await tx.update(listings).set({ status: to, updatedAt: this.deps.now() }).where(eq(listings.id, listingId));
    return ok({ listing: row });
  }

  async submit(principal: Principal, listingId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const moved = await this.move(tx, listingId, ["draft"], "in_review", principal.organisation.id);
      if (!moved.ok) return moved;
      const operators = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "platform"));
      await tellOrganisations(tx, operators.map((o) => o.id), moved.listing, "listing_review", now, "/operator/listings");
      await appendAudit(tx, { action: "listing.submitted", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId }, now);
      return ok({});
    });
  }

  /** Operator review: approval announces the listing and queues its clock; rejection returns it to draft. */
  async review(principal: Principal, listingId: string, decision: { verdict: "approve" } | { verdict: "reject"; reason: string }) {
    const now = this.deps.now();
    const result = await this.deps.db.transaction(async (tx) => {
      if (decision.verdict === "reject") {
        const moved = await this.move(tx, listingId, ["in_review"], "draft");
        if (!moved.ok) return moved;
        await tx.update(listings).set({ reviewReason: decision.reason, reviewedBy: principal.user.id }).where(eq(listings.id, listingId));
        await this.tellSeller(tx, moved.listing, "listing_rejected", now);
        await appendAudit(tx, { action: "listing.rejected", actorUserId: principal.user.id, organisationId: moved.listing.organisationId, subjectType: "listing", subjectId: listingId, data: { reason: decision.reason } }, now);
        return ok({ status: "draft" as ListingStatus });
      }
      const moved = await this.move(tx, listingId, ["in_review"], "announced");
      if (!moved.ok) return moved;
      const l = moved.listing;
      await tx.update(listings).set({ reviewReason: null, reviewedBy: principal.user.id }).where(eq(listings.id, listingId));
      if (l.opensAt) await enqueueJob(tx, { kind: "listing:transition", payload: { listingId, to: "open" }, runAt: l.opensAt, dedupeKey: `listing:${listingId}:open` });
      if (l.closesAt) await enqueueJob(tx, { kind: "listing:transition", payload: { listingId, to: "closed" }, runAt: l.closesAt, dedupeKey: `listing:${listingId}:closed` });
      // A listed transfer is decided at the end of its notice, with or without registered buyers.
      if (l.mode === "listed_transfer" && l.opensAt) await enqueueJob(tx, { kind: "listing:resolve-transfer", payload: { listingId }, runAt: l.opensAt, dedupeKey: `listing:${listingId}:resolve-transfer` });
      // Now public: saved searches are matched against it once, in the background.
      await enqueueJob(tx, { kind: "listing:match-searches", payload: { listingId }, runAt: now, dedupeKey: `listing:${listingId}:match-searches` });
      await this.tellSeller(tx, l, "listing_announced", now);
      await appendAudit(tx, { action: "listing.approved", actorUserId: principal.user.id, organisationId: l.organisationId, subjectType: "listing", subjectId: listingId }, now);
      return ok({ status: "announced" as ListingStatus });
    });
    if (result.ok) this.wakeJobs();
    return result;
  }

  async withdraw(principal: Principal, listingId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const moved = await this.move(tx, listingId, ["draft", "in_review", "announced", "open"], "withdrawn", principal.organisation.id);
      if (!moved.ok) return moved;
      await tellWatchers(tx, moved.listing, "watched_listing_withdrawn", now);
      await appendAudit(tx, { action: "listing.withdrawn", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId }, now);
      return ok({});
    });
  }

  /**
   * The clock's transition, run by a job. Under the row lock it checks status and time, so a job that
   * runs twice (two processes, a retry, a restart) changes the listing once.
   */
  async transition(listingId: string, to: "open" | "closed"): Promise<"moved" | "skipped"> {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [l] = await tx.select().from(listings).where(eq(listings.id, listingId)).for("update");
      if (!l) return "skipped";
      const due = to === "open" ? l.opensAt : l.closesAt;
      const from: ListingStatus = to === "open" ? "announced" : "open";
      if (l.status !== from || !due || due > now) return "skipped";
      await tx.update(listings).set({ status: to, updatedAt: now }).where(eq(listings.id, listingId));
      await appendAudit(tx, { action: `listing.${to}`, organisationId: l.organisationId, subjectType: "listing", subjectId: listingId, data: { at: now.toISOString() } }, now);
      await this.tellSeller(tx, l, to === "open" ? "listing_opened" : "listing_closed", now);
      await tellWatchers(tx, l, to === "open" ? "watched_listing_opened" : "watched_listing_closed", now);
      return "moved";
    });
  }

  private async tellSeller(tx: DbOrTx, l: typeof listings.$inferSelect, kind: ListingNotice, now: Date) {
    await tellOrganisations(tx, [l.organisationId], l, kind, now);
  }

  async mine(principal: Principal) {
    return this.deps.db.select().from(listings).where(eq(listings.organisationId, principal.organisation.id)).orderBy(desc(listings.createdAt)).limit(500);
  }

  async reviewQueue() {
    return this.deps.db.select().from(listings).where(eq(listings.status, "in_review")).orderBy(listings.updatedAt).limit(500);
  }

  /** A seller sees its own listing in any status; anyone else only once it is public. */
  async get(principal: Principal | null, listingId: string) {
    const [l] = await this.deps.db.select().from(listings).where(eq(listings.id, listingId));
    const own = l && principal && l.organisationId === principal.organisation.id;
    const operator = principal?.permissions.has("verification:review");
    if (!l || (!own && !operator && ["draft", "in_review", "withdrawn"].includes(l.status))) return fail("NOT_FOUND");
    const assets = await this.deps.db.select({ asset: ipAssets }).from(listingAssets).innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId)).where(eq(listingAssets.listingId, listingId));
    return ok({ listing: l, assets: assets.map((a) => a.asset), own: Boolean(own) });
  }

}
