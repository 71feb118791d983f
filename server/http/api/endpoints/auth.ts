import { z } from "zod";
import { CreateTokenSchema, IdSchema, InvitationTokenSchema, RegisterSchema, TokenRequestSchema } from "../../../domain/schemas/accounts";
import { authorised, endpoint } from "../endpoint";
import { IssuedTokenView, SessionView, TokenView, UserView, iso, isoOrNull } from "../views";

const IdParams = z.object({ id: IdSchema });

export const authEndpoints = [
  endpoint({
    method: "post",
    path: "/auth/register",
    summary: "Register a person with a new organisation (unverified), or by invitation",
    tag: "auth",
    permission: "public",
    body: RegisterSchema,
    response: z.object({ user: UserView.pick({ id: true, email: true }), organisationId: z.uuid() }),
    successStatus: 201,
    async handle({ body, services }) {
      const result = await services.accounts.register(body);
      if (!result.ok) return { fail: result.code };
      return { status: 201, body: { user: { id: result.userId, email: body.email }, organisationId: result.organisationId } };
    },
  }),
  endpoint({
    method: "post",
    path: "/auth/token",
    summary: "Exchange e-mail and password for an API token (throttled like the login page)",
    tag: "auth",
    permission: "public",
    body: TokenRequestSchema,
    response: IssuedTokenView,
    successStatus: 201,
    async handle({ body, services, meta }) {
      const login = await services.login.check(body, meta, body.organisationId);
      if (!login.ok) return { fail: login.code };
      const issued = await services.apiTokens.create(login, body.name);
      return { status: 201, body: { token: issued.token, id: issued.id, name: issued.name, prefix: issued.prefix, expiresAt: iso(issued.expiresAt) } };
    },
  }),
  endpoint({
    method: "get",
    path: "/auth/tokens",
    summary: "List your API tokens",
    tag: "auth",
    permission: "tokens:manage",
    response: z.object({ tokens: z.array(TokenView) }),
    successStatus: 200,
    async handle(input) {
      const tokens = await input.services.apiTokens.list(authorised(input));
      return { status: 200, body: { tokens: tokens.map((t) => ({ ...t, createdAt: iso(t.createdAt), lastUsedAt: isoOrNull(t.lastUsedAt), expiresAt: iso(t.expiresAt) })) } };
    },
  }),
  endpoint({
    method: "post",
    path: "/auth/tokens",
    summary: "Create another API token for the organisation you act for",
    tag: "auth",
    permission: "tokens:manage",
    body: CreateTokenSchema,
    response: IssuedTokenView,
    successStatus: 201,
    async handle(input) {
      const p = authorised(input);
      const issued = await input.services.apiTokens.create({ userId: p.user.id, organisationId: p.organisation.id }, input.body.name);
      return { status: 201, body: { token: issued.token, id: issued.id, name: issued.name, prefix: issued.prefix, expiresAt: iso(issued.expiresAt) } };
    },
  }),
  endpoint({
    method: "delete",
    path: "/auth/tokens/{id}",
    summary: "Revoke one of your API tokens",
    tag: "auth",
    permission: "tokens:manage",
    params: IdParams,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.apiTokens.revoke(authorised(input), input.params.id);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
  endpoint({
    method: "get",
    path: "/auth/sessions",
    summary: "List your signed-in browser sessions",
    tag: "auth",
    permission: "account:read",
    response: z.object({ sessions: z.array(SessionView) }),
    successStatus: 200,
    async handle(input) {
      const sessions = await input.services.sessions.list(authorised(input));
      return { status: 200, body: { sessions: sessions.map((s) => ({ ...s, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })) } };
    },
  }),
  endpoint({
    method: "delete",
    path: "/auth/sessions/{id}",
    summary: "Sign out one of your sessions",
    tag: "auth",
    permission: "account:read",
    params: IdParams,
    successStatus: 204,
    async handle(input) {
      const result = await input.services.sessions.revoke(authorised(input), input.params.id);
      return result.ok ? { status: 204 } : { fail: result.code };
    },
  }),
  endpoint({
    method: "post",
    path: "/auth/sessions/revoke-all",
    summary: "Sign out everywhere: revoke every session of yours",
    tag: "auth",
    permission: "account:read",
    response: z.object({ count: z.number().int() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.sessions.revokeAll(authorised(input));
      return { status: 200, body: { count: result.count } };
    },
  }),
  endpoint({
    method: "post",
    path: "/invitations/accept",
    summary: "Accept an invitation addressed to your e-mail: join that organisation",
    tag: "auth",
    permission: "account:read",
    body: z.object({ token: InvitationTokenSchema }).strict(),
    response: z.object({ organisationId: z.uuid() }),
    successStatus: 200,
    async handle(input) {
      const result = await input.services.accounts.acceptInvitation(authorised(input), input.body.token);
      return result.ok ? { status: 200, body: { organisationId: result.organisationId } } : { fail: result.code };
    },
  }),
];
