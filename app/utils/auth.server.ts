import type { AppLoadContext } from "@remix-run/node";
import type { Permission } from "../../server/domain/permissions";

/** The one guard (server/services/auth/guard.ts), as pages call it. */
export function requireUser(context: AppLoadContext, request: Request, permission?: Permission) {
  return context.services.guard.requireUser(request, permission);
}

export function optionalUser(context: AppLoadContext, request: Request) {
  return context.services.guard.optionalUser(request);
}

/** Only same-site paths: an open redirect would let a link send people elsewhere after signing in. */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
