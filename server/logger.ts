import { type DestinationStream, pino, type Logger } from "pino";

export type { Logger };

/** JSON lines to stdout, or to `destination` (tests read the lines a server wrote). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: "ipx" }, redact: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.token"] };
  return destination ? pino(options, destination) : pino(options);
}
