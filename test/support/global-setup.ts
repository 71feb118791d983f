import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { prepareTemplate } from "./databases";
import { type Cluster, startCluster } from "./pg-cluster";

/**
 * Integration tests run on real PostgreSQL: the cluster `npm test` started (TEST_PG_URL), or one of our
 * own for a direct `vitest` run. Pages need the Remix build.
 */
export default async function setup() {
  let cluster: Cluster | undefined;
  if (!process.env.TEST_PG_URL) {
    cluster = await startCluster();
    process.env.TEST_PG_URL = cluster.url;
  }
  await prepareTemplate(process.env.TEST_PG_URL);
  if (!fs.existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "inherit" });
  return () => cluster?.stop();
}
