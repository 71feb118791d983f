import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";

/** The caller organisation's statement as one chronological CSV. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "account:read");
  const csv = await context.services.recoveries.statementCsv(principal);
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="statement.csv"', "Cache-Control": "private, no-store" } });
}
