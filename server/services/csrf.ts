import { parse, serialize } from "cookie";
import type { ServiceDeps } from "./context";
import { hmac, randomSecret, safeEqual } from "./secrets";

export const CSRF_COOKIE = "ipx_csrf";
export const CSRF_FIELD = "csrf";

/**
 * Synchroniser tokens for every state-changing form: the browser holds a random HttpOnly cookie, forms
 * carry its HMAC. A page on another site can neither read the cookie nor compute the field.
 */
export class CsrfService {
  constructor(private readonly deps: Pick<ServiceDeps, "config">) {}

  /** The token for this request's forms, and a cookie to set when the browser has none yet. */
  issue(request: Request): { token: string; setCookie: string | null } {
    const existing = readCookie(request);
    const seed = existing ?? randomSecret();
    const setCookie = existing
      ? null
      : serialize(CSRF_COOKIE, seed, {
          httpOnly: true,
          sameSite: "lax",
          secure: this.deps.config.publicOrigin.startsWith("https:"),
          path: "/",
        });
    return { token: hmac(this.deps.config.sessionSecret, seed), setCookie };
  }

  verify(request: Request, submitted: unknown): boolean {
    const seed = readCookie(request);
    if (!seed || typeof submitted !== "string" || submitted.length === 0) return false;
    return safeEqual(hmac(this.deps.config.sessionSecret, seed), submitted);
  }
}

function readCookie(request: Request): string | null {
  const header = request.headers.get("cookie");
  const value = header ? parse(header)[CSRF_COOKIE] : undefined;
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}
