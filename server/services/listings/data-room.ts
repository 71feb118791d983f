import crypto from "node:crypto";
import { and, asc, count, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { dataRoomAccessLog, documents, listingDocuments, listings, ndaAcceptances, organisations, users } from "../../../db/schema";
import { NDA_TEXT, type NdaLanguage, ndaDocument } from "../../domain/listings/nda";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import type { FileStorage } from "../storage";
import { DataRoomShelf } from "./data-room-shelf";

/** The digest every acceptance records; an acceptance of an older text no longer opens anything. */
export const NDA_SHA256 = crypto.createHash("sha256").update(ndaDocument(), "utf8").digest("hex");

const HIDDEN = new Set(["draft", "in_review", "withdrawn"]);
export const ACCESS_LOG_PAGE_SIZE = 50;

type ListingRow = typeof listings.$inferSelect;
type Acceptance = typeof ndaAcceptances.$inferSelect;

/** Where a viewer stands before the NDA: each state is one box on the page and one refusal code. */
export type NdaStanding = "seller" | "accepted" | "anonymous" | "not_verified" | "must_accept";

/** Follows ListingService.get: a hidden listing exists only for its seller and the operators. */
export async function findVisibleListing(db: DbOrTx, principal: Principal | null, listingId: string) {
  const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
  if (!l) return null;
  const own = principal?.organisation.id === l.organisationId;
  if (HIDDEN.has(l.status) && !own && !principal?.permissions.has("verification:review")) return null;
  return { listing: l, own };
}

/** Deny by default: the seller's own members read everything; anyone else accepts the current NDA for a verified organisation. */
function standingOf(principal: Principal | null, l: ListingRow, acceptance: Acceptance | undefined): NdaStanding {
  if (!principal) return "anonymous";
  if (principal.organisation.id === l.organisationId) return "seller";
  if (principal.organisation.verification !== "verified" || principal.organisation.kind === "platform") return "not_verified";
  const current = acceptance && acceptance.textSha256 === NDA_SHA256 && acceptance.organisationId === principal.organisation.id;
  return current ? "accepted" : "must_accept";
}

const REFUSAL: Record<NdaStanding, string | null> = { seller: null, accepted: null, anonymous: "UNAUTHENTICATED", not_verified: "NOT_VERIFIED", must_accept: "NDA_REQUIRED" };

async function acceptanceOf(db: DbOrTx, principal: Principal | null, listingId: string) {
  if (!principal) return undefined;
  const [row] = await db.select().from(ndaAcceptances).where(and(eq(ndaAcceptances.listingId, listingId), eq(ndaAcceptances.userId, principal.user.id)));
  return row;
}

/**
 * A listing's data room: documents open to everyone or behind the standard NDA, each opening logged in the
 * transaction that allowed it. The seller's edits live in DataRoomShelf.
 */
export class DataRoomService {
  readonly shelf: DataRoomShelf;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly storage: FileStorage,
  ) {
    this.shelf = new DataRoomShelf(deps, storage);
  }

  /** The documents and what this viewer may open, the NDA in the viewer's language, and for the seller what it may attach. */
  async view(principal: Principal | null, listingId: string, language: NdaLanguage) {
    const db = this.deps.db;
    const seen = await findVisibleListing(db, principal, listingId);
    if (!seen) return fail("NOT_FOUND");
    const l = seen.listing;
    const acceptance = await acceptanceOf(db, principal, listingId);
    const standing = standingOf(principal, l, acceptance);
    const rows = await db
      .select({ entry: listingDocuments, doc: documents })
      .from(listingDocuments)
      .innerJoin(documents, eq(documents.id, listingDocuments.documentId))
      .where(eq(listingDocuments.listingId, listingId))
      .orderBy(asc(listingDocuments.createdAt), asc(listingDocuments.title));
    const mayOpenNda = REFUSAL[standing] === null;
    const manages = seen.own && Boolean(principal?.permissions.has("listing:create"));
    return ok({
      listing: { id: l.id, title: l.title, status: l.status },
      own: seen.own,
      manages,
      editable: manages && this.shelf.editable(l.status),
      standing,
      nda: { ...NDA_TEXT[language], sha256: NDA_SHA256, acceptedAt: standing === "accepted" ? acceptance!.acceptedAt : null },
      documents: rows.map(({ entry, doc }) => ({
        documentId: doc.id,
        title: entry.title,
        access: entry.access,
        filename: doc.filename,
        contentType: doc.contentType,
        sizeBytes: doc.sizeBytes,
        addedAt: entry.createdAt,
        mayOpen: entry.access === "open" || mayOpenNda,
      })),
      attachable: manages ? await this.shelf.attachable(db, l) : [],
    });
  }

  /** Accepting the NDA for the caller's organisation: idempotent, audited; a newer text or another organisation is a new acceptance. */
  async accept(principal: Principal, listingId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const seen = await findVisibleListing(tx, principal, listingId);
      if (!seen) return fail("NOT_FOUND");
      const standing = standingOf(principal, seen.listing, await acceptanceOf(tx, principal, listingId));
      if (standing === "seller") return fail("SELLER_CANNOT_TAKE_PART");
      if (standing === "not_verified") return fail("NOT_VERIFIED");
      if (standing === "accepted") return ok({ accepted: false });
      const values = { organisationId: principal.organisation.id, textSha256: NDA_SHA256, acceptedAt: now };
      await tx
        .insert(ndaAcceptances)
        .values({ listingId, userId: principal.user.id, ...values })
        .onConflictDoUpdate({ target: [ndaAcceptances.listingId, ndaAcceptances.userId], set: values });
      await appendAudit(tx, { action: "nda.accepted", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId, data: { textSha256: NDA_SHA256 } }, now);
      return ok({ accepted: true });
    });
  }

  /**
   * Opens a document for a viewer (null: an anonymous visitor). The decision and the log entry are one
   * transaction, and the bytes are read before it commits: what is served was logged, and nothing else was.
   */
  async open(principal: Principal | null, listingId: string, documentId: string, ip: string | null) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const seen = await findVisibleListing(tx, principal, listingId);
      if (!seen) return fail("NOT_FOUND");
      const [row] = await tx
        .select({ access: listingDocuments.access, doc: documents })
        .from(listingDocuments)
        .innerJoin(documents, eq(documents.id, listingDocuments.documentId))
        .where(and(eq(listingDocuments.listingId, listingId), eq(listingDocuments.documentId, documentId)));
      if (!row) return fail("NOT_FOUND");
      if (row.access === "nda") {
        const refusal = REFUSAL[standingOf(principal, seen.listing, await acceptanceOf(tx, principal, listingId))];
        if (refusal) return fail(refusal);
      }
      const bytes = await this.storage.get(row.doc.storageKey);
      if (!bytes) return fail("NOT_FOUND");
      await tx.insert(dataRoomAccessLog).values({ listingId, documentId, userId: principal?.user.id ?? null, organisationId: principal?.organisation.id ?? null, ip, at: now });
      return ok({ bytes, contentType: row.doc.contentType, filename: row.doc.filename });
    });
  }

  /** Who opened what, newest first, for the seller only. */
  async accessLog(principal: Principal, listingId: string, page: number) {
    const db = this.deps.db;
    const [l] = await db.select({ organisationId: listings.organisationId }).from(listings).where(eq(listings.id, listingId));
    if (!l || l.organisationId !== principal.organisation.id || !principal.permissions.has("listing:create")) return fail("NOT_FOUND");
    const [total] = await db.select({ n: count() }).from(dataRoomAccessLog).where(eq(dataRoomAccessLog.listingId, listingId));
    const entries = await db
      .select({
        id: dataRoomAccessLog.id,
        at: dataRoomAccessLog.at,
        ip: dataRoomAccessLog.ip,
        documentId: dataRoomAccessLog.documentId,
        documentTitle: listingDocuments.title,
        filename: documents.filename,
        userName: users.name,
        userEmail: users.email,
        organisationName: organisations.name,
      })
      .from(dataRoomAccessLog)
      .innerJoin(documents, eq(documents.id, dataRoomAccessLog.documentId))
      // A document taken out of the room keeps its log entries; only its room title is gone.
      .leftJoin(listingDocuments, and(eq(listingDocuments.listingId, dataRoomAccessLog.listingId), eq(listingDocuments.documentId, dataRoomAccessLog.documentId)))
      .leftJoin(users, eq(users.id, dataRoomAccessLog.userId))
      .leftJoin(organisations, eq(organisations.id, dataRoomAccessLog.organisationId))
      .where(eq(dataRoomAccessLog.listingId, listingId))
      .orderBy(desc(dataRoomAccessLog.at), desc(dataRoomAccessLog.id))
      .limit(ACCESS_LOG_PAGE_SIZE)
      .offset((page - 1) * ACCESS_LOG_PAGE_SIZE);
    return ok({ entries: entries.map((e) => ({ ...e, id: e.id.toString() })), total: total?.n ?? 0, page, pageSize: ACCESS_LOG_PAGE_SIZE });
  }
}
