import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createAdapter } from "@socket.io/postgres-adapter";
import { Pool } from "pg";
import { openDatabase } from "../db/client";
import { DEMO_PASSWORD, demoLoginLines, isEmpty, seedDemo } from "../db/seed/demo";
import { seedDemoBidders } from "../db/seed/demo-bidders";
import { seedDemoBook } from "../db/seed/demo-book";
import { seedDemoFollowing } from "../db/seed/demo-following";
import { seedDemoMoney } from "../db/seed/demo-money";
import { seedDemoListings } from "../db/seed/demo-listings";
import { seedDemoDataRoom } from "../db/seed/demo-data-room";
import { type Config, DERIVED_TENDER_KEY_WARNING } from "./config";
import { createHttpApp } from "./http/app";
import { sameOrigins } from "./http/security";
import { jobHandlers, scheduleRecurring } from "./jobs/handlers";
import { JobRunner } from "./jobs/runner";
import type { Logger } from "./logger";
import { attachGateway } from "./realtime/gateway";
import { type Services, buildServices } from "./services";
import type { ServiceDeps } from "./services/context";
import { EventBus } from "./services/events";

export type RunningServer = { url: string; port: number; stop(): Promise<void> };

/** Composition: database → migrations → (demo data) → services → Express + Socket.IO on one http.Server. */
export async function startServer(config: Config, log: Logger, options: { build?: ServerBuild; now?: () => Date } = {}): Promise<RunningServer> {
  const now = options.now ?? (() => new Date());
  if (config.tenderKeyDerived) log.warn(DERIVED_TENDER_KEY_WARNING);
  const database = await openDatabase({ url: config.databaseUrl, embeddedDir: config.embeddedDbDir });
  try {
    await database.migrate(path.resolve(config.migrationsDir));
  } catch (error) {
    await database.close();
    throw error;
  }

  const deps = { db: database.db, config, bus: new EventBus(), log, now };
  // Services wake the runner after queueing work; the runner is built from the services (called only later).
  const services = buildServices(deps, { wakeJobs: () => runner.wake() });
  const runner = new JobRunner(deps, jobHandlers(deps, services));
  try {
    await maybeSeed(config, log, database.kind, services, deps);
    await scheduleRecurring(deps);
  } catch (error) {
    await database.close();
    throw error;
  }
  const build = options.build ?? ((await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild);
  const server = http.createServer(createHttpApp({ config, log, services, build }));
  // Several processes on one PostgreSQL share room broadcasts through it; the embedded database serves one process.
  const adapterPool = database.kind === "postgres" && config.databaseUrl ? new Pool({ connectionString: config.databaseUrl, max: 4, application_name: "ipx-socket.io" }) : null;
  adapterPool?.on("error", (error) => log.warn({ err: error }, "socket.io adapter pool error"));
  const gateway = attachGateway(server, {
    services,
    publicOrigin: config.publicOrigin,
    origins: sameOrigins(config),
    eventsPerSecond: config.socketEventsPerSecond,
    log,
    now,
    adapter: adapterPool ? createAdapter(adapterPool) : undefined,
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  runner.start();
  // Lots that ended while no process ran close now, not at the sweeper's next turn.
  void services.bids.sweep().catch((error: unknown) => log.error({ err: error }, "start-up lot sweep failed"));
  log.info({ port, database: database.kind, origin: config.publicOrigin }, `IP Collateral Exchange listening. Open ${config.publicOrigin}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, tell sockets to go, let in-flight requests finish (bounded), then close the database.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.stop();
      await services.bids.stop();
      // Socket.IO's close waits for the HTTP server, so it is bounded by the same grace as any slow client.
      const socketsClosed = gateway.close();
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref());
      await Promise.race([Promise.all([closed, socketsClosed]), grace]);
      server.closeAllConnections();
      await Promise.all([closed, socketsClosed]);
      // The adapter's LISTEN client may still be connecting (a stop right after start): its pool's end would then
      // wait forever (@socket.io/postgres-adapter 0.5.0 releases it only once set up), so it too gets the grace.
      if (adapterPool) await Promise.race([adapterPool.end(), new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref())]);
      await database.close();
      log.info("stopped");
    })());
  return { url: `http://127.0.0.1:${port}`, port, stop };
}

async function maybeSeed(config: Config, log: Logger, kind: "postgres" | "embedded", services: Services, deps: ServiceDeps) {
  const wanted = config.seedDemo === "always" || config.seedDemo === "accounts" || (config.seedDemo === "auto" && kind === "embedded");
  if (!wanted || !(await isEmpty(deps.db))) return;
  await seedDemo(deps.db);
  if (config.seedDemo !== "accounts") {
    await seedDemoBook(deps.db, services, deps.now());
    await seedDemoListings(deps.db, services, deps.now());
    await seedDemoBidders(deps.db, services);
    await seedDemoDataRoom(deps.db, services);
    await seedDemoFollowing(deps.db, services);
    await seedDemoMoney(deps.db, services, deps.now());
  }
  log.info(
    { password: DEMO_PASSWORD, logins: demoLoginLines() },
    `Demo data loaded. Sign in with any of these e-mails and the password ${DEMO_PASSWORD}`,
  );
  if (config.logLevel !== "silent") for (const line of demoLoginLines()) process.stdout.write(`  demo login: ${line}\n`);
}
