import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { z } from "zod";
import { parseMajor } from "../../server/domain/money";
import { idOr404, notFound } from "~/components/collateral/loan-page.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";

const ExitForm = z.object({ amount: z.bigint().nonnegative(), realisedOn: z.iso.date() });

/** The seller records an equity contribution's exit (the form on the settlement page); back to the page with a notice or the error. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await requireUser(context, request, "market:trade");
  const id = idOr404(params.settlementId);
  const found = await context.services.settlements.get(principal, id);
  if (!found.ok) throw notFound();
  const parsed = ExitForm.safeParse({ amount: parseMajor(String(form.get("amount") ?? ""), found.settlement.currency), realisedOn: form.get("realisedOn") });
  if (!parsed.success) return redirect(`/settlements/${id}?exitError=INVALID`);
  const done = await context.services.equityRecoveries.exit(principal, id, parsed.data);
  if (!done.ok) return redirect(`/settlements/${id}?exitError=${done.code}`);
  return redirect(`/settlements/${id}?done=exit`);
}

export const loader = ({ params }: ActionFunctionArgs) => redirect(`/settlements/${idOr404(params.settlementId)}`);
