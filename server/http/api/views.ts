import { z } from "zod";
import { MEMBERSHIP_ROLES, ORGANISATION_KINDS, VERIFICATION_STATES } from "../../domain/organisations";
import { PERMISSIONS } from "../../domain/permissions";

/** Response shapes of API v1: part of the OpenAPI document. */
export const UserView = z.object({ id: z.uuid(), email: z.email(), name: z.string() });
export const OrganisationView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  verification: z.enum(VERIFICATION_STATES),
});
export const MembershipView = z.object({
  organisationId: z.uuid(),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  role: z.enum(MEMBERSHIP_ROLES),
});
export const MeView = z.object({
  user: UserView,
  organisation: OrganisationView,
  role: z.enum(MEMBERSHIP_ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  memberships: z.array(MembershipView),
});
export const Timestamp = z.iso.datetime({ offset: true });
export const IssuedTokenView = z.object({ token: z.string(), id: z.uuid(), name: z.string(), prefix: z.string(), expiresAt: Timestamp });
export const TokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp,
});
export const SessionView = z.object({
  id: z.uuid(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const MemberView = z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: z.enum(MEMBERSHIP_ROLES), joinedAt: Timestamp });
export const InvitationView = z.object({ id: z.uuid(), email: z.string(), role: z.enum(MEMBERSHIP_ROLES), createdAt: Timestamp, expiresAt: Timestamp });
export const ReviewItemView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  creditCode: z.string().nullable(),
  verification: z.enum(VERIFICATION_STATES),
  reason: z.string().nullable(),
  createdAt: Timestamp,
  reviewedAt: Timestamp.nullable(),
  contactEmails: z.array(z.string()),
});

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
