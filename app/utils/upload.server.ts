import { type AppLoadContext, json, unstable_parseMultipartFormData } from "@remix-run/node";
import type { StagedFile } from "../../server/services/storage";
import { BodyTooLarge, cappedBody } from "~/utils/body.server";
import { CSRF_FIELD } from "~/utils/form.server";

/**
 * Upload forms are read as they stream in (decision 019). The route has already authenticated and
 * authorised the caller from the headers; here the form's first part must be its CSRF token, and the body
 * is refused past the configured total, part count and file size, without reading further.
 */

/** The status each refusal answers with, for the codes this module and the file sinks produce (the form's error, errors.*). */
export const UPLOAD_STATUS: Record<string, number> = { UPLOAD_TOO_LARGE: 413, UPLOAD_TOO_MANY_PARTS: 413, DOCUMENT_SIZE: 413, IMPORT_TOO_LARGE: 413, INVALID: 400 };

export type FilePart = { name: string; filename: string; data: AsyncIterable<Uint8Array> };

/** Takes one file part as it streams: keeps it (staged, decoded), passes over it (null), or refuses it with a code. */
export type FileSink<F> = (part: FilePart) => Promise<{ ok: true; file: F | null } | { ok: false; code: string }>;

export type Received<F> = { ok: true; fields: FormData; files: F[] } | { ok: false; code: string };

/** Text fields of our forms are short; a "field" of megabytes is not one of ours. */
const MAX_FIELD_BYTES = 64 * 1024;

class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

async function fieldText(data: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > MAX_FIELD_BYTES) throw new Refused("UPLOAD_TOO_LARGE");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a multipart upload form part by part. Browsers send a form's entries in document order and every
 * upload form starts with its CSRF field, so a first part that is not a valid token is refused (403) before
 * any file byte is taken. Files go to `sink` as they arrive; on a refusal, `release` undoes what it kept.
 */
export async function receiveUpload<F>(request: Request, context: AppLoadContext, sink: FileSink<F>, release: (file: F) => Promise<void>): Promise<Received<F>> {
  const limits = context.services.uploads.limits;
  const [type, boundary] = (request.headers.get("content-type") ?? "").split(/\s*;\s*boundary=/);
  if (type !== "multipart/form-data" || !boundary || !request.body) return { ok: false, code: "INVALID" };
  if (Number(request.headers.get("content-length") ?? 0) > limits.maxBodyBytes) return { ok: false, code: "UPLOAD_TOO_LARGE" };
  const files: F[] = [];
  let parts = 0;
  const body = cappedBody(request.body, limits.maxBodyBytes);
  const counted = new Request(request.url, { method: request.method, headers: request.headers, body, duplex: "half" } as RequestInit);
  try {
    const fields = await unstable_parseMultipartFormData(counted, async (part) => {
      parts += 1;
      if (parts > limits.maxParts) throw new Refused("UPLOAD_TOO_MANY_PARTS");
      if (parts === 1) {
        const token = part.name === CSRF_FIELD && part.filename === undefined ? await fieldText(part.data) : null;
        if (!context.services.csrf.verify(request, token)) throw json({ formError: "CSRF" }, { status: 403 });
        return undefined;
      }
      if (part.filename === undefined) return fieldText(part.data);
      const taken = await sink({ name: part.name, filename: part.filename, data: part.data });
      if (!taken.ok) throw new Refused(taken.code);
      if (taken.file !== null) files.push(taken.file);
      return undefined;
    });
    return { ok: true, fields, files };
  } catch (error) {
    await Promise.all(files.map(release));
    if (error instanceof Refused) return { ok: false, code: error.code };
    if (error instanceof BodyTooLarge) return { ok: false, code: "UPLOAD_TOO_LARGE" };
    if (error instanceof Response) throw error;
    // The parser's own complaints (no boundary, a malformed part): a body no form of ours sends.
    if (error instanceof Error && /multipart|FormData/i.test(error.message)) return { ok: false, code: "INVALID" };
    throw error;
  }
}

export type ReceivedDocument = { ok: true; fields: FormData; filename: string; file: StagedFile } | { ok: false; code: string };

/**
 * A document upload form (one `file` field): the file is streamed to storage and hashed on the way, and
 * whatever `answer` does with it, the staged copy is removed afterwards unless a service kept it.
 */
export async function withDocument<T>(request: Request, context: AppLoadContext, answer: (received: ReceivedDocument) => Promise<T>): Promise<T> {
  const { uploads } = context.services;
  const names: string[] = [];
  const received = await receiveUpload<StagedFile>(
    request,
    context,
    async (part) => {
      if (part.name !== "file") return { ok: false, code: "INVALID" };
      if (names.length > 0) return { ok: false, code: "UPLOAD_TOO_MANY_PARTS" };
      const staged = await uploads.stage(part.data, uploads.limits.maxFileBytes);
      if (!staged.ok) return { ok: false, code: "DOCUMENT_SIZE" };
      names.push(part.filename);
      return { ok: true, file: staged.file };
    },
    (file) => uploads.discard(file),
  );
  const file = received.ok ? received.files[0] : undefined;
  try {
    if (!received.ok) return await answer(received);
    // An empty file input still sends a part: no name, no bytes.
    if (!file || file.size === 0) return await answer({ ok: false, code: "INVALID" });
    return await answer({ ok: true, fields: received.fields, filename: names[0] || "document", file });
  } finally {
    if (file) await uploads.discard(file);
  }
}
