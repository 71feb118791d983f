import { and, desc, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { documents, ipAssets, listingAssets, listingDocuments, listings } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import type { AttachDocumentInput, ChangeDocumentInput, DataRoomEntry } from "../../domain/schemas/data-room";
import { appendAudit } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServiceDeps } from "../context";
import { type DocumentContent, storeDocument } from "../documents";
import type { FileStorage } from "../storage";
import { type ListingRow, lockListing } from "./offers/common";

/**
 * The room is stocked while the listing is prepared or live. Once it is closed, decided or withdrawn, what
 * buyers could read stays as it was: the access log and any dispute refer to it.
 */
const EDITABLE = new Set(["draft", "in_review", "announced", "open"]);

/** The seller's side of the data room: add (upload or attach), change access or title, remove. */
export class DataRoomShelf {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly storage: FileStorage,
  ) {}

  editable(status: string): boolean {
    return EDITABLE.has(status);
  }

  /** The caller sells the listing (anyone else: NOT_FOUND) and may still edit its room. */
  private own(principal: Principal, l: ListingRow | undefined) {
    if (!l || l.organisationId !== principal.organisation.id || !principal.permissions.has("listing:create")) return fail("NOT_FOUND");
    if (!this.editable(l.status)) return fail("WRONG_STATUS", { status: l.status });
    return ok({ listing: l });
  }

  private async lockOwn(tx: DbOrTx, principal: Principal, listingId: string) {
    return this.own(principal, await lockListing(tx, listingId));
  }

  /** May the caller upload into this room? Asked before an upload form's body is read; `upload` asks again under the lock. */
  async mayUpload(principal: Principal, listingId: string) {
    const [l] = await this.deps.db.select().from(listings).where(eq(listings.id, listingId));
    const own = this.own(principal, l);
    return own.ok ? ok({}) : own;
  }

  /** The seller's documents about the listed rights that are not in the room yet. */
  async attachable(db: DbOrTx, l: ListingRow) {
    const inRoom = db.select({ id: listingDocuments.documentId }).from(listingDocuments).where(eq(listingDocuments.listingId, l.id));
    const listed = db.select({ id: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, l.id));
    return db
      .select({ id: documents.id, filename: documents.filename, kind: documents.kind, registryNumber: ipAssets.registryNumber, assetTitle: ipAssets.title })
      .from(documents)
      .innerJoin(ipAssets, eq(ipAssets.id, documents.assetId))
      .where(and(eq(documents.organisationId, l.organisationId), isNotNull(documents.assetId), inArray(documents.assetId, listed), notInArray(documents.id, inRoom)))
      .orderBy(desc(documents.createdAt));
  }

  /** Uploads a new file straight into the room (checked and stored like every other upload). */
  async upload(principal: Principal, listingId: string, file: { filename: string; content: DocumentContent }, entry: DataRoomEntry) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const own = await this.lockOwn(tx, principal, listingId);
      if (!own.ok) return own;
      const stored = await storeDocument(tx, this.storage, principal, { ...file, kind: "other", assetId: null }, now);
      if (!stored.ok) return stored;
      await this.place(tx, principal, listingId, { documentId: stored.id, access: entry.access, title: entry.title || file.filename }, now);
      return ok({ documentId: stored.id });
    });
  }

  /** Puts one of the seller's documents about a listed right into the room. */
  async attach(principal: Principal, listingId: string, input: AttachDocumentInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const own = await this.lockOwn(tx, principal, listingId);
      if (!own.ok) return own;
      const [doc] = await tx
        .select({ id: documents.id, filename: documents.filename })
        .from(documents)
        .innerJoin(listingAssets, and(eq(listingAssets.assetId, documents.assetId), eq(listingAssets.listingId, listingId)))
        .where(and(eq(documents.id, input.documentId), eq(documents.organisationId, principal.organisation.id)));
      if (!doc) return fail("DOCUMENT_NOT_FOUND");
      const placed = await this.place(tx, principal, listingId, { documentId: doc.id, access: input.access, title: input.title || doc.filename }, now);
      return placed ? ok({ documentId: doc.id }) : fail("DOCUMENT_IN_DATA_ROOM");
    });
  }

  private async place(tx: DbOrTx, principal: Principal, listingId: string, entry: { documentId: string; access: "open" | "nda"; title: string }, now: Date) {
    const inserted = await tx
      .insert(listingDocuments)
      .values({ listingId, ...entry, addedBy: principal.user.id, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: listingDocuments.documentId });
    if (inserted.length === 0) return false;
    await appendAudit(tx, { action: "data_room.document_added", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId, data: entry }, now);
    return true;
  }

  async change(principal: Principal, listingId: string, documentId: string, input: ChangeDocumentInput) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const own = await this.lockOwn(tx, principal, listingId);
      if (!own.ok) return own;
      const changed = await tx
        .update(listingDocuments)
        .set({ ...(input.access ? { access: input.access } : {}), ...(input.title ? { title: input.title } : {}) })
        .where(and(eq(listingDocuments.listingId, listingId), eq(listingDocuments.documentId, documentId)))
        .returning({ access: listingDocuments.access, title: listingDocuments.title });
      if (changed.length === 0) return fail("NOT_FOUND");
      await appendAudit(tx, { action: "data_room.document_changed", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId, data: { documentId, ...input } }, now);
      return ok(changed[0]!);
    });
  }

  /** Takes a document out of the room; the document itself and its access log stay. */
  async remove(principal: Principal, listingId: string, documentId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const own = await this.lockOwn(tx, principal, listingId);
      if (!own.ok) return own;
      const removed = await tx
        .delete(listingDocuments)
        .where(and(eq(listingDocuments.listingId, listingId), eq(listingDocuments.documentId, documentId)))
        .returning({ title: listingDocuments.title });
      if (removed.length === 0) return fail("NOT_FOUND");
      await appendAudit(tx, { action: "data_room.document_removed", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "listing", subjectId: listingId, data: { documentId, title: removed[0]!.title } }, now);
      return ok({});
    });
  }
}
