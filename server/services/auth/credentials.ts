import { and, eq, gt, isNull } from "drizzle-orm";
import { parse as parseCookies } from "cookie";
import type { Db } from "../../../db/client";
import { apiTokens, memberships, organisations, sessions, users } from "../../../db/schema";
import { permissionsFor } from "../../domain/permissions";
import { sha256 } from "../secrets";
import type { Principal, PrincipalRow } from "./principal";

export const SESSION_COOKIE = "ipx_session";
export const TOKEN_PREFIX = "ipx_";

export function readBearer(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

export function readSessionCookie(request: Request): string | null {
  const header = request.headers.get("cookie");
  return header ? (parseCookies(header)[SESSION_COOKIE] ?? null) : null;
}

const principalColumns = {
  userId: users.id,
  email: users.email,
  userName: users.name,
  organisationId: organisations.id,
  organisationName: organisations.name,
  kind: organisations.kind,
  verification: organisations.verification,
  role: memberships.role,
};

function toPrincipal(row: PrincipalRow, credential: Principal["credential"]): Principal {
  return {
    user: { id: row.userId, email: row.email, name: row.userName },
    organisation: { id: row.organisationId, name: row.organisationName, kind: row.kind, verification: row.verification },
    role: row.role,
    permissions: permissionsFor({ kind: row.kind, role: row.role, verification: row.verification }),
    credential,
  };
}

const TOUCH_EVERY_MS = 60_000;

/** A live session whose user is still a member of the session's active organisation. */
export async function principalFromSession(db: Db, token: string, now: Date): Promise<Principal | null> {
  const [row] = await db
    .select({ ...principalColumns, sessionId: sessions.id, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.organisationId, sessions.activeOrganisationId)))
    .innerJoin(organisations, eq(organisations.id, sessions.activeOrganisationId))
    .where(and(eq(sessions.tokenHash, sha256(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  return toPrincipal(row, { kind: "session", id: row.sessionId, expiresAt: row.expiresAt });
}

export async function principalFromToken(db: Db, token: string, now: Date): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ ...principalColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(memberships, and(eq(memberships.userId, apiTokens.userId), eq(memberships.organisationId, apiTokens.organisationId)))
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return toPrincipal(row, { kind: "token", id: row.tokenId, expiresAt: row.expiresAt });
}
