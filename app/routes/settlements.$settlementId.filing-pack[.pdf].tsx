import type { LoaderFunctionArgs } from "@remix-run/node";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { requireUser } from "~/utils/auth.server";

/** The filing pack as a PDF, for the settlement's parties and the platform (a session or an API token). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const id = idOr404(params.settlementId);
  const made = await context.services.settlements.filingPackPdf(principal, id);
  if (!made.ok) {
    if (made.code === "NOT_FOUND") throw notFound();
    return new Response("PDF unavailable: no CJK font on this server. Print the filing pack page instead.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(new Uint8Array(made.pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="filing-pack-${id}.pdf"`, "Cache-Control": "private, no-store" } });
}
