import { and, eq, gt, isNull } from "drizzle-orm";
import { invitations, memberships, organisations, users } from "../../db/schema";
import { fail, ok } from "../domain/result";
import type { RegisterCommand } from "../domain/schemas/accounts";
import { appendAudit } from "./audit";
import { hashPassword } from "./auth/passwords";
import type { Principal } from "./auth/principal";
import { isUniqueViolation, type ServiceDeps } from "./context";
import { sha256 } from "./secrets";

export type Registered = { userId: string; organisationId: string };

/** Registration: a person with a new organisation (unverified, the person its admin), or by invitation. */
export class AccountService {
  constructor(private readonly deps: ServiceDeps) {}

  async register(command: RegisterCommand) {
    const now = this.deps.now();
    const passwordHash = await hashPassword(command.password);
    try {
      return await this.deps.db.transaction(async (tx) => {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, command.email));
        if (taken) return fail("EMAIL_TAKEN");

        let organisationId: string;
        let role: "admin" | "member" | "operator" | "auditor" = "admin";
        if (command.organisation) {
          const [org] = await tx
            .insert(organisations)
            .values({ name: command.organisation.name, kind: command.organisation.kind, creditCode: command.organisation.creditCode ?? null, createdAt: now })
            .returning({ id: organisations.id });
          organisationId = org!.id;
        } else {
          const [invitation] = await tx
            .select()
            .from(invitations)
            .where(and(eq(invitations.tokenHash, sha256(command.invitationToken ?? "")), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
            .for("update");
          if (!invitation) return fail("INVITATION_INVALID");
          if (invitation.email !== command.email) return fail("INVITATION_EMAIL_MISMATCH");
          await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
          organisationId = invitation.organisationId;
          role = invitation.role;
        }

        const [user] = await tx
          .insert(users)
          .values({ email: command.email, name: command.name, passwordHash, createdAt: now })
          .returning({ id: users.id });
        await tx.insert(memberships).values({ userId: user!.id, organisationId, role, createdAt: now });
        await appendAudit(
          tx,
          {
            action: command.organisation ? "organisation.registered" : "invitation.accepted",
            actorUserId: user!.id,
            organisationId,
            subjectType: "organisation",
            subjectId: organisationId,
            data: { email: command.email, role, kind: command.organisation?.kind },
          },
          now,
        );
        return ok<Registered>({ userId: user!.id, organisationId });
      });
    } catch (error) {
      if (isUniqueViolation(error, "users_email_unique")) return fail("EMAIL_TAKEN");
      if (isUniqueViolation(error, "organisations_credit_code_key")) return fail("CREDIT_CODE_TAKEN");
      throw error;
    }
  }

  /** A signed-in user accepts an invitation addressed to their own e-mail: a membership in that organisation. */
  async acceptInvitation(principal: Principal, token: string) {
    const now = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const [invitation] = await tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.tokenHash, sha256(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
        .for("update");
      if (!invitation) return fail("INVITATION_INVALID");
      if (invitation.email !== principal.user.email) return fail("INVITATION_EMAIL_MISMATCH");
      const [existing] = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, principal.user.id), eq(memberships.organisationId, invitation.organisationId)));
      if (existing) return fail("ALREADY_MEMBER");
      await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
      await tx.insert(memberships).values({ userId: principal.user.id, organisationId: invitation.organisationId, role: invitation.role, createdAt: now });
      await appendAudit(tx, { action: "invitation.accepted", actorUserId: principal.user.id, organisationId: invitation.organisationId, subjectType: "organisation", subjectId: invitation.organisationId, data: { role: invitation.role } }, now);
      return ok({ organisationId: invitation.organisationId });
    });
  }

  /** What an invitation link shows before anyone signs in: the organisation and the e-mail it is for. */
  async describeInvitation(token: string) {
    const [row] = await this.deps.db
      .select({ email: invitations.email, role: invitations.role, organisationName: organisations.name, kind: organisations.kind })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
      .where(and(eq(invitations.tokenHash, sha256(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, this.deps.now())));
    return row ? ok({ invitation: row }) : fail("INVITATION_INVALID");
  }

  async memberships(principal: Principal) {
    return this.deps.db
      .select({ organisationId: organisations.id, name: organisations.name, kind: organisations.kind, role: memberships.role })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(memberships.userId, principal.user.id))
      .orderBy(organisations.name);
  }
}
