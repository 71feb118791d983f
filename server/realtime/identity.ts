import type { Server, Socket } from "socket.io";
import type { Principal } from "../services/auth/principal";
import type { EventBus } from "../services/events";
import { organisationRoom } from "./broadcasts";

/**
 * Sockets whose principal may have changed since their handshake (decision 016). Marking is a room join
 * through the adapter, the path logout's disconnect takes, so it reaches every process; checking is a look
 * in the socket's own set of rooms, so an event costs no query until its socket was marked.
 */
export const STALE_ROOM = "principal:stale";

export const userRoom = (userId: string) => `user:${userId}`;
export const credentialRoom = (credential: Principal["credential"]) => `${credential.kind}:${credential.id}`;

/** Marks the sockets of the users, and of every member of the organisations, that `principal:changed` names. */
export function markStaleOnChange(io: Server, bus: EventBus): () => void {
  return bus.subscribe("principal:changed", ({ userIds, organisationIds }) => {
    const rooms = [...userIds.map(userRoom), ...organisationIds.map(organisationRoom)];
    if (rooms.length === 0) return;
    // The cluster adapter marks its own sockets only after its NOTIFY round trip: mark them now, the others through it.
    io.local.in(rooms).socketsJoin(STALE_ROOM);
    io.in(rooms).socketsJoin(STALE_ROOM);
  });
}

/** The same person acting for the same organisation, with the same role and verification: the same permissions. */
function sameStanding(a: Principal, b: Principal): boolean {
  return (
    a.user.id === b.user.id &&
    a.credential.id === b.credential.id &&
    a.organisation.id === b.organisation.id &&
    a.organisation.kind === b.organisation.kind &&
    a.organisation.verification === b.organisation.verification &&
    a.role === b.role
  );
}

type Recheck = { recheck?: Promise<boolean> };

/**
 * Whether the socket may still act as the principal of its handshake: its credential has not lapsed by
 * `now`, and, when it was marked, the guard (given the handshake again) finds the same standing. Events that
 * arrive while a marked socket is being checked wait for that one check.
 */
export function stillStands(socket: Socket, principal: Principal, now: Date, authenticate: () => Promise<Principal | null>): boolean | Promise<boolean> {
  if (principal.credential.expiresAt.getTime() <= now.getTime()) return false;
  const data = socket.data as Recheck;
  if (data.recheck) return data.recheck;
  if (!socket.rooms.has(STALE_ROOM)) return true;
  // Unmark before reading: a change committed during the read marks the socket again.
  void socket.leave(STALE_ROOM);
  data.recheck = authenticate()
    .then((current) => current !== null && sameStanding(principal, current))
    .catch((error: unknown) => {
      void socket.join(STALE_ROOM);
      throw error;
    })
    .finally(() => {
      data.recheck = undefined;
    });
  return data.recheck;
}
