import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { ipAssets, listingAssets, listings, organisations } from "../../../db/schema";
import { type ListingStatus, canMove } from "../../domain/listings/vocabulary";
import { fail, ok } from "../../domain/result";
import type { CreateListingInput } from "../../domain/schemas/listings";
import { enqueueJob } from "../../jobs/runner";
import { appendAudit } from "../audit";
import { tenderOpeningAt } from "../bidding/tender";
import { ensureLot } from "../bidding/lot-store";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { type ListingNotice, tellOrganisations } from "./notices";
import { prepareListing } from "./prepare";
import { checkTitle, titleBasesOf } from "./title";
import { refreshSearchDocument } from "./search-index";
import { tellWatchers } from "./watchers";

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
    const now = this.deps.now();
    const org = principal.organisation.id;
    return this.deps.db.transaction(async (tx) => {
      const prepared = await prepareListing(tx, org, input, now);
      if (!prepared.ok) return prepared;
      const { columns } = prepared;
      const [row] = await tx
        .insert(listings)
        .values({ organisationId: org, ...columns, createdBy: principal.user.id, createdAt: now, updatedAt: now })
        .returning({ id: listings.id });
      await tx.insert(listingAssets).values(input.assetIds.map((assetId) => ({ listingId: row!.id, assetId })));
      await refreshSearchDocument(tx, row!.id);
      await appendAudit(tx, { action: "listing.created", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: row!.id, data: { mode: input.mode, preset: input.preset, attempt: columns.attempt } }, now);
      return ok({ id: row!.id, attempt: columns.attempt });
    });
  }

  /** The seller fixes its draft (after a rejection, say): the same checks as create, on the locked row. */
  async update(principal: Principal, listingId: string, input: CreateListingInput) {
    const now = this.deps.now();
    const org = principal.organisation.id;
    return this.deps.db.transaction(async (tx) => {
      const [current] = await tx.select({ status: listings.status }).from(listings).where(and(eq(listings.id, listingId), eq(listings.organisationId, org))).for("update");
      if (!current) return fail("NOT_FOUND");
      if (current.status !== "draft") return fail("WRONG_STATUS", { status: current.status });
      const prepared = await prepareListing(tx, org, input, now);
      if (!prepared.ok) return prepared;
      const { columns } = prepared;
      await tx.update(listings).set({ ...columns, updatedAt: now }).where(eq(listings.id, listingId));
      await tx.delete(listingAssets).where(eq(listingAssets.listingId, listingId));
      await tx.insert(listingAssets).values(input.assetIds.map((assetId) => ({ listingId, assetId })));
      await refreshSearchDocument(tx, listingId);
      await appendAudit(tx, { action: "listing.edited", actorUserId: principal.user.id, organisationId: org, subjectType: "listing", subjectId: listingId, data: { mode: input.mode, preset: input.preset, attempt: columns.attempt } }, now);
      return ok({ id: listingId, attempt: columns.attempt });
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
      // Title may have lapsed since the draft was written (a pledge released, a case closed): checked on
      // the seller's own listing, before anything is written.
      const rights = await tx
        .select({ id: listingAssets.assetId })
        .from(listingAssets)
        .innerJoin(listings, eq(listings.id, listingAssets.listingId))
        .where(and(eq(listingAssets.listingId, listingId), eq(listings.organisationId, principal.organisation.id)));
      if (rights.length > 0) {
        const title = await checkTitle(tx, principal.organisation.id, rights.map((r) => r.id));
        if (!title.ok) return title;
      }
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
      // Approval cannot announce what the seller has no title to sell, whatever the review page showed.
      const rights = await tx
        .select({ id: listingAssets.assetId, seller: listings.organisationId })
        .from(listingAssets)
        .innerJoin(listings, eq(listings.id, listingAssets.listingId))
        .where(eq(listingAssets.listingId, listingId));
      if (rights.length > 0) {
        const title = await checkTitle(tx, rights[0]!.seller, rights.map((r) => r.id));
        if (!title.ok) return title;
      }
      const moved = await this.move(tx, listingId, ["in_review"], "announced");
      if (!moved.ok) return moved;
      const l = moved.listing;
      await tx.update(listings).set({ reviewReason: null, reviewedBy: principal.user.id }).where(eq(listings.id, listingId));
      if (l.opensAt) await enqueueJob(tx, { kind: "listing:transition", payload: { listingId, to: "open" }, runAt: l.opensAt, dedupeKey: `listing:${listingId}:open` });
      if (l.closesAt) await enqueueJob(tx, { kind: "listing:transition", payload: { listingId, to: "closed" }, runAt: l.closesAt, dedupeKey: `listing:${listingId}:closed` });
      const opening = l.mode === "tender" ? tenderOpeningAt(l) : null;
      if (opening) await enqueueJob(tx, { kind: "tender:open", payload: { listingId }, runAt: opening, dedupeKey: `listing:${listingId}:tender-open` });
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
      // An English auction ends with its lot (the lot's close decides and awards), never by the listing's clock.
      if (to === "closed" && l.mode === "english_auction") return "skipped";
      await tx.update(listings).set({ status: to, updatedAt: now }).where(eq(listings.id, listingId));
      if (to === "open") await ensureLot(tx, { ...l, status: to }, now);
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

  /** Listings in review, each right with the seller's title to dispose of it as it stands now (decision 021). */
  async reviewQueue() {
    const db = this.deps.db;
    const rows = await db.select().from(listings).where(eq(listings.status, "in_review")).orderBy(listings.updatedAt).limit(500);
    const rights = rows.length ? await db.select().from(listingAssets).where(inArray(listingAssets.listingId, rows.map((r) => r.id))) : [];
    return Promise.all(
      rows.map(async (l) => ({ ...l, titles: await titleBasesOf(db, l.organisationId, rights.filter((r) => r.listingId === l.id).map((r) => r.assetId)) })),
    );
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
