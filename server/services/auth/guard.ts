import type { Permission } from "../../domain/permissions";
import type { ServiceDeps } from "../context";
import { principalFromSession, principalFromToken, readBearer, readSessionCookie } from "./credentials";
import type { Principal } from "./principal";

function wantsJson(request: Request): boolean {
  return new URL(request.url).pathname.startsWith("/api/") || readBearer(request) !== null;
}

function denial(request: Request, status: 401 | 403): Response {
  if (wantsJson(request)) {
    const code = status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN";
    const message = status === 401 ? "Sign in, or send a valid bearer token." : "Your organisation may not do this.";
    return Response.json({ error: { code, message } }, { status });
  }
  if (status === 401) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    return new Response(null, { status: 302, headers: { Location: `/login?redirectTo=${encodeURIComponent(redirectTo)}` } });
  }
  return new Response("Forbidden", { status: 403 });
}

/**
 * The one path from a request to a principal. A bearer token, when present, is the only credential
 * considered (programs never ride on cookies); otherwise the session cookie. Sockets build a Request from
 * their handshake and come through here too.
 */
export class Guard {
  constructor(private readonly deps: ServiceDeps) {}

  async authenticate(request: Request): Promise<Principal | null> {
    const now = this.deps.now();
    const bearer = readBearer(request);
    if (bearer) return principalFromToken(this.deps.db, bearer, now);
    const session = readSessionCookie(request);
    return session ? principalFromSession(this.deps.db, session, now) : null;
  }

  /** Returns the principal holding `permission`, or throws the Response the edge should answer with. */
  async requireUser(request: Request, permission: Permission = "account:read"): Promise<Principal> {
    const principal = await this.authenticate(request);
    if (!principal) throw denial(request, 401);
    if (!principal.permissions.has(permission)) throw denial(request, 403);
    return principal;
  }

  async optionalUser(request: Request): Promise<Principal | null> {
    return this.authenticate(request);
  }
}
