import { parse, serialize } from "cookie";
import { DEFAULT_LOCALE, LOCALE_COOKIE, type Locale, isLocale } from "~/i18n";

/** The chosen language (cookie), else the browser's preference, else Chinese. */
export function localeOf(request: Request): Locale {
  const chosen = parse(request.headers.get("cookie") ?? "")[LOCALE_COOKIE];
  if (isLocale(chosen)) return chosen;
  const accepted = (request.headers.get("accept-language") ?? "")
    .split(",")
    .map((part) => part.trim().split(";")[0]!.toLowerCase());
  for (const tag of accepted) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

export function localeCookie(locale: Locale, secure: boolean): string {
  return serialize(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 86_400, sameSite: "lax", httpOnly: false, secure });
}
