import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { RunningServer } from "../../server/main";
import { cloneDatabase, dropDatabase, prepareTemplate } from "../support/databases";
import { type Cluster, startCluster } from "../support/pg-cluster";
import { startServerOn } from "../support/test-server";

/**
 * One real server for the whole end-to-end run, in this (the runner's) process, on a database of its own
 * with the demo organisations. Workers find it through E2E_BASE_URL. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "inherit" });

  let cluster: Cluster | undefined;
  let server: RunningServer | undefined;
  let databaseUrl: string | undefined;
  const adminUrl = process.env.TEST_PG_URL ?? (cluster = await startCluster()).url;

  const teardown = async () => {
    try {
      await server?.stop();
    } finally {
      if (cluster) cluster.stop();
      else if (databaseUrl) await dropDatabase(adminUrl, databaseUrl);
    }
  };

  try {
    await prepareTemplate(adminUrl);
    databaseUrl = await cloneDatabase(adminUrl, "ipx_e2e");
    const started = await startServerOn(databaseUrl, { SESSION_SECRET: "e2e-session-secret-long-enough-0123456789abcdef", SEED_DEMO: "always" });
    server = started;
    process.env.E2E_BASE_URL = started.origin;
    // Tests that must stage time (a lot ending within the test) reach the same database.
    process.env.E2E_DATABASE_URL = databaseUrl;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
