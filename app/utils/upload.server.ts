import { type AppLoadContext, MaxPartSizeExceededError, json, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_DOCUMENT_BYTES } from "../../server/domain/documents";

export type Upload = { form: FormData; file: File } | { form: FormData | null; error: "DOCUMENT_SIZE" | "INVALID" };

/**
 * A document upload form: multipart, so the CSRF token is checked here rather than by readForm. A part over
 * the document limit is refused while reading; the service checks size and type again from the bytes.
 */
export async function readUpload(request: Request, context: AppLoadContext): Promise<Upload> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_DOCUMENT_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { form: null, error: "DOCUMENT_SIZE" };
    throw error;
  }
  if (!context.services.csrf.verify(request, form.get("csrf"))) throw json({ formError: "CSRF" }, { status: 403 });
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return { form, error: "INVALID" };
  return { form, file };
}

export async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}
