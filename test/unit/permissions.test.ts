import { describe, expect, it } from "vitest";
import {
  MEMBERSHIP_ROLES,
  ORGANISATION_KINDS,
  type OrganisationKind,
  VERIFICATION_STATES,
  rolesFor,
} from "../../server/domain/organisations";
import { PERMISSIONS, type Permission, type Standing, can, permissionsFor } from "../../server/domain/permissions";

const BASE: Permission[] = ["account:read", "tokens:manage", "organisation:read"];
const TRADER: Permission[] = [...BASE, "market:trade", "listing:create"];

/** Every standing the product can create: each kind with the roles valid for it, in each verification state. */
const STANDINGS: Standing[] = ORGANISATION_KINDS.flatMap((kind) =>
  rolesFor(kind).flatMap((role) => VERIFICATION_STATES.map((verification) => ({ kind, role, verification }))),
);

const sorted = (s: ReadonlySet<Permission>) => [...s].sort();

describe("permissionsFor", () => {
  it.each<[string, Standing, Permission[]]>([
    ["pending investor member", { kind: "investor", role: "member", verification: "pending" }, BASE],
    ["rejected investor member", { kind: "investor", role: "member", verification: "rejected" }, BASE],
    ["pending investor admin", { kind: "investor", role: "admin", verification: "pending" }, [...BASE, "members:manage"]],
    ["verified investor member", { kind: "investor", role: "member", verification: "verified" }, TRADER],
    ["verified investor admin", { kind: "investor", role: "admin", verification: "verified" }, [...TRADER, "members:manage"]],
    ["verified bank member", { kind: "bank", role: "member", verification: "verified" }, [...TRADER, "collateral:manage"]],
    ["pending bank admin", { kind: "bank", role: "admin", verification: "pending" }, [...BASE, "members:manage"]],
    ["verified guarantor member (risk sharers do not sell)", { kind: "guarantor", role: "member", verification: "verified" }, [...BASE, "market:trade", "risk:read"]],
    ["verified risk fund admin (risk sharers do not sell)", { kind: "risk_fund", role: "admin", verification: "verified" }, [...BASE, "members:manage", "market:trade", "risk:read"]],
    ["pending insurer member", { kind: "insurer", role: "member", verification: "pending" }, BASE],
    ["verified appraiser member", { kind: "appraiser", role: "member", verification: "verified" }, TRADER],
    ["platform operator", { kind: "platform", role: "operator", verification: "verified" }, [...BASE, "verification:review", "audit:read"]],
    ["platform auditor", { kind: "platform", role: "auditor", verification: "verified" }, [...BASE, "audit:read"]],
    ["platform operator, pending", { kind: "platform", role: "operator", verification: "pending" }, [...BASE, "verification:review", "audit:read"]],
  ])("%s", (_label, standing, expected) => {
    expect(sorted(permissionsFor(standing))).toEqual([...expected].sort());
  });
});

describe("can", () => {
  it.each<[Standing, Permission, boolean]>([
    [{ kind: "investor", role: "member", verification: "pending" }, "market:trade", false],
    [{ kind: "investor", role: "admin", verification: "rejected" }, "market:trade", false],
    [{ kind: "investor", role: "member", verification: "verified" }, "market:trade", true],
    [{ kind: "bank", role: "member", verification: "verified" }, "collateral:manage", true],
    [{ kind: "bank", role: "admin", verification: "pending" }, "collateral:manage", false],
    [{ kind: "investor", role: "admin", verification: "verified" }, "collateral:manage", false],
    [{ kind: "platform", role: "operator", verification: "verified" }, "verification:review", true],
    [{ kind: "platform", role: "operator", verification: "verified" }, "audit:read", true],
    [{ kind: "platform", role: "operator", verification: "verified" }, "market:trade", false],
    [{ kind: "platform", role: "operator", verification: "verified" }, "members:manage", false],
    [{ kind: "platform", role: "auditor", verification: "verified" }, "verification:review", false],
    [{ kind: "platform", role: "auditor", verification: "verified" }, "audit:read", true],
    [{ kind: "bank", role: "admin", verification: "verified" }, "audit:read", false],
    [{ kind: "bank", role: "admin", verification: "verified" }, "verification:review", false],
  ])("%o may %s: %s", (standing, permission, expected) => {
    expect(can(standing, permission)).toBe(expected);
  });

  const riskSharing: OrganisationKind[] = ["guarantor", "re_guarantor", "risk_fund", "insurer"];
  it.each(ORGANISATION_KINDS.filter((k) => k !== "platform"))("risk:read for %s only when risk-sharing and verified", (kind) => {
    for (const verification of VERIFICATION_STATES) {
      const expected = riskSharing.includes(kind) && verification === "verified";
      expect(can({ kind, role: "member", verification }, "risk:read")).toBe(expected);
    }
  });

  it("grants members:manage to admins only", () => {
    for (const standing of STANDINGS) {
      expect(can(standing, "members:manage"), JSON.stringify(standing)).toBe(standing.role === "admin");
    }
  });

  it("grants the basic account permissions to every standing", () => {
    for (const standing of STANDINGS) {
      for (const permission of BASE) expect(can(standing, permission)).toBe(true);
    }
  });
});

describe("PERMISSIONS", () => {
  it("has no dead permission: each is granted to at least one standing", () => {
    const granted = new Set(STANDINGS.flatMap((s) => [...permissionsFor(s)]));
    expect([...PERMISSIONS].filter((p) => !granted.has(p))).toEqual([]);
  });

  it("covers every role in the standings table", () => {
    expect(new Set(STANDINGS.map((s) => s.role))).toEqual(new Set(MEMBERSHIP_ROLES));
  });
});
