import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { optionalUser } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const principal = await optionalUser(context, request);
  if (principal) {
    if (form.get("scope") === "everywhere") await context.services.sessions.revokeAll(principal);
    else await context.services.sessions.end(principal);
  }
  return redirect("/", { headers: { "Set-Cookie": context.services.sessions.clearCookie() } });
}

export const loader = () => redirect("/");
