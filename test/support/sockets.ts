import { type Socket, io } from "socket.io-client";

export type ClientOptions = { cookie?: string; token?: string; origin?: string };

/** A socket.io client as a browser (cookie, Origin) or a program (auth.token) would connect. */
export function connect(url: string, options: ClientOptions = {}): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const socket = io(url, {
    transports: ["websocket"],
    extraHeaders: headers,
    auth: options.token ? { token: options.token } : {},
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function emitAck<T = any>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(5_000).emitWithAck(event, ...args) as Promise<T>;
}

export function waitForDisconnect(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
}
