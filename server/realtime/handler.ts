import type { Socket } from "socket.io";
import type { z } from "zod";
import type { Permission } from "../domain/permissions";
import type { Principal } from "../services/auth/principal";
import type { Services } from "../services";

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; code: string; message: string };

export type SocketContext = { socket: Socket; principal: Principal | null; services: Services; now: () => Date };

/**
 * One client→server event. The gateway validates the payload with `schema` before `handle` runs and checks
 * `permission` ("public" lets anonymous watchers call it); handlers only see valid input.
 */
export type SocketHandler<S extends z.ZodType = z.ZodType> = {
  event: string;
  permission: Permission | "public";
  schema: S;
  handle: (payload: z.output<S>, ctx: SocketContext) => Promise<Ack> | Ack;
};

export function socketHandler<S extends z.ZodType>(handler: SocketHandler<S>): SocketHandler {
  return handler as unknown as SocketHandler;
}
