import type { AppLoadContext } from "@remix-run/node";
import type { Permission } from "../../server/domain/permissions";
import { isTextLine } from "../../server/domain/schemas/text";

/** The one guard (server/services/auth/guard.ts), as pages call it. */
export function requireUser(context: AppLoadContext, request: Request, permission?: Permission) {
  return context.services.guard.requireUser(request, permission);
}

export function optionalUser(context: AppLoadContext, request: Request) {
  return context.services.guard.optionalUser(request);
}

/**
 * Only same-site paths: an open redirect would let a link send people elsewhere after signing in. One line of text
 * only (a tab inside, which browsers drop, could turn "/\t/evil.example" into "//evil.example"), and what a Location
 * header cannot carry (spaces, Chinese) percent-encoded as a browser would.
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\") || !isTextLine(target)) return fallback;
  return target.replace(/[^\x21-\x7E]/gu, (c) => encodeURIComponent(c));
}
