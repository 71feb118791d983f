/** Organisation kinds, membership roles and verification states: the vocabulary shared by db, services and pages. */
export const ORGANISATION_KINDS = [
  "bank",
  "guarantor",
  "re_guarantor",
  "risk_fund",
  "insurer",
  "appraiser",
  "investor",
  "venture_fund",
  "licensee",
  "ip_owner",
  "platform",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Kinds a newcomer may register; the platform organisation exists once and is never self-registered. */
export const REGISTRABLE_KINDS = ORGANISATION_KINDS.filter(
  (k): k is Exclude<OrganisationKind, "platform"> => k !== "platform",
);

export const RISK_SHARING_KINDS: readonly OrganisationKind[] = ["guarantor", "re_guarantor", "risk_fund", "insurer"];

export const MEMBERSHIP_ROLES = ["admin", "member", "operator", "auditor"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** Roles valid in an ordinary organisation, and in the platform organisation. */
export const ORGANISATION_ROLES: readonly MembershipRole[] = ["admin", "member"];
export const PLATFORM_ROLES: readonly MembershipRole[] = ["operator", "auditor"];

export function rolesFor(kind: OrganisationKind): readonly MembershipRole[] {
  return kind === "platform" ? PLATFORM_ROLES : ORGANISATION_ROLES;
}

export const VERIFICATION_STATES = ["pending", "verified", "rejected"] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];
