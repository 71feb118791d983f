import crypto from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { documents } from "../../db/schema";
import { MAX_DOCUMENT_BYTES, safeFilename, sniffDocumentType } from "../domain/documents";
import { fail, ok } from "../domain/result";
import { appendAudit } from "./audit";
import type { Principal } from "./auth/principal";
import type { FileStorage, StagedFile } from "./storage";

/** A document's bytes: in memory (the API's base64, demo data) or already streamed to storage by an upload form. */
export type DocumentContent = Uint8Array | StagedFile;

export type UploadedFile = { filename: string; kind: string; content: DocumentContent; assetId: string | null };

async function* once(bytes: Uint8Array) {
  yield bytes;
}

/** Bytes in memory take the same path as a streamed upload, so size, type and hash are checked in one place. */
async function staged(storage: FileStorage, content: DocumentContent) {
  if (!(content instanceof Uint8Array)) return ok({ file: content });
  const result = await storage.stage(once(content), MAX_DOCUMENT_BYTES);
  return result.ok ? ok({ file: result.file }) : fail("DOCUMENT_SIZE");
}

/**
 * Every upload comes through here, for an asset or a data room alike: size capped, type from its first
 * bytes, content hashed as it was staged, the file kept under a fresh key, and the row recorded and
 * audited in the caller's transaction. A refused file is removed.
 */
export async function storeDocument(tx: DbOrTx, storage: FileStorage, principal: Principal, file: UploadedFile, now: Date) {
  const content = await staged(storage, file.content);
  if (!content.ok) return content;
  const { file: stagedFile } = content;
  try {
    if (stagedFile.size === 0 || stagedFile.size > MAX_DOCUMENT_BYTES) return fail("DOCUMENT_SIZE");
    const contentType = sniffDocumentType(stagedFile.head);
    if (!contentType) return fail("DOCUMENT_TYPE");
    const storageKey = crypto.randomUUID();
    await storage.keep(stagedFile, storageKey);
    const [row] = await tx
      .insert(documents)
      .values({
        organisationId: principal.organisation.id,
        assetId: file.assetId,
        kind: file.kind,
        filename: safeFilename(file.filename),
        contentType,
        sizeBytes: stagedFile.size,
        sha256: stagedFile.sha256,
        storageKey,
        uploadedBy: principal.user.id,
        createdAt: now,
      })
      .returning({ id: documents.id });
    await appendAudit(tx, { action: "document.uploaded", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "document", subjectId: row!.id, data: { assetId: file.assetId, kind: file.kind } }, now);
    return ok({ id: row!.id });
  } finally {
    await storage.discard(stagedFile);
  }
}
