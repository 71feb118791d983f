import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, memberships, users } from "../../db/schema";
import { type MembershipRole, rolesFor } from "../domain/organisations";
import { fail, ok } from "../domain/result";
import type { InviteCommand } from "../domain/schemas/accounts";
import { appendAudit } from "./audit";
import type { Principal } from "./auth/principal";
import type { ServiceDeps } from "./context";
import { randomSecret, sha256 } from "./secrets";

const INVITATION_TTL_MS = 14 * 86_400_000;

/** An organisation's people: members, roles and invitations; always the caller's own organisation. */
export class MemberService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(principal: Principal) {
    const orgId = principal.organisation.id;
    const members = await this.deps.db
      .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organisationId, orgId))
      .orderBy(asc(memberships.createdAt));
    const pending = await this.deps.db
      .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.organisationId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, this.deps.now())))
      .orderBy(desc(invitations.createdAt));
    return { members, invitations: pending };
  }

  /** Returns the invitation's secret once; only its hash is stored. */
  async invite(principal: Principal, command: InviteCommand) {
    if (!rolesFor(principal.organisation.kind).includes(command.role)) return fail("ROLE_NOT_ALLOWED");
    const now = this.deps.now();
    const token = randomSecret();
    return this.deps.db.transaction(async (tx) => {
      const [member] = await tx
        .select({ id: users.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organisationId, principal.organisation.id), eq(users.email, command.email)));
      if (member) return fail("ALREADY_MEMBER");
      const [row] = await tx
        .insert(invitations)
        .values({
          organisationId: principal.organisation.id,
          email: command.email,
          role: command.role,
          tokenHash: sha256(token),
          invitedBy: principal.user.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        })
        .returning({ id: invitations.id, expiresAt: invitations.expiresAt });
      await appendAudit(tx, { action: "invitation.created", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "invitation", subjectId: row!.id, data: { email: command.email, role: command.role } }, now);
      return ok({ id: row!.id, token, expiresAt: row!.expiresAt, url: `${this.deps.config.publicOrigin}/invitations/${token}` });
    });
  }

  async revokeInvitation(principal: Principal, invitationId: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .update(invitations)
        .set({ revokedAt: now })
        .where(and(eq(invitations.id, invitationId), eq(invitations.organisationId, principal.organisation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .returning({ id: invitations.id });
      if (rows.length === 0) return fail("NOT_FOUND");
      await appendAudit(tx, { action: "invitation.revoked", actorUserId: principal.user.id, organisationId: principal.organisation.id, subjectType: "invitation", subjectId: invitationId }, now);
      return ok({});
    });
  }

  /** Changes a member's role within the caller's organisation; the last admin cannot be demoted. */
  async changeRole(principal: Principal, userId: string, role: MembershipRole) {
    if (!rolesFor(principal.organisation.kind).includes(role)) return fail("ROLE_NOT_ALLOWED");
    const orgId = principal.organisation.id;
    const now = this.deps.now();
    const changed = await this.deps.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(memberships)
        .where(eq(memberships.organisationId, orgId))
        .for("update");
      const target = rows.find((m) => m.userId === userId);
      if (!target) return fail("NOT_FOUND");
      if (target.role === role) return ok({ role });
      const admins = rows.filter((m) => m.role === "admin").length;
      if (target.role === "admin" && admins <= 1) return fail("LAST_ADMIN");
      await tx.update(memberships).set({ role }).where(and(eq(memberships.organisationId, orgId), eq(memberships.userId, userId)));
      await appendAudit(tx, { action: "membership.role_changed", actorUserId: principal.user.id, organisationId: orgId, subjectType: "user", subjectId: userId, data: { from: target.role, to: role } }, now);
      return ok({ role });
    });
    if (changed.ok) this.deps.bus.publish("principal:changed", { userIds: [userId], organisationIds: [] });
    return changed;
  }

  /**
   * Takes a member out of the caller's organisation: an admin removes anyone, anyone may leave. The last
   * admin stays. Their sessions and tokens acting for the organisation stop authenticating (no membership).
   */
  async remove(principal: Principal, userId: string) {
    if (userId !== principal.user.id && !principal.permissions.has("members:manage")) return fail("FORBIDDEN");
    const orgId = principal.organisation.id;
    const now = this.deps.now();
    const removed = await this.deps.db.transaction(async (tx) => {
      const rows = await tx.select().from(memberships).where(eq(memberships.organisationId, orgId)).for("update");
      const target = rows.find((m) => m.userId === userId);
      if (!target) return fail("NOT_FOUND");
      if (target.role === "admin" && rows.filter((m) => m.role === "admin").length <= 1) return fail("LAST_ADMIN");
      await tx.delete(memberships).where(and(eq(memberships.organisationId, orgId), eq(memberships.userId, userId)));
      await appendAudit(tx, { action: "membership.removed", actorUserId: principal.user.id, organisationId: orgId, subjectType: "user", subjectId: userId, data: { role: target.role } }, now);
      return ok({});
    });
    if (removed.ok) this.deps.bus.publish("principal:changed", { userIds: [userId], organisationIds: [] });
    return removed;
  }
}
