import type { LoaderFunctionArgs } from "@remix-run/node";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { requireUser } from "~/utils/auth.server";

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Chinese file names survive). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A document's bytes, only for the organisation that uploaded it; anything else is 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const documentId = idOr404(params.documentId);
  const result = await context.services.assets.readDocument(principal, documentId);
  if (!result.ok) throw notFound();
  return new Response(result.bytes.slice(), {
    status: 200,
    headers: {
      "Content-Type": result.contentType,
      "Content-Length": String(result.bytes.byteLength),
      "Content-Disposition": contentDisposition(result.filename),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
