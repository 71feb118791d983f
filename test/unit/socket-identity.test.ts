import type { Socket } from "socket.io";
import { describe, expect, it, vi } from "vitest";
import { permissionsFor } from "../../server/domain/permissions";
import type { Principal } from "../../server/services/auth/principal";
import { STALE_ROOM, stillStands } from "../../server/realtime/identity";

const NOW = new Date("2026-03-01T12:00:00Z");

function principal(overrides: Partial<Pick<Principal, "role">> & { verification?: Principal["organisation"]["verification"]; organisationId?: string; expiresAt?: Date } = {}): Principal {
  const role = overrides.role ?? "admin";
  const verification = overrides.verification ?? "verified";
  return {
    user: { id: "u1", email: "a@example.com", name: "A" },
    organisation: { id: overrides.organisationId ?? "o1", name: "O", kind: "investor", verification },
    role,
    permissions: permissionsFor({ kind: "investor", role, verification }),
    credential: { kind: "session", id: "s1", expiresAt: overrides.expiresAt ?? new Date(NOW.getTime() + 60_000) },
  };
}

function fakeSocket(marked: boolean) {
  const rooms = new Set<string>(marked ? ["user:u1", STALE_ROOM] : ["user:u1"]);
  const socket = { rooms, data: {}, join: (room: string) => void rooms.add(room), leave: (room: string) => void rooms.delete(room) };
  return socket as unknown as Socket & { rooms: Set<string> };
}

describe("stillStands", () => {
  it("refuses a credential past its expiry by the clock, without a query", async () => {
    const authenticate = vi.fn();
    expect(await stillStands(fakeSocket(true), principal({ expiresAt: NOW }), NOW, authenticate)).toBe(false);
    expect(authenticate).not.toHaveBeenCalled();
  });

  it("lets an unmarked socket act without a query", async () => {
    const authenticate = vi.fn();
    expect(await stillStands(fakeSocket(false), principal(), NOW, authenticate)).toBe(true);
    expect(authenticate).not.toHaveBeenCalled();
  });

  it.each([
    ["the same standing", principal(), true],
    ["another role", principal({ role: "member" }), false],
    ["another organisation", principal({ organisationId: "o2" }), false],
    ["a withdrawn verification", principal({ verification: "rejected" }), false],
    ["no principal any more", null, false],
  ])("a marked socket is checked once against the guard: %s", async (_label, current, stands) => {
    const socket = fakeSocket(true);
    const authenticate = vi.fn(async () => current);
    const both = await Promise.all([stillStands(socket, principal(), NOW, authenticate), stillStands(socket, principal(), NOW, authenticate)]);
    expect(both).toEqual([stands, stands]);
    expect(authenticate).toHaveBeenCalledTimes(1);
    expect(socket.rooms.has(STALE_ROOM)).toBe(false);
  });

  it("keeps the mark when the check could not be made", async () => {
    const socket = fakeSocket(true);
    await expect(stillStands(socket, principal(), NOW, () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(socket.rooms.has(STALE_ROOM)).toBe(true);
  });
});
