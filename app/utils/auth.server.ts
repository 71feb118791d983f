import type { AppLoadContext } from "@remix-run/node";
import type { Permission } from "../../server/domain/permissions";

/** The one guard (server/services/auth/guard.ts), as pages call it. */
export function requireUser(context: AppLoadContext, request: Request, permission?: Permission) {
  return context.services.guard.requireUser(request, permission);
}

export function optionalUser(context: AppLoadContext, request: Request) {
  return context.services.guard.optionalUser(request);
}

/** Any C0 or C1 control character (Cc: tab, CR, LF among them) or a backslash: browsers drop or rewrite these in URLs. */
const UNSAFE_IN_PATH = /[\p{Cc}\\]/u;
/** Only the origin's identity matters: a target is resolved against it and must stay on it. */
const SAME_ORIGIN = new URL("http://same.origin");

function staysHome(path: string): boolean {
  return !UNSAFE_IN_PATH.test(path) && new URL(path, SAME_ORIGIN).origin === SAME_ORIGIN.origin;
}

/**
 * Only same-site paths: an open redirect would let a link send people elsewhere after signing in. The target is
 * checked as given and once percent-decoded (`/%09/evil`, `/%2F%2Fevil`), and comes back normalised.
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return fallback;
  }
  if (!staysHome(target) || !staysHome(decoded)) return fallback;
  const url = new URL(target, SAME_ORIGIN);
  return `${url.pathname}${url.search}${url.hash}`;
}
