import type { MembershipRole, OrganisationKind, VerificationState } from "./organisations";
import { RISK_SHARING_KINDS } from "./organisations";

/**
 * Every permission the product checks. Deny by default: a permission is held only when
 * `permissionsFor` grants it from the organisation's kind, the member's role and the verification state.
 */
export const PERMISSIONS = [
  "account:read",
  "tokens:manage",
  "organisation:read",
  "members:manage",
  "verification:review",
  "audit:read",
  "market:trade",
  "collateral:manage",
  "risk:read",
  "listing:create",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Standing = {
  kind: OrganisationKind;
  role: MembershipRole;
  verification: VerificationState;
};

export function permissionsFor({ kind, role, verification }: Standing): ReadonlySet<Permission> {
  const granted = new Set<Permission>(["account:read", "tokens:manage", "organisation:read"]);
  if (kind === "platform") {
    if (role === "operator") {
      granted.add("verification:review");
      granted.add("audit:read");
    }
    if (role === "auditor") granted.add("audit:read");
    return granted;
  }
  if (role === "admin") granted.add("members:manage");
  if (verification !== "verified") return granted;
  granted.add("market:trade");
  // Risk sharers follow the loans they share and never sell (decision 021): title, not kind, decides the
  // rest, checked per right by the listing service.
  if (!RISK_SHARING_KINDS.includes(kind)) granted.add("listing:create");
  if (kind === "bank") granted.add("collateral:manage");
  if (RISK_SHARING_KINDS.includes(kind)) granted.add("risk:read");
  return granted;
}

export function can(standing: Standing, permission: Permission): boolean {
  return permissionsFor(standing).has(permission);
}
