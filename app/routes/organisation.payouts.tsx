import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";

/**
 * Receiving payouts by Stripe (no page of its own: the organisation page shows it). POST starts or continues
 * Stripe's onboarding; Stripe sends the admin back to `?step=return` (the account is re-read) or, when its link
 * expired, to `?step=refresh` (a fresh link).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(context, request, "members:manage");
  const accounts = context.services.payouts.accounts;
  const step = new URL(request.url).searchParams.get("step");
  if (step === "refresh") {
    const link = await accounts.startOnboarding(principal);
    if (link.ok) return redirect(link.url);
  }
  if (step === "return") {
    const state = await accounts.refresh(principal);
    if (state.ok) return redirect(`/organisation?done=${state.payoutsEnabled ? "payouts-enabled" : "payouts-pending"}`);
  }
  return redirect("/organisation");
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  const principal = await requireUser(context, request, "members:manage");
  const link = await context.services.payouts.accounts.startOnboarding(principal);
  return redirect(link.ok ? link.url : "/organisation");
}
