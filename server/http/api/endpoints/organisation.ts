import { z } from "zod";
import { ChangeRoleSchema, IdSchema, InviteSchema } from "../../../domain/schemas/accounts";
import { MEMBERSHIP_ROLES, VERIFICATION_STATES } from "../../../domain/organisations";
import { authorised, endpoint } from "../endpoint";
import { InvitationView, MeView, MemberView, Timestamp, iso } from "../views";

export const organisationEndpoints = [
  endpoint({
    method: "get",
    path: "/me",
    summary: "Who you are, the organisation you act for, your role and permissions",
    tag: "organisation",
    permission: "account:read",
    response: MeView,
    successStatus: 200,
    async handle(input) {
      const p = authorised(input);
      const memberships = await input.services.accounts.memberships(p);
      return { status: 200, body: { user: p.user, organisation: p.organisation, role: p.role, permissions: [...p.permissions], memberships } };
    },
  }),
  endpoint({
    method: "get",
    path: "/organisation/members",
    summary: "Members and open invitations of your organisation",
    tag: "organisation",
    permission: "organisation:read",
    response: z.object({ members: z.array(MemberView), invitations: z.array(InvitationView) }),
    successStatus: 200,
    async handle(input) {
      const { members, invitations } = await input.services.members.list(authorised(input));
      return {
        status: 200,
        body: {
          members: members.map((m) => ({ ...m, joinedAt: iso(m.joinedAt) })),
          invitations: invitations.map((i) => ({ ...i, createdAt: iso(i.createdAt), expiresAt: iso(i.expiresAt) })),
        },
      };
    },
  }),
  endpoint({
    method: "post",
    path: "/organisation/invitations",
    summary: "Invite a person by e-mail; the answer holds the link, shown once",
    tag: "organisation",
    permission: "members:manage",
    body: InviteSchema,
    response: z.object({ id: z.uuid(), token: z.string(), url: z.url(), expiresAt: Timestamp }),
    successStatus: 201,
    async handle(input) {
      const result = await input.services.members.invite(authorised(input), input.body);
      if (!result.ok) return { fail: result.code };
      return { status: 201, body: { id: result.id, token: result.token, url: result.url, expiresAt: iso(result.expiresAt) } };
    },
  }),
  endpoint({
    method: "delete",
    path: "/organisation/invitations/{id}",
    summary: "Withdraw an open invitation",
    tag: "organisation",
    permission: "members:manage",
    params: z.object({ id: IdSchema }),
    successStatus: 204,
    async handle(input) {
      const result = await input.services.members.revokeInvitation(authorised(input), input.params.id);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
  endpoint({
    method: "patch",
    path: "/organisation/members/{userId}",
    summary: "Change a member's role",
    tag: "organisation",
    permission: "members:manage",
    params: z.object({ userId: IdSchema }),
    body: ChangeRoleSchema,
    response: z.object({ role: z.enum(MEMBERSHIP_ROLES) }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.members.changeRole(authorised(input), input.params.userId, input.body.role);
      return result.ok ? { status: 200, body: { role: result.role } } : { fail: result.code };
    },
  }),
  endpoint({
    method: "delete",
    path: "/organisation/members/{userId}",
    summary: "Remove a member (admins), or leave the organisation (your own id); the last admin stays",
    tag: "organisation",
    permission: "organisation:read",
    params: z.object({ userId: IdSchema }),
    successStatus: 204,
    async handle(input) {
      const result = await input.services.members.remove(authorised(input), input.params.userId);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/organisation/resubmit",
    summary: "Ask for another verification review after a rejection",
    tag: "organisation",
    permission: "members:manage",
    response: z.object({ verification: z.enum(VERIFICATION_STATES) }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.verification.resubmit(authorised(input));
      return result.ok ? { status: 200, body: { verification: "pending" as const } } : { fail: result.code };
    },
  }),
];
