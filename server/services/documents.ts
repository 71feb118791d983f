import crypto from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { documents } from "../../db/schema";
import { MAX_DOCUMENT_BYTES, safeFilename, sniffDocumentType } from "../domain/documents";
import { fail, ok } from "../domain/result";
import { appendAudit } from "./audit";
import type { Principal } from "./auth/principal";
import type { FileStorage } from "./storage";

export type UploadedFile = { filename: string; kind: string; bytes: Uint8Array; assetId: string | null };

/**
 * Every upload comes through here, for an asset or a data room alike: size capped, type from its bytes,
 * content hashed, bytes stored, and the row recorded and audited in the caller's transaction.
 */
export async function storeDocument(tx: DbOrTx, storage: FileStorage, principal: Principal, file: UploadedFile, now: Date) {
  if (file.bytes.byteLength === 0 || file.bytes.byteLength > MAX_DOCUMENT_BYTES) return fail("DOCUMENT_SIZE");
  const contentType = sniffDocumentType(file.bytes);
  if (!contentType) return fail("DOCUMENT_TYPE");
  const storageKey = crypto.randomUUID();
  await storage.put(storageKey, file.bytes);
  const [row] = await tx
    .insert(documents)
    .values({
      organisationId: principal.organisation.id,
      assetId: file.assetId,
      kind: file.kind,
      filename: safeFilename(file.filename),
      contentType,
      sizeBytes: file.bytes.byteLength,
      sha256: crypto.createHash("sha256").update(file.bytes).digest("hex"),
      storageKey,
      uploadedBy: principal.user.id,
      createdAt: now,
    })
    .returning({ id: documents.id });
  await appendAudit(tx, { action: "document.uploaded", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "document", subjectId: row!.id, data: { assetId: file.assetId, kind: file.kind } }, now);
  return ok({ id: row!.id });
}
