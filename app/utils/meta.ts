import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, resources } from "~/i18n";

type Match = { id: string; data: unknown };

/** A translated <title>, in the language the root loader chose, for a route's `meta`. */
export function pageTitle(matches: readonly Match[], key: string): MetaDescriptor[] {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  const messages = resources[isLocale(locale) ? locale : DEFAULT_LOCALE].translation;
  const lookup = (path: string) => path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
  const title = lookup(key);
  const app = lookup("app.name") as string;
  return [{ title: typeof title === "string" ? `${title} · ${app}` : app }];
}
