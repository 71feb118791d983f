import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { optionalUser } from "~/utils/auth.server";
import { documentResponse } from "~/utils/download.server";

/**
 * A data-room document's bytes, served only after the service allowed the opening and logged it. A refusal
 * serves nothing: an anonymous visitor is sent to sign in, anyone else back to the NDA box with the reason.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await optionalUser(context, request);
  const listingId = idOr404(params.listingId);
  const documentId = idOr404(params.documentId);
  const result = await context.services.dataRoom.open(principal, listingId, documentId, context.requestMeta.ipAddress);
  if (result.ok) return documentResponse(result);
  if (result.code === "NOT_FOUND") throw notFound();
  const room = `/listings/${listingId}/documents`;
  if (result.code === "UNAUTHENTICATED") return redirect(`/login?redirectTo=${encodeURIComponent(room)}`);
  return redirect(`${room}?refused=${result.code}#nda`);
}
