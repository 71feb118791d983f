import { parseConfig } from "../../server/config";
import type { DestinationStream } from "pino";
import { createLogger } from "../../server/logger";
import { type RunningServer, startServer } from "../../server/main";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { cloneDatabase } from "./databases";
import { freePort } from "./pg-cluster";

export type TestServer = RunningServer & { origin: string; databaseUrl: string; db: DatabaseHandle };

/** The real server, quiet (unless a test reads its log lines), on a free port of 127.0.0.1 that is also its public origin, with demo data. */
export async function startServerOn(databaseUrl: string, env: Record<string, string> = {}, logTo?: DestinationStream): Promise<RunningServer & { origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_ORIGIN: origin,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "silent",
    SEED_DEMO: "accounts",
    SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
    SHUTDOWN_GRACE_MS: "500",
    ...env,
  });
  return { ...(await startServer(config, createLogger(config.logLevel, logTo))), origin };
}

/** For one integration test file: the server on a database of its own cloned from the migrated template. */
export async function startTestServer(env: Record<string, string> = {}, logTo?: DestinationStream): Promise<TestServer> {
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl) throw new Error("TEST_PG_URL is not set: run through vitest's global setup or npm test");
  const databaseUrl = await cloneDatabase(adminUrl);
  const server = await startServerOn(databaseUrl, env, logTo);
  const db = await openDatabase({ url: databaseUrl, embeddedDir: "" });
  return {
    ...server,
    databaseUrl,
    db,
    async stop() {
      await db.close();
      await server.stop();
    },
  };
}

export type TestDatabase = { databaseUrl: string; db: DatabaseHandle; stop(): Promise<void> };

/**
 * For tests that drive the services with a clock of their own: a cloned database and no server. A server's job
 * runner would act on the same rows by the real clock (a settlement's deadline "passes" mid-test).
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl) throw new Error("TEST_PG_URL is not set: run through vitest's global setup or npm test");
  const databaseUrl = await cloneDatabase(adminUrl);
  const db = await openDatabase({ url: databaseUrl, embeddedDir: "" });
  return { databaseUrl, db, stop: () => db.close() };
}
