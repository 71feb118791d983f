import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { serialize } from "cookie";
import { memberships, sessions } from "../../../db/schema";
import { fail, ok } from "../../domain/result";
import { appendAudit } from "../audit";
import type { RequestMeta, ServiceDeps } from "../context";
import { randomSecret, sha256 } from "../secrets";
import { SESSION_COOKIE, readSessionCookie } from "./credentials";
import type { Principal } from "./principal";

export type SessionView = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
};

export class SessionService {
  constructor(private readonly deps: ServiceDeps) {}

  private cookie(value: string, maxAgeSeconds: number): string {
    return serialize(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: "lax",
      secure: this.deps.config.publicOrigin.startsWith("https:"),
      path: "/",
      maxAge: maxAgeSeconds,
    });
  }

  clearCookie(): string {
    return this.cookie("", 0);
  }

  /**
   * Starts a session after a successful login or registration. The session the request carried, if any,
   * is revoked: the identifier always changes at login.
   */
  async start(request: Request, userId: string, organisationId: string, meta: RequestMeta): Promise<{ setCookie: string }> {
    const now = this.deps.now();
    const token = randomSecret();
    const previous = readSessionCookie(request);
    await this.deps.db.transaction(async (tx) => {
      if (previous) {
        await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.tokenHash, sha256(previous)), isNull(sessions.revokedAt)));
      }
      await tx.insert(sessions).values({
        tokenHash: sha256(token),
        userId,
        activeOrganisationId: organisationId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.deps.config.sessionTtlMs),
        ipAddress: meta.ipAddress,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      });
    });
    return { setCookie: this.cookie(token, Math.floor(this.deps.config.sessionTtlMs / 1000)) };
  }

  async list(principal: Principal): Promise<SessionView[]> {
    const rows = await this.deps.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, principal.user.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, this.deps.now())))
      .orderBy(desc(sessions.lastSeenAt));
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      ipAddress: s.ipAddress,
      userAgent: s.userAgent,
      current: principal.credential.kind === "session" && principal.credential.id === s.id,
    }));
  }

  /** Revokes one of the caller's own sessions; another user's id answers NOT_FOUND. */
  async revoke(principal: Principal, sessionId: string) {
    const now = this.deps.now();
    const revoked = await this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.id, sessionId), eq(sessions.userId, principal.user.id), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      if (rows.length > 0) {
        await appendAudit(tx, { action: "session.revoked", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "session", subjectId: sessionId }, now);
      }
      return rows.map((r) => r.id);
    });
    if (revoked.length === 0) return fail("NOT_FOUND");
    this.deps.bus.publish("credentials:revoked", { userId: principal.user.id, sessionIds: revoked, tokenIds: [] });
    return ok({});
  }

  /** Log out: the current session only. */
  async end(principal: Principal) {
    if (principal.credential.kind !== "session") return fail("NOT_FOUND");
    return this.revoke(principal, principal.credential.id);
  }

  /** Log out everywhere: every session of the user. */
  async revokeAll(principal: Principal) {
    const now = this.deps.now();
    const revoked = await this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.userId, principal.user.id), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      await appendAudit(tx, { action: "session.revoked_all", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "user", subjectId: principal.user.id, data: { count: rows.length } }, now);
      return rows.map((r) => r.id);
    });
    this.deps.bus.publish("credentials:revoked", { userId: principal.user.id, sessionIds: revoked, tokenIds: [] });
    return ok({ count: revoked.length });
  }

  /** Acts for another organisation the user belongs to. */
  async switchOrganisation(principal: Principal, organisationId: string) {
    if (principal.credential.kind !== "session") return fail("NOT_FOUND");
    const [membership] = await this.deps.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, principal.user.id), eq(memberships.organisationId, organisationId)));
    if (!membership) return fail("NOT_FOUND");
    await this.deps.db.update(sessions).set({ activeOrganisationId: organisationId }).where(eq(sessions.id, principal.credential.id));
    // The session's sockets still act for the old organisation until they meet the new standing.
    this.deps.bus.publish("principal:changed", { userIds: [principal.user.id], organisationIds: [] });
    return ok({});
  }
}
