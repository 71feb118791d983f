import type { MembershipRole, OrganisationKind, VerificationState } from "../../domain/organisations";
import type { Permission } from "../../domain/permissions";

/** Who is calling: a user acting for one organisation, through a session or an API token. */
export type Principal = {
  user: { id: string; email: string; name: string };
  organisation: { id: string; name: string; kind: OrganisationKind; verification: VerificationState };
  role: MembershipRole;
  permissions: ReadonlySet<Permission>;
  /** `expiresAt`: when the credential lapses; a connected socket compares it with the clock before it acts. */
  credential: { kind: "session" | "token"; id: string; expiresAt: Date };
};

export type PrincipalRow = {
  userId: string;
  email: string;
  userName: string;
  organisationId: string;
  organisationName: string;
  kind: OrganisationKind;
  verification: VerificationState;
  role: MembershipRole;
};
