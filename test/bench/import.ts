import fs from "node:fs";
import { eq } from "drizzle-orm";
import { type Db, openDatabase } from "../../db/client";
import { importJobs, memberships, organisations, users } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo";
import { parseConfig } from "../../server/config";
import { permissionsFor } from "../../server/domain/permissions";
import { createLogger } from "../../server/logger";
import { buildServices } from "../../server/services";
import type { Principal } from "../../server/services/auth/principal";
import { EventBus } from "../../server/services/events";
import { TEMPLATE_DB, cloneDatabase, dropDatabase, prepareTemplate } from "../support/databases";
import { generateLoanBook } from "../support/loan-book-generator";
import { type Cluster, startCluster } from "../support/pg-cluster";

/**
 * `npm run bench:import`: a generated loan book of BENCH_ROWS rows (10,000 by default) through the real
 * ImportService, the code the "import:run" job runs, on PostgreSQL: the server at DATABASE_URL (in a
 * throwaway database of its own) or a throwaway cluster. Prints rows/s; writes reports/bench-import.json.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);

async function bankPrincipal(db: Db): Promise<Principal> {
  const [row] = await db
    .select({ user: users, org: organisations, role: memberships.role })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, "bank@demo.ipx.example"));
  if (!row) throw new Error("the demo bank is missing");
  return {
    user: { id: row.user.id, email: row.user.email, name: row.user.name },
    organisation: { id: row.org.id, name: row.org.name, kind: row.org.kind, verification: row.org.verification },
    role: row.role,
    permissions: permissionsFor({ kind: row.org.kind, role: row.role, verification: row.org.verification }),
    credential: { kind: "session", id: "bench", expiresAt: new Date(Date.now() + 3_600_000) },
  };
}

let cluster: Cluster | undefined;
const adminUrl = process.env.DATABASE_URL ?? (cluster = await startCluster()).url;
await prepareTemplate(adminUrl);
const url = await cloneDatabase(adminUrl, "ipx_bench");
const handle = await openDatabase({ url, embeddedDir: "" });
try {
  await seedDemo(handle.db);
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: url, LOG_LEVEL: "silent" });
  const services = buildServices({ db: handle.db, config, bus: new EventBus(), log: createLogger("silent"), now: () => new Date() });
  const principal = await bankPrincipal(handle.db);
  const book = generateLoanBook({ rows: ROWS });

  const measure = async (label: string) => {
    const created = await services.imports.create(principal, { kind: "loan_book", files: book.files });
    if (!created.ok) throw new Error(`import refused: ${created.code}`);
    const started = performance.now();
    const timings = await services.imports.runMeasured(created.id);
    const seconds = (performance.now() - started) / 1000;
    const [job] = await handle.db.select().from(importJobs).where(eq(importJobs.id, created.id));
    if (job?.status !== "done" || !timings) throw new Error(`import ${label} ended ${job?.status}: ${JSON.stringify(job?.errors).slice(0, 500)}`);
    const rowsPerSecond = Math.round(book.rows / seconds);
    const ms = (n: number) => `${Math.round(n)} ms`;
    console.log(
      `${label}: ${book.rows} rows in ${seconds.toFixed(2)} s = ${rowsPerSecond} rows/s ` +
        `(parse+validate ${ms(timings.parseMs)}, write ${ms(timings.writeMs)}, monitor ${ms(timings.evaluateMs)})`,
    );
    console.log(`  counts: ${JSON.stringify((job.summary as { counts: unknown }).counts)}`);
    return rowsPerSecond;
  };

  const first = await measure("first import (everything created)");
  await measure("same files again (everything unchanged)");
  fs.mkdirSync("reports", { recursive: true });
  fs.writeFileSync("reports/bench-import.json", `${JSON.stringify({ rows: book.rows, rowsPerSecond: first }, null, 2)}\n`);
  console.log(`\n${first} rows/s (target ≥ 2,000), written to reports/bench-import.json`);
} finally {
  await handle.close();
  if (cluster) cluster.stop();
  else {
    // On a server we did not start, leave nothing behind: the bench database and the template it came from.
    await dropDatabase(adminUrl, url);
    const template = new URL(adminUrl);
    template.pathname = `/${TEMPLATE_DB}`;
    await dropDatabase(adminUrl, template.toString());
  }
}
