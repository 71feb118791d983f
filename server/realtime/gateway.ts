import type http from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { TokenBuckets } from "../domain/token-bucket";
import type { Logger } from "../logger";
import type { Principal } from "../services/auth/principal";
import type { Services } from "../services";
import { headersOnlyRequest } from "../http/fetch-request";
import { organisationRoom, relayBidding } from "./broadcasts";
import type { Ack } from "./handler";
import { credentialRoom, markStaleOnChange, stillStands, userRoom } from "./identity";
import { socketHandlers } from "./registry";

export const MAX_MESSAGE_BYTES = 16 * 1024;
const BURST_SECONDS = 3;

function refuse(code: string, message: string): Ack {
  return { ok: false, code, message };
}

function bearerOf(socket: Socket): string | null {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof token === "string" && token.length > 0 ? token : null;
}

/** The handshake as a Request for the guard: its headers, and `auth.token` as a bearer token. */
function handshakeRequest(socket: Socket, publicOrigin: string): Request {
  const headers = { ...socket.handshake.headers };
  const token = bearerOf(socket);
  if (token) headers.authorization = `Bearer ${token}`;
  return headersOnlyRequest(`${publicOrigin}/socket.io/`, headers);
}

/**
 * Socket.IO on the app's http.Server. The handshake becomes a Request and meets the same guard as pages
 * and the API: a session cookie, or `auth.token` as a bearer token; anonymous sockets may watch.
 * A handshake with an Origin other than the site's own (`origins`, as for form posts) is refused. With several
 * processes, `adapter` (PostgreSQL's) carries room broadcasts between them.
 */
export function attachGateway(
  server: http.Server,
  options: { services: Services; publicOrigin: string; origins: ReadonlySet<string>; eventsPerSecond: number; log: Logger; now: () => Date; adapter?: ServerOptions["adapter"] },
) {
  const { services, publicOrigin, origins, log, now } = options;
  const io = new Server(server, {
    ...(options.adapter ? { adapter: options.adapter } : {}),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    serveClient: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const allowed = !origin || origins.has(origin);
      callback(allowed ? null : "origin not allowed", allowed);
    },
  });

  io.use(async (socket, next) => {
    try {
      const principal = await services.guard.authenticate(handshakeRequest(socket, publicOrigin));
      if (bearerOf(socket) && !principal) return next(new Error("UNAUTHENTICATED"));
      socket.data.principal = principal;
      next();
    } catch (error) {
      log.error({ err: error }, "socket handshake failed");
      next(new Error("UNAVAILABLE"));
    }
  });

  const limiter = new TokenBuckets(options.eventsPerSecond * BURST_SECONDS, options.eventsPerSecond);
  const byEvent = new Map(socketHandlers.map((h) => [h.event, h]));

  io.on("connection", (socket: Socket) => {
    const principal = socket.data.principal as Principal | null;
    if (principal) {
      void socket.join(userRoom(principal.user.id));
      void socket.join(credentialRoom(principal.credential));
      void socket.join(organisationRoom(principal.organisation.id));
    }
    socket.on("disconnect", () => limiter.forget(socket.id));

    socket.onAny(async (event: unknown, ...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === "function" ? (last as (a: Ack) => void) : () => undefined;
      const payloads = typeof last === "function" ? args.slice(0, -1) : args;
      const payload = payloads[0];
      const reply = (answer: Ack) => {
        try {
          ack(answer);
        } catch (error) {
          log.warn({ err: error }, "ack failed");
        }
      };
      if (!limiter.take(principal ? `u:${principal.user.id}` : `s:${socket.id}`, Date.now())) {
        return reply(refuse("RATE_LIMITED", "Too many messages; slow down."));
      }
      const handler = typeof event === "string" ? byEvent.get(event) : undefined;
      if (!handler) return reply(refuse("INVALID", "Unknown event."));
      if (payloads.length > 1) return reply(refuse("INVALID", "One payload per message."));
      const parsed = handler.schema.safeParse(payload ?? {});
      if (!parsed.success) return reply(refuse("INVALID", parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ")));
      try {
        if (handler.permission !== "public") {
          if (!principal) return reply(refuse("UNAUTHENTICATED", "Sign in to do this."));
          // Acting for someone: that someone as they stand now (decision 016), else the client connects again.
          if (!(await stillStands(socket, principal, now(), () => services.guard.authenticate(handshakeRequest(socket, publicOrigin))))) {
            reply(refuse("UNAUTHENTICATED", "Your sign-in has ended or changed; connect again."));
            socket.disconnect(true);
            return;
          }
          if (!principal.permissions.has(handler.permission)) return reply(refuse("FORBIDDEN", "Your organisation may not do this."));
        }
        reply(await handler.handle(parsed.data, { socket, principal, services, now }));
      } catch (error) {
        log.error({ err: error, event }, "socket handler failed");
        reply(refuse("UNAVAILABLE", "Something went wrong; try again."));
      }
    });
  });

  // Logging out (or revoking a token) disconnects the sockets that rode on it, in every process.
  const unsubscribe = services.bus.subscribe("credentials:revoked", ({ sessionIds, tokenIds }) => {
    const rooms = [...sessionIds.map((id) => `session:${id}`), ...tokenIds.map((id) => `token:${id}`)];
    if (rooms.length > 0) io.in(rooms).disconnectSockets(true);
  });
  // A role, membership, active organisation or verification that changed marks the sockets it concerns, in every process.
  const unsubscribeChanges = markStaleOnChange(io, services.bus);

  const stopRelay = relayBidding(io, services.bus);

  return {
    io,
    async close() {
      unsubscribe();
      unsubscribeChanges();
      stopRelay();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
