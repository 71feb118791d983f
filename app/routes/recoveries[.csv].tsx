import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { notFound } from "~/components/collateral/loan-page.server";

/** One table of the caller's recoveries dashboard as CSV (`?table=`); a table its dashboard does not have is not found. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const made = await context.services.recoveries.portfolioCsv(principal, new URL(request.url).searchParams.get("table") ?? "");
  if (!made.ok) throw notFound();
  return new Response(made.csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${made.filename}"`, "Cache-Control": "private, no-store" } });
}
