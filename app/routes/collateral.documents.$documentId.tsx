import type { LoaderFunctionArgs } from "@remix-run/node";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { requireUser } from "~/utils/auth.server";
import { documentResponse } from "~/utils/download.server";

/** A document's bytes, only for the organisation that uploaded it; anything else is 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "collateral:manage");
  const documentId = idOr404(params.documentId);
  const result = await context.services.assets.readDocument(principal, documentId);
  if (!result.ok) throw notFound();
  return documentResponse(result);
}
