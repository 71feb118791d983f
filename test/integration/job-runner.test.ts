import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { jobs } from "../../db/schema";
import { parseConfig } from "../../server/config";
import { JobRunner, enqueueJob } from "../../server/jobs/runner";
import { createLogger } from "../../server/logger";
import { EventBus } from "../../server/services/events";
import { type TestDatabase, startTestDatabase } from "../support/test-server";

/**
 * Stopping the runner must leave nothing of it touching the database: the server closes its pool right after.
 * A poll caught mid-claim used to start the jobs it claimed after `stop()` had resolved, and a job whose failure
 * could not be recorded rejected with nobody listening (an unhandled rejection that failed the whole test run).
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(() => database?.stop());

function depsWith(db: Db, lines: string[] = []) {
  const config = parseConfig({ NODE_ENV: "test", DATABASE_URL: database.databaseUrl, LOG_LEVEL: "silent" });
  const log = createLogger("error", { write: (line: string) => void lines.push(line) });
  return { db, config, bus: new EventBus(), log, now: () => new Date() };
}

/** The real database, whose transactions wait at a gate the test opens. */
function gatedDb(real: Db) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const waiting = new Promise<void>((resolve) => (reached = resolve));
  const db = new Proxy(real, {
    get(target, key, receiver) {
      if (key !== "transaction") return Reflect.get(target, key, receiver);
      return async (...args: Parameters<Db["transaction"]>) => {
        reached();
        await gate;
        return target.transaction(...args);
      };
    },
  });
  return { db, open, waiting };
}

describe("job runner stop", () => {
  it("waits for a poll in flight and gives back the jobs it claimed instead of running them", async () => {
    const kind = `test:gated-${Date.now()}`;
    await enqueueJob(database.db.db, { kind, runAt: new Date(Date.now() - 1000) });
    const { db, open, waiting } = gatedDb(database.db.db);
    let ran = 0;
    const runner = new JobRunner(depsWith(db), { [kind]: async () => void ran++ });
    runner.start();
    await waiting;
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    open();
    await stopping;
    expect(ran).toBe(0);
    const [job] = await database.db.db.select().from(jobs).where(eq(jobs.kind, kind));
    expect(job).toMatchObject({ lockedUntil: null, attempts: 0, doneAt: null });
  });

  it("a job whose failure cannot be recorded is logged, never an unhandled rejection", async () => {
    const kind = `test:failing-${Date.now()}`;
    await enqueueJob(database.db.db, { kind, runAt: new Date(Date.now() - 1000) });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const real = database.db.db;
    // Updates fail as they do once the pool has ended; the claim (a transaction) still works.
    const db = new Proxy(real, {
      get(target, key, receiver) {
        if (key === "update") return () => ({ set: () => ({ where: () => Promise.reject(new Error("CONNECTION_ENDED")) }) });
        return Reflect.get(target, key, receiver);
      },
    });
    const lines: string[] = [];
    let ran = false;
    const runner = new JobRunner(depsWith(db, lines), {
      [kind]: async () => {
        ran = true;
        throw new Error("the work failed");
      },
    });
    try {
      runner.start();
      for (let i = 0; i < 100 && !lines.some((l) => l.includes("job failure not recorded")); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await runner.stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(ran).toBe(true);
    expect(lines.some((l) => l.includes("job failure not recorded"))).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
