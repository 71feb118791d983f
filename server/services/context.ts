import type { Db } from "../../db/client";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { EventBus } from "./events";

/** What every service is built from: one of each per process. */
export type ServiceDeps = {
  db: Db;
  config: Config;
  bus: EventBus;
  log: Logger;
  /** The server's clock decides; tests pass a fake one. */
  now: () => Date;
};

/** Request facts that services record (sessions, throttles, audit), taken from the edge. */
export type RequestMeta = { ipAddress: string; userAgent: string | null };

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  if (e?.code === "23505") return !constraint || (e.constraint_name ?? e.constraint) === constraint;
  return e?.cause ? isUniqueViolation(e.cause, constraint) : false;
}
