import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { isLocale } from "~/i18n";
import { safeRedirect } from "~/utils/auth.server";
import { readForm } from "~/utils/form.server";
import { localeCookie } from "~/utils/locale.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const locale = form.get("locale");
  const back = safeRedirect(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(back);
  const secure = context.services.config.publicOrigin.startsWith("https:");
  return redirect(back, { headers: { "Set-Cookie": localeCookie(locale, secure) } });
}

export const loader = () => redirect("/");
